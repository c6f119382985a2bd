import Testing
@testable import DistillScanKit

/// Missing and mistyped fields are absent, never a trap or a made-up value.
@Suite("missing and mistyped fields")
struct OddShapesTests {
  func decode(_ text: String, _ format: any LogFormat) throws -> DecodeOutcome {
    var doc = JSONDocument()
    var ctx = DecodeContext()
    ctx.filePath = "/nonexistent/dir/file.json"
    let b = Array(text.utf8)
    return try b.withUnsafeBufferPointer { p in
      try doc.parse(p.baseAddress!, count: p.count)
      return format.decode(doc, root: 0, context: &ctx)
    }
  }

  @Test func minimalBedrockRecord() throws {
    let r = try #require(try decode(#"{"schemaType":"ModelInvocationLog","identity":{"arn":"a"}}"#, BedrockFormat()).record)
    #expect(r.account == "a")
    #expect(r.timestamp == nil && r.model == nil && r.userTurn == nil && r.inputTokens == nil && r.outputTokens == nil)
    #expect(r.params == RequestParams())
  }

  @Test func mistypedBedrockFields() throws {
    let text = #"{"schemaType":"ModelInvocationLog","identity":{"arn":12},"timestamp":[1],"region":{},"modelId":null,"requestMetadata":"x","#
      + #""input":{"inputBodyJson":{"messages":"nope","system":7,"inferenceConfig":[1]},"inputTokenCount":"12","cacheReadInputTokenCount":true},"output":[1,2]}"#
    let r = try #require(try decode(text, BedrockFormat()).record)
    #expect(r.account == "12", "a numeric id is still an id")
    #expect(r.timestamp == nil)
    #expect(r.region == nil)
    #expect(r.model == nil)
    #expect(r.endUser == nil)
    #expect(r.userTurn == nil)
    #expect(r.system == nil)
    #expect(r.inputTokens == 13, "numeric strings and bools are read leniently")
    #expect(r.outputTokens == nil)
  }

  @Test func bedrockBodyShapes() throws {
    for body in [#"[]"#, #""not json""#, #""{\"broken\":""#, "42", #"{"prompt":7}"#, #"{"message":[]}"#, #"{"inputText":{}}"#,
                 #"{"messages":[1,"x",null,{"role":5,"content":{"text":9}}]}"#] {
      let text = #"{"schemaType":"ModelInvocationLog","identity":{"arn":"a"},"input":{"inputBodyJson":"# + body + "}}"
      let r = try #require(try decode(text, BedrockFormat()).record, "\(body)")
      #expect(r.system == nil, "\(body)")
    }
  }

  @Test func offloadedWithoutLogFilePath() throws {
    var doc = JSONDocument()
    var ctx = DecodeContext()  // stdin: no file path, so no sidecar can be looked up
    let b = Array(#"{"schemaType":"ModelInvocationLog","identity":{"arn":"a"},"input":{"inputBodyS3Path":"s3://b/k/data/x_input.json.gz"}}"#.utf8)
    try b.withUnsafeBufferPointer { try doc.parse($0.baseAddress!, count: $0.count) }
    #expect(BedrockFormat().decode(doc, root: 0, context: &ctx).record != nil)
    #expect(ctx.bodyNotInline)
  }

  @Test func minimalAndMistypedOpenAIShapes() throws {
    let spend = try #require(try decode(#"{"request_id":"r","api_key":"k"}"#, OpenAIFormat()).record)
    #expect(spend.account == "k" && spend.userTurn == nil && spend.timestamp == nil)
    let weird = try #require(try decode(
      #"{"request_id":1,"api_key":"k","user":{},"metadata":[1],"proxy_server_request":"[1,2","startTime":{},"prompt_tokens":"x"}"#,
      OpenAIFormat()).record)
    #expect(weird.account == "k")
    #expect(weird.requestID == "1")
    #expect(weird.inputTokens == nil)
    let payload = try #require(try decode(#"{"model_parameters":[],"metadata":"{\"user_api_key_hash\":\"h\"}","messages":{}}"#, OpenAIFormat()).record)
    #expect(payload.account == "h")
    #expect(try decode(#"{"model_parameters":{}}"#, OpenAIFormat()).rejection == .missingAccount)
    let batch = try #require(try decode(#"{"custom_id":"c","body":"{\"messages\":[{\"role\":\"user\",\"content\":\"s\"}]}"}"#, OpenAIFormat()).record)
    #expect(batch.account == "batch:file")
    #expect(batch.userTurn == "s", "string-encoded body")
    #expect(try decode(#"{"x":1}"#, OpenAIFormat()).rejection == .unknownFormat)
  }

  @Test func requestBodyVariants() throws {
    func body(_ json: String) throws -> LogRecord {
      try #require(try decode(#"{"request":"# + json + #","metadata":{"user_id":"u"}}"#, OpenAIFormat()).record)
    }
    // Tool-result-only user turn: the prompt is the last user turn that has text.
    let tools = try body(#"{"messages":[{"role":"user","content":"question"},{"role":"assistant","content":"calling"},{"role":"user","content":[{"type":"tool_result","content":"42"}]}]}"#)
    #expect(tools.userTurn == "question")
    #expect(tools.turnCount == 3)
    // Several system/developer messages are joined; images are not text.
    let sys = try body(#"{"messages":[{"role":"system","content":"a"},{"role":"developer","content":[{"type":"text","text":"b"}]},{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"c"}]}]}"#)
    #expect(sys.system == "a\nb")
    #expect(sys.userTurn == "c")
    #expect(sys.turnCount == 1)
    // Token-id prompts carry no text.
    let ids = try body(#"{"prompt":[[1,2,3]],"logprobs":0}"#)
    #expect(ids.userTurn == nil)
    #expect(ids.params.logprobs == false)
    // Long text is cut at the limit, on a character boundary.
    let long = try body(#"{"messages":[{"role":"user","content":""# + String(repeating: "é", count: 5000) + #""}]}"#)
    #expect(long.userTurn.map { $0.utf8.count <= LogRecord.maxTextBytes } == true)
    #expect(long.userTurn.map { $0.unicodeScalars.allSatisfy { $0 == "é" } } == true)
    let multi = try body(#"{"messages":[{"role":"user","content":[{"type":"text","text":""# + String(repeating: "x", count: 3000) + #""},{"type":"text","text":""# + String(repeating: "ü", count: 3000) + #""}]}]}"#)
    #expect(multi.userTurn.map { $0.utf8.count <= LogRecord.maxTextBytes } == true)
    #expect(multi.userTurn?.unicodeScalars.contains("\u{FFFD}") == false)
  }

  @Test func promptTemplates() {
    func parse(_ s: String) -> PromptTemplate.Parsed {
      var b = Array(s.utf8)
      return b.withUnsafeMutableBufferPointer { PromptTemplate.parse(UnsafeBufferPointer($0)) }
    }
    let llama2 = parse("<s>[INST] <<SYS>>\nBe kind.\n<</SYS>>\n\nHi there [/INST] Hello! </s><s>[INST] How are you? [/INST]")
    #expect(llama2.system == "Be kind.")
    #expect(llama2.user == "How are you?")
    #expect(llama2.turns == 3)
    let claude = parse("\n\nHuman: only one\n\nAssistant:")
    #expect(claude.system == nil && claude.user == "only one" && claude.turns == 1)
    let plain = parse("  just text  ")
    #expect(plain.user == "just text" && plain.turns == 1)
    let broken = parse("<|start_header_id|>user")
    #expect(broken.user == nil)
    let empty = parse("")
    #expect(empty.user == nil)
  }
}
