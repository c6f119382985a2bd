/// Links accounts into coordinated clusters (detection-methods F5).
///
/// Features per account, grouped in families: content (rare prompt frames, system prompts), network
/// (IP /24 or /48 prefixes), client (user agents) and timing (the same frame sent in the same 10-minute window). A feature used by
/// too many accounts (shared NATs, popular SDK user agents, common open-source prompts) is dropped;
/// rarer features weigh more (IDF). An edge needs evidence from at least two families, one of
/// them content or timing, so one shared IP is never a link; and when the logs carry IPs or user
/// agents, one of the families must be infrastructure. Clusters are connected components.
struct Coordination {
  struct Edge {
    var a: Int
    var b: Int
    var families: Set<String>
    var weight: Double
  }

  struct Cluster {
    var members: [Int]
    var edges: [Edge]
  }

  static func findClusters(_ metrics: [AccountMetrics], config: ScoringConfig) -> [Cluster] {
    let eligible = metrics.indices.filter { metrics[$0].n >= Double(config.clusterMinRequests) }
    guard eligible.count >= config.clusterMinSize else { return [] }
    // A linking feature must be rare: used by at most 10% of accounts (and at most the configured cap).
    let maxDF = max(2, min(config.clusterMaxFeatureAccounts, eligible.count / 10))
    // Feature key → accounts, per family.
    var postings: [String: [UInt64: [Int]]] = ["content": [:], "network": [:], "client": [:]]
    for i in eligible {
      let p = metrics[i].profile
      for k in p.templates.map.keyList { postings["content"]![k, default: []].append(i) }
      for k in p.systemPrompts.map.keyList { postings["content"]![k ^ 0x5157, default: []].append(i) }
      for k in p.ipPrefixes.map.keyList { postings["network"]![k, default: []].append(i) }
      for k in p.userAgents.map.keyList { postings["client"]![k, default: []].append(i) }
    }
    let n = Double(eligible.count)
    struct PairKey: Hashable {
      var a: Int
      var b: Int
    }
    // Per pair and family: number of shared rare features and their IDF weight.
    var pairs: [PairKey: [String: (count: Int, weight: Double)]] = [:]
    // Client strings (SDK user agents) are shared by chance far more often than prompt frames or
    // network prefixes, so they must be much rarer to count.
    let clientMaxDF = max(3, eligible.count / 50)
    for fam in ["content", "network", "client"] {
      let limit = fam == "client" ? min(maxDF, clientMaxDF) : maxDF
      for (_, accts) in postings[fam]! where accts.count >= 2 && accts.count <= limit {
        let idf = log(n / Double(accts.count))
        let sorted = accts.sorted()
        for x in 0..<sorted.count {
          for y in (x + 1)..<sorted.count {
            let key = PairKey(a: sorted[x], b: sorted[y])
            var e = pairs[key, default: [:]][fam] ?? (0, 0)
            e.count += 1
            e.weight += idf
            pairs[key, default: [:]][fam] = e
          }
        }
      }
    }
    var edges: [Edge] = []
    for (k, v) in pairs.sorted(by: { ($0.key.a, $0.key.b) < ($1.key.a, $1.key.b) }) {
      // A family counts when the evidence is more than a coincidence: several shared prompt
      // frames (one shared public benchmark question is not coordination), or one shared rare
      // network prefix / client string.
      var fams = Set<String>()
      var weight = 0.0
      for (fam, e) in v where e.count >= (fam == "content" ? 3 : 1) {
        fams.insert(fam)
        weight += e.weight
      }
      let pa0 = metrics[k.a].profile, pb0 = metrics[k.b].profile
      // Timing: the same frames in the same 10-minute windows, or — for load-balanced members that
      // rarely coincide on a frame — near-identical hour-of-week activity (cosine ≥ 0.95, enough
      // volume on both sides to make the profile meaningful).
      if sampleJaccard(pa0.actions, pb0.actions) >= config.clusterTimingJaccard
        || (pa0.requests >= 50 && pb0.requests >= 50 && cosine(pa0.hourOfWeek, pb0.hourOfWeek) >= 0.95)
      {
        fams.insert("timing")
      }
      // Content + timing alone also fits benign look-alikes (customers running the same public
      // template from the same midnight cron), so infrastructure must agree too — unless the logs
      // carry no infrastructure fields for these accounts (Bedrock has no IP or user agent).
      let pa = metrics[k.a].profile, pb = metrics[k.b].profile
      let infraObservable = !(pa.ipPrefixes.isEmpty && pa.userAgents.isEmpty) && !(pb.ipPrefixes.isEmpty && pb.userAgents.isEmpty)
      let infra = fams.contains("network") || fams.contains("client")
      guard fams.count >= 2, fams.contains("content") || fams.contains("timing"), infra || !infraObservable else { continue }
      edges.append(Edge(a: k.a, b: k.b, families: fams, weight: weight))
    }
    // Connected components (union-find).
    var parent = Array(0..<metrics.count)
    func find(_ x: Int) -> Int {
      var x = x
      while parent[x] != x {
        parent[x] = parent[parent[x]]
        x = parent[x]
      }
      return x
    }
    for e in edges {
      let ra = find(e.a), rb = find(e.b)
      if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
    var groups: [Int: [Int]] = [:]
    for e in edges {
      groups[find(e.a), default: []].append(e.a)
      groups[find(e.a), default: []].append(e.b)
    }
    var clusters: [Cluster] = []
    for (_, m) in groups {
      let members = Array(Set(m)).sorted { metrics[$0].subject < metrics[$1].subject }
      guard members.count >= config.clusterMinSize else { continue }
      let set = Set(members)
      clusters.append(Cluster(members: members, edges: edges.filter { set.contains($0.a) }))
    }
    return clusters.sorted { metrics[$0.members[0]].subject < metrics[$1.members[0]].subject }
  }

  /// Cosine similarity of two hour-of-week histograms (0 when either is empty).
  static func cosine(_ a: [UInt32], _ b: [UInt32]) -> Double {
    guard a.count == b.count, !a.isEmpty else { return 0 }
    var dot = 0.0, na = 0.0, nb = 0.0
    for i in 0..<a.count {
      let x = Double(a[i]), y = Double(b[i])
      dot += x * y
      na += x * x
      nb += y * y
    }
    return na > 0 && nb > 0 ? dot / (na.squareRoot() * nb.squareRoot()) : 0
  }

  /// Jaccard of two coordinated samples (of (template, minute) actions), compared at the coarser
  /// of their two levels.
  static func sampleJaccard(_ a: SampledCounts, _ b: SampledCounts) -> Double {
    let level = max(a.level, b.level)
    let ka = Set(a.map.keyList.filter { SampledCounts.levelOf($0) >= level })
    let kb = Set(b.map.keyList.filter { SampledCounts.levelOf($0) >= level })
    let union = ka.union(kb).count
    guard union >= 4 else { return 0 }
    return Double(ka.intersection(kb).count) / Double(union)
  }
}

import Glibc
