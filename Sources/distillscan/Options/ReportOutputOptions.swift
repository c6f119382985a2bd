import ArgumentParser
import DistillScanKit
import Foundation

/// The output half shared by `scan` and `merge`: scoring config, which reports go where, how they
/// are cut, and the exit threshold for cron jobs.
struct ReportOutputOptions: ParsableArguments {
  /// Machines get report.json + accounts.jsonl; people get report.md (ticket/chat) and report.html
  /// (opened from a mail). csv and ocsf are opt-in: they feed specific tools.
  static let defaultReports = "json,jsonl,md,html"

  @Option(name: .long, help: "Output directory for the reports chosen with --report.")
  var out: String?

  @Option(name: .long, help: "Scoring config (JSON; see config/scoring.json). Keys not given keep their defaults.")
  var config: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Report formats to write into --out, comma-separated, or 'all' (\(ReportWriters.ids.joined(separator: ","))).",
      discussion: "Files: json=report.json, jsonl=accounts.jsonl, csv=incidents.csv, md=report.md, html=report.html, ocsf=findings.ocsf.jsonl."))
  var report: String = ReportOutputOptions.defaultReports

  @Flag(name: .long, help: "Replace prompt text in reports with stable hashes and previews.")
  var redact = false

  @Option(name: .long, help: "Exit with status 1 when any incident is at or above this severity (\(Severity.allCases.map(\.rawValue).joined(separator: ", "))).")
  var failOn: Severity?

  @Option(name: .long, help: "Show at most N incidents in report.md, report.html, incidents.csv and on the terminal (terminal default: \(TerminalSummary.defaultTop)).")
  var top: Int?

  @Option(name: .long, help: "Hide incidents below this severity in report.md, report.html, incidents.csv and on the terminal.")
  var minSeverity: Severity?

  /// `--report` as writer ids ('all' = every writer).
  var reportList: [String] {
    let ids = report.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    return ids == ["all"] ? ReportWriters.ids : ids
  }

  func validate() throws {
    for r in reportList where ReportWriters.writer(id: r) == nil {
      throw ValidationError("unknown report format '\(r)'; known: \(ReportWriters.ids.joined(separator: ", "))")
    }
    if let top, top < 1 { throw ValidationError("--top must be at least 1") }
  }

  /// The scoring config (`--config` or the shipped defaults). A broken file is a bad option
  /// value: a usage error, not an input error.
  func scoring() throws -> ScoringConfig {
    guard let config else { return ScoringConfig.defaults }
    do { return try ScoringConfig.load(path: config) } catch {
      Stderr.print("distillscan: \(error)")
      throw ExitStatus.usage
    }
  }

  func finishOptions(maxErrors: Int? = nil, quiet: Bool, verdicts: [String: Verdict] = [:]) -> ScanFinish.Options {
    ScanFinish.Options(
      out: out, reports: reportList, redact: redact, top: top, minSeverity: minSeverity, failOn: failOn, maxErrors: maxErrors,
      quiet: quiet, verdicts: verdicts)
  }
}
