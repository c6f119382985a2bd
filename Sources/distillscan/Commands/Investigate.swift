import ArgumentParser
import DistillScanKit
import Foundation

/// `distillscan investigate --store FILE --account ID`: the account's latest evidence card from the
/// store, its score across runs and the verdicts on it, with the command that re-reads its raw
/// requests (`timeline`).
struct Investigate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show one account's latest evidence card, score history and verdicts from the case store.")

  @OptionGroup var storeOptions: StoreOptions

  @Option(name: .long, help: "Account id, exactly as in accounts.jsonl.")
  var account: String

  @Flag(name: .long, help: "One JSON object instead of text (the card as in report.json; pipe to jq).")
  var json = false

  @Flag(
    name: .long,
    help: ArgumentHelp(
      "Also re-read the account's raw requests from the input files of the runs that saw it (a timeline).",
      discussion: "Files that are no longer on disk are listed on stderr and skipped. With --json the requests follow the card as JSON lines."))
  var requests = false

  @Option(name: .long, help: "With --requests: keep at most this many requests.")
  var limit: Int = 10_000

  func run() throws {
    let store = try storeOptions.open()
    do {
      let inv = try store.investigate(account: account)
      print(json ? CaseStoreOutput.investigateJSON(inv) : CaseStoreOutput.investigateText(inv), terminator: "")
      if inv.incident == nil && inv.history.entries.isEmpty { throw ExitStatus.findings }
      if requests { try rereadRequests(store) }
    } catch let e as DistillScanError {
      throw storeOptions.fail(e)
    }
  }

  /// The raw evidence: every request of the account in the files its runs read, in time order.
  private func rereadRequests(_ store: CaseStore) throws {
    let paths = try store.inputFiles(account: account)
    var present: [String] = []
    for p in paths {
      if FileManager.default.isReadableFile(atPath: p) { present.append(p) } else { Stderr.print("investigate: \(p) is no longer readable; skipped") }
    }
    guard !present.isEmpty else {
      Stderr.print("investigate: none of the account's input files is readable here")
      throw ExitStatus.inputErrors
    }
    var config = ScanConfiguration()
    config.inputs = try InputDiscovery.expand(present)
    config.timelineAccounts = [account]
    config.timelineLimit = max(1, limit / max(1, config.workers))
    config.textFeatures = false
    if !json { Swift.print("\nRequests (re-read from \(present.count) file(s)):") }
    Timeline.printTimeline(ScanPipeline.run(config), accounts: 1, json: json, width: 100)
  }
}
