import Testing
@testable import DistillScanKit

/// Fixture paths, located from this file (not bundled as resources): Tests/DistillScanKitTests/Support → package root.
enum Fixture {
  static let root: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)  // TestSupport.swift, Support, DistillScanKitTests, Tests
    return parts.joined(separator: "/") + "/Fixtures"
  }()

  static func path(_ rel: String) -> String { root + "/" + rel }

  static let bedrockS3 = path("formats/bedrock/s3/2026/02/14/09/20260214T093107056Z_9b86bf4994c4ab1c.json")
  static let cloudwatch = path("formats/bedrock/cloudwatch/export-000000.log")
  static let spendLogs = path("formats/openai/litellm-spendlogs.jsonl")
  static let payload = path("formats/openai/litellm-payload.jsonl")
  static let payloadPretty = path("formats/openai/litellm-payload-pretty.json")
  static let batch = path("formats/openai/batch-shard03.jsonl")
  static let envelopes = path("formats/openai/envelopes.jsonl")
  static let mapped = path("formats/mapped/custom.jsonl")
  static let mapping = path("formats/mapped/mapping.json")
  static let sample = path("logs/sample.jsonl")
}

/// Runs the real pipeline over files.
func scan(
  _ paths: [String], workers: Int = 2, chunkSize: Int? = nil, format: String? = nil, accountField: String? = nil,
  mapping: FieldMapping? = nil, maxLineBytes: Int? = nil
) throws -> IngestResult {
  var config = ScanConfiguration()
  config.inputs = try InputDiscovery.expand(paths)
  config.workers = workers
  if let chunkSize { config.chunkSize = chunkSize }
  if let maxLineBytes { config.maxLineBytes = maxLineBytes }
  config.format = format
  config.accountField = accountField
  config.mapping = mapping
  return ScanPipeline.run(config)
}

/// Decodes every line of a plain fixture with one format, the way the line processor does
/// (blank lines skipped, CloudWatch `<ts> <json>` prefix stripped, its timestamp used as fallback),
/// and returns the outcomes in line order. Lets tests look at whole records, which the
/// pipeline only keeps as per-account aggregates.
func decodeFile(
  _ path: String, _ format: any LogFormat, accountField: [String]? = nil, mapping: FieldMapping? = nil
) throws -> [(outcome: DecodeOutcome, bodyNotInline: Bool)] {
  let bytes = try readWholeFile(path)
  var doc = JSONDocument()
  var ctx = DecodeContext()
  ctx.filePath = path
  ctx.accountField = accountField
  ctx.mapping = mapping
  var out: [(DecodeOutcome, Bool)] = []
  var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true).map(Array.init)
  // A pretty-printed single document is one unit.
  if let first = bytes.first, first == UInt8(ascii: "{"), lines.count > 1, (try? parseOK(lines[0])) != true {
    lines = [bytes]
  }
  for var line in lines {
    var prefix: Double?
    if let f = line.first, f != UInt8(ascii: "{"), f != UInt8(ascii: "["), let sp = line.firstIndex(of: 0x20) {
      prefix = line[..<sp].withUnsafeBufferPointer { Timestamp.parse($0) }
      line = Array(line[(sp + 1)...])
    }
    try line.withUnsafeBufferPointer { b in
      try doc.parse(b.baseAddress!, count: b.count)
      ctx.bodyNotInline = false
      var o = format.decode(doc, root: 0, context: &ctx)
      if case .record(var r) = o, r.timestamp == nil, let prefix {
        r.timestamp = prefix
        o = .record(r)
      }
      out.append((o, ctx.bodyNotInline))
    }
  }
  return out
}

private func parseOK(_ line: [UInt8]) throws -> Bool {
  var doc = JSONDocument()
  try line.withUnsafeBufferPointer { try doc.parse($0.baseAddress!, count: $0.count) }
  return true
}

/// The records of a decoded file (rejections dropped).
func records(_ outcomes: [(outcome: DecodeOutcome, bodyNotInline: Bool)]) -> [LogRecord] {
  outcomes.compactMap { if case .record(let r) = $0.outcome { return r } else { return nil } }
}

extension DecodeOutcome {
  var record: LogRecord? { if case .record(let r) = self { return r } else { return nil } }
  var rejection: RejectReason? { if case .reject(let r) = self { return r } else { return nil } }
}

/// Everything a scan produced, in a comparable form that does not depend on the file order
/// (file indices mapped to paths).
struct ScanSnapshot: Equatable, CustomStringConvertible {
  struct Account: Equatable {
    var requests: Int
    var firstSeen: Double
    var lastSeen: Double
    var models: [String: Int]
    var inputTokens: Int
    var outputTokens: Int
    /// The order-sensitive parts of a profile: sketches and exemplar samples must also come out the
    /// same whatever the worker count, chunk size or file order.
    var exactPrompts: DistinctCounter
    var lexBands: [DistinctCounter]
    var meaningBands: [DistinctCounter]
    var templates: SampledCounts
    var minutes: SampledCounts
    var samples: [String?]
  }
  var accounts: [String: Account]
  var lines: Int
  var accepted: Int
  var blankLines: Int
  var bytes: Int
  var bytesCompressed: Int
  var rejected: [RejectReason: Int]
  var examples: [RejectReason: [String]]
  var bodyNotInline: Int
  var formats: [String: Int]
  var fileIssues: [String]

  init(_ r: IngestResult) {
    accounts = r.accounts.profiles.mapValues {
      Account(
        requests: $0.requests, firstSeen: $0.firstSeen, lastSeen: $0.lastSeen, models: $0.models.mapValues(\.count),
        inputTokens: $0.inputTokens, outputTokens: $0.outputTokens, exactPrompts: $0.exactPrompts, lexBands: $0.lexBands,
        meaningBands: $0.meaningBands, templates: $0.templates, minutes: $0.minutes, samples: $0.samples.items.map(\.1.requestID))
    }
    let s = r.stats
    lines = s.lines
    accepted = s.accepted
    blankLines = s.blankLines
    bytes = s.bytes
    bytesCompressed = s.bytesCompressed
    rejected = s.rejected
    // Examples are the first few per reason by (file index, line); with files reordered the
    // "first few" differ, so compare the full set only through counts and keep sorted paths.
    examples = s.examples.mapValues { $0.map { "\(r.files[$0.file].displayName):\($0.line)" }.sorted() }
    bodyNotInline = s.bodyNotInline
    formats = s.formats
    fileIssues = s.fileIssues.map { "\($0.path): \($0.message) @\($0.offset ?? -1)" }.sorted()
  }

  var description: String {
    "lines=\(lines) accepted=\(accepted) rejected=\(rejected) accounts=\(accounts.count) formats=\(formats)"
  }
}

extension Fixture {
  /// Vertex AI request-response logging rows (BigQuery JSONL export), written from
  /// log-formats.md §5.1: objects, string-encoded JSON columns, Claude rawPredict, no response.
  static let vertex = path("formats/vertex/request-response-logging.jsonl")
}

extension Fixture {
  /// Helicone rows (ClickHouse `request_response_rmt`) and export objects, written from
  /// log-formats.md §5.3: string and object bodies, user/org/proxy-key accounts, signed body URL.
  static let helicone = path("formats/helicone/requests.jsonl")
  static let azure = path("formats/azure/requests.jsonl")
}

extension Fixture {
  /// Langfuse `observations_v2` export rows, written from log-formats.md §5.4: generations with
  /// array / JSON-text input, string model parameters, LiteLLM metadata identity, a span, no user.
  static let langfuse = path("formats/langfuse/observations_v2.jsonl")
}
