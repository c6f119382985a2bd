/// One labelled account from `truth.csv`.
public struct TruthRow: Sendable, Equatable {
  public var account: String
  public var attack: Bool
  public var scenario: String
  public var cluster: String?

  public init(account: String, attack: Bool, scenario: String, cluster: String?) {
    self.account = account
    self.attack = attack
    self.scenario = scenario
    self.cluster = cluster
  }
}

/// One scored account from `accounts.jsonl`.
public struct ScoredAccount: Sendable, Equatable {
  public var account: String
  public var score: Double
  public var requests: Int
  public var cluster: String?

  public init(account: String, score: Double, requests: Int = 0, cluster: String? = nil) {
    self.account = account
    self.score = score
    self.requests = requests
    self.cluster = cluster
  }
}

/// Ranking-quality metrics of a scan against ground truth (`distillscan eval`).
public struct EvaluationResult: Sendable, Equatable {
  public struct ScenarioRate: Sendable, Equatable {
    public var scenario: String
    public var attack: Bool
    public var accounts: Int
    public var flagged: Int
    /// flagged / accounts: recall for attack scenarios, false-positive rate for benign ones.
    public var rate: Double
  }

  public var accounts: Int
  public var attackers: Int
  /// Average precision (area under the step-wise PR curve; equal scores form one step).
  public var averagePrecision: Double?
  /// ROC-AUC; a tied (attacker, benign) pair counts ½.
  public var rocAUC: Double?
  /// The lowest score threshold whose false-positive rate is ≤ 1% (accounts with score ≥ it are
  /// flagged); nil when even the top score group exceeds 1% FPR (nothing flagged).
  public var threshold: Double?
  public var fprAtThreshold: Double
  public var recallAtFPR1: Double?
  /// Precision among the top K = attackers accounts (a tie group straddling K counts pro rata).
  public var precisionAtK: Double?
  public var scenarios: [ScenarioRate]
  /// False-positive rate at the threshold over hard-negative scenarios (nil when none present).
  public var hardNegativeFPR: Double?
  public var hardNegatives: Int
  public var clusterMembers: Int
  /// Share of cluster members flagged at the threshold (nil when the truth has no clusters).
  public var clusterMembersCaught: Double?
  /// Share of cluster members that the scan put into some cluster (`cluster` set in
  /// accounts.jsonl), whatever their score (nil when the truth has no clusters).
  public var clusterMembersLinked: Double?
  /// Truth accounts that the scan did not report (scored 0), sorted.
  public var missing: [String]
  /// Scanned accounts absent from the truth file (ignored), count only.
  public var unknown: Int
}

/// Computes ``EvaluationResult`` from truth rows and scores.
public enum Evaluation {
  /// The FPR bound of the operating point.
  public static let maxFPR = 0.01

  public static func evaluate(
    truth: [TruthRow], scores: [ScoredAccount], hardNegatives: Set<String> = SynthScenario.hardNegatives
  ) -> EvaluationResult {
    var byAccount: [String: Double] = [:]
    var linked = Set<String>()
    for s in scores {
      byAccount[s.account] = s.score
      if let c = s.cluster, !c.isEmpty { linked.insert(s.account) }
    }
    var missing: [String] = []
    var items: [(score: Double, attack: Bool)] = []
    items.reserveCapacity(truth.count)
    for t in truth {
      if let s = byAccount[t.account] { items.append((s.isFinite ? s : 0, t.attack)) } else {
        missing.append(t.account)
        items.append((0, t.attack))
      }
    }
    let truthSet = Set(truth.map(\.account))
    let unknown = Set(scores.map(\.account)).subtracting(truthSet).count
    let pos = items.filter(\.attack).count
    let neg = items.count - pos

    // Groups of equal score, highest first: (score, positives, negatives).
    let sorted = items.sorted { $0.score > $1.score }
    var groups: [(score: Double, p: Int, n: Int)] = []
    for it in sorted {
      if let last = groups.last, last.score == it.score {
        groups[groups.count - 1].p += it.attack ? 1 : 0
        groups[groups.count - 1].n += it.attack ? 0 : 1
      } else {
        groups.append((it.score, it.attack ? 1 : 0, it.attack ? 0 : 1))
      }
    }

    var ap: Double?
    var auc: Double?
    var pAtK: Double?
    if pos > 0 {
      var tp = 0
      var fp = 0
      var sum = 0.0
      for g in groups {
        tp += g.p
        fp += g.n
        sum += Double(g.p) / Double(pos) * (Double(tp) / Double(tp + fp))
      }
      ap = sum
      // Precision@K with pro-rata credit for the tie group straddling rank K.
      var taken = 0
      var hits = 0.0
      for g in groups where taken < pos {
        let size = g.p + g.n
        let m = min(size, pos - taken)
        hits += Double(m) * Double(g.p) / Double(size)
        taken += m
      }
      pAtK = hits / Double(pos)
    }
    if pos > 0, neg > 0 {
      // Mann–Whitney U over groups (ascending): negatives below count 1, tied negatives ½.
      var negBelow = 0
      var u = 0.0
      for g in groups.reversed() {
        u += Double(g.p) * (Double(negBelow) + 0.5 * Double(g.n))
        negBelow += g.n
      }
      auc = u / (Double(pos) * Double(neg))
    }

    // Operating point: extend the flagged set group by group while FPR stays ≤ 1%.
    var threshold: Double?
    var fpAt = 0
    var tpAt = 0
    do {
      var tp = 0
      var fp = 0
      for g in groups {
        let nfp = fp + g.n
        if neg > 0, Double(nfp) / Double(neg) > maxFPR { break }
        tp += g.p
        fp = nfp
        threshold = g.score
      }
      tpAt = tp
      fpAt = fp
    }
    func flagged(_ s: Double) -> Bool { threshold.map { s >= $0 } ?? false }

    var scen: [String: (attack: Bool, n: Int, f: Int)] = [:]
    var hn = 0
    var hnFlagged = 0
    var members = 0
    var membersCaught = 0
    var membersLinked = 0
    for (t, it) in zip(truth, items) {
      let f = flagged(it.score)
      var e = scen[t.scenario] ?? (t.attack, 0, 0)
      e.n += 1
      e.f += f ? 1 : 0
      scen[t.scenario] = e
      if !t.attack, hardNegatives.contains(t.scenario) {
        hn += 1
        hnFlagged += f ? 1 : 0
      }
      if t.attack, let c = t.cluster, !c.isEmpty {
        members += 1
        membersCaught += f ? 1 : 0
        membersLinked += linked.contains(t.account) ? 1 : 0
      }
    }
    let scenarios = scen.keys.sorted().map { k in
      let e = scen[k]!
      return EvaluationResult.ScenarioRate(scenario: k, attack: e.attack, accounts: e.n, flagged: e.f, rate: Double(e.f) / Double(e.n))
    }
    return EvaluationResult(
      accounts: truth.count, attackers: pos, averagePrecision: ap, rocAUC: auc, threshold: threshold,
      fprAtThreshold: neg > 0 ? Double(fpAt) / Double(neg) : 0, recallAtFPR1: pos > 0 ? Double(tpAt) / Double(pos) : nil,
      precisionAtK: pAtK, scenarios: scenarios, hardNegativeFPR: hn > 0 ? Double(hnFlagged) / Double(hn) : nil, hardNegatives: hn,
      clusterMembers: members, clusterMembersCaught: members > 0 ? Double(membersCaught) / Double(members) : nil,
      clusterMembersLinked: members > 0 ? Double(membersLinked) / Double(members) : nil,
      missing: missing.sorted(), unknown: unknown)
  }
}
