import ArgumentParser
import DistillScanKit

@main
struct DistillScan: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "distillscan",
    abstract: "Find model-distillation campaigns in LLM API access logs.",
    version: distillscanVersion,
    subcommands: [
      Scan.self, Merge.self, Investigate.self, History.self, Diff.self, VerdictCommand.self, Prune.self, Timeline.self, Synth.self, Eval.self,
      Formats.self, ListFingerprints.self,
    ],
    defaultSubcommand: Scan.self
  )
}
