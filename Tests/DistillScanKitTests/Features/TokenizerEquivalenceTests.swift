import CScan
import Testing

@testable import DistillScanKit

/// The C tokenizer (bit-mask word scan with AVX-512BW or SSE2 classification, AVX-512 word
/// hashing where the CPU has it; `vector: false` takes the SSE2 and one-by-one paths) held equal to
/// the byte-at-a-time Swift tokenizer it replaced, kept here as the reference: on the real prompt
/// sets in ../shared, and on generated text dense in the rules' edge cases (joiners, URLs,
/// e-mails, quotes, fences, digits, suffixes, non-ASCII, words at the very end of the buffer).
@Suite struct TokenizerEquivalenceTests {
  static func cTokens(_ b: [UInt8], limit: Int, vector: Bool) -> [Token] {
    b.withUnsafeBufferPointer { raw in
      let n = min(raw.count, limit)
      let out = UnsafeMutablePointer<Token>.allocate(capacity: n + 1)
      defer { out.deallocate() }
      guard n > 0 else { return [] }
      let count = withUnsafePointer(to: TextTokenizer.params) { ds_tokenize_path(raw.baseAddress!, n, $0, out, vector ? 1 : 0) }
      return Array(UnsafeBufferPointer(start: out, count: count))
    }
  }

  static func same(_ a: [Token], _ b: [Token]) -> Bool {
    a.count == b.count
      && zip(a, b).allSatisfy { $0.hash == $1.hash && $0.stem == $1.stem && $0.flags == $1.flags && $0.length == $1.length && $0.masked == $1.masked }
  }

  static func check(_ b: [UInt8], limit: Int = FeatureExtractor.textPrefixBytes) -> Bool {
    let ref = b.withUnsafeBufferPointer { ReferenceTokenizer.tokenize($0, limit: limit) }
    return same(ref, cTokens(b, limit: limit, vector: true)) && same(ref, cTokens(b, limit: limit, vector: false))
  }

  @Test func agreesOnTheSharedPromptSets() {
    let lib = testPrompts
    var texts = lib.humanSingle + lib.taskDefinitions + lib.gsm8k + lib.codeBench + lib.instructionSeeds
    texts += lib.templates.map(\.text)
    var checked = 0
    for t in texts.prefix(6_000) {
      let b = Array(t.utf8)
      #expect(Self.check(b), "\(t.prefix(200))")
      checked += 1
    }
    #expect(checked > 0)
  }

  @Test func agreesOnGeneratedEdgeCases() {
    var rng = KernelEquivalenceTests.Rng(s: 0x70C0_0001)
    let pieces: [String] = [
      "explaining", "explained", "explains", "reasoning", "step", "steps", "why", "Let's", "think", "answer", "analysis",
      "internationalization", "counterrevolutionaries", "is", "a", "ss", "glass", "hopefully", "lies", "sing", "thing",
      "3.14", "2026-01-02", "a1_b2", "SKU-88356", "#205030000", "v1.2.3-rc", "x9", "abc123def", "0xDEADBEEF",
      "bob@example.com", "@handle", "a@b", "https://x.example/a?b=1", "http://h", "HTTP://UP.CASE", "https:", "http:foo",
      "http//no", "ftp://x.y", "\"quoted\"", "\"\"", "\"unterminated", "\"long quote spanning many words here\"",
      "```let x = 1```", "```open fence", "``", "`", "é", "naïve", "步骤", "Schritt", "ß", "\u{FFFD}", "…", "—",
      ".", "-", "_", ":", "/", "@", ",", "!", "?", "(", ")", "\n", "\t", " ", "  ", "e.g.", "U.S.A.", "self-driving",
      "snake_case_word", "path/to/file", "key:value", "12:30", "1,000", "$5", "50%",
    ]
    var cases = 0
    for _ in 0..<12_000 {
      var b: [UInt8] = []
      for _ in 0..<rng.below(40) {
        b += Array(pieces[rng.below(pieces.count)].utf8)
        if rng.below(3) > 0 { b.append(rng.below(5) == 0 ? 0x0A : 0x20) }
      }
      if rng.below(8) == 0, !b.isEmpty { b[rng.below(b.count)] = UInt8(truncatingIfNeeded: rng.next()) }  // stray byte
      // Every length near the end of the buffer: words ending there take the scalar path.
      let limit = rng.below(4) == 0 ? max(0, b.count - rng.below(20)) : FeatureExtractor.textPrefixBytes
      #expect(Self.check(b, limit: limit), "\(b) limit \(limit)")
      cases += 1
    }
    #expect(cases == 12_000)
    // Words running to the end of a text whose length is a multiple of 64 (the last mask word
    // has no byte after the run), and words crossing mask words, with and without digits.
    for n in [1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 4_096] {
      for tail in ["word", "ab12", "x.y9", "\"q\"", "http://a.b", "é"] {
        var b = Array(String(repeating: "lorem ipsum ", count: n / 12 + 1).utf8.prefix(max(0, n - tail.utf8.count)))
        b += Array(tail.utf8)
        #expect(Self.check(b, limit: b.count), "\(n) \(tail)")
      }
    }
    // Long text (masks and pending list on the heap) and the prefix limit.
    var long: [UInt8] = []
    for i in 0..<3_000 { long += Array("\(pieces[i % pieces.count]) ".utf8) }
    #expect(Self.check(long, limit: long.count))
    #expect(Self.check(long, limit: 1_100))
  }
}

/// The Swift tokenizer the C one replaced, verbatim in its rules (hashing and stemming included,
/// so the shared C word hash is checked too). Test-only.
enum ReferenceTokenizer {
  static let byteClass: [UInt8] = (0..<256).map { c in
    switch c {
    case 0x30...0x39: 1
    case 0x41...0x5A, 0x61...0x7A: 2
    case 0x80...0xFF: 3
    default: 0
    }
  }

  static func tokenize(_ p: UnsafeBufferPointer<UInt8>, limit: Int) -> [Token] {
    var out: [Token] = []
    let n = min(p.count, limit)
    let cls = byteClass
    func tok(_ h: UInt64, _ len: Int) -> Token { Token(hash: h, stem: h, flags: 0, length: Int32(len), masked: true) }
    var i = 0
    while i < n {
      let c = p[i]
      if cls[Int(c)] == 0 {
        if c == 0x60, i + 2 < n, p[i + 1] == 0x60, p[i + 2] == 0x60 {
          var j = i + 3
          while j + 2 < n, !(p[j] == 0x60 && p[j + 1] == 0x60 && p[j + 2] == 0x60) { j += 1 }
          out.append(tok(TextTokenizer.placeholderCode, 6))
          i = min(n, j + 3)
          continue
        }
        if c == 0x22 {
          var j = i + 1
          while j < n, j - i < 120, p[j] != 0x22, p[j] != 0x0A { j += 1 }
          if j < n, p[j] == 0x22, j - i < 120, j > i + 1 {
            out.append(tok(TextTokenizer.placeholderQuote, 3))
            i = j + 1
            continue
          }
        }
        i += 1
        continue
      }
      var hasDigit = false, hasAt = false, hasColonSlash = false
      var j = i
      while true {
        while j < n, cls[Int(p[j])] != 0 {
          if cls[Int(p[j])] == 1 { hasDigit = true }
          j += 1
        }
        guard j < n else { break }
        let d = p[j]
        if (d == 0x2E || d == 0x2D || d == 0x5F || d == 0x40 || d == 0x3A || d == 0x2F) && j + 1 < n && cls[Int(p[j + 1])] != 0
          && (hasDigit || d == 0x40 || ((d == 0x3A || d == 0x2F) && isHTTP(p, i, j)))
        {
          if d == 0x40 { hasAt = true }
          if d == 0x3A || d == 0x2F { hasColonSlash = true }
          j += 1
        } else {
          break
        }
      }
      if j < n, p[j] == 0x3A, j + 2 < n, p[j + 1] == 0x2F, p[j + 2] == 0x2F, isHTTP(p, i, j) {
        var k = j + 3
        while k < n, !isURLEnd(p[k]) { k += 1 }
        j = k
        hasColonSlash = true
      }
      let len = j - i
      if hasColonSlash && isHTTP(p, i, j) {
        out.append(tok(TextTokenizer.placeholderURL, len))
      } else if hasAt {
        out.append(tok(TextTokenizer.placeholderEmail, len))
      } else if hasDigit && !(i..<j).contains(where: { cls[Int(p[$0])] >= 2 }) {
        out.append(tok(TextTokenizer.placeholderNum, len))
      } else if hasDigit && len >= 6 {
        out.append(tok(TextTokenizer.placeholderID, len))
      } else {
        let h = hashWord(p, i, j, count: n)
        let cut = len > 3 ? stemCut(p, i, j) : 0
        let stem = cut > 0 ? hashWord(p, i, j - cut, count: n) : h
        let f = Lexicon.table.flags(stem)
        let notStop: UInt32 = f & Lexicon.stop == 0 ? Lexicon.content2 | Lexicon.content3 : 0
        let long: UInt32 = (len >= 2 ? Lexicon.content2 : 0) | (len >= 3 ? Lexicon.content3 : 0)
        out.append(Token(hash: h, stem: stem, flags: f | (notStop & long), length: Int32(len), masked: false))
      }
      i = j
    }
    return out
  }

  static func isHTTP(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) -> Bool {
    j - i >= 4 && p[i] | 0x20 == 0x68 && p[i + 1] | 0x20 == 0x74 && p[i + 2] | 0x20 == 0x74 && p[i + 3] | 0x20 == 0x70
  }

  static func isURLEnd(_ c: UInt8) -> Bool {
    c <= 0x20 || c == 0x22 || c == 0x27 || c == 0x3C || c == 0x3E || c == 0x29 || c == 0x5D || c == 0x7D
  }

  static func stemCut(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) -> Int {
    func c(_ k: Int) -> UInt8 { p[k] | 0x20 }
    let n = j - i
    if n > 5, c(j - 3) == 0x69, c(j - 2) == 0x6E, c(j - 1) == 0x67 { return 3 }
    if n > 4, c(j - 2) == 0x65, c(j - 1) == 0x64 { return 2 }
    if n > 4, c(j - 2) == 0x6C, c(j - 1) == 0x79 { return 2 }
    if n > 4, c(j - 2) == 0x65, c(j - 1) == 0x73 { return 2 }
    if n > 3, c(j - 1) == 0x73, c(j - 2) != 0x73 { return 1 }
    return 0
  }

  /// Byte by byte (the production hash loads 8 bytes at a time; same value).
  static func hashWord(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int, count: Int) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(j - i)
    var k = i
    while k + 8 <= j {
      var w: UInt64 = 0
      for b in 0..<8 { w |= UInt64(p[k + b] | 0x20) << (8 * UInt64(b)) }
      h = (h ^ w) &* 0xC2B2_AE3D_27D4_EB4F
      h ^= h >> 31
      k += 8
    }
    if k < j {
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while k < j {
        tail |= UInt64(p[k] | 0x20) << shift
        shift += 8
        k += 1
      }
      h = (h ^ tail) &* 0x1656_67B1_9E37_79F9
    }
    return StableHash.mix(h)
  }
}
