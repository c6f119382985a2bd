/// Helicone request logs (log-formats.md §5.3): rows of the ClickHouse `request_response_rmt`
/// table and objects from `npx @helicone/export --format jsonl --include-body`.
///
/// The request body (`request_body`) is an OpenAI- or Anthropic-style body, held as a JSON string
/// (ClickHouse) or an object (export); string-held JSON is parsed from the line's bytes through the
/// worker's ``NestedJSON`` scratch. Helicone keeps no client IP (only `country_code`). The account
/// is the Helicone user id (`request_user_id` / `user_id`, from the `Helicone-User-Id` header),
/// else the organization, else the proxy key.
public struct HeliconeFormat: LogFormat {
  public static let formatID = "helicone"
  public init() {}
  public var id: String { Self.formatID }
  public var summary: String { "Helicone request logs (ClickHouse request_response_rmt rows, `helicone export` JSONL)" }

  public func matches(_ doc: borrowing JSONDocument, root: Int) -> Bool {
    guard doc.kind(root) == .object, doc.member(root, "request_id") != nil else { return false }
    return doc.member(root, "request_created_at") != nil
  }

  public func decode(_ doc: borrowing JSONDocument, root: Int, context: inout DecodeContext, into r: inout LogRecord) -> RejectReason? {
    guard doc.kind(root) == .object else { return .notAnObject }
    var user: String?
    var org: String?
    var proxyKey: String?
    var body: Int?
    var signedBodyURL = false
    var responseModel: Int?
    let members = doc.members(root)
    var k = members.lowerBound
    while k < members.upperBound {
      let v = k + 1
      defer { k = doc.nextKey(after: k) }
      if doc.stringEquals(k, "request_id") { r.requestID = doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "request_created_at") { r.timestamp = Timestamp.parse(doc, v) }
      else if doc.stringEquals(k, "request_user_id") || doc.stringEquals(k, "user_id") { user = user ?? doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "organization_id") { org = doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "proxy_key_id") { proxyKey = doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "request_model") || doc.stringEquals(k, "model") { r.model = r.model ?? doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "response_model") { responseModel = v }
      else if doc.stringEquals(k, "prompt_tokens") { r.inputTokens = doc.int(v) }
      else if doc.stringEquals(k, "completion_tokens") { r.outputTokens = doc.int(v) }
      else if doc.stringEquals(k, "response_status") || doc.stringEquals(k, "status") { r.status = r.status ?? doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "request_path") || doc.stringEquals(k, "target_url") { r.endpoint = r.endpoint ?? doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "request_body") { body = v }
      else if doc.stringEquals(k, "signed_body_url") { signedBodyURL = doc.nonEmptyScalar(v) != nil }
    }
    if r.model == nil, let responseModel { r.model = doc.nonEmptyScalar(responseModel) }
    r.org = org
    r.apiKey = proxyKey
    r.account = user ?? org ?? proxyKey ?? ""
    var bodyRead = false
    if let body {
      let nested = context.nested
      // Request model and user in the body only fill in what the row left empty.
      let rowModel = r.model
      bodyRead = ChatRequest.decodeBody(doc, body, into: &r, nested: nested)
      if let rowModel { r.model = rowModel }
    }
    // The export can leave bodies behind a signed URL instead of inline.
    if !bodyRead && signedBodyURL { context.bodyNotInline = true }
    if !applyAccountOverride(doc, root: root, &r, context) { return .missingAccount }
    return nil
  }
}
