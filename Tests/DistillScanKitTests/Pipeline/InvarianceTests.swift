import Testing
@testable import DistillScanKit

/// Results must not depend on how the work is split: worker count, chunk size and file order
/// only change scheduling (DESIGN §2: every per-account structure merges commutatively).
@Suite("worker/chunk invariance")
struct InvarianceTests {
  /// Every format, every codec, and damaged inputs, so that the stats are not trivially zero.
  static let files: [String] = [
    Fixture.bedrockS3, Fixture.cloudwatch, Fixture.spendLogs, Fixture.payload, Fixture.payloadPretty,
    Fixture.batch, Fixture.envelopes,
    Fixture.path("logs/sample.jsonl.zst"), Fixture.path("logs/sample.multi.jsonl.gz"),
    Fixture.path("logs/sample.jsonl.lz4"),
    Fixture.path("broken/malformed.jsonl"), Fixture.path("broken/nonutf8.jsonl"),
    Fixture.path("broken/truncated.jsonl.gz"), Fixture.path("broken/truncated.jsonl.zst"),
    Fixture.path("broken/corrupt.jsonl.lz4"), Fixture.path("broken/crc-mismatch.jsonl.gz"),
    Fixture.path("broken/huge-line.jsonl"), Fixture.path("broken/empty.jsonl"),
    Fixture.path("broken/late-format.jsonl"),
  ]

  static let orders: [[String]] = [files, files.reversed(), Array(files[7...] + files[..<7])]

  /// One workers=1, default-chunk, natural-order run as the reference.
  static let reference: ScanSnapshot = {
    ScanSnapshot(try! scan(files, workers: 1, maxLineBytes: 65536))
  }()

  @Test(arguments: [1, 2, 3], [64, 100, 4096, ScanConfiguration().chunkSize])
  func sameResultsWhateverTheSplit(workers: Int, chunk: Int) throws {
    let ref = Self.reference
    #expect(ref.accepted > 100)
    #expect(ref.rejected.count >= 5)
    for (i, order) in Self.orders.enumerated() {
      var snap = ScanSnapshot(try scan(order, workers: workers, chunkSize: chunk, maxLineBytes: 65536))
      if i != 0 {
        // The kept examples are the first few by file index, which a new order changes.
        snap.examples = ref.examples
      }
      // Compared as Bools so a failure prints the short summaries, not every account.
      let sameStats = snap == ref
      let sameAccounts = snap.accounts == ref.accounts
      #expect(sameStats, "workers \(workers), chunk \(chunk), order \(i): \(snap) vs \(ref)")
      #expect(sameAccounts, "workers \(workers), chunk \(chunk), order \(i)")
    }
  }

  @Test func accountingBalances() {
    let ref = Self.reference
    #expect(ref.lines == ref.accepted + ref.rejected.values.reduce(0, +))
  }
}

/// The pipeline defers building canonical prompts, request ids, API keys, IPs and orgs (features
/// and hashes from the bytes, Strings only for exemplars and timelines). It must give exactly what building every prompt gives: same
/// features, same exemplars with the same prompt text, turns counted the same.
@Suite struct DeferredPromptTests {
  static func line(_ i: Int, prompt: String) -> String {
    let minute = i % 60 < 10 ? "0\(i % 60)" : "\(i % 60)"
    var o = "{\"v\":\"ds1\",\"ts\":\"2026-02-09T00:\(minute):00Z\",\"request_id\":\"r\(i)\","
    o += "\"account\":\"acct-\(i % 3)\",\"model\":\"m\",\"ip\":\"10.0.\(i % 5).\(i)\",\"api_key\":\"sk-\(i % 4)\","
    o += "\"org\":\"o\(i % 2)\","
    // User agent, endpoint and status are deferred too (hashed / decided from their bytes): plain,
    // escaped (built as Strings), numeric and absent values.
    let agents = [#""OpenAI/Python 1.58.1""#, #""curl\/8.5 \"x\"""#, #""""#, "null"]
    let endpoints = [#""/v1/chat/completions""#, #""/v1/batches""#, #""\/v1\/batch-jobs""#, "7"]
    let statuses = [#""success""#, #""ERROR""#, "429", #""+503""#, #""5xx""#, #""failed""#, #""404""#]
    o += "\"user_agent\":\(agents[i % agents.count]),\"endpoint\":\(endpoints[i % endpoints.count]),"
    o += "\"status\":\(statuses[i % statuses.count]),\"prompt\":" + prompt + "}"
    return o
  }

  /// Reference tables: every line decoded with its Strings built (deferral off), features (if
  /// wanted) from the built prompt.
  static func reference(_ text: String, textFeatures: Bool) -> AccountTable {
    var table = AccountTable()
    var doc = JSONDocument()
    var ctx = DecodeContext()
    var ex = FeatureExtractor()
    for (i, l) in text.split(separator: "\n").enumerated() {
      let bytes = Array(l.utf8)
      bytes.withUnsafeBufferPointer { p in
        try! doc.parse(p.baseAddress!, count: p.count)
        guard case .record(var r) = CanonicalFormat().decode(doc, root: 0, context: &ctx) else { return }
        r.source = SourceLocation(file: 0, line: i + 1)
        table.add(r, textFeatures ? ex.extract(r.userTurn) : RequestFeatures())
      }
    }
    return table
  }

  /// `--no-text`: the prompt is not even unescaped unless the request becomes an exemplar.
  @Test func noTextExemplarsMatchBuildingEveryPrompt() throws {
    let long = String(repeating: "lorem \\u00e9 ipsum ", count: 120)
    let prompts = [#""short \"quoted\" prompt""#, "\"" + long + "tail\"", #""""#, #"17"#]
    let text = (0..<40).map { Self.line($0, prompt: prompts[$0 % prompts.count]) }.joined(separator: "\n") + "\n"
    let path = reviewScratchDir("deferred-notext") + "/p.jsonl"
    try writeText(path, text)
    var config = ScanConfiguration()
    config.inputs = try InputDiscovery.expand([path])
    config.textFeatures = false
    let piped = ScanPipeline.run(config)
    let table = Self.reference(text, textFeatures: false)
    for (k, a) in table.profiles {
      let b = try #require(piped.accounts.profiles[k])
      #expect(a.samples.items.map(\.1.prompt) == b.samples.items.map(\.1.prompt), "\(k)")
      #expect(a.samples.items.map(\.1.requestID) == b.samples.items.map(\.1.requestID), "\(k)")
      #expect(a.singleTurn == b.singleTurn && a.withText == b.withText, "\(k)")
    }
  }

  @Test func sameProfilesAsBuildingEveryPrompt() throws {
    let long = String(repeating: "lorem ipsum dolor sit amet ", count: 80)  // > 1 KiB: head + tail
    let prompts = [
      #""Explain step by step why the sky is blue""#,
      #""Line one\nLine two with \"quotes\" and \u00e9t\u00e9 \ud83d\ude00""#,
      "\"" + long + "explain your reasoning\"",
      "\"" + String(repeating: "lorem ipsum dolor sit am\\u00e9t ", count: 80) + "tail\"",
      #""""#,
      #"42"#,
      #""Schritt für Schritt: Lösung""#,
    ]
    let text = (0..<60).map { Self.line($0, prompt: prompts[$0 % prompts.count]) }.joined(separator: "\n") + "\n"
    let path = reviewScratchDir("deferred") + "/p.jsonl"
    try writeText(path, text)
    let piped = try scan([path])
    #expect(piped.stats.accepted == 60)

    let table = Self.reference(text, textFeatures: true)
    #expect(piped.accounts.profiles.keys.sorted() == table.profiles.keys.sorted())
    #expect(table.profiles.values.allSatisfy { $0.failed > 0 && $0.batchEndpoint > 0 && $0.userAgents.map.count > 1 }, "the lines exercise every deferred field")
    for (k, a) in table.profiles {
      let b = piped.accounts.profiles[k]!
      #expect(a.exactPrompts == b.exactPrompts && a.lexBands == b.lexBands && a.meaningBands == b.meaningBands, "\(k)")
      #expect(a.templates == b.templates && a.leaves == b.leaves && a.reasoningStrong == b.reasoningStrong, "\(k)")
      #expect(a.singleTurn == b.singleTurn && a.withText == b.withText, "\(k)")
      #expect(a.samples.items.map(\.1.prompt) == b.samples.items.map(\.1.prompt), "\(k)")
      #expect(a.samples.items.map(\.1.requestID) == b.samples.items.map(\.1.requestID), "\(k): deferred request ids")
      #expect(a.samples.items.map(\.1.ip) == b.samples.items.map(\.1.ip), "\(k): deferred IPs")
      #expect(a.ips == b.ips && a.ipPrefixes == b.ipPrefixes && a.apiKeys == b.apiKeys, "\(k): hashed from bytes")
      #expect(a.userAgents == b.userAgents && a.batchEndpoint == b.batchEndpoint && a.failed == b.failed, "\(k): deferred agent, endpoint, status")
      #expect(a.samples.items.map(\.1.userAgent) == b.samples.items.map(\.1.userAgent), "\(k): deferred user agents")
      #expect(a.flaggedSamples.items.map(\.1.prompt) == b.flaggedSamples.items.map(\.1.prompt), "\(k)")
    }
  }

  /// A key written twice: the last value wins, deferred or not. The decoder kept the first
  /// (deferred) string's token when a later duplicate was not deferrable (null, a number, an
  /// empty string, an object), so the pipeline hashed and showed the first value while building
  /// every String gave the last one.
  @Test func duplicateKeysKeepTheLastValue() throws {
    let dups = [
      #""request_id":"rid-first","request_id":7,"prompt":"alpha beta gamma""#,
      #""ip":"10.9.8.7","ip":"","prompt":"delta epsilon zeta""#,
      #""api_key":"sk-first","api_key":null,"prompt":"eta theta iota""#,
      #""prompt":"explain step by step how it works","prompt":null"#,
      #""prompt":"kappa lambda mu","prompt":{"x":1}"#,
      #""request_id":5,"request_id":"rid-last","ip":7,"ip":"10.1.2.3","prompt":"nu xi omicron""#,
      #""prompt":{"x":1},"prompt":"pi rho sigma""#,
    ]
    var lines: [String] = []
    for i in 0..<42 {
      lines.append(#"{"v":"ds1","ts":"2026-02-09T01:\#(10 + i):00Z","account":"dup-\#(i % 2)","model":"m","# + dups[i % dups.count] + "}")
    }
    let text = lines.joined(separator: "\n") + "\n"
    let path = reviewScratchDir("deferred-dups") + "/d.jsonl"
    try writeText(path, text)
    var config = ScanConfiguration()
    config.inputs = try InputDiscovery.expand([path])
    config.workers = 1
    config.timelineAccounts = ["dup-1"]
    config.timelineLimit = 1000
    let piped = ScanPipeline.run(config)
    #expect(piped.stats.accepted == 42)

    var table = AccountTable()
    var doc = JSONDocument()
    var ctx = DecodeContext()
    var ex = FeatureExtractor()
    var timeline: [LogRecord] = []
    for (i, l) in lines.enumerated() {
      let bytes = Array(l.utf8)
      bytes.withUnsafeBufferPointer { p in
        try! doc.parse(p.baseAddress!, count: p.count)
        guard case .record(var r) = CanonicalFormat().decode(doc, root: 0, context: &ctx) else { return }
        r.source = SourceLocation(file: 0, line: i + 1)
        if r.account == "dup-1" { timeline.append(r) }
        table.add(r, ex.extract(r.userTurn))
      }
    }
    for (k, a) in table.profiles {
      let b = piped.accounts.profiles[k]!
      #expect(a.exactPrompts == b.exactPrompts && a.withText == b.withText && a.singleTurn == b.singleTurn, "\(k)")
      #expect(a.ips == b.ips && a.ipPrefixes == b.ipPrefixes && a.apiKeys == b.apiKeys, "\(k)")
      #expect(a.samples.items.map(\.1.prompt) == b.samples.items.map(\.1.prompt), "\(k)")
      #expect(a.samples.items.map(\.1.requestID) == b.samples.items.map(\.1.requestID), "\(k)")
      #expect(a.samples.items.map(\.1.ip) == b.samples.items.map(\.1.ip), "\(k)")
    }
    let got = piped.timeline.sorted { $0.source.line < $1.source.line }
    #expect(got.map(\.requestID) == timeline.map(\.requestID))
    #expect(got.map(\.ip) == timeline.map(\.ip))
    #expect(got.map(\.prompt) == timeline.map(\.userTurn))
    #expect(got.map(\.turnCount) == timeline.map(\.turnCount))
  }
}
