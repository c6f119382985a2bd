/// Decodes a request body of the messages family into a ``LogRecord``: OpenAI chat completions,
/// legacy completions (`prompt`), the Responses API (`input`, `instructions`), Anthropic Messages
/// (also as Bedrock InvokeModel bodies), Bedrock Converse and Nova `messages-v1`, AI21 Jamba.
///
/// These shapes share enough (`messages[].role/content`, text blocks carrying `text`) that one
/// reader covers them; the differences are where the system prompt and the sampling knobs live.
enum ChatRequest {
  /// ``decode(_:_:into:nested:)`` for a body held as an object or as a JSON string (gateways
  /// log both). Returns false when `v` is neither (or its string is not JSON).
  @discardableResult
  static func decodeBody(_ doc: borrowing JSONDocument, _ v: Int, into r: inout LogRecord, nested: NestedJSON) -> Bool {
    switch doc.kind(v) {
    case .object:
      decode(doc, v, into: &r, nested: nested)
      return true
    case .string:
      return nested.withString(doc, v) { nd, root in decode(nd, root, into: &r, nested: nested) } != nil
    default:
      return false
    }
  }

  /// Reads prompt, system prompt, turn count, model and harvest parameters from `body`.
  /// Fields already set on `r` by the envelope (model, end user) are kept.
  static func decode(_ doc: borrowing JSONDocument, _ body: Int, into r: inout LogRecord, nested: NestedJSON) {
    guard doc.kind(body) == .object else { return }
    OpenAIParams.read(doc, body, into: &r.params)
    var system = TextCollector()
    var messages: Int?
    var prompt: Int?
    var input: Int?
    doc.forEachMember(body) { k, v in
      let kb = doc.rawBytes(k)
      guard let first = kb.first else { return true }
      switch first {
      case UInt8(ascii: "m"):
        if doc.stringEquals(k, "messages") { messages = v }
        else if doc.stringEquals(k, "model") { if r.model == nil { r.model = doc.nonEmptyScalar(v) } }
        else if doc.stringEquals(k, "metadata") {
          // Anthropic `metadata.user_id`: an opaque end-user id chosen by the caller.
          if r.endUser == nil, let u = doc.member(v, "user_id") { r.endUser = doc.nonEmptyScalar(u) }
        }
      case UInt8(ascii: "s"):
        if doc.stringEquals(k, "system") { system.appendContent(doc, v) }
        else if doc.stringEquals(k, "safety_identifier") { if r.endUser == nil { r.endUser = doc.nonEmptyScalar(v) } }
      case UInt8(ascii: "p"):
        if doc.stringEquals(k, "prompt") { prompt = v }
      case UInt8(ascii: "i"):
        if doc.stringEquals(k, "input") { input = v }
        else if doc.stringEquals(k, "instructions") { system.appendContent(doc, v) }
        else if doc.stringEquals(k, "inferenceConfig") { readInferenceConfig(doc, v, into: &r.params) }
        else if doc.stringEquals(k, "include") {
          // Responses API: logprobs are only returned when `include` asks for them.
          doc.forEachElement(v) { e in
            if doc.kind(e) == .string, containsLogprobs(doc.rawBytes(e)) { r.params.logprobs = true }
            return true
          }
        }
      case UInt8(ascii: "u"):
        if doc.stringEquals(k, "user") { if r.endUser == nil { r.endUser = doc.nonEmptyScalar(v) } }
      case UInt8(ascii: "a"):
        if doc.stringEquals(k, "additionalModelRequestFields") {
          // Converse passes model-native knobs (Claude `thinking`, `top_k`) through here.
          OpenAIParams.read(doc, v, into: &r.params)
          if let rc = doc.member(v, "reasoning_config") { readThinking(doc, rc, into: &r.params) }
        }
      case UInt8(ascii: "t"):
        if doc.stringEquals(k, "toolConfig"), let tools = doc.member(v, "tools") { r.params.toolCount = doc.childCount(tools) }
      default: break
      }
      return true
    }
    if let messages {
      if doc.kind(messages) == .string {
        // LiteLLM sometimes stores the list as a JSON string.
        _ = nested.withString(doc, messages) { nd, root in readMessages(nd, root, into: &r, system: &system) }
      } else {
        readMessages(doc, messages, into: &r, system: &system)
      }
    } else if let input {
      if doc.kind(input) == .string {
        r.userTurn = doc.string(input, limit: LogRecord.maxTextBytes)
        r.turnCount = 1
      } else {
        readMessages(doc, input, into: &r, system: &system)
      }
    } else if let prompt {
      readPrompt(doc, prompt, into: &r)
    }
    if let s = system.string() { r.system = s }
  }

  /// Reads a logged "messages" value in any of the shapes gateways and tracers store it: a messages
  /// list, a single message, a request-like object (`messages` / `prompt` / `input`), any of those
  /// as JSON text, or plain prompt text. Shared by LiteLLM payloads and Langfuse observations.
  static func readMessagesValue(_ doc: borrowing JSONDocument, _ v: Int, into r: inout LogRecord, nested: NestedJSON) {
    var system = TextCollector()
    switch doc.kind(v) {
    case .array:
      readMessages(doc, v, into: &r, system: &system)
    case .object:
      if isRequestLike(doc, v) { decode(doc, v, into: &r, nested: nested) } else { readMessages(doc, v, into: &r, system: &system) }
    case .string:
      let parsed = nested.withString(doc, v) { nd, root in
        if nd.kind(root) == .object && isRequestLike(nd, root) {
          decode(nd, root, into: &r, nested: nested)
        } else {
          readMessages(nd, root, into: &r, system: &system)
        }
        return true
      }
      if parsed == nil {
        // A plain prompt string (text completions).
        r.userTurn = doc.string(v, limit: LogRecord.maxTextBytes)
        r.turnCount = r.userTurn == nil ? 0 : 1
      }
    default: break
    }
    if let s = system.string() { r.system = s }
  }

  static func isRequestLike(_ doc: borrowing JSONDocument, _ v: Int) -> Bool {
    doc.member(v, "messages") != nil || doc.member(v, "prompt") != nil || doc.member(v, "input") != nil
  }

  /// Reads a messages list: the last user message with text becomes the prompt, system and
  /// developer messages the system prompt; `turnCount` counts the non-system messages.
  static func readMessages(_ doc: borrowing JSONDocument, _ arr: Int, into r: inout LogRecord, system: inout TextCollector) {
    switch doc.kind(arr) {
    case .array: break
    case .object:
      // A single message stored on its own.
      if let c = doc.member(arr, "content") {
        var t = TextCollector()
        t.appendContent(doc, c)
        r.userTurn = t.string()
        r.turnCount = 1
      }
      return
    default: return
    }
    var lastUser: Int?
    var turns = 0
    doc.forEachElement(arr) { m in
      guard doc.kind(m) == .object else {
        if doc.kind(m) == .string {
          // A bare string in the list: treat as a user message.
          turns += 1
          if doc.rawBytes(m).count > 0 { lastUser = m }
        }
        return true
      }
      let role = doc.member(m, "role")
      guard let content = doc.member(m, "content") ?? doc.member(m, "message") else {
        if role != nil { turns += 1 }
        return true
      }
      if let role, doc.stringEqualsIgnoringCase(role, "system") || doc.stringEqualsIgnoringCase(role, "developer") {
        system.appendContent(doc, content)
        return true
      }
      turns += 1
      if role == nil || doc.stringEqualsIgnoringCase(role!, "user") {
        if TextCollector.hasText(doc, content) { lastUser = content }
      }
      return true
    }
    r.turnCount = turns
    if let lastUser {
      var t = TextCollector()
      t.appendContent(doc, lastUser)
      r.userTurn = t.string()
    }
  }

  /// Legacy completions `prompt`: a string, a list of strings (the first is kept), or token ids
  /// (no text).
  static func readPrompt(_ doc: borrowing JSONDocument, _ p: Int, into r: inout LogRecord) {
    switch doc.kind(p) {
    case .string:
      r.userTurn = doc.string(p, limit: LogRecord.maxTextBytes)
      r.turnCount = 1
    case .array:
      r.turnCount = 1
      var first: Int?
      doc.forEachElement(p) { first = $0; return false }
      if let first, doc.kind(first) == .string {
        r.userTurn = doc.string(first, limit: LogRecord.maxTextBytes)
      }
    default: break
    }
  }

  /// Converse / Nova `inferenceConfig`.
  static func readInferenceConfig(_ doc: borrowing JSONDocument, _ v: Int, into p: inout RequestParams) {
    doc.forEachMember(v) { k, x in
      if doc.stringEquals(k, "maxTokens") || doc.stringEquals(k, "max_new_tokens") || doc.stringEquals(k, "maxTokenCount") {
        if let m = doc.int(x) { p.maxTokens = m }
      } else if doc.stringEquals(k, "temperature") { p.temperature = doc.double(x) }
      else if doc.stringEquals(k, "topP") || doc.stringEquals(k, "top_p") { p.topP = doc.double(x) }
      return true
    }
  }

  /// `{type:"enabled"|"disabled"}` and similar reasoning switches.
  static func readThinking(_ doc: borrowing JSONDocument, _ v: Int, into p: inout RequestParams) {
    switch doc.kind(v) {
    case .bool: p.thinking = doc.bool(v)
    case .object:
      if let t = doc.member(v, "type") { p.thinking = !doc.stringEquals(t, "disabled") } else { p.thinking = true }
    case .string: p.thinking = true
    default: break
    }
  }

  static func containsLogprobs(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    let needle: [UInt8] = Array("logprobs".utf8)
    guard b.count >= needle.count else { return false }
    for i in 0...(b.count - needle.count) where b[i] == needle[0] {
      var ok = true
      for j in 1..<needle.count where b[i + j] != needle[j] { ok = false; break }
      if ok { return true }
    }
    return false
  }

  /// Token counts from a response `usage` object (OpenAI or Anthropic names).
  static func readUsage(_ doc: borrowing JSONDocument, _ usage: Int, into r: inout LogRecord) {
    doc.forEachMember(usage) { k, v in
      if doc.stringEquals(k, "prompt_tokens") || doc.stringEquals(k, "input_tokens") || doc.stringEquals(k, "inputTokens") {
        if r.inputTokens == nil { r.inputTokens = doc.int(v) }
      } else if doc.stringEquals(k, "completion_tokens") || doc.stringEquals(k, "output_tokens") || doc.stringEquals(k, "outputTokens") {
        if r.outputTokens == nil { r.outputTokens = doc.int(v) }
      }
      return true
    }
  }
}
