import Testing

@testable import DistillScanKit

@Suite("vertex format")
struct VertexFormatTests {
  @Test func referenceRowFromTheFormatsGuide() throws {
    let recs = records(try decodeFile(Fixture.vertex, VertexFormat()))
    #expect(recs.count == 4)
    let r = recs[0]
    #expect(r.account == "svc-x", "the caller label names the account")
    #expect(r.requestID == "1736851203512934")
    #expect(r.model == "gemini-2.5-flash", "model path reduced to the model name")
    #expect(r.org == "p1")
    #expect(r.region == "us-central1")
    #expect(r.timestamp == 1_771_070_403.512)
    #expect(r.userTurn == "Rewrite formally: gonna be late")
    #expect(r.turnCount == 1)
    #expect(r.params.temperature == 0)
    #expect(r.params.logprobs == true)
    #expect(r.params.topLogprobs == 20)
    #expect(r.params.n == 4)
    #expect(r.inputTokens == 8)
    #expect(r.outputTokens == 7)
  }

  @Test func stringEncodedColumnsAndProjectFallback() throws {
    let r = records(try decodeFile(Fixture.vertex, VertexFormat()))[1]
    #expect(r.account == "project:acme-prod", "no caller label: the GCP project is the account")
    #expect(r.turnCount == 3)
    #expect(r.userTurn == "Prove that the square root of 2 is irrational.\nShow every step.", "last user turn, all text parts")
    #expect(r.system == "You are a careful mathematician.")
    #expect(r.params.maxTokens == 2048)
    #expect(r.params.seed == 11)
    #expect(r.params.thinking == true)
    #expect(r.params.jsonOutput == false)
    #expect(r.params.toolCount == 2)
    #expect(r.inputTokens == 40)
    #expect(r.outputTokens == 1200, "candidates + thinking tokens")
  }

  @Test func claudeOnVertexAndMissingResponse() throws {
    let recs = records(try decodeFile(Fixture.vertex, VertexFormat()))
    #expect(recs[2].account == "team-blue")
    #expect(recs[2].model == "claude-sonnet-4")
    #expect(recs[2].userTurn == "Problem 1183-C: given n intervals, output the minimum cost.")
    #expect(recs[2].params.thinking == true)
    #expect(recs[2].params.maxTokens == 16000)
    #expect(recs[3].account == "translator", "an app label when no user/caller label")
    #expect(recs[3].model == "gemini-2.0-flash")
    #expect(recs[3].outputTokens == nil, "no response logged")
    #expect(recs[3].params.topP == 0.9)
    #expect(recs[3].params.n == 1)
  }

  @Test func accountFieldOverrideAndMissingAccount() throws {
    let over = records(try decodeFile(Fixture.vertex, VertexFormat(), accountField: ["request_id"]))
    #expect(over.first?.account == "1736851203512934")
    var doc = JSONDocument()
    var ctx = DecodeContext()
    let line = Array(#"{"logging_time":"2026-02-14T12:00:00Z","model":"gemini-2.0-flash","full_request":{"contents":[]}}"#.utf8)
    let outcome = line.withUnsafeBufferPointer { p -> DecodeOutcome? in
      guard (try? doc.parse(p.baseAddress!, count: p.count)) != nil else { return nil }
      return VertexFormat().decode(doc, root: 0, context: &ctx)
    }
    #expect(outcome?.rejection == .missingAccount, "no label and no project: nothing names the caller")
  }

  @Test func sniffedAndScannedEndToEnd() throws {
    let r = try scan([Fixture.vertex])
    #expect(r.stats.accepted == 4)
    #expect(r.stats.rejectedTotal == 0)
    #expect(r.stats.formats == ["vertex": 4])
  }
}
