import Dispatch
import Synchronization

/// Turns merged profiles into a ``ScanReport`` (DESIGN §2, after the merge): population pass,
/// coordination, fingerprints, noisy-OR scoring, incidents with evidence cards.
public enum Scorer {
  /// Scores of one subject.
  struct Scored {
    var signals: [SignalResult]
    var score: Double
  }

  public static func buildReport(_ result: IngestResult, config: ScanConfiguration, now: Double) -> ScanReport {
    let sc = config.scoring
    let ids = result.accounts.sortedAccounts
    var metrics = [AccountMetrics]()
    metrics.reserveCapacity(ids.count)
    for id in ids { metrics.append(AccountMetrics(subject: id, profile: result.accounts.profile(id)!)) }
    let pop = Population(metrics: metrics)

    // Clusters: score each merged cluster profile first, so members carry the cluster's evidence.
    let clusters = Coordination.findClusters(metrics, config: sc)
    var clusterOf: [Int: Int] = [:]
    var clusterScored: [(ClusterLink, AccountMetrics, Scored)] = []
    for (ci, c) in clusters.enumerated() {
      var merged = AccountProfile()
      for i in c.members { merged.merge(metrics[i].profile) }
      // Stable id from the sorted member list: the same cluster found again tomorrow gets the same
      // id, so SIEM findings and tickets correlate across nightly runs.
      let memberKey = c.members.map { metrics[$0].subject }.sorted().joined(separator: "\u{1F}")
      let label = "cluster-" + String(String(StableHash.fnv1a64(memberKey), radix: 16).suffix(10))
      var cm = AccountMetrics(subject: label, profile: merged)
      let pre = evaluate(cm, pop, sc)
      let harvest = pre.signals.filter { $0.family == Family.content.rawValue || $0.family == Family.parameters.rawValue }
        .compactMap(\.score).max() ?? 0
      var fams = Set<String>()
      for e in c.edges { fams.formUnion(e.families) }
      let meanFamilies = c.edges.map { Double($0.families.count) }.reduce(0, +) / Double(max(1, c.edges.count))
      let link = ClusterLink(
        id: label, size: c.members.count, strength: min(1, meanFamilies / 3), families: fams.sorted(), harvestEvidence: harvest)
      cm.cluster = link
      clusterScored.append((link, cm, evaluate(cm, pop, sc)))
      for i in c.members {
        clusterOf[i] = ci
        metrics[i].cluster = link
      }
    }

    // Per-account fingerprints, in parallel (pure functions of metrics and population).
    let scored = Mutex<[Scored?]>(Array(repeating: nil, count: metrics.count))
    let frozen = metrics
    DispatchQueue.concurrentPerform(iterations: max(1, min(config.workers, 8))) { w in
      var i = w
      var local: [(Int, Scored)] = []
      while i < frozen.count {
        local.append((i, evaluate(frozen[i], pop, sc)))
        i += max(1, min(config.workers, 8))
      }
      scored.withLock { s in for (k, v) in local { s[k] = v } }
    }
    let perAccount = scored.withLock { $0.map { $0! } }

    var accounts: [AccountResult] = []
    accounts.reserveCapacity(metrics.count)
    for (i, m) in metrics.enumerated() {
      var score = perAccount[i].score
      if let ci = clusterOf[i] {
        // Members inherit the cluster's score in proportion to their own harvesting evidence, so
        // a benign account wrongly linked to a harvester does not take on its score wholesale.
        let own = perAccount[i].signals.filter { $0.family == Family.content.rawValue || $0.family == Family.parameters.rawValue }
          .compactMap(\.score).max() ?? 0
        score = max(score, clusterScored[ci].2.score * (0.3 + 0.7 * ramp(own, 0.05, 0.3)))
      }
      let p = m.profile
      accounts.append(
        AccountResult(
          account: m.subject, requests: p.requests, firstSeen: p.firstSeen.isFinite ? p.firstSeen : nil,
          lastSeen: p.lastSeen.isFinite ? p.lastSeen : nil, models: p.models.mapValues(\.count), outputTokens: p.outputTokens,
          score: round4(score), severity: sc.severity(of: score),
          signals: Fingerprints.all.map { f in (f.id, perAccount[i].signals.first { $0.fingerprint == f.id }?.score.map(round4)) },
          cluster: clusterOf[i].map { clusterScored[$0].0.id }))
    }
    accounts.sort { ($0.score, $1.account) > ($1.score, $0.account) }

    // Incidents: clusters above the floor, then accounts not already inside a reported cluster.
    let floor = Severity(rawValue: sc.incidentMinSeverity) ?? .low
    var incidents: [Incident] = []
    var inReportedCluster = Set<Int>()
    for (ci, c) in clusters.enumerated() {
      let (link, cm, s) = clusterScored[ci]
      guard sc.severity(of: s.score) >= floor else { continue }
      inReportedCluster.formUnion(c.members)
      var linked: [LinkedAccount] = []
      for i in c.members {
        var reasons = Set<String>()
        for e in c.edges where e.a == i || e.b == i { reasons.formUnion(e.families) }
        linked.append(LinkedAccount(account: metrics[i].subject, reasons: reasons.sorted()))
      }
      incidents.append(
        makeIncident(
          id: "cluster:\(link.id)", kind: .cluster, m: cm, scored: s, members: c.members.map { metrics[$0].subject }, linked: linked,
          pop: pop, sc: sc, files: result.files))
    }
    for (i, m) in metrics.enumerated() where !inReportedCluster.contains(i) {
      let s = perAccount[i]
      guard sc.severity(of: s.score) >= floor else { continue }
      incidents.append(
        makeIncident(
          id: "acct:\(m.subject)", kind: .account, m: m, scored: s, members: [m.subject], linked: [], pop: pop, sc: sc,
          files: result.files))
    }
    // Rank by probability × impact (log of harvested output volume), ties by id.
    incidents.sort {
      let a = $0.score * log10(10 + $0.impact), b = $1.score * log10(10 + $1.impact)
      return a != b ? a > b : $0.id < $1.id
    }
    for i in incidents.indices { incidents[i].rank = i + 1 }

    var cfg: [(String, String)] = [
      ("format", config.format ?? "auto"), ("account_field", config.accountField ?? ""),
      ("workers", String(config.workers)), ("chunk_size", String(config.chunkSize)),
    ]
    for f in Family.allCases { cfg.append(("family_weights.\(f.rawValue)", JSONWriter.formatDouble(sc.familyWeights[f.rawValue] ?? 0, digits: 3))) }
    for s in Severity.allCases where s != .info { cfg.append(("severity.\(s.rawValue)", JSONWriter.formatDouble(sc.severity[s.rawValue] ?? 0, digits: 3))) }
    cfg.append(("incident_min_severity", sc.incidentMinSeverity))
    cfg.append(("cluster_min_size", String(sc.clusterMinSize)))
    return ScanReport(
      generatedAt: now, input: result.stats, files: result.files, elapsedSeconds: result.elapsed, configuration: cfg,
      incidents: incidents, accounts: accounts, fingerprints: Fingerprints.all.map { ($0.id, $0.title, $0.family.rawValue) })
  }

  static func evaluate(_ m: AccountMetrics, _ pop: Population, _ sc: ScoringConfig) -> Scored {
    let signals = Fingerprints.all.map { $0.evaluate(m, pop) }
    return Scored(signals: signals, score: sc.combine(signals))
  }

  static func round4(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }

  static func makeIncident(
    id: String, kind: Incident.Kind, m: AccountMetrics, scored: Scored, members: [String], linked: [LinkedAccount],
    pop: Population, sc: ScoringConfig, files: [InputFile]
  ) -> Incident {
    let p = m.profile
    func exemplar(_ s: RequestSample, _ fp: String) -> Exemplar {
      let file = s.source.file < files.count ? files[s.source.file].displayName : "?"
      return Exemplar(
        requestID: s.requestID, timestamp: s.timestamp, account: s.account, prompt: s.prompt, fingerprint: fp,
        source: "\(file):\(s.source.line)")
    }
    let general = p.samples.items.map(\.1)
    let flagged = p.flaggedSamples.items.map(\.1)
    var signals = scored.signals
    for i in signals.indices {
      guard let score = signals[i].score, score > 0.05 else { continue }
      let pick: [RequestSample]
      switch signals[i].fingerprint {
      case "reasoning-elicitation": pick = (flagged.filter(\.reasoning) + general.filter(\.reasoning))
      case "logit-harvest": pick = flagged.filter(\.biased) + general
      default: pick = general
      }
      var seen = Set<String>()
      signals[i].exemplars = pick.filter { seen.insert($0.prompt).inserted }.prefix(3).map { exemplar($0, signals[i].fingerprint) }
    }
    signals.sort { ($0.score ?? -1, $1.fingerprint) > ($1.score ?? -1, $0.fingerprint) }
    // Harvested volume: output tokens, plus the token distributions that log-prob and logit-bias
    // probes reveal (counted as 20 tokens' worth each, the top_logprobs maximum). Without token
    // counts in the logs, requests stand in.
    let probes = Double(p.topLogprobs5 + p.biased) * 20
    let impact = (p.withOutputTokens > 0 ? Double(p.outputTokens) : Double(p.requests)) + probes
    let severity = sc.severity(of: scored.score)
    var incident = Incident(
      id: id, kind: kind, subject: m.subject, members: members, rank: 0, score: round4(scored.score), severity: severity,
      impact: impact, requests: p.requests, outputTokens: p.outputTokens, firstSeen: p.firstSeen.isFinite ? p.firstSeen : nil,
      lastSeen: p.lastSeen.isFinite ? p.lastSeen : nil, models: p.models.mapValues(\.count), signals: signals,
      templates: TemplateSummarizer.summaries(p), exemplars: general.prefix(5).map { exemplar($0, "") },
      timeline: timeline(p), linked: linked, recommendation: recommendation(signals, kind: kind, severity: severity))
    // Infrastructure seen in the exemplar sample (strings are only kept for exemplars).
    let sampled = general + flagged
    incident.ips = Array(Set(sampled.compactMap(\.ip))).sorted().prefix(8).map { $0 }
    incident.userAgents = Array(Set(sampled.compactMap(\.userAgent))).sorted().prefix(5).map { $0 }
    return incident
  }

  /// Hourly activity from the coordinated minute sample (scaled by its sampling rate).
  static func timeline(_ p: AccountProfile) -> Timeline? {
    guard p.firstSeen.isFinite, !p.minutes.isEmpty else { return nil }
    let start = (p.firstSeen / 3600).rounded(.down) * 3600
    let hours = min(24 * 62, Int(((p.lastSeen - start) / 3600).rounded(.down)) + 1)
    var counts = [Double](repeating: 0, count: max(1, hours))
    let scale = 1 / p.minutes.rate
    for (minute, c) in p.minutes.map.entries {
      let t = Double(Int64(bitPattern: minute)) * 60
      let h = Int(((t - start) / 3600).rounded(.down))
      if h >= 0 && h < counts.count { counts[h] += Double(c) * scale }
    }
    return Timeline(start: start, bucketSeconds: 3600, counts: counts.map { Int($0.rounded()) })
  }

  static func recommendation(_ signals: [SignalResult], kind: Incident.Kind, severity: Severity) -> String {
    let top = signals.first { ($0.score ?? 0) > 0.3 }?.fingerprint ?? ""
    var r: String
    switch top {
    case "logit-harvest": r = "Review the account's logit_bias/logprobs usage; consider disabling logprobs and logit_bias for it and rate-limiting max_tokens=1 probes."
    case "coverage": r = "Compare the dominant templates with public instruction-tuning pools; confirm declared use case; consider throttling and requiring verification."
    case "paraphrase": r = "Check whether the rewordings target a fixed set of requests (dataset augmentation); review the exemplars and the account's declared use."
    case "reasoning-elicitation": r = "Review exemplar prompts for answer-rationalisation and reasoning-trace requests; consider reasoning-output restrictions for this account."
    case "coordination": r = "Review the linked accounts together (billing, signup, shared infrastructure); act on the cluster, not single accounts."
    case "model-pivot": r = "Check whether the traffic that moved to the new model carries the same templates; compare with the account's history."
    default: r = "Review the evidence and exemplars; no single fingerprint dominates."
    }
    if kind == .cluster { r = "Cluster: " + r }
    if severity >= .high { r += " Open a case and preserve the raw logs for these requests." }
    return r
  }
}

import Glibc

extension Scorer {
  /// Tuning aid: every account's derived metrics and fingerprint scores as JSON lines
  /// (`DISTILLSCAN_DEBUG_METRICS=FILE distillscan scan …`). Not a stable interface.
  public static func debugMetrics(_ result: IngestResult, config: ScanConfiguration) -> [UInt8] {
    let ids = result.accounts.sortedAccounts
    let metrics = ids.map { AccountMetrics(subject: $0, profile: result.accounts.profile($0)!) }
    let pop = Population(metrics: metrics)
    var out: [UInt8] = []
    for m in metrics {
      var w = JSONWriter()
      w.beginObject()
      w.field("account", m.subject)
      for (k, v) in m.named { w.field(k, v) }
      w.field("exact_dup", m.exactDupShare)
      w.field("lex_collide", m.lexCollide)
      w.field("meaning_collide", m.meaningCollide)
      w.field("multi_turn", m.multiTurnShare)
      w.field("tools", m.toolShare)
      w.field("end_user_ratio", m.endUserRatio)
      w.field("mean_out", m.meanOutputTokens)
      w.field("domains", m.domainsCovered)
      w.field("idle_h", m.longestIdleHours)
      w.field("fano", m.fano)
      w.field("bias_share", m.biasedShare)
      w.field("maxtok1", m.maxTokens1Share)
      w.field("logprob_share", m.logprobShare)
      w.field("temp0_share", Double(m.profile.temperature0) / max(1, m.n))
      w.field("seeded_share", Double(m.profile.seeded) / max(1, m.n))
      w.field("thinking_share", Double(m.profile.thinking) / max(1, m.n))
      w.field("reasoning_out", m.profile.reasoningWithOutput > 0 ? Double(m.profile.reasoningOutputTokens) / Double(m.profile.reasoningWithOutput) : 0)
      w.field("reasoning_n", Double(m.profile.reasoningStrong))
      w.field("rationalization_n", Double(m.profile.rationalization))
      for f in Fingerprints.all { w.field("fp_" + f.id, f.evaluate(m, pop).score) }
      w.endObject()
      out.append(contentsOf: w.bytes)
      out.append(0x0A)
    }
    return out
  }
}
