import CScan
import Testing

@testable import DistillScanKit

/// Fast paths held equal to their reference rules: the anchored non-ASCII phrase search against
/// the per-needle search, and the MinHash kernel (AVX-512 where the CPU has it) against the
/// scalar definition.
@Suite struct KernelEquivalenceTests {
  /// Deterministic xorshift, so a failure reproduces.
  struct Rng {
    var s: UInt64
    mutating func next() -> UInt64 {
      s ^= s << 13
      s ^= s >> 7
      s ^= s << 17
      return s
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  }

  @Test func anchoredNeedlesAgreeWithPerNeedleSearch() {
    let groups = [ReasoningCues.bytePhrases, ReasoningCues.answerMarkerBytes]
    let set = AnchoredNeedles(groups: groups)
    // Haystacks spliced from needle pieces (whole, cut, upper-cased ASCII), ASCII filler and
    // stray UTF-8, so near-misses and matches at both ends are common.
    let needles = groups.flatMap { $0 }
    let filler: [[UInt8]] = [Array(" the answer ".utf8), Array("é".utf8), Array("ß".utf8), Array("步".utf8), [0xE6], [0x80], [0xFF]]
    var rng = Rng(s: 0x5EED_1234)
    var matched = 0
    for _ in 0..<20_000 {
      var hay: [UInt8] = []
      for _ in 0..<rng.below(6) {
        switch rng.below(4) {
        case 0: hay += needles[rng.below(needles.count)]
        case 1:
          let nd = needles[rng.below(needles.count)]
          hay += nd[0..<rng.below(nd.count + 1)]
        case 2: hay += needles[rng.below(needles.count)].map { $0 >= 0x61 && $0 <= 0x7A && rng.below(2) == 0 ? $0 - 0x20 : $0 }
        default: hay += filler[rng.below(filler.count)]
        }
      }
      hay.withUnsafeBufferPointer { h in
        var expected: UInt8 = 0
        for (g, list) in groups.enumerated() where list.contains(where: { ReasoningCues.contains(h, $0) }) { expected |= 1 << UInt8(g) }
        for want: UInt8 in [1, 2, 3] {
          let got = set.scan(h, want: want)
          #expect(got == expected & want, "\(Array(h)) want \(want)")
        }
        if expected != 0 { matched += 1 }
      }
    }
    #expect(matched > 2_000, "the generator produces matches, so the agreement means something")
  }

  /// The scalar rows used on CPUs without AVX-512 equal the kernel's, with the extractor's own
  /// seeds and multipliers (so both paths give the same features).
  @Test func scalarRowsMatchTheKernel() {
    var rng = Rng(s: 0xFEED_0001)
    for n in [1, 2, 5, 40, 300] {
      var items = (0..<n).map { _ in rng.next() }
      var seeds6 = FeatureExtractor.seeds + [0, 0], mults6 = FeatureExtractor.lexMultipliers + [1, 1]
      var seeds12 = FeatureExtractor.strictSeeds + [0, 0, 0, 0], mults12 = FeatureExtractor.multipliers + [1, 1, 1, 1]
      var kernel = [UInt64](repeating: 0, count: 16), scalar = [UInt64](repeating: 0, count: 16)
      items.withUnsafeMutableBufferPointer { it in
        ds_minhash_rows(it.baseAddress, n, &seeds6, &mults6, 6, &kernel)
        scalar.withUnsafeMutableBufferPointer { FeatureExtractor.scalarRows6(it.baseAddress!, n, into: $0.baseAddress!) }
      }
      #expect(kernel[0..<6] == scalar[0..<6], "6 rows, \(n) items")
      items.withUnsafeMutableBufferPointer { it in
        ds_minhash_rows(it.baseAddress, n, &seeds12, &mults12, 12, &kernel)
        scalar.withUnsafeMutableBufferPointer { FeatureExtractor.scalarRows12(it.baseAddress!, n, into: $0.baseAddress!) }
      }
      #expect(kernel[0..<12] == scalar[0..<12], "12 rows, \(n) items")
    }
  }

  @Test(arguments: [6, 12])
  func minhashKernelMatchesScalarDefinition(rows: Int) {
    var rng = Rng(s: 0xC0FF_EE00 &+ UInt64(rows))
    var seeds = [UInt64](repeating: 0, count: 16)
    var mults = [UInt64](repeating: 1, count: 16)
    for r in 0..<rows {
      seeds[r] = rng.next()
      mults[r] = rng.next() | 1
    }
    for n in [0, 1, 2, 3, 7, 8, 9, 64, 500] {
      let items = (0..<n).map { _ in rng.next() }
      var out = [UInt64](repeating: 0, count: 16)
      items.withUnsafeBufferPointer { ds_minhash_rows($0.baseAddress, n, seeds, mults, Int32(rows), &out) }
      for r in 0..<rows {
        let expected = items.reduce(UInt64.max) { min($0, ($1 ^ seeds[r]) &* mults[r]) }
        #expect(out[r] == expected, "row \(r) of \(rows), \(n) items")
      }
    }
  }
}

/// The reader's newline count (line numbers of every chunk) against a plain count.
@Suite struct NewlineCountTests {
  @Test func countsEveryNewlineAtEveryLengthAndAlignment() {
    var rng = KernelEquivalenceTests.Rng(s: 0x0A0A_0A0A)
    for len in [0, 1, 15, 16, 63, 64, 65, 127, 128, 129, 1_000, 4_099] {
      for density in [0, 3, 50] {
        let bytes: [UInt8] = (0..<len).map { _ in rng.below(100) < density ? 0x0A : UInt8(truncatingIfNeeded: rng.next() | 0x80) }
        for offset in [0, 1, 7] where offset <= len {
          let slice = Array(bytes[offset...])
          let expected = slice.filter { $0 == 0x0A }.count
          #expect(slice.withUnsafeBytes { countNewlines($0) } == expected, "len \(len) offset \(offset)")
        }
      }
    }
  }
}
