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
    let tmpl = ramp(m.templated, 0.08, 0.3)
    let fresh = ramp(1 - m.exactDupShare, 0.55, 0.9)
    let score = vol * (0.4 + 0.6 * tmpl) * fresh * m.breadth * m.harvestContext * m.valueFactor * m.evaluationDiscount
    let s =
      "\(num(m.nText)) prompts, \(pct(m.templated)) share a frame with different fillings, \(m.leavesCovered) topic leaves in \(m.domainsCovered) domains, \(pct(1 - m.exactDupShare)) unique"
    return result(
      score, s,
      [
        EvidenceItem(name: "templated_share", value: m.templated, threshold: 0.08, detail: "requests sharing a frame with a different prompt"),
        EvidenceItem(name: "distinct_templates", value: m.distinctTemplates, detail: "estimated distinct frames"),
        EvidenceItem(name: "leaves_covered", value: Double(m.leavesCovered), threshold: 10, detail: "topic-taxonomy leaves with ≥2 requests"),
        EvidenceItem(name: "topic_entropy", value: m.topicEntropy, detail: "normalised topic entropy"),
        EvidenceItem(name: "unique_share", value: 1 - m.exactDupShare, threshold: 0.55, detail: "share of distinct prompts"),
        EvidenceItem(name: "requests", value: m.n, threshold: 150, detail: "requests with prompt text"),
      ] + m.contextEvidence, m, pop)
  }
}
