import Glibc
import Testing
@testable import DistillScanKit

/// A fresh directory under /tmp for one test.
func scratchDir(_ tag: String) -> String {
  var template = Array("/tmp/distillscan-review-\(tag)-XXXXXX".utf8CString)
  return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
}

func write(_ path: String, _ text: String) throws {
  try writeFileAtomically(path, Array(text.utf8))
}

private func canonical(_ i: Int, account: String? = nil) -> String {
  #"{"v":"ds1","ts":"2026-02-14T10:00:0\#(i % 10)Z","account":"\#(account ?? "acct-\(i % 3)")","request_id":"r\#(i)","model":"m","prompt":"hello \#(i)"}"#
}

/// Regressions found in the adversarial review: each test failed before its fix.
@Suite("review regressions")
struct ReviewRegressionTests {
  /// A JSON-lines file whose first line is blank (or only whitespace) is not a pretty-printed
  /// document: before the fix the whole file was read as one document, rejected as one line, and
  /// every record in it was lost.
  @Test(arguments: ["\n", "  \n", "\r\n", "\n\n \t\n"])
  func leadingBlankLinesDoNotTurnJSONLinesIntoOneDocument(_ lead: String) throws {
    let dir = scratchDir("lead")
    let path = dir + "/lead.jsonl"
    try write(path, lead + (0..<6).map { canonical($0) }.joined(separator: "\n") + "\n")
    for chunk in [64, 100, 4096, 2 << 20] {
      let r = try scan([path], chunkSize: chunk)
      #expect(r.stats.accepted == 6, "chunk \(chunk)")
      #expect(r.stats.rejectedTotal == 0, "chunk \(chunk)")
      #expect(r.stats.lines == r.stats.accepted + r.stats.rejectedTotal)
    }
  }

  /// A JSON-lines file whose first line is cut (log rotated mid-write) loses that line only.
  /// Before the fix the file was taken for one pretty-printed document and all of it was lost.
  @Test func truncatedFirstLineLosesOnlyThatLine() throws {
    let dir = scratchDir("trunc")
    let path = dir + "/trunc.jsonl"
    try write(path, #"{"v":"ds1","account":"cut","prom"# + "\n" + (0..<6).map { canonical($0) }.joined(separator: "\n") + "\n")
    for chunk in [64, 100, 4096, 2 << 20] {
      let r = try scan([path], chunkSize: chunk)
      #expect(r.stats.accepted == 6, "chunk \(chunk)")
      #expect(r.stats.rejected == [.malformedJSON: 1], "chunk \(chunk)")
      #expect(r.stats.examples[.malformedJSON]?.map(\.line) == [1], "chunk \(chunk)")
    }
  }

  /// A pretty-printed document behind blank lines is still one document.
  @Test func prettyDocumentAfterBlankLineIsOneRecord() throws {
    let dir = scratchDir("pretty")
    let path = dir + "/pretty.json"
    let body = try readWholeFile(Fixture.payloadPretty)
    try write(path, "\n\n" + String(decoding: body, as: UTF8.self))
    for chunk in [64, 4096] {
      let r = try scan([path], chunkSize: chunk)
      #expect(r.stats.accepted == 1, "chunk \(chunk)")
      #expect(r.stats.rejectedTotal == 0, "chunk \(chunk)")
    }
  }

  /// A symlink loop inside a scanned directory made the walk re-enter the same directory until
  /// the path got too long, reading the same file dozens of times (every count multiplied).
  /// The same file named twice by different spellings (`a`, `./a`, a symlink) is read once.
  @Test func symlinkLoopsAndAliasesAreReadOnce() throws {
    let dir = scratchDir("loop")
    #expect(mkdir(dir + "/sub", 0o755) == 0)
    try write(dir + "/sub/g.jsonl", (0..<3).map { canonical($0) }.joined(separator: "\n") + "\n")
    #expect(symlink(dir + "/sub", dir + "/sub/loop") == 0)
    #expect(symlink(dir + "/sub/g.jsonl", dir + "/alias.jsonl") == 0)
    let files = try InputDiscovery.expand([dir])
    #expect(files.count == 1, "\(files.map(\.displayName))")
    let r = try scan([dir])
    #expect(r.stats.accepted == 3)
    let aliases = try InputDiscovery.expand([dir + "/sub/g.jsonl", dir + "/sub/./g.jsonl", dir + "/alias.jsonl"])
    #expect(aliases.map(\.path) == [dir + "/sub/g.jsonl"])
  }
}

@Suite("review regressions: extreme numbers")
struct ReviewExtremeNumberTests {
  /// Bedrock input token count = uncached + cache reads + cache writes: with counts near Int.max
  /// the sum overflowed and trapped, crashing the whole scan on one corrupt line.
  @Test(arguments: [
    #""inputTokenCount":12,"cacheReadInputTokenCount":9223372036854775807,"cacheWriteInputTokenCount":9223372036854775807"#,
    #""inputTokenCount":9223372036854775807,"cacheReadInputTokenCount":5"#,
    #""inputTokenCount":-9223372036854775808,"cacheReadInputTokenCount":0"#,
  ])
  func bedrockTokenCountsNearIntMaxDoNotTrap(_ counts: String) throws {
    let dir = scratchDir("bedrock-big")
    let path = dir + "/big.jsonl"
    let line =
      #"{"schemaType":"ModelInvocationLog","schemaVersion":"1.0","timestamp":"2026-02-14T10:15:05Z","accountId":"210987654321","identity":{"arn":"arn:aws:iam::210987654321:user/big"},"region":"us-east-1","requestId":"big-1","operation":"Converse","modelId":"anthropic.claude-3-haiku","input":{"inputContentType":"application/json","#
      + counts + #","inputBodyJson":{"messages":[{"role":"user","content":[{"text":"hi"}]}]}},"output":{"outputTokenCount":3}}"#
    try write(path, line + "\n")
    let r = try scan([path])
    #expect(r.stats.accepted == 1)
    let p = try #require(r.accounts.profiles.values.first)
    // Implausible totals are treated as absent, like any other corrupt token count.
    #expect(p.inputTokens == 0)
    #expect(p.outputTokens == 3)
  }
}
