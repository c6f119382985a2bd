/// Bounded, mergeable per-account state (DESIGN §4).
public struct AccountProfile: Sendable {
  public var requests = 0
  public var firstSeen: Double = .infinity
  public var lastSeen: Double = -.infinity
  /// Requests per model (bounded: at most ``maxModels`` names, the rest under "(other)").
  public var models: [String: Int] = [:]
  public var outputTokens = 0
  public var inputTokens = 0

  public static let maxModels = 16

  public init() {}

  @inline(__always)
  public mutating func add(_ r: LogRecord) {
    requests += 1
    if let t = r.timestamp {
      if t < firstSeen { firstSeen = t }
      if t > lastSeen { lastSeen = t }
    }
    let m = r.model ?? "(unknown)"
    if models[m] != nil || models.count < Self.maxModels { models[m, default: 0] += 1 } else { models["(other)", default: 0] += 1 }
    outputTokens += r.outputTokens ?? 0
    inputTokens += r.inputTokens ?? 0
  }

  public mutating func merge(_ o: AccountProfile) {
    requests += o.requests
    firstSeen = min(firstSeen, o.firstSeen)
    lastSeen = max(lastSeen, o.lastSeen)
    for (k, v) in o.models {
      if models[k] != nil || models.count < Self.maxModels { models[k, default: 0] += v } else { models["(other)", default: 0] += v }
    }
    outputTokens += o.outputTokens
    inputTokens += o.inputTokens
  }
}
