import Testing

@testable import DistillScanKit

@Suite struct CoordinationTests {
  /// A cluster: accounts sharing a rare frame, an IP /24 and a rare user agent, load-balanced in
  /// the same minutes. Benign accounts share only a popular user agent.
  static func build() -> TrafficBuilder {
    var b = TrafficBuilder(seed: 11)
    let times = b.times(1200, days: 1, human: false)
    for (i, t) in times.enumerated() {
      let member = "hydra-\(i % 6)"
      b.add(member, prompt: "Produce a graduate-level lecture on \(b.rng.pick(Vocab.topics)) variant \(i) with worked examples.", at: t,
        ip: "203.0.113.\(i % 6 + 10)", ua: "harvest-client/0.9.1")
    }
    for a in 0..<60 {
      for t in b.times(150, days: 1, human: true) {
        b.add("benign-\(a)", prompt: "\(b.rng.pick(Vocab.chatOpeners)) \(b.rng.pick(Vocab.topics))", at: t,
          ip: "10.\(a).\(b.rng.int(250)).1", ua: "python-httpx/0.27")
      }
    }
    return b
  }

  @Test func linksTheHydraAndNotTheBenignAccounts() {
    let b = Self.build()
    let metrics = b.table.sortedAccounts.map { b.metrics($0) }
    var cfg = ScoringConfig.defaults
    cfg.clusterMaxFeatureAccounts = 8
    let clusters = Coordination.findClusters(metrics, config: cfg)
    #expect(clusters.count == 1)
    let members = Set(clusters.first?.members.map { metrics[$0].subject } ?? [])
    #expect(members == Set((0..<6).map { "hydra-\($0)" }))
  }

  @Test func oneSharedFamilyIsNotALink() {
    var b = TrafficBuilder(seed: 5)
    // Same /24 (corporate NAT), unrelated prompts, human timing: one family only.
    for a in 0..<40 {
      for t in b.times(100, days: 2, human: true) {
        // Five colleagues behind one NAT among 40 accounts; the rest elsewhere.
        b.add("corp-\(a)", prompt: "\(b.rng.pick(Vocab.chatOpeners)) \(b.rng.pick(Vocab.topics)) \(b.rng.int(1000))", at: t + Double(a * 977),
          ip: a < 5 ? "192.0.2.\(b.rng.int(250))" : "10.\(a).0.\(b.rng.int(250))", ua: "corp-browser/\(a)")
      }
    }
    let metrics = b.table.sortedAccounts.map { b.metrics($0) }
    #expect(Coordination.findClusters(metrics, config: .defaults).isEmpty)
  }

  @Test func clusterMembersInheritTheClusterScore() {
    let b = Self.build()
    var stats = IngestStats()
    stats.accepted = b.table.profiles.values.reduce(0) { $0 + $1.requests }
    let result = IngestResult(stats: stats, accounts: b.table, files: [], stoppedOnErrors: false, elapsed: 0)
    var config = ScanConfiguration()
    config.scoring.clusterMaxFeatureAccounts = 8
    let report = Scorer.buildReport(result, config: config, now: 0)
    let hydra = report.accounts.filter { $0.account.hasPrefix("hydra") }
    #expect(hydra.allSatisfy { $0.cluster != nil })
    #expect(report.incidents.contains { $0.kind == .cluster && $0.members.count == 6 })
    let benign = report.accounts.filter { $0.account.hasPrefix("benign") }
    #expect(benign.allSatisfy { $0.cluster == nil })
    #expect(hydra.map(\.score).min()! > benign.map(\.score).max()!)
  }
}
