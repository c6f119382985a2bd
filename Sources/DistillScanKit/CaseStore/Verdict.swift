import GRDB

/// An analyst's conclusion about an incident subject. Raw values are the CLI values and what the
/// store and report.json hold.
public enum VerdictKind: String, Sendable, CaseIterable, Codable {
  case confirmed
  case falsePositive = "false-positive"
  case benign
  case investigating
}

/// One recorded verdict. The store keeps every verdict ever set (an audit trail); the current one
/// for a subject is the latest.
public struct Verdict: Sendable, Equatable {
  /// An incident id: `acct:<account>` or `cluster:<label>` (see ``normalizedSubject(_:)``).
  public var subject: String
  public var kind: VerdictKind
  public var note: String?
  public var analyst: String?
  /// When it was set (epoch seconds).
  public var at: Double

  public init(subject: String, kind: VerdictKind, note: String?, analyst: String?, at: Double) {
    self.subject = subject
    self.kind = kind
    self.note = note
    self.analyst = analyst
    self.at = at
  }

  /// Verdict subjects are incident ids, so a verdict follows an account or a cluster from night to
  /// night. `acct:…` and `cluster:…` are kept as given; anything else is an account id.
  public static func normalizedSubject(_ s: String) -> String {
    s.hasPrefix("acct:") || s.hasPrefix("cluster:") ? s : "acct:" + s
  }

  init(row: Row) throws {
    subject = try row.decode(forColumn: "subject")
    kind = VerdictKind(rawValue: try row.decode(forColumn: "verdict")) ?? .investigating
    note = try row.decode(forColumn: "note")
    analyst = try row.decode(forColumn: "analyst")
    at = try row.decode(forColumn: "created_at")
  }
}

extension CaseStore {
  /// Records a verdict (appended; the latest per subject is the current one).
  /// - Throws: ``DistillScanError`` when the store cannot be written.
  public func setVerdict(_ v: Verdict) throws(DistillScanError) {
    try write { db in
      try db.execute(
        sql: "INSERT INTO verdicts (subject, verdict, note, analyst, created_at) VALUES (?, ?, ?, ?, ?)",
        arguments: [v.subject, v.kind.rawValue, v.note, v.analyst, v.at])
    }
  }

  /// The current verdict of every subject that has one, keyed by subject (for report annotations).
  public func currentVerdicts() throws(DistillScanError) -> [String: Verdict] {
    try read { db in try Self.currentVerdicts(db) }
  }

  /// Every verdict on these subjects, oldest first.
  public func verdicts(subjects: [String]) throws(DistillScanError) -> [Verdict] {
    guard !subjects.isEmpty else { return [] }
    return try read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM verdicts WHERE subject IN (\(databaseQuestionMarks(count: subjects.count))) ORDER BY id",
        arguments: StatementArguments(subjects)
      ).map { try Verdict(row: $0) }
    }
  }

  /// Whether the store has seen this subject: an incident with this id, or (for `acct:X`) account X
  /// in any run. `verdict` refuses unknown subjects unless forced (a typo would be recorded forever).
  public func knowsSubject(_ subject: String) throws(DistillScanError) -> Bool {
    try read { db in
      if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM incidents WHERE incident_id = ?)", arguments: [subject]) ?? false {
        return true
      }
      guard subject.hasPrefix("acct:") else { return false }
      return try Bool.fetchOne(
        db, sql: "SELECT EXISTS (SELECT 1 FROM account_scores WHERE account = ?)", arguments: [String(subject.dropFirst(5))]) ?? false
    }
  }
}
