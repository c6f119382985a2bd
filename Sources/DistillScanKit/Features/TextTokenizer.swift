import CScan

/// Cheap, deterministic tokenisation for text features (detection-methods §3.2).
///
/// Works on the UTF-8 bytes of a bounded prefix: ASCII letters are case-folded, words are runs of
/// ASCII alphanumerics or non-ASCII bytes, and typed placeholders mask the slot-like tokens
/// (numbers `<n>`, ids/hex `<id>`, URLs `<url>`, e-mail `<email>`, quoted spans `<q>`, fenced code
/// `<code>`). Each token is reduced to a 64-bit hash and a set of lexicon flags (stop word,
/// reasoning word, topic domain …) looked up once here, so later feature passes do no lookups.
/// No Strings are created on this hot path.
struct Token {
  /// Hash of the token as written (case-folded), or of its placeholder when masked.
  var hash: UInt64
  /// Hash of the light English stem (same as `hash` for masked tokens and short words).
  var stem: UInt64
  /// ``Lexicon`` flags of this token.
  var flags: UInt32
  var length: Int32
  var masked: Bool
  var stop: Bool { flags & Lexicon.stop != 0 }
}

enum TextTokenizer {
  static let placeholderNum = wordHash("<n>")
  static let placeholderID = wordHash("<id>")
  static let placeholderURL = wordHash("<url>")
  static let placeholderQuote = wordHash("<q>")
  static let placeholderCode = wordHash("<code>")
  static let placeholderEmail = wordHash("<email>")

  /// Byte classes: 0 other, 1 digit, 2 ASCII letter, 3 non-ASCII (part of words).
  static let byteClass: [UInt8] = (0..<256).map { c in
    switch c {
    case 0x30...0x39: 1
    case 0x41...0x5A, 0x61...0x7A: 2
    case 0x80...0xFF: 3
    default: 0
    }
  }

  /// Tokenises `text` (at most `limit` bytes) into `out`, which must have room for `limit + 1`
  /// tokens (a token takes at least one byte). Returns the number of tokens written.
  static func tokenize(_ p: UnsafeBufferPointer<UInt8>, limit: Int, into out: UnsafeMutablePointer<Token>) -> Int {
    var count = 0
    @inline(__always) func emit(_ t: Token) {
      out[count] = t
      count += 1
    }
    let n = min(p.count, limit)
    // Globals hoisted once per call (each static access costs a swift_once check).
    let lexicon = Lexicon.table
    let (pURL, pEmail, pNum, pID, pQuote, pCode) = (placeholderURL, placeholderEmail, placeholderNum, placeholderID, placeholderQuote, placeholderCode)
    guard n > 0, let base = p.baseAddress else { return 0 }
    byteClass.withUnsafeBufferPointer { cls in
      var i = 0
      while i < n {
        let c = p[i]
        let k = cls[Int(c)]
        if k == 0 {
          // Fenced code block: ``` … ``` → one <code> token.
          if c == 0x60, i + 2 < n, p[i + 1] == 0x60, p[i + 2] == 0x60 {
            var j = i + 3
            while j + 2 < n, !(p[j] == 0x60 && p[j + 1] == 0x60 && p[j + 2] == 0x60) { j += 1 }
            emit(Token(hash: pCode, stem: pCode, flags: 0, length: 6, masked: true))
            i = min(n, j + 3)
            continue
          }
          // Quoted span (short): "…" → <q>. Long quotes are content, keep their words.
          if c == 0x22 {
            var j = i + 1
            while j < n, j - i < 120, p[j] != 0x22, p[j] != 0x0A { j += 1 }
            if j < n, p[j] == 0x22, j - i < 120, j > i + 1 {
              emit(Token(hash: pQuote, stem: pQuote, flags: 0, length: 3, masked: true))
              i = j + 1
              continue
            }
          }
          i += 1
          continue
        }
        // Find the word's end: runs of word bytes are found 16 at a time (`ds_word_run`, SSE2);
        // a joiner between two runs continues the word. Hashing happens once per word below.
        var hasDigit: Int32 = 0
        var hasAt = false
        var hasColonSlash = false
        var j = i
        while true {
          j = ds_word_run(base, j, n, &hasDigit)
          guard j < n else { break }
          let d = p[j]
          if (d == 0x2E || d == 0x2D || d == 0x5F || d == 0x40 || d == 0x3A || d == 0x2F) && j + 1 < n && cls[Int(p[j + 1])] != 0
            && (hasDigit != 0 || d == 0x40 || ((d == 0x3A || d == 0x2F) && isHTTP(p, i, j)))
          {
            // Keep numbers (3.14, 2026-01-02), ids (a1_b2), e-mails and URLs together.
            if d == 0x40 { hasAt = true }
            if d == 0x3A || d == 0x2F { hasColonSlash = true }
            j += 1
          } else {
            break
          }
        }
        // "http(s)://…" stops the word loop at the ':' (a '/' follows, not a word byte): the
        // whole URL up to whitespace or a closing delimiter is one <url>. Checked here, once per
        // word, to keep the per-byte loop above tight.
        if j < n, p[j] == 0x3A, let end = urlEnd(p, i, j, n) {
          j = end
          hasColonSlash = true
        }
        let len = j - i
        let tok: Token
        if hasColonSlash && isHTTP(p, i, j) {
          tok = Token(hash: pURL, stem: pURL, flags: 0, length: Int32(len), masked: true)
        } else if hasAt {
          tok = Token(hash: pEmail, stem: pEmail, flags: 0, length: Int32(len), masked: true)
        } else if hasDigit != 0 && onlyDigitsAndPunct(p, i, j) {
          tok = Token(hash: pNum, stem: pNum, flags: 0, length: Int32(len), masked: true)
        } else if hasDigit != 0 && len >= 6 {
          tok = Token(hash: pID, stem: pID, flags: 0, length: Int32(len), masked: true)
        } else {
          // One lexicon lookup per token, keyed by the stem (every word list is stored by stem).
          let h = hashWord(p, i, j)
          let cut = len > 3 ? stemCut(p, i, j) : 0
          let stem = cut > 0 ? hashWord(p, i, j - cut) : h
          let f = lexicon.flags(stem)
          // Content-word bits for the later passes (MinHash stems, topic votes), so they select
          // with arithmetic instead of re-testing stop/masked/length with mispredicted branches.
          let notStop: UInt32 = f & Lexicon.stop == 0 ? Lexicon.content2 | Lexicon.content3 : 0
          let long: UInt32 = (len >= 2 ? Lexicon.content2 : 0) | (len >= 3 ? Lexicon.content3 : 0)
          tok = Token(hash: h, stem: stem, flags: f | (notStop & long), length: Int32(len), masked: false)
        }
        emit(tok)
        i = j
      }
    }
    return count
  }

  @inline(__always)
  static func onlyDigitsAndPunct(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) -> Bool {
    for k in i..<j {
      let c = p[k]
      if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80 { return false }
    }
    return true
  }

  @inline(__always)
  static func isWordByte(_ c: UInt8) -> Bool {
    (c &- 0x30) < 10 || ((c | 0x20) &- 0x61) < 26 || c >= 0x80
  }

  /// End of the URL whose scheme is p[i..<j] and whose "://" starts at j, or nil when p[i..<j] is
  /// not http(s) or "://" does not follow. Out of line: rare, and inlined it slowed the hot loop.
  @inline(never)
  static func urlEnd(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int, _ n: Int) -> Int? {
    guard j + 2 < n, p[j + 1] == 0x2F, p[j + 2] == 0x2F, isHTTP(p, i, j) else { return nil }
    var k = j + 3
    while k < n, !isURLEnd(p[k]) { k += 1 }
    return k
  }

  /// Bytes that end a URL in running text: whitespace, quotes, brackets.
  @inline(__always)
  static func isURLEnd(_ c: UInt8) -> Bool {
    c <= 0x20 || c == 0x22 || c == 0x27 || c == 0x3C || c == 0x3E || c == 0x29 || c == 0x5D || c == 0x7D
  }

  @inline(__always)
  static func isHTTP(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) -> Bool {
    j - i >= 4 && p[i] | 0x20 == 0x68 && p[i + 1] | 0x20 == 0x74 && p[i + 2] | 0x20 == 0x74 && p[i + 3] | 0x20 == 0x70
  }

  /// Suffix length removed by the light English stemmer ("explaining/explained/explains" →
  /// "explain"): ing, ed, ly, es, s.
  @inline(__always)
  static func stemCut(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) -> Int {
    @inline(__always) func c(_ k: Int) -> UInt8 { p[k] | 0x20 }
    let n = j - i
    if n > 5, c(j - 3) == 0x69, c(j - 2) == 0x6E, c(j - 1) == 0x67 { return 3 }  // ing
    if n > 4, c(j - 2) == 0x65, c(j - 1) == 0x64 { return 2 }  // ed
    if n > 4, c(j - 2) == 0x6C, c(j - 1) == 0x79 { return 2 }  // ly
    if n > 4, c(j - 2) == 0x65, c(j - 1) == 0x73 { return 2 }  // es
    if n > 3, c(j - 1) == 0x73, c(j - 2) != 0x73 { return 1 }  // s
    return 0
  }

  /// Case-folded hash of p[i..<j], 8 bytes at a time (OR 0x20 folds ASCII letters and leaves
  /// digits alone; other bytes are folded the same way everywhere, so hashes stay consistent).
  @inline(__always)
  static func hashWord(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) -> UInt64 {
    let fold: UInt64 = 0x2020_2020_2020_2020
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(j - i)
    var k = i
    let base = UnsafeRawPointer(p.baseAddress!)
    while k + 8 <= j {
      h = (h ^ (base.loadUnaligned(fromByteOffset: k, as: UInt64.self) | fold)) &* 0xC2B2_AE3D_27D4_EB4F
      h ^= h >> 31
      k += 8
    }
    if k < j {
      // The last 1…7 bytes, little-endian, each OR 0x20. One 8-byte load and a mask when the
      // buffer extends 8 bytes past k (almost always); byte by byte at the very end of the text.
      var tail: UInt64 = 0
      if k + 8 <= p.count {
        let keep: UInt64 = (1 &<< (UInt64(j &- k) &* 8)) &- 1  // j − k is 1…7: a masking shift, no overflow branch
        tail = (base.loadUnaligned(fromByteOffset: k, as: UInt64.self) | fold) & keep
      } else {
        var shift: UInt64 = 0
        while k < j {
          tail |= UInt64(p[k] | 0x20) << shift
          shift += 8
          k += 1
        }
      }
      h = (h ^ tail) &* 0x1656_67B1_9E37_79F9
    }
    return StableHash.mix(h)
  }

  static func hashBytes(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
    b.isEmpty ? 0x9E37_79B9_7F4A_7C15 : hashWord(b, 0, b.count)
  }

  /// Hash of a word as the tokenizer produces it (for lexicons).
  static func wordHash(_ s: String) -> UInt64 {
    var s = s
    return s.withUTF8 { hashBytes($0) }
  }

  /// Stem hash of a word as the tokenizer produces it (for lexicons).
  static func wordStem(_ s: String) -> UInt64 {
    var s = s
    return s.withUTF8 { b in
      guard b.count > 3 else { return hashBytes(b) }
      let cut = stemCut(b, 0, b.count)
      return hashWord(b, 0, b.count - cut)
    }
  }
}

/// One lookup table for every word list used on the hot path, keyed by word *stem* so the tokenizer
/// needs a single probe per token. Stop words, phrase starts and answer markers are stored under
/// the stem of the word (a superset match for the latter two: the phrase matcher confirms on exact
/// hashes).
enum Lexicon {
  static let stop: UInt32 = 1 << 0
  static let phraseStart: UInt32 = 1 << 1
  static let answerStart: UInt32 = 1 << 2
  static let scale: UInt32 = 1 << 3
  static let to: UInt32 = 1 << 4
  static let reasoning: UInt32 = 1 << 8
  static let derive: UInt32 = 1 << 9
  static let grader: UInt32 = 1 << 10
  /// Topic domain index + 1 in bits 16…23.
  static let domainShift: UInt32 = 16
  static let hashBits: UInt32 = 0xFF
  /// Set by the tokenizer (not stored in the table): an unmasked non-stop word of ≥ 2 / ≥ 3 bytes.
  static let content2: UInt32 = 1 << 24
  static let content3: UInt32 = 1 << 25

  static let table: FlagTable = {
    var entries: [(UInt64, UInt32)] = []
    for w in StopWords.words { entries.append((TextTokenizer.wordStem(w), stop)) }
    for w in ReasoningCues.phrases {
      // First word token as the tokenizer splits it ("let's" → "let").
      if let f = w.split(whereSeparator: { !$0.isASCII || !($0.isLetter || $0.isNumber) }).first {
        entries.append((TextTokenizer.wordStem(String(f)), phraseStart))
      }
    }
    for m in ReasoningCues.answerMarkers { if let f = m.first { entries.append((TextTokenizer.wordStem(f), answerStart)) } }
    entries.append((TextTokenizer.wordStem("scale"), scale))
    entries.append((TextTokenizer.wordStem("to"), to))
    for s in ReasoningCues.reasoningWords { entries.append((s, reasoning)) }
    for s in ReasoningCues.deriveWords { entries.append((s, derive)) }
    for s in ReasoningCues.graderWords { entries.append((s, grader)) }
    var seen = Set<UInt64>()
    for (i, (_, words)) in TopicLexicon.domains.enumerated() {
      for w in words where seen.insert(TextTokenizer.wordStem(w)).inserted {
        entries.append((TextTokenizer.wordStem(w), UInt32(i + 1) << domainShift))
      }
    }
    return FlagTable(entries)
  }()
}

/// Common function words (English plus frequent Romance/Germanic ones) excluded from the
/// "meaning" signature: paraphrases change these freely, content words survive.
enum StopWords {
  static let words: [String] = """
    a an the and or but if then else of to in on at by for with from into onto about as is are was were be been being \
    do does did doing have has had having i me my we our you your he she it its they them their this that these those \
    what which who whom whose when where why how can could would should will shall may might must not no nor so than too \
    very just also only own same such both each few more most other some any all up down out over under again further \
    once here there s t don now please pls kindly give tell me let us let's lets write provide make create generate \
    describe explain answer question following below above using use one two thing things something some way \
    el la los las de del y en un una que por para con es se lo le les des du et à au est une pour dans der die das und \
    ist ein eine zu mit von den dem im
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
}
