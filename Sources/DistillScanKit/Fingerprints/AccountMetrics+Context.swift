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

  var contextEvidence: [EvidenceItem] {
    [
      EvidenceItem(name: "single_turn_share", value: singleTurnShare, detail: "share of single-turn requests"),
      EvidenceItem(name: "end_users", value: endUsers, detail: "distinct end-user ids"),
      EvidenceItem(name: "tool_share", value: toolShare, detail: "share of requests sending tools"),
    ]
  }
}
