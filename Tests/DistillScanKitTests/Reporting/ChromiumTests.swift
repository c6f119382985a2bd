import Foundation
import Testing

@testable import DistillScanKit

/// Renders report.html in a real browser (headless Chromium) and inspects the DOM after the script
/// ran. Skipped, with the reason shown, when chromium is not installed (CI: apt-get install chromium).
@Suite(.serialized) struct ChromiumTests {
  static let browser: String? = {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
      for name in ["chromium", "chromium-browser", "google-chrome"] {
        let p = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
      }
    }
    return nil
  }()

  struct Rendered {
    var dom: String
    var log: String
  }

  /// Writes the report to a temp dir and runs `chromium --headless --dump-dom` on it.
  static func render(_ report: ScanReport, fragment: String = "") throws -> Rendered {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("distillscan-chromium-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("report.html")
    try Data(HTMLReportWriter().render(report, options: ReportOptions())).write(to: file)

    let p = Process()
    p.executableURL = URL(fileURLWithPath: try #require(browser))
    p.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
      "--user-data-dir=\(dir.appendingPathComponent("profile").path)", "--enable-logging=stderr", "--v=0",
      "--dump-dom", "file://\(file.path)\(fragment)",
    ]
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read both pipes concurrently-enough: stdout first (the DOM), then stderr; chromium's stderr
    // output is small, so it cannot fill the pipe and block the process.
    let dom = out.fileHandleForReading.readDataToEndOfFile()
    let log = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Rendered(dom: String(decoding: dom, as: UTF8.self), log: String(decoding: log, as: UTF8.self))
  }

  static func count(_ s: String, _ needle: String) -> Int { s.components(separatedBy: needle).count - 1 }

  /// Console errors and CSP violations that chromium logs with --enable-logging.
  static func consoleErrors(_ log: String) -> [String] {
    log.split(separator: "\n").map(String.init).filter {
      $0.contains("CONSOLE") && ($0.contains("Uncaught") || $0.contains("Error")) || $0.contains("Refused to")
    }
  }

  @Test(.enabled(if: browser != nil, "chromium not installed: apt-get install -y chromium"))
  func sampleReportRendersWithChartsAndRunsItsScript() throws {
    let r = try Self.render(SampleReports.standard())
    let ready = r.dom.contains("data-ready=\"1\"")
    #expect(ready, "the script ran to the end without errors")
    #expect(Self.consoleErrors(r.log).isEmpty, "\(Self.consoleErrors(r.log))")
    #expect(Self.count(r.dom, "<article class=\"incident") == 4)
    #expect(Self.count(r.dom, "class=\"chart score-chart\"") == 4)
    #expect(Self.count(r.dom, "class=\"chart timeline-chart\"") == 3)
    #expect(Self.count(r.dom, "<rect ") >= 14, "one bar per fingerprint result")
    for section in ["class=\"evidence\"", "class=\"templates\"", "class=\"exemplars\"", "class=\"linked\"", "class=\"recommendation\"", "id=\"input\"", "id=\"rejected\""] {
      #expect(r.dom.contains(section), "\(section) missing from the DOM")
    }
    #expect(r.dom.contains("<nav id=\"controls\" aria-label"), "controls un-hidden by the script")
    #expect(r.dom.contains("4 of 4 incidents shown"))
    #expect(r.dom.contains("req-lh-0001") && r.dom.contains("hydra-04"))
  }

  @Test(.enabled(if: browser != nil, "chromium not installed: apt-get install -y chromium"))
  func filtersFromTheFragmentHideAndSort() throws {
    let r = try Self.render(SampleReports.standard(), fragment: "#sev=high&sort=requests")
    #expect(r.dom.contains("data-ready=\"1\""))
    #expect(r.dom.contains("2 of 4 incidents shown"))
    #expect(r.dom.contains("<article class=\"incident sev-border-medium\" id=\"inc-3\" data-rank=\"3\" hidden"))
    #expect(r.dom.contains("<tr id=\"row-4\" hidden"))
    // Sorted by requests: the cluster (61,800) now comes before rank 1 (48,210).
    let a = try #require(r.dom.range(of: "id=\"row-2\""))
    let b = try #require(r.dom.range(of: "id=\"row-1\""))
    #expect(a.lowerBound < b.lowerBound)
    let q = try Self.render(SampleReports.standard(), fragment: "#q=hydra-05")
    #expect(q.dom.contains("1 of 4 incidents shown"))
  }

  @Test(.enabled(if: browser != nil, "chromium not installed: apt-get install -y chromium"))
  func hostileReportStaysInert() throws {
    let r = try Self.render(SampleReports.hostileReport())
    let ready = r.dom.contains("data-ready=\"1\"")
    #expect(ready, "hostile data did not break the script")
    #expect(Self.consoleErrors(r.log).isEmpty, "\(Self.consoleErrors(r.log))")
    #expect(Self.count(r.dom.lowercased(), "<script") == 2, "no injected script elements")
    #expect(!r.dom.contains("<img") && !r.dom.contains("<svg onload") && !r.dom.contains("<b>bold"), "no injected elements")
    #expect(Self.count(r.dom, "<article class=\"incident") == SampleReports.hostile.count)
  }
}
