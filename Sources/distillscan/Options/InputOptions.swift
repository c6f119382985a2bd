import ArgumentParser
import DistillScanKit

/// Where to read logs from and how to decode them: shared by `scan` and `timeline`.
struct InputOptions: ParsableArguments {
  @Argument(help: "Files, directories (recursive), glob patterns, or - for stdin.")
  var paths: [String]

  @Option(name: .long, help: "Force a log format instead of sniffing each file (\(FormatRegistry.ids.joined(separator: ", "))).")
  var format: String?

  @Option(name: .long, help: "Mapping file for --format mapped: JSON object of record field → dotted JSON path.")
  var mapping: String?

  @Option(name: .long, help: "Dotted JSON path of the account key, overriding the format's choice.")
  var accountField: String?

  @Option(name: .long, help: "Parser workers (default: active cores).")
  var workers: Int = ScanConfiguration.defaultWorkers

  func validate() throws {
    if workers < 1 { throw ValidationError("--workers must be at least 1") }
    // One thread per worker: more than a few per core only adds contention and memory.
    if workers > 256 { throw ValidationError("--workers must be at most 256") }
    if let accountField, accountField.split(separator: ".").isEmpty {
      throw ValidationError("--account-field needs a dotted JSON path such as metadata.user_id")
    }
    if let format, !FormatRegistry.ids.contains(format) {
      throw ValidationError("unknown format '\(format)'; known: \(FormatRegistry.ids.joined(separator: ", "))")
    }
    if format == "mapped" && mapping == nil { throw ValidationError("--format mapped needs --mapping FILE") }
  }

  /// A configuration with the inputs expanded and the mapping loaded.
  /// - Throws: `ExitStatus.inputErrors` (after printing why) when an input or the mapping cannot be read.
  func makeConfiguration() throws -> ScanConfiguration {
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
    config.workers = workers
    return config
  }
}
