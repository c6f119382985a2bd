import ArgumentParser
import DistillScanKit

/// `distillscan diff --store FILE [--from RUN --to RUN]`: what changed between two recorded runs
/// (default: the last two): new and resolved incidents, severity changes, large score moves.
struct Diff: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compare two recorded runs (default: the last two): new, resolved and changed incidents, score moves.")

  @OptionGroup var storeOptions: StoreOptions

  @Option(name: .long, help: "Earlier run id (default: the run before --to). `history --store FILE` lists them.")
  var from: Int64?

  @Option(name: .long, help: "Later run id (default: the latest run).")
  var to: Int64?

  @Option(name: .long, help: "List accounts whose score moved by at least this much (0…1).")
  var minDelta: Double = 0.1

  @Option(name: .long, help: "At most this many lines per section in the table (--json lists all).")
  var limit: Int = 50

  @Flag(name: .long, help: "One JSON object instead of text (stable keys; pipe to jq).")
  var json = false

  func validate() throws {
    if !(0...1).contains(minDelta) { throw ValidationError("--min-delta must be between 0 and 1") }
    if limit < 1 { throw ValidationError("--limit must be at least 1") }
    if let from, let to, from >= to { throw ValidationError("--from must be an earlier run than --to") }
  }

  func run() throws {
    let store = try storeOptions.open()
    do {
      let d = try store.diff(from: from, to: to, minDelta: minDelta)
      print(json ? CaseStoreOutput.diffJSON(d) : CaseStoreOutput.diffText(d, limit: limit), terminator: "")
    } catch {
      throw storeOptions.fail(error)
    }
  }
}
