import Foundation
import Testing

@testable import DistillScanKit

/// Verdicts: recorded, the latest wins, shown in history and in later reports.
@Suite struct VerdictTests {
  typealias F = StoreFixture

  @Test func subjectsAreIncidentIds() {
    #expect(Verdict.normalizedSubject("acct-1") == "acct:acct-1")
    #expect(Verdict.normalizedSubject("acct:acct-1") == "acct:acct-1")
    #expect(Verdict.normalizedSubject("cluster:cluster-ab12") == "cluster:cluster-ab12")
  }

  @Test func theLatestVerdictIsCurrentAndHistoryKeepsAll() throws {
    let store = try F.store()
    try store.record(
      F.report(at: 10, incidents: [F.incident("cluster:cluster-1", .high, 0.8, rank: 1, members: ["a", "b"])],
        accounts: [F.account("a", 0.8, cluster: "cluster-1"), F.account("b", 0.7, cluster: "cluster-1")]),
      run: RunInfo(inputs: []), manifest: [])
    #expect(try store.knowsSubject("acct:a") && store.knowsSubject("cluster:cluster-1"))
    #expect(try !store.knowsSubject("acct:zzz"))
    try store.setVerdict(Verdict(subject: "acct:a", kind: .investigating, note: nil, analyst: "ana", at: 20))
    try store.setVerdict(Verdict(subject: "acct:a", kind: .confirmed, note: "SEC-1", analyst: "bo", at: 30))
    try store.setVerdict(Verdict(subject: "cluster:cluster-1", kind: .confirmed, note: nil, analyst: nil, at: 40))
    let current = try store.currentVerdicts()
    #expect(current["acct:a"]?.kind == .confirmed && current["acct:a"]?.note == "SEC-1")
    #expect(current.count == 2)
    // History of a member lists its own verdicts and its cluster's, oldest first.
    let h = try store.history(account: "a")
    #expect(h.verdicts.map(\.kind) == [.investigating, .confirmed, .confirmed])
    #expect(h.verdicts.map(\.subject) == ["acct:a", "acct:a", "cluster:cluster-1"])
    #expect(CaseStoreOutput.historyText(h).contains("\"SEC-1\""))
    // The investigate card of a cluster member is its cluster's.
    #expect(try store.investigate(account: "b").incident?.id == "cluster:cluster-1")
  }

  @Test func aVerdictIsShownInReportJSONTheTerminalAndMarkdown() throws {
    var report = F.report(at: 10, incidents: [F.incident("acct:a", .high, 0.8, rank: 1), F.incident("acct:b", .low, 0.3, rank: 2)], accounts: [])
    let plain = TerminalSummary.render(report, options: ReportOptions())
    #expect(!plain.contains("VERDICT"))
    let withoutJSON = String(decoding: JSONReportWriter().render(report, options: ReportOptions()), as: UTF8.self)
    #expect(!withoutJSON.contains("\"verdict\""))

    report.incidents[0].verdict = Verdict(subject: "acct:a", kind: .falsePositive, note: "pentest \u{1B}[2J", analyst: "ana", at: 20)
    let table = TerminalSummary.render(report, options: ReportOptions())
    #expect(table.contains("VERDICT"))
    #expect(table.split(separator: "\n").first { $0.contains(" a ") || $0.hasSuffix(" a") || $0.contains("  a  ") }?.contains("false-positive") == true)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(JSONReportWriter().render(report, options: ReportOptions()))) as? [String: Any])
    let incidents = try #require(doc["incidents"] as? [[String: Any]])
    #expect((incidents[0]["verdict"] as? [String: Any])?["verdict"] as? String == "false-positive")
    #expect(incidents[1]["verdict"] == nil)
    let md = String(decoding: MarkdownReportWriter().render(report, options: ReportOptions()), as: UTF8.self)
    #expect(md.contains("Verdict: **false-positive**"))
    #expect(!md.contains("\u{1B}"))
    let html = String(decoding: HTMLReportWriter().render(report, options: ReportOptions()), as: UTF8.self)
    #expect(html.contains("verdict-false-positive") && html.contains("pentest"))
    #expect(!html.contains("\u{1B}"), "analyst text is escaped like log text")
    let htmlPlain = String(decoding: HTMLReportWriter().render(F.report(at: 10, incidents: [F.incident("acct:a", .high, 0.8, rank: 1)], accounts: []), options: ReportOptions()), as: UTF8.self)
    #expect(!htmlPlain.contains("class=\"verdict "))

    // And the schema (strict) accepts it.
    let v = try SchemaTests.schema("report.schema.json")
    let errors = v.validate(try JSONValue.parse(JSONReportWriter().render(report, options: ReportOptions())))
    #expect(errors.isEmpty, "\(errors.prefix(5))")
  }

  @Test func theStoredCardHasNoVerdictButLaterReportsDo() throws {
    let store = try F.store()
    var report = F.report(at: 10, incidents: [F.incident("acct:a", .high, 0.8, rank: 1)], accounts: [F.account("a", 0.8)])
    report.incidents[0].verdict = Verdict(subject: "acct:a", kind: .benign, note: nil, analyst: nil, at: 1)
    try store.record(report, run: RunInfo(inputs: []), manifest: [])
    let card = try #require(try store.investigate(account: "a").incident?.card)
    #expect(!card.contains("\"verdict\""))
  }
}
