import GRDB

/// What the store records about a run besides its report.
public struct RunInfo: Sendable {
  /// The paths given on the command line.
  public var inputs: [String]
  /// `--incremental`: only files new to the manifest were scanned (and scored).
  public var incremental = false
  /// Inputs skipped by the manifest.
  public var filesSkipped = 0
  /// False when the scan stopped early (`--max-errors`): its files are not marked as scanned.
  public var complete = true
  /// Scan start (epoch seconds); nil = the report's time minus its elapsed seconds.
  public var startedAt: Double?

  public init(inputs: [String], incremental: Bool = false, filesSkipped: Int = 0, complete: Bool = true, startedAt: Double? = nil) {
    self.inputs = inputs
    self.incremental = incremental
    self.filesSkipped = filesSkipped
    self.complete = complete
    self.startedAt = startedAt
  }
}

extension CaseStore {
  /// Records a finished scan in one transaction: the run, its manifest entries, every account's
  /// score and every incident with its evidence card (as report.json renders it, honouring
  /// `options.redact`).
  /// - Returns: the new run id.
  /// - Throws: ``DistillScanError`` when the store cannot be written (nothing is recorded then).
  @discardableResult
  public func record(
    _ report: ScanReport, run: RunInfo, manifest: [ManifestEntry], options: ReportOptions = ReportOptions()
  ) throws(DistillScanError) -> Int64 {
    let broken = Set(report.input.fileIssues.map(\.path))
    return try write { db in
      let s = report.input
      try db.execute(
        sql: """
          INSERT INTO runs (started_at, finished_at, tool_version, report_schema, inputs, incremental, files_skipped, complete,
            files, bytes_compressed, bytes, lines, accepted, rejected, accounts, incidents, config)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          run.startedAt ?? (report.generatedAt - report.elapsedSeconds), report.generatedAt, report.toolVersion,
          report.schemaVersion, Self.jsonArray(run.inputs), run.incremental, run.filesSkipped, run.complete, s.files, s.bytesCompressed,
          s.bytes, s.lines, s.accepted, s.rejectedTotal, report.accounts.count, report.incidents.count,
          Self.jsonObject(report.configuration.map { ($0.0, $0.1) }),
        ])
      let runID = db.lastInsertedRowID

      let fileStmt = try db.makeStatement(
        sql: "INSERT INTO files (run_id, path, size, mtime, fingerprint, status) VALUES (?, ?, ?, ?, ?, ?)")
      for e in manifest {
        let status = !run.complete ? "incomplete" : broken.contains(e.displayPath) ? "error" : "ok"
        try fileStmt.execute(arguments: [runID, e.path, e.size, e.mtime, e.fingerprint, status])
      }

      // One prepared statement for every account: a nightly run may have hundreds of thousands.
      let scoreStmt = try db.makeStatement(
        sql: """
          INSERT INTO account_scores (run_id, account, score, severity, signals, cluster, requests, output_tokens, first_seen, last_seen)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
      for a in report.accounts {
        var w = JSONWriter()
        w.beginObject()
        for (f, v) in a.signals { w.field(f, v) }
        w.endObject()
        try scoreStmt.execute(arguments: [
          runID, a.account, a.score, a.severity.rawValue, String(decoding: w.bytes, as: UTF8.self), a.cluster, a.requests,
          a.outputTokens, a.firstSeen, a.lastSeen,
        ])
      }

      let incStmt = try db.makeStatement(
        sql: """
          INSERT INTO incidents (run_id, incident_id, rank, kind, subject, score, severity, members, summary, requests,
            output_tokens, first_seen, last_seen, card)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
      let writer = JSONReportWriter()
      for inc in report.incidents {
        var card = JSONWriter()
        var plain = inc
        plain.verdict = nil  // verdicts live in their own table; the card is the scan's evidence
        writer.writeIncident(&card, plain, options: options)
        let strongest = ReportPresentation.firedSignals(inc).first ?? inc.signals.first
        try incStmt.execute(arguments: [
          runID, inc.id, inc.rank, inc.kind.rawValue, inc.subject, inc.score, inc.severity.rawValue, Self.jsonArray(inc.members),
          strongest.map { "\($0.fingerprint): \($0.summary)" } ?? "", inc.requests, inc.outputTokens, inc.firstSeen, inc.lastSeen,
          String(decoding: card.bytes, as: UTF8.self),
        ])
      }
      return runID
    }
  }

  static func jsonArray(_ items: [String]) -> String {
    var w = JSONWriter()
    w.beginArray()
    for i in items { w.string(i) }
    w.endArray()
    return String(decoding: w.bytes, as: UTF8.self)
  }

  static func jsonObject(_ pairs: [(String, String)]) -> String {
    var w = JSONWriter()
    w.beginObject()
    for (k, v) in pairs { w.field(k, v) }
    w.endObject()
    return String(decoding: w.bytes, as: UTF8.self)
  }
}

extension CaseStore {
  /// What ``prune(keepRuns:vacuum:)`` removed.
  public struct PruneResult: Sendable, Equatable {
    /// Runs whose scores and incidents were removed (their rows stay).
    public var runs: Int
    public var accountScores: Int
    public var incidents: Int
  }

  /// Drops the per-account scores and incident cards of all but the newest `keepRuns` runs — the
  /// bulk of the store (a row per account per run, ~10 KB per card). The runs themselves, their
  /// scanned-file manifest (which `--incremental` needs: deleting it would make the next
  /// incremental scan read every old file again) and all verdicts stay. `vacuum` then returns the
  /// freed pages to the file system.
  @discardableResult
  public func prune(keepRuns: Int, vacuum: Bool = false) throws(DistillScanError) -> PruneResult {
    let keep = max(1, keepRuns)
    let result = try write { db -> PruneResult in
      let cutoff = try Int64.fetchOne(db, sql: "SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?", arguments: [keep - 1]) ?? 0
      let runs = try Int.fetchOne(
        db, sql: "SELECT count(DISTINCT run_id) FROM (SELECT run_id FROM account_scores WHERE run_id < ? UNION SELECT run_id FROM incidents WHERE run_id < ?)",
        arguments: [cutoff, cutoff]) ?? 0
      try db.execute(sql: "DELETE FROM account_scores WHERE run_id < ?", arguments: [cutoff])
      let scores = db.changesCount
      try db.execute(sql: "DELETE FROM incidents WHERE run_id < ?", arguments: [cutoff])
      return PruneResult(runs: runs, accountScores: scores, incidents: db.changesCount)
    }
    if vacuum {
      do { try db.vacuum() } catch { throw Self.storeError(error, path: path) }
    }
    return result
  }
}
