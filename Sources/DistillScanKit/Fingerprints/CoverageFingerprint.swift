/// F1 — systematic prompt coverage: many fresh fillings of a few frames, spread across many topics,
/// from a client that is not an application serving people.
public struct CoverageFingerprint: Fingerprint {
  public init() {}
  public var id: String { "coverage" }
  public var title: String { "Systematic prompt coverage" }
  public var family: Family { .content }
  public var summary: String {
    "Templated prompts (same frame, fresh slot fillings) sweeping many topics of the taxonomy at volume, single-turn, without end-user diversity."
  }
  public var needs: String { "prompt text" }

  public func evaluate(_ m: AccountMetrics, _ pop: Population) -> SignalResult {
    guard m.nText > 0 else { return notEvaluated("no prompt text in these logs") }
    let vol = ramp(m.nText, 150, 1500)
    let tmpl = ramp(m.templated, 0.12, 0.45)
    let fresh = ramp(1 - m.exactDupShare, 0.55, 0.9)
    let spread = max(ramp(Double(m.leavesCovered), 10, 48), ramp(Double(m.domainsCovered), 4, 14))
    // Scoring-only traffic (max_tokens≈1 without logit bias) harvests almost nothing: eval harnesses.
    let outF = m.meanOutputTokens.map { 0.25 + 0.75 * ramp($0, 6, 60) } ?? 0.8
    let score = vol * (0.3 + 0.7 * tmpl) * fresh * spread * m.harvestContext * outF
    let s =
      "\(num(m.nText)) prompts, \(pct(m.templated)) share a frame with different fillings, \(m.leavesCovered) topic leaves in \(m.domainsCovered) domains, \(pct(1 - m.exactDupShare)) unique"
    return result(
      score, s,
      [
        EvidenceItem(name: "templated_share", value: m.templated, threshold: 0.12, detail: "requests sharing a frame with a different prompt"),
        EvidenceItem(name: "distinct_templates", value: m.distinctTemplates, detail: "estimated distinct frames"),
        EvidenceItem(name: "leaves_covered", value: Double(m.leavesCovered), threshold: 10, detail: "topic-taxonomy leaves with ≥2 requests"),
        EvidenceItem(name: "topic_entropy", value: m.topicEntropy, detail: "normalised topic entropy"),
        EvidenceItem(name: "unique_share", value: 1 - m.exactDupShare, threshold: 0.55, detail: "share of distinct prompts"),
        EvidenceItem(name: "requests", value: m.n, threshold: 150, detail: "requests with prompt text"),
      ] + m.contextEvidence, m, pop)
  }
}
