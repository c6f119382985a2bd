/// F7 — rapid pivot to a newly appearing model: an established account moves a large share of its
/// traffic to a model that first appeared mid-window, within hours of its appearance.
public struct ModelPivotFingerprint: Fingerprint {
  public init() {}
  public var id: String { "model-pivot" }
  public var title: String { "Rapid pivot to a new model" }
  public var family: Family { .temporal }
  public var summary: String {
    "Traffic moving to a model that first appears mid-window, within hours of its appearance, from an account that was active before."
  }
  public var needs: String { "timestamps, model" }

  public func evaluate(_ m: AccountMetrics, _ pop: Population) -> SignalResult {
    guard m.profile.firstSeen.isFinite else { return notEvaluated("no timestamps") }
    let window = pop.windowEnd - pop.windowStart
    guard window > 3600 * 6 else { return notEvaluated("scan window shorter than 6 hours") }
    let newAfter = pop.windowStart + max(6 * 3600, 0.15 * window)
    var best = 0.0
    var bestModel = ""
    var bestShare = 0.0
    var bestLag = 0.0
    for (model, u) in m.profile.models {
      guard let first = pop.modelFirstSeen[model], first > newAfter, u.first.isFinite else { continue }
      // Share of the account's traffic *since the model appeared* that went to it (estimated from
      // the coordinated minute sample), so a late release in a long window still counts.
      let since = m.requestsSince(first)
      let share = min(1, Double(u.count) / max(1, since))
      let lag = u.first - first
      let prior = m.profile.firstSeen < first - 3600
      let s = ramp(share, 0.2, 0.5) * (1 - ramp(lag, 6 * 3600, 48 * 3600)) * (prior ? 1 : 0.4) * ramp(Double(u.count), 50, 400)
        * m.valueFactor * m.evaluationDiscount
      if s > best || (s == best && model < bestModel) {
        best = s
        bestModel = model
        bestShare = share
        bestLag = lag
      }
    }
    let s = bestModel.isEmpty
      ? "no traffic on models that appeared mid-window"
      : "\(pct(bestShare)) of traffic on \(bestModel), first used \(num(bestLag / 3600)) h after it appeared"
    return result(
      best, s,
      [
        EvidenceItem(name: "new_model_share", value: bestShare, threshold: 0.2, detail: "share of requests on the newly appeared model"),
        EvidenceItem(name: "adoption_lag_hours", value: bestLag / 3600, threshold: 6, detail: "hours between the model's first appearance and this account's first use"),
      ], m, pop)
  }
}
