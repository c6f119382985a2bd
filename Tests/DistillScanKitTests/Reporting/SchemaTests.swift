import Foundation
import Testing

@testable import DistillScanKit

/// Every machine-readable report we write validates against the JSON Schema shipped in docs/.
/// The validator is ours (SchemaValidator.swift) and refuses keywords it does not implement.
@Suite struct SchemaTests {
  static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs")

  static func schema(_ name: String) throws -> SchemaValidator {
    let data = try #require(FileManager.default.contents(atPath: docs.appendingPathComponent(name).path), "docs/\(name) missing")
    return SchemaValidator(root: try JSONValue.parse(Array(data)))
  }

  static let reports: [(String, ScanReport)] = [
    ("sample", SampleReports.standard()), ("empty", SampleReports.empty()), ("hostile", SampleReports.hostileReport()),
    ("scanned-fixtures", scannedFixtures()),
  ]

  /// A real report: the committed fixture corpus (all three formats) scanned and scored, so the
  /// schema also holds for what the scorer produces, not only for hand-built reports.
  static func scannedFixtures() -> ScanReport {
    var config = ScanConfiguration()
    config.inputs = (try? InputDiscovery.expand([docs.deletingLastPathComponent().appendingPathComponent("Fixtures/corpus").path])) ?? []
    config.workers = 2
    return Scorer.buildReport(ScanPipeline.run(config), config: config, now: 1_771_000_000)
  }

  static func optionSets() -> [ReportOptions] {
    var fixed = ReportOptions()
    fixed.fixedTimestamp = true
    var redacted = ReportOptions()
    redacted.redact = true
    redacted.top = 1
    return [ReportOptions(), fixed, redacted]
  }

  @Test(arguments: ["report.schema.json", "accounts.schema.json", "ocsf-finding.schema.json"])
  func schemaUsesOnlyImplementedKeywords(_ name: String) throws {
    let v = try Self.schema(name)
    #expect(v.unsupportedKeywords().isEmpty, "\(v.unsupportedKeywords())")
    #expect(v.root["$schema"]?.string == "https://json-schema.org/draft/2020-12/schema")
  }

  @Test func scannedFixtureReportIsNotEmpty() {
    let r = Self.reports.first { $0.0 == "scanned-fixtures" }!.1
    #expect(r.input.accepted > 10_000)
    #expect(!r.incidents.isEmpty)
    #expect(r.accounts.count >= 200)
  }

  @Test func reportJSONValidates() throws {
    let v = try Self.schema("report.schema.json")
    for (name, report) in Self.reports {
      for o in Self.optionSets() {
        let doc = try JSONValue.parse(JSONReportWriter().render(report, options: o))
        let errors = v.validate(doc)
        #expect(errors.isEmpty, "\(name): \(errors.prefix(10))")
        #expect(doc["schema_version"]?.string == reportSchemaVersion)
      }
    }
  }

  @Test func accountsJSONLValidates() throws {
    let v = try Self.schema("accounts.schema.json")
    for (name, report) in Self.reports {
      let text = String(decoding: AccountsJSONLWriter().render(report, options: ReportOptions()), as: UTF8.self)
      let lines = text.split(separator: "\n")
      #expect(lines.count == report.accounts.count, "one line per account")
      for line in lines {
        let errors = v.validate(try JSONValue.parse(String(line)))
        #expect(errors.isEmpty, "\(name): \(errors.prefix(10))")
      }
    }
  }

  @Test func ocsfFindingsValidate() throws {
    let v = try Self.schema("ocsf-finding.schema.json")
    for (name, report) in Self.reports {
      for o in Self.optionSets() {
        let text = String(decoding: OCSFFindingsWriter().render(report, options: o), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == report.incidents.count, "one finding per incident, whatever --top")
        for line in lines {
          let errors = v.validate(try JSONValue.parse(String(line)))
          #expect(errors.isEmpty, "\(name): \(errors.prefix(10))")
        }
      }
    }
  }

  /// The validator really rejects: a schema test that cannot fail proves nothing.
  @Test func validatorRejectsBrokenReports() throws {
    let v = try Self.schema("report.schema.json")
    let good = String(decoding: JSONReportWriter().render(SampleReports.standard(), options: ReportOptions()), as: UTF8.self)
    let broken = [
      good.replacingOccurrences(of: "\"severity\":\"critical\"", with: "\"severity\":\"urgent\""),
      good.replacingOccurrences(of: "\"schema_version\":\"\(reportSchemaVersion)\",", with: ""),
      good.replacingOccurrences(of: "\"requests\":48210", with: "\"requests\":\"48210\""),
      good.replacingOccurrences(of: "\"first_seen\":\"2026-02-14T06:00:00.000Z\"", with: "\"first_seen\":\"yesterday\""),
      good.replacingOccurrences(of: "\"recommendation\":", with: "\"surprise\":1,\"recommendation\":"),
      good.replacingOccurrences(of: "\"malformed_json\":112", with: "\"gremlins\":112"),
      good.replacingOccurrences(of: "\"score\":0.9712", with: "\"score\":1.5"),
    ]
    for (i, b) in broken.enumerated() {
      #expect(b != good, "mutation \(i) did not apply")
      #expect(!v.validate(try JSONValue.parse(b)).isEmpty, "mutation \(i) was accepted")
    }
  }

  /// A new reject reason must be added to the schema (scripts key on these names).
  @Test func schemaListsEveryRejectReason() throws {
    let v = try Self.schema("report.schema.json")
    let names = v.root["properties"]?["input"]?["properties"]?["rejected"]?["propertyNames"]?["enum"]?.array?.compactMap(\.string)
    #expect(Set(names ?? []) == Set(RejectReason.allCases.map(\.rawValue)))
  }

  /// Keys that scripts rely on stay where they are.
  @Test func stableKeysArePresent() throws {
    let doc = try JSONValue.parse(JSONReportWriter().render(SampleReports.standard(), options: ReportOptions()))
    for k in ["files", "bytes_compressed", "bytes", "lines", "accepted", "rejected"] { #expect(doc["input"]?[k] != nil, "input.\(k)") }
    let line = String(decoding: AccountsJSONLWriter().render(SampleReports.standard(), options: ReportOptions()), as: UTF8.self).split(separator: "\n")[0]
    let acc = try JSONValue.parse(String(line))
    for k in ["account", "requests", "score", "severity", "signals", "cluster"] { #expect(acc[k] != nil, "accounts.jsonl \(k)") }
    let clusters = try #require(doc["clusters"]?.array)
    #expect(clusters.count == 1)
    #expect(clusters[0]["incident"]?.string == "cluster:1")
    #expect(clusters[0]["members"]?.array?.count == 6)
  }
}
