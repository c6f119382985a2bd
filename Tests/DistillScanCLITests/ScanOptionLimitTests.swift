import ArgumentParser
import DistillScanKit
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

@Suite("scan input-error messages")
struct ScanInputErrorMessageTests {
  /// With -q, a scan whose every line was rejected exited 2 with nothing on stderr.
  @Test func everyLineRejectedSaysSoEvenWhenQuiet() throws {
    let dir = makeTemp()
    let input = dir + "/bad.jsonl"
    let err = dir + "/err.txt"
    #expect(sh("printf 'not json\\n{\\n' > '\(input)'") == 0)
    let status = sh("'\(distillscanBinary())' scan '\(input)' -q > /dev/null 2> '\(err)'")
    #expect(status == 2)
    let text = String(decoding: try readWholeFile(err), as: UTF8.self)
    #expect(text.contains("rejected"), "stderr: \(text)")
  }
}

@Suite struct InputOptionValidationTests {
  @Test func emptyAccountFieldAndAbsurdWorkerCountsAreUsageErrors() {
    let bin = distillscanBinary()
    let corpus = repoRoot + "/Fixtures/corpus/canonical"
    #expect(sh("'\(bin)' scan '\(corpus)' --account-field '' -q >/dev/null 2>&1") == 64)
    #expect(sh("'\(bin)' scan '\(corpus)' --account-field '.' -q >/dev/null 2>&1") == 64)
    #expect(sh("'\(bin)' scan '\(corpus)' --workers 100000 -q >/dev/null 2>&1") == 64)
    #expect(sh("'\(bin)' timeline --account x '\(corpus)' --workers 0 >/dev/null 2>&1") == 64)
  }
}
