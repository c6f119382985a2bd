import Testing
@testable import DistillScanKit

@Suite("codecs")
struct CodecTests {
  static let variants = [
    "logs/sample.jsonl", "logs/sample.jsonl.zst", "logs/sample.jsonl.lz4", "logs/sample.jsonl.gz",
    "logs/sample.multi.jsonl.gz", "logs/sample.multiframe.jsonl.zst",
  ]

  @Test(arguments: variants)
  func everyCodecReadsTheSameCorpus(_ rel: String) throws {
    let plain = ScanSnapshot(try scan([Fixture.sample]))
    let result = try scan([Fixture.path(rel)])
    let snap = ScanSnapshot(result)
    #expect(plain.accepted == 40)
    #expect(snap.accounts == plain.accounts)
    #expect(snap.accepted == plain.accepted)
    #expect(snap.lines == plain.lines)
    #expect(snap.bytes == plain.bytes, "decompressed byte count")
    #expect(snap.rejected.isEmpty)
    #expect(result.stats.fileIssues.isEmpty)
    #expect(snap.formats == ["canonical": 40])
  }

  @Test func sniffingIsByMagicBytesNotName() throws {
    let expectations: [(String, Compression)] = [
      ("logs/sample.jsonl", .none), ("logs/sample.jsonl.zst", .zstd), ("logs/sample.jsonl.lz4", .lz4),
      ("logs/sample.jsonl.gz", .gzip), ("logs/sample.multiframe.jsonl.zst", .zstd),
    ]
    for (rel, c) in expectations {
      let r = try DecompressingReader(path: Fixture.path(rel))
      #expect(r.compression == c, "\(rel)")
    }
    #expect(Compression.sniff([0x50, 0x2A, 0x4D, 0x18]) == .zstd, "skippable frame")
    #expect(Compression.sniff([0x1F]) == .none)
    #expect(Compression.sniff([UInt8]()) == .none)
  }

  static let broken = ["broken/truncated.jsonl.zst", "broken/truncated.jsonl.lz4", "broken/truncated.jsonl.gz",
                       "broken/corrupt.jsonl.zst", "broken/corrupt.jsonl.lz4", "broken/corrupt.jsonl.gz"]

  @Test(arguments: broken)
  func brokenStreamsAreCountedNotFatal(_ rel: String) throws {
    let full = ScanSnapshot(try scan([Fixture.sample]))
    // The broken file read together with a good one: the good one is still read in full.
    let result = try scan([Fixture.path(rel), Fixture.path("logs/sample.jsonl.gz")])
    let s = result.stats
    #expect(s.rejected[.corruptStream] == 1)
    #expect(s.fileIssues.count == 1)
    #expect(s.fileIssues.first?.path == Fixture.path(rel))
    let msg = s.fileIssues.first?.message ?? ""
    #expect(msg.hasPrefix(rel.contains("truncated") ? "truncated" : "corrupt"), "\(msg)")
    #expect(s.lines == s.accepted + s.rejectedTotal)
    // Whatever was decoded before the damage is a prefix of the corpus: never more records than
    // the good copy, and never an account the corpus does not have.
    let alone = ScanSnapshot(try scan([Fixture.path(rel)]))
    #expect(alone.accepted < full.accepted)
    #expect(Set(alone.accounts.keys).isSubset(of: Set(full.accounts.keys)))
    #expect(s.accepted == alone.accepted + 40)
  }

  @Test func crcMismatchAfterCompleteData() throws {
    let result = try scan([Fixture.path("broken/crc-mismatch.jsonl.gz")])
    // Every line inflates before the trailer check fails: all records kept, the file flagged.
    #expect(result.stats.accepted == 40)
    #expect(result.stats.rejected == [.corruptStream: 1])
    #expect(result.stats.fileIssues.count == 1)
  }

  @Test func missingFileIsAFileIssue() throws {
    var config = ScanConfiguration()
    config.inputs = [InputFile(path: Fixture.path("logs/does-not-exist.gz"), size: 0), try InputDiscovery.expand([Fixture.sample])[0]]
    let result = ScanPipeline.run(config)
    #expect(result.stats.rejected == [.corruptStream: 1])
    #expect(result.stats.fileIssues.count == 1)
    #expect(result.stats.accepted == 40)
  }

  @Test func sidecarReaderDecompresses() throws {
    let bytes = try #require(BedrockSidecar.read(
      path: Fixture.path("formats/bedrock/s3/2026/02/14/09/data/f1b2c3d4-0000-4a11-9bbb-5e6f7a8b9c0d_input.json.gz")))
    let plain = try readWholeFile(Fixture.path("formats/bedrock/sidecar-source/f1b2c3d4-0000-4a11-9bbb-5e6f7a8b9c0d_input.json"))
    #expect(bytes == plain)
    #expect(BedrockSidecar.read(path: Fixture.path("broken/truncated.jsonl.gz")) == nil)
    #expect(BedrockSidecar.read(path: Fixture.path("nope.gz")) == nil)
  }

  @Test func discoverySkipsSidecarFolders() throws {
    let files = try InputDiscovery.expand([Fixture.path("formats/bedrock")]).map(\.displayName)
    #expect(files.contains(Fixture.bedrockS3))
    #expect(!files.contains { $0.contains("/data/") })
  }
}
