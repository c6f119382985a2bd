import ArgumentParser
import DistillScanKit

/// `distillscan merge`: scores partial states written by `scan --partial-out` as one scan.
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Merge partial states written by `scan --partial-out` and report them as one scan.",
    discussion: """
      The reports are those of a single scan over all the partials' inputs (files numbered in the \
      order the partials are given). Partials must agree on --no-text and --account-field.
      """)

  @Argument(help: "Partial-state files (scan --partial-out).")
  var partials: [String]

  @Option(name: .long, help: "Output directory for the reports chosen with --report.")
  var out: String?

  @Option(name: .long, help: "Scoring config (JSON; see config/scoring.json). Keys not given keep their defaults.")
  var config: String?

  @Option(name: .long, help: "Report formats to write into --out, comma-separated, or 'all' (\(ReportWriters.ids.joined(separator: ","))).")
  var report: String = Scan.defaultReports

  @Flag(name: .long, help: "Replace prompt text in reports with stable hashes and previews.")
  var redact = false

  @Option(name: .long, help: "Exit with status 1 when any incident is at or above this severity.")
  var failOn: Severity?

  @Option(name: .long, help: "Show at most N incidents in report.md, report.html, incidents.csv and on the terminal.")
  var top: Int?

  @Option(name: .long, help: "Hide incidents below this severity in report.md, report.html, incidents.csv and on the terminal.")
  var minSeverity: Severity?

  @Option(name: .long, help: "Also write the merged state to FILE (merge in stages: merges of merges).")
  var partialOut: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Case store (SQLite file, created if missing): record the merged run, its scores and incidents.",
      discussion: "The partials' files are not added to the store's manifest (they may live on other machines): `scan --incremental` does not skip them."))
  var store: String?

  @Flag(name: [.short, .long], help: "No summary on stderr.")
  var quiet = false

  var reportList: [String] { Scan.reportIDs(report) }

  func validate() throws {
    if partials.isEmpty { throw ValidationError("give at least one partial-state file") }
    for r in reportList where ReportWriters.writer(id: r) == nil {
      throw ValidationError("unknown report format '\(r)'; known: \(ReportWriters.ids.joined(separator: ", "))")
    }
    if let top, top < 1 { throw ValidationError("--top must be at least 1") }
  }

  func run() throws {
    var cfg = ScanConfiguration()
    if let path = config {
      do { cfg.scoring = try ScoringConfig.load(path: path) } catch {
        Stderr.print("distillscan: \(error)")
        throw ExitStatus.usage
      }
    }
    let merged: PartialState
    do { merged = try PartialState.merge(paths: partials) } catch {
      Stderr.print("distillscan: \(error)")
      // Mismatched partials are a usage error; unreadable or corrupt ones are input errors.
      throw error.code == .usage ? ExitStatus.usage : ExitStatus.inputErrors
    }
    merged.apply(to: &cfg)
    // Opened before scoring, as in `scan`: a bad store fails now.
    var caseStore: (store: CaseStore, verdicts: [String: Verdict])?
    if let store {
      do {
        let s = try CaseStore.open(path: store, create: true)
        caseStore = (s, try s.currentVerdicts())
      } catch {
        Stderr.print("distillscan: \(error)")
        throw ExitStatus.inputErrors
      }
    }
    if let partialOut {
      do { try merged.write(path: partialOut) } catch {
        Stderr.print("distillscan: cannot write --partial-out: \(error)")
        throw ExitStatus.internalError
      }
    }
    let (_, status) = try ScanFinish.run(
      merged.ingestResult, config: cfg,
      ScanFinish.Options(
        out: out, reports: reportList, redact: redact, top: top, minSeverity: minSeverity, failOn: failOn, quiet: quiet,
        verdicts: caseStore?.verdicts ?? [:])
    ) { outcome, options in
      if let (store, _) = caseStore {
        let id = try store.record(
          outcome.report, run: RunInfo(inputs: partials, complete: !merged.stoppedOnErrors), manifest: [], options: options)
        if !quiet { Stderr.print("recorded run \(id) in \(store.path)") }
      }
    }
    if let status { throw status }
  }
}
