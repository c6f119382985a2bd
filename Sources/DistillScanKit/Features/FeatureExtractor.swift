import CScan

/// Per-request text features, computed once per request on a bounded prefix of the prompt.
struct RequestFeatures {
  /// Identity of the prompt text (exact duplicates share it).
  var exact: UInt64 = 0
  /// Lexical LSH band keys: MinHash (2 rows per band) over masked word 3-grams. Requests built
  /// from the same frame with different slot fillings collide here.
  var lex: (UInt64, UInt64, UInt64) = (0, 0, 0)
  /// "Content" LSH band keys: MinHash (4 rows per band, strict) over the set of content-word stems.
  /// Requests about the same thing in other words — or the same text in another wrapper — collide
  /// here; unrelated prompts that merely share a few common words do not.
  var meaning: (UInt64, UInt64, UInt64) = (0, 0, 0)
  var leaf = 0
  var reasoning = ReasoningCues.Result()
  var tokenCount = 0
  var hasText = false
}

/// Computes ``RequestFeatures``. One per worker: owns its token and hash buffers.
///
/// Buffers are raw allocations sized for the largest text once (tokens ≤ bytes + 1), so the per-
/// request path does no allocation and no Array capacity/uniqueness checks: this runs for every
/// request of a full scan and was its largest cost.
struct FeatureExtractor: ~Copyable {
  /// Text features look at this many bytes of the last user turn (bounds CPU on huge prompts).
  static let textPrefixBytes = 1100
  private static let tokenCapacity = textPrefixBytes + 1
  private let toks: UnsafeMutablePointer<Token>
  /// Shingles: ≤ n − 2 word 3-grams, plus ≤ 2n uni/bigrams when n < 8.
  private let shingles: UnsafeMutablePointer<UInt64>
  private let stems: UnsafeMutablePointer<UInt64>
  /// MinHash row parameters laid out for `ds_minhash_rows` (lexical seeds 0..<8, multipliers
  /// 8..<16; strict seeds 16..<32, multipliers 32..<48) and its output (48..<64). Used when the CPU
  /// has AVX-512 (`vectorMinHash`); the scalar `bands`/`strictBands` give identical values.
  private let rowParams: UnsafeMutablePointer<UInt64>
  private let vectorMinHash: Bool

  /// Direct-mapped cache of recent results by prompt identity. Features are a pure function of the
  /// text, so reusing them for a repeated prompt (retries, logit-bias sweeps on fixed prompts,
  /// templated batches) changes nothing but the cost. 4,096 entries per worker; the keys live in
  /// their own small array so a miss (most requests) touches one cache line, not a whole entry.
  private let cacheKeys: UnsafeMutablePointer<UInt64>
  private let cache: UnsafeMutablePointer<RequestFeatures>
  private let cacheMask: Int
  static let cacheSize = 4096

  /// - Parameter cacheSize: entries of the repeated-prompt cache (a power of two; 1 = effectively
  ///   off, for one-off callers that should not pay for allocating it).
  init(cacheSize: Int = FeatureExtractor.cacheSize) {
    let n = max(1, cacheSize)
    cacheMask = n - 1
    cacheKeys = .allocate(capacity: n)
    cacheKeys.initialize(repeating: 0, count: n)
    cache = .allocate(capacity: n)
    cache.initialize(repeating: RequestFeatures(), count: n)
    toks = .allocate(capacity: Self.tokenCapacity)
    shingles = .allocate(capacity: Self.tokenCapacity * 3 + 16)
    stems = .allocate(capacity: Self.tokenCapacity)
    rowParams = .allocate(capacity: 64)
    rowParams.initialize(repeating: 0, count: 64)
    for r in 0..<6 {
      rowParams[r] = Self.seeds[r]
      rowParams[8 + r] = Self.lexMultipliers[r]
    }
    for r in 0..<12 {
      rowParams[16 + r] = Self.strictSeeds[r]
      rowParams[32 + r] = Self.multipliers[r]
    }
    vectorMinHash = ds_minhash_vector_available() != 0
  }

  deinit {
    cacheKeys.deallocate()
    cache.deinitialize(count: cacheMask + 1)
    cache.deallocate()
    toks.deallocate()
    shingles.deallocate()
    stems.deallocate()
    rowParams.deallocate()
  }

  static let seeds: [UInt64] = (0..<6).map { StableHash.mix(0xD15A_0000 &+ UInt64($0)) }
  static let strictSeeds: [UInt64] = (0..<12).map { StableHash.mix(0x57C1_0000 &+ UInt64($0)) }
  static let multipliers: [UInt64] = (0..<12).map { StableHash.mix(0x0DD0_0000 &+ UInt64($0)) | 1 }
  /// The lexical rows' multipliers (one list for the scalar `bands` and the AVX-512 kernel).
  static let lexMultipliers: [UInt64] = [
    0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x85EB_CA77_C2B2_AE63, 0x27D4_EB2F_1656_67C5,
    0xFF51_AFD7_ED55_8CCD,
  ]

  mutating func extract(_ text: String?) -> RequestFeatures {
    guard var text, !text.isEmpty else { return RequestFeatures() }
    return text.withUTF8 { extract(bytes: $0) }
  }

  /// Features of UTF-8 text (only the first ``textPrefixBytes`` are read).
  mutating func extract(bytes raw: UnsafeBufferPointer<UInt8>) -> RequestFeatures {
    var f = RequestFeatures()
    guard !raw.isEmpty else { return f }
    f.hasText = true
    let limited = UnsafeBufferPointer(rebasing: raw[0..<min(raw.count, Self.textPrefixBytes)])
    // Exact identity: the (bounded) text and its length.
    let exact = StableHash.bytes(limited) ^ StableHash.mix(UInt64(raw.count))
    let slot = Int(truncatingIfNeeded: exact) & cacheMask
    if cacheKeys[slot] == exact, cache[slot].hasText { return cache[slot] }
    f.exact = exact
    let n = TextTokenizer.tokenize(limited, limit: Self.textPrefixBytes, into: toks)
    let tokens = UnsafeBufferPointer(start: toks, count: n)
    f.tokenCount = n
    let nonASCII = ds_ascii_prefix(limited.baseAddress!, limited.count) < limited.count
    f.reasoning = ReasoningCues.analyse(tokens, raw: limited, hasNonASCII: nonASCII)
    f.leaf = TopicLexicon.leaf(tokens)
    // Lexical shingles: word 3-grams over masked tokens (uni+bigrams for very short prompts).
    var ns = 0
    if n >= 3 {
      for i in 0..<(n - 2) {
        shingles[ns] = toks[i].hash ^ rotl(toks[i + 1].hash, 21) ^ rotl(toks[i + 2].hash, 42)
        ns += 1
      }
    }
    if n < 8 {
      for i in 0..<n {
        shingles[ns] = toks[i].hash
        ns += 1
        if i + 1 < n {
          shingles[ns] = toks[i].hash ^ rotl(toks[i + 1].hash, 13)
          ns += 1
        }
      }
    }
    // Content-word stems. Written unconditionally and kept by advancing the count: whether a
    // token is a content word is unpredictable, and the branch mispredicted on most prompts.
    var nm = 0
    for i in 0..<n {
      let t = toks[i]
      stems[nm] = t.stem
      nm &+= Int(truncatingIfNeeded: (t.flags >> 24) & 1)  // Lexicon.content2: unmasked non-stop word of ≥ 2 bytes
    }
    if nm == 0 {
      for i in 0..<n { stems[i] = toks[i].hash }
      nm = n
    }
    f.lex = lexKeys(shingles, ns)
    f.meaning = strictKeys(stems, nm)
    cacheKeys[slot] = exact
    cache[slot] = f
    return f
  }

  /// Three LSH bands of two MinHash rows each. Items are already well-mixed 64-bit hashes, so each
  /// MinHash permutation is a single xor-multiply (odd multipliers), not a full mixer. The rows
  /// come from the AVX-512 kernel when the CPU has it, else from the scalar loop (same values).
  @inline(__always)
  private func lexKeys(_ items: UnsafeMutablePointer<UInt64>, _ n: Int) -> (UInt64, UInt64, UInt64) {
    guard n > 0 else { return (0, 0, 0) }
    let m = rowParams + 48
    if vectorMinHash { ds_minhash_rows(items, n, rowParams, rowParams + 8, 6, m) } else { Self.scalarRows6(items, n, into: m) }
    return (
      StableHash.mix(m[0] ^ rotl(m[1], 17) ^ 1), StableHash.mix(m[2] ^ rotl(m[3], 17) ^ 2), StableHash.mix(m[4] ^ rotl(m[5], 17) ^ 3)
    )
  }

  /// Three LSH bands of four MinHash rows each (P(collide) ≈ J⁴ per band: paraphrase-level overlap).
  @inline(__always)
  private func strictKeys(_ items: UnsafeMutablePointer<UInt64>, _ n: Int) -> (UInt64, UInt64, UInt64) {
    guard n > 0 else { return (0, 0, 0) }
    let m = rowParams + 48
    if vectorMinHash { ds_minhash_rows(items, n, rowParams + 16, rowParams + 32, 12, m) } else { Self.scalarRows12(items, n, into: m) }
    return (
      StableHash.mix(m[0] ^ rotl(m[1], 17) ^ rotl(m[2], 31) ^ rotl(m[3], 47) ^ 11),
      StableHash.mix(m[4] ^ rotl(m[5], 17) ^ rotl(m[6], 31) ^ rotl(m[7], 47) ^ 12),
      StableHash.mix(m[8] ^ rotl(m[9], 17) ^ rotl(m[10], 31) ^ rotl(m[11], 47) ^ 13)
    )
  }

  /// The six lexical rows without AVX-512, running minima in locals.
  @inline(__always)
  static func scalarRows6(_ items: UnsafeMutablePointer<UInt64>, _ n: Int, into out: UnsafeMutablePointer<UInt64>) {
    var m: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (.max, .max, .max, .max, .max, .max)
    let s = seeds, k = lexMultipliers
    let (s0, s1, s2, s3, s4, s5) = (s[0], s[1], s[2], s[3], s[4], s[5])
    let (k0, k1, k2, k3, k4, k5) = (k[0], k[1], k[2], k[3], k[4], k[5])
    for i in 0..<n {
      let x = items[i]
      m.0 = min(m.0, (x ^ s0) &* k0)
      m.1 = min(m.1, (x ^ s1) &* k1)
      m.2 = min(m.2, (x ^ s2) &* k2)
      m.3 = min(m.3, (x ^ s3) &* k3)
      m.4 = min(m.4, (x ^ s4) &* k4)
      m.5 = min(m.5, (x ^ s5) &* k5)
    }
    (out[0], out[1], out[2], out[3], out[4], out[5]) = m
  }

  /// The twelve strict rows without AVX-512, running minima in locals.
  @inline(__always)
  static func scalarRows12(_ items: UnsafeMutablePointer<UInt64>, _ n: Int, into out: UnsafeMutablePointer<UInt64>) {
    let s = strictSeeds, k = multipliers
    let (s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11) = (s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11])
    let (k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11) = (k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], k[8], k[9], k[10], k[11])
    var (m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11) = (
      UInt64.max, UInt64.max, UInt64.max, UInt64.max, UInt64.max, UInt64.max, UInt64.max, UInt64.max, UInt64.max, UInt64.max,
      UInt64.max, UInt64.max
    )
    for i in 0..<n {
      let x = items[i]
      m0 = min(m0, (x ^ s0) &* k0)
      m1 = min(m1, (x ^ s1) &* k1)
      m2 = min(m2, (x ^ s2) &* k2)
      m3 = min(m3, (x ^ s3) &* k3)
      m4 = min(m4, (x ^ s4) &* k4)
      m5 = min(m5, (x ^ s5) &* k5)
      m6 = min(m6, (x ^ s6) &* k6)
      m7 = min(m7, (x ^ s7) &* k7)
      m8 = min(m8, (x ^ s8) &* k8)
      m9 = min(m9, (x ^ s9) &* k9)
      m10 = min(m10, (x ^ s10) &* k10)
      m11 = min(m11, (x ^ s11) &* k11)
    }
    (out[0], out[1], out[2], out[3], out[4], out[5]) = (m0, m1, m2, m3, m4, m5)
    (out[6], out[7], out[8], out[9], out[10], out[11]) = (m6, m7, m8, m9, m10, m11)
  }
}

@inline(__always)
func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }
