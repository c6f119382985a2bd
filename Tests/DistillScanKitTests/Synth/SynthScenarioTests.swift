import Testing

@testable import DistillScanKit

/// Checks that each scenario leaves the traces it is meant to leave (and hard negatives the
/// benign traces), by decoding a small canonical corpus record by record.
@Suite(.serialized) struct SynthScenarioTests {
  struct Corpus {
    var plan: SynthPlan
    var records: [String: [LogRecord]]
    var scenario: [String: SynthScenario]
  }

  static func load() throws -> Corpus {
    let dir = makeTempDir("scen")
    defer { removeTree(dir) }
    var o = SynthOptions(outDir: dir)
    o.seed = 11
    o.accounts = 120
    o.days = 2
    o.size = 5_000_000
    _ = try SynthEngine.run(o, library: testPrompts)
    let plan = SynthPlan.build(seed: 11, accounts: 120, days: 2, start: o.start, format: .canonical)
    var records: [String: [LogRecord]] = [:]
    var ctx = DecodeContext()
    for f in listFiles(dir) where f.hasSuffix(".jsonl.zst") {
      try forEachJSONLine(try PromptLibrary.readDecompressed(f)) { doc in
        guard case .record(let r) = CanonicalFormat().decode(doc, root: 0, context: &ctx) else {
          Issue.record("rejected line in \(f)")
          return
        }
        records[r.account, default: []].append(r)
      }
    }
    var scenario: [String: SynthScenario] = [:]
    for a in plan.accounts { scenario[a.key] = a.scenario }
    return Corpus(plan: plan, records: records, scenario: scenario)
  }

  func accounts(_ c: Corpus, _ s: SynthScenario) -> [[LogRecord]] {
    c.records.filter { c.scenario[$0.key] == s }.map(\.value)
  }

  @Test func scenarioTraces() throws {
    let c = try Self.load()
    #expect(Set(c.records.keys) == Set(c.plan.accounts.map(\.key)))

    // The new model id first appears after its release, mid-window.
    let newModel = ModelCatalog.forFormat(.canonical).newModel
    let firstNew = c.records.values.joined().filter { $0.model == newModel }.compactMap(\.timestamp).min()
    #expect(firstNew.map { $0 >= c.plan.release } == true)
    let pivots = accounts(c, .modelPivot)
    #expect(pivots.contains { $0.contains { $0.model == newModel } })

    // Logit harvesting rotates the bias over many token ids with max_tokens=1.
    for recs in accounts(c, .logitHarvest) {
      let biased = recs.filter { !$0.params.logitBias.isEmpty }
      #expect(biased.count > 50)
      #expect(biased.allSatisfy { $0.params.maxTokens == 1 })
      let ids = Set(biased.flatMap { $0.params.logitBias.map(\.token) })
      #expect(ids.count * 2 >= biased.count)
    }
    // Researchers: a small fixed set of biased ids (answer letters), never rotated.
    for recs in accounts(c, .researcherLogprobs) {
      let ids = Set(recs.flatMap { $0.params.logitBias.map(\.token) })
      #expect(ids.count <= 4)
    }
    // Eval harness: log-likelihood requests (echo + logprobs, max_tokens 1) on benchmark items.
    let evalRecs = accounts(c, .evalHarness).joined()
    #expect(evalRecs.contains { $0.params.echo == true && $0.params.maxTokens == 1 && $0.params.seed == 1234 })

    // Cluster members share a /24 and a user agent; other accounts do not share that /24.
    let members = c.plan.accounts.filter { $0.cluster != nil }.map(\.key)
    let memberRecs = members.flatMap { c.records[$0] ?? [] }
    let subnet: (LogRecord) -> String = { ($0.ip ?? "").split(separator: ".").prefix(3).joined(separator: ".") }
    #expect(Set(memberRecs.map(subnet)).count == 1)
    #expect(Set(memberRecs.compactMap(\.userAgent)).count == 1)
    let clusterNet = memberRecs.first.map(subnet) ?? ""
    let outsiders = c.records.filter { !members.contains($0.key) }.values.joined()
    #expect(!outsiders.contains { subnet($0) == clusterNet })

    // Reasoning elicitation uses several languages (non-ASCII prompts present).
    let reasoning = accounts(c, .reasoningElicitation).joined().compactMap(\.userTurn)
    #expect(reasoning.contains { $0.utf8.contains { $0 >= 0xE0 } })

    // RAG apps: one system prompt, many end users.
    for recs in accounts(c, .ragApp) where recs.count > 20 {
      #expect(Set(recs.compactMap(\.system)).count == 1)
      #expect(Set(recs.compactMap(\.endUser)).count > 5)
    }

    // Human chat users are quiet at night in their own time zone.
    var night = 0
    var total = 0
    for a in c.plan.accounts where a.scenario == .chatUser {
      for r in c.records[a.key] ?? [] {
        guard let t = r.timestamp else { continue }
        let h = Int(((t + a.tz * 3600) / 3600).rounded(.down)) % 24
        if (1...5).contains(h) { night += 1 }
        total += 1
      }
    }
    #expect(total > 50)
    #expect(Double(night) / Double(total) < 0.1)

    // Coding agents send tools and long multi-turn histories.
    let coding = accounts(c, .codingAgent).joined()
    #expect(coding.contains { $0.params.toolCount >= 5 && $0.turnCount > 10 })
  }
}
