import Foundation

/// Weights and thresholds for combining fingerprints (DESIGN §6). Shipped defaults live in
/// `config/scoring.json` (identical to ``ScoringConfig/defaults``); `scan --config FILE` overrides
/// any subset of keys.
public struct ScoringConfig: Sendable, Codable, Equatable {
  /// Family reliability weights c_f for the noisy-OR: P = 1 − (1 − leak) · Π_f (1 − c_f · p_f).
  public var familyWeights: [String: Double]
  /// Leak term ℓ (base rate).
  public var leak: Double
  /// Minimum score for each severity.
  public var severity: [String: Double]
  /// Accounts and clusters at or above this severity become incidents.
  public var incidentMinSeverity: String
  /// Smallest cluster reported.
  public var clusterMinSize: Int
  /// Accounts with fewer requests are not linked into clusters.
  public var clusterMinRequests: Int
  /// A shared feature used by more accounts than max(this, 1% of accounts) is too common to link.
  public var clusterMaxFeatureAccounts: Int
  /// Minimum Jaccard of (frame, minute) actions for the timing link family.
  public var clusterTimingJaccard: Double

  public static let defaults = ScoringConfig(
    familyWeights: ["content": 0.75, "parameters": 0.9, "coordination": 0.7, "temporal": 0.2], leak: 0.001,
    severity: ["critical": 0.9, "high": 0.7, "medium": 0.45, "low": 0.25], incidentMinSeverity: "low", clusterMinSize: 3,
    clusterMinRequests: 5, clusterMaxFeatureAccounts: 50, clusterTimingJaccard: 0.1)

  enum CodingKeys: String, CodingKey {
    case familyWeights = "family_weights", leak, severity, incidentMinSeverity = "incident_min_severity"
    case clusterMinSize = "cluster_min_size", clusterMinRequests = "cluster_min_requests"
    case clusterMaxFeatureAccounts = "cluster_max_feature_accounts", clusterTimingJaccard = "cluster_timing_jaccard"
  }

  public init(
    familyWeights: [String: Double], leak: Double, severity: [String: Double], incidentMinSeverity: String, clusterMinSize: Int,
    clusterMinRequests: Int, clusterMaxFeatureAccounts: Int, clusterTimingJaccard: Double
  ) {
    self.familyWeights = familyWeights
    self.leak = leak
    self.severity = severity
    self.incidentMinSeverity = incidentMinSeverity
    self.clusterMinSize = clusterMinSize
    self.clusterMinRequests = clusterMinRequests
    self.clusterMaxFeatureAccounts = clusterMaxFeatureAccounts
    self.clusterTimingJaccard = clusterTimingJaccard
  }

  /// Missing keys keep their defaults, so a user file can override just one weight.
  public init(from decoder: any Decoder) throws {
    let d = Self.defaults
    let c = try decoder.container(keyedBy: CodingKeys.self)
    familyWeights = d.familyWeights.merging(try c.decodeIfPresent([String: Double].self, forKey: .familyWeights) ?? [:]) { $1 }
    leak = try c.decodeIfPresent(Double.self, forKey: .leak) ?? d.leak
    severity = d.severity.merging(try c.decodeIfPresent([String: Double].self, forKey: .severity) ?? [:]) { $1 }
    incidentMinSeverity = try c.decodeIfPresent(String.self, forKey: .incidentMinSeverity) ?? d.incidentMinSeverity
    clusterMinSize = try c.decodeIfPresent(Int.self, forKey: .clusterMinSize) ?? d.clusterMinSize
    clusterMinRequests = try c.decodeIfPresent(Int.self, forKey: .clusterMinRequests) ?? d.clusterMinRequests
    clusterMaxFeatureAccounts = try c.decodeIfPresent(Int.self, forKey: .clusterMaxFeatureAccounts) ?? d.clusterMaxFeatureAccounts
    clusterTimingJaccard = try c.decodeIfPresent(Double.self, forKey: .clusterTimingJaccard) ?? d.clusterTimingJaccard
  }

  /// Loads and validates a config file.
  /// - Throws: `DistillScanError` naming the offending key.
  public static func load(path: String) throws(DistillScanError) -> ScoringConfig {
    let bytes = try readWholeFile(path)
    let cfg: ScoringConfig
    do {
      cfg = try JSONDecoder().decode(ScoringConfig.self, from: Data(bytes))
    } catch {
      throw DistillScanError(.config, "invalid scoring config: \(error)", path: path)
    }
    try cfg.validate(path: path)
    return cfg
  }

  func validate(path: String?) throws(DistillScanError) {
    for (k, v) in familyWeights {
      guard Family(rawValue: k) != nil else { throw DistillScanError(.config, "family_weights.\(k): unknown family", path: path) }
      guard (0...1).contains(v) else { throw DistillScanError(.config, "family_weights.\(k): must be within 0…1", path: path) }
    }
    for (k, v) in severity {
      guard Severity(rawValue: k) != nil else { throw DistillScanError(.config, "severity.\(k): unknown severity", path: path) }
      guard (0...1).contains(v) else { throw DistillScanError(.config, "severity.\(k): must be within 0…1", path: path) }
    }
    guard Severity(rawValue: incidentMinSeverity) != nil else {
      throw DistillScanError(.config, "incident_min_severity: unknown severity '\(incidentMinSeverity)'", path: path)
    }
    guard (0..<1).contains(leak) else { throw DistillScanError(.config, "leak: must be within 0…1", path: path) }
    guard clusterMinSize >= 2 else { throw DistillScanError(.config, "cluster_min_size: must be ≥ 2", path: path) }
  }

  /// Severity of a score.
  public func severity(of score: Double) -> Severity {
    for s in Severity.allCases.reversed() where s != .info {
      if score >= (severity[s.rawValue] ?? 1.1) { return s }
    }
    return .info
  }

  /// Noisy-OR over families; each family takes its strongest member.
  ///
  /// Temporal evidence (automation, model pivot) is a modifier, not a finding: almost all API
  /// traffic is programmatic, so it only counts in proportion to content/parameter evidence
  /// (detection-methods F6: "low standalone weight").
  public func combine(_ signals: [SignalResult]) -> Double {
    var best: [String: Double] = [:]
    for s in signals { if let v = s.score { best[s.family] = max(best[s.family] ?? 0, v) } }
    let harvest = max(best[Family.content.rawValue] ?? 0, best[Family.parameters.rawValue] ?? 0)
    if let t = best[Family.temporal.rawValue] { best[Family.temporal.rawValue] = t * ramp(harvest, 0.05, 0.3) }
    var keep = 1 - leak
    for (f, v) in best { keep *= 1 - (familyWeights[f] ?? 0) * v }
    return 1 - keep
  }
}
