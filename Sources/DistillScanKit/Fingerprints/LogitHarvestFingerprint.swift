/// F2 — logit harvesting: logit_bias sweeps over many token ids, bias rotation or binary search on
/// fixed prompts (weight/logit stealing), and top-k log-probs on long outputs (soft labels).
public struct LogitHarvestFingerprint: Fingerprint {
  public init() {}
  public var id: String { "logit-harvest" }
  public var title: String { "Logit harvesting" }
  public var family: Family { .parameters }
  public var summary: String {
    "logit_bias sweeps over many token ids, bias-set rotation or bias binary search on fixed prompts, max_tokens=1 probes, top_logprobs on long outputs."
  }
  public var needs: String { "request parameters (logprobs, top_logprobs, logit_bias, max_tokens)" }

  public func evaluate(_ m: AccountMetrics, _ pop: Population) -> SignalResult {
    let p = m.profile
    guard p.withParams > 0 else { return notEvaluated("no request parameters in these logs") }
    let biased = Double(p.biased)
    let vocab = ramp(m.biasTokens, 40, 400) * ramp(biased, 20, 200)
    let rotation = ramp(m.biasConfigsPerPrompt, 2.5, 12) * ramp(biased, 30, 300)
    let search = ramp(m.biasValuesPerProbe, 1.8, 4) * ramp(biased, 30, 300)
    let softLabel = ramp(m.topLogprobsShare, 0.3, 0.8) * ramp(m.meanLogprobOutput, 40, 250) * ramp(m.n, 100, 1000)
    // Next-token distribution probing without bias: weak alone (eval harnesses score this way).
    let probe = 0.45 * ramp(m.topLogprobsShare, 0.5, 0.9) * ramp(m.maxTokens1Share, 0.5, 0.9) * ramp(m.n, 2000, 20000)
    let score = max(vocab, rotation, search, softLabel, probe)
    var why: [String] = []
    if vocab > 0 { why.append("\(num(m.biasTokens)) distinct logit_bias token ids") }
    if rotation > 0 { why.append("\(num(m.biasConfigsPerPrompt)) bias sets per prompt") }
    if search > 0 { why.append("\(num(m.biasValuesPerProbe)) bias values per (prompt, token)") }
    if softLabel > 0 { why.append("top_logprobs≥5 on \(pct(m.topLogprobsShare)) of requests, \(num(m.meanLogprobOutput)) output tokens each") }
    if probe > 0 { why.append("max_tokens≤1 on \(pct(m.maxTokens1Share)) with top_logprobs") }
    let s = why.isEmpty
      ? "no harvesting parameters (logit_bias on \(pct(m.biasedShare)), top_logprobs on \(pct(m.topLogprobsShare)))"
      : why.joined(separator: "; ")
    return result(
      score, s,
      [
        EvidenceItem(name: "bias_tokens", value: m.biasTokens, threshold: 40, detail: "distinct logit_bias token ids"),
        EvidenceItem(name: "bias_configs_per_prompt", value: m.biasConfigsPerPrompt, threshold: 2.5, detail: "distinct bias sets per biased prompt"),
        EvidenceItem(name: "bias_values_per_probe", value: m.biasValuesPerProbe, threshold: 1.8, detail: "bias values tried per (prompt, token)"),
        EvidenceItem(name: "biased_requests", value: biased, detail: "requests with logit_bias"),
        EvidenceItem(name: "top_logprobs_share", value: m.topLogprobsShare, detail: "share with top_logprobs ≥ 5"),
        EvidenceItem(name: "max_tokens_1_share", value: m.maxTokens1Share, detail: "share with max_tokens ≤ 1"),
        EvidenceItem(name: "logprob_output_tokens", value: m.meanLogprobOutput, detail: "mean output tokens on top_logprobs requests"),
      ], m, pop)
  }
}
