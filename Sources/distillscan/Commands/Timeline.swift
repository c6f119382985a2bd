import ArgumentParser
import DistillScanKit
import Foundation

/// `distillscan timeline ACCOUNT PATHS…`: every request of one account (or several), in time order,
/// with parameters, prompt preview and `file:line` — the raw evidence behind an incident.
struct Timeline: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the forensic timeline of one or more accounts: every request in time order, with file:line.")

  @Option(name: .long, help: "Account to follow (repeat for several; use the id exactly as in accounts.jsonl).")
  var account: [String]

  @OptionGroup var input: InputOptions

  @Option(name: .long, help: "Keep at most this many requests.")
  var limit: Int = 200_000

  @Flag(name: .long, help: "JSON lines instead of a table (stable keys; pipe to jq).")
  var json = false

  @Option(name: .long, help: "Prompt preview length in the table.")
  var width: Int = 100

  func validate() throws {
    if account.isEmpty { throw ValidationError("give at least one --account") }
  }

  func run() throws {
    var config = try input.makeConfiguration()
    config.timelineAccounts = Set(account)
    config.timelineLimit = max(1, limit / max(1, config.workers))
    config.textFeatures = false
    let result = ScanPipeline.run(config)
    Self.printTimeline(result, accounts: account.count, json: json, width: width)
    if result.timeline.isEmpty { throw ExitStatus.findings }
  }

  /// Prints the collected timeline (table or JSON lines) and a one-line summary on stderr.
  static func printTimeline(_ result: IngestResult, accounts: Int, json: Bool, width: Int) {
    var out = ""
    for e in result.timeline {
      let src = "\(result.files[e.source.file].displayName):\(e.source.line)"
      if json {
        var w = JSONWriter()
        w.beginObject()
        w.field("timestamp", e.timestamp.map(Timestamp.format))
        w.field("account", e.account)
        w.field("request_id", e.requestID)
        w.field("model", e.model)
        w.field("endpoint", e.endpoint)
        w.field("ip", e.ip)
        w.field("user_agent", e.userAgent)
        w.field("params", e.paramSummary)
        w.field("turns", e.turnCount)
        w.field("output_tokens", e.outputTokens)
        w.field("status", e.status)
        w.field("system", e.system)
        w.field("prompt", e.prompt)
        w.field("source", src)
        w.endObject()
        out += String(decoding: w.bytes, as: UTF8.self) + "\n"
      } else {
        let ts = e.timestamp.map(Timestamp.format) ?? "-"
        let prompt = Escape.terminal(String((e.prompt ?? "").prefix(width)).replacingOccurrences(of: "\n", with: " "))
        out += "\(ts)  \(Escape.terminal(e.requestID ?? "-"))  \(Escape.terminal(e.model ?? "-"))  [\(e.paramSummary)]  \(prompt)  (\(Escape.terminal(src)))\n"
      }
      if out.utf8.count > 1 << 16 {
        Swift.print(out, terminator: "")
        out = ""
      }
    }
    Swift.print(out, terminator: "")
    Stderr.print("\(result.timeline.count) requests for \(accounts) account(s) in \(result.stats.files) files (\(result.stats.accepted) records read)"
      + (result.timelineDropped > 0 ? "; \(result.timelineDropped) more not shown (--limit)" : ""))
  }
}
