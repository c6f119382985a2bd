/// Population-level context computed after the merge (DESIGN §2 "population pass"): peer
/// distributions for percentiles, the scan window, and when each model first appeared.
public struct Population: Sendable {
  public var accounts: Int
  public var windowStart: Double
  public var windowEnd: Double
  /// Model → first time any account used it.
  public var modelFirstSeen: [String: Double]
  /// Metric name → sorted values over peers (accounts with at least ``peerMinRequests``).
  var peerValues: [String: [Double]]
  public static let peerMinRequests = 20

  public init(metrics: [AccountMetrics]) {
    accounts = metrics.count
    var start = Double.infinity
    var end = -Double.infinity
    var firstSeen: [String: Double] = [:]
    var values: [String: [Double]] = [:]
    for m in metrics {
      start = min(start, m.profile.firstSeen)
      end = max(end, m.profile.lastSeen)
      for (model, u) in m.profile.models where u.first.isFinite {
        firstSeen[model] = min(firstSeen[model] ?? .infinity, u.first)
      }
      if m.n >= Double(Self.peerMinRequests) {
        for (k, v) in m.named { values[k, default: []].append(v) }
      }
    }
    windowStart = start
    windowEnd = end
    modelFirstSeen = firstSeen
    peerValues = values.mapValues { $0.sorted() }
  }

  /// Percentile (0…100) of `value` among peers for metric `name`; nil when there are too few peers.
  public func percentile(_ name: String, _ value: Double) -> Double? {
    guard let v = peerValues[name], v.count >= 5 else { return nil }
    var lo = 0
    var hi = v.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if v[mid] <= value { lo = mid + 1 } else { hi = mid }
    }
    return 100 * Double(lo) / Double(v.count)
  }
}
