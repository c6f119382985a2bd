import Foundation
import Testing

@testable import DistillScanKit

@Suite struct WriterBehaviourTests {
  static func text(_ id: String, _ report: ScanReport = SampleReports.standard(), _ o: ReportOptions = ReportOptions()) -> String {
    String(decoding: ReportWriters.writer(id: id)!.render(report, options: o), as: UTF8.self)
  }

  @Test func registryHasEveryFormatWithItsFileName() {
    let names = Dictionary(uniqueKeysWithValues: ReportWriters.all.map { ($0.id, $0.fileName) })
    #expect(names == [
      "json": "report.json", "jsonl": "accounts.jsonl", "csv": "incidents.csv", "md": "report.md", "html": "report.html",
      "ocsf": "findings.ocsf.jsonl",
    ])
  }

  /// --top/--min-severity limit what people see (md, html, csv, terminal), never machine outputs.
  @Test func topAndMinSeverityLimitPeopleFacingOutputsOnly() throws {
    var o = ReportOptions()
    o.top = 3
    o.minSeverity = .high
    let report = SampleReports.standard()
    // csv: header + critical + high
    #expect(Self.text("csv", report, o).split(separator: "\r\n").count == 3)
    let md = Self.text("md", report, o)
    #expect(md.contains("## 1. `acct-7f3a9c`") && md.contains("## 2. `cluster:1"))
    #expect(!md.contains("studyhelper-prod") && !md.contains("research-lab-22"))
    #expect(md.contains("showing 2 of 4 incidents (--min-severity high, --top 3)"))
    let html = Self.text("html", report, o)
    #expect(html.contains("id=\"inc-2\"") && !html.contains("id=\"inc-3\""))
    let term = TerminalSummary.render(report, options: o)
    #expect(!term.contains("research-lab-22") && term.contains("cluster:1"))
    // Machines get everything.
    #expect(Self.text("jsonl", report, o).split(separator: "\n").count == report.accounts.count)
    #expect(Self.text("ocsf", report, o).split(separator: "\n").count == 4)
    let json = try JSONValue.parse(Self.text("json", report, o))
    #expect(json["incidents"]?.array?.count == 4)
    o.top = 1
    o.minSeverity = nil
    #expect(Self.text("csv", report, o).split(separator: "\r\n").count == 2)
  }

  @Test func terminalDefaultsToTopTen() {
    var report = SampleReports.standard()
    let base = report.incidents[3]
    report.incidents = (1...15).map { i in
      var inc = base
      inc.rank = i
      inc.subject = "acct-\(i)"
      return inc
    }
    let out = TerminalSummary.render(report, options: ReportOptions())
    #expect(out.contains("acct-10") && !out.contains("acct-11 "))
    #expect(out.contains("showing 10 of 15 incidents (--top 10)"))
  }

  @Test func emptyReportsSayNoIncidents() throws {
    let r = SampleReports.empty()
    #expect(Self.text("md", r).contains("No incidents."))
    #expect(Self.text("html", r).contains("id=\"no-incidents\""))
    #expect(Self.text("csv", r) == CSVReportWriter.columns.joined(separator: ",") + "\r\n")
    #expect(Self.text("ocsf", r).isEmpty)
    #expect(TerminalSummary.render(r, options: ReportOptions()) == "No incidents among 2 accounts.\n")
    #expect(try JSONValue.parse(Self.text("json", r))["incidents"]?.array?.isEmpty == true)
  }

  @Test func markdownExplainsWhyWithNumbers() {
    let md = Self.text("md")
    #expect(md.contains("- **logit-harvest** (Logit harvesting, parameters) — 0.97: 412 distinct logit\\_bias token ids"))
    #expect(md.contains("distinct\\_bias\\_tokens = 412 (threshold 50, peer p99.99)"))
    #expect(md.contains("Not evaluated (fields missing from the logs): `paraphrase`"))
    #expect(md.contains("Request `req-lh-0001`"))
    #expect(md.contains("- `hydra-04` — template:9e01b2aa, payment:card-bin-4242, timing"))
    #expect(md.contains("### Next steps"))
  }

  @Test func htmlHasChartsFiltersAndCSP() {
    let html = Self.text("html")
    #expect(html.components(separatedBy: "class=\"chart score-chart\"").count - 1 == 4)
    #expect(html.components(separatedBy: "class=\"chart timeline-chart\"").count - 1 == 3, "research-lab-22 has no timeline")
    #expect(html.contains("<nav id=\"controls\" hidden"), "filters hidden until the script runs")
    #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"))
    #expect(html.contains("<span class=\"slot\">&lt;QUOTE&gt;</span>"))
    #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="), "no external resources")
  }

  @Test func templateSlotsAreHighlightedButEscaped() {
    #expect(HTMLReportWriter.templateHTML("a <NUM> b <*> <script>") == "a <span class=\"slot\">&lt;NUM&gt;</span> b <span class=\"slot\">&lt;*&gt;</span> &lt;script&gt;")
    #expect(HTMLReportWriter.templateHTML("<A\"B>") == "&lt;A&quot;B&gt;")
  }

  @Test func presentationFormatting() {
    typealias P = ReportPresentation
    #expect(P.fixed(0.9712, 2) == "0.97")
    #expect(P.fixed(0.9, 2) == "0.90")
    #expect(P.fixed(-0.004, 2) == "0.00")
    #expect(P.grouped(1_234_567) == "1,234,567")
    #expect(P.grouped(-1000) == "-1,000")
    #expect(P.bytes(999) == "999 B")
    #expect(P.bytes(2_913_004_512) == "2.9 GB")
    #expect(P.bytes(412_331_008) == "412 MB")
    #expect(P.time(SampleReports.t0 + 61.5) == "2026-02-14 00:01:01Z")
    #expect(P.span(0, 90_000) == "1d 1h")
    #expect(P.percentile(99.99) == "p99.99")
    #expect(P.percentile(42.04) == "p42")
  }
}
