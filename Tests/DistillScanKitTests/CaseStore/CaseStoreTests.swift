import Foundation
import GRDB
import Testing

@testable import DistillScanKit

/// The store itself: what a run records, history across runs, schema migrations, and files that
/// are not (or no longer) a usable case store.
@Suite struct CaseStoreTests {
  @Test func aRecordedRunReadsBackWithItsTotalsScoresAndCards() throws {
    let store = try StoreFixture.store()
    let report = SampleReports.standard()
    let id = try store.record(report, run: RunInfo(inputs: ["/logs/night"], startedAt: 1_000), manifest: [])
    #expect(id == 1)

    let runs = try store.runs()
    #expect(runs.count == 1)
    let run = try #require(runs.first)
    #expect(run.id == id && run.startedAt == 1_000 && run.finishedAt == report.generatedAt)
    #expect(run.inputs == ["/logs/night"] && !run.incremental && run.complete)
    #expect(run.files == report.input.files && run.lines == report.input.lines && run.accepted == report.input.accepted)
    #expect(run.rejected == report.input.rejectedTotal && run.bytes == report.input.bytes)
    #expect(run.accounts == report.accounts.count && run.incidents == report.incidents.count)

    // Every account's score and signals, every incident with the exact report.json card.
    for a in report.accounts {
      let h = try store.history(account: a.account)
      let e = try #require(h.entries.first)
      #expect(h.entries.count == 1)
      #expect(e.score == a.score && e.severity == a.severity && e.cluster == a.cluster && e.requests == a.requests)
      #expect(Set(e.signals.map(\.fingerprint)) == Set(a.signals.map(\.0)))
      for (f, v) in a.signals { #expect(e.signals.first { $0.fingerprint == f }?.score == v) }
    }
    let inc = try #require(report.incidents.first)
    let inv = try store.investigate(account: inc.members[0])
    let stored = try #require(inv.incident)
    #expect(stored.id == inc.id && stored.rank == inc.rank && stored.severity == inc.severity && stored.members == inc.members)
    var w = JSONWriter()
    JSONReportWriter().writeIncident(&w, inc, options: ReportOptions())
    #expect(stored.card == String(decoding: w.bytes, as: UTF8.self))
    #expect(inv.incidentRun?.id == id)
  }

  /// A store whose rows were edited by hand (SQLite keeps any type in any column): reading a
  /// mistyped value is an error naming the store, not a crash (GRDB's `row[…]` traps).
  @Test func mistypedRowsAreErrorsNotCrashes() throws {
    let path = StoreFixture.scratch() + "/cases.db"
    let store = try CaseStore.open(path: path, create: true)
    let report = SampleReports.standard()
    try store.record(report, run: RunInfo(inputs: ["/logs/night"], startedAt: 1_000), manifest: [])
    let q = try DatabaseQueue(path: path)
    try q.write { db in
      try db.execute(sql: "UPDATE runs SET files = 'many'")
      try db.execute(sql: "UPDATE incidents SET rank = 'first'")
      try db.execute(sql: "UPDATE account_scores SET score = 'high'")
    }
    try q.close()
    let reopened = try CaseStore.open(path: path, create: false)
    #expect(throws: DistillScanError.self) { try reopened.runs() }
    let account = try #require(report.incidents.first?.members.first)
    #expect(throws: DistillScanError.self) { try reopened.investigate(account: account) }
    #expect(throws: DistillScanError.self) { try reopened.history(account: account) }
  }

  @Test func redactedScansStoreRedactedCards() throws {
    let store = try StoreFixture.store()
    var options = ReportOptions()
    options.redact = true
    try store.record(SampleReports.standard(), run: RunInfo(inputs: []), manifest: [], options: options)
    let cards = try store.read { db in try String.fetchAll(db, sql: "SELECT card FROM incidents") }
    #expect(!cards.isEmpty)
    for c in cards { #expect(!c.contains(SampleReports.sentinel)) }
  }

  /// Two nights of the bundled corpus (the first night sees only the early hours): the history
  /// follows the account's real score from each run's scorer output.
  @Test func historyAcrossTwoRunsOfTheFixtureCorpus() throws {
    let dir = Fixture.path("corpus/canonical/canonical/2026/02/09")
    let all = try InputDiscovery.expand([dir])
    let early = all.filter { ($0.path ?? "").contains("T0") }
    #expect(!early.isEmpty && early.count < all.count)
    let store = try StoreFixture.store()
    var reports: [ScanReport] = []
    for (night, inputs) in [early, all].enumerated() {
      var config = ScanConfiguration()
      config.inputs = inputs
      config.workers = 2
      let report = Scorer.buildReport(ScanPipeline.run(config), config: config, now: 1_771_000_000 + Double(night) * 86_400)
      try store.record(report, run: RunInfo(inputs: [dir]), manifest: [])
      reports.append(report)
    }
    // The top account of the full night, seen in both runs.
    let top = try #require(reports[1].incidents.first { $0.kind == .account })
    let account = top.subject
    let h = try store.history(account: account)
    #expect(h.entries.map(\.runID) == [1, 2])
    #expect(h.entries.map(\.score) == reports.map { r in r.accounts.first { $0.account == account }?.score ?? -1 })
    #expect(h.entries[1].incidentID == top.id && h.entries[1].incidentRank == top.rank)
    #expect(h.entries[1].requests > h.entries[0].requests)
    let text = CaseStoreOutput.historyText(h)
    #expect(text.contains(account) && text.contains(top.id))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(CaseStoreOutput.historyJSON(h).utf8)) as? [String: Any])
    #expect((json["runs"] as? [[String: Any]])?.count == 2)
    // An account the store never saw has no history.
    #expect(try store.history(account: "no-such-account").entries.isEmpty)
  }

  /// A store written before verdicts existed (only the first migration applied) keeps its runs and
  /// gains the verdicts table when opened.
  @Test func anOlderStoreIsMigratedOnOpen() throws {
    let path = StoreFixture.scratch() + "/old.db"
    do {
      let queue = try DatabaseQueue(path: path)
      try CaseStore.migrator.migrate(queue, upTo: "v1-scan-history")
      let old = CaseStore(path: path, db: queue)
      try old.record(SampleReports.standard(), run: RunInfo(inputs: ["old"]), manifest: [])
      let tables = try queue.read { db in try db.tableExists("verdicts") }
      #expect(!tables)
    }
    let store = try CaseStore.open(path: path, create: false)
    #expect(try store.runs().map(\.inputs) == [["old"]])
    let applied = try store.read { db in try CaseStore.migrator.appliedIdentifiers(db) }
    #expect(applied == Set(CaseStore.schemaVersions))
    try store.setVerdict(Verdict(subject: "acct:x", kind: .benign, note: nil, analyst: nil, at: 1))
    #expect(try store.currentVerdicts()["acct:x"]?.kind == .benign)
  }

  @Test func aStoreFromANewerVersionIsRefused() throws {
    let path = StoreFixture.scratch() + "/new.db"
    do {
      var future = CaseStore.migrator
      future.registerMigration("v99-future") { db in try db.execute(sql: "CREATE TABLE future (x)") }
      try future.migrate(try DatabaseQueue(path: path))
    }
    let error = #expect(throws: DistillScanError.self) { try CaseStore.open(path: path, create: false) }
    #expect(error?.code == .corruptInput)
    #expect(error?.message.contains("newer distillscan") == true)
  }

  @Test func missingForeignAndCorruptFilesAreClearErrors() throws {
    let dir = StoreFixture.scratch()
    // Missing: read commands do not create a store.
    let missing = #expect(throws: DistillScanError.self) { try CaseStore.open(path: dir + "/none.db", create: false) }
    #expect(missing?.code == .io)
    #expect(access(dir + "/none.db", F_OK) != 0)

    // Not SQLite at all.
    try Data("this is a log line, not a database\n".utf8 + [UInt8](repeating: 0x5A, count: 4096)).write(to: URL(fileURLWithPath: dir + "/junk.db"))
    let junk = #expect(throws: DistillScanError.self) { try CaseStore.open(path: dir + "/junk.db", create: true) }
    #expect(junk?.code == .corruptInput)
    #expect(junk?.description.contains("not a SQLite database") == true)

    // Someone else's SQLite database: refused, and left untouched.
    do {
      let q = try DatabaseQueue(path: dir + "/other.db")
      try q.write { db in try db.execute(sql: "CREATE TABLE notes (t TEXT)") }
    }
    let other = #expect(throws: DistillScanError.self) { try CaseStore.open(path: dir + "/other.db", create: true) }
    #expect(other?.message.contains("not a distillscan case store") == true)
    let untouched = try DatabaseQueue(path: dir + "/other.db").read { db in try db.tableExists("runs") }
    #expect(!untouched)

    // A real store whose pages were overwritten: an error from the first query, not a crash.
    let path = dir + "/broken.db"
    do {
      let store = try CaseStore.open(path: path, create: true)
      try store.record(SampleReports.standard(), run: RunInfo(inputs: []), manifest: [])
      try store.record(SampleReports.standard(), run: RunInfo(inputs: []), manifest: [])
      #expect(try store.diff(from: nil, to: nil, minDelta: 0).new.isEmpty)
    }
    let fd = open(path, O_WRONLY)
    #expect(fd >= 0)
    let garbage = [UInt8](repeating: 0xFF, count: 8192)
    #expect(pwrite(fd, garbage, garbage.count, 4096) == garbage.count)
    close(fd)
    let broken = #expect(throws: DistillScanError.self) {
      let s = try CaseStore.open(path: path, create: false)
      _ = try s.history(account: SampleReports.standard().accounts[0].account)
      _ = try s.diff(from: nil, to: nil, minDelta: 0)
    }
    #expect(broken?.code == .corruptInput)
  }
}
