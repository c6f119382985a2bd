import ArgumentParser
import DistillScanKit
import Foundation

/// What `scan` and `merge` do once the per-account state is complete: score, write the reports,
/// print the input summary and the incident table, and choose the exit status.
enum ScanFinish {
  struct Options {
    var out: String?
    var reports: [String]
    var redact = false
    var top: Int?
    var minSeverity: Severity?
    var failOn: Severity?
    var maxErrors: Int?
    var quiet = false
    /// Current analyst verdicts (case store), shown next to their incidents.
    var verdicts: [String: Verdict] = [:]
  }

  /// Writes `--partial-out` (an internal error when it cannot be written).
  static func writePartial(_ state: PartialState, to path: String) throws {
    do { try state.write(path: path) } catch {
      Stderr.print("distillscan: cannot write --partial-out: \(error)")
      throw ExitStatus.internalError
    }
  }

  /// Returns the outcome and the exit status to end with (nil = clean). Throws only when the
  /// reports cannot be produced (internal error). `afterReports` runs once the reports are
  /// written (the case store records the run there); its errors are internal errors too.
  static func run(
    _ result: IngestResult, config: ScanConfiguration, _ o: Options,
    afterReports: ((ScanOutcome, ReportOptions) throws -> Void)? = nil
  ) throws -> (ScanOutcome, ExitCode?) {
    let outcome: ScanOutcome
    do {
      var options = ReportOptions()
      options.redact = o.redact
      options.top = o.top
      options.minSeverity = o.minSeverity
      outcome = try ScanRunner.finish(result, config: config, outDir: o.out, reports: o.reports, options: options, verdicts: o.verdicts)
      try afterReports?(outcome, options)
    } catch {
      Stderr.print("distillscan: \(error)")
      throw ExitStatus.internalError
    }
    if !o.quiet {
      let s = result.stats
      Stderr.print(
        String(
          format: "%d files, %.1f MB (%.1f MB compressed), %d lines: %d accepted, %d rejected; %d accounts; %.2fs (%.0f MB/s)",
          s.files, Double(s.bytes) / 1e6, Double(s.bytesCompressed) / 1e6, s.lines, s.accepted, s.rejectedTotal,
          result.accounts.count, result.elapsed, Double(s.bytes) / 1e6 / max(result.elapsed, 1e-9)))
      for (r, n) in s.rejected.sorted(by: { $0.key < $1.key }) {
        let ex = (s.examples[r] ?? []).prefix(3).map { "\(result.files[$0.file].displayName):\($0.line)" }
        Stderr.print("  rejected \(r.rawValue): \(n) (e.g. \(ex.joined(separator: ", ")))")
      }
      for f in s.fileIssues { Stderr.print("  file error \(f.path): \(f.message)") }
    }
    var termOptions = ReportOptions()
    termOptions.top = o.top
    termOptions.minSeverity = o.minSeverity
    termOptions.color = Scan.useColor(isTTY: isatty(1) != 0, noColor: ProcessInfo.processInfo.environment["NO_COLOR"])
    print(TerminalSummary.render(outcome.report, options: termOptions), terminator: "")
    // Input errors win over findings: the reports may be incomplete, and the cron job must see that first.
    if result.stoppedOnErrors {
      Stderr.print("distillscan: stopped after more than \(o.maxErrors.map(String.init) ?? "the allowed") rejected lines (--max-errors)")
      return (outcome, ExitStatus.inputErrors)
    }
    if result.stats.accepted == 0 && result.stats.rejectedTotal > 0 {
      // Said even with -q (like the --max-errors message): a cron job must not get status 2
      // with nothing on stderr to explain it.
      Stderr.print("distillscan: every input line was rejected (\(result.stats.rejectedTotal) lines; see input.rejected in report.json)")
      return (outcome, ExitStatus.inputErrors)
    }
    if Scan.shouldFail(outcome.report.incidents, failOn: o.failOn) { return (outcome, ExitStatus.findings) }
    return (outcome, nil)
  }
}
