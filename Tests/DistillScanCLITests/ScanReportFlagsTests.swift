import ArgumentParser
import DistillScanKit
import Foundation
import Testing

@testable import distillscan

@Suite struct ScanReportFlagsTests {
  @Test func parsesAutomationFlags() throws {
    let s = try Scan.parse(["logs/", "--fail-on", "high", "--top", "5", "--min-severity", "medium", "--report", "all"])
    #expect(s.output.failOn == .high)
    #expect(s.output.top == 5)
    #expect(s.output.minSeverity == .medium)
    #expect(s.output.reportList == ReportWriters.ids)
    let d = try Scan.parse(["logs/"])
    #expect(d.output.reportList == ["json", "jsonl", "md", "html"])
    #expect(d.output.failOn == nil && d.output.top == nil && d.output.minSeverity == nil)
  }

  @Test func rejectsBadValues() {
    #expect(throws: (any Error).self) { try Scan.parse(["x", "--fail-on", "urgent"]) }
    #expect(throws: (any Error).self) { try Scan.parse(["x", "--min-severity", "HIGHEST"]) }
    #expect(throws: (any Error).self) { try Scan.parse(["x", "--top", "0"]) }
    #expect(throws: (any Error).self) { try Scan.parse(["x", "--report", "json,pdf"]) }
    // `merge` shares the output options and their checks.
    #expect(throws: (any Error).self) { try Merge.parse(["a.dsp", "--top", "0"]) }
    #expect(throws: (any Error).self) { try Merge.parse(["a.dsp", "--report", "json,pdf"]) }
    #expect((try? Merge.parse(["a.dsp", "--fail-on", "high"]))?.output.failOn == .high)
  }

  @Test func severityIsAnArgument() {
    #expect(Severity(argument: "critical") == .critical)
    #expect(Severity(argument: "nope") == nil)
    #expect(Severity.allValueStrings == ["info", "low", "medium", "high", "critical"])
  }

  static func incident(_ sev: Severity) -> Incident {
    Incident(
      id: "acct:a", kind: .account, subject: "a", members: ["a"], rank: 1, score: 0.5, severity: sev, impact: 1, requests: 1,
      outputTokens: 1, firstSeen: nil, lastSeen: nil, models: [:], signals: [], templates: [], exemplars: [], timeline: nil,
      linked: [], recommendation: "")
  }

  @Test func failOnIsAtOrAbove() {
    let list = [Self.incident(.low), Self.incident(.high)]
    #expect(Scan.shouldFail(list, failOn: .high))
    #expect(Scan.shouldFail(list, failOn: .medium))
    #expect(!Scan.shouldFail(list, failOn: .critical))
    #expect(!Scan.shouldFail(list, failOn: nil))
    #expect(!Scan.shouldFail([], failOn: .info))
    #expect(ExitStatus.findings.rawValue == 1)
  }

  @Test func colourOnlyOnATerminalWithoutNoColor() {
    #expect(Scan.useColor(isTTY: true, noColor: nil))
    #expect(!Scan.useColor(isTTY: true, noColor: "1"))
    #expect(Scan.useColor(isTTY: true, noColor: ""), "no-color.org: an empty NO_COLOR does not count")
    #expect(!Scan.useColor(isTTY: false, noColor: nil))
  }

  // MARK: The built binary

  static var binary: URL? {
    // The test bundle sits next to the products in .build/<config>/.
    var dir = Bundle.main.bundleURL
    for _ in 0..<3 {
      let candidate = dir.appendingPathComponent("distillscan")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return nil
  }

  static func run(_ args: [String], env: [String: String] = [:]) throws -> (status: Int32, stdout: String) {
    let p = Process()
    let bin: URL = try #require(Self.binary, "distillscan binary not found next to the tests")
    p.executableURL = bin
    p.arguments = args
    var e = ProcessInfo.processInfo.environment
    for (k, v) in env { e[k] = v }
    p.environment = e
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test func scanWritesEveryReportAndPrintsTheSummary() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("distillscan-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let input = dir.appendingPathComponent("in.jsonl")
    let lines = (0..<5).map { i in
      "{\"v\":\"ds1\",\"ts\":\"2026-02-14T09:3\(i):07Z\",\"account\":\"acct-\(i % 2)\",\"request_id\":\"r\(i)\",\"prompt\":\"hello \(i)\"}"
    }
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
    let out = dir.appendingPathComponent("out")
    let r = try Self.run(["scan", input.path, "--out", out.path, "--report", "all", "--fail-on", "critical", "-q"], env: ["NO_COLOR": "1"])
    #expect(r.status == 0, "no incident at or above critical")
    #expect(!r.stdout.contains("\u{1B}"), "no colour when stdout is a pipe")
    #expect(r.stdout.contains("among 2 accounts"))
    let files = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
    #expect(files == ["report.json", "accounts.jsonl", "incidents.csv", "report.md", "report.html", "findings.ocsf.jsonl"])

    let bad = try Self.run(["scan", input.path, "--fail-on", "urgent"])
    #expect(bad.status == ExitStatus.usage.rawValue)
  }
}
