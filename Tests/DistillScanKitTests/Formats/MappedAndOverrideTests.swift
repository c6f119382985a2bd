import Testing
@testable import DistillScanKit

@Suite("mapped format and --account-field")
struct MappedAndOverrideTests {
  @Test func mappedFixture() throws {
    let mapping = try FieldMapping.load(path: Fixture.mapping)
    let out = try decodeFile(Fixture.mapped, MappedFormat(), mapping: mapping)
    #expect(out.count == 3)
    let a = try #require(out[0].outcome.record)
    #expect(a.account == "team-mapped")
    #expect(a.requestID == "m-1")
    #expect(a.timestamp == 1_771_074_000)
    #expect(a.model == "gpt-4o")
    #expect(a.userTurn == "Mapped prompt one")
    #expect(a.system == "Sys prompt")
    #expect(a.params.logprobs == true && a.params.topLogprobs == 3 && a.params.n == 2)
    #expect(a.inputTokens == 11 && a.outputTokens == 22)
    let b = try #require(out[1].outcome.record)
    #expect(b.timestamp == 1_771_074_060, "epoch seconds")
    #expect(b.params.maxTokens == 1)
    #expect(out[2].outcome.rejection == .missingAccount)
  }

  @Test func mappedThroughThePipeline() throws {
    let mapping = try FieldMapping.load(path: Fixture.mapping)
    let r = try scan([Fixture.mapped], mapping: mapping)
    #expect(r.stats.accepted == 2)
    #expect(r.stats.rejected == [.missingAccount: 1])
    #expect(r.stats.formats == ["mapped": 2])
    #expect(r.accounts.profiles["team-mapped"]?.requests == 2)
  }

  /// `--account-field` works for every format, and a path that is missing rejects the record.
  @Test(arguments: [
    (Fixture.bedrockS3, "bedrock", "region", "us-east-1"),
    (Fixture.cloudwatch, "bedrock", "requestId", "cw000001-0000-4000-8000-000000000001"),
    (Fixture.spendLogs, "openai", "call_type", "acompletion"),
    (Fixture.payload, "openai", "metadata.user_api_key_hash", "5f1c8e0a"),
    (Fixture.envelopes, "openai", "request.model", "claude-sonnet-4-20250514"),
    (Fixture.sample, "canonical", "model", "gpt-4o-mini"),
  ])
  func accountFieldOverride(_ file: String, _ formatID: String, _ path: String, _ firstAccount: String) throws {
    let format = try #require(FormatRegistry.format(id: formatID))
    let out = try decodeFile(file, format, accountField: path.split(separator: ".").map(String.init))
    #expect(out.first?.outcome.record?.account == firstAccount)
    let missing = try decodeFile(file, format, accountField: ["no", "such", "field"])
    #expect(missing.allSatisfy { $0.outcome.rejection == .missingAccount })
    // And through the pipeline.
    let r = try scan([file], accountField: path)
    #expect(r.accounts.profiles[firstAccount] != nil)
  }

  @Test func registry() {
    #expect(FormatRegistry.all.map(\.id) == ["canonical", "bedrock", "vertex", "helicone", "langfuse", "azure", "openai"])
    #expect(FormatRegistry.ids == ["canonical", "bedrock", "vertex", "helicone", "langfuse", "azure", "openai", "mapped"])
    #expect(FormatRegistry.format(id: "bedrock") is BedrockFormat)
    #expect(FormatRegistry.format(id: "openai") is OpenAIFormat)
  }

  @Test func sniffingPicksTheRightFormatPerFile() throws {
    let r = try scan([Fixture.bedrockS3, Fixture.cloudwatch, Fixture.spendLogs, Fixture.payload, Fixture.batch, Fixture.sample])
    #expect(r.stats.formats == ["bedrock": 17, "openai": 10, "canonical": 40])
    #expect(r.stats.rejectedTotal == 0)
  }
}
