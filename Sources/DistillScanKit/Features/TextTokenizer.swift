/// Cheap, deterministic tokenisation for text features (detection-methods §3.2).
///
/// Works on the UTF-8 bytes of a bounded prefix: ASCII letters are case-folded, words are runs of
/// ASCII alphanumerics or non-ASCII bytes, and typed placeholders mask the slot-like tokens
/// (numbers `<n>`, ids/hex `<id>`, URLs `<url>`, e-mail `<email>`, quoted spans `<q>`, fenced code
/// `<code>`). Each token is reduced to a 64-bit hash; no Strings are created on this hot path.
struct Token {
  /// Hash of the token as written (case-folded), or of its placeholder when masked.
  var hash: UInt64
  /// Hash of the light English stem (same as `hash` for masked tokens and short words).
  var stem: UInt64
  var masked: Bool
  var stop: Bool
  var length: Int
}

enum TextTokenizer {
  static let placeholderNum = hashBytes("<n>")
  static let placeholderID = hashBytes("<id>")
  static let placeholderURL = hashBytes("<url>")
  static let placeholderQuote = hashBytes("<q>")
  static let placeholderCode = hashBytes("<code>")
  static let placeholderEmail = hashBytes("<email>")

  /// Tokenises `text` (at most `limit` bytes) into `out` (cleared first).
  static func tokenize(_ p: UnsafeBufferPointer<UInt8>, limit: Int, into out: inout [Token]) {
    out.removeAll(keepingCapacity: true)
    let n = min(p.count, limit)
    // Globals hoisted once per call (each static access costs a swift_once check).
    let stopWords = StopWords.table
    let (pURL, pEmail, pNum, pID, pQuote, pCode) = (placeholderURL, placeholderEmail, placeholderNum, placeholderID, placeholderQuote, placeholderCode)
    var i = 0
    while i < n {
      let c = p[i]
      // Fenced code block: ``` … ``` → one <code> token.
      if c == 0x60, i + 2 < n, p[i + 1] == 0x60, p[i + 2] == 0x60 {
        var j = i + 3
        while j + 2 < n, !(p[j] == 0x60 && p[j + 1] == 0x60 && p[j + 2] == 0x60) { j += 1 }
        out.append(Token(hash: pCode, stem: pCode, masked: true, stop: false, length: 6))
        i = min(n, j + 3)
        continue
      }
      // Quoted span (short): "…" → <q>. Long quotes are content, keep their words.
      if c == 0x22 {
        var j = i + 1
        while j < n, j - i < 120, p[j] != 0x22, p[j] != 0x0A { j += 1 }
        if j < n, p[j] == 0x22, j - i < 120, j > i + 1 {
          out.append(Token(hash: pQuote, stem: pQuote, masked: true, stop: false, length: 3))
          i = j + 1
          continue
        }
      }
      if isWordByte(c) {
        // Scan the word once: case-folded FNV hash, digit/letter counts, and whether it joins
        // number/id/url/e-mail punctuation. No allocation per token.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var digits = 0
        var letters = 0
        var hasAt = false
        var hasColonSlash = false
        var j = i
        while j < n {
          let d = p[j]
          if isWordByte(d) {
            let lower = (d >= 0x41 && d <= 0x5A) ? d | 0x20 : d
            if lower >= 0x30 && lower <= 0x39 { digits += 1 } else { letters += 1 }
            h ^= UInt64(lower)
            h &*= 0x100_0000_01b3
            j += 1
          } else if (d == 0x2E || d == 0x2D || d == 0x5F || d == 0x40 || d == 0x3A || d == 0x2F) && j + 1 < n && isWordByte(p[j + 1])
            && (digits > 0 || d == 0x40 || ((d == 0x3A || d == 0x2F) && isHTTP(p, i, j)))
          {
            // Keep numbers (3.14, 2026-01-02), ids (a1_b2), e-mails and URLs together.
            if d == 0x40 { hasAt = true }
            if d == 0x3A || d == 0x2F { hasColonSlash = true }
            h ^= UInt64(d)
            h &*= 0x100_0000_01b3
            j += 1
          } else {
            break
          }
        }
        let len = j - i
        let tok: Token
        if hasColonSlash && isHTTP(p, i, j) {
          tok = Token(hash: pURL, stem: pURL, masked: true, stop: false, length: len)
        } else if hasAt {
          tok = Token(hash: pEmail, stem: pEmail, masked: true, stop: false, length: len)
        } else if digits > 0 && letters == 0 {
          tok = Token(hash: pNum, stem: pNum, masked: true, stop: false, length: len)
        } else if digits > 0 && len >= 6 {
          tok = Token(hash: pID, stem: pID, masked: true, stop: false, length: len)
        } else {
          let stop = stopWords.flags(h) != 0
          let stem = stop || len <= 3 ? h : stemHash(p, i, j, full: h)
          tok = Token(hash: h, stem: stem, masked: false, stop: stop, length: len)
        }
        out.append(tok)
        i = j
        continue
      }
      i += 1
    }
  }

  @inline(__always)
  static func isHTTP(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int) -> Bool {
    j - i >= 4 && p[i] | 0x20 == 0x68 && p[i + 1] | 0x20 == 0x74 && p[i + 2] | 0x20 == 0x74 && p[i + 3] | 0x20 == 0x70
  }

  /// Stem hash of the word p[i..<j] (case-folded), or `full` when no suffix is stripped.
  @inline(__always)
  static func stemHash(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ j: Int, full: UInt64) -> UInt64 {
    @inline(__always) func c(_ k: Int) -> UInt8 { p[k] | 0x20 }
    let n = j - i
    var cut = 0
    if n > 5, c(j - 3) == 0x69, c(j - 2) == 0x6E, c(j - 1) == 0x67 { cut = 3 }  // ing
    else if n > 4, c(j - 2) == 0x65, c(j - 1) == 0x64 { cut = 2 }  // ed
    else if n > 4, c(j - 2) == 0x6C, c(j - 1) == 0x79 { cut = 2 }  // ly
    else if n > 4, c(j - 2) == 0x65, c(j - 1) == 0x73 { cut = 2 }  // es
    else if n > 3, c(j - 1) == 0x73, c(j - 2) != 0x73 { cut = 1 }  // s
    if cut == 0 { return full }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for k in i..<(j - cut) {
      let d = p[k]
      h ^= UInt64((d >= 0x41 && d <= 0x5A) ? d | 0x20 : d)
      h &*= 0x100_0000_01b3
    }
    return h
  }

  @inline(__always)
  static func isWordByte(_ c: UInt8) -> Bool {
    // Branch-light: digits, ASCII letters (case-folded range check) or any non-ASCII byte.
    (c &- 0x30) < 10 || ((c | 0x20) &- 0x61) < 26 || c >= 0x80
  }

  /// Light English suffix stripping (enough for "explaining/explained/explains" → "explain").
  static func stemHashOfWord(_ w: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var n = w.count
    if n > 5, w[n - 3] == 0x69, w[n - 2] == 0x6E, w[n - 1] == 0x67 { n -= 3 }  // ing
    else if n > 4, w[n - 2] == 0x65, w[n - 1] == 0x64 { n -= 2 }  // ed
    else if n > 4, w[n - 2] == 0x6C, w[n - 1] == 0x79 { n -= 2 }  // ly
    else if n > 4, w[n - 2] == 0x65, w[n - 1] == 0x73 { n -= 2 }  // es
    else if n > 3, w[n - 1] == 0x73, w[n - 2] != 0x73 { n -= 1 }  // s
    return hashBytes(UnsafeBufferPointer(rebasing: w[0..<n]))
  }

  @inline(__always)
  static func hashBytes(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for c in b {
      h ^= UInt64(c)
      h &*= 0x100_0000_01b3
    }
    return h
  }

  static func hashBytes(_ s: String) -> UInt64 {
    var s = s
    return s.withUTF8 { hashBytes($0) }
  }

  /// Hash of a word as the tokenizer would produce it (for lexicons).
  static func wordHash(_ s: String) -> UInt64 { hashBytes(s.lowercased()) }
  static func wordStem(_ s: String) -> UInt64 {
    var s = s.lowercased()
    return s.withUTF8 { $0.count <= 3 ? hashBytes($0) : stemHashOfWord($0) }
  }
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
  static let table = FlagTable(words.map { (TextTokenizer.wordHash($0), 1) })
}
