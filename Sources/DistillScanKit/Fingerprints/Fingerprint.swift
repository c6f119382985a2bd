/// Evidence families (DESIGN §6): within a family the strongest fingerprint counts, families
/// combine by noisy-OR, so correlated fingerprints are not double counted.
public enum Family: String, Sendable, CaseIterable {
  case content, parameters, coordination, temporal
}

/// A distillation fingerprint: a pure function from an account's (or cluster's) profile and the
/// population to a score in 0…1 with evidence. One type per file, registered in ``Fingerprints``.
public protocol Fingerprint: Sendable {
  /// Stable id, also its CLI name and its key in `accounts.jsonl` `signals`.
  var id: String { get }
  var title: String { get }
  var family: Family { get }
  /// What it looks for (shown by `distillscan fingerprints`).
  var summary: String { get }
  /// Record fields it needs; when absent from the data it reports "not evaluated".
  var needs: String { get }
  /// Scores one subject. Return a result with `score == nil` when it cannot be evaluated.
  func evaluate(_ m: AccountMetrics, _ pop: Population) -> SignalResult
}

extension Fingerprint {
  func notEvaluated(_ why: String) -> SignalResult {
    SignalResult(fingerprint: id, title: title, family: family.rawValue, score: nil, summary: "not evaluated: \(why)")
  }
  func result(_ score: Double, _ summary: String, _ evidence: [EvidenceItem], _ m: AccountMetrics, _ pop: Population, flagged: Bool = false)
    -> SignalResult
  {
    var ev = evidence
    for i in ev.indices where ev[i].percentile == nil { ev[i].percentile = pop.percentile(ev[i].name, ev[i].value) }
    return SignalResult(
      fingerprint: id, title: title, family: family.rawValue, score: min(1, max(0, score)), summary: summary, evidence: ev,
      exemplars: [])
  }
}

/// The registry: every fingerprint, in report order.
public enum Fingerprints {
  public static let all: [any Fingerprint] = [
    CoverageFingerprint(), LogitHarvestFingerprint(), ParaphraseFingerprint(), ReasoningElicitationFingerprint(),
    AutomationFingerprint(), ModelPivotFingerprint(), CoordinationFingerprint(),
  ]
  public static func fingerprint(id: String) -> (any Fingerprint)? { all.first { $0.id == id } }
}

/// Linear ramp: 0 at or below `lo`, 1 at or above `hi`.
@inline(__always)
func ramp(_ x: Double, _ lo: Double, _ hi: Double) -> Double {
  if x <= lo { return 0 }
  if x >= hi { return 1 }
  return (x - lo) / (hi - lo)
}

/// Lower end of the Wilson score interval for a share of `k` successes in `n` trials (z = 1: the
/// share is at least this with about 84% confidence). Small accounts keep their evidence in
/// proportion to how sure the share is, instead of being gated away by a volume threshold;
/// 1 of 2 is not 50%, 6 of 27 is at least 15%.
func wilsonLower(_ k: Double, _ n: Double, z: Double = 1) -> Double {
  guard n > 0 else { return 0 }
  let p = min(1, max(0, k / n))
  let z2 = z * z
  let centre = p + z2 / (2 * n)
  let spread = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
  return max(0, (centre - spread) / (1 + z2 / n))
}

func pct(_ x: Double) -> String { String(Int((x * 100).rounded())) + "%" }
func num(_ x: Double) -> String {
  // Beyond Int's range (a saturated HyperLogLog from a damaged partial estimates ~2.7e19) or not
  // finite: `Int(x.rounded())` would trap; formatDouble prints these without going through Int.
  guard x.isFinite, abs(x) < 1e15 else { return JSONWriter.formatDouble(x, digits: 2) }
  if x >= 100 || x == x.rounded() { return String(Int(x.rounded())) }
  return JSONWriter.formatDouble(x, digits: 2)
}
