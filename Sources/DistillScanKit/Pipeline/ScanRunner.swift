/// What a finished scan produced, for the CLI.
public struct ScanOutcome: Sendable {
  /// Human summary for stdout.
  public var summary: String
}

/// Runs everything after ingestion: scoring and report writing.
public enum ScanRunner {
  public static func finish(_ result: IngestResult, outDir: String?) throws(DistillScanError) -> ScanOutcome {
    let accounts = result.accounts.sortedAccounts
    if let outDir {
      try makeDirectories(outDir)
      var lines: [UInt8] = []
      for a in accounts {
        let p = result.accounts.profiles[a]!
        var w = JSONWriter()
        w.beginObject()
        w.field("account", a)
        w.field("requests", p.requests)
        w.field("first_seen", p.firstSeen.isFinite ? Timestamp.format(p.firstSeen) : nil)
        w.field("last_seen", p.lastSeen.isFinite ? Timestamp.format(p.lastSeen) : nil)
        w.key("models")
        w.beginObject()
        for m in p.models.keys.sorted() { w.field(m, p.models[m]!) }
        w.endObject()
        w.field("score", 0.0)
        w.endObject()
        lines.append(contentsOf: w.bytes)
        lines.append(0x0A)
      }
      try writeFileAtomically(outDir + "/accounts.jsonl", lines)
      var w = JSONWriter()
      w.beginObject()
      w.field("schema_version", reportSchemaVersion)
      w.field("tool", "distillscan \(distillscanVersion)")
      w.key("input")
      writeInputStats(&w, result.stats, files: result.files, elapsed: result.elapsed)
      w.field("accounts", accounts.count)
      w.endObject()
      var bytes = w.bytes
      bytes.append(0x0A)
      try writeFileAtomically(outDir + "/report.json", bytes)
    }
    var summary = "accounts: \(accounts.count)\n"
    let top = accounts.sorted { result.accounts.profiles[$0]!.requests > result.accounts.profiles[$1]!.requests }.prefix(10)
    for a in top { summary += "  \(a)\t\(result.accounts.profiles[a]!.requests) requests\n" }
    return ScanOutcome(summary: summary)
  }
}
