import Glibc

/// What a finished scan produced, for the CLI.
public struct ScanOutcome: Sendable {
  public var report: ScanReport
  /// Files written into `--out`.
  public var written: [String]
}

/// Runs everything after ingestion: scoring and report writing.
public enum ScanRunner {
  public static func finish(
    _ result: IngestResult, config: ScanConfiguration, outDir: String?, reports: [String], options: ReportOptions,
    verdicts: [String: Verdict] = [:]
  ) throws(DistillScanError) -> ScanOutcome {
    var report = Scorer.buildReport(result, config: config, now: Double(time(nil)))
    // Analyst verdicts from the case store, shown next to the incidents they were set on.
    for i in report.incidents.indices { report.incidents[i].verdict = verdicts[report.incidents[i].id] }
    if let dbg = getenv("DISTILLSCAN_DEBUG_METRICS") {
      try writeFileAtomically(String(cString: dbg), Scorer.debugMetrics(result, config: config))
    }
    var written: [String] = []
    if let outDir {
      try makeDirectories(outDir)
      for id in reports {
        guard let w = ReportWriters.writer(id: id) else { throw DistillScanError(.usage, "unknown report format '\(id)'") }
        let path = outDir + "/" + w.fileName
        try writeFileAtomically(path, w.render(report, options: options))
        written.append(path)
      }
    }
    return ScanOutcome(report: report, written: written)
  }
}
