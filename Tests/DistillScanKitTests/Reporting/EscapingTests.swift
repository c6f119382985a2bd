import Testing

@testable import DistillScanKit

@Suite struct EscapingTests {
  @Test func visibleMarksControlsBidiAndInvisibles() {
    #expect(Escape.visible("a\u{1B}[31mb") == "a\\x1B[31mb")
    #expect(Escape.visible("admin\u{202E}gpj.exe") == "admin\\u202Egpj.exe")
    #expect(Escape.visible("x\u{200B}y\u{2066}z\u{2069}") == "x\\u200By\\u2066z\\u2069")
    #expect(Escape.visible("tag\u{E0041}") == "tag\\uE0041")
    #expect(Escape.visible("c1\u{85}\u{9B}") == "c1\\x85\\x9B")
    #expect(Escape.visible("del\u{7F}") == "del\\x7F")
    #expect(Escape.visible("a\nb\tc\r") == "a\\x0Ab\\x09c\\x0D")
    #expect(Escape.visible("a\nb\tc\r", multiline: true) == "a\nb\tc\\x0D")
    #expect(Escape.visible("line\u{2028}sep") == "line\\u2028sep")
    // Ordinary text, including non-Latin scripts and emoji, is untouched.
    #expect(Escape.visible("héllo 世界 🙂 ≥3") == "héllo 世界 🙂 ≥3")
  }

  @Test func truncateSaysHowMuchWasCut() {
    #expect(Escape.truncate("abcdef", 3) == "abc… (+3 chars)")
    #expect(Escape.truncate("abc", 3) == "abc")
  }

  @Test func htmlEscapesAllFiveCharacters() {
    #expect(Escape.html("<a href=\"x\" title='y'>&</a>") == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
    #expect(Escape.html("\"><img src=x onerror=alert(1)>") == "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
    #expect(Escape.html("a\u{202E}b\nc") == "a\\u202Eb\\x0Ac")
    #expect(Escape.html("a\nb", multiline: true) == "a\nb")
    #expect(Escape.html("plain") == "plain")
  }

  @Test func markdownTextIsInert() {
    #expect(Escape.markdown("[click](http://evil.example)") == "\\[click\\](hxxp://evil.example)")
    #expect(Escape.markdown("![x](https://evil.example/p.png)") == "!\\[x\\](hxxps://evil.example/p.png)")
    #expect(Escape.markdown("<script>") == "\\<script\\>")
    #expect(Escape.markdown("*a* _b_ `c` ~d~ | e & f @ g \\") == "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\| e \\& f @ g \\\\")
    #expect(Escape.markdown("mail me@evil.example") == "mail me\\[@\\]evil.example")
    #expect(Escape.markdown("www.evil.example") == "www\\[.\\]evil.example")
    #expect(Escape.markdown("HTTP://EVIL") == "hxxp://EVIL")
    // Line-start syntax is neutralised (the value may start a paragraph).
    #expect(Escape.markdown("# title") == "\\# title")
    #expect(Escape.markdown("- item") == "\\- item")
    #expect(Escape.markdown("> quote") == "\\> quote")
    #expect(Escape.markdown("12. item") == "12\\. item")
    #expect(Escape.markdown("=====") == "\\=====")
    // ...but ordinary numbers and dates stay readable.
    #expect(Escape.markdown("score 0.97 on 2026-02-14 (3 hits)") == "score 0.97 on 2026-02-14 (3 hits)")
    #expect(Escape.markdown("a\nb") == "a\\\\x0Ab")
  }

  @Test func markdownCodeSpanFenceIsLongerThanContent() {
    #expect(Escape.markdownCode("acct-1") == "`acct-1`")
    #expect(Escape.markdownCode("a`b") == "``a`b``")
    #expect(Escape.markdownCode("``x``") == "``` ``x`` ```")
    #expect(Escape.markdownCode("a|b", inTable: true) == "`a\\|b`")
    #expect(Escape.markdownCode("a|b") == "`a|b`")
    #expect(Escape.markdownCode("") == "` `")
    #expect(Escape.markdownCode("x\ny") == "`x\\x0Ay`")
  }

  @Test func markdownFenceCannotBeClosedFromInside() {
    let f = Escape.markdownFence("before\n````\nafter")
    #expect(f == "`````text\nbefore\n````\nafter\n`````\n")
    #expect(Escape.markdownFence("plain") == "```text\nplain\n```\n")
    #expect(Escape.markdownFence("x\u{1B}[2J") == "```text\nx\\x1B[2J\n```\n")
  }

  @Test func csvCellsDefuseFormulas() {
    #expect(Escape.csvCell("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
    #expect(Escape.csvCell("+cmd") == "'+cmd")
    #expect(Escape.csvCell("-2+3") == "'-2+3")
    #expect(Escape.csvCell("@SUM(1)") == "'@SUM(1)")
    #expect(Escape.csvCell("\tx") == "'\\x09x")
    #expect(Escape.csvCell("\rx") == "'\\x0Dx")
    #expect(Escape.csvCell("a,b") == "\"a,b\"")
    #expect(Escape.csvCell("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(Escape.csvCell("multi\nline") == "multi\\x0Aline")
    #expect(Escape.csvCell("plain text") == "plain text")
    #expect(Escape.csvCell("a=b") == "a=b")
  }

  @Test func terminalStripsEscapesAndTruncates() {
    #expect(Escape.terminal("\u{1B}[2J\u{1B}]8;;http://x\u{07}") == "\\x1B[2J\\x1B]8;;http://x\\x07")
    #expect(Escape.terminal("abcdefgh", limit: 5) == "abcd…")
    #expect(Escape.terminal("a\u{202E}b\nc") == "a\\u202Eb\\x0Ac")
  }
}

/// `Escape.defang` skips most positions with a byte check; it must give exactly what the plain
/// Character-level rule gives (kept here as the reference), also around combining marks.
@Suite struct DefangEquivalenceTests {
  static func reference(_ s: String) -> String {
    guard s.contains(where: { $0 == ":" || $0 == "." || $0 == "@" }) else { return s }
    var out = ""
    var rest = Substring(s)
    let needles: [(String, String)] = [
      ("https://", "hxxps://"), ("http://", "hxxp://"), ("ftp://", "fxp://"), ("www.", "www[.]"),
      ("mailto:", "mailto[:]"), ("javascript:", "javascript[:]"), ("data:", "data[:]"), ("file://", "fxle://"),
    ]
    outer: while !rest.isEmpty {
      for (n, r) in needles where rest.count >= n.count {
        if rest.prefix(n.count).lowercased() == n {
          out += r
          rest = rest.dropFirst(n.count)
          continue outer
        }
      }
      let ch = rest.removeFirst()
      if ch == "@", let next = rest.first, next.isLetter || next.isNumber { out += "[@]" } else { out.append(ch) }
    }
    return out
  }

  @Test func sameAsTheCharacterRule() {
    var rng = TestRNG(5)
    let pieces = ["HTTPS://", "http://", "www.", "WwW.", "mailto:", "JavaScript:", "data:", "file://", "ftp://", "x@y", "@", ".", ":",
                  "\u{0301}", "é", "h", "w", "d", " ", "İ", "\u{212A}", "日本", "a"]
    for _ in 0..<3000 {
      let s = (0..<rng.int(12)).map { _ in pieces[rng.int(pieces.count)] }.joined()
      #expect(Escape.defang(s) == Self.reference(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
    }
  }
}
