import Foundation
import Testing

@testable import DistillScanKit

/// Attacker-chosen text (account ids, prompts, user agents, file names…) goes through every writer
/// and must come out inert for that sink. The checks are structural (what tags exist, what Markdown
/// syntax is unescaped, what a CSV cell starts with), not "does the output contain this exact
/// escaped string", so they catch escaping that is merely different, not only missing.
@Suite struct HostileInputTests {
  static let report = SampleReports.hostileReport()
  static func render(_ id: String, redact: Bool = false) -> String {
    var o = ReportOptions()
    o.redact = redact
    return String(decoding: ReportWriters.writer(id: id)!.render(report, options: o), as: UTF8.self)
  }

  /// Characters that must never reach any people-facing output raw.
  static let forbiddenScalars: [Unicode.Scalar] = ["\u{1B}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{200B}", "\u{2028}", "\u{2029}", "\u{85}", "\u{9B}", "\u{07}", "\u{E0041}"]

  static func rawControls(_ s: String, allowNewlines: Bool) -> [String] {
    var bad: [String] = []
    for u in s.unicodeScalars {
      if forbiddenScalars.contains(u) || (u.value < 0x20 && !(allowNewlines && (u == "\n" || u == "\t" || u == "\r"))) {
        bad.append(String(u.value, radix: 16))
      }
    }
    return bad
  }

  static func longestRun(_ s: String, of c: Character) -> Int {
    var best = 0, run = 0
    for ch in s {
      run = ch == c ? run + 1 : 0
      best = max(best, run)
    }
    return best
  }

  // MARK: HTML

  static let allowedTags: Set<String> = [
    "!doctype", "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p", "div", "strong", "nav",
    "label", "select", "option", "input", "span", "section", "table", "thead", "tbody", "tr", "th", "td", "a", "b", "article",
    "dl", "dt", "dd", "code", "svg", "line", "text", "g", "rect", "path", "ul", "li", "figure", "figcaption", "pre", "details",
    "summary", "footer", "script",
  ]

  /// Every `<name` in the document (opening and closing tags).
  static func tagNames(_ html: String) -> [String] {
    var names: [String] = []
    let b = Array(html.utf8)
    var i = 0
    while i < b.count {
      if b[i] == UInt8(ascii: "<") {
        var j = i + 1
        if j < b.count, b[j] == UInt8(ascii: "/") { j += 1 }
        let start = j
        while j < b.count, b[j] != 0x20, b[j] != UInt8(ascii: ">"), b[j] != 0x0A, b[j] != UInt8(ascii: "/") { j += 1 }
        names.append(String(decoding: b[start..<j], as: UTF8.self).lowercased())
      }
      i += 1
    }
    return names
  }

  @Test func htmlHasOnlyOurTagsAndScripts() throws {
    let html = Self.render("html")
    let unknown = Set(Self.tagNames(html)).subtracting(Self.allowedTags)
    #expect(unknown.isEmpty, "unexpected tags: \(unknown.sorted())")
    let lower = html.lowercased()
    #expect(lower.components(separatedBy: "<script").count - 1 == 2, "exactly the data block and our script")
    #expect(lower.components(separatedBy: "</script").count - 1 == 2)
    for needle in ["<img", "<svg onload", "onerror", "onload", "<!--", "javascript:alert", "innerhtml", "outerhtml", "insertadjacenthtml", "document.write", "eval("] {
      // "onerror"/"onload"/"javascript:" may appear as escaped text (&quot;&gt;&lt;img … onerror=…) but
      // never inside a tag: check the tag-level text only.
      if ["onerror", "onload", "javascript:alert"].contains(needle) {
        #expect(!Self.tagText(html).lowercased().contains(needle), "\(needle) inside a tag")
      } else {
        #expect(!lower.contains(needle), "\(needle) in report.html")
      }
    }
    #expect(Self.rawControls(html, allowNewlines: true).isEmpty, "raw controls: \(Self.rawControls(html, allowNewlines: true))")
    #expect(Self.longestRun(html, of: "A") < 5_000, "very long strings are truncated")
    #expect(html.contains(HTMLReportWriter.csp))
  }

  /// The text inside `<…>` of every tag, where an attribute injection would show.
  static func tagText(_ html: String) -> String {
    var out = ""
    var inTag = false
    for ch in html {
      if ch == "<" { inTag = true }
      if inTag { out.append(ch) }
      if ch == ">" { inTag = false }
    }
    return out
  }

  @Test func htmlDataBlockIsValidJSONWithTheRealText() throws {
    let html = Self.render("html")
    let open = "<script type=\"application/json\" id=\"ds-data\">"
    let start = try #require(html.range(of: open)).upperBound
    let end = try #require(html[start...].range(of: "</script>")).lowerBound
    let data = try JSONValue.parse(String(html[start..<end]))
    let subjects = try #require(data["incidents"]?.array).compactMap { $0["subject"]?.string }
    // The filter searches the text as displayed: controls as visible markers, bounded length.
    let expected = Self.report.incidents.map { Escape.visible(Escape.truncate($0.subject, 300)) }
    let same = subjects == expected
    #expect(same, "data block subjects differ from the displayed subjects")
    #expect(subjects[0] == "<script>alert(1)</script>", "kept as text in JSON (\\u003c), not HTML-escaped twice")
    #expect(!html[start..<end].contains("<"))
  }

  // MARK: Markdown

  /// Splits Markdown into (outside fenced blocks, inside fenced blocks), honouring fence lengths.
  static func splitFences(_ md: String) -> (outside: [String], inside: [String], unclosed: Bool) {
    var outside: [String] = [], inside: [String] = []
    var fence = 0
    for line in md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      let ticks = line.prefix { $0 == "`" }.count
      if fence == 0 {
        if ticks >= 3 { fence = ticks } else { outside.append(line) }
      } else if ticks >= fence && line.allSatisfy({ $0 == "`" }) {
        fence = 0
      } else {
        inside.append(line)
      }
    }
    return (outside, inside, fence != 0)
  }

  /// Removes backslash escapes and code spans (CommonMark rules: a run of n backticks closes only on
  /// a run of exactly n), leaving the text a renderer would parse for syntax.
  static func syntaxText(_ line: String) -> String {
    let c = Array(line)
    var out = ""
    var i = 0
    while i < c.count {
      if c[i] == "\\", i + 1 < c.count, c[i + 1].isASCII, c[i + 1].isPunctuation || c[i + 1].isSymbol {
        out.append("·")
        i += 2
        continue
      }
      if c[i] == "`" {
        var n = 0
        while i + n < c.count, c[i + n] == "`" { n += 1 }
        var j = i + n
        var closed = false
        while j < c.count {
          if c[j] == "`" {
            var m = 0
            while j + m < c.count, c[j + m] == "`" { m += 1 }
            if m == n { closed = true; j += m; break }
            j += m
          } else {
            j += 1
          }
        }
        if closed {
          out.append("«code»")
          i = j
          continue
        }
      }
      out.append(c[i])
      i += 1
    }
    return out
  }

  @Test func markdownHasNoLiveSyntaxFromLogs() {
    let md = Self.render("md")
    let (outside, inside, unclosed) = Self.splitFences(md)
    #expect(!unclosed, "a prompt closed or broke its fence")
    #expect(Self.rawControls(md, allowNewlines: true).isEmpty, "raw controls: \(Self.rawControls(md, allowNewlines: true))")
    let email = try! Regex(#"[A-Za-z0-9]@[A-Za-z0-9]"#)
    let ours = try! Regex(#"^#{1,3} (distillscan report|\d+\. «code» — |Why it fired|Top templates|Exemplar prompts|Linked accounts|Next steps)"#)
    for line in outside {
      let t = Self.syntaxText(line)
      // "**" is our own bold marker (severity, fingerprint ids); any other * is from the logs.
      let bare = t.replacing("**", with: "")
      for bad in ["[", "]", "<", ">", "*", "_", "~", "&"] where bare.contains(bad) {
        Issue.record("unescaped \(bad) in: \(line.prefix(160))")
      }
      if (try? email.firstMatch(in: t)) != nil { Issue.record("e-mail autolink in: \(line.prefix(160))") }
      for url in ["http://", "https://", "www.", "javascript:"] where t.lowercased().contains(url) {
        Issue.record("live link \(url) in: \(line.prefix(160))")
      }
      if t.hasPrefix("#") && (try? ours.firstMatch(in: t)) == nil { Issue.record("heading from log text: \(line.prefix(160))") }
      if t.hasPrefix("|") {
        let pipes = t.filter { $0 == "|" }.count
        #expect(pipes == 9 || pipes == 4, "table row with \(pipes) cell separators: \(line.prefix(160))")
      }
    }
    // Bold markers are ours only: "**critical**", "**N incidents**", "**fingerprint**".
    #expect(!inside.isEmpty, "prompts are in fenced blocks")
    #expect(Self.longestRun(md, of: "A") < 5_000)
  }

  // MARK: CSV

  static func parseCSV(_ s: String) -> [[String]]? {
    var rows: [[String]] = []
    var row: [String] = []
    var cell = ""
    var quoted = false
    var i = s.startIndex
    var atCellStart = true
    while i < s.endIndex {
      let ch = s[i]
      if quoted {
        if ch == "\"" {
          let n = s.index(after: i)
          if n < s.endIndex, s[n] == "\"" { cell.append("\""); i = s.index(after: n); continue }
          quoted = false
        } else {
          cell.append(ch)
        }
      } else if ch == "\"" {
        guard atCellStart else { return nil }  // a quote in the middle of an unquoted cell
        quoted = true
      } else if ch == "," {
        row.append(cell); cell = ""; atCellStart = true; i = s.index(after: i); continue
      } else if ch == "\r\n" {
        row.append(cell); rows.append(row); row = []; cell = ""; atCellStart = true; i = s.index(after: i); continue
      } else if ch == "\n" || ch == "\r" {
        return nil  // bare line ends are not RFC 4180 row ends
      } else {
        cell.append(ch)
      }
      atCellStart = false
      i = s.index(after: i)
    }
    guard !quoted, cell.isEmpty, row.isEmpty else { return nil }
    return rows
  }

  @Test func csvCellsAreQuotedAndDefused() throws {
    let csv = Self.render("csv")
    let rows = try #require(Self.parseCSV(csv), "not RFC 4180")
    #expect(rows.count == Self.report.incidents.count + 1)
    #expect(rows.first == CSVReportWriter.columns)
    for r in rows {
      #expect(r.count == CSVReportWriter.columns.count)
      for cell in r {
        if let f = cell.unicodeScalars.first { #expect(!["=", "+", "-", "@", "\t", "\r"].contains(f), "formula cell: \(cell.prefix(60))") }
      }
    }
    #expect(Self.rawControls(csv, allowNewlines: false).filter { $0 != "d" && $0 != "a" }.isEmpty)
    // Subjects survive (defused with a leading ' where needed, controls made visible).
    #expect(rows[1][3] == "<script>alert(1)</script>")
    #expect(rows.contains { $0[3] == "'=HYPERLINK(\"http://evil.example\",\"x\")" })
  }

  // MARK: Terminal

  @Test func terminalHasNoEscapesButOurColours() throws {
    var o = ReportOptions()
    o.top = 100
    let plain = TerminalSummary.render(Self.report, options: o)
    #expect(Self.rawControls(plain, allowNewlines: true).isEmpty)
    #expect(plain.split(separator: "\n").count == 2 + Self.report.incidents.count, "one line per incident")
    o.color = true
    let colored = TerminalSummary.render(Self.report, options: o)
    let sgr = try Regex(#"\x1B\[[0-9;]*m"#)
    let stripped = colored.replacing(sgr, with: "")
    #expect(Self.rawControls(stripped, allowNewlines: true).isEmpty, "only SGR colour codes")
    #expect(stripped == plain)
    for line in plain.split(separator: "\n") { #expect(line.count < 260) }
  }

  // MARK: Machine formats

  @Test(arguments: ["json", "ocsf", "jsonl"])
  func jsonOutputsParseAndRoundTrip(_ id: String) throws {
    let out = Self.render(id)
    #expect(!out.contains("<"), "< is escaped as \\u003c (safe to embed)")
    #expect(!out.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" } && !out.contains("\u{2028}"))
    var strings = Set<String>()
    for line in id == "json" ? [out] : out.split(separator: "\n").map(String.init) {
      strings.formUnion(try JSONValue.parse(line).allStrings)
    }
    // Machine formats keep the exact text: escaping is the consumer's job for its own sink.
    for h in SampleReports.hostile { #expect(strings.contains(h), "lost: \(h.prefix(40))") }
  }

  @Test(arguments: ReportWriters.all.map(\.id))
  func redactHidesPromptsInEveryWriter(_ id: String) {
    var o = ReportOptions()
    o.redact = true
    let out = String(decoding: ReportWriters.writer(id: id)!.render(SampleReports.standard(), options: o), as: UTF8.self)
    #expect(!out.contains(SampleReports.sentinel), "prompt text leaked from \(id) with --redact")
    if ["json", "md", "html", "ocsf"].contains(id) { #expect(out.contains("[redacted sha:")) }
    let plain = String(decoding: ReportWriters.writer(id: id)!.render(SampleReports.standard(), options: ReportOptions()), as: UTF8.self)
    if ["json", "md", "html", "ocsf"].contains(id) { #expect(plain.contains(SampleReports.sentinel), "the sentinel is really in the sample") }
  }
}
