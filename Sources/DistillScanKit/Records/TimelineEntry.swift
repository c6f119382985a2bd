/// One request of an account under investigation, for `distillscan timeline` (a forensic
/// timeline in the style of Hayabusa/Chainsaw: every request, in time order, with where it came from).
public struct TimelineEntry: Sendable {
  public var timestamp: Double?
  public var account: String
  public var requestID: String?
  public var model: String?
  public var endpoint: String?
  public var ip: String?
  public var userAgent: String?
  public var params: RequestParams
  public var system: String?
  public var prompt: String?
  public var turnCount: Int
  public var outputTokens: Int?
  public var status: String?
  public var source: SourceLocation

  init(_ r: LogRecord) {
    timestamp = r.timestamp
    account = r.account
    requestID = r.requestID
    model = r.model
    endpoint = r.endpoint
    ip = r.ip
    userAgent = r.userAgent
    params = r.params
    system = r.system
    prompt = r.userTurn
    turnCount = r.turnCount
    outputTokens = r.outputTokens
    status = r.status
    source = r.source
  }

  /// Compact description of the harvest-relevant parameters that were set.
  public var paramSummary: String {
    var parts: [String] = []
    if let t = params.temperature { parts.append("temp=\(JSONWriter.formatDouble(t, digits: 2))") }
    if let m = params.maxTokens { parts.append("max_tokens=\(m)") }
    if let n = params.n, n > 1 { parts.append("n=\(n)") }
    if params.logprobs == true { parts.append("logprobs") }
    if let k = params.topLogprobs, k > 0 { parts.append("top_logprobs=\(k)") }
    if params.logitBiasCount > 0 { parts.append("logit_bias=\(params.logitBiasCount)") }
    if params.echo == true { parts.append("echo") }
    if let s = params.seed { parts.append("seed=\(s)") }
    if params.toolCount > 0 { parts.append("tools=\(params.toolCount)") }
    if params.thinking == true { parts.append("thinking") }
    return parts.joined(separator: " ")
  }
}
