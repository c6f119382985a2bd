/// F3 — paraphrase sweeps: many requests that mean the same as another request of the account but
/// are worded differently (collide on content-word MinHash bands, not on word-3-gram bands).
public struct ParaphraseFingerprint: Fingerprint {
  public init() {}
  public var id: String { "paraphrase" }
  public var title: String { "Paraphrase sweep" }
  public var family: Family { .content }
  public var summary: String {
    "The same request in many wordings or wrappers: strict content-word MinHash collisions between non-identical prompts (exact retries excluded), weighted by harvest value."
  }
  public var needs: String { "prompt text" }

  public func evaluate(_ m: AccountMetrics, _ pop: Population) -> SignalResult {
    guard m.nText > 0 else { return notEvaluated("no prompt text in these logs") }
    let vol = ramp(m.nText, 80, 800)
    let score = vol * ramp(m.nearDuplicate, 0.08, 0.25) * m.harvestContext * m.valueFactor * (0.15 + 0.85 * m.breadth) * m.evaluationDiscount
    let s = "\(pct(m.nearDuplicate)) of \(num(m.nText)) prompts restate another, non-identical prompt of the account (content collisions \(pct(m.meaningCollide)), lexical \(pct(m.lexCollide)), exact repeats \(pct(m.exactDupShare)))"
    return result(
      score, s,
      [
        EvidenceItem(name: "near_duplicate_share", value: m.nearDuplicate, threshold: 0.08, detail: "content collisions between non-identical prompts"),
        EvidenceItem(name: "paraphrase_share", value: m.paraphrase, detail: "content collisions not explained by shared wording"),
        EvidenceItem(name: "meaning_collisions", value: m.meaningCollide, detail: "content-word LSH collision share"),
        EvidenceItem(name: "lexical_collisions", value: m.lexCollide, detail: "word-3-gram LSH collision share"),
        EvidenceItem(name: "exact_repeat_share", value: m.exactDupShare, detail: "identical prompts (retries)"),
      ] + m.contextEvidence, m, pop)
  }
}
