/// `report.md`: a summary to paste into a ticket or chat message. A run-statistics line, a table of
/// the top incidents, then per incident why it fired (fingerprints with their numbers), top
/// templates, a few exemplar prompts with request ids, linked accounts and what to do next.
///
/// Log-derived text never reaches Markdown syntax: identifiers go into code spans
/// (``Escape/markdownCode(_:inTable:)``), free text is backslash-escaped and defanged
/// (``Escape/markdown(_:)``), prompts go into fenced blocks longer than any backtick run inside
/// (``Escape/markdownFence(_:info:)``). Honours `--top`, `--min-severity` and `--redact`.
public struct MarkdownReportWriter: ReportWriter {
  public init() {}
  public var id: String { "md" }
  public var fileName: String { "report.md" }

  /// Limits that keep a ticket readable; the full data is in report.json.
  static let exemplarsPerIncident = 3
  static let templatesPerIncident = 5
  static let promptChars = 1200
  static let listed = 20

  public func render(_ report: ScanReport, options: ReportOptions) -> [UInt8] {
    typealias P = ReportPresentation
    let shown = P.visibleIncidents(report, options)
    var o = "# distillscan report\n\n"
    let s = report.input
    let sev = P.severityCounts(report.incidents).map { "\($0.1) \($0.0.rawValue)" }
    o += "**\(report.incidents.count) incident\(report.incidents.count == 1 ? "" : "s")**"
    if !sev.isEmpty { o += " (\(sev.joined(separator: ", ")))" }
    o += " · \(P.grouped(report.accounts.count)) accounts · \(P.grouped(s.files)) files, \(P.bytes(s.bytes))"
    o += " (\(P.bytes(s.bytesCompressed)) compressed) · \(P.grouped(s.lines)) lines: \(P.grouped(s.accepted)) accepted,"
    o += " \(P.grouped(s.rejectedTotal)) rejected"
    if !options.fixedTimestamp { o += " · \(P.fixed(report.elapsedSeconds, 1)) s" }
    o += "  \n"
    // Versions are ours (not log text); escaping them would only add backslashes ("0\\.1.0").
    o += "Generated \(Escape.markdown(P.generated(report, options))) by distillscan \(report.toolVersion)"
    o += " (report schema \(report.schemaVersion))"
    if options.redact { o += " · prompts redacted" }
    o += "\n"
    let rej = P.rejected(s)
    if !rej.isEmpty {
      o += "\nRejected lines: " + rej.map { "\(Escape.markdown($0.0.rawValue)) \(P.grouped($0.1))" }.joined(separator: ", ") + "\n"
    }
    if !s.fileIssues.isEmpty {
      o += "\nFile errors: \(s.fileIssues.count) (see report.json `input.file_errors`)\n"
    }
    if let note = P.hiddenNote(report, shown: shown.count, options) { o += "\n_\(Escape.markdown(note))_\n" }

    guard !shown.isEmpty else {
      o += "\nNo incidents"
      if let m = options.minSeverity { o += " at or above \(m.rawValue)" }
      o += ". Every account is listed with its scores in accounts.jsonl.\n"
      return Array(o.utf8)
    }

    o += "\n| # | Severity | Score | Kind | Subject | Requests | Output tokens | Top fingerprints |\n"
    o += "|---:|---|---:|---|---|---:|---:|---|\n"
    for inc in shown {
      let fps = P.topFingerprints(inc).map { "\(Escape.markdown($0.0)) \(P.fixed($0.1, 2))" }.joined(separator: ", ")
      o += "| \(inc.rank) | **\(inc.severity.rawValue)** | \(P.fixed(inc.score, 2)) | \(inc.kind.rawValue) | "
      o += "\(Escape.markdownCode(inc.subject, inTable: true, limit: 60)) | \(P.grouped(inc.requests)) | "
      o += "\(P.grouped(inc.outputTokens)) | \(fps) |\n"
    }
    for inc in shown { o += incidentSection(inc, options) }
    return Array(o.utf8)
  }

  func incidentSection(_ inc: Incident, _ options: ReportOptions) -> String {
    typealias P = ReportPresentation
    var o = "\n## \(inc.rank). \(Escape.markdownCode(inc.subject, limit: 80)) — \(inc.severity.rawValue),"
    o += " score \(P.fixed(inc.score, 2))\n\n"
    o += "- Kind: \(inc.kind.rawValue) · id \(Escape.markdownCode(inc.id)) · \(P.grouped(inc.requests)) requests ·"
    o += " \(P.grouped(inc.outputTokens)) output tokens\n"
    o += "- Active: \(P.time(inc.firstSeen)) → \(P.time(inc.lastSeen)) (\(P.span(inc.firstSeen, inc.lastSeen)))\n"
    if !inc.models.isEmpty {
      let models = inc.models.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5)
      o += "- Models: " + models.map { "\(Escape.markdownCode($0.key)) (\(P.grouped($0.value)))" }.joined(separator: ", ") + "\n"
    }
    if inc.kind == .cluster || inc.members.count > 1 {
      o += "- Members (\(inc.members.count)): " + codeList(inc.members) + "\n"
    }
    if !inc.ips.isEmpty { o += "- IPs: " + codeList(inc.ips) + "\n" }
    if !inc.userAgents.isEmpty { o += "- User agents: " + codeList(inc.userAgents) + "\n" }
    if let v = inc.verdict {
      // From the case store (`scan --store`); analyst text is escaped like log text.
      o += "- Verdict: **\(v.kind.rawValue)** (\(P.time(v.at))\(v.analyst.map { ", " + Escape.markdown($0) } ?? ""))"
      o += (v.note ?? "").isEmpty ? "\n" : ": " + Escape.markdown(v.note!) + "\n"
    }

    o += "\n### Why it fired\n\n"
    let fired = P.firedSignals(inc)
    if fired.isEmpty { o += "No fingerprint scored above zero.\n" }
    for sig in fired {
      o += "- **\(Escape.markdown(sig.fingerprint))** (\(Escape.markdown(sig.title)), \(Escape.markdown(sig.family)))"
      o += " — \(P.fixed(sig.score ?? 0, 2)): \(Escape.markdown(sig.summary))\n"
      for e in sig.evidence {
        var parts: [String] = []
        if let t = e.threshold { parts.append("threshold \(P.number(t))") }
        if let p = P.percentile(e.percentile) { parts.append("peer \(p)") }
        o += "  - \(Escape.markdown(e.name)) = \(P.number(e.value))"
        if !parts.isEmpty { o += " (\(parts.joined(separator: ", ")))" }
        if !e.detail.isEmpty { o += ": \(Escape.markdown(e.detail))" }
        o += "\n"
      }
    }
    let notEvaluated = inc.signals.filter { $0.score == nil }
    if !notEvaluated.isEmpty {
      o += "- Not evaluated (fields missing from the logs): "
      o += notEvaluated.map { Escape.markdownCode($0.fingerprint) }.joined(separator: ", ") + "\n"
    }

    if !inc.templates.isEmpty {
      o += "\n### Top templates\n\n| Requests | Distinct fills | Template |\n|---:|---:|---|\n"
      for t in inc.templates.prefix(Self.templatesPerIncident) {
        let text = Escape.truncate(P.promptText(t.template, options), 160)
        o += "| \(P.grouped(t.count)) | \(P.grouped(t.distinctFills)) | \(Escape.markdownCode(text, inTable: true)) |\n"
      }
    }

    let exemplars = Self.exemplars(inc)
    if !exemplars.isEmpty {
      o += "\n### Exemplar prompts\n"
      for x in exemplars {
        o += "\nRequest \(Escape.markdownCode(x.requestID ?? "(no id)")) · \(P.time(x.timestamp)) · \(Escape.markdownCode(x.source))"
        if !x.fingerprint.isEmpty { o += " · kept by \(Escape.markdownCode(x.fingerprint))" }
        if x.account != inc.subject { o += " · account \(Escape.markdownCode(x.account))" }
        o += "\n\n" + Escape.markdownFence(P.promptText(x.prompt, options), limit: Self.promptChars)
      }
    }

    if !inc.linked.isEmpty {
      o += "\n### Linked accounts\n\n"
      for l in inc.linked.prefix(Self.listed) {
        o += "- \(Escape.markdownCode(l.account)) — \(l.reasons.map { Escape.markdown($0) }.joined(separator: ", "))\n"
      }
      if inc.linked.count > Self.listed { o += "- … and \(inc.linked.count - Self.listed) more (report.json)\n" }
    }

    o += "\n### Next steps\n\n\(Escape.markdown(inc.recommendation))\n"
    return o
  }

  func codeList(_ items: [String]) -> String {
    var s = items.prefix(Self.listed).map { Escape.markdownCode($0, limit: 120) }.joined(separator: ", ")
    if items.count > Self.listed { s += " … and \(items.count - Self.listed) more" }
    return s
  }

  /// Incident exemplars first, then those kept by the strongest signals, without repeats.
  static func exemplars(_ inc: Incident) -> [Exemplar] {
    var out: [Exemplar] = []
    var seen = Set<String>()
    for x in inc.exemplars + ReportPresentation.firedSignals(inc).flatMap(\.exemplars) {
      let key = (x.requestID ?? "") + "\u{0}" + x.prompt
      if seen.insert(key).inserted { out.append(x) }
      if out.count == exemplarsPerIncident { break }
    }
    return out
  }
}
