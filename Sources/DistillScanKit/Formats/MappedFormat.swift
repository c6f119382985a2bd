/// Field mapping for the `mapped` format: record field → dotted JSON path.
/// Loaded from a small JSON file, e.g. `{"account":"user.id","timestamp":"time","prompt":"req.messages.-1.content"}`.
public struct FieldMapping: Sendable, Equatable {
  public var paths: [String: [String]]
  public static let fields = [
    "account", "timestamp", "request_id", "api_key", "org", "end_user", "ip", "user_agent", "model",
    "endpoint", "system", "prompt", "turns", "input_tokens", "output_tokens", "status", "params",
    "temperature", "top_p", "max_tokens", "n", "seed", "logprobs", "top_logprobs", "logit_bias", "echo",
  ]

  public init(paths: [String: String]) throws(DistillScanError) {
    var out: [String: [String]] = [:]
    for (k, v) in paths {
      guard Self.fields.contains(k) else {
        throw DistillScanError(.config, "unknown mapping field '\(k)'; known: \(Self.fields.joined(separator: ", "))")
      }
      out[k] = v.split(separator: ".").map(String.init)
    }
    guard out["account"] != nil else { throw DistillScanError(.config, "mapping must name the 'account' path") }
    self.paths = out
  }

  /// Reads a mapping file (a flat JSON object of field → path).
  public static func load(path: String) throws(DistillScanError) -> FieldMapping {
    guard let bytes = try? readWholeFile(path) else { throw DistillScanError(.io, "cannot read mapping file", path: path) }
    var doc = JSONDocument()
    var dict: [String: String] = [:]
    let ok: Bool = bytes.withUnsafeBufferPointer { b in
      guard let base = b.baseAddress else { return false }
      do { try doc.parse(base, count: b.count) } catch { return false }
      guard doc.kind(0) == .object else { return false }
      var good = true
      doc.forEachMember(0) { k, v in
        guard let key = doc.string(k), let val = doc.string(v) else { good = false; return false }
        dict[key] = val
        return true
      }
      return good
    }
    guard ok else { throw DistillScanError(.config, "mapping file must be a JSON object of field → \"dotted.path\" strings", path: path) }
    return try FieldMapping(paths: dict)
  }
}

/// Any JSON lines, with a ``FieldMapping`` naming where each record field lives.
public struct MappedFormat: LogFormat {
  public static let formatID = "mapped"
  public init() {}
  public var id: String { Self.formatID }
  public var summary: String { "any JSON lines, fields located by a mapping file (--mapping FILE)" }
  public func matches(_ doc: borrowing JSONDocument, root: Int) -> Bool { false }

  public func decode(_ doc: borrowing JSONDocument, root: Int, context: inout DecodeContext, into r: inout LogRecord) -> RejectReason? {
    guard doc.kind(root) == .object else { return .notAnObject }
    guard let m = context.mapping else { return .unknownFormat }
    func at(_ f: String) -> Int? { m.paths[f].flatMap { doc.path(root, $0) } }
    let limit = LogRecord.maxTextBytes
    r.account = at("account").flatMap { doc.scalarString($0) } ?? ""
    r.timestamp = at("timestamp").flatMap { Timestamp.parse(doc, $0) }
    r.requestID = at("request_id").flatMap { doc.scalarString($0) }
    r.apiKey = at("api_key").flatMap { doc.scalarString($0) }
    r.org = at("org").flatMap { doc.scalarString($0) }
    r.endUser = at("end_user").flatMap { doc.scalarString($0) }
    r.ip = at("ip").flatMap { doc.scalarString($0) }
    r.userAgent = at("user_agent").flatMap { doc.scalarString($0) }
    r.model = at("model").flatMap { doc.scalarString($0) }
    r.endpoint = at("endpoint").flatMap { doc.scalarString($0) }
    r.system = at("system").flatMap { doc.string($0, limit: limit) }
    r.userTurn = at("prompt").flatMap { doc.string($0, limit: limit) }
    r.turnCount = at("turns").flatMap { doc.int($0) } ?? (r.userTurn == nil ? 0 : 1)
    r.inputTokens = at("input_tokens").flatMap { doc.int($0) }
    r.outputTokens = at("output_tokens").flatMap { doc.int($0) }
    r.status = at("status").flatMap { doc.scalarString($0) }
    if let p = at("params") { OpenAIParams.read(doc, p, into: &r.params) }
    if let v = at("temperature") { r.params.temperature = doc.double(v) }
    if let v = at("top_p") { r.params.topP = doc.double(v) }
    if let v = at("max_tokens") { r.params.maxTokens = doc.int(v) }
    if let v = at("n") { r.params.n = doc.int(v) }
    if let v = at("seed") { r.params.seed = doc.int(v) }
    if let v = at("logprobs") { r.params.logprobs = doc.bool(v) }
    if let v = at("top_logprobs") { r.params.topLogprobs = doc.int(v) }
    if let v = at("logit_bias") { OpenAIParams.readLogitBias(doc, v, into: &r.params) }
    if let v = at("echo") { r.params.echo = doc.bool(v) }
    if !applyAccountOverride(doc, root: root, &r, context) { return .missingAccount }
    return nil
  }
}
