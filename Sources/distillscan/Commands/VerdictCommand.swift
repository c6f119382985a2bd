import ArgumentParser
import DistillScanKit
import Glibc

extension VerdictKind: ExpressibleByArgument {}

/// `distillscan verdict --store FILE SUBJECT --set KIND [--note TEXT]`: records an analyst's
/// verdict; later `scan --store` reports show it next to the incident, `history` lists it.
struct VerdictCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verdict",
    abstract: "Record an analyst verdict on an incident or account in the case store.")

  @OptionGroup var storeOptions: StoreOptions

  @Argument(help: "Incident id (acct:<account> or cluster:<label>, as in report.json), or a bare account id.")
  var subject: String

  @Option(name: .long, help: "The verdict (\(VerdictKind.allCases.map(\.rawValue).joined(separator: ", "))).")
  var set: VerdictKind

  @Option(name: .long, help: "Free-text note (ticket number, reasoning).")
  var note: String?

  @Option(name: .long, help: "Who decided (default: $USER).")
  var analyst: String?

  @Flag(name: .long, help: "Record it even if the store has never seen this subject.")
  var force = false

  func run() throws {
    let store = try storeOptions.open()
    let subject = Verdict.normalizedSubject(self.subject)
    do {
      if !force, try !store.knowsSubject(subject) {
        Stderr.print("distillscan: no incident or account \(Escape.terminal(subject)) in \(storeOptions.store) (check the id, or use --force)")
        throw ExitStatus.usage
      }
      let who = analyst ?? Env.get("USER") ?? Env.get("LOGNAME")
      try store.setVerdict(Verdict(subject: subject, kind: set, note: note, analyst: who, at: Double(time(nil))))
      Stderr.print("recorded \(set.rawValue) for \(Escape.terminal(subject))")
    } catch let e as DistillScanError {
      throw storeOptions.fail(e)
    }
  }
}

/// Environment lookup (a non-empty value or nil).
enum Env {
  static func get(_ name: String) -> String? {
    guard let v = getenv(name) else { return nil }
    let s = String(cString: v)
    return s.isEmpty ? nil : s
  }
}
