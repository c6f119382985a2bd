import ArgumentParser
import DistillScanKit

/// `distillscan history --store FILE [--account ID]`: one account's score, severity and signals in
/// every recorded run, with the verdicts on it; without `--account`, the list of runs.
struct History: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show how an account's score moved across recorded runs (or list the runs), from the case store.")

  @OptionGroup var storeOptions: StoreOptions

  @Option(name: .long, help: "Account id, exactly as in accounts.jsonl. Without it: list the recorded runs.")
  var account: String?

  @Flag(name: .long, help: "One JSON object instead of a table (stable keys; pipe to jq).")
  var json = false

  func run() throws {
    let store = try storeOptions.open()
    do {
      guard let account else {
        let runs = try store.runs()
        print(json ? CaseStoreOutput.runsJSON(runs) : CaseStoreOutput.runsText(runs), terminator: "")
        return
      }
      let h = try store.history(account: account)
      print(json ? CaseStoreOutput.historyJSON(h) : CaseStoreOutput.historyText(h), terminator: "")
      // Like grep and `timeline`: status 1 when the store never saw the account.
      if h.entries.isEmpty && h.verdicts.isEmpty { throw ExitStatus.findings }
    } catch let e as DistillScanError {
      throw storeOptions.fail(e)
    }
  }
}
