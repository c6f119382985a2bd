import Testing

@testable import DistillScanKit

/// Azure OpenAI and API Management resource logs (log-formats.md §5.2): the fixture has two
/// native `RequestResponse` records (properties as an object and as a JSON string), two gateway
/// records from a storage archive (one body cut at the logging limit) and one Log Analytics row.
@Suite("azure format")
struct AzureFormatTests {
  @Test func nativeRecordsCarryMetadataOnly() throws {
    let outcomes = try decodeFile(Fixture.azure, AzureFormat())
    let recs = records(outcomes)
    #expect(recs.count == 5)
    let a = recs[0]
    #expect(a.account == "4c1e9a77-aad-user", "the Entra object id")
    #expect(a.timestamp == 1_771_070_401.12)
    #expect(a.model == "gpt-4o")
    #expect(a.endpoint == "ChatCompletions_Create")
    #expect(a.status == "200")
    #expect(a.ip == "81.2.69.***")
    #expect(a.requestID == "c0ffee00-0001")
    #expect(a.userTurn == nil)
    #expect(outcomes[0].bodyNotInline, "Azure OpenAI logs hold no prompt text")
    let b = recs[1]
    #expect(b.account == "/SUBSCRIPTIONS/0F3C/RESOURCEGROUPS/AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/CONTOSO-OAI",
      "key auth: no caller id, the resource")
    #expect(b.model == "gpt-4o-mini", "properties held as a JSON string")
    #expect(b.status == "429")
  }

  @Test func gatewayRecordsCarryTheRequestBody() throws {
    let outcomes = try decodeFile(Fixture.azure, AzureFormat())
    let r = records(outcomes)[2]
    #expect(r.account == "sub-team-labs", "no APIM user: the subscription")
    #expect(r.apiKey == "sub-team-labs")
    #expect(r.ip == "198.51.100.23")
    #expect(r.endpoint?.hasSuffix("/chat/completions?api-version=2024-10-21") == true)
    #expect(r.status == "200")
    #expect(r.system == "Answer with one letter.")
    #expect(r.userTurn == "Q#311 Which is prime? A) 21 B) 23 C) 27")
    #expect(r.params.logprobs == true && r.params.topLogprobs == 20 && r.params.maxTokens == 1)
    #expect(r.params.logitBiasCount == 2 && r.params.temperature == 0)
    #expect(r.inputTokens == 41 && r.outputTokens == 1, "usage from the backend response body")
    #expect(!outcomes[2].bodyNotInline)
  }

  @Test func truncatedBodiesAndLogAnalyticsRows() throws {
    let outcomes = try decodeFile(Fixture.azure, AzureFormat())
    let recs = records(outcomes)
    #expect(recs[3].account == "apim-user-42", "the APIM user before the subscription")
    #expect(recs[3].userTurn == nil)
    #expect(outcomes[3].bodyNotInline, "a body cut at the gateway's logging limit is not readable")
    let la = recs[4]
    #expect(la.account == "sub-eval-harness")
    #expect(la.timestamp == 1_771_070_405)
    #expect(la.model == "gpt-4o-mini", "model from the body when the row names none")
    #expect(la.userTurn == "Rate this answer from 1 to 10: The capital of France is Paris.")
    #expect(la.status == "500")
    #expect(la.ip == "192.0.2.7")
    #expect(!outcomes[4].bodyNotInline)
  }

  @Test func sniffedAndScannedEndToEnd() throws {
    let r = try scan([Fixture.azure])
    #expect(r.stats.accepted == 5)
    #expect(r.stats.rejectedTotal == 0)
    #expect(r.stats.formats == ["azure": 5])
    #expect(r.stats.bodyNotInline == 3)
  }

  @Test func otherResourceLogsAreNotAzureOpenAI() throws {
    var doc = JSONDocument()
    var line = Array(#"{"time":"2026-02-14T12:00:00Z","resourceId":"/SUBSCRIPTIONS/X/PROVIDERS/MICROSOFT.WEB/SITES/Y","category":"AppServiceHTTPLogs","properties":{}}"#.utf8)
    try line.withUnsafeMutableBufferPointer { try doc.parse($0.baseAddress!, count: $0.count) }
    let matched = AzureFormat().matches(doc, root: 0)
    #expect(!matched)
  }
}
