import Testing

@testable import DistillScanKit

/// Profiles must merge associatively and commutatively (any split of the input, any merge order
/// gives the same profile) and stay under the documented memory bound.
@Suite struct AccountProfileTests {
  /// A varied single-account stream: templates, paraphrases, logit bias, many IPs and minutes.
  static func records(_ n: Int, seed: UInt64) -> [LogRecord] {
    var rng = TestRNG(seed)
    var out: [LogRecord] = []
    for i in 0..<n {
      var r = LogRecord()
      r.account = "a"
      r.timestamp = 1_771_000_000 + Double(rng.int(5 * 86400))
      r.requestID = "r\(i)"
      r.userTurn = "\(rng.pick(Vocab.chatOpeners)) \(rng.pick(Vocab.topics)) number \(rng.int(100_000)) step by step"
      r.system = i % 3 == 0 ? "sys \(rng.int(20))" : nil
      r.ip = "198.51.\(rng.int(256)).\(rng.int(256))"
      r.userAgent = "agent/\(rng.int(40))"
      r.endUser = "u\(rng.int(5000))"
      r.model = "m\(rng.int(30))"
      r.outputTokens = rng.int(900)
      r.turnCount = 1 + rng.int(3)
      r.source = SourceLocation(file: 0, line: i + 1)
      if i % 4 == 0 {
        r.params.logitBias = (0..<5).map { _ in LogitBiasEntry(token: rng.int(100_000), bias: Double(rng.int(200) - 100)) }
        r.params.logitBiasCount = 5
        r.params.topLogprobs = 20
        r.params.maxTokens = 1
      }
      out.append(r)
    }
    return out
  }

  static func profile(_ recs: ArraySlice<LogRecord>) -> AccountProfile {
    var t = AccountTable()
    for r in recs { t.add(r) }
    return t.profiles["a"] ?? AccountProfile()
  }

  static func same(_ a: AccountProfile, _ b: AccountProfile) -> Bool {
    let ma = AccountMetrics(subject: "a", profile: a), mb = AccountMetrics(subject: "a", profile: b)
    let checks: [(String, Bool)] = [
      ("models", a.models == b.models), ("exact", a.exactPrompts == b.exactPrompts), ("lex", a.lexBands == b.lexBands),
      ("meaning", a.meaningBands == b.meaningBands), ("templates", a.templates == b.templates), ("ips", a.ips == b.ips),
      ("minutes", a.minutes == b.minutes), ("bias", a.biasTokens == b.biasTokens), ("samples", a.samples == b.samples),
      ("flagged", a.flaggedSamples == b.flaggedSamples), ("leaves", a.leaves == b.leaves), ("ua", a.userAgents == b.userAgents),
      ("prefixes", a.ipPrefixes == b.ipPrefixes), ("endUsers", a.endUsers == b.endUsers), ("how", a.hourOfWeek == b.hourOfWeek),
    ]
    for (name, ok) in checks where !ok { print("profile field differs: \(name)") }
    return a.requests == b.requests && a.firstSeen == b.firstSeen && a.lastSeen == b.lastSeen && a.models == b.models
      && a.exactPrompts == b.exactPrompts && a.lexBands == b.lexBands && a.meaningBands == b.meaningBands
      && a.templates == b.templates && a.ips == b.ips && a.ipPrefixes == b.ipPrefixes && a.userAgents == b.userAgents
      && a.minutes == b.minutes && a.biasTokens == b.biasTokens && a.biasConfigs == b.biasConfigs && a.endUsers == b.endUsers
      && a.hourOfWeek == b.hourOfWeek && a.leaves == b.leaves && a.samples == b.samples && a.flaggedSamples == b.flaggedSamples
      && ma.templated == mb.templated && ma.paraphrase == mb.paraphrase
  }

  @Test(arguments: [(2, 1), (3, 2), (7, 3), (16, 4)])
  func anySplitAndMergeOrderGivesTheSameProfile(parts: Int, seed: UInt64) {
    let recs = Self.records(3000, seed: seed)
    let whole = Self.profile(recs[...])
    // Split into `parts` contiguous pieces and also a strided (interleaved) split.
    let size = (recs.count + parts - 1) / parts
    var pieces = stride(from: 0, to: recs.count, by: size).map { Self.profile(recs[$0..<min(recs.count, $0 + size)]) }
    var forward = AccountProfile()
    for p in pieces { forward.merge(p) }
    #expect(Self.same(whole, forward))
    pieces.reverse()
    var backward = AccountProfile()
    for p in pieces { backward.merge(p) }
    #expect(Self.same(whole, backward))
    // Tree merge: ((p0+p1)+(p2+p3))…
    var level = pieces
    while level.count > 1 {
      var next: [AccountProfile] = []
      for i in stride(from: 0, to: level.count, by: 2) {
        var m = level[i]
        if i + 1 < level.count { m.merge(level[i + 1]) }
        next.append(m)
      }
      level = next
    }
    #expect(Self.same(whole, level[0]))
  }

  @Test func memoryPerAccountStaysUnderTheDocumentedBound() {
    let big = Self.profile(Self.records(60_000, seed: 9)[...])
    #expect(big.byteSize <= AccountProfile.maxBytes, "\(big.byteSize) > \(AccountProfile.maxBytes)")
    let light = Self.profile(Self.records(5, seed: 9)[...])
    #expect(light.byteSize < 6144)
  }

  @Test func distinctCounterIsAccurateInBothModes() {
    var small = DistinctCounter()
    for i in 0..<100 { small.insert(UInt64(i)) }
    #expect(small.estimate == 100)
    var big = DistinctCounter()
    for i in 0..<50_000 { big.insert(UInt64(i % 20_000)) }
    #expect(abs(big.estimate - 20_000) / 20_000 < 0.1)
  }

  @Test func sampledCountsKeepExactCountsForKeptKeys() {
    var a = SampledCounts(capacity: 16)
    var b = SampledCounts(capacity: 16)
    for i in 0..<1000 {
      a.add(UInt64(i % 300))
      b.add(UInt64((999 - i) % 300))
    }
    #expect(a == b)
    #expect(a.map.count <= 16)
    for (_, v) in a.map.entries { #expect(v >= 3 && v <= 4) }
  }
}

@Suite struct RecordClassificationTests {
  @Test func failureStatuses() {
    // "+500": `Int` parses it; the digit-first shortcut had stopped counting it as a failure.
    for s in ["failure", "FAILED", "Error", "500", "429", "+500"] { #expect(AccountProfile.isFailure(s), "\(s)") }
    for s in ["success", "200", "", "errors", "fail", "+200", "-500"] { #expect(!AccountProfile.isFailure(s), "\(s)") }
  }

  @Test func batchEndpoints() {
    for s in ["/v1/batches", "batch", "aresponses-batch"] { #expect(AccountProfile.containsBatch(s), "\(s)") }
    for s in ["/v1/chat/completions", "batc", "", "BATCH"] { #expect(!AccountProfile.containsBatch(s), "\(s)") }
  }
}

/// Canonically equivalent spellings of a model name are one model with one stored spelling,
/// whatever order they arrive in (before, the first spelling seen was kept).
@Suite struct ModelNameEquivalenceTests {
  @Test func composedAndDecomposedNamesAreOneModel() {
    func profile(_ names: [String]) -> AccountProfile {
      var p = AccountProfile()
      for n in names {
        var r = LogRecord()
        r.account = "a"
        r.model = n
        p.add(r, RequestFeatures())
      }
      return p
    }
    let a = profile(["caf\u{E9}-1", "cafe\u{301}-1", "gpt-4o"])
    let b = profile(["cafe\u{301}-1", "gpt-4o", "caf\u{E9}-1"])
    #expect(a.models.count == 2)
    let ka = a.models.keys.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
    let kb = b.models.keys.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
    #expect(ka == kb, "same bytes whatever the order")
    #expect(a.models.values.map(\.count).sorted() == [1, 2])
  }
}

/// The model mix must not depend on how the records were split (workers, chunks, partials): a
/// part that saw few models (level 0) merged with one that had to raise the level must pool the
/// first part's low-level names too, as one pass over all the records does.
@Suite struct ModelMixMergeTests {
  static func profile(_ models: [String]) -> AccountProfile {
    var p = AccountProfile()
    for n in models {
      var r = LogRecord()
      r.account = "a"
      r.model = n
      r.timestamp = 1_771_000_000 + Double(n.utf8.count * 1000 + Int(n.utf8.last ?? 0))
      p.add(r, RequestFeatures())
    }
    return p
  }

  @Test func mergeOrderAndSplitDoNotChangeTheModelMix() {
    let many = (0..<40).map { "m\($0)" }
    // A name below the level the many-model part reaches.
    let low = many.first { AccountProfile.modelLevelOf($0) == 0 }!
    let few = [low, low, low]
    let whole = Self.profile(few + many)
    #expect(whole.modelLevel > 0 && whole.models[low] == nil)
    var ab = Self.profile(few), ba = Self.profile(many)
    ab.merge(Self.profile(many))
    ba.merge(Self.profile(few))
    #expect(ab.models == whole.models, "few then many")
    #expect(ba.models == whole.models, "many then few")
    #expect(ab.modelLevel == whole.modelLevel && ba.modelLevel == whole.modelLevel)
  }
}
