import Foundation
import Testing

@testable import DistillScanKit

/// The scanned-file manifest behind `scan --store --incremental`.
@Suite struct FileManifestTests {
  func write(_ path: String, _ text: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }

  @Test func fingerprintsFollowContentNotMtime() throws {
    let dir = StoreFixture.scratch()
    try write(dir + "/a", "one\n")
    let a = try #require(FileFingerprint.of(path: dir + "/a"))
    try write(dir + "/a", "one\n")  // rewritten, same bytes
    #expect(FileFingerprint.of(path: dir + "/a")?.fingerprint == a.fingerprint)
    try write(dir + "/a", "one\ntwo\n")
    #expect(FileFingerprint.of(path: dir + "/a")?.fingerprint != a.fingerprint)
    // A large file changed only in its last block.
    let big = String(repeating: "x", count: 300_000)
    try write(dir + "/b", big + "1")
    let b1 = try #require(FileFingerprint.of(path: dir + "/b"))
    try write(dir + "/b", big + "2")
    #expect(FileFingerprint.of(path: dir + "/b")?.fingerprint != b1.fingerprint)
    #expect(FileFingerprint.of(path: dir + "/missing") == nil)
  }

  @Test func incrementalSkipsFilesAlreadyScannedWithTheSameFingerprint() throws {
    let dir = StoreFixture.scratch()
    for n in ["1", "2", "3"] { try write(dir + "/log-\(n).jsonl", "{\"n\":\(n)}\n") }
    let store = try StoreFixture.store()
    let inputs = try InputDiscovery.expand([dir])
    #expect(inputs.count == 3)

    // Empty manifest: everything is scanned.
    let first = try store.plan(inputs: inputs, incremental: true)
    #expect(first.toScan == inputs && first.skipped.isEmpty && first.manifest.count == 3)
    // The manifest key is the absolute path, whatever the spelling on the command line.
    #expect(first.manifest.allSatisfy { $0.path.hasPrefix("/") })
    var report = StoreFixture.report(at: 1, incidents: [], accounts: [])
    report.input.fileIssues = [FileIssue(path: dir + "/log-3.jsonl", message: "truncated", offset: nil)]
    try store.record(report, run: RunInfo(inputs: [dir]), manifest: first.manifest)

    // Unchanged files are skipped, the file that failed is read again, a changed one too.
    try write(dir + "/log-2.jsonl", "{\"n\":2}\n{\"n\":22}\n")
    try write(dir + "/log-4.jsonl", "{\"n\":4}\n")
    let second = try store.plan(inputs: try InputDiscovery.expand([dir]), incremental: true)
    #expect(second.skipped.compactMap(\.path) == [dir + "/log-1.jsonl"])
    #expect(second.toScan.compactMap(\.path) == ["2", "3", "4"].map { dir + "/log-\($0).jsonl" })
    #expect(second.manifest.count == 3)

    // Without --incremental nothing is skipped, but the files are still fingerprinted for later.
    let full = try store.plan(inputs: inputs, incremental: false)
    #expect(full.skipped.isEmpty && full.manifest.count == 3)
  }

  @Test func anIncompleteRunMarksNoFileAsScanned() throws {
    let dir = StoreFixture.scratch()
    try write(dir + "/x.jsonl", "{}\n")
    let store = try StoreFixture.store()
    let inputs = try InputDiscovery.expand([dir])
    let plan = try store.plan(inputs: inputs, incremental: true)
    try store.record(StoreFixture.report(at: 1, incidents: [], accounts: []), run: RunInfo(inputs: [dir], complete: false), manifest: plan.manifest)
    #expect(try store.plan(inputs: inputs, incremental: true).skipped.isEmpty)
    #expect(try store.runs().first?.complete == false)
  }
}

/// `prune`: the per-account rows of old runs go, the runs, their manifest and the verdicts stay.
@Suite struct CaseStorePruneTests {
  @Test func pruneKeepsRunsManifestAndVerdicts() throws {
    let dir = StoreFixture.scratch()
    try Data("{\"n\":1}\n".utf8).write(to: URL(fileURLWithPath: dir + "/log.jsonl"))
    let store = try StoreFixture.store()
    let inputs = try InputDiscovery.expand([dir])
    for night in 1...3 {
      let report = StoreFixture.report(
        at: Double(night) * 86_400, incidents: [StoreFixture.incident("acct:a", .high, 0.8, rank: 1)],
        accounts: [StoreFixture.account("a", 0.8), StoreFixture.account("b", 0.1)])
      let plan = try store.plan(inputs: inputs, incremental: false)
      try store.record(report, run: RunInfo(inputs: [dir]), manifest: plan.manifest)
    }
    try store.setVerdict(Verdict(subject: "acct:a", kind: .confirmed, note: nil, analyst: "x", at: 1))
    #expect(try store.history(account: "a").entries.count == 3)

    let r = try store.prune(keepRuns: 1, vacuum: true)
    #expect(r == CaseStore.PruneResult(runs: 2, accountScores: 4, incidents: 2))
    #expect(try store.runs().count == 3, "runs stay")
    #expect(try store.history(account: "a").entries.count == 1, "scores of the newest run only")
    #expect(try store.investigate(account: "a").incident != nil)
    #expect(try store.currentVerdicts()["acct:a"]?.kind == .confirmed)
    #expect(try store.plan(inputs: inputs, incremental: true).toScan.isEmpty, "the manifest still skips the scanned file")
    #expect(try store.prune(keepRuns: 1) == CaseStore.PruneResult(runs: 0, accountScores: 0, incidents: 0), "idempotent")
  }
}
