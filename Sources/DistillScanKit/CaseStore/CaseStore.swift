import GRDB
import Glibc

/// The case store (DESIGN §8): one SQLite file holding scan runs, the scanned-file manifest,
/// account scores per run, incidents with their evidence cards, and analyst verdicts.
///
/// `scan --store` writes it; `history`, `diff`, `investigate` and `verdict` read it. Schema and
/// semantics: docs/case-store.md. Every method is synchronous and throws ``DistillScanError`` only:
/// a missing, foreign or corrupt file is a clear error, never a crash.
///
/// One ``DatabaseQueue`` (one connection, serialised) per store: the nightly cron job and an
/// analyst's `verdict` may touch the file at the same time, so writers wait for the lock
/// (busy timeout) instead of failing at once.
public final class CaseStore: Sendable {
  /// Path of the SQLite file.
  public let path: String
  let db: DatabaseQueue

  /// `PRAGMA application_id` of a case store ("DSCS"): tells our file from any other SQLite file,
  /// so `--store` pointed at the wrong database refuses it instead of adding tables to it.
  static let applicationID: Int32 = 0x4453_4353
  /// How long a writer waits for another process holding the lock.
  static let busyTimeout: Double = 30

  /// Opens (and migrates) a case store.
  /// - Parameters:
  ///   - path: the SQLite file.
  ///   - create: create the file when it does not exist (`scan --store`); read commands pass
  ///     false so a mistyped path is an error, not a new empty store.
  /// - Throws: `.io` when the file is missing (and `create` is false) or cannot be opened;
  ///   `.corruptInput` when it is not a SQLite database, not a case store, or written by a newer
  ///   distillscan.
  public static func open(path: String, create: Bool) throws(DistillScanError) -> CaseStore {
    var st = stat()
    let exists = stat(path, &st) == 0
    if !exists && !create { throw DistillScanError(.io, "no case store here (run `distillscan scan … --store FILE` first)", path: path) }
    if exists && (st.st_mode & S_IFMT) != S_IFREG { throw DistillScanError(.io, "not a regular file", path: path) }
    var config = Configuration()
    config.busyMode = .timeout(busyTimeout)
    config.label = "distillscan.casestore"
    let queue: DatabaseQueue
    do {
      queue = try DatabaseQueue(path: path, configuration: config)
    } catch {
      throw storeError(error, path: path)
    }
    let store = CaseStore(path: path, db: queue)
    try store.prepare()
    return store
  }

  init(path: String, db: DatabaseQueue) {
    self.path = path
    self.db = db
  }

  /// Checks the file is ours (or empty), then applies pending migrations.
  func prepare() throws(DistillScanError) {
    // One read transaction: a consistent snapshot. Two separate reads could see another process's
    // new store half-way (no tables yet when reading the id, tables when counting them) and call
    // our own store "not a case store".
    try read { db in
      // Reading the header is the first real access: a non-SQLite file fails here (SQLITE_NOTADB).
      let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
      // GRDB's own bookkeeping table is created (and committed) before the first migration runs:
      // a store another process is creating right now has it before it has our application id.
      let tables =
        try Int.fetchOne(
          db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT IN ('grdb_migrations') AND name NOT LIKE 'sqlite_%'")
        ?? 0
      if tables > 0 && appID != Self.applicationID {
        throw DistillScanError(.corruptInput, "a SQLite database, but not a distillscan case store", path: self.path)
      }
      if try Self.migrator.hasBeenSuperseded(db) {
        throw DistillScanError(
          .corruptInput, "written by a newer distillscan (schema \(try Self.migrator.appliedIdentifiers(db).sorted().last ?? "?")); upgrade distillscan",
          path: self.path)
      }
    }
    // Two cron jobs creating (or upgrading) the same store at once: both read "nothing applied",
    // the second then fails on "table already exists" once the first commits. GRDB's migrator
    // reads the applied migrations again on each call, so retrying a few times after a short wait
    // lets the second see the first's work (measured: 6 of 12 concurrent first scans failed).
    var attempt = 0
    while true {
      do {
        try Self.migrator.migrate(db)
        return
      } catch {
        attempt += 1
        guard attempt < 6, let e = error as? DatabaseError, e.resultCode == .SQLITE_ERROR || e.resultCode == .SQLITE_BUSY else {
          throw Self.storeError(error, path: path)
        }
        usleep(UInt32(20_000 * attempt))
      }
    }
  }

  /// Runs `body` in a write transaction, mapping database errors to ``DistillScanError``.
  func write<T>(_ body: (Database) throws -> T) throws(DistillScanError) -> T {
    do {
      return try db.write(body)
    } catch {
      throw Self.storeError(error, path: path)
    }
  }

  /// Runs `body` with a read-only view of the database.
  func read<T>(_ body: (Database) throws -> T) throws(DistillScanError) -> T {
    do {
      return try db.read(body)
    } catch {
      throw Self.storeError(error, path: path)
    }
  }

  /// Like ``read(_:)`` but outside a transaction (pragmas, schema checks before migrating).
  func access<T>(_ body: (Database) throws -> T) throws(DistillScanError) -> T {
    do {
      return try db.inDatabase(body)
    } catch {
      throw Self.storeError(error, path: path)
    }
  }

  /// A user-facing error for a database failure: names the file and says what is wrong with it.
  static func storeError(_ error: any Error, path: String) -> DistillScanError {
    if let e = error as? DistillScanError { return e }
    guard let e = error as? DatabaseError else { return DistillScanError(.io, "case store: \(error)", path: path) }
    switch e.resultCode {
    case .SQLITE_NOTADB:
      return DistillScanError(.corruptInput, "not a distillscan case store (the file is not a SQLite database)", path: path)
    case .SQLITE_CORRUPT:
      return DistillScanError(.corruptInput, "case store is corrupt (\(e.message ?? "malformed database")); restore it from a backup", path: path)
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return DistillScanError(.io, "case store is locked by another process (waited \(Int(busyTimeout)) s)", path: path)
    case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_FULL:
      return DistillScanError(.io, "cannot use case store: \(e.message ?? "\(e.resultCode)")", path: path)
    default:
      return DistillScanError(.io, "case store: \(e.message ?? "\(e.resultCode)")", path: path)
    }
  }
}
