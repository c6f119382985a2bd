import ArgumentParser
import DistillScanKit

/// `distillscan prune --store FILE --keep N`: bounds the case store's size for long-running cron
/// use (the per-account rows of every run are most of it).
struct Prune: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Drop the account scores and incident cards of all but the newest runs from the case store.",
    discussion: """
      Runs, their scanned-file manifest (needed by `scan --incremental`) and verdicts are kept: \
      `history` still lists every run, an account's history and `diff` cover the kept runs.
      """)

  @OptionGroup var storeOptions: StoreOptions

  @Option(name: .long, help: "Keep the scores and incidents of this many newest runs.")
  var keep: Int

  @Flag(name: .long, help: "Then VACUUM the file to give the space back to the file system.")
  var vacuum = false

  func validate() throws {
    if keep < 1 { throw ValidationError("--keep must be at least 1") }
  }

  func run() throws {
    let store = try storeOptions.open()
    do {
      let r = try store.prune(keepRuns: keep, vacuum: vacuum)
      Stderr.print(
        "pruned \(r.runs) run(s): \(r.accountScores) account scores, \(r.incidents) incidents (kept the newest \(keep) runs; manifest and verdicts kept)")
    } catch {
      throw storeOptions.fail(error)
    }
  }
}
