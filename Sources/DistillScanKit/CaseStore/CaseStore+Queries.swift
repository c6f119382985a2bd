import Foundation
import GRDB

/// A recorded scan run.
public struct StoredRun: Sendable, Equatable {
  public var id: Int64
  public var startedAt: Double
  public var finishedAt: Double
  public var toolVersion: String
  public var inputs: [String]
  public var incremental: Bool
  public var filesSkipped: Int
  /// False when the scan stopped early on `--max-errors`.
  public var complete: Bool
  public var files: Int
  public var bytes: Int
  public var lines: Int
  public var accepted: Int
  public var rejected: Int
  public var accounts: Int
  public var incidents: Int

  init(row: Row) throws {
    id = try row.decode(forColumn: "id")
    startedAt = try row.decode(forColumn: "started_at")
    finishedAt = try row.decode(forColumn: "finished_at")
    toolVersion = try row.decode(forColumn: "tool_version")
    inputs = CaseStore.decodeStrings(try row.decode(forColumn: "inputs"))
    incremental = try row.decode(forColumn: "incremental")
    filesSkipped = try row.decode(forColumn: "files_skipped")
    complete = try row.decode(forColumn: "complete")
    files = try row.decode(forColumn: "files")
    bytes = try row.decode(forColumn: "bytes")
    lines = try row.decode(forColumn: "lines")
    accepted = try row.decode(forColumn: "accepted")
    rejected = try row.decode(forColumn: "rejected")
    accounts = try row.decode(forColumn: "accounts")
    incidents = try row.decode(forColumn: "incidents")
  }
}

/// An incident as recorded in one run.
public struct StoredIncident: Sendable, Equatable {
  public var runID: Int64
  public var id: String
  public var rank: Int
  public var kind: String
  public var subject: String
  public var score: Double
  public var severity: Severity
  public var members: [String]
  public var summary: String
  public var requests: Int
  public var firstSeen: Double?
  public var lastSeen: Double?
  /// The evidence card: the incident object of report.json, as JSON text.
  public var card: String

  init(row: Row) throws {
    runID = try row.decode(forColumn: "run_id")
    id = try row.decode(forColumn: "incident_id")
    rank = try row.decode(forColumn: "rank")
    kind = try row.decode(forColumn: "kind")
    subject = try row.decode(forColumn: "subject")
    score = try row.decode(forColumn: "score")
    severity = Severity(rawValue: try row.decode(forColumn: "severity")) ?? .info
    members = CaseStore.decodeStrings(try row.decode(forColumn: "members"))
    summary = try row.decode(forColumn: "summary")
    requests = try row.decode(forColumn: "requests")
    firstSeen = try row.decode(forColumn: "first_seen")
    lastSeen = try row.decode(forColumn: "last_seen")
    card = try row.decode(forColumn: "card")
  }
}

/// One account's score in one run.
public struct AccountRunScore: Sendable, Equatable {
  public var runID: Int64
  public var runFinishedAt: Double
  public var runIncremental: Bool
  public var score: Double
  public var severity: Severity
  /// Fingerprint id → score (nil = not evaluated), strongest first.
  public var signals: [Signal]
  public var cluster: String?
  public var requests: Int
  /// The incident that carried the account in that run (its own, or its cluster's), if any.
  public var incidentID: String?
  public var incidentRank: Int?

  public struct Signal: Sendable, Equatable {
    public var fingerprint: String
    public var score: Double?
  }
}

/// Everything the store knows about one account, oldest run first.
public struct AccountHistory: Sendable, Equatable {
  public var account: String
  public var entries: [AccountRunScore]
  /// Verdicts on the account (`acct:<id>`) and on clusters it was part of, oldest first.
  public var verdicts: [Verdict]
}

/// A change of one account's score between two runs.
public struct ScoreDelta: Sendable, Equatable {
  public var account: String
  public var from: Double
  public var to: Double
  public var fromSeverity: Severity
  public var toSeverity: Severity
  public var delta: Double { to - from }
}

/// What changed between two runs (`distillscan diff`).
public struct RunDiff: Sendable, Equatable {
  public var from: StoredRun
  public var to: StoredRun
  /// Incidents in `to` whose id is not in `from`, by rank.
  public var new: [StoredIncident]
  /// Incidents in `from` whose id is not in `to`, by former rank. After an incremental `to` run
  /// this means "not seen in the new files", not "stopped".
  public var resolved: [StoredIncident]
  /// Incidents in both runs with a different severity: (from, to), by rank in `to`.
  public var severityChanged: [(StoredIncident, StoredIncident)]
  /// Accounts in both runs whose score moved by at least `minDelta`, largest move first.
  public var scoreDeltas: [ScoreDelta]
  public var minDelta: Double
  /// Current verdicts of the subjects above.
  public var verdicts: [String: Verdict]

  public static func == (a: RunDiff, b: RunDiff) -> Bool {
    a.from == b.from && a.to == b.to && a.new == b.new && a.resolved == b.resolved
      && a.severityChanged.map(\.0) == b.severityChanged.map(\.0) && a.severityChanged.map(\.1) == b.severityChanged.map(\.1)
      && a.scoreDeltas == b.scoreDeltas && a.minDelta == b.minDelta && a.verdicts == b.verdicts
  }
}

/// One account's case file (`distillscan investigate`).
public struct Investigation: Sendable, Equatable {
  public var account: String
  /// The latest incident that involved the account, with the run that found it.
  public var incident: StoredIncident?
  public var incidentRun: StoredRun?
  public var history: AccountHistory
}

extension CaseStore {
  /// Every run, oldest first.
  public func runs() throws(DistillScanError) -> [StoredRun] {
    try read { db in try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id").map { try StoredRun(row: $0) } }
  }

  /// The run with this id, or nil.
  public func run(id: Int64) throws(DistillScanError) -> StoredRun? {
    try read { db in try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]).map { try StoredRun(row: $0) } }
  }

  /// The account's score in every run that saw it, with the incident that carried it and the
  /// verdicts on it and on its clusters.
  public func history(account: String) throws(DistillScanError) -> AccountHistory {
    try read { db in try Self.history(db, account: account) }
  }

  static func history(_ db: Database, account: String) throws -> AccountHistory {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT s.*, r.finished_at, r.incremental,
          (SELECT i.incident_id FROM incidents i WHERE i.run_id = s.run_id
             AND (i.incident_id = 'acct:' || s.account OR EXISTS (SELECT 1 FROM json_each(i.members) WHERE value = s.account))
             ORDER BY i.rank LIMIT 1) AS incident_id
        FROM account_scores s JOIN runs r ON r.id = s.run_id
        WHERE s.account = ? ORDER BY s.run_id
        """, arguments: [account])
    var entries: [AccountRunScore] = []
    for r in rows {
      let incidentID: String? = try r.decode(forColumn: "incident_id")
      var rank: Int?
      if let incidentID {
        rank = try Int.fetchOne(
          db, sql: "SELECT rank FROM incidents WHERE run_id = ? AND incident_id = ?", arguments: [r["run_id"], incidentID])
      }
      entries.append(
        AccountRunScore(
          runID: try r.decode(forColumn: "run_id"), runFinishedAt: try r.decode(forColumn: "finished_at"), runIncremental: try r.decode(forColumn: "incremental"), score: try r.decode(forColumn: "score"),
          severity: Severity(rawValue: try r.decode(forColumn: "severity")) ?? .info, signals: decodeSignals(try r.decode(forColumn: "signals")), cluster: try r.decode(forColumn: "cluster"),
          requests: try r.decode(forColumn: "requests"), incidentID: incidentID, incidentRank: rank))
    }
    var subjects = ["acct:" + account]
    for c in Set(entries.compactMap(\.cluster)).sorted() { subjects.append("cluster:" + c) }
    let verdicts = try Row.fetchAll(
      db, sql: "SELECT * FROM verdicts WHERE subject IN (\(databaseQuestionMarks(count: subjects.count))) ORDER BY id",
      arguments: StatementArguments(subjects)
    ).map { try Verdict(row: $0) }
    return AccountHistory(account: account, entries: entries, verdicts: verdicts)
  }

  /// Compares two runs (default: the last two).
  /// - Parameters:
  ///   - from: earlier run id (nil = the run before `to`).
  ///   - to: later run id (nil = the latest run).
  ///   - minDelta: smallest account score change listed.
  /// - Throws: `.usage` when a given run id does not exist; `.io` when the store has fewer than
  ///   two runs to compare.
  public func diff(from: Int64?, to: Int64?, minDelta: Double) throws(DistillScanError) -> RunDiff {
    let all = try runs()
    func find(_ id: Int64) throws(DistillScanError) -> StoredRun {
      guard let r = all.first(where: { $0.id == id }) else {
        throw DistillScanError(.usage, "no run \(id) in the store (runs: \(Self.idRange(all)))", path: path)
      }
      return r
    }
    let toRun: StoredRun
    if let to { toRun = try find(to) } else {
      guard let last = all.last else { throw DistillScanError(.io, "the store has no runs yet", path: path) }
      toRun = last
    }
    let fromRun: StoredRun
    if let from { fromRun = try find(from) } else {
      guard let prev = all.last(where: { $0.id < toRun.id }) else {
        throw DistillScanError(.io, "nothing to compare: no run before run \(toRun.id)", path: path)
      }
      fromRun = prev
    }
    return try read { db in
      func incidents(_ run: Int64) throws -> [StoredIncident] {
        try Row.fetchAll(db, sql: "SELECT * FROM incidents WHERE run_id = ? ORDER BY rank", arguments: [run]).map { try StoredIncident(row: $0) }
      }
      let a = try incidents(fromRun.id), b = try incidents(toRun.id)
      let aByID = Dictionary(a.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
      let bIDs = Set(b.map(\.id))
      let new = b.filter { aByID[$0.id] == nil }
      let resolved = a.filter { !bIDs.contains($0.id) }
      let changed = b.compactMap { inc in aByID[inc.id].flatMap { $0.severity != inc.severity ? ($0, inc) : nil } }
      let deltas = try Row.fetchAll(
        db,
        sql: """
          SELECT a.account, a.score AS from_score, b.score AS to_score, a.severity AS from_sev, b.severity AS to_sev
          FROM account_scores a JOIN account_scores b ON b.account = a.account AND b.run_id = ?
          WHERE a.run_id = ? AND abs(b.score - a.score) >= ?
          """, arguments: [toRun.id, fromRun.id, minDelta - 1e-9]
      ).map {
        ScoreDelta(
          account: $0["account"], from: $0["from_score"], to: $0["to_score"], fromSeverity: Severity(rawValue: $0["from_sev"]) ?? .info,
          toSeverity: Severity(rawValue: $0["to_sev"]) ?? .info)
      }.sorted { (abs($0.delta), $1.account) > (abs($1.delta), $0.account) }
      let subjects = Set((new + resolved + changed.map(\.1)).map(\.id))
      let current = try Self.currentVerdicts(db).filter { subjects.contains($0.key) }
      return RunDiff(
        from: fromRun, to: toRun, new: new, resolved: resolved, severityChanged: changed, scoreDeltas: deltas, minDelta: minDelta,
        verdicts: current)
    }
  }

  /// The latest incident involving the account (its own or a cluster's), plus its history.
  public func investigate(account: String) throws(DistillScanError) -> Investigation {
    try read { db in
      let history = try Self.history(db, account: account)
      let incident = try Row.fetchOne(
        db,
        sql: """
          SELECT * FROM incidents i
          WHERE i.incident_id = ? OR EXISTS (SELECT 1 FROM json_each(i.members) WHERE value = ?)
          ORDER BY i.run_id DESC, (i.incident_id = ?) DESC, i.rank LIMIT 1
          """, arguments: ["acct:" + account, account, "acct:" + account]
      ).map { try StoredIncident(row: $0) }
      let run = try incident.flatMap { try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [$0.runID]) }
        .map { try StoredRun(row: $0) }
      return Investigation(account: account, incident: incident, incidentRun: run, history: history)
    }
  }

  static func currentVerdicts(_ db: Database) throws -> [String: Verdict] {
    let rows = try Row.fetchAll(db, sql: "SELECT * FROM verdicts v WHERE id = (SELECT max(id) FROM verdicts WHERE subject = v.subject)")
    return Dictionary(try rows.map { r in let v = try Verdict(row: r); return (v.subject, v) }, uniquingKeysWith: { _, b in b })
  }

  static func idRange(_ runs: [StoredRun]) -> String {
    guard let a = runs.first, let b = runs.last else { return "none" }
    return a.id == b.id ? "\(a.id)" : "\(a.id)–\(b.id)"
  }

  static func decodeStrings(_ json: String) -> [String] {
    (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String] ?? []
  }

  /// The stored `signals` object, strongest first (not evaluated last, then by id).
  static func decodeSignals(_ json: String) -> [AccountRunScore.Signal] {
    guard let obj = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return [] }
    return obj.map { AccountRunScore.Signal(fingerprint: $0.key, score: ($0.value as? NSNumber)?.doubleValue) }
      .sorted { ($0.score ?? -1, $1.fingerprint) > ($1.score ?? -1, $0.fingerprint) }
  }
}

extension CaseStore {
  /// Input files of every recorded run in which `account` has a score: where its raw requests
  /// are (`investigate --requests` re-reads them). Sorted, de-duplicated.
  public func inputFiles(account: String) throws(DistillScanError) -> [String] {
    try read { db in
      try String.fetchAll(
        db,
        sql: """
          SELECT DISTINCT f.path FROM files f JOIN account_scores s ON s.run_id = f.run_id
          WHERE s.account = ? ORDER BY f.path
          """,
        arguments: [account])
    }
  }
}
