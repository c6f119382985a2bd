import Testing
@testable import DistillScanKit

/// Replays every input the fuzzer once broke (Fixtures/fuzz-regressions/) through the same
/// layers the fuzz target drives: JSON reader, every decoder, and the pipeline.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
  static let inputs: [String] = (try? InputDiscovery.expand([Fixture.path("fuzz-regressions")]).compactMap(\.path)) ?? []

  @Test func thereAreRegressionInputs() {
    #expect(!Self.inputs.isEmpty)
  }

  @Test(arguments: inputs)
  func replay(_ path: String) throws {
    let bytes = try readWholeFile(path)
    var doc = JSONDocument()
    var ctx = DecodeContext()
    ctx.filePath = path
    for line in [bytes] + bytes.split(separator: 0x0A).map(Array.init) {
      line.withUnsafeBufferPointer { b in
        guard let base = b.baseAddress, (try? doc.parse(base, count: b.count)) != nil else { return }
        for f in FormatRegistry.all {
          _ = f.matches(doc, root: 0)
          _ = f.decode(doc, root: 0, context: &ctx)
        }
      }
    }
    for chunk in [64, 256, 4096] {
      let r = try scan([path], workers: 1, chunkSize: chunk, maxLineBytes: 4096)
      #expect(r.stats.lines == r.stats.accepted + r.stats.rejectedTotal)
    }
  }
}
