import Foundation
import Testing

@testable import DistillScanKit

/// `diff`: new, resolved and re-rated incidents and score moves between two runs.
@Suite struct RunDiffTests {
  typealias F = StoreFixture

  /// Night 1: A high, B medium, C low. Night 2: A critical, C low, D medium (B gone).
  func twoNights() throws -> CaseStore {
    let store = try F.store()
    let night1 = F.report(
      at: 1_771_027_200,
      incidents: [F.incident("acct:a", .high, 0.7, rank: 1), F.incident("acct:b", .medium, 0.5, rank: 2), F.incident("acct:c", .low, 0.3, rank: 3)],
      accounts: [F.account("a", 0.7), F.account("b", 0.5), F.account("c", 0.3), F.account("d", 0.1), F.account("e", 0.05)])
    let night2 = F.report(
      at: 1_771_113_600,
      incidents: [F.incident("acct:a", .critical, 0.9, rank: 1), F.incident("acct:d", .medium, 0.5, rank: 2), F.incident("acct:c", .low, 0.32, rank: 3)],
      accounts: [F.account("a", 0.9), F.account("b", 0.15), F.account("c", 0.32), F.account("d", 0.5), F.account("f", 0.9)])
    try store.record(night1, run: RunInfo(inputs: ["n1"]), manifest: [])
    try store.record(night2, run: RunInfo(inputs: ["n2"]), manifest: [])
    return store
  }

  @Test func newResolvedAndChangedIncidentsBetweenTheLastTwoRuns() throws {
    let d = try twoNights().diff(from: nil, to: nil, minDelta: 0.1)
    #expect(d.from.id == 1 && d.to.id == 2)
    #expect(d.new.map(\.id) == ["acct:d"])
    #expect(d.resolved.map(\.id) == ["acct:b"])
    #expect(d.severityChanged.map { $0.1.id } == ["acct:a"])
    #expect(d.severityChanged.first?.0.severity == .high && d.severityChanged.first?.1.severity == .critical)
    // c moved by 0.02 only; e and f are each in one run only.
    #expect(d.scoreDeltas.map(\.account) == ["d", "b", "a"])
    let b = try #require(d.scoreDeltas.first { $0.account == "b" })
    #expect(abs(b.delta - -0.35) < 1e-9)
  }

  @Test func theThresholdAndExplicitRunsAreHonoured() throws {
    let store = try twoNights()
    #expect(try store.diff(from: nil, to: nil, minDelta: 0.3).scoreDeltas.map(\.account) == ["d", "b"])
    #expect(try store.diff(from: nil, to: nil, minDelta: 0.01).scoreDeltas.count == 4)
    // Explicit, same runs: same answer as the default.
    #expect(try store.diff(from: 1, to: 2, minDelta: 0.1) == store.diff(from: nil, to: nil, minDelta: 0.1))
    let bad = #expect(throws: DistillScanError.self) { try store.diff(from: 7, to: 2, minDelta: 0.1) }
    #expect(bad?.code == .usage)
  }

  @Test func oneRunIsNothingToCompare() throws {
    let store = try F.store()
    #expect(throws: DistillScanError.self) { try store.diff(from: nil, to: nil, minDelta: 0.1) }
    try store.record(F.report(at: 1, incidents: [], accounts: []), run: RunInfo(inputs: []), manifest: [])
    let e = #expect(throws: DistillScanError.self) { try store.diff(from: nil, to: nil, minDelta: 0.1) }
    #expect(e?.message.contains("no run before run 1") == true)
  }

  @Test func diffOutputsCarryTheSectionsAndVerdicts() throws {
    let store = try twoNights()
    try store.setVerdict(Verdict(subject: "acct:d", kind: .falsePositive, note: "load test", analyst: "ana", at: 5))
    let d = try store.diff(from: nil, to: nil, minDelta: 0.1)
    #expect(d.verdicts.keys.sorted() == ["acct:d"])
    let text = CaseStoreOutput.diffText(d)
    #expect(text.contains("New incidents (1)") && text.contains("Resolved incidents (1)") && text.contains("Severity changed (1)"))
    #expect(text.contains("[verdict: false-positive]"))
    #expect(text.contains("high → critical"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(CaseStoreOutput.diffJSON(d).utf8)) as? [String: Any])
    #expect((json["new"] as? [[String: Any]])?.first?["id"] as? String == "acct:d")
    #expect(((json["new"] as? [[String: Any]])?.first?["verdict"] as? [String: Any])?["verdict"] as? String == "false-positive")
    #expect((json["resolved"] as? [[String: Any]])?.first?["id"] as? String == "acct:b")
    #expect((json["score_deltas"] as? [[String: Any]])?.count == 3)
  }
}
