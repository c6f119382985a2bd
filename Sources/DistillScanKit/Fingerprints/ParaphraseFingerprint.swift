/// F3 — paraphrase sweeps: many requests that mean the same as another request of the account but
/// are worded differently (collide on content-word MinHash bands, not on word-3-gram bands).
public struct ParaphraseFingerprint: Fingerprint {
  public init() {}
  public var id: String { "paraphrase" }
  public var title: String { "Paraphrase sweep" }
  public var family: Family { .content }
  public var summary: String {
    "The same request in many wordings: content-word MinHash collisions that word-order MinHash does not explain, excluding exact retries."
  }
  public var needs: String { "prompt text" }

  public func evaluate(_ m: AccountMetrics, _ pop: Population) -> SignalResult {
    guard m.nText > 0 else { return notEvaluated("no prompt text in these logs") }
    let vol = ramp(m.nText, 80, 800)
    let score = vol * ramp(m.paraphrase, 0.06, 0.25) * m.harvestContext
    let s = "\(pct(m.paraphrase)) of \(num(m.nText)) prompts reword another prompt of the account (meaning collisions \(pct(m.meaningCollide)), lexical \(pct(m.lexCollide)), exact repeats \(pct(m.exactDupShare)))"
    return result(
      score, s,
      [
        EvidenceItem(name: "paraphrase_share", value: m.paraphrase, threshold: 0.06, detail: "meaning collisions not explained by shared wording"),
        EvidenceItem(name: "meaning_collisions", value: m.meaningCollide, detail: "content-word LSH collision share"),
        EvidenceItem(name: "lexical_collisions", value: m.lexCollide, detail: "word-3-gram LSH collision share"),
        EvidenceItem(name: "exact_repeat_share", value: m.exactDupShare, detail: "identical prompts (retries)"),
      ] + m.contextEvidence, m, pop)
  }
}
