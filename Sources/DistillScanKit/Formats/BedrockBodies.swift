/// Request bodies of Bedrock `InvokeModel*` / `Converse*` calls, per model family.
///
/// The family is detected from the body's keys, not from `modelId`: application inference
/// profile ARNs hide the model (log-formats.md §1.4).
enum BedrockBodies {
  /// Body families, for tests and diagnostics.
  enum Family: Equatable {
    /// `messages` list: Anthropic Messages, Converse, Nova `messages-v1`, AI21 Jamba, OpenAI-style.
    case messages
    /// `prompt` + `max_tokens_to_sample` or `\n\nHuman:`: Claude v2 text completions.
    case claudeText
    /// `prompt` + `max_gen_len`.
    case llama
    /// `prompt` + `return_likelihoods` / `num_generations` / `p` / `k`.
    case cohereCommand
    /// `message` (+ `chat_history`, `preamble`).
    case cohereChat
    /// `inputText` (+ `textGenerationConfig`).
    case titan
    /// Any other `prompt` body (Mistral and unknown text models).
    case textPrompt
    case unknown
  }

  /// Decodes `body` into `r` and returns the family found.
  @discardableResult
  static func decode(_ doc: borrowing JSONDocument, _ body: Int, into r: inout LogRecord, nested: NestedJSON) -> Family {
    guard doc.kind(body) == .object else { return .unknown }
    var messages = false
    var prompt: Int?
    var message: Int?
    var inputText: Int?
    var metadata: Int?
    var claudeV2 = false, llama = false, cohere = false
    doc.forEachMember(body) { k, _ in
      let kb = doc.rawBytes(k)
      guard let first = kb.first else { return true }
      switch first {
      case UInt8(ascii: "m"):
        if doc.stringEquals(k, "messages") { messages = true }
        else if doc.stringEquals(k, "message") { message = k + 1 }
        else if doc.stringEquals(k, "max_tokens_to_sample") { claudeV2 = true }
        else if doc.stringEquals(k, "max_gen_len") { llama = true }
      case UInt8(ascii: "p"):
        if doc.stringEquals(k, "prompt") { prompt = k + 1 }
        else if doc.stringEquals(k, "p") { cohere = true }
      case UInt8(ascii: "r"):
        if doc.stringEquals(k, "return_likelihoods") { cohere = true }
        else if doc.stringEquals(k, "requestMetadata") { metadata = k + 1 }
      case UInt8(ascii: "n"):
        if doc.stringEquals(k, "num_generations") { cohere = true }
      case UInt8(ascii: "k"):
        if kb.count == 1 { cohere = true }
      case UInt8(ascii: "i"):
        if doc.stringEquals(k, "inputText") { inputText = k + 1 }
      default: break
      }
      return true
    }
    // Converse requests carry the caller's tags in the body (`requestMetadata`); Bedrock echoes
    // them at the record's top level, but exports and older records may only have the body copy.
    // The top-level tag (read first) wins.
    if r.endUser == nil, let metadata, doc.kind(metadata) == .object { r.endUser = BedrockFormat.userTag(doc, metadata) }
    if messages {
      ChatRequest.decode(doc, body, into: &r, nested: nested)
      return .messages
    }
    if let message {
      cohereChat(doc, body, message, into: &r)
      return .cohereChat
    }
    if let inputText {
      titan(doc, body, inputText, into: &r)
      return .titan
    }
    guard let prompt else { return .unknown }
    // Every prompt family uses OpenAI-like names for most knobs (temperature, max_tokens,
    // top_p, logit_bias); the family-specific ones are read below.
    OpenAIParams.read(doc, body, into: &r.params)
    let family: Family
    if claudeV2 {
      family = .claudeText
    } else if llama {
      family = .llama
    } else if cohere {
      family = .cohereCommand
    } else {
      family = .textPrompt
    }
    doc.forEachMember(body) { k, v in
      if doc.stringEquals(k, "max_tokens_to_sample") || doc.stringEquals(k, "max_gen_len") {
        r.params.maxTokens = doc.int(v)
      } else if doc.stringEquals(k, "p") {
        r.params.topP = doc.double(v)
      } else if doc.stringEquals(k, "num_generations") {
        r.params.n = doc.int(v)
      } else if doc.stringEquals(k, "return_likelihoods") {
        // GENERATION / ALL return per-token likelihoods: Cohere's logprobs.
        r.params.logprobs = doc.stringEqualsIgnoringCase(v, "generation") || doc.stringEqualsIgnoringCase(v, "all")
      }
      return true
    }
    if family == .cohereCommand {
      // Cohere Command prompts are plain text, never templated.
      r.userTurn = doc.string(prompt, limit: LogRecord.maxTextBytes)
      r.turnCount = r.userTurn == nil ? 0 : 1
    } else if let parsed = PromptTemplate.parse(doc, prompt) {
      r.userTurn = parsed.user
      if r.system == nil { r.system = parsed.system }
      r.turnCount = parsed.turns
    }
    return family
  }

  /// Cohere Command R: `message` is the user turn, `preamble` the system prompt,
  /// `chat_history` the earlier turns.
  private static func cohereChat(_ doc: borrowing JSONDocument, _ body: Int, _ message: Int, into r: inout LogRecord) {
    OpenAIParams.read(doc, body, into: &r.params)
    r.userTurn = doc.string(message, limit: LogRecord.maxTextBytes)
    var turns = r.userTurn == nil ? 0 : 1
    doc.forEachMember(body) { k, v in
      if doc.stringEquals(k, "preamble") { r.system = doc.string(v, limit: LogRecord.maxTextBytes) }
      else if doc.stringEquals(k, "chat_history") { turns += doc.childCount(v) }
      else if doc.stringEquals(k, "p") { r.params.topP = doc.double(v) }
      return true
    }
    r.turnCount = turns
  }

  /// Amazon Titan text: `inputText` and `textGenerationConfig{maxTokenCount, temperature, topP}`.
  private static func titan(_ doc: borrowing JSONDocument, _ body: Int, _ inputText: Int, into r: inout LogRecord) {
    if let parsed = PromptTemplate.parse(doc, inputText) {
      r.userTurn = parsed.user
      r.turnCount = parsed.turns
    }
    if let cfg = doc.member(body, "textGenerationConfig") {
      ChatRequest.readInferenceConfig(doc, cfg, into: &r.params)
    }
  }

  /// Output token count from a response body, for records without `output.outputTokenCount`
  /// (failed or truncated records): object bodies' `usage`, stream arrays' final
  /// `amazon-bedrock-invocationMetrics` or `message_delta` usage.
  static func outputTokens(_ doc: borrowing JSONDocument, _ body: Int) -> Int? {
    var out: Int?
    func fromEvent(_ e: Int) {
      guard doc.kind(e) == .object else { return }
      if let m = doc.member(e, "amazon-bedrock-invocationMetrics"), let t = doc.member(m, "outputTokenCount") {
        out = doc.int(t) ?? out
      } else if let u = doc.member(e, "usage") {
        if let t = doc.member(u, "output_tokens") ?? doc.member(u, "outputTokens") { out = doc.int(t) ?? out }
      }
    }
    switch doc.kind(body) {
    case .object: fromEvent(body)
    case .array: doc.forEachElement(body) { e in fromEvent(e); return true }
    default: break
    }
    return out
  }
}
