/// The table of top incidents printed on stdout after a scan.
///
/// Lives in the engine (not the CLI) so it is tested like the other writers. Log-derived cells go
/// through ``Escape/terminal(_:limit:)``: an account id containing `ESC[2J` or a bidi override must not
/// clear or reorder the analyst's terminal. Colours only when the caller says so (stdout is a TTY and
/// `NO_COLOR` is unset: that decision belongs to the CLI).
public enum TerminalSummary {
  /// Incidents shown when `--top` is not given: a terminal is not the place for thousands of rows.
  public static let defaultTop = 10
  static let subjectWidth = 40

  public static func render(_ report: ScanReport, options: ReportOptions) -> String {
    typealias P = ReportPresentation
    var opts = options
    if opts.top == nil { opts.top = defaultTop }
    let shown = P.visibleIncidents(report, opts)
    let color = options.color

    var out = ""
    let counts = P.severityCounts(report.incidents).map { sevText($0.0, "\($0.1) \($0.0.rawValue)", color) }
    if report.incidents.isEmpty {
      out += "No incidents among \(P.grouped(report.accounts.count)) accounts.\n"
      return out
    }
    out += "\(bold("\(report.incidents.count) incident\(report.incidents.count == 1 ? "" : "s")", color)) (\(counts.joined(separator: ", ")))"
    out += " among \(P.grouped(report.accounts.count)) accounts\n"
    guard !shown.isEmpty else {
      out += "none at or above \(options.minSeverity?.rawValue ?? "info") (--min-severity)\n"
      return out
    }

    // A VERDICT column only when the case store supplied one (`scan --store`): the table of a
    // scan without a store stays as it was.
    let withVerdicts = shown.contains { $0.verdict != nil }
    var header = ["#", "SEVERITY", "SCORE", "KIND", "SUBJECT", "REQUESTS", "TOP FINGERPRINTS"]
    if withVerdicts { header.insert("VERDICT", at: 6) }
    let rightAligned: Set<Int> = [0, 2, 5]
    var rows: [[String]] = []
    for inc in shown {
      var row = [
        String(inc.rank), inc.severity.rawValue, P.fixed(inc.score, 2), inc.kind.rawValue,
        Escape.terminal(inc.subject, limit: subjectWidth), P.grouped(inc.requests),
        P.topFingerprints(inc).map { "\(Escape.terminal($0.0, limit: 24)) \(P.fixed($0.1, 2))" }.joined(separator: ", "),
      ]
      if withVerdicts { row.insert(inc.verdict?.kind.rawValue ?? "–", at: 6) }
      rows.append(row)
    }
    var widths = header.map(\.count)
    for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }

    func line(_ cells: [String], sev: Severity?) -> String {
      var parts: [String] = []
      for (i, c) in cells.enumerated() {
        let pad = String(repeating: " ", count: widths[i] - c.count)
        // Colour the text only, not its padding (a background colour would bleed into the gap).
        let text = i == 1 && sev != nil ? sevText(sev!, c, color) : c
        parts.append(i == cells.count - 1 ? text : (rightAligned.contains(i) ? pad + text : text + pad))
      }
      var s = parts.joined(separator: "  ")
      while s.hasSuffix(" ") { s.removeLast() }
      return s + "\n"
    }
    out += bold(String(line(header, sev: nil).dropLast()), color) + "\n"
    for (inc, r) in zip(shown, rows) { out += line(r, sev: inc.severity) }
    if let note = P.hiddenNote(report, shown: shown.count, opts) { out += note + "\n" }
    return out
  }

  static func bold(_ s: String, _ color: Bool) -> String { color ? "\u{1B}[1m" + s + "\u{1B}[0m" : s }

  /// SGR colour per severity (only our own text is ever wrapped).
  static func sevText(_ sev: Severity, _ s: String, _ color: Bool) -> String {
    guard color else { return s }
    let code =
      switch sev {
      case .critical: "1;37;41"
      case .high: "1;31"
      case .medium: "33"
      case .low: "34"
      case .info: "2"
      }
    return "\u{1B}[\(code)m" + s + "\u{1B}[0m"
  }
}
