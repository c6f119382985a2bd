/// Serialises synthetic requests in the three on-disk shapes (canonical JSON lines, LiteLLM
/// SpendLogs rows, Bedrock invocation-log records), following `formats/log-formats.md`.
struct SynthSerializer {
  let accounts: [SynthAccount]

  // MARK: canonical (ds1)

  func canonical(_ q: SynthRequest, into out: inout [UInt8]) {
    let a = accounts[q.account]
    var w = JSONWriter()
    w.beginObject()
    w.field("v", "ds1")
    w.field("ts", SynthClock(q.ts).isoMillis)
    w.field("request_id", q.requestID)
    w.field("account", a.key)
    w.field("api_key", a.apiKeys[q.keyIndex])
    w.field("org", a.org)
    if let u = q.endUser { w.field("end_user", u) }
    w.field("ip", q.ip)
    w.field("user_agent", q.userAgent)
    w.field("model", q.model)
    w.field("endpoint", q.endpoint.rawValue)
    w.key("params")
    w.beginObject()
    openAIParams(q, &w, legacy: q.endpoint == .completions)
    if !q.tools.isEmpty {
      w.field("tools", strings: q.tools)
    }
    w.endObject()
    if let s = q.system { w.field("system", s) }
    w.field("prompt", q.prompt)
    w.field("turns", q.history.count + 1)
    w.field("input_tokens", q.inputTokens)
    w.field("output_tokens", q.outputTokens)
    w.field("status", q.success ? "success" : "error")
    w.endObject()
    out.append(contentsOf: w.bytes)
    out.append(0x0A)
  }

  /// OpenAI request parameters (shared by canonical `params` and OpenAI request bodies).
  /// `reasoningEffort`: OpenAI request bodies ask for reasoning with `reasoning_effort`, the
  /// canonical schema with a generic `thinking` object.
  func openAIParams(_ q: SynthRequest, _ w: inout JSONWriter, legacy: Bool, reasoningEffort: Bool = false) {
    if let v = q.temperature { w.field("temperature", v) }
    if let v = q.topP { w.field("top_p", v) }
    if let v = q.maxTokens { w.field("max_tokens", v) }
    if let v = q.n { w.field("n", v) }
    if let v = q.seed { w.field("seed", v) }
    if legacy {
      // Legacy completions: `logprobs` is the integer top-k.
      if q.logprobs == true { w.field("logprobs", q.topLogprobs ?? 1) }
    } else {
      if let v = q.logprobs { w.field("logprobs", v) }
      if let v = q.topLogprobs { w.field("top_logprobs", v) }
    }
    if !q.logitBias.isEmpty {
      w.key("logit_bias")
      w.beginObject()
      for e in q.logitBias { w.field(String(e.token), e.bias) }
      w.endObject()
    }
    if let v = q.echo { w.field("echo", v) }
    if let v = q.stream { w.field("stream", v) }
    if let b = q.thinkingBudget, reasoningEffort {
      w.field("reasoning_effort", b >= 16000 ? "high" : "medium")
    } else if let b = q.thinkingBudget {
      w.key("thinking")
      w.beginObject()
      w.field("type", "enabled")
      w.field("budget_tokens", b)
      w.endObject()
    }
    if q.jsonOutput {
      w.key("response_format")
      w.beginObject()
      w.field("type", "json_object")
      w.endObject()
    }
  }

  // MARK: LiteLLM SpendLogs (openai)

  /// The raw OpenAI client request body (LiteLLM and Helicone store it as a JSON *string*).
  func openAIRequestBody(_ q: SynthRequest) -> [UInt8] {
    let legacy = q.endpoint == .completions
    var b = JSONWriter()
    b.beginObject()
    b.field("model", q.model)
    if legacy {
      b.field("prompt", q.prompt)
    } else {
      b.key("messages")
      b.beginArray()
      if let s = q.system {
        b.beginObject(); b.field("role", "system"); b.field("content", s); b.endObject()
      }
      for m in q.history {
        b.beginObject()
        b.field("role", m.role == .tool ? "user" : m.role.rawValue)
        b.field("content", m.text)
        b.endObject()
      }
      b.beginObject(); b.field("role", "user"); b.field("content", q.prompt); b.endObject()
      b.endArray()
    }
    openAIParams(q, &b, legacy: legacy, reasoningEffort: true)
    if !q.tools.isEmpty {
      b.key("tools")
      b.beginArray()
      for t in q.tools {
        b.beginObject(); b.field("type", "function"); b.key("function"); b.beginObject(); b.field("name", t); b.endObject(); b.endObject()
      }
      b.endArray()
    }
    if let u = q.endUser { b.field("user", u) }
    b.endObject()
    return b.bytes
  }

  /// The OpenAI response body of a successful request (empty for failures).
  func openAIResponseBody(_ q: SynthRequest) -> [UInt8] {
    let legacy = q.endpoint == .completions
    var resp = JSONWriter()
    if q.success {
      resp.beginObject()
      resp.field("id", q.requestID)
      resp.field("object", legacy ? "text_completion" : "chat.completion")
      resp.field("model", q.model)
      resp.key("choices")
      resp.beginArray()
      resp.beginObject()
      resp.field("index", 0)
      if legacy {
        resp.field("text", q.output)
      } else {
        resp.key("message"); resp.beginObject(); resp.field("role", "assistant"); resp.field("content", q.output); resp.endObject()
      }
      resp.field("finish_reason", q.maxTokens == q.outputTokens ? "length" : "stop")
      resp.endObject()
      resp.endArray()
      resp.key("usage")
      resp.beginObject()
      resp.field("prompt_tokens", q.inputTokens); resp.field("completion_tokens", q.outputTokens); resp.field("total_tokens", q.inputTokens + q.outputTokens)
      resp.endObject()
      resp.endObject()
    }
    return resp.bytes
  }

  func litellm(_ q: SynthRequest, into out: inout [UInt8]) {
    let a = accounts[q.account]
    let legacy = q.endpoint == .completions
    let body = openAIRequestBody(q)
    let resp = openAIResponseBody(q)
    let keyHash = a.apiKeyHashes[q.keyIndex]
    let latency = 0.25 + Double(q.outputTokens) / 80
    var w = JSONWriter()
    w.beginObject()
    w.field("request_id", q.requestID)
    w.field("call_type", legacy ? "atext_completion" : "acompletion")
    w.field("api_key", keyHash)
    w.field("spend", Double(q.inputTokens) * 2.5e-6 + Double(q.outputTokens) * 1e-5, digits: 6)
    w.field("total_tokens", q.inputTokens + q.outputTokens)
    w.field("prompt_tokens", q.inputTokens)
    w.field("completion_tokens", q.outputTokens)
    w.field("startTime", SynthClock(q.ts).sqlMillis)
    w.field("endTime", SynthClock(q.ts + latency).sqlMillis)
    w.field("completionStartTime", SynthClock(q.ts + min(latency, 0.4)).sqlMillis)
    w.field("model", q.model)
    w.field("model_id", String(keyHash.prefix(12)))
    w.field("model_group", q.model)
    w.field("custom_llm_provider", "openai")
    w.field("api_base", "https://api.openai.com/v1")
    w.field("user", a.userID)
    w.field("team_id", a.team)
    w.field("organization_id", a.org)
    w.field("end_user", q.endUser ?? "")
    w.field("requester_ip_address", q.ip ?? "")
    w.key("metadata")
    w.beginObject()
    w.field("user_api_key", keyHash)
    w.field("user_api_key_alias", a.apiKeys[q.keyIndex])
    w.field("user_api_key_team_id", a.team)
    w.field("user_api_key_org_id", a.org)
    w.field("user_api_key_user_id", a.userID)
    w.key("spend_logs_metadata"); w.null()
    w.field("requester_ip_address", q.ip ?? "")
    w.field("user_agent", q.userAgent)
    w.field("status", q.success ? "success" : "failure")
    w.endObject()
    w.field("cache_hit", "False")
    w.field("cache_key", "Cache OFF")
    w.key("request_tags"); w.beginArray(); w.endArray()
    w.field("messages", "{}")
    w.field("response", q.success ? String(decoding: resp, as: UTF8.self) : "{}")
    w.field("proxy_server_request", String(decoding: body, as: UTF8.self))
    w.field("session_id", String(q.requestID.suffix(12)))
    w.field("status", q.success ? "success" : "failure")
    w.endObject()
    out.append(contentsOf: w.bytes)
    out.append(0x0A)
  }

  // MARK: Helicone request rows

  /// One Helicone `request_response_rmt` row (log-formats.md §5.3): bodies as JSON strings, the
  /// Helicone user id as the account, no client IP (only a country code).
  func helicone(_ q: SynthRequest, into out: inout [UInt8]) {
    let a = accounts[q.account]
    let latency = 0.25 + Double(q.outputTokens) / 80
    var w = JSONWriter()
    w.beginObject()
    w.field("request_id", q.requestID)
    w.field("request_created_at", SynthClock(q.ts).sqlMillis)
    w.field("response_created_at", SynthClock(q.ts + latency).sqlMillis)
    w.field("latency", Int(latency * 1000))
    w.field("status", q.success ? 200 : 500)
    w.field("model", q.model)
    w.field("provider", "OPENAI")
    w.field("prompt_tokens", q.inputTokens)
    w.field("completion_tokens", q.outputTokens)
    w.field("user_id", a.userID)
    w.field("organization_id", a.org)
    w.field("proxy_key_id", a.apiKeys[q.keyIndex])
    w.field("target_url", q.endpoint == .completions ? "https://api.openai.com/v1/completions" : "https://api.openai.com/v1/chat/completions")
    w.field("country_code", ["US", "DE", "GB", "IN", "BR", "JP", "FR"][Int(a.seed % 7)])
    w.key("properties")
    w.beginObject()
    if let u = q.endUser { w.field("Helicone-Property-End-User", u) }
    w.endObject()
    w.field("request_body", String(decoding: openAIRequestBody(q), as: UTF8.self))
    w.field("response_body", q.success ? String(decoding: openAIResponseBody(q), as: UTF8.self) : "{}")
    w.endObject()
    out.append(contentsOf: w.bytes)
    out.append(0x0A)
  }

  // MARK: Bedrock invocation log

  enum BedrockBody { case claude, converse, cohere }

  func bedrockBodyKind(_ q: SynthRequest) -> BedrockBody {
    if q.model.hasPrefix("cohere.") { return .cohere }
    return accounts[q.account].index % 3 == 1 ? .converse : .claude
  }

  /// The request body as Bedrock logs it (`inputBodyJson`).
  func bedrockInput(_ q: SynthRequest, _ kind: BedrockBody) -> [UInt8] {
    var b = JSONWriter()
    b.beginObject()
    switch kind {
    case .cohere:
      b.field("prompt", q.prompt)
      b.field("max_tokens", q.maxTokens ?? 256)
      if let t = q.temperature { b.field("temperature", t) }
      b.field("return_likelihoods", q.logprobs == true ? "ALL" : "GENERATION")
      b.field("num_generations", q.n ?? 1)
      if !q.logitBias.isEmpty {
        b.key("logit_bias")
        b.beginObject()
        // Cohere on Bedrock accepts biases in −10…10: OpenAI-scale values (±100) are scaled down
        // by 10 so a bias binary search keeps distinct values.
        for e in q.logitBias { b.field(String(e.token), abs(e.bias) > 10 ? max(-10, min(10, e.bias / 10)) : e.bias) }
        b.endObject()
      }
    case .claude:
      b.field("anthropic_version", "bedrock-2023-05-31")
      b.field("max_tokens", q.maxTokens ?? 4096)
      if let s = q.system { b.field("system", s) }
      b.key("messages")
      b.beginArray()
      for m in q.history { claudeMessage(&b, role: m.role == .assistant ? "assistant" : "user", text: m.text) }
      claudeMessage(&b, role: "user", text: q.prompt)
      b.endArray()
      if let t = q.temperature { b.field("temperature", t) }
      if let budget = q.thinkingBudget {
        b.key("thinking"); b.beginObject(); b.field("type", "enabled"); b.field("budget_tokens", budget); b.endObject()
      }
      if !q.tools.isEmpty {
        b.key("tools")
        b.beginArray()
        for t in q.tools {
          b.beginObject(); b.field("name", t); b.field("description", "Tool \(t)")
          b.key("input_schema"); b.beginObject(); b.field("type", "object"); b.endObject(); b.endObject()
        }
        b.endArray()
      }
    case .converse:
      b.key("messages")
      b.beginArray()
      for m in q.history { converseMessage(&b, role: m.role == .assistant ? "assistant" : "user", text: m.text) }
      converseMessage(&b, role: "user", text: q.prompt)
      b.endArray()
      if let s = q.system {
        b.key("system"); b.beginArray(); b.beginObject(); b.field("text", s); b.endObject(); b.endArray()
      }
      b.key("inferenceConfig")
      b.beginObject()
      b.field("maxTokens", q.maxTokens ?? 4096)
      if let t = q.temperature { b.field("temperature", t) }
      b.endObject()
      if let budget = q.thinkingBudget {
        b.key("additionalModelRequestFields"); b.beginObject()
        b.key("thinking"); b.beginObject(); b.field("type", "enabled"); b.field("budget_tokens", budget); b.endObject()
        b.endObject()
      }
      if !q.tools.isEmpty {
        b.key("toolConfig"); b.beginObject(); b.key("tools"); b.beginArray()
        for t in q.tools {
          b.beginObject(); b.key("toolSpec"); b.beginObject(); b.field("name", t)
          b.key("inputSchema"); b.beginObject(); b.key("json"); b.beginObject(); b.field("type", "object"); b.endObject(); b.endObject()
          b.endObject(); b.endObject()
        }
        b.endArray(); b.endObject()
      }
      if let u = q.endUser {
        b.key("requestMetadata"); b.beginObject(); b.field("end_user", u); b.endObject()
      }
    }
    b.endObject()
    return b.bytes
  }

  private func claudeMessage(_ b: inout JSONWriter, role: String, text: String) {
    b.beginObject(); b.field("role", role); b.key("content"); b.beginArray()
    b.beginObject(); b.field("type", "text"); b.field("text", text); b.endObject()
    b.endArray(); b.endObject()
  }

  private func converseMessage(_ b: inout JSONWriter, role: String, text: String) {
    b.beginObject(); b.field("role", role); b.key("content"); b.beginArray()
    b.beginObject(); b.field("text", text); b.endObject()
    b.endArray(); b.endObject()
  }

  /// One Bedrock record. Bodies over 100 KB go to a `data/` sidecar (returned), as Bedrock does.
  func bedrock(_ q: SynthRequest, hourPrefix: String, bucketPrefix: String, into out: inout [UInt8]) -> (name: String, body: [UInt8])? {
    let a = accounts[q.account]
    let kind = bedrockBodyKind(q)
    let input = bedrockInput(q, kind)
    var sidecar: (String, [UInt8])?
    let streamed = kind == .claude && q.stream == true
    var w = JSONWriter()
    w.beginObject()
    w.field("schemaType", "ModelInvocationLog")
    w.field("schemaVersion", "1.0")
    w.field("timestamp", SynthClock(q.ts).isoSeconds)
    w.field("accountId", a.awsAccount)
    w.key("identity"); w.beginObject(); w.field("arn", a.key); w.endObject()
    w.field("region", a.region)
    w.field("requestId", q.requestID)
    w.field("operation", kind == .converse ? (q.stream == true ? "ConverseStream" : "Converse") : (streamed ? "InvokeModelWithResponseStream" : "InvokeModel"))
    w.field("modelId", q.model)
    if let u = q.endUser, kind != .converse {
      w.key("requestMetadata"); w.beginObject(); w.field("end_user", u); w.endObject()
    }
    if !q.success { w.field("errorCode", "ThrottlingException") }
    w.key("input")
    w.beginObject()
    w.field("inputContentType", "application/json")
    if input.count > 100_000 {
      let name = "data/\(q.requestID)_input.json.gz"
      w.field("inputBodyS3Path", "s3://\(bucketPrefix)/\(hourPrefix)/\(name)")
      sidecar = (name, input)
    } else {
      w.key("inputBodyJson")
      w.raw(input)
    }
    w.field("inputTokenCount", q.inputTokens)
    w.endObject()
    if q.success {
      w.key("output")
      w.beginObject()
      w.field("outputContentType", "application/json")
      w.key("outputBodyJson")
      bedrockOutput(q, kind, streamed: streamed, &w)
      w.field("outputTokenCount", q.outputTokens)
      w.endObject()
    }
    w.endObject()
    out.append(contentsOf: w.bytes)
    out.append(0x0A)
    return sidecar
  }

  private func bedrockOutput(_ q: SynthRequest, _ kind: BedrockBody, streamed: Bool, _ w: inout JSONWriter) {
    let modelName = q.model.split(separator: ".").dropFirst().joined(separator: ".")
    switch kind {
    case .cohere:
      w.beginObject()
      w.field("id", String(q.requestID.prefix(8)))
      w.key("generations"); w.beginArray(); w.beginObject()
      w.field("id", String(q.requestID.suffix(8))); w.field("text", q.output); w.field("likelihood", -1.37)
      w.endObject(); w.endArray()
      w.endObject()
    case .converse:
      w.beginObject()
      w.key("output"); w.beginObject(); w.key("message"); w.beginObject(); w.field("role", "assistant")
      w.key("content"); w.beginArray(); w.beginObject(); w.field("text", q.output); w.endObject(); w.endArray()
      w.endObject(); w.endObject()
      w.field("stopReason", "end_turn")
      w.key("metrics"); w.beginObject(); w.field("latencyMs", 300 + q.outputTokens * 12); w.endObject()
      w.key("usage"); w.beginObject(); w.field("inputTokens", q.inputTokens); w.field("outputTokens", q.outputTokens)
      w.field("totalTokens", q.inputTokens + q.outputTokens); w.endObject()
      w.endObject()
    case .claude:
      if streamed {
        w.beginArray()
        w.beginObject(); w.field("type", "message_start"); w.key("message"); w.beginObject(); w.field("id", "msg_bdrk_" + q.requestID.prefix(12))
        w.field("type", "message"); w.field("role", "assistant"); w.field("model", modelName)
        w.key("usage"); w.beginObject(); w.field("input_tokens", q.inputTokens); w.field("output_tokens", 1); w.endObject(); w.endObject(); w.endObject()
        w.beginObject(); w.field("type", "content_block_delta"); w.field("index", 0)
        w.key("delta"); w.beginObject(); w.field("type", "text_delta"); w.field("text", q.output); w.endObject(); w.endObject()
        w.beginObject(); w.field("type", "message_delta"); w.key("delta"); w.beginObject(); w.field("stop_reason", "end_turn"); w.endObject()
        w.key("usage"); w.beginObject(); w.field("output_tokens", q.outputTokens); w.endObject(); w.endObject()
        w.beginObject(); w.field("type", "message_stop"); w.key("amazon-bedrock-invocationMetrics"); w.beginObject()
        w.field("inputTokenCount", q.inputTokens); w.field("outputTokenCount", q.outputTokens); w.endObject(); w.endObject()
        w.endArray()
      } else {
        w.beginObject()
        w.field("id", "msg_bdrk_" + q.requestID.prefix(12)); w.field("type", "message"); w.field("role", "assistant"); w.field("model", modelName)
        w.key("content"); w.beginArray(); w.beginObject(); w.field("type", "text"); w.field("text", q.output); w.endObject(); w.endArray()
        w.field("stop_reason", "end_turn"); w.key("stop_sequence"); w.null()
        w.key("usage"); w.beginObject(); w.field("input_tokens", q.inputTokens); w.field("output_tokens", q.outputTokens); w.endObject()
        w.endObject()
      }
    }
  }
}
