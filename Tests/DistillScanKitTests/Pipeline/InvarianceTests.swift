import Testing
@testable import DistillScanKit

/// Results must not depend on how the work is split: worker count, chunk size and file order
/// only change scheduling (DESIGN §2: every per-account structure merges commutatively).
@Suite("worker/chunk invariance")
struct InvarianceTests {
  /// Every format, every codec, and damaged inputs, so that the stats are not trivially zero.
  static let files: [String] = [
    Fixture.bedrockS3, Fixture.cloudwatch, Fixture.spendLogs, Fixture.payload, Fixture.payloadPretty,
    Fixture.batch, Fixture.envelopes,
    Fixture.path("logs/sample.jsonl.zst"), Fixture.path("logs/sample.multi.jsonl.gz"),
    Fixture.path("logs/sample.jsonl.lz4"),
    Fixture.path("broken/malformed.jsonl"), Fixture.path("broken/nonutf8.jsonl"),
    Fixture.path("broken/truncated.jsonl.gz"), Fixture.path("broken/truncated.jsonl.zst"),
    Fixture.path("broken/corrupt.jsonl.lz4"), Fixture.path("broken/crc-mismatch.jsonl.gz"),
    Fixture.path("broken/huge-line.jsonl"), Fixture.path("broken/empty.jsonl"),
    Fixture.path("broken/late-format.jsonl"),
  ]

  static let orders: [[String]] = [files, files.reversed(), Array(files[7...] + files[..<7])]

  /// One workers=1, default-chunk, natural-order run as the reference.
  static let reference: ScanSnapshot = {
    ScanSnapshot(try! scan(files, workers: 1, maxLineBytes: 65536))
  }()

  @Test(arguments: [1, 2, 3], [64, 100, 4096, ScanConfiguration().chunkSize])
  func sameResultsWhateverTheSplit(workers: Int, chunk: Int) throws {
    let ref = Self.reference
    #expect(ref.accepted > 100)
    #expect(ref.rejected.count >= 5)
    for (i, order) in Self.orders.enumerated() {
      var snap = ScanSnapshot(try scan(order, workers: workers, chunkSize: chunk, maxLineBytes: 65536))
      if i != 0 {
        // The kept examples are the first few by file index, which a new order changes.
        snap.examples = ref.examples
      }
      // Compared as Bools so a failure prints the short summaries, not every account.
      let sameStats = snap == ref
      let sameAccounts = snap.accounts == ref.accounts
      #expect(sameStats, "workers \(workers), chunk \(chunk), order \(i): \(snap) vs \(ref)")
      #expect(sameAccounts, "workers \(workers), chunk \(chunk), order \(i)")
    }
  }

  @Test func accountingBalances() {
    let ref = Self.reference
    #expect(ref.lines == ref.accepted + ref.rejected.values.reduce(0, +))
  }
}
