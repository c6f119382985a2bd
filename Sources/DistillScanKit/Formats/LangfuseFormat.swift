/// Langfuse observation exports (log-formats.md §5.4): JSONL rows of `observations_v2/` (or the
/// legacy `observations/`) from Langfuse's scheduled blob-storage export.
///
/// Only `GENERATION` observations are model calls; spans and events are counted as
/// `unusable_record`. `input` holds the messages (an array, an object with `messages`, or text,
/// possibly as JSON text); `model_parameters` is a map whose values are often strings ("0.7").
/// The account is the trace's `user_id`, else the gateway identity that LiteLLM's Langfuse
/// callback writes into `metadata` (`user_api_key_user_id`, team, key hash). Langfuse keeps no
/// API key or IP of its own.
public struct LangfuseFormat: LogFormat {
  public static let formatID = "langfuse"
  public init() {}
  public var id: String { Self.formatID }
  public var summary: String { "Langfuse observation exports (observations_v2 JSONL; GENERATION rows)" }

  public func matches(_ doc: borrowing JSONDocument, root: Int) -> Bool {
    guard doc.kind(root) == .object, doc.member(root, "trace_id") != nil, doc.member(root, "start_time") != nil else { return false }
    return doc.member(root, "type") != nil || doc.member(root, "input") != nil
  }

  public func decode(_ doc: borrowing JSONDocument, root: Int, context: inout DecodeContext, into r: inout LogRecord) -> RejectReason? {
    guard doc.kind(root) == .object else { return .notAnObject }
    var input: Int?
    var usage: Int?
    var metadata: Int?
    var user: String?
    var isGeneration = true
    let members = doc.members(root)
    var k = members.lowerBound
    while k < members.upperBound {
      let v = k + 1
      defer { k = doc.nextKey(after: k) }
      if doc.stringEquals(k, "type") { isGeneration = doc.stringEquals(v, "GENERATION") || doc.stringEquals(v, "generation") }
      else if doc.stringEquals(k, "id") { r.requestID = doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "start_time") { r.timestamp = Timestamp.parse(doc, v) }
      else if doc.stringEquals(k, "model") || doc.stringEquals(k, "provided_model_name") { r.model = r.model ?? doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "user_id") { user = doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "input") { input = v }
      else if doc.stringEquals(k, "usage_details") || doc.stringEquals(k, "usage") { usage = usage ?? v }
      else if doc.stringEquals(k, "metadata") { metadata = v }
      else if doc.stringEquals(k, "level") { if doc.stringEquals(v, "ERROR") { r.status = "error" } }
      else if doc.stringEquals(k, "model_parameters") {
        if doc.kind(v) == .object {
          OpenAIParams.read(doc, v, into: &r.params)
        } else {
          _ = context.nested.withString(doc, v) { d, p in OpenAIParams.read(d, p, into: &r.params) }
        }
      }
    }
    guard isGeneration else { return .unusableRecord }
    if let usage { Self.readUsage(doc, usage, into: &r) }
    var id = GatewayIdentity()
    if let metadata { id.readMetadata(doc, metadata, nested: context.nested) }
    id.apply(to: &r)
    if let user { r.account = user }
    if let input { ChatRequest.readMessagesValue(doc, input, into: &r, nested: context.nested) }
    if !applyAccountOverride(doc, root: root, &r, context) { return .missingAccount }
    return nil
  }

  /// `usage_details` / `usage`: input and output token counts (numbers or numeric strings).
  static func readUsage(_ doc: borrowing JSONDocument, _ u: Int, into r: inout LogRecord) {
    guard doc.kind(u) == .object else { return }
    if let i = doc.member(u, "input") ?? doc.member(u, "prompt_tokens") ?? doc.member(u, "promptTokens") { r.inputTokens = doc.int(i) }
    if let o = doc.member(u, "output") ?? doc.member(u, "completion_tokens") ?? doc.member(u, "completionTokens") { r.outputTokens = doc.int(o) }
  }
}
