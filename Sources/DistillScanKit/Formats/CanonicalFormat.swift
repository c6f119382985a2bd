/// distillscan's own JSON-lines schema (docs/canonical-format.md), written by `distillscan synth`.
///
/// Recognised by the `"v":"ds1"` marker or, failing that, by `account` + `prompt`/`ts` keys.
public struct CanonicalFormat: LogFormat {
  public init() {}
  public var id: String { "canonical" }
  public var summary: String { "distillscan canonical JSON lines (docs/canonical-format.md)" }

  public func matches(_ doc: borrowing JSONDocument, root: Int) -> Bool {
    guard doc.kind(root) == .object else { return false }
    if let v = doc.member(root, "v"), doc.stringEquals(v, "ds1") { return true }
    return doc.member(root, "account") != nil && doc.member(root, "ts") != nil
  }

  public func decode(_ doc: borrowing JSONDocument, root: Int, context: inout DecodeContext, into r: inout LogRecord) -> RejectReason? {
    guard doc.kind(root) == .object else { return .notAnObject }
    let limit = LogRecord.maxTextBytes
    let members = doc.members(root)
    var k = members.lowerBound
    while k < members.upperBound {
      let v = k + 1
      defer { k = doc.nextKey(after: k) }
      let kb = doc.rawBytes(k)
      guard let first = kb.first else { continue }
      switch first {
      case UInt8(ascii: "a"):
        if doc.stringEquals(k, "account") { r.account = context.accounts.string(doc, v) ?? doc.scalarString(v) ?? "" }
        else if doc.stringEquals(k, "api_key") { if context.canDefer(doc, v) { context.apiKeyToken = v; r.apiKey = nil } else { context.apiKeyToken = nil; r.apiKey = doc.scalarString(v) } }
      case UInt8(ascii: "t"):
        if doc.stringEquals(k, "ts") { r.timestamp = Timestamp.parse(doc, v) }
        else if doc.stringEquals(k, "turns") { r.turnCount = doc.int(v) ?? 0 }
      case UInt8(ascii: "r"):
        if doc.stringEquals(k, "request_id") { if context.canDefer(doc, v) { context.requestIDToken = v; r.requestID = nil } else { context.requestIDToken = nil; r.requestID = doc.scalarString(v) } }
      case UInt8(ascii: "o"):
        if doc.stringEquals(k, "org") { if context.canDefer(doc, v) { context.orgToken = v; r.org = nil } else { context.orgToken = nil; r.org = doc.scalarString(v) } }
        else if doc.stringEquals(k, "output_tokens") { r.outputTokens = doc.int(v) }
      case UInt8(ascii: "e"):
        if doc.stringEquals(k, "end_user") { r.endUser = doc.scalarString(v) }
        else if doc.stringEquals(k, "endpoint") {
          if context.canDefer(doc, v) { context.endpointToken = v; r.endpoint = nil } else { context.endpointToken = nil; r.endpoint = context.endpoints.string(doc, v) ?? doc.scalarString(v) }
        }
      case UInt8(ascii: "i"):
        if doc.stringEquals(k, "ip") { if context.canDefer(doc, v) { context.ipToken = v; r.ip = nil } else { context.ipToken = nil; r.ip = doc.scalarString(v) } }
        else if doc.stringEquals(k, "input_tokens") { r.inputTokens = doc.int(v) }
      case UInt8(ascii: "u"):
        if doc.stringEquals(k, "user_agent") {
          if context.canDefer(doc, v) { context.userAgentToken = v; r.userAgent = nil } else { context.userAgentToken = nil; r.userAgent = context.userAgents.string(doc, v) ?? doc.scalarString(v) }
        }
      case UInt8(ascii: "m"):
        if doc.stringEquals(k, "model") { r.model = context.models.string(doc, v) ?? doc.scalarString(v) }
      case UInt8(ascii: "p"):
        if doc.stringEquals(k, "prompt") {
          // A repeated key: the last value wins, deferred or not (clear the other one).
          if context.deferPrompt && doc.kind(v) == .string {
            context.promptToken = v
            r.userTurn = nil
          } else {
            context.promptToken = nil
            r.userTurn = doc.string(v, limit: limit)
          }
        }
        else if doc.stringEquals(k, "params") { OpenAIParams.read(doc, v, into: &r.params) }
      case UInt8(ascii: "s"):
        if doc.stringEquals(k, "system") { r.system = doc.string(v, limit: limit) }
        else if doc.stringEquals(k, "status") {
          if context.canDefer(doc, v) { context.statusToken = v; r.status = nil } else { context.statusToken = nil; r.status = doc.scalarString(v) }
        }
      default: break
      }
    }
    if r.turnCount == 0, r.userTurn != nil || context.promptToken != nil { r.turnCount = 1 }
    if !applyAccountOverride(doc, root: root, &r, context) { return .missingAccount }
    return nil
  }
}

/// Reads OpenAI-style sampling/harvest parameters from an object (request body or `params`).
/// Shared by the canonical, OpenAI, LiteLLM and mapped decoders.
public enum OpenAIParams {
  public static func read(_ doc: borrowing JSONDocument, _ obj: Int, into p: inout RequestParams) {
    doc.forEachMember(obj) { k, v in
      if doc.stringEquals(k, "temperature") { p.temperature = doc.double(v) }
      else if doc.stringEquals(k, "top_p") { p.topP = doc.double(v) }
      else if doc.stringEquals(k, "max_tokens") || doc.stringEquals(k, "max_completion_tokens")
        || doc.stringEquals(k, "max_output_tokens")
      {
        if let m = doc.int(v) { p.maxTokens = m }
      } else if doc.stringEquals(k, "n") { p.n = doc.int(v) }
      else if doc.stringEquals(k, "best_of") { p.bestOf = doc.int(v) }
      else if doc.stringEquals(k, "seed") { p.seed = doc.int(v) }
      else if doc.stringEquals(k, "logprobs") {
        // Chat: bool. Legacy completions: an integer top-k.
        if doc.kind(v) == .number, let n = doc.int(v) {
          p.logprobs = n > 0
          p.topLogprobs = max(p.topLogprobs ?? 0, n)
        } else {
          p.logprobs = doc.bool(v)
        }
      } else if doc.stringEquals(k, "top_logprobs") {
        if let n = doc.int(v) { p.topLogprobs = max(p.topLogprobs ?? 0, n) }
      } else if doc.stringEquals(k, "logit_bias") {
        readLogitBias(doc, v, into: &p)
      } else if doc.stringEquals(k, "echo") { p.echo = doc.bool(v) }
      else if doc.stringEquals(k, "stream") { p.stream = doc.bool(v) }
      else if doc.stringEquals(k, "tools") || doc.stringEquals(k, "functions") { p.toolCount = doc.childCount(v) }
      else if doc.stringEquals(k, "tool_count") { p.toolCount = doc.int(v) ?? 0 }
      else if doc.stringEquals(k, "thinking") || doc.stringEquals(k, "reasoning_effort") || doc.stringEquals(k, "reasoning") {
        ChatRequest.readThinking(doc, v, into: &p)
      } else if doc.stringEquals(k, "response_format") {
        if let t = doc.member(v, "type") { p.jsonOutput = !doc.stringEquals(t, "text") }
      }
      return true
    }
  }

  /// `{"<token id>": bias, …}` → entries (capped), and the total count.
  public static func readLogitBias(_ doc: borrowing JSONDocument, _ v: Int, into p: inout RequestParams) {
    guard doc.kind(v) == .object else { return }
    doc.forEachMember(v) { k, b in
      p.logitBiasCount += 1
      if p.logitBias.count < RequestParams.maxLogitBias, let tok = doc.int(k), let bias = doc.double(b) {
        p.logitBias.append(LogitBiasEntry(token: tok, bias: bias))
      }
      return true
    }
  }
}
