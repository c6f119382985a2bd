import Glibc

@testable import DistillScanKit

/// Small hand-built reports and scratch stores for the case-store tests.
enum StoreFixture {
  /// A fresh directory under /tmp.
  static func scratch() -> String {
    var template = Array("/tmp/distillscan-casestore-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
  }

  /// A new, empty store in a fresh directory.
  static func store() throws -> CaseStore {
    try CaseStore.open(path: scratch() + "/cases.db", create: true)
  }

  /// An account incident (or a cluster one when `members` has several accounts).
  static func incident(_ id: String, _ severity: Severity, _ score: Double, rank: Int, members: [String]? = nil) -> Incident {
    let isCluster = id.hasPrefix("cluster:")
    let subject = isCluster ? String(id.dropFirst(8)) : String(id.dropFirst(5))
    return Incident(
      id: id, kind: isCluster ? .cluster : .account, subject: subject, members: members ?? [subject], rank: rank, score: score,
      severity: severity, impact: 100, requests: 42, outputTokens: 1_000, firstSeen: 1_771_027_200, lastSeen: 1_771_030_800,
      models: ["m": 42],
      signals: [
        SignalResult(
          fingerprint: "logit-harvest", title: "Logit harvesting", family: "parameters", score: score,
          summary: "sweeps logit_bias on \(subject)", evidence: [EvidenceItem(name: "distinct_bias_tokens", value: 412, percentile: 99.5, detail: "ids")],
          exemplars: [])
      ], templates: [TemplateSummary(template: "Rate <NUM> for <*>", count: 12, distinctFills: 9)],
      exemplars: [
        Exemplar(requestID: "req-1", timestamp: 1_771_027_300, account: members?.first ?? subject, prompt: "Rate 7 for x", fingerprint: "", source: "a.jsonl:3")
      ], timeline: nil, linked: [], recommendation: "Look closer.")
  }

  /// An account line of accounts.jsonl.
  static func account(_ id: String, _ score: Double, cluster: String? = nil) -> AccountResult {
    AccountResult(
      account: id, requests: 10, firstSeen: nil, lastSeen: nil, models: [:], outputTokens: 5, score: score,
      severity: ScoringConfig.defaults.severity(of: score), signals: [("logit-harvest", score), ("coverage", nil)], cluster: cluster)
  }

  static func report(at: Double, incidents: [Incident], accounts: [AccountResult]) -> ScanReport {
    var s = IngestStats()
    s.files = 2
    s.lines = 100
    s.accepted = 99
    s.rejected = [.malformedJSON: 1]
    return ScanReport(
      generatedAt: at, input: s, files: [InputFile(path: "a.jsonl", size: 10), InputFile(path: "b.jsonl", size: 20)], elapsedSeconds: 3,
      configuration: [("workers", "2")], incidents: incidents, accounts: accounts, fingerprints: [])
  }
}
