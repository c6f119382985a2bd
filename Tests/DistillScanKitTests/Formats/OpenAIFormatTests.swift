import Testing
@testable import DistillScanKit

@Suite("openai format")
struct OpenAIFormatTests {
  @Test func spendLogWithStringEncodedRequest() throws {
    let recs = records(try decodeFile(Fixture.spendLogs, OpenAIFormat()))
    #expect(recs.count == 4)
    let r = recs[0]
    #expect(r.account == "u_6621", "key owner first")
    #expect(r.apiKey == "5f1c8e0a9b7d3c2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e")
    #expect(r.org == nil, "empty organization_id is absent")
    #expect(r.endUser == "cust-88")
    #expect(r.ip == "203.0.113.44")
    #expect(r.requestID == "chatcmpl-B7f2kQ")
    #expect(r.endpoint == "acompletion")
    #expect(r.model == "gpt-4o-mini")
    #expect(r.timestamp == 1_771_067_045.221)
    #expect(r.inputTokens == 60)
    #expect(r.outputTokens == 1)
    #expect(r.status == "success")
    #expect(r.system == "Reply with exactly one letter.")
    #expect(r.userTurn == "Q#7719 Which is a prime? A) 21 B) 23 — answer with one letter")
    #expect(r.turnCount == 1)
    #expect(r.params.logprobs == true)
    #expect(r.params.topLogprobs == 20)
    #expect(r.params.maxTokens == 1)
    #expect(r.params.temperature == 0)
    #expect(r.params.n == 3)
    #expect(r.params.seed == 7)
    #expect(r.params.logitBiasCount == 4)
    #expect(r.params.logitBias.map(\.token) == [32, 33, 34, 35])
  }

  @Test func spendLogAccountFallsBackToTeamThenKey() throws {
    let recs = records(try decodeFile(Fixture.spendLogs, OpenAIFormat()))
    // Row 2: user "" → team; metadata is a JSON string.
    #expect(recs[1].account == "team_scoring")
    #expect(recs[1].apiKey == "aa11bb22cc33")
    #expect(recs[1].userTurn == "The mitochondria is the powerhouse of the cell.")
    #expect(recs[1].params.echo == true)
    #expect(recs[1].params.logprobs == true, "legacy integer logprobs")
    #expect(recs[1].params.topLogprobs == 5)
    #expect(recs[1].params.maxTokens == 0)
    // Row 3: no user, no team (null) → hashed key; empty model → model_group; body not stored.
    #expect(recs[2].account == "dd44ee55ff66")
    #expect(recs[2].model == "claude-sonnet")
    #expect(recs[2].userTurn == nil)
    #expect(recs[2].status == "failure")
    // Row 4: object-valued proxy_server_request, Responses API.
    #expect(recs[3].account == "u_77")
    #expect(recs[3].system == "You are a helpful tutor.")
    #expect(recs[3].userTurn == "Explain recursion step by step.")
    #expect(recs[3].params.topLogprobs == 5)
    #expect(recs[3].params.logprobs == true, "include asks for output_text.logprobs")
    #expect(recs[3].params.maxTokens == 300)
  }

  @Test func standardLoggingPayloadLines() throws {
    let recs = records(try decodeFile(Fixture.payload, OpenAIFormat()))
    #expect(recs.count == 3)
    let r = recs[0]
    #expect(r.account == "u_6621")
    #expect(r.apiKey == "5f1c8e0a")
    #expect(r.userAgent == "python-httpx/0.27.0")
    #expect(r.ip == "203.0.113.44")
    #expect(r.endUser == "cust-88")
    #expect(r.timestamp == 1_771_067_045.221)
    #expect(r.system == "Reply with exactly one letter.", "developer role")
    #expect(r.userTurn == "Q#90417 Which is a prime? A) 21 B) 23 C) 27 D) 33")
    #expect(r.params.maxTokens == 1)
    #expect(r.params.logprobs == true)
    #expect(r.params.topLogprobs == 20)
    #expect(r.params.seed == 7)
    #expect(r.params.logitBiasCount == 2)
    #expect(r.requestID == "chatcmpl-P1")
    #expect(r.inputTokens == 60 && r.outputTokens == 1)

    #expect(recs[1].account == "team_x")
    #expect(recs[1].userTurn == "Once upon a time", "messages as a plain prompt string")
    #expect(recs[1].params.n == 4)
    #expect(recs[1].params.temperature == 1.2)

    #expect(recs[2].account == "99887766")
    #expect(recs[2].userTurn == "string-encoded messages")
    #expect(recs[2].ip == "198.51.100.7")
    #expect(recs[2].userAgent == "curl/8.0")
    #expect(recs[2].timestamp == 1_771_067_200)
  }

  @Test func prettyPrintedPayloadFileIsOneRecord() throws {
    for chunk in [64, 100, 4096, 2 << 20] {
      let result = try scan([Fixture.payloadPretty], chunkSize: chunk)
      #expect(result.stats.accepted == 1, "chunk \(chunk)")
      #expect(result.stats.rejectedTotal == 0, "chunk \(chunk)")
      let p = try #require(result.accounts.profiles["u_pretty"])
      #expect(p.firstSeen == 1_771_070_000.125)
      #expect(p.outputTokens == 900)
      #expect(p.models.mapValues(\.count) == ["claude-sonnet-4": 1])
    }
    // Forcing the format must not disable whole-document mode.
    let forced = try scan([Fixture.payloadPretty], chunkSize: 64, format: "openai")
    #expect(forced.stats.accepted == 1)
    let recs = records(try decodeFile(Fixture.payloadPretty, OpenAIFormat()))
    #expect(recs.count == 1)
    #expect(recs[0].system == "You are an expert competitive programmer. Think carefully.")
    #expect(recs[0].userTurn == "Problem 1183-C: given n intervals, output the minimum cost.")
    #expect(recs[0].params.thinking == true)
    #expect(recs[0].params.maxTokens == 16000)
    #expect(recs[0].endUser == nil)
  }

  @Test func batchInputLinesUseTheFileAsAccount() throws {
    let recs = records(try decodeFile(Fixture.batch, OpenAIFormat()))
    #expect(recs.count == 3)
    #expect(recs.allSatisfy { $0.account == "batch:batch-shard03" })
    #expect(recs[0].requestID == "shard03-000421")
    #expect(recs[0].endpoint == "/v1/chat/completions")
    #expect(recs[0].params.n == 8)
    #expect(recs[0].params.maxTokens == 512)
    #expect(recs[0].userTurn == "Write a step-by-step solution: 17*23")
    #expect(recs[1].userTurn == "First prompt", "first prompt of a prompt list")
    #expect(recs[1].params.echo == true)
    #expect(recs[1].params.topLogprobs == 5)
    #expect(recs[1].endUser == "acct-4471")
    #expect(recs[2].userTurn == "Plain responses input")
    #expect(recs[2].system == "Be brief.")
    // --account-field still wins.
    let overridden = records(try decodeFile(Fixture.batch, OpenAIFormat(), accountField: ["body", "model"]))
    #expect(overridden.map(\.account) == ["gpt-4o", "gpt-3.5-turbo-instruct", "gpt-4.1-mini"])
  }

  @Test func batchFileStem() {
    #expect(OpenAIBatchLine.fileStem("/a/b/shard03.jsonl.gz") == "shard03")
    #expect(OpenAIBatchLine.fileStem("x.zst") == "x")
    #expect(OpenAIBatchLine.fileStem(".jsonl") == ".jsonl")
    #expect(OpenAIBatchLine.fileStem(nil) == "stdin")
  }

  @Test func envelopes() throws {
    let out = try decodeFile(Fixture.envelopes, OpenAIFormat())
    #expect(out.count == 3)
    let a = try #require(out[0].outcome.record)
    #expect(a.account == "acct-env-1")
    #expect(a.apiKey == "hash-1")
    #expect(a.ip == "192.0.2.1")
    #expect(a.userAgent == "anthropic-python/0.40")
    #expect(a.endUser == "7b1e0c55-opaque", "Anthropic metadata.user_id")
    #expect(a.system == "You are an expert competitive programmer.")
    #expect(a.userTurn == "Problem 1183-C: output the minimum cost.")
    #expect(a.params.thinking == true)
    #expect(a.timestamp == 1_771_070_400.5)
    #expect(a.inputTokens == 50 && a.outputTokens == 3000)
    #expect(a.requestID == "env-1")
    let b = try #require(out[1].outcome.record)
    #expect(b.account == "team-env")
    #expect(b.userTurn == "Envelope with string request")
    #expect(b.params.logprobs == true && b.params.topLogprobs == 10)
    #expect(b.inputTokens == 6 && b.outputTokens == 1, "string-encoded response")
    #expect(b.timestamp == 1_771_070_400)
    #expect(out[2].outcome.rejection == .missingAccount)
  }

  @Test func shapes() throws {
    var doc = JSONDocument()
    let cases: [(String, OpenAIFormat.Shape?)] = [
      (#"{"request_id":"r","api_key":"k"}"#, .spendLog),
      (#"{"request_id":"r","spend":0}"#, .spendLog),
      (#"{"id":"x","trace_id":"t","model_parameters":{}}"#, .payload),
      (#"{"custom_id":"c","method":"POST","url":"/v1/x","body":{}}"#, .batchInput),
      (#"{"custom_id":"c","response":{"status_code":200}}"#, .batchOutput),
      (#"{"request":{},"response":{}}"#, .envelope),
      (#"{"model":"gpt-4o","messages":[]}"#, nil),
      (#"[]"#, nil),
    ]
    for (text, shape) in cases {
      let b = Array(text.utf8)
      try b.withUnsafeBufferPointer { try doc.parse($0.baseAddress!, count: $0.count) }
      #expect(OpenAIFormat.shape(doc, 0) == shape, "\(text)")
      #expect(OpenAIFormat().matches(doc, root: 0) == (shape != nil && shape != .batchOutput), "\(text)")
    }
  }

  @Test func batchOutputLinesAreUnusable() throws {
    var doc = JSONDocument()
    var ctx = DecodeContext()
    let b = Array(#"{"custom_id":"c","response":{"status_code":200}}"#.utf8)
    try b.withUnsafeBufferPointer { try doc.parse($0.baseAddress!, count: $0.count) }
    #expect(OpenAIFormat().decode(doc, root: 0, context: &ctx).rejection == .unusableRecord)
  }

  @Test func openAIDirectoryThroughThePipeline() throws {
    let result = try scan([Fixture.path("formats/openai")])
    #expect(result.stats.formats == ["openai": 13])
    #expect(result.stats.rejected == [.missingAccount: 1])
    #expect(result.accounts.profiles["u_6621"]?.requests == 2, "spend log + payload of the same key owner")
    #expect(result.accounts.profiles["batch:batch-shard03"]?.requests == 3)
  }
}
