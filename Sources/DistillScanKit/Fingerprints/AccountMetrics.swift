import Glibc

/// Derived, comparable numbers for one account (or one cluster's merged profile), computed once
/// after the merge and shared by every fingerprint.
public struct AccountMetrics: Sendable {
  public var subject: String
  public var profile: AccountProfile
  public var n: Double
  public var nText: Double
  // Shape
  public var singleTurnShare: Double
  public var multiTurnShare: Double
  public var toolShare: Double
  public var systemShare: Double
  public var endUsers: Double
  public var endUserRatio: Double
  public var meanOutputTokens: Double?
  // Text
  public var exactDupShare: Double
  public var lexCollide: Double
  public var meaningCollide: Double
  /// Distinct (prompt, model) pairs per distinct prompt (≥ 1; > 1 = prompts replayed across models).
  public var replayAcrossModels: Double
  /// Share of requests whose content nearly repeats another, non-identical request of the account.
  public var nearDuplicate: Double
  /// Share of requests that share a frame with a *different* prompt (slot filling).
  public var templated: Double
  /// Share of requests that reword another request (meaning collision without lexical collision).
  public var paraphrase: Double
  public var distinctTemplates: Double
  public var topTemplateShare: Double
  public var leavesCovered: Int
  public var domainsCovered: Int
  public var topicEntropy: Double
  public var reasoningShare: Double
  /// Mean output tokens of the requests with a strong reasoning cue (nil without token counts).
  public var reasoningOutputTokens: Double?
  public var rationalizationShare: Double
  public var graderShare: Double
  // Parameters
  public var logprobShare: Double
  public var topLogprobsShare: Double
  public var maxTokens1Share: Double
  public var biasedShare: Double
  public var biasTokens: Double
  public var biasConfigsPerPrompt: Double
  public var biasValuesPerProbe: Double
  public var meanLogprobOutput: Double
  // Timing
  public var spanHours: Double
  public var hourEntropy: Double
  public var longestIdleHours: Int
  public var activeMinutes: Double
  public var fano: Double?
  public var dutyCycle: Double
  /// Set by the scorer when the subject belongs to a coordinated cluster.
  public var cluster: ClusterLink?

  public init(subject: String, profile p: AccountProfile) {
    self.subject = subject
    profile = p
    n = Double(p.requests)
    nText = Double(p.withText)
    let nn = max(1, n)
    singleTurnShare = Double(p.singleTurn) / nn
    multiTurnShare = Double(p.multiTurn) / nn
    toolShare = Double(p.withTools) / nn
    systemShare = Double(p.withSystem) / nn
    endUsers = p.endUsers.estimate
    endUserRatio = endUsers / nn
    meanOutputTokens = p.withOutputTokens > 0 ? Double(p.outputTokens) / Double(p.withOutputTokens) : nil

    let nt = max(1, nText)
    exactDupShare = p.withText > 0 ? max(0, 1 - p.exactPrompts.estimate / nt) : 0
    lexCollide = p.withText > 0 ? max(0, 1 - p.lexBands.map(\.estimate).reduce(0, +) / 3 / nt) : 0
    meaningCollide = p.withText > 0 ? max(0, 1 - p.meaningBands.map(\.estimate).reduce(0, +) / 3 / nt) : 0
    templated = max(0, lexCollide - exactDupShare)
    nearDuplicate = max(0, meaningCollide - exactDupShare)
    paraphrase = max(0, meaningCollide - max(lexCollide, exactDupShare))
    replayAcrossModels = p.withText > 0 ? max(1, p.promptModels.estimate / max(1, p.exactPrompts.estimate)) : 1
    distinctTemplates = p.templates.distinctEstimate
    let top = p.templates.map.valueList.sorted(by: >).prefix(3).reduce(0) { $0 + Double($1) }
    topTemplateShare = p.withText > 0 ? min(1, top / nt) : 0
    leavesCovered = p.leaves.values.filter { $0 >= 2 }.count
    var domains = Set<Int>()
    for (k, v) in p.leaves where v >= 2 { domains.insert(Int(k) / 8) }
    domainsCovered = domains.count
    let lt = Double(p.leaves.values.reduce(0) { $0 + Int($1) })
    var h = 0.0
    for v in p.leaves.values where v > 0 {
      let q = Double(v) / lt
      h -= q * log(q)
    }
    topicEntropy = lt > 1 ? h / log(min(256, max(2, lt))) : 0
    reasoningShare = Double(p.reasoningStrong) / nt
    reasoningOutputTokens = p.reasoningWithOutput > 0 ? Double(p.reasoningOutputTokens) / Double(p.reasoningWithOutput) : nil
    rationalizationShare = Double(p.rationalization) / nt
    graderShare = Double(p.grader) / nt

    logprobShare = Double(p.logprobs) / nn
    topLogprobsShare = Double(p.topLogprobs5) / nn
    maxTokens1Share = Double(p.maxTokens1) / nn
    biasedShare = Double(p.biased) / nn
    biasTokens = p.biasTokens.estimate
    biasConfigsPerPrompt = p.biased > 0 ? p.biasConfigs.estimate / max(1, p.biasedPrompts.estimate) : 0
    biasValuesPerProbe = p.biased > 0 ? p.biasProbeValues.estimate / max(1, p.biasProbeKeys.estimate) : 0
    meanLogprobOutput = p.topLogprobs5 > 0 ? Double(p.logprobOutputTokens) / Double(p.topLogprobs5) : 0

    spanHours = p.lastSeen > p.firstSeen ? (p.lastSeen - p.firstSeen) / 3600 : 0
    var hod = [Double](repeating: 0, count: 24)
    if !p.hourOfWeek.isEmpty { for i in 0..<168 { hod[i % 24] += Double(p.hourOfWeek[i]) } }
    let ht = hod.reduce(0, +)
    var he = 0.0
    for v in hod where v > 0 {
      let q = v / ht
      he -= q * log(q)
    }
    hourEntropy = ht > 0 ? he / log(24) : 0
    // Longest cyclic run of near-empty hours (< 1% of the busiest hour's traffic).
    let busiest = hod.max() ?? 0
    var longest = 0
    if busiest > 0 {
      var run = 0
      for i in 0..<48 {
        if hod[i % 24] < busiest * 0.01 { run += 1; longest = max(longest, min(run, 24)) } else { run = 0 }
      }
    }
    longestIdleHours = longest
    activeMinutes = p.minutes.distinctEstimate
    // Fano factor of per-minute counts over the whole active span, idle minutes included (only
    // active minutes are stored; the zeros are implied). Poisson traffic gives ≈ 1, a metronome
    // sending k per minute every minute ≈ 0, bursts > 1. Computed from the coordinated minute
    // sample, scaled by its rate.
    let mc = p.minutes.map.valueList
    let spanMinutes = (p.lastSeen - p.firstSeen) / 60 + 1
    if mc.count >= 20, spanMinutes >= 60 {
      let sumSq = mc.reduce(0.0) { $0 + Double($1) * Double($1) } / p.minutes.rate
      let mean = n / spanMinutes
      let variance = max(0, sumSq / spanMinutes - mean * mean)
      fano = mean > 0 ? variance / mean : nil
    } else {
      fano = nil
    }
    dutyCycle = spanHours > 0 ? min(1, activeMinutes / (spanHours * 60)) : 0
  }

  /// Estimated requests at or after time `t` (from the coordinated minute sample).
  public func requestsSince(_ t: Double) -> Double {
    let m0 = Int64((t / 60).rounded(.down))
    var c = 0.0
    for (k, v) in profile.minutes.map.entries where Int64(bitPattern: k) >= m0 { c += Double(v) }
    return c / profile.minutes.rate
  }

  /// Named metric values, for peer percentiles and evidence.
  public var named: [(String, Double)] {
    [
      ("requests", n), ("templated_share", templated), ("near_duplicate_share", nearDuplicate), ("replay_across_models", replayAcrossModels), ("paraphrase_share", paraphrase), ("leaves_covered", Double(leavesCovered)),
      ("topic_entropy", topicEntropy), ("reasoning_share", reasoningShare), ("rationalization_share", rationalizationShare),
      ("bias_tokens", biasTokens), ("bias_configs_per_prompt", biasConfigsPerPrompt), ("top_logprobs_share", topLogprobsShare),
      ("hour_entropy", hourEntropy), ("duty_cycle", dutyCycle), ("single_turn_share", singleTurnShare),
      ("output_tokens", Double(profile.outputTokens)),
    ]
  }
}
