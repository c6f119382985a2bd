/// Reading `truth.csv` / `accounts.jsonl` and rendering ``EvaluationResult``.
extension Evaluation {
  /// Parses `account,label,scenario,cluster` (header required; RFC 4180 quoting).
  public static func parseTruth(_ bytes: [UInt8]) throws(DistillScanError) -> [TruthRow] {
    let text = String(decoding: bytes, as: UTF8.self)
    var rows: [TruthRow] = []
    var header: [String: Int]?
    var lineNo = 0
    // `isNewline` also matches "\r\n", which Swift treats as one Character.
    for line in text.split(whereSeparator: \.isNewline) {
      lineNo += 1
      let fields = splitCSV(line)
      guard let h = header else {
        var map: [String: Int] = [:]
        for (i, f) in fields.enumerated() { map[f.lowercased()] = i }
        guard map["account"] != nil, map["label"] != nil else {
          throw DistillScanError(.corruptInput, "truth file: header must contain account,label (got '\(line)')")
        }
        header = map
        continue
      }
      func field(_ k: String) -> String? { h[k].flatMap { $0 < fields.count ? fields[$0] : nil } }
      guard let account = field("account"), !account.isEmpty, let label = field("label")?.lowercased() else {
        throw DistillScanError(.corruptInput, "truth file line \(lineNo): missing account or label")
      }
      guard label == "attack" || label == "benign" else {
        throw DistillScanError(.corruptInput, "truth file line \(lineNo): label must be attack or benign, got '\(label)'")
      }
      let cluster = field("cluster").flatMap { $0.isEmpty ? nil : $0 }
      rows.append(TruthRow(account: account, attack: label == "attack", scenario: field("scenario") ?? "", cluster: cluster))
    }
    return rows
  }

  static func splitCSV(_ line: Substring) -> [String] {
    var out: [String] = []
    var cur = ""
    var quoted = false
    var i = line.startIndex
    while i < line.endIndex {
      let c = line[i]
      if quoted {
        if c == "\"" {
          let n = line.index(after: i)
          if n < line.endIndex, line[n] == "\"" {
            cur.append("\"")
            i = n
          } else {
            quoted = false
          }
        } else {
          cur.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        out.append(cur)
        cur = ""
      } else {
        cur.append(c)
      }
      i = line.index(after: i)
    }
    out.append(cur)
    return out
  }

  /// Parses `accounts.jsonl` lines (`account`, `score`, optional `requests`, `cluster`).
  public static func parseAccounts(_ bytes: [UInt8]) throws(DistillScanError) -> [ScoredAccount] {
    var out: [ScoredAccount] = []
    try JSONLines.forEach(bytes) { (doc, lineNo, valid) throws(DistillScanError) in
      guard valid else { throw DistillScanError(.corruptInput, "accounts file line \(lineNo): invalid JSON") }
      guard let a = doc.member(0, "account").flatMap({ doc.scalarString($0) }) else {
        throw DistillScanError(.corruptInput, "accounts file line \(lineNo): no account")
      }
      let score = doc.member(0, "score").flatMap { doc.double($0) } ?? 0
      let requests = doc.member(0, "requests").flatMap { doc.int($0) } ?? 0
      let cluster = doc.member(0, "cluster").flatMap { doc.scalarString($0) }
      out.append(ScoredAccount(account: a, score: score, requests: requests, cluster: cluster))
    }
    return out
  }
}

extension EvaluationResult {
  /// JSON object with stable keys (for CI and notebooks).
  public func renderJSON(baseline: String?) -> [UInt8] {
    var w = JSONWriter()
    w.beginObject()
    w.field("baseline", baseline)
    w.field("accounts", accounts)
    w.field("attackers", attackers)
    w.field("average_precision", averagePrecision)
    w.field("roc_auc", rocAUC)
    w.field("max_fpr", Evaluation.maxFPR)
    w.field("threshold", threshold)
    w.field("fpr_at_threshold", fprAtThreshold)
    w.field("recall_at_fpr_1pct", recallAtFPR1)
    w.field("precision_at_k", precisionAtK)
    w.field("k", attackers)
    w.field("hard_negative_fpr", hardNegativeFPR)
    w.field("hard_negatives", hardNegatives)
    w.field("cluster_members", clusterMembers)
    w.field("cluster_members_caught", clusterMembersCaught)
    w.field("cluster_members_linked", clusterMembersLinked)
    w.key("scenarios")
    w.beginArray()
    for s in scenarios {
      w.beginObject()
      w.field("scenario", s.scenario)
      w.field("label", s.attack ? "attack" : "benign")
      w.field("accounts", s.accounts)
      w.field("flagged", s.flagged)
      w.field(s.attack ? "recall" : "fpr", s.rate)
      w.endObject()
    }
    w.endArray()
    w.field("missing", strings: missing)
    w.field("unknown_accounts", unknown)
    w.endObject()
    return w.bytes + [0x0A]
  }

  /// Human-readable summary.
  public func renderText(baseline: String?) -> String {
    func f(_ v: Double?) -> String { v.map { JSONWriter.formatDouble($0, digits: 4) } ?? "n/a" }
    var s = ""
    if let baseline { s += "baseline: \(baseline)\n" }
    s += "accounts: \(accounts)  attackers: \(attackers)\n"
    s += "average precision (PR-AUC): \(f(averagePrecision))\n"
    s += "ROC-AUC:                    \(f(rocAUC))\n"
    s += "recall at FPR ≤ 1%:         \(f(recallAtFPR1))  (threshold \(f(threshold)), FPR \(f(fprAtThreshold)))\n"
    s += "precision@K (K=\(attackers)):       \(f(precisionAtK))\n"
    s += "hard-negative FPR:          \(f(hardNegativeFPR))  (\(hardNegatives) accounts)\n"
    s += "cluster members caught:     \(f(clusterMembersCaught))  (\(clusterMembers) members)\n"
    s += "cluster members linked:     \(f(clusterMembersLinked))  (put in any cluster by the scan)\n"
    s += "per scenario at the threshold:\n"
    for r in scenarios {
      let name = r.scenario.isEmpty ? "(none)" : r.scenario
      s += "  \(name.padding(24)) \(r.attack ? "attack" : "benign") \(String(r.flagged))/\(r.accounts) \(r.attack ? "recall" : "fpr") \(f(r.rate))\n"
    }
    if !missing.isEmpty {
      s += "missing from the scan (scored 0): \(missing.count)\n"
      for m in missing { s += "  \(m)\n" }
    }
    if unknown > 0 { s += "scanned accounts not in the truth file (ignored): \(unknown)\n" }
    return s
  }
}

extension String {
  fileprivate func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
