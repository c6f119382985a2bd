import CScan

/// Cheap, deterministic tokenisation for text features (detection-methods §3.2).
///
/// Works on the UTF-8 bytes of a bounded prefix: ASCII letters are case-folded, words are runs of
/// ASCII alphanumerics or non-ASCII bytes, and typed placeholders mask the slot-like tokens
/// (numbers `<n>`, ids/hex `<id>`, URLs `<url>`, e-mail `<email>`, quoted spans `<q>`, fenced code
/// `<code>`). Each token is reduced to a 64-bit hash and a set of lexicon flags (stop word,
/// reasoning word, topic domain …) looked up once here, so later feature passes do no lookups.
/// No Strings are created on this hot path.
///
/// Rules, in order at each position: "```" starts a code block (to the closing fence, or the end)
/// → `<code>`; a '"' closed on the same line within 120 bytes, not empty → `<q>`; other non-word
/// bytes separate. A word continues across '.', '-', '_', '@', ':' or '/' when a word byte
/// follows and the word so far holds a digit, or the joiner is '@', or it is ':' / '/' after
/// "http"; "http(s)://" runs to whitespace or a closing delimiter. Then: http… with ':' or '/' →
/// `<url>`; with '@' → `<email>`; digits and punctuation only → `<n>`; digits and letters, ≥ 6
/// bytes → `<id>`; else a word, hashed as written and as its light stem (``stemCut``).
typealias Token = ds_token

extension Token {
  var stop: Bool { flags & Lexicon.stop != 0 }
}

enum TextTokenizer {
  static let placeholderNum = wordHash("<n>")
  static let placeholderID = wordHash("<id>")
  static let placeholderURL = wordHash("<url>")
  static let placeholderQuote = wordHash("<q>")
  static let placeholderCode = wordHash("<code>")
  static let placeholderEmail = wordHash("<email>")

  /// The lexicon and placeholders as the C tokenizer takes them. Immutable after first use; the
  /// lexicon's slots are never freed.
  nonisolated(unsafe) static let params = ds_tokenizer_params(
    slots: Lexicon.table.slotsBase, shift: Lexicon.table.slotShift, zero_flags: Lexicon.table.zeroKeyFlags,
    stop_bit: Lexicon.stop, content2: Lexicon.content2, content3: Lexicon.content3,
    num: placeholderNum, id: placeholderID, url: placeholderURL, quote: placeholderQuote, code: placeholderCode,
    email: placeholderEmail)

  /// Tokenises `text` (at most `limit` bytes) into `out`, which must have room for `limit + 1`
  /// tokens (a token takes at least one byte). Returns the number of tokens written.
  ///
  /// The work is C (`ds_tokenize` in CScan): the text is classified into bit masks (AVX-512BW or
  /// SSE2), words are found with bit scans, and plain words are hashed, stemmed and looked up
  /// eight at a time (AVX-512F+DQ) — per-byte branches and one dependent multiply chain per word
  /// in Swift made this pass a fifth of a full scan. The rules are the ones above; the test suite
  /// keeps the former Swift loop as the reference (`TokenizerEquivalenceTests`).
  static func tokenize(_ p: UnsafeBufferPointer<UInt8>, limit: Int, into out: UnsafeMutablePointer<Token>) -> Int {
    let n = min(p.count, limit)
    guard n > 0, let base = p.baseAddress else { return 0 }
    return withUnsafePointer(to: params) { ds_tokenize(base, n, $0, out) }
  }

  /// A byte that belongs to words: ASCII letter or digit, or any byte ≥ 0x80.
  @inline(__always)
  static func isWordByte(_ c: UInt8) -> Bool {
    (c &- 0x30) < 10 || ((c | 0x20) &- 0x61) < 26 || c >= 0x80
  }

  /// Suffix length removed by the light English stemmer (`ds_stem_cut`): ing, ed, ly, es, s.
  @inline(__always)
  static func stemCut(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) -> Int {
    ds_stem_cut(p.baseAddress!, i, j)
  }

  /// Case-folded hash of p[i..<j] (`ds_hash_word`, the tokenizer's own word hash).
  @inline(__always)
  static func hashWord(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) -> UInt64 {
    ds_hash_word(p.baseAddress!, i, j, p.count)
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
