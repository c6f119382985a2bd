/// F5 — coordinated account networks: the account belongs to a cluster linked by shared rare
/// templates, infrastructure and synchronised activity (edges need ≥ 2 evidence families; see
/// `Scoring/Coordination.swift`). Linkage alone scores low: it amplifies harvesting evidence.
public struct CoordinationFingerprint: Fingerprint {
  public init() {}
  public var id: String { "coordination" }
  public var title: String { "Coordinated account network" }
  public var family: Family { .coordination }
  public var summary: String {
    "Member of a cluster of accounts sharing rare prompt frames, network prefixes, client fingerprints and synchronised activity (edges need two evidence families)."
  }
  public var needs: String { "prompt text or infrastructure fields (ip, user agent) and timestamps" }

  public func evaluate(_ m: AccountMetrics, _ pop: Population) -> SignalResult {
    guard let c = m.cluster else {
      return result(0, "not linked to other accounts", [], m, pop)
    }
    let sizeF = ramp(Double(c.size), 2, 8)
    let score = sizeF * c.strength * (0.1 + 0.9 * ramp(c.harvestEvidence, 0.1, 0.4))
    let s = "one of \(c.size) linked accounts (\(c.id)); links: \(c.families.joined(separator: ", "))"
    return result(
      score, s,
      [
        EvidenceItem(name: "cluster_size", value: Double(c.size), threshold: 3, detail: "accounts in the cluster"),
        EvidenceItem(name: "link_strength", value: c.strength, detail: "mean evidence families per link / 4"),
        EvidenceItem(name: "cluster_harvest_evidence", value: c.harvestEvidence, detail: "strongest content/parameter score of the merged cluster"),
      ], m, pop)
  }
}

/// Cluster membership attached to a subject's metrics before fingerprints run.
public struct ClusterLink: Sendable {
  public var id: String
  public var size: Int
  /// 0…1: how well-linked the members are.
  public var strength: Double
  /// Families that produced links, e.g. ["content", "network", "timing"].
  public var families: [String]
  /// Strongest content/parameter fingerprint score of the cluster's merged profile.
  public var harvestEvidence: Double
}
