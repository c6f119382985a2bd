/// `incidents.csv`: one row per incident people should see (honours `--top` and `--min-severity`),
/// for spreadsheets and ticket imports. RFC 4180: CRLF line ends, a header row, quoted cells where
/// needed. Every text cell goes through ``Escape/csvCell(_:)`` (formula-injection defence), because
/// subjects and recommendations can carry log-derived text that a spreadsheet would evaluate.
public struct CSVReportWriter: ReportWriter {
  public init() {}
  public var id: String { "csv" }
  public var fileName: String { "incidents.csv" }

  public static let columns = [
    "rank", "id", "kind", "subject", "severity", "score", "requests", "output_tokens", "first_seen", "last_seen",
    "top_fingerprints", "members", "linked_accounts", "recommendation",
  ]

  public func render(_ report: ScanReport, options: ReportOptions) -> [UInt8] {
    var out = Self.columns.joined(separator: ",") + "\r\n"
    for inc in ReportPresentation.visibleIncidents(report, options) {
      let fps = ReportPresentation.topFingerprints(inc).map { "\($0.0)=\(ReportPresentation.fixed($0.1, 2))" }
      let cells: [String] = [
        String(inc.rank),
        Escape.csvCell(inc.id),
        inc.kind.rawValue,
        Escape.csvCell(inc.subject),
        inc.severity.rawValue,
        ReportPresentation.fixed(inc.score, 4),
        String(inc.requests),
        String(inc.outputTokens),
        inc.firstSeen.map(Timestamp.format) ?? "",
        inc.lastSeen.map(Timestamp.format) ?? "",
        Escape.csvCell(fps.joined(separator: ";")),
        String(inc.members.count),
        String(inc.linked.count),
        Escape.csvCell(inc.recommendation),
      ]
      out += cells.joined(separator: ",") + "\r\n"
    }
    return Array(out.utf8)
  }
}
