import ArgumentParser
import DistillScanKit
import Testing

@testable import distillscan

@Suite struct SynthOptionTests {
  @Test(arguments: [("1G", 1_000_000_000), ("500M", 500_000_000), ("64k", 64_000), ("1.05G", 1_050_000_000), ("12345", 12345)])
  func sizes(text: String, bytes: Int) {
    #expect(Synth.parseSize(text) == bytes)
  }

  @Test(arguments: ["", "G", "abc", "0", "-5M", "12Q"])
  func badSizes(text: String) {
    #expect(Synth.parseSize(text) == nil)
  }

  @Test func parsesDefaults() throws {
    let cmd = try Synth.parse(["--out", "/tmp/distillscan-never-created"])
    #expect(cmd.accounts == 200 && cmd.days == 2 && cmd.seed == 1 && cmd.format == .canonical && cmd.compress == nil)
    #expect(throws: (any Error).self) { try Synth.parse(["--out", "/tmp/x", "--format", "parquet"]) }
  }
}
