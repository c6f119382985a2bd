/// LiteLLM's `StandardLoggingPayload` (log-formats.md §2.4): what every LiteLLM callback (S3,
/// GCS, …) receives, one object per line or one pretty-printed object per file.
///
/// Harvest parameters are in `model_parameters`; `messages` is a list, a string (prompt text or
/// JSON text) or an object; `startTime` is epoch seconds (float).
enum LiteLLMPayload {
  static func decode(_ doc: borrowing JSONDocument, _ root: Int, into r: inout LogRecord, nested: NestedJSON) {
    var id = GatewayIdentity()
    var metadata: Int?
    var messages: Int?
    var modelGroup: Int?
    doc.forEachMember(root) { k, v in
      let kb = doc.rawBytes(k)
      guard let first = kb.first else { return true }
      switch first {
      case UInt8(ascii: "i"):
        if doc.stringEquals(k, "id") { r.requestID = doc.nonEmptyScalar(v) }
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
        else if doc.stringEquals(k, "model_parameters") { OpenAIParams.read(doc, v, into: &r.params) }
      case UInt8(ascii: "p"):
        if doc.stringEquals(k, "prompt_tokens") { r.inputTokens = doc.int(v) }
      default: break
      }
      return true
    }
    if r.model == nil, let modelGroup { r.model = doc.nonEmptyScalar(modelGroup) }
    // The key metadata is authoritative; top-level end_user / ip / user agent fill in.
    if let metadata { id.readMetadata(doc, metadata, nested: nested) }
    id.read(doc, root)
    id.apply(to: &r)
    if let messages { ChatRequest.readMessagesValue(doc, messages, into: &r, nested: nested) }
  }
}
