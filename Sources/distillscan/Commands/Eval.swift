import ArgumentParser
import DistillScanKit

struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Score a scan's accounts.jsonl against a truth.csv (PR-AUC, ROC-AUC, recall at 1% FPR, …).")

  enum Baseline: String, ExpressibleByArgument, CaseIterable {
    /// Score = request count: how far volume alone gets.
    case volume
  }

  @Option(name: .long, help: "Ground truth: account,label,scenario,cluster (as written by synth).")
  var truth: String

  @Option(name: .long, help: "accounts.jsonl from `distillscan scan --out`.")
  var accounts: String

  @Option(name: .long, help: "Replace the scan's scores by a baseline (volume = request count).")
  var baseline: Baseline?

  @Flag(name: .long, help: "Print a JSON object instead of text.")
  var json = false

  func run() throws {
    let truthRows: [TruthRow]
    var scored: [ScoredAccount]
    do {
      truthRows = try Evaluation.parseTruth(readWholeFile(truth))
      scored = try Evaluation.parseAccounts(readWholeFile(accounts))
    } catch {
      Stderr.print("distillscan: \(error)")
      throw ExitStatus.inputErrors
    }
    if baseline == .volume {
      for i in scored.indices { scored[i].score = Double(scored[i].requests) }
    }
    let result = Evaluation.evaluate(truth: truthRows, scores: scored)
    if json {
      print(String(decoding: result.renderJSON(baseline: baseline?.rawValue), as: UTF8.self), terminator: "")
    } else {
      print(result.renderText(baseline: baseline?.rawValue), terminator: "")
    }
  }
}
