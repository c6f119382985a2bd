import ArgumentParser
import DistillScanKit
import Foundation

struct Scan: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Scan log files, directories, globs or stdin (-) and write reports.")

  @Argument(help: "Files, directories (recursive), glob patterns, or - for stdin.")
  var paths: [String]

  @Option(name: .long, help: "Output directory for report.json and accounts.jsonl.")
  var out: String?

  @Option(name: .long, help: "Force a log format instead of sniffing each file (\(FormatRegistry.ids.joined(separator: ", "))).")
  var format: String?

  @Option(name: .long, help: "Mapping file for --format mapped: JSON object of record field → dotted JSON path.")
  var mapping: String?

  @Option(name: .long, help: "Dotted JSON path of the account key, overriding the format's choice.")
  var accountField: String?

  @Option(name: .long, help: "Scoring config (JSON; see config/scoring.json). Keys not given keep their defaults.")
  var config: String?

  @Option(name: .long, help: "Parser workers (default: active cores).")
  var workers: Int = ScanConfiguration.defaultWorkers

  @Option(name: .long, help: "Chunk size in bytes handed to a worker.")
  var chunkSize: Int = 2 << 20

  @Option(name: .long, help: "Give up (exit 2) after this many rejected lines.")
  var maxErrors: Int?

  @Option(name: .long, help: "Report formats to write into --out, comma-separated (\(ReportWriters.ids.joined(separator: ","))).")
  var report: String = "json,jsonl"

  @Flag(name: .long, help: "Replace prompt text in reports with stable hashes and previews.")
  var redact = false

  var reportList: [String] { report.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

  @Flag(name: [.short, .long], help: "No progress line or summary on stderr.")
  var quiet = false

  func validate() throws {
    if workers < 1 { throw ValidationError("--workers must be at least 1") }
    if chunkSize < 64 { throw ValidationError("--chunk-size must be at least 64 bytes") }
    if let format, !FormatRegistry.ids.contains(format) {
      throw ValidationError("unknown format '\(format)'; known: \(FormatRegistry.ids.joined(separator: ", "))")
    }
    for r in reportList where ReportWriters.writer(id: r) == nil {
      throw ValidationError("unknown report format '\(r)'; known: \(ReportWriters.ids.joined(separator: ", "))")
    }
    if format == "mapped" && mapping == nil { throw ValidationError("--format mapped needs --mapping FILE") }
  }

  func run() throws {
    var config = ScanConfiguration()
    do {
      config.inputs = try InputDiscovery.expand(paths)
      if let mapping { config.mapping = try FieldMapping.load(path: mapping) }
      if let path = self.config { config.scoring = try ScoringConfig.load(path: path) }
    } catch {
      Stderr.print("distillscan: \(error)")
      throw ExitStatus.inputErrors
    }
    config.format = mapping != nil ? "mapped" : format
    config.accountField = accountField
    config.workers = workers
    config.chunkSize = chunkSize
    config.maxErrors = maxErrors
    if !quiet && Stderr.isTTY {
      config.progress = { p in
        let mb = Double(p.bytes) / 1e6
        let rate = p.elapsed > 0 ? mb / p.elapsed : 0
        var eta = ""
        if p.bytesCompressedTotal > 0, p.bytesCompressedRead > 0 {
          let left = Double(p.bytesCompressedTotal - p.bytesCompressedRead) / (Double(p.bytesCompressedRead) / p.elapsed)
          eta = String(format: " ETA %.0fs", max(0, left))
        }
        Stderr.printInline(String(format: "\r%d/%d files  %.0f MB  %.0f MB/s%@", p.filesDone, p.filesTotal, mb, rate, eta))
      }
    }
    let result = ScanPipeline.run(config)
    if config.progress != nil { Stderr.printInline("\r\u{1B}[K") }

    let outcome: ScanOutcome
    do {
      var options = ReportOptions()
      options.redact = redact
      outcome = try ScanRunner.finish(result, config: config, outDir: out, reports: reportList, options: options)
    } catch {
      Stderr.print("distillscan: \(error)")
      throw ExitStatus.internalError
    }
    if !quiet {
      let s = result.stats
      Stderr.print(
        String(
          format: "%d files, %.1f MB (%.1f MB compressed), %d lines: %d accepted, %d rejected; %d accounts; %.2fs (%.0f MB/s)",
          s.files, Double(s.bytes) / 1e6, Double(s.bytesCompressed) / 1e6, s.lines, s.accepted, s.rejectedTotal,
          result.accounts.count, result.elapsed, Double(s.bytes) / 1e6 / max(result.elapsed, 1e-9)))
      for (r, n) in s.rejected.sorted(by: { $0.key < $1.key }) {
        let ex = (s.examples[r] ?? []).prefix(3).map { "\(result.files[$0.file].displayName):\($0.line)" }
        Stderr.print("  rejected \(r.rawValue): \(n) (e.g. \(ex.joined(separator: ", ")))")
      }
      for f in s.fileIssues { Stderr.print("  file error \(f.path): \(f.message)") }
    }
    for inc in outcome.report.incidents.prefix(10) {
      print("\(inc.rank)\t\(inc.severity.rawValue)\t\(inc.score)\t\(inc.subject)")
    }
    if result.stoppedOnErrors {
      Stderr.print("distillscan: stopped after more than \(maxErrors ?? 0) rejected lines (--max-errors)")
      throw ExitStatus.inputErrors
    }
    if result.stats.accepted == 0 && result.stats.rejectedTotal > 0 {
      throw ExitStatus.inputErrors
    }
  }
}

