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

  @OptionGroup var output: ReportOutputOptions

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

  func validate() throws {
    if partials.isEmpty { throw ValidationError("give at least one partial-state file") }
  }

  func run() throws {
    var cfg = ScanConfiguration()
    cfg.scoring = try output.scoring()
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
    if let partialOut { try ScanFinish.writePartial(merged, to: partialOut) }
    let (_, status) = try ScanFinish.run(
      merged.ingestResult, config: cfg,
      output.finishOptions(quiet: quiet, verdicts: caseStore?.verdicts ?? [:])
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
