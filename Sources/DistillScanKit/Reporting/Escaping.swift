/// Escaping of untrusted, log-derived text, one helper per sink.
///
/// Everything that comes from a log line (prompts, templates, account ids, request ids, user agents,
/// model names, file names) is attacker-controlled: an account that distils a model also chooses the
/// strings we later show to an analyst. Every writer passes such text through exactly one of these
/// helpers at the point where it enters the output, never earlier (so no double escaping) and never
/// "only when it looks suspicious".
public enum Escape {
  // MARK: Invisible and control characters (all sinks)

  /// Replaces code points that are invisible or that change how surrounding text is displayed with a
  /// visible ASCII marker: C0 controls (`\x1B`), DEL and C1 controls, bidirectional overrides and
  /// isolates (`\u202E`: "Trojan Source"-style spoofing of account ids), zero-width and other format
  /// characters, line/paragraph separators and Unicode tag characters (used to smuggle hidden
  /// instructions into prompts). Analysts see that something was there instead of being fooled by it.
  ///
  /// - Parameter multiline: keep `\n` and `\t` as they are (for `<pre>` blocks and fenced code);
  ///   otherwise they are marked too so a value stays on one line.
  public static func visible(_ s: String, multiline: Bool = false) -> String {
    // Fast path: most strings are plain printable text.
    if !s.unicodeScalars.contains(where: { needsMarker($0, multiline: multiline) }) { return s }
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars {
      if needsMarker(u, multiline: multiline) {
        out.append(contentsOf: marker(u).unicodeScalars)
      } else {
        out.append(u)
      }
    }
    return String(out)
  }

  static func needsMarker(_ u: Unicode.Scalar, multiline: Bool) -> Bool {
    switch u.value {
    case 0x0A, 0x09: return !multiline
    case 0x00...0x1F, 0x7F...0x9F: return true
    case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0x2028, 0x2029, 0xFEFF,
      0xFFF9...0xFFFB, 0xE0000...0xE007F:
      return true
    default: return false
    }
  }

  static func marker(_ u: Unicode.Scalar) -> String {
    let hex = String(u.value, radix: 16, uppercase: true)
    if u.value < 0x100 { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
    return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// Length cap of the sink helpers when the caller does not choose one.
  public static let defaultLimit = 1_000

  /// Cuts a string to at most `limit` characters, saying how much was dropped. Applied before
  /// escaping so an escape sequence is never cut in half.
  public static func truncate(_ s: String, _ limit: Int) -> String {
    guard limit > 0, s.count > limit else { return s }
    return String(s.prefix(limit)) + "… (+\(s.count - limit) chars)"
  }

  // MARK: HTML

  /// Text content and quoted attribute values: `& < > " '` become entities. Works in both contexts,
  /// so a caller cannot pick the wrong one. Controls are made visible first. Like every sink helper it
  /// caps the length (``defaultLimit``), so a 20 MB "account id" cannot bloat a report a writer forgot
  /// to truncate; callers that show long text on purpose pass a larger limit.
  public static func html(_ s: String, multiline: Bool = false, limit: Int = defaultLimit) -> String {
    let v = visible(truncate(s, limit), multiline: multiline)
    guard v.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return v }
    var out = ""
    out.reserveCapacity(v.utf8.count + 16)
    for ch in v.unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(ch)
      }
    }
    return out
  }

  // MARK: Markdown (CommonMark + GFM)

  /// ASCII punctuation that opens or closes Markdown syntax anywhere in a line: links and images
  /// (`[ ]`; with them escaped, `( ) !` are inert), raw HTML and autolinks (`< >`), emphasis
  /// (`* _ ~`), code (`` ` ``), tables (`|`), entities (`&`, which could otherwise decode to a bidi
  /// override). E-mail autolinks are defanged instead (``defang(_:)``). CommonMark defines `\` + ASCII punctuation as the literal
  /// character. Other punctuation stays bare so numbers and dates remain readable in raw Markdown.
  static let markdownSpecial: Set<UInt8> = Set("\\`*_[]|<>~&".utf8)
  /// Only special at the start of a line (headings, lists, quotes, setext underlines).
  static let markdownLineStart: Set<UInt8> = Set("#-+=>".utf8)

  /// Free text inside a paragraph, list item or table cell. Newlines become markers (one line), URL
  /// schemes are defanged (`hxxp://`) so GFM's extended autolinks cannot turn them into links. The
  /// value is treated as if it could start a line, since some callers put it there.
  public static func markdown(_ s: String, limit: Int = defaultLimit) -> String {
    let v = defang(visible(truncate(s, limit), multiline: false))
    var out: [UInt8] = []
    out.reserveCapacity(v.utf8.count + 8)
    let bytes = Array(v.utf8)
    // Leading spaces would not change the line-start rules (up to 3 are allowed before a marker).
    let firstNonSpace = bytes.firstIndex { $0 != 0x20 } ?? 0
    for (i, b) in bytes.enumerated() {
      if markdownSpecial.contains(b) || (i == firstNonSpace && markdownLineStart.contains(b)) {
        out.append(0x5C)
      } else if i > firstNonSpace, b == 0x2E || b == 0x29, bytes[firstNonSpace..<i].allSatisfy({ (0x30...0x39).contains($0) }) {
        out.append(0x5C)  // "1." / "1)" at the start would begin an ordered list
      }
      out.append(b)
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// An inline code span holding an identifier (account, request id, model). Nothing inside a code
  /// span is interpreted, so identifiers stay copyable; only the backtick fence needs care. In a GFM
  /// table a `|` still splits the cell even inside code, so it is escaped there.
  public static func markdownCode(_ s: String, inTable: Bool = false, limit: Int = defaultLimit) -> String {
    var v = visible(truncate(s, limit), multiline: false)
    if inTable { v = v.replacing("|", with: "\\|") }
    if v.isEmpty { return "` `" }
    let fence = String(repeating: "`", count: longestRun(of: "`", in: v) + 1)
    // A leading/trailing backtick would merge with the fence; CommonMark strips one space each side.
    let pad = v.hasPrefix("`") || v.hasSuffix("`") || (v.hasPrefix(" ") && v.hasSuffix(" ")) ? " " : ""
    return fence + pad + v + pad + fence
  }

  /// A fenced code block for multi-line text such as prompts. The fence is longer than any backtick
  /// run inside, so the text cannot close the block early and everything in it stays literal.
  public static func markdownFence(_ s: String, info: String = "text", limit: Int = 10 * defaultLimit) -> String {
    let v = visible(truncate(s, limit), multiline: true)
    let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: v) + 1))
    return fence + info + "\n" + v + (v.hasSuffix("\n") ? "" : "\n") + fence + "\n"
  }

  /// Neutralises URL schemes, `www.` and e-mail addresses so no renderer turns log text into a
  /// clickable link (the usual "defanging" convention of security reports). Backslash-escaping is not
  /// enough here: cmark-gfm still autolinks `me\@evil.example` (checked in MarkdownRendererTests).
  static func defang(_ s: String) -> String {
    guard s.contains(where: { $0 == ":" || $0 == "." || $0 == "@" }) else { return s }
    var out = ""
    var rest = Substring(s)
    let needles: [(String, String)] = [
      ("https://", "hxxps://"), ("http://", "hxxp://"), ("ftp://", "fxp://"), ("www.", "www[.]"),
      ("mailto:", "mailto[:]"), ("javascript:", "javascript[:]"), ("data:", "data[:]"), ("file://", "fxle://"),
    ]
    outer: while let lead = rest.utf8.first {
      // Needles all start with one of these ASCII letters; a byte check rules most positions
      // out before the Character-level comparison (which stays the rule). Before, every
      // position counted the rest of the string for every needle: quadratic in the text length.
      let f = lead | 0x20
      if f == 0x68 || f == 0x66 || f == 0x77 || f == 0x6D || f == 0x6A || f == 0x64 {  // h f w m j d
        for (n, r) in needles where Self.startsFolded(rest.utf8, n) {
          let head = rest.prefix(n.count)
          if head.lowercased() == n {
            out += r
            rest = rest.dropFirst(n.count)
            continue outer
          }
        }
      }
      let ch = rest.removeFirst()
      if ch == "@", let next = rest.first, next.isLetter || next.isNumber {
        out += "[@]"
      } else {
        out.append(ch)
      }
    }
    return out
  }

  /// True when `text` starts with the lowercase ASCII `needle`, ignoring ASCII case.
  @inline(__always)
  static func startsFolded(_ text: Substring.UTF8View, _ needle: String) -> Bool {
    var i = text.startIndex
    for b in needle.utf8 {
      guard i != text.endIndex else { return false }
      let c = text[i]
      if c != b && !(c >= 0x41 && c <= 0x5A && c | 0x20 == b) { return false }
      i = text.index(after: i)
    }
    return true
  }

  static func longestRun(of c: Character, in s: String) -> Int {
    var best = 0
    var run = 0
    for ch in s {
      if ch == c {
        run += 1
        best = max(best, run)
      } else {
        run = 0
      }
    }
    return best
  }

  // MARK: CSV (RFC 4180) with formula-injection defence

  /// One CSV cell. A cell that a spreadsheet would evaluate (`= + - @`, tab, CR at the start, the
  /// OWASP list) gets a leading `'` so it is shown as text. Then RFC 4180 quoting: cells with `,` `"`
  /// CR or LF are quoted and `"` doubled. Controls are made visible so a row stays one physical line.
  public static func csvCell(_ s: String, limit: Int = defaultLimit) -> String {
    var v = truncate(s, limit)
    if let f = v.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(f) {
      v = "'" + v
    }
    v = visible(v, multiline: false)
    if v.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
      return "\"" + v.replacing("\"", with: "\"\"") + "\""
    }
    return v
  }

  // MARK: Terminal

  /// A single-line value for the terminal: no escape sequences, no bidi tricks, no line breaks, at most
  /// `limit` characters.
  public static func terminal(_ s: String, limit: Int = 120) -> String {
    visible(truncateSimple(s, limit), multiline: false)
  }

  static func truncateSimple(_ s: String, _ limit: Int) -> String {
    guard limit > 1, s.count > limit else { return s }
    return String(s.prefix(limit - 1)) + "…"
  }
}
