import Testing

@testable import DistillScanKit

/// The Vertex, Helicone and Langfuse decoders on hostile shapes: wrong types, strings where
/// objects are expected, token counts at the edge of Int, deep nesting. None may trap.
@Suite("new formats: hostile shapes")
struct NewFormatHostileTests {
  static let big = "9223372036854775807"
  static let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
  static let deepObj = String(repeating: #"{"a":"#, count: 400) + "1" + String(repeating: "}", count: 400)

  static let vertex: [String] = [
    #"{"logging_time":"2026-02-14T10:00:00Z","full_request":"\#(big)","full_response":7}"#,
    #"{"logging_time":1e400,"full_request":{"contents":"x","labels":[1],"tools":{"a":1},"generationConfig":"g"},"full_response":{"usageMetadata":{"promptTokenCount":\#(big),"candidatesTokenCount":\#(big),"thoughtsTokenCount":\#(big)}},"model":"projects//models/"}"#,
    #"{"logging_time":"x","full_request":{"contents":[1,"a",null,{"role":5,"parts":"p"},{"parts":[{"text":7}]}],"systemInstruction":[],"tools":[1,{"functionDeclarations":"x"}],"generationConfig":{"candidateCount":-\#(big),"thinkingConfig":"t","logprobs":"\#(big)"}},"labels":{"user":""},"model":"/"}"#,
    #"{"logging_time":"2026-02-14T10:00:00Z","full_request":"{\"contents\":\#(deep)}","full_response":"{\"usageMetadata\":{\"thoughtsTokenCount\":-\#(big),\"candidatesTokenCount\":-\#(big)}}","model":"projects/p/models/m"}"#,
    #"{"logging_time":"2026-02-14T10:00:00Z","full_request":{"messages":\#(deepObj)},"model":"projects/p/models/m"}"#,
  ]
  static let helicone: [String] = [
    #"{"request_id":{},"request_created_at":[],"request_body":"[1,2]","prompt_tokens":\#(big),"completion_tokens":"-\#(big)","user_id":7}"#,
    #"{"request_id":"r","request_created_at":"2026-02-14 10:00:00","request_body":{"messages":"x","max_tokens":\#(big),"n":\#(big)},"organization_id":"o"}"#,
    #"{"request_id":"r","request_created_at":1,"request_body":"{\"messages\":\#(deep)}","proxy_key_id":"k","signed_body_url":{}}"#,
    #"{"request_id":"r","request_created_at":1,"request_body":\#(deepObj),"request_user_id":"u"}"#,
  ]
  static let langfuse: [String] = [
    #"{"trace_id":"t","start_time":[],"type":"GENERATION","input":"\#(big)","usage":{"input":\#(big),"output":"\#(big)0"},"user_id":"u","model_parameters":"[1]"}"#,
    #"{"trace_id":"t","start_time":"2026-02-14T10:00:00Z","type":7,"input":{"messages":{}}}"#,
    #"{"trace_id":"t","start_time":"2026-02-14T10:00:00Z","input":[1,{"role":"user","content":\#(deep)}],"metadata":"{\"user_api_key_user_id\":\#(deepObj)}","user_id":"u","usage_details":"x"}"#,
    #"{"trace_id":"t","start_time":"2026-02-14T10:00:00Z","input":"[{\"content\":[{\"text\":\"hi\"}]}]","metadata":[],"model_parameters":{"n":-\#(big),"max_tokens":"\#(big)"},"user_id":"u"}"#,
    #"{"trace_id":"t","start_time":"2026-02-14T10:00:00Z","input":"null","user_id":"u","level":{}}"#,
  ]

  @Test(arguments: [("vertex", vertex), ("helicone", helicone), ("langfuse", langfuse)])
  func noTrapOnHostileShapes(_ format: String, _ lines: [String]) throws {
    let path = reviewScratchDir("hostile-\(format)") + "/h.jsonl"
    try writeText(path, lines.joined(separator: "\n") + "\n")
    let r = try scan([path], format: format)
    #expect(r.stats.lines == lines.count, "every line accounted for")
    #expect(r.stats.accepted >= 2, "the decoders ran: \(r.stats.rejected)")
    let sniffed = try scan([path])
    #expect(sniffed.stats.lines == lines.count)
  }
}
