/// A row of LiteLLM's `LiteLLM_SpendLogs` table dumped as JSON (log-formats.md §2.2).
///
/// The request body lives in `proxy_server_request`, usually a JSON **string** (only when prompt
/// storage is on; `"{}"` means not stored). `metadata` may be an object or a string.
enum LiteLLMSpendLog {
  static func decode(_ doc: borrowing JSONDocument, _ root: Int, into r: inout LogRecord, nested: NestedJSON) {
    var id = GatewayIdentity()
    id.read(doc, root)  // top-level columns first: they are authoritative
    var cols = LiteLLMColumns()
    var request: Int?
    doc.forEachMember(root) { k, v in
      if cols.read(doc, k, v, into: &r) { return true }
      if doc.stringEquals(k, "request_id") { r.requestID = doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "proxy_server_request") { request = v }
      return true
    }
    cols.finish(doc, into: &r)
    let (metadata, messages) = (cols.metadata, cols.messages)
    if let metadata { id.readMetadata(doc, metadata, nested: nested) }
    id.apply(to: &r)
    if let request {
      ChatRequest.decodeBody(doc, request, into: &r, nested: nested)
    }
    // Older LiteLLM versions stored the messages list in `messages` instead.
    if r.userTurn == nil, let messages {
      var system = TextCollector()
      if doc.kind(messages) == .string {
        _ = nested.withString(doc, messages) { nd, root in ChatRequest.readMessages(nd, root, into: &r, system: &system) }
      } else {
        ChatRequest.readMessages(doc, messages, into: &r, system: &system)
      }
      if r.system == nil { r.system = system.string() }
    }
  }
}

/// Columns LiteLLM's spend-log rows and its standard logging payloads share, with the same names
/// and meaning (log-formats.md §2.2, §2.4); each decoder reads its own columns besides these.
struct LiteLLMColumns {
  var metadata: Int?
  var messages: Int?
  var modelGroup: Int?

  /// Reads member `k` (value `v`) when it is a shared column; false for any other key.
  mutating func read(_ doc: borrowing JSONDocument, _ k: Int, _ v: Int, into r: inout LogRecord) -> Bool {
    guard let first = doc.rawBytes(k).first else { return false }
    switch first {
    case UInt8(ascii: "c"):
      if doc.stringEquals(k, "call_type") { r.endpoint = doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "completion_tokens") { r.outputTokens = doc.int(v) }
      else { return false }
    case UInt8(ascii: "s"):
      if doc.stringEquals(k, "startTime") { r.timestamp = Timestamp.parse(doc, v) }
      else if doc.stringEquals(k, "status") { r.status = doc.nonEmptyScalar(v) }
      else { return false }
    case UInt8(ascii: "m"):
      if doc.stringEquals(k, "model") { r.model = doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "model_group") { modelGroup = v }
      else if doc.stringEquals(k, "metadata") { metadata = v }
      else if doc.stringEquals(k, "messages") { messages = v }
      else { return false }
    case UInt8(ascii: "p"):
      if doc.stringEquals(k, "prompt_tokens") { r.inputTokens = doc.int(v) } else { return false }
    default: return false
    }
    return true
  }

  /// An empty `model` falls back to `model_group`.
  func finish(_ doc: borrowing JSONDocument, into r: inout LogRecord) {
    if r.model == nil, let modelGroup { r.model = doc.nonEmptyScalar(modelGroup) }
  }
}
