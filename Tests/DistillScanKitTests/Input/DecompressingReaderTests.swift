import Testing
@testable import DistillScanKit

@Suite("decompressing reader")
struct DecompressingReaderTests {
  /// Reads a whole file with a fixed destination size.
  func readAll(_ path: String, step: Int) throws -> (bytes: [UInt8], failure: String?) {
    let r = try DecompressingReader(path: path)
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: step)
    while true {
      let n = buf.withUnsafeMutableBytes { r.read(into: $0) }
      if n == 0 { break }
      out.append(contentsOf: buf[0..<n])
    }
    return (out, r.failure)
  }

  static let files = [
    "logs/sample.jsonl", "logs/sample.jsonl.zst", "logs/sample.jsonl.lz4", "logs/sample.jsonl.gz",
    "logs/sample.multi.jsonl.gz", "logs/sample.multiframe.jsonl.zst",
    "broken/truncated.jsonl.zst", "broken/truncated.jsonl.lz4", "broken/truncated.jsonl.gz",
    "broken/corrupt.jsonl.zst", "broken/corrupt.jsonl.lz4", "broken/corrupt.jsonl.gz", "broken/crc-mismatch.jsonl.gz",
  ]

  /// The bytes (and the failure) do not depend on how much room the caller offers.
  @Test(arguments: files)
  func sameBytesWhateverTheDestinationSize(_ rel: String) throws {
    let ref = try readAll(Fixture.path(rel), step: 1 << 20)
    for step in [1, 7, 64, 4096, DecompressingReader.window - 1, DecompressingReader.window + 1] {
      let got = try readAll(Fixture.path(rel), step: step)
      #expect(got.bytes == ref.bytes, "\(rel) step \(step)")
      #expect(got.failure == ref.failure, "\(rel) step \(step)")
    }
    let plain = try readWholeFile(Fixture.sample)
    if rel.hasPrefix("logs/") {
      #expect(ref.bytes == plain)
      #expect(ref.failure == nil)
    } else {
      #expect(ref.failure != nil)
      #expect(plain.starts(with: ref.bytes) || rel.contains("corrupt"), "a truncated stream yields a prefix")
    }
  }

  @Test func crcMismatchKeepsTheInflatedBytes() throws {
    let got = try readAll(Fixture.path("broken/crc-mismatch.jsonl.gz"), step: 1 << 20)
    #expect(got.bytes == (try readWholeFile(Fixture.sample)))
    #expect(got.failure?.hasPrefix("corrupt gzip stream") == true)
  }
}
