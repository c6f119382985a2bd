/// Options every writer honours.
public struct ReportOptions: Sendable {
  /// Replace prompt text with stable hashes and truncated previews.
  public var redact = false
  /// Show at most this many incidents to people (md, html, terminal, csv); never limits accounts.jsonl.
  public var top: Int?
  /// Hide incidents below this severity from people-facing reports.
  public var minSeverity: Severity?
  /// ANSI colours in the terminal summary.
  public var color = false
  /// Replace the run timestamp with a fixed placeholder (golden tests).
  public var fixedTimestamp = false
  public init() {}
}

/// One report format. One type per file under `Writers/`, registered in ``ReportWriters``.
public protocol ReportWriter: Sendable {
  /// Stable id, also the `--report` value.
  var id: String { get }
  /// File name written into `--out DIR` (scripts rely on these names).
  var fileName: String { get }
  func render(_ report: ScanReport, options: ReportOptions) -> [UInt8]
}

/// Registry of report writers.
public enum ReportWriters {
  public static let all: [any ReportWriter] = [
    JSONReportWriter(), AccountsJSONLWriter(), CSVReportWriter(), MarkdownReportWriter(), HTMLReportWriter(),
    OCSFFindingsWriter(),
  ]
  public static var ids: [String] { all.map(\.id) }
  public static func writer(id: String) -> (any ReportWriter)? { all.first { $0.id == id } }
}
