/// A generic gateway log line `{request, response, metadata, …}`: the request body as sent
/// (object or JSON string), the provider response, and gateway metadata naming the caller.
///
/// Identity keys are read from the top level first, then from `metadata` (LiteLLM names and
/// plain ones: `user_id`, `team_id`, `api_key`, …); see ``GatewayIdentity`` for the account rule.
enum GatewayEnvelope {
  static func decode(_ doc: borrowing JSONDocument, _ root: Int, into r: inout LogRecord, nested: NestedJSON) {
    var id = GatewayIdentity()
    id.read(doc, root)
    var request: Int?
    var response: Int?
    doc.forEachMember(root) { k, v in
      let kb = doc.rawBytes(k)
      guard let first = kb.first else { return true }
      switch first {
      case UInt8(ascii: "r"):
        if doc.stringEquals(k, "request") { request = v }
        else if doc.stringEquals(k, "response") { response = v }
        else if doc.stringEquals(k, "request_id") { r.requestID = doc.nonEmptyScalar(v) }
      case UInt8(ascii: "m"):
        if doc.stringEquals(k, "metadata") {
          id.readMetadata(doc, v, nested: nested)
          if doc.kind(v) == .object { readTimeAndStatus(doc, v, into: &r) }
        } else if doc.stringEquals(k, "model") { r.model = doc.nonEmptyScalar(v) }
      case UInt8(ascii: "i"):
        if doc.stringEquals(k, "id") { if r.requestID == nil { r.requestID = doc.nonEmptyScalar(v) } }
      case UInt8(ascii: "e"):
        if doc.stringEquals(k, "endpoint") { r.endpoint = doc.nonEmptyScalar(v) }
      default: break
      }
      return true
    }
    readTimeAndStatus(doc, root, into: &r)
    id.apply(to: &r)
    if let request { ChatRequest.decodeBody(doc, request, into: &r, nested: nested) }
    if let response {
      switch doc.kind(response) {
      case .object: readResponse(doc, response, into: &r)
      case .string: _ = nested.withString(doc, response) { nd, root in readResponse(nd, root, into: &r) }
      default: break
      }
    }
  }

  /// Top-level (or metadata) timestamp and status under their common names; first found wins.
  private static func readTimeAndStatus(_ doc: borrowing JSONDocument, _ obj: Int, into r: inout LogRecord) {
    doc.forEachMember(obj) { k, v in
      if r.timestamp == nil,
        doc.stringEquals(k, "timestamp") || doc.stringEquals(k, "ts") || doc.stringEquals(k, "time")
          || doc.stringEquals(k, "created_at") || doc.stringEquals(k, "startTime") || doc.stringEquals(k, "start_time")
      {
        r.timestamp = Timestamp.parse(doc, v)
      } else if r.status == nil, doc.stringEquals(k, "status") || doc.stringEquals(k, "status_code") {
        r.status = doc.nonEmptyScalar(v)
      }
      return true
    }
  }

  /// Response: token usage and the served model (when the request did not name one).
  private static func readResponse(_ doc: borrowing JSONDocument, _ v: Int, into r: inout LogRecord) {
    guard doc.kind(v) == .object else { return }
    if let u = doc.member(v, "usage") { ChatRequest.readUsage(doc, u, into: &r) }
    if r.model == nil, let m = doc.member(v, "model") { r.model = doc.nonEmptyScalar(m) }
  }
}
