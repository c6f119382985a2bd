import Testing

@testable import DistillScanKit

@Suite struct EvaluationTests {
  func truth(_ rows: [(String, Bool, String, String?)]) -> [TruthRow] {
    rows.map { TruthRow(account: $0.0, attack: $0.1, scenario: $0.2, cluster: $0.3) }
  }

  func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }

  @Test func distinctScores() {
    let t = truth([("a1", true, "coverage_sweep", nil), ("a2", true, "logit_harvest", nil), ("b1", false, "chat_user", nil),
                   ("b2", false, "batch_job", nil), ("b3", false, "eval_harness", nil)])
    let s = [("a1", 0.9), ("b1", 0.8), ("a2", 0.7), ("b2", 0.3), ("b3", 0.1)].map { ScoredAccount(account: $0.0, score: $0.1) }
    let r = Evaluation.evaluate(truth: t, scores: s)
    // AP = ½·1 + ½·⅔; AUC = (3 + 2) / 6.
    #expect(close(r.averagePrecision, 0.5 + 1.0 / 3))
    #expect(close(r.rocAUC, 5.0 / 6))
    // Only a1 fits under 1% FPR (one false positive of three is 33%).
    #expect(r.threshold == 0.9)
    #expect(close(r.recallAtFPR1, 0.5))
    #expect(close(r.precisionAtK, 0.5))
    #expect(r.fprAtThreshold == 0)
    #expect(r.scenarios.first { $0.scenario == "coverage_sweep" }?.flagged == 1)
    #expect(r.scenarios.first { $0.scenario == "logit_harvest" }?.flagged == 0)
    #expect(r.hardNegatives == 2)
    #expect(close(r.hardNegativeFPR, 0))
    #expect(r.missing.isEmpty)
  }

  @Test func tiesFormOneStep() {
    let t = truth([("a1", true, "x", nil), ("b1", false, "y", nil), ("a2", true, "x", nil), ("b2", false, "y", nil)])
    let s = [("a1", 0.5), ("b1", 0.5), ("a2", 0.2), ("b2", 0.1)].map { ScoredAccount(account: $0.0, score: $0.1) }
    let r = Evaluation.evaluate(truth: t, scores: s)
    // Tied group {a1,b1}: precision ½ at recall ½; then a2: ⅔ at recall 1.
    #expect(close(r.averagePrecision, 0.25 + 1.0 / 3))
    // a2 beats b2 (1), a1 beats b2 (1) and ties b1 (½) → 2.5 / 4.
    #expect(close(r.rocAUC, 0.625))
    // The top group already holds a benign account (FPR 50%): nothing can be flagged.
    #expect(r.threshold == nil)
    #expect(close(r.recallAtFPR1, 0))
    // K = 2 covers exactly the tied group: one attacker in two.
    #expect(close(r.precisionAtK, 0.5))
  }

  @Test func tieGroupStraddlingKCountsProRata() {
    let t = truth([("a1", true, "x", nil), ("a2", true, "x", nil), ("b1", false, "y", nil), ("b2", false, "y", nil)])
    let s = [("a1", 0.9), ("a2", 0.4), ("b1", 0.4), ("b2", 0.4)].map { ScoredAccount(account: $0.0, score: $0.1) }
    let r = Evaluation.evaluate(truth: t, scores: s)
    // K = 2: a1, then one of three tied accounts of which one is an attacker → (1 + ⅓) / 2.
    #expect(close(r.precisionAtK, (1 + 1.0 / 3) / 2))
  }

  @Test func allEqualScores() {
    let t = truth([("a1", true, "x", nil), ("b1", false, "y", nil), ("b2", false, "y", nil), ("b3", false, "y", nil)])
    let s = t.map { ScoredAccount(account: $0.account, score: 0.3) }
    let r = Evaluation.evaluate(truth: t, scores: s)
    #expect(close(r.averagePrecision, 0.25))
    #expect(close(r.rocAUC, 0.5))
    #expect(close(r.recallAtFPR1, 0))
    #expect(close(r.precisionAtK, 0.25))
  }

  @Test func missingAccountsScoreZeroAndAreListed() {
    let t = truth([("a1", true, "hydra_cluster", "c1"), ("a2", true, "hydra_cluster", "c1"), ("b1", false, "rag_app", nil),
                   ("b2", false, "chat_user", nil)])
    let s = [ScoredAccount(account: "a1", score: 0.8, cluster: "k7"), ScoredAccount(account: "b1", score: 0.1), ScoredAccount(account: "zz", score: 1)]
    let r = Evaluation.evaluate(truth: t, scores: s)
    #expect(r.missing == ["a2", "b2"])
    #expect(r.unknown == 1)
    // Ranking: a1 0.8, b1 0.1, {a2, b2} 0 → AP = ½·1 + ½·(2/4).
    #expect(close(r.averagePrecision, 0.75))
    #expect(r.threshold == 0.8)
    #expect(r.clusterMembers == 2)
    #expect(close(r.clusterMembersCaught, 0.5))
    #expect(close(r.clusterMembersLinked, 0.5))
    #expect(r.hardNegatives == 1)
  }

  @Test func noAttackersGivesUndefinedRankingMetrics() {
    let t = truth([("b1", false, "y", nil), ("b2", false, "y", nil)])
    let r = Evaluation.evaluate(truth: t, scores: [ScoredAccount(account: "b1", score: 1)])
    #expect(r.averagePrecision == nil)
    #expect(r.rocAUC == nil)
    #expect(r.recallAtFPR1 == nil)
  }

  @Test func parsesTruthCSVWithQuotes() throws {
    let csv = "account,label,scenario,cluster\r\n\"arn:aws:iam::1:user/a,b\",attack,hydra_cluster,c1\nacct-2,benign,chat_user,\n"
    let rows = try Evaluation.parseTruth(Array(csv.utf8))
    #expect(rows == [
      TruthRow(account: "arn:aws:iam::1:user/a,b", attack: true, scenario: "hydra_cluster", cluster: "c1"),
      TruthRow(account: "acct-2", attack: false, scenario: "chat_user", cluster: nil),
    ])
    #expect(throws: DistillScanError.self) { try Evaluation.parseTruth(Array("account,label\nx,maybe\n".utf8)) }
    #expect(throws: DistillScanError.self) { try Evaluation.parseTruth(Array("foo,bar\n".utf8)) }
  }

  @Test func parsesAccountsJSONL() throws {
    let jsonl = """
      {"account":"a","requests":12,"score":0.25,"cluster":"c1"}

      {"account":"b","requests":3,"score":0,"cluster":null}
      """
    let rows = try Evaluation.parseAccounts(Array(jsonl.utf8))
    #expect(rows == [ScoredAccount(account: "a", score: 0.25, requests: 12, cluster: "c1"), ScoredAccount(account: "b", score: 0, requests: 3)])
    #expect(throws: DistillScanError.self) { try Evaluation.parseAccounts(Array("{\"score\":1}\n".utf8)) }
    #expect(throws: DistillScanError.self) { try Evaluation.parseAccounts(Array("not json\n".utf8)) }
  }

  @Test func jsonOutputHasStableKeys() {
    let t = truth([("a1", true, "x", nil), ("b1", false, "y", nil)])
    let r = Evaluation.evaluate(truth: t, scores: [ScoredAccount(account: "a1", score: 1), ScoredAccount(account: "b1", score: 0)])
    let s = String(decoding: r.renderJSON(baseline: nil), as: UTF8.self)
    #expect(s.hasPrefix("{\"baseline\":null,\"accounts\":2,\"attackers\":1,\"average_precision\":1,\"roc_auc\":1,"))
    #expect(s.contains("\"recall_at_fpr_1pct\":1"))
    #expect(s.contains("\"scenarios\":[{\"scenario\":\"x\",\"label\":\"attack\",\"accounts\":1,\"flagged\":1,\"recall\":1}"))
  }
}
