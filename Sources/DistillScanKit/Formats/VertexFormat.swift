/// Google Vertex AI request-response logging rows (log-formats.md §5.1), as exported from
/// BigQuery to JSON lines: `logging_time`, `request_id`, `model`
/// (`projects/<p>/locations/<l>/publishers/<pub>/models/<name>`), `full_request` (a Gemini
/// `GenerateContentRequest`, or an Anthropic Messages body for Claude `rawPredict`), `full_response`
/// and `metadata`. JSON columns arrive as objects or as JSON text depending on the export; both
/// are read (string-held JSON through the worker's ``NestedJSON`` scratch, never a re-parse of
/// the line).
///
/// Vertex logs have no caller identity column. The account is the first request label that
/// names a caller (``VertexFormat/accountLabels``, in that order), else the GCP project from the
/// model path as `project:<id>`; `--account-field full_request.labels.<key>` overrides. Vertex
/// may log a sample of requests (`samplingRate` < 1): volumes are then lower bounds.
public struct VertexFormat: LogFormat {
  public static let formatID = "vertex"
  public init() {}
  public var id: String { Self.formatID }
  public var summary: String { "Google Vertex AI request-response logging (BigQuery JSONL export: logging_time, full_request, full_response)" }

  /// Request label keys that identify the caller, most specific first.
  static let accountLabels: [StaticString] = ["user_id", "user", "caller", "customer", "tenant", "account", "app", "service", "team"]

  public func matches(_ doc: borrowing JSONDocument, root: Int) -> Bool {
    guard doc.kind(root) == .object, doc.member(root, "logging_time") != nil else { return false }
    return doc.member(root, "full_request") != nil || doc.member(root, "request_payload") != nil
  }

  public func decode(_ doc: borrowing JSONDocument, root: Int, context: inout DecodeContext, into r: inout LogRecord) -> RejectReason? {
    guard doc.kind(root) == .object else { return .notAnObject }
    var request: Int?
    var response: Int?
    var modelPath: Int?
    let members = doc.members(root)
    var k = members.lowerBound
    while k < members.upperBound {
      let v = k + 1
      defer { k = doc.nextKey(after: k) }
      if doc.stringEquals(k, "logging_time") { r.timestamp = Timestamp.parse(doc, v) }
      else if doc.stringEquals(k, "request_id") { r.requestID = doc.nonEmptyScalar(v) }
      else if doc.stringEquals(k, "model") { modelPath = v }
      else if doc.stringEquals(k, "full_request") { request = v }
      else if doc.stringEquals(k, "full_response") { response = v }
    }
    var project: String?
    if let modelPath, let path = doc.nonEmptyScalar(modelPath) {
      let parts = Self.modelPath(path)
      r.model = parts.model
      r.region = parts.location
      project = parts.project
      r.org = parts.project
    }
    var labelAccount: String?
    if let request {
      let nested = context.nested
      if doc.kind(request) == .object {
        labelAccount = Self.readRequest(doc, request, into: &r, nested: nested)
      } else if let found = nested.withString(doc, request, { d, req in Self.readRequest(d, req, into: &r, nested: nested) }) {
        labelAccount = found
      }
    }
    if let response {
      if doc.kind(response) == .object {
        Self.readResponse(doc, response, into: &r)
      } else {
        _ = context.nested.withString(doc, response) { d, resp in Self.readResponse(d, resp, into: &r) }
      }
    }
    if r.account.isEmpty { r.account = labelAccount ?? project.map { "project:" + $0 } ?? "" }
    if !applyAccountOverride(doc, root: root, &r, context) { return .missingAccount }
    return nil
  }

  /// `projects/p1/locations/us-central1/publishers/google/models/gemini-2.5-flash` → its parts;
  /// a bare model name is kept as the model.
  static func modelPath(_ path: String) -> (model: String, project: String?, location: String?) {
    let comps = path.split(separator: "/", omittingEmptySubsequences: true)
    func after(_ key: String) -> String? {
      guard let i = comps.firstIndex(where: { $0 == key }), i + 1 < comps.count else { return nil }
      return String(comps[i + 1])
    }
    return (after("models") ?? path, after("projects"), after("locations"))
  }

  /// Gemini `GenerateContentRequest` (or an Anthropic Messages body): prompt, system instruction,
  /// generation parameters, tools. Returns the caller named by the request's labels, if any.
  static func readRequest(_ doc: borrowing JSONDocument, _ req: Int, into r: inout LogRecord, nested: NestedJSON) -> String? {
    guard doc.kind(req) == .object else { return nil }
    var account: String?
    if let labels = doc.member(req, "labels"), doc.kind(labels) == .object {
      for key in accountLabels {
        if let v = doc.member(labels, key), let s = doc.nonEmptyScalar(v) {
          account = s
          break
        }
      }
    }
    if doc.member(req, "messages") != nil {
      // Claude on Vertex (rawPredict): an Anthropic Messages body.
      ChatRequest.decode(doc, req, into: &r, nested: nested)
      return account
    }
    if let contents = doc.member(req, "contents"), doc.kind(contents) == .array {
      var turns = 0
      var lastUser: Int?
      doc.forEachElement(contents) { c in
        turns += 1
        // Gemini roles are "user" and "model"; a turn without a role is the user's.
        if let role = doc.member(c, "role") {
          if doc.stringEquals(role, "user") { lastUser = c }
        } else {
          lastUser = c
        }
        return true
      }
      r.turnCount = turns
      if let lastUser, let parts = doc.member(lastUser, "parts") {
        var text = TextCollector()
        text.appendContent(doc, parts)
        r.userTurn = text.string()
      }
    }
    if let si = doc.member(req, "systemInstruction") ?? doc.member(req, "system_instruction") {
      var text = TextCollector()
      if let parts = doc.member(si, "parts") { text.appendContent(doc, parts) } else { text.appendContent(doc, si) }
      r.system = text.string()
    }
    if let tools = doc.member(req, "tools"), doc.kind(tools) == .array {
      // Each tool entry may declare several functions.
      var n = 0
      doc.forEachElement(tools) { t in
        if let f = doc.member(t, "functionDeclarations") ?? doc.member(t, "function_declarations") { n += doc.childCount(f) } else { n += 1 }
        return true
      }
      r.params.toolCount = n
    }
    if let g = doc.member(req, "generationConfig") ?? doc.member(req, "generation_config") {
      readGenerationConfig(doc, g, into: &r.params)
    }
    return account
  }

  /// `generationConfig` (camelCase or snake_case, as the REST and Python surfaces write it).
  static func readGenerationConfig(_ doc: borrowing JSONDocument, _ g: Int, into p: inout RequestParams) {
    doc.forEachMember(g) { k, v in
      if doc.stringEquals(k, "temperature") { p.temperature = doc.double(v) }
      else if doc.stringEquals(k, "topP") || doc.stringEquals(k, "top_p") { p.topP = doc.double(v) }
      else if doc.stringEquals(k, "candidateCount") || doc.stringEquals(k, "candidate_count") { p.n = doc.int(v) }
      else if doc.stringEquals(k, "maxOutputTokens") || doc.stringEquals(k, "max_output_tokens") { p.maxTokens = doc.int(v) }
      else if doc.stringEquals(k, "seed") { p.seed = doc.int(v) }
      else if doc.stringEquals(k, "responseLogprobs") || doc.stringEquals(k, "response_logprobs") { p.logprobs = doc.bool(v) }
      else if doc.stringEquals(k, "logprobs") {
        // The number of top candidates returned per token (Vertex: 1…20).
        if let n = doc.int(v) { p.topLogprobs = max(p.topLogprobs ?? 0, n) }
      } else if doc.stringEquals(k, "thinkingConfig") || doc.stringEquals(k, "thinking_config") {
        if let b = doc.member(v, "thinkingBudget") ?? doc.member(v, "thinking_budget"), let n = doc.int(b) { p.thinking = n != 0 }
        else { p.thinking = true }
      } else if doc.stringEquals(k, "responseMimeType") || doc.stringEquals(k, "response_mime_type") {
        p.jsonOutput = doc.stringEquals(v, "application/json")
      }
      return true
    }
  }

  /// `usageMetadata`: prompt tokens in, candidate (+ thinking) tokens out.
  static func readResponse(_ doc: borrowing JSONDocument, _ resp: Int, into r: inout LogRecord) {
    guard let u = doc.member(resp, "usageMetadata") ?? doc.member(resp, "usage_metadata") else { return }
    if let p = doc.member(u, "promptTokenCount") ?? doc.member(u, "prompt_token_count") { r.inputTokens = doc.int(p) }
    var out: Int?
    if let c = doc.member(u, "candidatesTokenCount") ?? doc.member(u, "candidates_token_count") { out = doc.int(c) }
    if let t = doc.member(u, "thoughtsTokenCount") ?? doc.member(u, "thoughts_token_count"), let n = doc.int(t) {
      let (sum, overflow) = (out ?? 0).addingReportingOverflow(n)
      out = overflow ? nil : sum  // corrupt counts must not trap
    }
    r.outputTokens = out
  }
}
