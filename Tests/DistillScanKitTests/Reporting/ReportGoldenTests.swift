import Testing

@testable import DistillScanKit

/// Same input and configuration → byte-identical output (the run timestamp is pinned with
/// `fixedTimestamp`). One golden file per writer and case under Goldens/<case>/<file name>.
@Suite struct ReportGoldenTests {
  static func options(redact: Bool = false, top: Int? = nil, minSeverity: Severity? = nil, color: Bool = false) -> ReportOptions {
    var o = ReportOptions()
    o.fixedTimestamp = true
    o.redact = redact
    o.top = top
    o.minSeverity = minSeverity
    o.color = color
    return o
  }

  static let cases: [(String, ScanReport, ReportOptions)] = [
    ("sample", SampleReports.standard(), options()),
    ("empty", SampleReports.empty(), options()),
    ("sample-redacted-top2-medium", SampleReports.standard(), options(redact: true, top: 2, minSeverity: .medium)),
  ]

  @Test(arguments: ReportWriters.all.map(\.id))
  func writerMatchesGoldens(_ id: String) throws {
    let writer = try #require(ReportWriters.writer(id: id))
    for (name, report, options) in Self.cases {
      Golden.check(writer.render(report, options: options), "\(name)/\(writer.fileName)")
    }
  }

  @Test func terminalSummaryMatchesGoldens() {
    for (name, report, options) in Self.cases {
      Golden.check(Array(TerminalSummary.render(report, options: options).utf8), "\(name)/terminal.txt")
    }
    Golden.check(Array(TerminalSummary.render(SampleReports.standard(), options: Self.options(color: true)).utf8), "sample/terminal-color.txt")
  }

  /// Only the run timestamp (and the elapsed time) may differ between two runs on the same input.
  @Test(arguments: ReportWriters.all.map(\.id))
  func onlyTheTimestampVaries(_ id: String) throws {
    let writer = try #require(ReportWriters.writer(id: id))
    var a = SampleReports.standard()
    var b = SampleReports.standard()
    a.generatedAt = 1_800_000_000
    b.generatedAt = 1_800_000_000
    b.elapsedSeconds = a.elapsedSeconds
    #expect(writer.render(a, options: ReportOptions()) == writer.render(b, options: ReportOptions()))
    b.generatedAt += 3600
    let ra = writer.render(a, options: ReportOptions())
    let rb = writer.render(b, options: ReportOptions())
    if id != "jsonl" && id != "csv" {  // row-only formats carry no run timestamp
      #expect(ra != rb, "the run timestamp should appear in \(writer.fileName)")
    }
    let fixed = Self.options()
    var c = a
    c.generatedAt += 86_400
    c.elapsedSeconds += 12
    #expect(writer.render(a, options: fixed) == writer.render(c, options: fixed))
  }
}
