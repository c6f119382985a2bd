import Testing
@testable import DistillScanKit

@Suite("bedrock format")
struct BedrockFormatTests {
  let outcomes: [(outcome: DecodeOutcome, bodyNotInline: Bool)]
  var recs: [LogRecord] { records(outcomes) }

  init() throws {
    outcomes = try decodeFile(Fixture.bedrockS3, BedrockFormat())
  }

  func rec(_ id: String) throws -> LogRecord {
    try #require(recs.first { $0.requestID == id })
  }

  @Test func everyLineIsARecord() {
    #expect(outcomes.count == 14)
    #expect(recs.count == 14)
  }

  @Test func converse() throws {
    let r = try rec("3c1e9a52-8d0b-4b7e-9f64-2a5d7c0e11b8")
    #expect(r.account == "arn:aws:sts::210987654321:assumed-role/ml-batch-runner/worker-07")
    #expect(r.org == "210987654321")
    #expect(r.model == "us.anthropic.claude-sonnet-4-20250514-v1:0")
    #expect(r.endpoint == "Converse")
    #expect(r.region == "us-east-1")
    #expect(r.timestamp == 1_771_061_467)  // 2026-02-14T09:31:07Z
    #expect(r.system == "You are a meticulous math tutor. Show every intermediate step.")
    #expect(r.userTurn == "Q#48213: Prove that the sum of two odd integers is even.")
    #expect(r.turnCount == 1)
    #expect(r.params.maxTokens == 4096)
    #expect(r.params.temperature == 0)
    #expect(r.params.topP == 1)
    #expect(r.params.toolCount == 1)
    #expect(r.inputTokens == 38)
    #expect(r.outputTokens == 655)
    #expect(r.endUser == nil, "tenant/job tags are not users")
    #expect(r.status == nil)
  }

  @Test func invokeModelClaudeMessages() throws {
    let r = try rec("a0d4c1f7-3b52-4c8e-b0a9-7e61f2d90c33")
    #expect(r.account == "arn:aws:iam::210987654321:user/BedrockAPIKey-k3x9", "schemaType last, identity after output")
    #expect(r.system == "Answer as a senior tax accountant.")
    #expect(r.userTurn == "Explain depreciation recapture.\nUse an example.")
    #expect(r.turnCount == 2, "user + assistant prefill")
    #expect(r.params.maxTokens == 1024)
    #expect(r.params.temperature == 1)
    #expect(r.params.topP == 0.9)
    #expect(r.params.thinking == true)
    #expect(r.inputTokens == 27 + 100 + 5, "uncached + cache reads + cache writes")
    #expect(r.outputTokens == 402)
    #expect(r.region == "eu-west-1")
  }

  @Test func offloadedBodyWithSidecarPresent() throws {
    let i = try #require(recs.firstIndex { $0.requestID == "f1b2c3d4-0000-4a11-9bbb-5e6f7a8b9c0d" })
    let r = recs[i]
    #expect(outcomes[i].bodyNotInline == false)
    #expect(r.account == "arn:aws:iam::210987654321:user/svc-harvest")
    #expect(r.endpoint == "InvokeModelWithResponseStream")
    #expect(r.system == "You are a contract lawyer.")
    #expect(r.userTurn == "Summarise this contract in one paragraph.", "document blocks are not user text")
    #expect(r.params.maxTokens == 8192)
    #expect(r.params.temperature == 0)
    #expect(r.inputTokens == 31244)
    #expect(r.outputTokens == 96)
  }

  @Test func offloadedBodyWithSidecarAbsent() throws {
    let i = try #require(recs.firstIndex { $0.requestID == "0b0b0b0b-1111-4222-8333-444455556666" })
    #expect(outcomes[i].bodyNotInline == true)
    let r = recs[i]
    #expect(r.userTurn == nil)
    #expect(r.inputTokens == 40100)
    #expect(r.outputTokens == 2048)
    #expect(r.account == "arn:aws:iam::210987654321:user/svc-harvest")
  }

  @Test func cohereCommandHarvestParameters() throws {
    let r = try rec("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b")
    #expect(r.userTurn == "Translate to French: The weather is mild today.")
    #expect(r.params.logprobs == true, "return_likelihoods ALL")
    #expect(r.params.n == 5)
    #expect(r.params.maxTokens == 64)
    #expect(r.params.temperature == 0.9)
    #expect(r.params.topP == 0.75)
    #expect(r.params.logitBiasCount == 2)
    #expect(r.params.logitBias == [LogitBiasEntry(token: 11, bias: -10), LogitBiasEntry(token: 2034, bias: 5.5)])
    #expect(r.model == "cohere.command-text-v14")
  }

  @Test func claudeV2TextCompletion() throws {
    let r = try rec("c2c2c2c2-0000-4000-8000-000000000001")
    #expect(r.system == "You are a terse assistant.")
    #expect(r.userTurn == "And 3+3?")
    #expect(r.turnCount == 3, "Human, Assistant (4), Human; the empty trailing Assistant is not a turn")
    #expect(r.params.maxTokens == 300)
    #expect(r.params.temperature == 0.5)
  }

  @Test func cohereChat() throws {
    let r = try rec("c2c2c2c2-0000-4000-8000-000000000002")
    #expect(r.userTurn == "Summarise the attached report in three bullets.")
    #expect(r.system == "You are a financial analyst.")
    #expect(r.turnCount == 3)
    #expect(r.params.seed == 42)
    #expect(r.params.maxTokens == 400)
    #expect(r.params.topP == 0.9)
  }

  @Test func titanLlamaNovaMistral() throws {
    let titan = try rec("c2c2c2c2-0000-4000-8000-000000000003")
    #expect(titan.userTurn == "Write a haiku about tides.")
    #expect(titan.params.maxTokens == 128)
    #expect(titan.params.topP == 0.95)
    #expect(titan.params.temperature == 0.7)

    let llama = try rec("c2c2c2c2-0000-4000-8000-000000000004")
    #expect(llama.system == "You are a pirate.")
    #expect(llama.userTurn == "Where is the treasure?")
    #expect(llama.turnCount == 1)
    #expect(llama.params.maxTokens == 512)

    let nova = try rec("c2c2c2c2-0000-4000-8000-000000000005")
    #expect(nova.system == "Answer in one word.")
    #expect(nova.userTurn == "Capital of France?")
    #expect(nova.params.maxTokens == 10)
    #expect(nova.params.topP == 0.5)

    let mistral = try rec("c2c2c2c2-0000-4000-8000-000000000006")
    #expect(mistral.userTurn == "Name three prime numbers.")
    #expect(mistral.turnCount == 1)
    #expect(mistral.params.maxTokens == 50)
    #expect(mistral.params.topP == 0.8)
  }

  @Test func failedInvocationKeepsErrorAsStatus() throws {
    let r = try rec("c2c2c2c2-0000-4000-8000-000000000007")
    #expect(r.status == "ThrottlingException")
    #expect(r.outputTokens == nil)
    #expect(r.inputTokens == nil)
    #expect(r.params.maxTokens == 1)
  }

  @Test func stringEncodedBodyAndUserTag() throws {
    let r = try rec("c2c2c2c2-0000-4000-8000-000000000008")
    #expect(r.userTurn == "Café résumé 😀 quoted \"text\"")
    #expect(r.params.maxTokens == 256)
    #expect(r.endUser == "alice@example.com", "requestMetadata.userId")
    #expect(r.outputTokens == 1, "falls back to the body's usage")
  }

  /// Converse requests carry `requestMetadata` in the body; a record without the top-level echo
  /// still attributes the end user, and the top-level tag wins when both are present.
  @Test func converseBodyRequestMetadataNamesTheEndUser() throws {
    func decode(_ text: String) throws -> LogRecord {
      var doc = JSONDocument()
      var ctx = DecodeContext()
      let b = Array(text.utf8)
      return try #require(try b.withUnsafeBufferPointer { p in
        try doc.parse(p.baseAddress!, count: p.count)
        return BedrockFormat().decode(doc, root: 0, context: &ctx)
      }.record)
    }
    let head = #"{"schemaType":"ModelInvocationLog","identity":{"arn":"arn:aws:iam::1:user/app"},"operation":"Converse","#
    let body = #""messages":[{"role":"user","content":[{"text":"hi"}]}]"#
    let bodyOnly = try decode(head + #""input":{"inputBodyJson":{"# + body + #","requestMetadata":{"end_user":"emp-42"}}}}"#)
    #expect(bodyOnly.endUser == "emp-42")
    #expect(bodyOnly.userTurn == "hi")
    let both = try decode(
      head + #""requestMetadata":{"userId":"top"},"input":{"inputBodyJson":{"# + body + #","requestMetadata":{"end_user":"body"}}}}"#)
    #expect(both.endUser == "top")
    let tenantOnly = try decode(head + #""input":{"inputBodyJson":{"# + body + #","requestMetadata":{"tenant":"acme"}}}}"#)
    #expect(tenantOnly.endUser == nil, "tenant tags are not users")
    let mistyped = try decode(head + #""input":{"inputBodyJson":{"# + body + #","requestMetadata":["x"]}}}"#)
    #expect(mistyped.endUser == nil)
  }

  @Test func missingIdentityFallsBackToAccountIdAndMissingBodyIsNotOffloaded() throws {
    let i = try #require(recs.firstIndex { $0.requestID == "c2c2c2c2-0000-4000-8000-000000000009" })
    #expect(recs[i].account == "210987654321")
    #expect(recs[i].userTurn == nil)
    #expect(outcomes[i].bodyNotInline == false, "no S3 path: text delivery was off, not offloaded")
  }

  @Test func cloudWatchExportLinesThroughThePipeline() throws {
    let result = try scan([Fixture.cloudwatch])
    #expect(result.stats.accepted == 3)
    #expect(result.stats.blankLines == 1)
    #expect(result.stats.formats == ["bedrock": 3])
    let cw = try #require(result.accounts.profiles["arn:aws:iam::210987654321:user/cw-user"])
    #expect(cw.requests == 2)
    // First line has no `timestamp`: the export prefix (…10:15:04.118Z) is used; the second
    // line's own second-precision timestamp wins over its prefix.
    #expect(abs(cw.firstSeen - 1_771_064_104.118) < 1e-3)
    #expect(cw.lastSeen == 1_771_064_105)
    #expect(cw.outputTokens == 9)
  }

  @Test func cloudWatchRecordsDecodeFields() throws {
    let recs = records(try decodeFile(Fixture.cloudwatch, BedrockFormat()))
    #expect(recs.map(\.userTurn) == ["Hello from CloudWatch", "Second line", "Plain llama prompt"])
    #expect(recs[2].turnCount == 1)
    #expect(recs[2].params.maxTokens == 64)
  }

  @Test func sidecarAbsentIsCountedByThePipeline() throws {
    let result = try scan([Fixture.bedrockS3])
    #expect(result.stats.bodyNotInline == 1)
    #expect(result.stats.accepted == 14)
    #expect(result.stats.formats == ["bedrock": 14])
  }

  @Test func sniffing() throws {
    var doc = JSONDocument()
    let f = BedrockFormat()
    for (text, expected) in [
      (#"{"schemaType":"ModelInvocationLog"}"#, true),
      (#"{"schemaType":"Other"}"#, false),
      (#"{"modelId":"m","operation":"Converse","requestId":"r"}"#, true),
      (#"{"modelId":"m"}"#, false),
      (#"[1]"#, false),
    ] {
      var b = Array(text.utf8)
      try b.withUnsafeMutableBufferPointer { try doc.parse(UnsafePointer($0.baseAddress!), count: $0.count) }
      #expect(f.matches(doc, root: 0) == expected, "\(text)")
    }
  }

  @Test func sidecarPathStaysInTheDataFolder() {
    #expect(BedrockSidecar.localPath(s3Path: "s3://b/x/09/data/id_input.json.gz", logFile: "/logs/09/f.json.gz") == "/logs/09/data/id_input.json.gz")
    #expect(BedrockSidecar.localPath(s3Path: "s3://b/x/..", logFile: "/logs/f") == nil)
    #expect(BedrockSidecar.localPath(s3Path: "s3://b/x/", logFile: "/logs/f") == nil)
    #expect(BedrockSidecar.localPath(s3Path: "id_input.json.gz", logFile: "/logs/f") == nil)
    #expect(BedrockSidecar.localPath(s3Path: "s3://b/data/a.gz", logFile: nil) == nil)
    #expect(BedrockSidecar.localPath(s3Path: "s3://b/data/a.gz", logFile: "rel.json") == "data/a.gz")
  }
}
