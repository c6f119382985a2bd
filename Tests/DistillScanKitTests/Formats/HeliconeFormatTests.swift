import Testing

@testable import DistillScanKit

@Suite("helicone format")
struct HeliconeFormatTests {
  @Test func clickHouseRowWithStringBody() throws {
    let recs = records(try decodeFile(Fixture.helicone, HeliconeFormat()))
    #expect(recs.count == 4)
    let r = recs[0]
    #expect(r.account == "acct-4471", "Helicone-User-Id first")
    #expect(r.org == "org-9a")
    #expect(r.apiKey == "pk-1")
    #expect(r.requestID == "7f1c2e3a-0001")
    #expect(r.timestamp == 1_771_061_467.123)
    #expect(r.model == "gpt-4o-mini")
    #expect(r.endpoint == "https://api.openai.com/v1/chat/completions")
    #expect(r.status == "200")
    #expect(r.inputTokens == 48 && r.outputTokens == 1)
    #expect(r.system == "Reply with exactly one letter.")
    #expect(r.userTurn == "Q#90417 Which is a prime? A) 21 B) 23 C) 27 D) 33")
    #expect(r.params.logprobs == true && r.params.topLogprobs == 20 && r.params.maxTokens == 1)
    #expect(r.params.seed == 7 && r.params.logitBiasCount == 2)
  }

  @Test func exportObjectWithAnthropicBody() throws {
    let r = records(try decodeFile(Fixture.helicone, HeliconeFormat()))[1]
    #expect(r.account == "researcher-7")
    #expect(r.model == "claude-sonnet-4-20250514")
    #expect(r.endpoint == "/v1/messages")
    #expect(r.params.thinking == true)
    #expect(r.params.maxTokens == 16000)
    #expect(r.system == "Think carefully.")
    #expect(r.userTurn == "Explain step by step how you would prove Fermat's little theorem.")
    #expect(r.outputTokens == 2200)
  }

  @Test func accountFallbacksAndBodiesBehindURLs() throws {
    let outcomes = try decodeFile(Fixture.helicone, HeliconeFormat())
    let recs = records(outcomes)
    #expect(recs[2].account == "org-9a", "no user id: the organization")
    #expect(recs[2].status == "429")
    #expect(recs[3].account == "pk-3", "no user, no org: the proxy key")
    #expect(recs[3].userTurn == nil)
    #expect(outcomes[3].bodyNotInline, "a signed body URL is a body not in the log")
    #expect(!outcomes[0].bodyNotInline)
  }

  @Test func sniffedAndScannedEndToEnd() throws {
    let r = try scan([Fixture.helicone])
    #expect(r.stats.accepted == 4)
    #expect(r.stats.rejectedTotal == 0)
    #expect(r.stats.formats == ["helicone": 4])
    #expect(r.stats.bodyNotInline == 1)
  }
}
