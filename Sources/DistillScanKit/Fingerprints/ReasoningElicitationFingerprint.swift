/// F4 — reasoning elicitation: prompts that ask for written-out reasoning, or supply an answer and
/// ask for the reasoning behind it, or ask to grade with a rubric — at volume, from a sweep-like client.
public struct ReasoningElicitationFingerprint: Fingerprint {
  public init() {}
  public var id: String { "reasoning-elicitation" }
  public var title: String { "Reasoning elicitation" }
  public var family: Family { .content }
  public var summary: String {
    "Requests for written-out chain-of-thought (multilingual cues and reasoning-word density), rationalisations of supplied answers, rubric grading; weighted by volume and output length."
  }
  public var needs: String { "prompt text" }

  public func evaluate(_ m: AccountMetrics, _ pop: Population) -> SignalResult {
    guard m.nText > 0 else { return notEvaluated("no prompt text in these logs") }
    let vol = ramp(m.nText, 80, 800)
    // Reasoning is harvested from long written-out traces: the value is the output length of the
    // reasoning requests themselves (short benchmark chain-of-thought answers carry little).
    // Grades are short by nature (a score and a line of justification), so rubric grading keeps
    // the account-level value.
    let value = m.traceValueFactor
    let reasoningCue = max(ramp(m.reasoningShare, 0.15, 0.5), ramp(m.rationalizationShare, 0.06, 0.25))
    let graderCue = 0.8 * ramp(m.graderShare, 0.15, 0.5)
    let bulk = vol * max(reasoningCue * value, graderCue * m.valueFactor) * m.harvestContext * m.evaluationDiscount
    // Low-and-slow: a handful of strong reasoning/rationalisation requests mixed into ordinary
    // single-turn traffic. The evidence is the share the account shows *at least* (Wilson lower
    // bound), so a small account that asks consistently keeps it; a few strong requests are
    // needed at all. Capped well below the bulk case: it is a lead for review, not a verdict.
    let strong = Double(m.profile.reasoningStrong)
    let consistent = ramp(wilsonLower(strong, m.nText), 0.04, 0.15)
    let lowSlow = 0.6 * ramp(strong, 2, 6) * consistent * ramp(m.singleTurnShare, 0.7, 0.95)
      * value * m.harvestContext * m.evaluationDiscount
    let score = max(bulk, lowSlow)
    let s =
      "\(pct(m.reasoningShare)) of prompts ask for written-out reasoning, \(pct(m.rationalizationShare)) supply an answer and ask for its reasoning, \(pct(m.graderShare)) grade with a scale"
    return result(
      score, s,
      [
        EvidenceItem(name: "reasoning_share", value: m.reasoningShare, threshold: 0.15, detail: "prompts with reasoning-elicitation cues"),
        EvidenceItem(name: "rationalization_share", value: m.rationalizationShare, threshold: 0.06, detail: "answer supplied + derive/justify request"),
        EvidenceItem(name: "grader_share", value: m.graderShare, detail: "rubric/score-on-a-scale prompts"),
        EvidenceItem(name: "reasoning_share_lower", value: wilsonLower(strong, m.nText), threshold: 0.04, detail: "reasoning share, Wilson lower bound (z = 1)"),
        EvidenceItem(name: "reasoning_output_tokens", value: m.reasoningOutputTokens ?? 0, threshold: 100, detail: "mean output tokens of the reasoning requests (trace length)"),
      ] + m.contextEvidence, m, pop)
  }
}
