/// LiteLLM's `StandardLoggingPayload` (log-formats.md §2.4): what every LiteLLM callback (S3,
/// GCS, …) receives, one object per line or one pretty-printed object per file.
///
/// Harvest parameters are in `model_parameters`; `messages` is a list, a string (prompt text or
/// JSON text) or an object; `startTime` is epoch seconds (float).
enum LiteLLMPayload {
  static func decode(_ doc: borrowing JSONDocument, _ root: Int, into r: inout LogRecord, nested: NestedJSON) {
    var id = GatewayIdentity()
    var cols = LiteLLMColumns()
    doc.forEachMember(root) { k, v in
      if cols.read(doc, k, v, into: &r) { return true }
      if doc.stringEquals(k, "id") { r.requestID = doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "model_parameters") { OpenAIParams.read(doc, v, into: &r.params) }
      return true
    }
    cols.finish(doc, into: &r)
    let (metadata, messages) = (cols.metadata, cols.messages)
    // The key metadata is authoritative; top-level end_user / ip / user agent fill in.
    if let metadata { id.readMetadata(doc, metadata, nested: nested) }
    id.read(doc, root)
    id.apply(to: &r)
    if let messages { ChatRequest.readMessagesValue(doc, messages, into: &r, nested: nested) }
  }
}
