import Foundation

/// Text and JSON renderings of what the case store answers (`history`, `diff`, `investigate`).
/// Here rather than in the CLI so they are tested like the report writers. Log-derived and
/// analyst-typed text goes through ``Escape/terminal(_:limit:)`` in the text forms; the JSON forms
/// have stable snake_case keys (docs/case-store.md).
public enum CaseStoreOutput {
  typealias P = ReportPresentation

  // MARK: Runs

  public static func runsText(_ runs: [StoredRun]) -> String {
    guard !runs.isEmpty else { return "No runs recorded.\n" }
    var rows = [["RUN", "FINISHED", "FILES", "SKIPPED", "LINES", "ACCOUNTS", "INCIDENTS", "INPUTS"]]
    for r in runs {
      rows.append([
        "\(r.id)\(r.incremental ? "*" : "")", P.time(r.finishedAt), P.grouped(r.files), P.grouped(r.filesSkipped), P.grouped(r.lines),
        P.grouped(r.accounts), P.grouped(r.incidents), Escape.terminal(r.inputs.joined(separator: " "), limit: 60),
      ])
    }
    var out = table(rows, rightAligned: [0, 2, 3, 4, 5, 6])
    if runs.contains(where: \.incremental) { out += "* incremental run: scored only the files new since earlier runs\n" }
    return out
  }

  public static func runsJSON(_ runs: [StoredRun]) -> String {
    var w = JSONWriter()
    w.beginArray()
    for r in runs { writeRun(&w, r) }
    w.endArray()
    return String(decoding: w.bytes, as: UTF8.self) + "\n"
  }

  // MARK: History

  public static func historyText(_ h: AccountHistory) -> String {
    var out = "Account \(Escape.terminal(h.account)): \(h.entries.count) run\(h.entries.count == 1 ? "" : "s") in the store\n"
    if !h.entries.isEmpty {
      var rows = [["RUN", "FINISHED", "SCORE", "CHANGE", "SEVERITY", "INCIDENT", "REQUESTS", "TOP SIGNALS"]]
      var prev: Double?
      for e in h.entries {
        let change = prev.map { signed(e.score - $0) } ?? ""
        prev = e.score
        rows.append([
          "\(e.runID)\(e.runIncremental ? "*" : "")", P.time(e.runFinishedAt), P.fixed(e.score, 2), change, e.severity.rawValue,
          e.incidentID.map { Escape.terminal($0, limit: 40) + (e.incidentRank.map { " (#\($0))" } ?? "") } ?? "–",
          P.grouped(e.requests), topSignals(e.signals),
        ])
      }
      out += table(rows, rightAligned: [0, 2, 3, 6])
      if h.entries.contains(where: \.runIncremental) {
        out += "* incremental run: the score covers only the files new in that run\n"
      }
    }
    out += verdictsText(h.verdicts)
    return out
  }

  public static func historyJSON(_ h: AccountHistory) -> String {
    var w = JSONWriter()
    writeHistory(&w, h)
    return String(decoding: w.bytes, as: UTF8.self) + "\n"
  }

  // MARK: Diff

  public static func diffText(_ d: RunDiff, limit: Int = 50) -> String {
    var out = "Run \(d.from.id) (\(P.time(d.from.finishedAt))) → run \(d.to.id) (\(P.time(d.to.finishedAt)))\n"
    if d.to.incremental {
      out += "note: run \(d.to.id) was incremental (only new files): \"resolved\" means not seen in its files\n"
    }
    func verdictNote(_ id: String) -> String {
      d.verdicts[id].map { "  [verdict: \($0.kind.rawValue)]" } ?? ""
    }
    func section(_ title: String, _ items: [String]) {
      out += "\n\(title) (\(items.count))\n"
      for i in items.prefix(limit) { out += "  " + i + "\n" }
      if items.count > limit { out += "  … \(items.count - limit) more (--limit, or --json for all)\n" }
    }
    section(
      "New incidents",
      d.new.map {
        "#\($0.rank)  \($0.severity.rawValue)  \(P.fixed($0.score, 2))  \(Escape.terminal($0.id, limit: 50))  \(Escape.terminal($0.summary, limit: 80))\(verdictNote($0.id))"
      })
    section(
      "Resolved incidents",
      d.resolved.map {
        "was #\($0.rank)  \($0.severity.rawValue)  \(P.fixed($0.score, 2))  \(Escape.terminal($0.id, limit: 50))\(verdictNote($0.id))"
      })
    section(
      "Severity changed",
      d.severityChanged.map { a, b in
        "\(Escape.terminal(b.id, limit: 50))  \(a.severity.rawValue) → \(b.severity.rawValue)  (\(P.fixed(a.score, 2)) → \(P.fixed(b.score, 2)))\(verdictNote(b.id))"
      })
    section(
      "Score changes of at least \(P.fixed(d.minDelta, 2))",
      d.scoreDeltas.map {
        "\(Escape.terminal($0.account, limit: 50))  \(P.fixed($0.from, 2)) → \(P.fixed($0.to, 2))  (\(signed($0.delta)))"
          + ($0.fromSeverity != $0.toSeverity ? "  \($0.fromSeverity.rawValue) → \($0.toSeverity.rawValue)" : "")
      })
    return out
  }

  public static func diffJSON(_ d: RunDiff) -> String {
    var w = JSONWriter()
    w.beginObject()
    w.key("from")
    writeRun(&w, d.from)
    w.key("to")
    writeRun(&w, d.to)
    w.field("min_delta", d.minDelta)
    for (key, list) in [("new", d.new), ("resolved", d.resolved)] {
      w.key(key)
      w.beginArray()
      for i in list { writeIncidentSummary(&w, i, verdict: d.verdicts[i.id]) }
      w.endArray()
    }
    w.key("severity_changed")
    w.beginArray()
    for (a, b) in d.severityChanged {
      w.beginObject()
      w.field("id", b.id)
      w.field("from_severity", a.severity.rawValue)
      w.field("to_severity", b.severity.rawValue)
      w.field("from_score", a.score)
      w.field("to_score", b.score)
      w.field("rank", b.rank)
      writeVerdictField(&w, d.verdicts[b.id])
      w.endObject()
    }
    w.endArray()
    w.key("score_deltas")
    w.beginArray()
    for s in d.scoreDeltas {
      w.beginObject()
      w.field("account", s.account)
      w.field("from", s.from)
      w.field("to", s.to)
      w.field("delta", s.delta)
      w.field("from_severity", s.fromSeverity.rawValue)
      w.field("to_severity", s.toSeverity.rawValue)
      w.endObject()
    }
    w.endArray()
    w.endObject()
    return String(decoding: w.bytes, as: UTF8.self) + "\n"
  }

  // MARK: Investigate

  public static func investigateText(_ inv: Investigation) -> String {
    var out = ""
    if let inc = inv.incident, let run = inv.incidentRun {
      out += "Account \(Escape.terminal(inv.account)): latest incident \(Escape.terminal(inc.id, limit: 60)) in run \(run.id) (\(P.time(run.finishedAt)))\n"
      out += "  #\(inc.rank)  \(inc.severity.rawValue)  score \(P.fixed(inc.score, 2))  \(P.grouped(inc.requests)) requests  "
        + "\(P.time(inc.firstSeen)) – \(P.time(inc.lastSeen))\n"
      if inc.members.count > 1 { out += "  members (\(inc.members.count)): \(Escape.terminal(inc.members.joined(separator: ", "), limit: 200))\n" }
      out += cardText(inc.card)
    } else {
      out += "Account \(Escape.terminal(inv.account)): no incident in any recorded run\n"
    }
    out += "\n" + historyText(inv.history)
    if let run = inv.incidentRun, !run.inputs.isEmpty {
      let cmd = "distillscan timeline --account \(shellQuote(inv.account)) \(run.inputs.map(shellQuote).joined(separator: " "))"
      out += "\nRaw requests: \(Escape.terminal(cmd, limit: 2000))\n"
    }
    return out
  }

  public static func investigateJSON(_ inv: Investigation) -> String {
    var w = JSONWriter()
    w.beginObject()
    w.field("account", inv.account)
    w.key("incident")
    if let inc = inv.incident { w.raw(Array(inc.card.utf8)) } else { w.null() }
    w.key("incident_run")
    if let run = inv.incidentRun { writeRun(&w, run) } else { w.null() }
    w.key("history")
    writeHistory(&w, inv.history)
    w.endObject()
    return String(decoding: w.bytes, as: UTF8.self) + "\n"
  }

  /// The parts of a stored evidence card an analyst reads first: why it fired, templates,
  /// exemplars, linked accounts, recommendation.
  static func cardText(_ json: String) -> String {
    guard let card = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return "" }
    var out = "\nWhy it fired:\n"
    for s in card["signals"] as? [[String: Any]] ?? [] {
      guard let score = (s["score"] as? NSNumber)?.doubleValue, score > 0 else { continue }
      out += "  \(Escape.terminal(s["fingerprint"] as? String ?? "?", limit: 24))  \(P.fixed(score, 2))  \(Escape.terminal(s["summary"] as? String ?? "", limit: 160))\n"
      for e in (s["evidence"] as? [[String: Any]] ?? []).prefix(4) {
        let value = (e["value"] as? NSNumber).map { P.number($0.doubleValue) } ?? "?"
        let pct = P.percentile((e["percentile"] as? NSNumber)?.doubleValue).map { ", \($0)" } ?? ""
        out += "      \(Escape.terminal(e["name"] as? String ?? "", limit: 40)) = \(value)\(pct)  \(Escape.terminal(e["detail"] as? String ?? "", limit: 80))\n"
      }
    }
    let templates = card["templates"] as? [[String: Any]] ?? []
    if !templates.isEmpty {
      out += "\nTop templates:\n"
      for t in templates.prefix(5) {
        out += "  \(P.grouped((t["count"] as? NSNumber)?.intValue ?? 0))×  \(Escape.terminal(t["template"] as? String ?? "", limit: 140))\n"
      }
    }
    let exemplars = card["exemplars"] as? [[String: Any]] ?? []
    if !exemplars.isEmpty {
      out += "\nExemplars:\n"
      for x in exemplars.prefix(3) {
        out += "  \(Escape.terminal(x["request_id"] as? String ?? "–", limit: 60))  \(Escape.terminal(x["timestamp"] as? String ?? "–", limit: 30))  (\(Escape.terminal(x["source"] as? String ?? "", limit: 80)))\n"
        out += "    \(Escape.terminal(x["prompt"] as? String ?? "", limit: 160))\n"
      }
    }
    let linked = card["linked_accounts"] as? [[String: Any]] ?? []
    if !linked.isEmpty {
      out += "\nLinked accounts:\n"
      for l in linked.prefix(10) {
        out += "  \(Escape.terminal(l["account"] as? String ?? "", limit: 60))  \(Escape.terminal((l["reasons"] as? [String] ?? []).joined(separator: ", "), limit: 80))\n"
      }
      if linked.count > 10 { out += "  … \(linked.count - 10) more\n" }
    }
    if let rec = card["recommendation"] as? String, !rec.isEmpty { out += "\nNext steps: \(Escape.terminal(rec, limit: 400))\n" }
    return out
  }

  // MARK: Shared pieces

  static func verdictsText(_ verdicts: [Verdict]) -> String {
    guard !verdicts.isEmpty else { return "No verdicts.\n" }
    var out = "Verdicts (oldest first):\n"
    for v in verdicts {
      out += "  \(P.time(v.at))  \(v.kind.rawValue)  \(Escape.terminal(v.subject, limit: 60))"
      if let a = v.analyst { out += "  by \(Escape.terminal(a, limit: 40))" }
      if let n = v.note, !n.isEmpty { out += "  \"\(Escape.terminal(n, limit: 200))\"" }
      out += "\n"
    }
    return out
  }

  static func writeRun(_ w: inout JSONWriter, _ r: StoredRun) {
    w.beginObject()
    w.field("id", Int(r.id))
    w.field("started_at", Timestamp.format(r.startedAt))
    w.field("finished_at", Timestamp.format(r.finishedAt))
    w.field("tool_version", r.toolVersion)
    w.field("inputs", strings: r.inputs)
    w.field("incremental", r.incremental)
    w.field("files", r.files)
    w.field("files_skipped", r.filesSkipped)
    w.field("complete", r.complete)
    w.field("bytes", r.bytes)
    w.field("lines", r.lines)
    w.field("accepted", r.accepted)
    w.field("rejected", r.rejected)
    w.field("accounts", r.accounts)
    w.field("incidents", r.incidents)
    w.endObject()
  }

  static func writeHistory(_ w: inout JSONWriter, _ h: AccountHistory) {
    w.beginObject()
    w.field("account", h.account)
    w.key("runs")
    w.beginArray()
    for e in h.entries {
      w.beginObject()
      w.field("run", Int(e.runID))
      w.field("finished_at", Timestamp.format(e.runFinishedAt))
      w.field("incremental", e.runIncremental)
      w.field("score", e.score)
      w.field("severity", e.severity.rawValue)
      w.key("signals")
      w.beginObject()
      for s in e.signals { w.field(s.fingerprint, s.score) }
      w.endObject()
      w.field("cluster", e.cluster)
      w.field("requests", e.requests)
      w.field("incident", e.incidentID)
      w.field("incident_rank", e.incidentRank)
      w.endObject()
    }
    w.endArray()
    w.key("verdicts")
    w.beginArray()
    for v in h.verdicts { writeVerdict(&w, v) }
    w.endArray()
    w.endObject()
  }

  static func writeIncidentSummary(_ w: inout JSONWriter, _ i: StoredIncident, verdict: Verdict?) {
    w.beginObject()
    w.field("id", i.id)
    w.field("rank", i.rank)
    w.field("kind", i.kind)
    w.field("subject", i.subject)
    w.field("score", i.score)
    w.field("severity", i.severity.rawValue)
    w.field("members", strings: i.members)
    w.field("summary", i.summary)
    writeVerdictField(&w, verdict)
    w.endObject()
  }

  /// `"verdict": {…}` or `"verdict": null`.
  static func writeVerdictField(_ w: inout JSONWriter, _ v: Verdict?) {
    w.key("verdict")
    if let v { writeVerdict(&w, v) } else { w.null() }
  }

  /// The verdict object, shared with report.json's optional incident `verdict`.
  public static func writeVerdict(_ w: inout JSONWriter, _ v: Verdict) {
    w.beginObject()
    w.field("subject", v.subject)
    w.field("verdict", v.kind.rawValue)
    w.field("note", v.note)
    w.field("analyst", v.analyst)
    w.field("at", Timestamp.format(v.at))
    w.endObject()
  }

  static func signed(_ d: Double) -> String { (d >= 0 ? "+" : "−") + P.fixed(abs(d), 2) }

  static func topSignals(_ s: [AccountRunScore.Signal]) -> String {
    s.filter { ($0.score ?? 0) > 0 }.prefix(3).map { "\($0.fingerprint) \(P.fixed($0.score ?? 0, 2))" }.joined(separator: ", ")
  }

  /// Quotes a word for a copy-pasteable shell line ('…' with embedded quotes closed and reopened).
  static func shellQuote(_ s: String) -> String {
    let safe = s.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_./:=@%+,".unicodeScalars.contains($0)) }
    return safe && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// Left-aligned columns (right-aligned where asked), two spaces apart, no trailing blanks.
  static func table(_ rows: [[String]], rightAligned: Set<Int>) -> String {
    var widths = [Int](repeating: 0, count: rows.first?.count ?? 0)
    for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
    var out = ""
    for r in rows {
      var parts: [String] = []
      for (i, c) in r.enumerated() {
        let pad = String(repeating: " ", count: widths[i] - c.count)
        parts.append(i == r.count - 1 ? c : rightAligned.contains(i) ? pad + c : c + pad)
      }
      var line = parts.joined(separator: "  ")
      while line.hasSuffix(" ") { line.removeLast() }
      out += line + "\n"
    }
    return out
  }
}
