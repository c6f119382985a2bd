/// What a format decoder made of one JSON value.
public enum DecodeOutcome: Sendable {
  case record(LogRecord)
  case reject(RejectReason)
}

/// Per-file, per-worker state a decoder may use: the file's path (for sidecars), the line's
/// prefix timestamp (CloudWatch exports), the `--account-field` override and scratch space.
public struct DecodeContext {
  public var filePath: String?
  public var fileIndex: Int = 0
  /// Timestamp found before the JSON on the line (`<ISO ts> <json>` CloudWatch exports).
  public var prefixTimestamp: Double?
  /// `--account-field` path components, overriding the format's account key.
  public var accountField: [String]?
  /// Mapping for the `mapped` format.
  public var mapping: FieldMapping?
  /// Set by decoders that found an offloaded body they could not read.
  public var bodyNotInline = false
  /// Scratch for JSON nested in strings and for sidecar files (one per worker, reused).
  public var nested = NestedJSON()
  /// Set by the pipeline: a decoder may leave the prompt (`userTurn`) unbuilt and name its string
  /// token in ``promptToken`` instead; the pipeline computes features from the bytes and builds
  /// the String only if the record becomes an exemplar or a timeline entry. (Building every
  /// prompt String was ~15 % of an ingest-only scan.) Off for other callers.
  public var deferPrompt = false
  /// The deferred prompt's string token (see ``deferPrompt``), or nil.
  public var promptToken: Int?
  /// Likewise for the request id (an unescaped string token): hashed from its bytes, built as a
  /// String only for exemplars and timelines.
  public var requestIDToken: Int?
  /// Likewise for the API key and client IP (hashed from their bytes; the IP built for exemplars)
  /// and the org (only shown in timelines).
  public var apiKeyToken: Int?
  public var ipToken: Int?
  public var orgToken: Int?
  /// Likewise for the user agent (hashed; built for exemplars), the endpoint and the status
  /// (decided from their bytes: Batch API, failure); all three built for timelines.
  public var userAgentToken: Int?
  public var endpointToken: Int?
  public var statusToken: Int?

  /// Forgets the previous record's deferred tokens.
  @inline(__always) mutating func resetDeferred() {
    promptToken = nil
    requestIDToken = nil
    apiKeyToken = nil
    ipToken = nil
    orgToken = nil
    userAgentToken = nil
    endpointToken = nil
    statusToken = nil
  }

  /// True when string token `v` can be deferred: deferral is on and `v` is a non-empty string
  /// without escapes (its raw bytes are its text).
  @inline(__always) func canDefer(_ doc: borrowing JSONDocument, _ v: Int) -> Bool {
    guard deferPrompt else { return false }
    let t = doc.token(v)
    return t.kind == .string && !t.flag && t.end > t.start
  }
  /// Repetitive long field values (endpoints, user agents, model ids, account ARNs), reused
  /// across records instead of rebuilt on every line.
  let endpoints = FieldCache()
  let userAgents = FieldCache()
  let models = FieldCache()
  let accounts = FieldCache(slots: 512)
  /// Whether the current log file has a Bedrock `data/` sidecar folder (per worker, memoised).
  var sidecars = BedrockSidecar.DirectoryMemo()

  public init() {}
}

/// A log format: recognises its records and maps them to ``LogRecord``.
///
/// One type per format, registered in ``FormatRegistry``. Decoders read from a parsed
/// ``JSONDocument`` and must never trap on unexpected shapes: a missing or mistyped field is
/// simply absent from the record.
public protocol LogFormat: Sendable {
  /// Stable id, also the `--format` value.
  var id: String { get }
  /// One-line description for `distillscan formats`.
  var summary: String { get }
  /// True when the value at `root` looks like a record of this format (used for sniffing).
  func matches(_ doc: borrowing JSONDocument, root: Int) -> Bool
  /// Decodes the value at `root` into `r`, a fresh `LogRecord()` owned by the caller; returns why
  /// the value was rejected, or nil for a record. (An inout record rather than a returned one: the
  /// record crossed the protocol boundary by copy — every String field retained and released —
  /// measured at ~10 % of ingest.)
  func decode(_ doc: borrowing JSONDocument, root: Int, context: inout DecodeContext, into r: inout LogRecord) -> RejectReason?
}

extension LogFormat {
  /// Decodes the value at `root` (tests, fuzzing and one-off callers; the pipeline reuses a record).
  public func decode(_ doc: borrowing JSONDocument, root: Int, context: inout DecodeContext) -> DecodeOutcome {
    var r = LogRecord()
    if let reason = decode(doc, root: root, context: &context, into: &r) { return .reject(reason) }
    return .record(r)
  }

  /// Applies the `--account-field` override, if any; returns false when the account is missing.
  func applyAccountOverride(_ doc: borrowing JSONDocument, root: Int, _ rec: inout LogRecord, _ ctx: DecodeContext) -> Bool {
    if let path = ctx.accountField {
      guard let t = doc.path(root, path), let s = doc.scalarString(t), !s.isEmpty else { return false }
      rec.account = s
    }
    return !rec.account.isEmpty
  }
}

/// All known formats, in sniffing order (most specific first).
public enum FormatRegistry {
  public static var all: [any LogFormat] {
    [CanonicalFormat()] + extraFormats
  }

  /// Formats added by other files (bedrock, openai, …); the `mapped` format needs a mapping file
  /// and is never sniffed.
  static var extraFormats: [any LogFormat] { registeredFormats }

  public static func format(id: String) -> (any LogFormat)? {
    if id == MappedFormat.formatID { return MappedFormat() }
    return all.first { $0.id == id }
  }

  public static var ids: [String] { all.map(\.id) + [MappedFormat.formatID] }
}
