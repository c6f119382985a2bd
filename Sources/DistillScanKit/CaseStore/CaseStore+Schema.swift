import GRDB

extension CaseStore {
  /// Every schema change is a new migration appended here, never an edit of an old one: stores
  /// written by earlier versions are migrated on open (docs/case-store.md, "Schema").
  ///
  /// - `v1-scan-history`: runs, the scanned-file manifest, account scores and incidents.
  /// - `v2-verdicts`: analyst verdicts (added after the first stores existed).
  static let migrator: DatabaseMigrator = {
    var m = DatabaseMigrator()
    m.registerMigration("v1-scan-history") { db in
      try db.execute(sql: "PRAGMA application_id = \(CaseStore.applicationID)")
      try db.create(table: "runs") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("started_at", .double).notNull()
        t.column("finished_at", .double).notNull()
        t.column("tool_version", .text).notNull()
        t.column("report_schema", .text).notNull()
        // The paths given on the command line (JSON array of strings).
        t.column("inputs", .text).notNull()
        t.column("incremental", .boolean).notNull().defaults(to: false)
        t.column("files_skipped", .integer).notNull().defaults(to: 0)
        // False when the scan stopped early (`--max-errors`): its counts cover part of the input.
        t.column("complete", .boolean).notNull().defaults(to: true)
        t.column("files", .integer).notNull()
        t.column("bytes_compressed", .integer).notNull()
        t.column("bytes", .integer).notNull()
        t.column("lines", .integer).notNull()
        t.column("accepted", .integer).notNull()
        t.column("rejected", .integer).notNull()
        t.column("accounts", .integer).notNull()
        t.column("incidents", .integer).notNull()
        // Flattened configuration, as report.json's `config` (JSON object of strings).
        t.column("config", .text).notNull()
      }
      try db.create(table: "files") { t in
        t.autoIncrementedPrimaryKey("id")
        t.column("run_id", .integer).notNull().references("runs", onDelete: .cascade)
        // Absolute, symlink-free path: the manifest key (cron may run from any directory).
        t.column("path", .text).notNull()
        t.column("size", .integer).notNull()
        t.column("mtime", .double).notNull()
        t.column("fingerprint", .text).notNull()
        // "ok", or "error" when the file could not be read to the end (retried next time).
        t.column("status", .text).notNull()
      }
      try db.create(index: "files_on_path_fingerprint", on: "files", columns: ["path", "fingerprint"])
      try db.create(table: "account_scores") { t in
        t.column("run_id", .integer).notNull().references("runs", onDelete: .cascade)
        t.column("account", .text).notNull()
        t.column("score", .double).notNull()
        t.column("severity", .text).notNull()
        // Fingerprint id → score or null (not evaluated), as accounts.jsonl's `signals`.
        t.column("signals", .text).notNull()
        t.column("cluster", .text)
        t.column("requests", .integer).notNull()
        t.column("output_tokens", .integer).notNull()
        t.column("first_seen", .double)
        t.column("last_seen", .double)
        t.primaryKey(["run_id", "account"])
      }
      try db.create(index: "account_scores_on_account", on: "account_scores", columns: ["account", "run_id"])
      try db.create(table: "incidents") { t in
        t.column("run_id", .integer).notNull().references("runs", onDelete: .cascade)
        t.column("incident_id", .text).notNull()
        t.column("rank", .integer).notNull()
        t.column("kind", .text).notNull()
        t.column("subject", .text).notNull()
        t.column("score", .double).notNull()
        t.column("severity", .text).notNull()
        t.column("members", .text).notNull()
        // The strongest fingerprint's one-sentence reason.
        t.column("summary", .text).notNull()
        t.column("requests", .integer).notNull()
        t.column("output_tokens", .integer).notNull()
        t.column("first_seen", .double)
        t.column("last_seen", .double)
        // The full evidence card, exactly as the incident object of report.json.
        t.column("card", .text).notNull()
        t.primaryKey(["run_id", "incident_id"])
      }
      try db.create(index: "incidents_on_incident_id", on: "incidents", columns: ["incident_id", "run_id"])
    }
    m.registerMigration("v2-verdicts") { db in
      try db.create(table: "verdicts") { t in
        t.autoIncrementedPrimaryKey("id")
        // An incident id: `acct:<account>` or `cluster:<label>`.
        t.column("subject", .text).notNull()
        t.column("verdict", .text).notNull()
          // Frozen with the migration (a later kind needs a new migration, not an edit here).
          .check(sql: "verdict IN ('confirmed', 'false-positive', 'benign', 'investigating')")
        t.column("note", .text)
        t.column("analyst", .text)
        t.column("created_at", .double).notNull()
      }
      try db.create(index: "verdicts_on_subject", on: "verdicts", columns: ["subject", "id"])
    }
    return m
  }()

  /// Identifiers of the migrations this version knows, oldest first.
  public static var schemaVersions: [String] { migrator.migrations }
}
