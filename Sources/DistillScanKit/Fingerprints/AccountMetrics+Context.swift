extension AccountMetrics {
  /// How much the account looks like an application serving people (many end users, multi-turn
  /// conversations, tool-use loops) rather than a client sweeping the model. 0 = sweep-like.
  /// This is how hard negatives (RAG/support apps, chat users, coding agents) keep content
  /// fingerprints low without a phrase list.
  var appLikeness: Double {
    max(ramp(endUserRatio, 0.02, 0.2), ramp(multiTurnShare, 0.15, 0.6), 0.85 * ramp(toolShare, 0.15, 0.6))
  }
  /// Multiplier for content fingerprints: 1 for a sweep-like client, 0.15 for an obvious app.
  var harvestContext: Double { 1 - 0.85 * appLikeness }

  /// Harvest value of the traffic: distillation wants long outputs (the outputs are what gets
  /// copied); scoring-only or label-only traffic (eval log-likelihood runs, classification batches)
  /// yields little. Unknown output sizes (formats without token counts) count as neutral.
  var valueFactor: Double {
    guard let o = meanOutputTokens else { return 0.6 }
    return 0.05 + 0.95 * ramp(o, 40, 400)
  }

  /// Harvest value of the reasoning-cue requests themselves: a reasoning harvest copies written-out
  /// traces, so what counts is the output length of the requests that ask for reasoning, not the
  /// account's mean (diluted by other traffic in a mixed account, or raised by unrelated long
  /// outputs). A benchmark's chain-of-thought answer (one worked paragraph, ~100–250 tokens, e.g.
  /// GSM8K scored at temperature 0) carries little; traces of several hundred tokens carry the
  /// most. Unknown output sizes count as neutral, like ``valueFactor``.
  var traceValueFactor: Double {
    guard let o = reasoningOutputTokens else { return 0.6 }
    return 0.05 + 0.95 * ramp(o, 100, 800)
  }

  /// How much the traffic looks like an evaluation run: the same prompts replayed on several
  /// models, or deterministic decoding with a fixed seed (reproducible benchmark scoring).
  /// Content and pivot fingerprints are discounted by it (detection-methods §7, eval harnesses).
  var evaluationLikeness: Double {
    let nn = max(1, n)
    let deterministic = ramp(Double(profile.temperature0) / nn, 0.5, 0.9) * ramp(Double(profile.seeded) / nn, 0.5, 0.9)
    return max(ramp(replayAcrossModels, 1.15, 1.6), deterministic)
  }
  var evaluationDiscount: Double { 1 - 0.9 * evaluationLikeness }

  /// Topic breadth: taxonomy leaves and domains covered.
  var breadth: Double { max(ramp(Double(leavesCovered), 10, 60), ramp(Double(domainsCovered), 5, 15)) }

  var contextEvidence: [EvidenceItem] {
    [
      EvidenceItem(name: "single_turn_share", value: singleTurnShare, detail: "share of single-turn requests"),
      EvidenceItem(name: "end_users", value: endUsers, detail: "distinct end-user ids"),
      EvidenceItem(name: "tool_share", value: toolShare, detail: "share of requests sending tools"),
      EvidenceItem(name: "mean_output_tokens", value: meanOutputTokens ?? 0, detail: "mean output tokens (harvest value)"),
      EvidenceItem(name: "evaluation_likeness", value: evaluationLikeness, detail: "replay across models / fixed-seed deterministic decoding"),
    ]
  }
}
