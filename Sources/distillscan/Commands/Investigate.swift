import ArgumentParser
import DistillScanKit

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

  func run() throws {
    let store = try storeOptions.open()
    do {
      let inv = try store.investigate(account: account)
      print(json ? CaseStoreOutput.investigateJSON(inv) : CaseStoreOutput.investigateText(inv), terminator: "")
      if inv.incident == nil && inv.history.entries.isEmpty { throw ExitStatus.findings }
    } catch let e as DistillScanError {
      throw storeOptions.fail(e)
    }
  }
}
