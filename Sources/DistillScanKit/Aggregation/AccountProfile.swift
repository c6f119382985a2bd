import Foundation

/// A request kept as an exemplar (bounded prefix of its prompt).
public struct RequestSample: Sendable, Equatable {
  /// The account that sent it (clusters merge members' samples, so it is kept per sample).
  public var account: String
  public var requestID: String?
  public var timestamp: Double?
  public var prompt: String
  public var source: SourceLocation
  /// Lexical template key of the prompt (groups exemplars by template).
  public var template: UInt64
  public var reasoning: Bool
  public var biased: Bool
  public var ip: String?
  public var userAgent: String?
  public static let promptChars = 280
}

/// Record fields the pipeline left unbuilt (``DecodeContext/deferPrompt``).
struct DeferredFields {
  /// The record has a prompt that was not built as a String.
  var prompt = false
  /// Hash of the unbuilt request id's bytes (what `StableHash.fnv1a64` gives for its String).
  var requestIDHash: UInt64?
  /// Hash of the unbuilt API key's bytes.
  var apiKeyHash: UInt64?
  /// Hash and network-prefix hash of the unbuilt client IP's bytes.
  var ipHashes: (ip: UInt64, prefix: UInt64)?
  /// The unbuilt user agent: the hash of its bytes and the bytes (alive during `add`; an
  /// exemplar builds its String from them).
  var userAgent: (hash: UInt64, bytes: UnsafeBufferPointer<UInt8>)?
  /// Decided from the unbuilt endpoint's / status's bytes: a Batch API endpoint, a failed request.
  var batchEndpoint: Bool?
  var failed: Bool?
}

/// Per-model usage inside one account.
public struct ModelUsage: Sendable, Equatable {
  public var count = 0
  public var first: Double = .infinity
  public var last: Double = -.infinity

  mutating func absorb(_ u: ModelUsage) {
    count += u.count
    first = min(first, u.first)
    last = max(last, u.last)
  }
}

/// Bounded, mergeable per-account state (DESIGN §4, detection-methods §3.3).
///
/// Every field merges associatively and commutatively (counters add, sketches merge), so a scan
/// split across workers, chunks or machines gives exactly the same profile as one pass.
/// Size: small accounts stay "light" (sparse sketches, a few hundred bytes to ~3 KiB); busy
/// accounts become "promoted" when their sketches turn dense, bounded by
/// ``AccountProfile/maxBytes`` (see README, "Memory bounds").
public struct AccountProfile: Sendable {
  // MARK: Volume
  public var requests = 0
  public var firstSeen: Double = .infinity
  public var lastSeen: Double = -.infinity
  public var outputTokens = 0
  public var inputTokens = 0
  /// Requests that carried an output token count.
  public var withOutputTokens = 0
  /// Requests per model (at most ``maxModels`` names, the rest under "(other)").
  /// Stored as a short list searched linearly (accounts use a handful of models; a `Dictionary`
  /// hashed the name with SipHash on every request). ``models`` gives the dictionary view.
  public var modelList: [(name: String, usage: ModelUsage)] = []
  /// Requests per model by name (built on each call).
  public var models: [String: ModelUsage] {
    var d: [String: ModelUsage] = [:]
    for e in modelList { d[e.name] = e.usage }
    return d
  }

  // MARK: Request shape
  public var withText = 0
  public var singleTurn = 0
  public var multiTurn = 0
  public var withSystem = 0
  public var withTools = 0
  public var batchEndpoint = 0
  public var failed = 0
  public var bodyNotInline = 0

  // MARK: Harvest parameters
  public var logprobs = 0
  public var topLogprobs5 = 0
  public var maxTokens1 = 0
  public var maxTokensSmall = 0
  /// Requests decoding (near-)greedily: temperature ≤ 0.2.
  public var temperature0 = 0
  /// Requests that fix a sampling seed (evaluation harnesses do; most clients do not).
  public var seeded = 0
  public var multiSample = 0
  public var samplesRequested = 0
  public var echo = 0
  public var biased = 0
  public var thinking = 0
  /// Requests that carried any sampling parameter at all (metadata-only logs carry none: then the
  /// logit-harvest fingerprint reports "not evaluated" instead of a false 0).
  public var withParams = 0
  /// Output tokens on requests that asked for top-k log-probs (soft-label harvesting volume).
  public var logprobOutputTokens = 0
  public var biasTokens = DistinctCounter()
  public var biasedPrompts = DistinctCounter()
  /// Distinct (prompt, bias-set) pairs: many per prompt = bias rotation on a fixed prompt.
  public var biasConfigs = DistinctCounter()
  /// Distinct (prompt, token) and (prompt, token, bias value): several values per pair = binary search.
  public var biasProbeKeys = DistinctCounter()
  public var biasProbeValues = DistinctCounter()

  // MARK: Text
  public var exactPrompts = DistinctCounter()
  /// Distinct (prompt, model) pairs: well above distinct prompts = the same prompt set replayed on
  /// several models (evaluation runs), which harvesting one model does not do.
  public var promptModels = DistinctCounter()
  public var lexBands = [DistinctCounter](repeating: DistinctCounter(), count: 3)
  public var meaningBands = [DistinctCounter](repeating: DistinctCounter(), count: 3)
  /// Lexical template key → count (coordinated sample, shared keys line up across accounts).
  public var templates = SampledCounts(capacity: 48)
  public var systemPrompts = SampledCounts(capacity: 8)
  /// Topic leaf → count (≤ 256 leaves). A HashMap64, not a Dictionary: this is updated for every
  /// request with text and `Dictionary` hashes even a UInt16 key with SipHash.
  public var leafCounts = HashMap64()
  /// ``leafCounts`` as a dictionary (for the scoring pass and tests; built on each call).
  public var leaves: [UInt16: UInt32] {
    var d: [UInt16: UInt32] = [:]
    for (k, v) in leafCounts.entries { d[UInt16(truncatingIfNeeded: k)] = v }
    return d
  }
  public var reasoningStrong = 0
  public var reasoningWeak = 0
  public var rationalization = 0
  public var grader = 0
  public var reasoningOutputTokens = 0
  /// Strong-cue requests that carried an output token count (the trace-length denominator: logs
  /// that mix records with and without counts must not dilute it).
  public var reasoningWithOutput = 0

  // MARK: Infrastructure
  public var ips = SampledCounts(capacity: 16)
  public var ipPrefixes = SampledCounts(capacity: 16)
  public var userAgents = SampledCounts(capacity: 8)
  public var apiKeys = SampledCounts(capacity: 8)
  public var endUsers = DistinctCounter()

  // MARK: Timing
  /// Requests per UTC hour-of-week (168 bins; empty until the first timestamp).
  public var hourOfWeek: [UInt32] = []
  /// Requests per active minute (coordinated sample of minutes).
  public var minutes = SampledCounts(capacity: 192)
  /// (template, 10-minute window) "actions" (coordinated sample): accounts that fire the same frame
  /// in the same window again and again are synchronised (SynchroTrap-style co-activity; 10 minutes
  /// tolerates load balancing that spreads one stream over many accounts).
  public var actions = SampledCounts(capacity: 128)

  // MARK: Exemplars
  public var samples = BottomK<RequestSample>(k: 8)
  public var flaggedSamples = BottomK<RequestSample>(k: 4)

  public static let maxModels = 16
  /// Models whose name hash has fewer trailing zero bits than this are pooled under "(other)":
  /// the same level-sampling rule as ``SampledCounts``, so the kept names do not depend on order.
  public var modelLevel = 0
  static let otherModel = "(other)"

  static func modelLevelOf(_ name: String) -> Int { name == otherModel ? 64 : StableHash.mix(StableHash.fnv1a64(name)).trailingZeroBitCount }

  mutating func addModel(_ raw: String, _ u: ModelUsage) {
    // A model already listed (almost every request): String == is canonical equivalence, so a
    // decomposed spelling finds its composed entry here too. Checked before the ASCII/NFC step,
    // which was ~0.7 % of a full scan.
    if let i = modelList.firstIndex(where: { $0.name == raw }) {
      modelList[i].usage.absorb(u)
      return
    }
    // Canonically equivalent spellings ("café" composed or decomposed) are one model whose level
    // must not depend on the arrival order: non-ASCII names are composed (NFC) first.
    let name = AccountTable.isASCII(raw) ? raw : raw.precomposedStringWithCanonicalMapping
    if let i = modelList.firstIndex(where: { $0.name == name }) {
      modelList[i].usage.absorb(u)  // kept names already passed the current level
      return
    }
    let key = modelLevel == 0 || Self.modelLevelOf(name) >= modelLevel ? name : Self.otherModel
    if let i = modelList.firstIndex(where: { $0.name == key }) { modelList[i].usage.absorb(u) } else { modelList.append((key, u)) }
    while modelList.count > Self.maxModels {
      // Raise the level: names below it are pooled under "(other)" (order-free: sums, min, max).
      modelLevel += 1
      var other = ModelUsage()
      var kept: [(name: String, usage: ModelUsage)] = []
      for e in modelList {
        if Self.modelLevelOf(e.name) < modelLevel || e.name == Self.otherModel { other.absorb(e.usage) } else { kept.append(e) }
      }
      kept.append((Self.otherModel, other))
      modelList = kept
    }
  }

  public init() {}

  @inline(__always)
  /// Adds one request. Fields in `deferred` exist in the log but were not built as Strings
  /// (``DecodeContext/deferPrompt``): `prompt()` / `requestID()` build them, called only if the
  /// request becomes an exemplar.
  mutating func add(
    _ r: LogRecord, _ f: RequestFeatures, deferred: DeferredFields = DeferredFields(), prompt: () -> String = { "" },
    requestID: () -> String = { "" }, ip: () -> String = { "" }
  ) {
    requests += 1
    if let t = r.timestamp {
      if t < firstSeen { firstSeen = t }
      if t > lastSeen { lastSeen = t }
      if hourOfWeek.isEmpty { hourOfWeek = [UInt32](repeating: 0, count: 168) }
      // 1970-01-01 was a Thursday: shift so that bin 0 is Monday 00:00 UTC.
      let hours = Int((t / 3600).rounded(.down))
      hourOfWeek[((hours + 72) % 168 + 168) % 168] &+= 1
      minutes.add(UInt64(bitPattern: Int64((t / 60).rounded(.down))))
    }
    var u = ModelUsage(count: 1)
    if let t = r.timestamp {
      u.first = t
      u.last = t
    }
    addModel(r.model ?? "(unknown)", u)
    if let o = r.outputTokens {
      outputTokens += o
      withOutputTokens += 1
    }
    inputTokens += r.inputTokens ?? 0
    if r.turnCount > 1 { multiTurn += 1 } else { singleTurn += 1 }
    if let s = r.system, !s.isEmpty {
      withSystem += 1
      systemPrompts.add(StableHash.fnv1a64(s))
    }
    let p = r.params
    if p.toolCount > 0 { withTools += 1 }
    if deferred.batchEndpoint ?? r.endpoint.map(Self.containsBatch) ?? false { batchEndpoint += 1 }
    if deferred.failed ?? r.status.map(Self.isFailure) ?? false { failed += 1 }
    if !r.bodyInline { bodyNotInline += 1 }

    // Harvest parameters.
    if p.logprobs == true || (p.topLogprobs ?? 0) > 0 { logprobs += 1 }
    if (p.topLogprobs ?? 0) >= 5 {
      topLogprobs5 += 1
      logprobOutputTokens += r.outputTokens ?? 0
    }
    if let mt = p.maxTokens {
      if mt <= 1 { maxTokens1 += 1 }
      if mt <= 16 { maxTokensSmall += 1 }
    }
    if let t = p.temperature, t <= 0.2 { temperature0 += 1 }  // greedy or near-greedy decoding
    if p.seed != nil { seeded += 1 }
    if let n = p.n, n > 1 {
      multiSample += 1
      samplesRequested += min(n, 1_000)  // bounded: a corrupt n must not overflow the sum
    }
    if p.echo == true { echo += 1 }
    if p.thinking == true { thinking += 1 }
    if p.temperature != nil || p.topP != nil || p.maxTokens != nil || p.n != nil || p.logprobs != nil || p.topLogprobs != nil
      || p.logitBiasCount > 0 || p.echo != nil || p.seed != nil
    {
      withParams += 1
    }
    if p.logitBiasCount > 0 {
      biased += 1
      var setHash: UInt64 = 0
      for e in p.logitBias {
        let tokenKey = UInt64(bitPattern: Int64(e.token))
        biasTokens.insert(tokenKey)
        setHash = setHash &+ StableHash.mix(tokenKey)  // order-free set hash
        biasProbeKeys.insert(f.exact ^ StableHash.mix(tokenKey &+ 0x1234))
        biasProbeValues.insert(f.exact ^ StableHash.mix(tokenKey &+ 0x1234) ^ StableHash.mix(e.bias.bitPattern))
      }
      biasedPrompts.insert(f.exact)
      biasConfigs.insert(f.exact ^ StableHash.mix(setHash))
    }

    // Text.
    if f.hasText {
      withText += 1
      exactPrompts.insert(f.exact)
      promptModels.insert(f.exact ^ StableHash.fnv1a64(r.model ?? ""))
      lexBands[0].insert(f.lex.0)
      lexBands[1].insert(f.lex.1)
      lexBands[2].insert(f.lex.2)
      meaningBands[0].insert(f.meaning.0)
      meaningBands[1].insert(f.meaning.1)
      meaningBands[2].insert(f.meaning.2)
      templates.add(f.lex.0)
      if let t = r.timestamp { actions.add(StableHash.mix(f.lex.0 ^ UInt64(bitPattern: Int64((t / 600).rounded(.down))))) }
      leafCounts.add(UInt64(f.leaf), 1)
      switch f.reasoning.strength {
      case 2: reasoningStrong += 1
      case 1: reasoningWeak += 1
      default: break
      }
      if f.reasoning.strength == 2, let o = r.outputTokens {
        reasoningOutputTokens += o
        reasoningWithOutput += 1
      }
      if f.reasoning.rationalization { rationalization += 1 }
      if f.reasoning.grader { grader += 1 }
    }

    // Infrastructure.
    if let h = deferred.ipHashes {
      ips.add(h.ip)
      ipPrefixes.add(h.prefix)
    } else if let ip = r.ip, !ip.isEmpty {
      ips.add(StableHash.fnv1a64(ip))
      ipPrefixes.add(Self.networkPrefixHash(ip))
    }
    if let ua = deferred.userAgent { userAgents.add(ua.hash) } else if let ua = r.userAgent, !ua.isEmpty { userAgents.add(StableHash.fnv1a64(ua)) }
    if let h = deferred.apiKeyHash { apiKeys.add(h) } else if let k = r.apiKey, !k.isEmpty { apiKeys.add(StableHash.fnv1a64(k)) }
    if let u = r.endUser, !u.isEmpty { endUsers.insert(StableHash.fnv1a64(u)) }

    // Exemplars: priority = hash of the request identity, so the sample is order-free. The time
    // is part of the identity: without it, identical requests (same prompt, no request id) at the
    // same line of two files tied, and the first one merged (scheduling, file order) became the
    // exemplar. (Not the file name: the same records must give the same exemplars whatever
    // their files are called or compressed with.)
    let prio = StableHash.mix(
      f.exact ^ (deferred.requestIDHash ?? StableHash.fnv1a64(r.requestID ?? "")) ^ UInt64(bitPattern: Int64(r.source.line))
        ^ StableHash.mix((r.timestamp ?? -1).bitPattern))
    let flagged = f.reasoning.strength == 2 || p.logitBiasCount > 0
    if (r.userTurn != nil || deferred.prompt) && (samples.wants(prio) || (flagged && flaggedSamples.wants(prio))) {
      let text: String
      if let u = r.userTurn { text = u } else { text = prompt() }
      let rid: String?
      if deferred.requestIDHash != nil { rid = requestID() } else { rid = r.requestID }
      let sampleIP: String?
      if deferred.ipHashes != nil { sampleIP = ip() } else { sampleIP = r.ip }
      let s = RequestSample(
        account: r.account, requestID: rid, timestamp: r.timestamp, prompt: Self.clip(text), source: r.source, template: f.lex.0,
        reasoning: f.reasoning.strength == 2, biased: p.logitBiasCount > 0, ip: sampleIP,
        userAgent: deferred.userAgent.map { String(String(decoding: $0.bytes, as: UTF8.self).prefix(160)) } ?? r.userAgent.map { String($0.prefix(160)) })
      samples.offer(prio, s)
      if flagged { flaggedSamples.offer(prio, s) }
    }
  }

  static func clip(_ s: String) -> String {
    if s.utf8.count <= RequestSample.promptChars { return s }
    return String(s.prefix(RequestSample.promptChars)) + "…"
  }

  /// "failure"/"error"/"failed" in any case, or an HTTP status ≥ 400. Byte comparisons: this runs
  /// per record and `lowercased()` would allocate a String each time.
  /// ``isFailure(_:)`` of the string whose UTF-8 bytes are `b`.
  static func isFailure(bytes b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let f = b.first else { return false }
    if (f >= 0x30 && f <= 0x39) || f == 0x2B, let code = Self.decimal(b) { return code >= 400 }
    return equalsFolded(b, "failure") || equalsFolded(b, "error") || equalsFolded(b, "failed")
  }

  /// `Int(String)` for an optional '+' and ASCII digits (nil otherwise or on overflow).
  private static func decimal(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
    var i = 0
    if b.first == 0x2B { i = 1 }
    guard i < b.count else { return nil }
    var v = 0
    while i < b.count {
      let d = Int(b[i]) - 0x30
      guard d >= 0, d <= 9 else { return nil }
      let (m, o1) = v.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(d)
      if o1 || o2 { return nil }
      v = a
      i += 1
    }
    return v
  }

  @inline(__always)
  static func equalsFolded(_ b: UnsafeBufferPointer<UInt8>, _ lower: StaticString) -> Bool {
    guard b.count == lower.utf8CodeUnitCount else { return false }
    for (i, c) in b.enumerated() {
      let d = lower.utf8Start[i]
      if c != d && !(c >= 0x41 && c <= 0x5A && c | 0x20 == d) { return false }
    }
    return true
  }

  static func isFailure(_ s: String) -> Bool {
    // Only strings starting with a digit or '+' (which `Int` accepts: "+500") can be HTTP codes
    // ≥ 400 (skips Int parsing of "success").
    if let f = s.utf8.first, (f >= 0x30 && f <= 0x39) || f == 0x2B, let code = Int(s) { return code >= 400 }
    return equalsFolded(s, "failure") || equalsFolded(s, "error") || equalsFolded(s, "failed")
  }

  /// ASCII case-insensitive equality with a lowercase literal.
  @inline(__always)
  static func equalsFolded(_ s: String, _ lower: StaticString) -> Bool {
    guard s.utf8.count == lower.utf8CodeUnitCount else { return false }
    var i = 0
    for c in s.utf8 {
      let d = lower.utf8Start[i]
      if c != d && !(c >= 0x41 && c <= 0x5A && c | 0x20 == d) { return false }
      i += 1
    }
    return true
  }

  /// Hash of the IPv4 /24 or IPv6 /48 prefix (bytes up to the 3rd '.' or ':'), without building Strings.
  static func networkPrefixHash(_ ip: String) -> UInt64 {
    var ip = ip
    return ip.withUTF8 { networkPrefixHash(bytes: $0) }
  }

  static func networkPrefixHash(bytes b: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    var seps = 0
    for c in b {
      if c == 0x2E || c == 0x3A {
        seps += 1
        if seps == 3 { break }
      }
      h ^= UInt64(c)
      h &*= 0x100_0000_01b3
    }
    return h
  }

  /// True when the endpoint names the Batch API ("batch" anywhere). No allocation: per record.
  static func containsBatch(_ s: String) -> Bool {
    var s = s
    return s.withUTF8 { containsBatch(bytes: $0) }
  }

  static func containsBatch(bytes u: UnsafeBufferPointer<UInt8>) -> Bool {
    guard u.count >= 5 else { return false }
    for i in 0...(u.count - 5)
    where u[i] == 0x62 && u[i + 1] == 0x61 && u[i + 2] == 0x74 && u[i + 3] == 0x63 && u[i + 4] == 0x68 {
      return true
    }
    return false
  }

  public mutating func merge(_ o: AccountProfile) {
    requests += o.requests
    firstSeen = min(firstSeen, o.firstSeen)
    lastSeen = max(lastSeen, o.lastSeen)
    outputTokens += o.outputTokens
    inputTokens += o.inputTokens
    withOutputTokens += o.withOutputTokens
    if o.modelLevel > modelLevel {
      // Our names below the other side's level must be pooled too (addModel assumes every listed
      // name passed the current level): otherwise a part that saw few models kept names a single
      // pass pools, and the mix depended on the worker count and the merge order.
      modelLevel = o.modelLevel
      var other: ModelUsage?
      var kept: [(name: String, usage: ModelUsage)] = []
      for e in modelList {
        if Self.modelLevelOf(e.name) < modelLevel {
          other = other ?? ModelUsage()
          other!.absorb(e.usage)
        } else {
          kept.append(e)
        }
      }
      modelList = kept
      if let other { addModel(Self.otherModel, other) }
    }
    for e in o.modelList { addModel(e.name, e.usage) }
    withText += o.withText
    singleTurn += o.singleTurn
    multiTurn += o.multiTurn
    withSystem += o.withSystem
    withTools += o.withTools
    batchEndpoint += o.batchEndpoint
    failed += o.failed
    bodyNotInline += o.bodyNotInline
    logprobs += o.logprobs
    topLogprobs5 += o.topLogprobs5
    maxTokens1 += o.maxTokens1
    maxTokensSmall += o.maxTokensSmall
    temperature0 += o.temperature0
    seeded += o.seeded
    multiSample += o.multiSample
    samplesRequested += o.samplesRequested
    echo += o.echo
    biased += o.biased
    thinking += o.thinking
    withParams += o.withParams
    logprobOutputTokens += o.logprobOutputTokens
    biasTokens.merge(o.biasTokens)
    biasedPrompts.merge(o.biasedPrompts)
    biasConfigs.merge(o.biasConfigs)
    biasProbeKeys.merge(o.biasProbeKeys)
    biasProbeValues.merge(o.biasProbeValues)
    exactPrompts.merge(o.exactPrompts)
    promptModels.merge(o.promptModels)
    for i in 0..<3 {
      lexBands[i].merge(o.lexBands[i])
      meaningBands[i].merge(o.meaningBands[i])
    }
    templates.merge(o.templates)
    systemPrompts.merge(o.systemPrompts)
    for (k, v) in o.leafCounts.entries { leafCounts.add(k, v) }
    reasoningStrong += o.reasoningStrong
    reasoningWeak += o.reasoningWeak
    rationalization += o.rationalization
    grader += o.grader
    reasoningOutputTokens += o.reasoningOutputTokens
    reasoningWithOutput += o.reasoningWithOutput
    ips.merge(o.ips)
    ipPrefixes.merge(o.ipPrefixes)
    userAgents.merge(o.userAgents)
    apiKeys.merge(o.apiKeys)
    endUsers.merge(o.endUsers)
    if !o.hourOfWeek.isEmpty {
      if hourOfWeek.isEmpty { hourOfWeek = o.hourOfWeek } else { for i in 0..<168 { hourOfWeek[i] &+= o.hourOfWeek[i] } }
    }
    minutes.merge(o.minutes)
    actions.merge(o.actions)
    samples.merge(o.samples)
    flaggedSamples.merge(o.flaggedSamples)
  }

  /// Approximate bytes held by this profile (sketch payloads plus fixed fields and exemplars).
  public var byteSize: Int {
    var n = 512  // counters and fixed fields
    n += modelList.count * 64
    for c in [biasTokens, biasedPrompts, biasConfigs, biasProbeKeys, biasProbeValues, exactPrompts, promptModels, endUsers] { n += c.byteSize }
    for c in lexBands + meaningBands { n += c.byteSize }
    for s in [templates, systemPrompts, ips, ipPrefixes, userAgents, apiKeys, minutes, actions] { n += s.byteSize }
    n += leafCounts.byteSize + hourOfWeek.count * 4
    n += (samples.items + flaggedSamples.items).reduce(0) { $0 + 96 + $1.1.prompt.utf8.count + ($1.1.requestID?.utf8.count ?? 0) }
    return n
  }

  /// Upper bound of ``byteSize``: 13 dense distinct counters (1 KiB each), sampled maps at
  /// capacity, 256 leaves (a 512-slot map), 168 hour bins, 12 exemplars of ≤ 280 characters.
  public static let maxBytes = 512 + 17 * 64 + 13 * 1024 + (48 + 8 + 16 + 16 + 8 + 8 + 192 + 128) * 2 * 12 + 512 * 12 + 168 * 4
    + 12 * (96 + 4 * 280 + 64)
}
