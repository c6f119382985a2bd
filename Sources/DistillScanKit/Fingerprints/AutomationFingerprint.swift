/// F6 — automation timing: no diurnal rhythm (flat hour-of-day profile, no daily idle gap) or
/// metronome-regular per-minute counts. Low weight alone: most API traffic is programmatic.
public struct AutomationFingerprint: Fingerprint {
  public init() {}
  public var id: String { "automation" }
  public var title: String { "Automation timing" }
  public var family: Family { .temporal }
  public var summary: String {
    "24/7 activity without a daily idle gap (hour-of-day entropy), and regular per-minute counts (Fano factor < 1). Weak alone."
  }
  public var needs: String { "timestamps" }

  public func evaluate(_ m: AccountMetrics, _ pop: Population) -> SignalResult {
    guard !m.profile.hourOfWeek.isEmpty else { return notEvaluated("no timestamps") }
    let flat = ramp(m.hourEntropy, 0.85, 0.97) * ramp(4 - Double(m.longestIdleHours), 0, 3) * ramp(m.spanHours, 12, 36)
    let regular = (m.fano.map { ramp(1 - $0, 0.3, 0.8) } ?? 0) * ramp(m.spanHours, 2, 12)
    let score = max(flat, regular) * ramp(m.n, 100, 1000)
    let s =
      "hour-of-day entropy \(num(m.hourEntropy)), longest daily idle gap \(m.longestIdleHours) h, per-minute Fano factor \(m.fano.map(num) ?? "n/a"), active \(pct(m.dutyCycle)) of minutes"
    return result(
      score, s,
      [
        EvidenceItem(name: "hour_entropy", value: m.hourEntropy, threshold: 0.85, detail: "normalised entropy of the 24 hour-of-day bins"),
        EvidenceItem(name: "longest_idle_hours", value: Double(m.longestIdleHours), threshold: 4, detail: "longest run of idle hours in the day"),
        EvidenceItem(name: "fano", value: m.fano ?? 0, detail: "variance/mean of per-minute counts (1 = Poisson)"),
        EvidenceItem(name: "duty_cycle", value: m.dutyCycle, detail: "share of minutes active over the account's span"),
        EvidenceItem(name: "span_hours", value: m.spanHours, detail: "first to last request"),
      ], m, pop)
  }
}
