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

  @Argument(help: "Files, directories, globs, or - for stdin.")
  var paths: [String]

  @Option(name: .long, help: "Force a log format (\(FormatRegistry.ids.joined(separator: ", "))).")
  var format: String?

  @Option(name: .long, help: "Dotted JSON path of the account key, overriding the format's choice.")
  var accountField: String?

  @Option(name: .long, help: "Mapping file for --format mapped.")
  var mapping: String?

  @Option(name: .long, help: "Keep at most this many requests.")
  var limit: Int = 200_000

  @Flag(name: .long, help: "JSON lines instead of a table (stable keys; pipe to jq).")
  var json = false

  @Option(name: .long, help: "Prompt preview length in the table.")
  var width: Int = 100

  func validate() throws {
    if account.isEmpty { throw ValidationError("give at least one --account") }
    if let format, !FormatRegistry.ids.contains(format) {
      throw ValidationError("unknown format '\(format)'; known: \(FormatRegistry.ids.joined(separator: ", "))")
    }
  }

  func run() throws {
    var config = ScanConfiguration()
    do {
      config.inputs = try InputDiscovery.expand(paths)
      if let mapping { config.mapping = try FieldMapping.load(path: mapping) }
    } catch {
      Stderr.print("distillscan: \(error)")
      throw ExitStatus.inputErrors
    }
    config.format = mapping != nil ? "mapped" : format
    config.accountField = accountField
    config.timelineAccounts = Set(account)
    config.timelineLimit = max(1, limit / max(1, config.workers))
    config.textFeatures = false
    let result = ScanPipeline.run(config)
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
        print(out, terminator: "")
        out = ""
      }
    }
    print(out, terminator: "")
    Stderr.print("\(result.timeline.count) requests for \(account.count) account(s) in \(result.stats.files) files (\(result.stats.accepted) records read)"
      + (result.timelineDropped > 0 ? "; \(result.timelineDropped) more not shown (--limit)" : ""))
    if result.timeline.isEmpty { throw ExitStatus.findings }
  }
}
