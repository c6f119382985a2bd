/// A row of LiteLLM's `LiteLLM_SpendLogs` table dumped as JSON (log-formats.md §2.2).
///
/// The request body lives in `proxy_server_request`, usually a JSON **string** (only when prompt
/// storage is on; `"{}"` means not stored). `metadata` may be an object or a string.
enum LiteLLMSpendLog {
  static func decode(_ doc: borrowing JSONDocument, _ root: Int, into r: inout LogRecord, nested: NestedJSON) {
    var id = GatewayIdentity()
    id.read(doc, root)  // top-level columns first: they are authoritative
    var metadata: Int?
    var request: Int?
    var messages: Int?
    var modelGroup: Int?
    doc.forEachMember(root) { k, v in
      let kb = doc.rawBytes(k)
      guard let first = kb.first else { return true }
      switch first {
      case UInt8(ascii: "r"):
        if doc.stringEquals(k, "request_id") { r.requestID = doc.nonEmptyScalar(v) }
      case UInt8(ascii: "c"):
        if doc.stringEquals(k, "call_type") { r.endpoint = doc.nonEmptyScalar(v) }
        else if doc.stringEquals(k, "completion_tokens") { r.outputTokens = doc.int(v) }
      case UInt8(ascii: "s"):
        if doc.stringEquals(k, "startTime") { r.timestamp = Timestamp.parse(doc, v) }
        else if doc.stringEquals(k, "status") { r.status = doc.nonEmptyScalar(v) }
      case UInt8(ascii: "m"):
        if doc.stringEquals(k, "model") { r.model = doc.nonEmptyScalar(v) }
        else if doc.stringEquals(k, "model_group") { modelGroup = v }
        else if doc.stringEquals(k, "metadata") { metadata = v }
        else if doc.stringEquals(k, "messages") { messages = v }
      case UInt8(ascii: "p"):
        if doc.stringEquals(k, "prompt_tokens") { r.inputTokens = doc.int(v) }
        else if doc.stringEquals(k, "proxy_server_request") { request = v }
      default: break
      }
      return true
    }
    if r.model == nil, let modelGroup { r.model = doc.nonEmptyScalar(modelGroup) }
    if let metadata { id.readMetadata(doc, metadata, nested: nested) }
    id.apply(to: &r)
    if let request {
      readBody(doc, request, into: &r, nested: nested)
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

  /// A request body stored as an object or as a JSON string.
  static func readBody(_ doc: borrowing JSONDocument, _ v: Int, into r: inout LogRecord, nested: NestedJSON) {
    switch doc.kind(v) {
    case .object: ChatRequest.decode(doc, v, into: &r, nested: nested)
    case .string: _ = nested.withString(doc, v) { nd, root in ChatRequest.decode(nd, root, into: &r, nested: nested) }
    default: break
    }
  }
}
