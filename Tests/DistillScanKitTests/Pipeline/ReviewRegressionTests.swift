import Glibc
import Dispatch
import Foundation
import Synchronization
import Testing
@testable import DistillScanKit

/// A fresh directory under /tmp for one test.
func reviewScratchDir(_ tag: String) -> String {
  var template = Array("/tmp/distillscan-review-\(tag)-XXXXXX".utf8CString)
  return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
}

func writeText(_ path: String, _ text: String) throws {
  try writeFileAtomically(path, Array(text.utf8))
}

private func canonicalLine(_ i: Int, account: String? = nil) -> String {
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
    let dir = reviewScratchDir("lead")
    let path = dir + "/lead.jsonl"
    try writeText(path, lead + (0..<6).map { canonicalLine($0) }.joined(separator: "\n") + "\n")
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
    let dir = reviewScratchDir("trunc")
    let path = dir + "/trunc.jsonl"
    try writeText(path, #"{"v":"ds1","account":"cut","prom"# + "\n" + (0..<6).map { canonicalLine($0) }.joined(separator: "\n") + "\n")
    for chunk in [64, 100, 4096, 2 << 20] {
      let r = try scan([path], chunkSize: chunk)
      #expect(r.stats.accepted == 6, "chunk \(chunk)")
      #expect(r.stats.rejected == [.malformedJSON: 1], "chunk \(chunk)")
      #expect(r.stats.examples[.malformedJSON]?.map(\.line) == [1], "chunk \(chunk)")
    }
  }

  /// A pretty-printed document behind blank lines is still one document.
  @Test func prettyDocumentAfterBlankLineIsOneRecord() throws {
    let dir = reviewScratchDir("pretty")
    let path = dir + "/pretty.json"
    let body = try readWholeFile(Fixture.payloadPretty)
    try writeText(path, "\n\n" + String(decoding: body, as: UTF8.self))
    for chunk in [64, 4096] {
      let r = try scan([path], chunkSize: chunk)
      #expect(r.stats.accepted == 1, "chunk \(chunk)")
      #expect(r.stats.rejectedTotal == 0, "chunk \(chunk)")
    }
  }

  /// Records inside a pretty-printed document were all reported at the document's first line;
  /// each is now reported where it starts.
  @Test func recordsInADocumentKeepTheirOwnLine() throws {
    let dir = reviewScratchDir("pretty-lines")
    let path = dir + "/doc.json"
    try writeText(path, "\n[\n  " + canonicalLine(1) + ",\n\n  42,\n  " + canonicalLine(2) + "\n]\n")
    for chunk in [64, 4096] {
      let r = try scan([path], chunkSize: chunk)
      #expect(r.stats.accepted == 2, "chunk \(chunk)")
      #expect(r.stats.examples[.notAnObject]?.map(\.line) == [5], "chunk \(chunk)")
    }
  }

  /// A pretty-printed document with a raw newline inside a string (invalid JSON that hand-edited
  /// exports contain) is still one record, as it was before line numbers were kept.
  @Test func documentWithRawNewlineInAStringIsStillOneRecord() throws {
    let dir = reviewScratchDir("pretty-rawnl")
    let path = dir + "/doc.json"
    try writeText(path, "{\n  \"v\": \"ds1\",\n  \"ts\": \"2026-02-14T10:00:00Z\",\n  \"account\": \"a\",\n  \"prompt\": \"line one\nline two\"\n}\n")
    let r = try scan([path])
    #expect(r.stats.accepted == 1)
    #expect(r.stats.rejectedTotal == 0)
  }

  /// A symlink loop inside a scanned directory made the walk re-enter the same directory until
  /// the path got too long, reading the same file dozens of times (every count multiplied).
  /// The same file named twice by different spellings (`a`, `./a`, a symlink) is read once.
  @Test func symlinkLoopsAndAliasesAreReadOnce() throws {
    let dir = reviewScratchDir("loop")
    #expect(mkdir(dir + "/sub", 0o755) == 0)
    try writeText(dir + "/sub/g.jsonl", (0..<3).map { canonicalLine($0) }.joined(separator: "\n") + "\n")
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
    let dir = reviewScratchDir("bedrock-big")
    let path = dir + "/big.jsonl"
    let line =
      #"{"schemaType":"ModelInvocationLog","schemaVersion":"1.0","timestamp":"2026-02-14T10:15:05Z","accountId":"210987654321","identity":{"arn":"arn:aws:iam::210987654321:user/big"},"region":"us-east-1","requestId":"big-1","operation":"Converse","modelId":"anthropic.claude-3-haiku","input":{"inputContentType":"application/json","#
      + counts + #","inputBodyJson":{"messages":[{"role":"user","content":[{"text":"hi"}]}]}},"output":{"outputTokenCount":3}}"#
    try writeText(path, line + "\n")
    let r = try scan([path])
    #expect(r.stats.accepted == 1)
    let p = try #require(r.accounts.profiles.values.first)
    // Implausible totals are treated as absent, like any other corrupt token count.
    #expect(p.inputTokens == 0)
    #expect(p.outputTokens == 3)
  }
}

@Suite("review regressions: damaged streams")
struct ReviewDamagedStreamTests {
  /// A truncated stream whose last complete line is over-long: the reader is still skipping that
  /// line when the stream ends. The partial line after it must be dropped (counted as
  /// corrupt_stream) as on every other path; before the fix it was parsed (here: accepted as a
  /// record), so the result depended on the chunk size.
  /// (gzip and lz4 hand out the data before the missing trailer; zstd loses the whole last block.)
  @Test(arguments: [Compression.gzip, .lz4])
  func partialLineAfterOverlongLineOfBrokenStreamIsDropped(_ codec: Compression) throws {
    let dir = reviewScratchDir("skip-eof")
    // More than the 256 KiB sniffing window first: the reader only cuts (and skips) after it.
    let head = (0..<3000).map { canonicalLine($0) }.joined(separator: "\n") + "\n"
    var seen = Set<[RejectReason: Int]>()
    // Several lengths of the long line, so that for some of them its newline falls into the
    // reader's last, partly filled buffer whatever the buffer size.
    for pad in stride(from: 3000, to: 3064, by: 9) {
      let path = dir + "/t\(pad).jsonl" + Compressor.suffix(codec)
      let long = canonicalLine(90, account: "long" + String(repeating: "x", count: pad))
      // The last "line" is complete JSON but has no newline: the stream was cut after it. It is
      // shorter than the smallest chunk, so the reader can meet the end while skipping the long line.
      let text = head + long + "\n" + #"{"v":"ds1","account":"cut","prompt":"p"}"#
      var bytes = try Compressor.compress(Array(text.utf8), codec)
      bytes.removeLast(codec == .gzip ? 8 : 4)  // the trailer (gzip CRC + size, lz4 checksum)
      try writeFileAtomically(path, bytes)
      for chunk in [64, 100, 4096, 2 << 20] {
        let r = try scan([path], chunkSize: chunk, maxLineBytes: 1024)
        #expect(r.stats.accepted == 3000, "pad \(pad), chunk \(chunk)")
        #expect(!r.accounts.profiles.keys.contains("cut"), "pad \(pad), chunk \(chunk)")
        #expect(r.stats.lines == r.stats.accepted + r.stats.rejectedTotal)
        seen.insert(r.stats.rejected)
      }
    }
    #expect(seen == [[.lineTooLong: 1, .corruptStream: 1]])
  }
}

@Suite("review regressions: order independence")
struct ReviewOrderTests {
  /// Identical requests (same account, prompt, no request id) at the same line of two files got
  /// the same exemplar priority; the first one merged won the tie, so the exemplar shown (file,
  /// line, time) depended on which reader or worker got there first.
  @Test func exemplarDoesNotDependOnFileOrder() throws {
    let dir = reviewScratchDir("order")
    let a = dir + "/a.jsonl", b = dir + "/b.jsonl"
    try writeText(a, #"{"v":"ds1","ts":"2026-02-14T10:00:00Z","account":"dup","prompt":"same prompt"}"# + "\n")
    try writeText(b, #"{"v":"ds1","ts":"2026-02-14T11:00:00Z","account":"dup","prompt":"same prompt"}"# + "\n")
    func exemplarTimes(_ paths: [String]) throws -> [Double?] {
      let r = try scan(paths, workers: 1)
      return try #require(r.accounts.profiles["dup"]).samples.items.map(\.1.timestamp)
    }
    let forward = try exemplarTimes([a, b])
    let backward = try exemplarTimes([b, a])
    #expect(forward == backward)
    #expect(forward.count == 2)
  }
}

@Suite("review regressions: byte order mark")
struct ReviewBOMTests {
  /// A UTF-8 BOM at the start of a file (Windows tools write one) made the first record
  /// malformed_json, and a pretty-printed document with one was lost entirely (every line
  /// unknown_format).
  @Test(arguments: [Compression.none, .gzip])
  func byteOrderMarkIsIgnored(_ codec: Compression) throws {
    let dir = reviewScratchDir("bom")
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let lines = try bom + readWholeFile(Fixture.sample)
    let doc = try bom + readWholeFile(Fixture.payloadPretty)
    let plain = try scan([Fixture.sample])
    for (name, bytes) in [("lines.jsonl", lines), ("doc.json", doc)] {
      let path = dir + "/" + name + Compressor.suffix(codec)
      try writeFileAtomically(path, codec == .none ? bytes : try Compressor.compress(bytes, codec))
    }
    for chunk in [64, 4096, 2 << 20] {
      let r = try scan([dir + "/lines.jsonl" + Compressor.suffix(codec)], chunkSize: chunk)
      #expect(r.stats.accepted == plain.stats.accepted, "chunk \(chunk)")
      #expect(r.stats.rejected == plain.stats.rejected, "chunk \(chunk)")
      let d = try scan([dir + "/doc.json" + Compressor.suffix(codec)], chunkSize: chunk)
      #expect(d.stats.accepted == 1, "chunk \(chunk)")
      #expect(d.stats.rejectedTotal == 0, "chunk \(chunk)")
    }
  }
}

@Suite("review regressions: special files")
struct ReviewSpecialFileTests {
  /// A FIFO where a Bedrock sidecar is expected (its name comes from the log line) blocked the
  /// worker in open/read forever. The read runs on a helper thread so that the old behaviour
  /// fails this test instead of hanging it.
  @Test func sidecarThatIsAFIFOIsNotRead() throws {
    let dir = reviewScratchDir("fifo")
    let fifo = dir + "/sidecar_input.json.gz"
    #expect(mkfifo(fifo, 0o600) == 0)
    // Hold both ends so a blocked reader can be released at the end.
    let fd = open(fifo, O_RDWR | O_NONBLOCK)
    #expect(fd >= 0)
    _ = "{}".withCString { write(fd, $0, 2) }
    let done = DispatchSemaphore(value: 0)
    let result = Mutex<[UInt8]??>(nil)
    Thread.detachNewThread {
      let r = BedrockSidecar.read(path: fifo)
      result.withLock { $0 = .some(r) }
      done.signal()
    }
    let finished = done.wait(timeout: .now() + 3) == .success
    close(fd)  // no writer left: a reader still blocked sees end of file and returns
    if !finished { done.wait() }
    #expect(finished, "reading a FIFO sidecar blocked")
    #expect(result.withLock { $0 } == .some(nil))
  }
}

@Suite("review regressions: max errors")
struct ReviewMaxErrorsTests {
  /// `--max-errors` only counted lines rejected by the parser workers; lines the reader rejects
  /// (corrupt or unreadable files, over-long lines) were ignored, so ten corrupt files with
  /// `--max-errors 3` did not stop the scan and the CLI exited 0.
  @Test func readerRejectionsCountTowardMaxErrors() throws {
    let dir = reviewScratchDir("maxerr")
    let good = (0..<5).map { canonicalLine($0) }.joined(separator: "\n") + "\n"
    try writeText(dir + "/good.jsonl", good)
    let gz = try Compressor.compress(Array(good.utf8), .gzip)
    for i in 0..<10 { try writeFileAtomically(dir + "/bad\(i).jsonl.gz", Array(gz.prefix(30))) }
    var config = ScanConfiguration()
    config.inputs = try InputDiscovery.expand([dir])
    config.maxErrors = 3
    let r = ScanPipeline.run(config)
    #expect(r.stats.rejected[.corruptStream, default: 0] > 3)
    let stopped = r.stoppedOnErrors  // (a Bool, so a failure does not print the whole result)
    #expect(stopped)
    // Within the limit nothing changes.
    config.maxErrors = 100
    #expect(!ScanPipeline.run(config).stoppedOnErrors)
  }
}

@Suite("review regressions: input names")
struct ReviewInputNameTests {
  /// A file whose name holds glob characters is read when named exactly; patterns still expand.
  @Test func existingNameWithGlobCharactersIsTakenLiterally() throws {
    let dir = reviewScratchDir("glob")
    try writeText(dir + "/logs[1].jsonl", canonicalLine(1) + "\n")
    try writeText(dir + "/logs1.jsonl", canonicalLine(2) + "\n")
    #expect(try InputDiscovery.expand([dir + "/logs[1].jsonl"]).map(\.path) == [dir + "/logs[1].jsonl"])
    #expect(try InputDiscovery.expand([dir + "/logs[0-9].jsonl"]).map(\.path) == [dir + "/logs1.jsonl"])
    #expect(try InputDiscovery.expand([dir + "/*.jsonl"]).count == 2)
  }

  /// `- -` read standard input twice (the second read got nothing, or blocked on a terminal).
  @Test func stdinIsListedOnce() throws {
    #expect(try InputDiscovery.expand(["-", "-"]).count == 1)
  }

  /// `/dev/zero` was sniffed as plain text and read forever (an endless over-long line).
  @Test func devicesAreRefusedWithAClearError() {
    #expect(throws: DistillScanError.self) { try InputDiscovery.expand(["/dev/zero"]) }
    do {
      _ = try InputDiscovery.expand(["/dev/null"])
      Issue.record("a character device must be refused")
    } catch {
      #expect("\(error)".contains("character device"), "\(error)")
    }
  }
}

@Suite("review: reports do not depend on the split")
struct ReviewReportInvarianceTests {
  /// Every report written for the committed corpus (all three formats) is byte-identical
  /// whatever the worker count and chunk size (run timestamp and elapsed time pinned).
  @Test func corpusReportsAreIdenticalAcrossWorkersAndChunks() throws {
    func render(workers: Int, chunk: Int) throws -> [String: [UInt8]] {
      var config = ScanConfiguration()
      config.inputs = try InputDiscovery.expand([Fixture.path("corpus")])
      config.workers = workers
      config.chunkSize = chunk
      var result = ScanPipeline.run(config)
      result.elapsed = 0
      // The split itself is echoed in report.json's config: not part of the comparison.
      config.workers = 1
      config.chunkSize = 0
      let report = Scorer.buildReport(result, config: config, now: 0)
      var options = ReportOptions()
      options.fixedTimestamp = true
      return Dictionary(uniqueKeysWithValues: ReportWriters.all.map { ($0.fileName, $0.render(report, options: options)) })
    }
    let one = try render(workers: 1, chunk: ScanConfiguration().chunkSize)
    let three = try render(workers: 3, chunk: 4096)
    #expect(one.count == ReportWriters.all.count)
    for (name, bytes) in one {
      #expect(three[name] == bytes, "\(name) differs between 1 worker and 3 workers with 4 KiB chunks")
    }
  }
}

@Suite("review regressions: canonically equivalent account ids")
struct ReviewEquivalentAccountTests {
  /// `caf\u{E9}` (NFC) and `cafe\u{301}` (NFD) are one Swift String key: the account id written
  /// to the reports was whichever spelling was read first, so it changed with the file order
  /// (and with worker scheduling). The chosen spelling must not depend on the order.
  @Test func equivalentSpellingsGiveTheSameAccountIdWhateverTheOrder() throws {
    let dir = reviewScratchDir("nfc")
    let nfc = dir + "/nfc.jsonl", nfd = dir + "/nfd.jsonl"
    try writeText(nfc, #"{"v":"ds1","account":"caf\u00e9","prompt":"a"}"# + "\n")
    try writeText(nfd, #"{"v":"ds1","account":"cafe\u0301","prompt":"b"}"# + "\n")
    func keyBytes(_ paths: [String], workers: Int) throws -> [[UInt8]] {
      try scan(paths, workers: workers).accounts.profiles.keys.map { Array($0.utf8) }
    }
    let forward = try keyBytes([nfc, nfd], workers: 1)
    let backward = try keyBytes([nfd, nfc], workers: 1)
    #expect(forward.count == 1)
    #expect(forward == backward)
    #expect(try keyBytes([nfc, nfd], workers: 2) == forward)
  }

  /// The Kelvin sign (U+212A) is canonically equivalent to ASCII `K`: one account, kept as `K`
  /// whichever spelling comes first, in one table or across merged ones.
  @Test func asciiAndNonASCIISpellingsOfOneIdAreOneAccount() {
    func record(_ account: String) -> LogRecord {
      var r = LogRecord()
      r.account = account
      r.userTurn = "x"
      return r
    }
    for order in [["\u{212A}-7", "K-7"], ["K-7", "\u{212A}-7"]] {
      var t = AccountTable()
      for a in order { t.add(record(a)) }
      #expect(t.count == 1)
      #expect(t.sortedAccounts == ["K-7"], "\(order)")
      #expect(t.profile("\u{212A}-7")?.requests == 2 && t.profile("K-7")?.requests == 2)
      var a = AccountTable(), b = AccountTable()
      a.add(record(order[0]))
      b.add(record(order[1]))
      a.merge(b)
      #expect(a.sortedAccounts == ["K-7"] && a.profile("K-7")?.requests == 2)
    }
  }
}

/// A directory that also holds an earlier `--out` must not read distillscan's own reports as logs.
@Suite struct OwnReportsAreNotLogsTests {
  @Test func directoryWalkSkipsOurReports() throws {
    for name in ["report.json", "accounts.jsonl", "incidents.csv", "report.html", "findings.ocsf.jsonl"] {
      #expect(!InputDiscovery.isLogFile(name: name), "\(name)")
    }
    #expect(InputDiscovery.isLogFile(name: "20260209T00-0.jsonl.zst"))
    #expect(InputDiscovery.isLogFile(name: "time-11-04-05-221034_chatcmpl-B7f2kQ.json"))
  }
}
