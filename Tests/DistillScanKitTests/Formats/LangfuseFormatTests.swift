import Testing

@testable import DistillScanKit

@Suite("langfuse format")
struct LangfuseFormatTests {
  @Test func generationWithStringParameters() throws {
    let outcomes = try decodeFile(Fixture.langfuse, LangfuseFormat())
    #expect(outcomes.count == 4)
    let r = try #require(outcomes[0].outcome.record)
    #expect(r.account == "acct-lf-1")
    #expect(r.requestID == "gen-0001")
    #expect(r.timestamp == 1_771_061_467.123456)
    #expect(r.model == "gpt-4o-mini")
    #expect(r.system == "Reply with one letter.")
    #expect(r.userTurn == "Q#12 Which is a prime? A) 21 B) 23")
    #expect(r.params.temperature == 0 && r.params.maxTokens == 1, "string-valued parameters")
    #expect(r.params.logprobs == true && r.params.topLogprobs == 20)
    #expect(r.inputTokens == 20 && r.outputTokens == 1)
  }

  @Test func metadataIdentitySpansAndMissingUsers() throws {
    let outcomes = try decodeFile(Fixture.langfuse, LangfuseFormat())
    let r = try #require(outcomes[1].outcome.record)
    #expect(r.account == "team-red-owner", "LiteLLM callback metadata names the key owner")
    #expect(r.apiKey == "ab12")
    #expect(r.userTurn == "Explain your reasoning step by step: why is the sky blue?")
    #expect(r.params.maxTokens == 4000)
    #expect(r.outputTokens == 900)
    #expect(outcomes[2].outcome.rejection == .unusableRecord, "a span is not a model call")
    #expect(outcomes[3].outcome.rejection == .missingAccount, "no user and no gateway identity")
    let over = records(try decodeFile(Fixture.langfuse, LangfuseFormat(), accountField: ["trace_id"]))
    #expect(over.count == 3)
    #expect(over.last?.status == "error")
    #expect(over.last?.userTurn == "Summarise this note.")
  }

  @Test func sniffedAndScannedEndToEnd() throws {
    let r = try scan([Fixture.langfuse])
    #expect(r.stats.accepted == 2)
    #expect(r.stats.rejected == [.unusableRecord: 1, .missingAccount: 1])
    #expect(r.stats.formats == ["langfuse": 2])
  }
}
