import ArgumentParser
import DistillScanKit
import Foundation

struct Scan: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Scan log files, directories, globs or stdin (-) and write reports.")

  @OptionGroup var input: InputOptions

  @OptionGroup var output: ReportOutputOptions

  @Flag(name: .long, help: "Metadata-only scan: skip text features (content fingerprints report not evaluated).")
  var noText = false

  @Option(name: .long, help: "Chunk size in bytes handed to a worker.")
  var chunkSize: Int = 2 << 20

  @Option(name: .long, help: "Give up (exit 2) after this many rejected lines.")
  var maxErrors: Int?

  static let maxChunkSize = 1 << 30

  @Flag(name: [.short, .long], help: "No progress line or summary on stderr.")
  var quiet = false

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Also write the per-account state of these inputs to FILE, for `distillscan merge`.",
      discussion: "Scan disjoint parts of an archive on several machines with --partial-out, then `distillscan merge` the files: the reports are those of one scan over all the parts."))
  var partialOut: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Case store (SQLite file, created if missing): record this run, its files, scores and incidents.",
      discussion: "Reports then show analyst verdicts set with `distillscan verdict`. See docs/case-store.md."))
  var store: String?

  @Flag(
    name: .long,
    help: ArgumentHelp(
      "With --store: skip input files the store has already scanned with the same content fingerprint.",
      discussion: "Only the new files are read and scored: account scores then cover the new files only, not the whole archive."))
  var incremental = false

  func validate() throws {
    if chunkSize < 64 { throw ValidationError("--chunk-size must be at least 64 bytes") }
    // Each worker holds chunks of this size: a huge value trapped in the allocator instead of
    // being refused as a bad option.
    if chunkSize > Self.maxChunkSize { throw ValidationError("--chunk-size must be at most \(Self.maxChunkSize >> 20) MiB") }
    if incremental && store == nil { throw ValidationError("--incremental needs --store FILE (the manifest of scanned files lives there)") }
  }

  func run() throws {
    let startedAt = Double(time(nil))
    var config = try input.makeConfiguration()
    config.scoring = try output.scoring()
    // Opened before scanning: a bad store must fail the cron job now, not after an hour of reading.
    var caseStore: (store: CaseStore, plan: ScanPlan, verdicts: [String: Verdict])?
    if let store {
      do {
        let s = try CaseStore.open(path: store, create: true)
        caseStore = (s, try s.plan(inputs: config.inputs, incremental: incremental), try s.currentVerdicts())
      } catch {
        Stderr.print("distillscan: \(error)")
        throw ExitStatus.inputErrors
      }
    }
    if incremental, let plan = caseStore?.plan {
      if !quiet { Stderr.print("incremental: skipped \(plan.skipped.count) of \(config.inputs.count) input files already in the store's manifest") }
      if plan.toScan.isEmpty {
        // Nothing new since the last run: no reports, no empty run in the store (it would make
        // `diff` report every incident as resolved).
        if !quiet { Stderr.print("incremental: nothing new to scan") }
        if let partialOut {
          // A later `merge` step expects the file: an empty partial (no files, no accounts).
          var empty = PartialState()
          empty.textFeatures = !noText
          empty.format = config.format
          empty.accountField = config.accountField
          try ScanFinish.writePartial(empty, to: partialOut)
        }
        return
      }
      config.inputs = plan.toScan
    }
    config.textFeatures = !noText
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
        let rps = p.elapsed > 0 ? Double(p.records) / p.elapsed : 0
        Stderr.printInline(
          String(format: "\r%d/%d files  %.0f MB  %.0f MB/s  %.0fk records/s%@", p.filesDone, p.filesTotal, mb, rate, rps / 1000, eta))
      }
    }
    let result = ScanPipeline.run(config)
    if config.progress != nil { Stderr.printInline("\r\u{1B}[K") }

    if let partialOut { try ScanFinish.writePartial(PartialState(result, config: config), to: partialOut) }
    let (_, status) = try ScanFinish.run(
      result, config: config, output.finishOptions(maxErrors: maxErrors, quiet: quiet, verdicts: caseStore?.verdicts ?? [:])
    ) { outcome, options in
      if let (store, plan, _) = caseStore {
        let info = RunInfo(
          inputs: input.paths, incremental: incremental, filesSkipped: plan.skipped.count, complete: !result.stoppedOnErrors,
          startedAt: startedAt)
        let id = try store.record(outcome.report, run: info, manifest: plan.manifest, options: options)
        if !quiet { Stderr.print("recorded run \(id) in \(store.path)") }
      }
    }
    if let status { throw status }
  }

  /// `--fail-on`: any incident at or above the threshold, whatever `--top`/`--min-severity` hide.
  static func shouldFail(_ incidents: [Incident], failOn: Severity?) -> Bool {
    guard let failOn else { return false }
    return incidents.contains { $0.severity >= failOn }
  }

  /// https://no-color.org: colour only on a terminal, and not when NO_COLOR is set to anything non-empty.
  static func useColor(isTTY: Bool, noColor: String?) -> Bool {
    isTTY && (noColor ?? "").isEmpty
  }
}

