import ArgumentParser
import Testing
@testable import distillscan

@Suite("scan option limits")
struct ScanOptionLimitTests {
  /// `--chunk-size 9223372036854775807` passed validation and trapped allocating the first
  /// buffer ("failed to allocate … bytes"); it is a usage error now.
  @Test func hugeChunkSizeIsAUsageError() throws {
    #expect(throws: (any Error).self) { try Scan.parse(["x", "--chunk-size", "9223372036854775807"]) }
    #expect(throws: (any Error).self) { try Scan.parse(["x", "--chunk-size", "\(Scan.maxChunkSize + 1)"]) }
    let ok = try Scan.parse(["x", "--chunk-size", "\(Scan.maxChunkSize)"])
    #expect(ok.chunkSize == Scan.maxChunkSize)
  }
}
