import ArgumentParser
import DistillScanKit

/// `--store FILE` for the commands that read the case store (`history`, `diff`, `investigate`,
/// `verdict`). `scan --store` has its own option: it creates the file, these do not.
struct StoreOptions: ParsableArguments {
  @Option(name: .long, help: "Case store (SQLite file written by `scan --store`).")
  var store: String

  /// Opens the existing store.
  /// - Throws: `ExitStatus.inputErrors` (after saying why) when it is missing, foreign or corrupt.
  func open() throws -> CaseStore {
    do {
      return try CaseStore.open(path: store, create: false)
    } catch {
      throw fail(error)
    }
  }

  /// Prints a store error and maps it to an exit status: a bad run id is a usage error; anything
  /// else about the store (missing, corrupt, locked, too few runs) is an input error.
  func fail(_ error: DistillScanError) -> ExitCode {
    Stderr.print("distillscan: \(error)")
    return error.code == .usage ? ExitStatus.usage : ExitStatus.inputErrors
  }
}
