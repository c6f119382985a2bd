import Testing
import Foundation

@testable import DistillScanKit

/// `scan --partial-out` + `merge` (DESIGN §9): scanning in parts and merging must report exactly
/// what one scan over everything reports, and a damaged partial must be an error, never a crash
/// or a silently different result.
@Suite struct PartialStateTests {
  /// Several formats and codecs plus damaged inputs (so the input statistics are not all zero).
  static let files: [String] = [
    Fixture.path("corpus/canonical"), Fixture.bedrockS3, Fixture.spendLogs, Fixture.payload,
    Fixture.path("logs/sample.jsonl.zst"), Fixture.path("broken/malformed.jsonl"), Fixture.path("broken/truncated.jsonl.gz"),
  ]

  static func config(_ files: [InputFile]) -> ScanConfiguration {
    var c = ScanConfiguration()
    c.inputs = files
    c.workers = 2
    return c
  }

  static func reportJSON(_ result: IngestResult, _ files: [InputFile]) -> String {
    var cfg = config(files)
    cfg.workers = 1  // the report's config section prints the worker count: keep both sides equal
    var report = Scorer.buildReport(result, config: cfg, now: 1_700_000_000)
    report.elapsedSeconds = 0
    report.input.bytesCompressed = 0
    return String(decoding: JSONReportWriter().render(report, options: ReportOptions()), as: UTF8.self)
      + String(decoding: AccountsJSONLWriter().render(report, options: ReportOptions()), as: UTF8.self)
  }

  @Test func mergedPartsReportExactlyWhatOneScanReports() throws {
    let all = try InputDiscovery.expand(Self.files)
    #expect(all.count >= 8)
    let whole = ScanPipeline.run(Self.config(all))
    #expect(whole.accounts.count > 20 && whole.stats.rejectedTotal > 0)
    // Three uneven parts, written to disk and merged in file order.
    let dir = makeTempDir("partial")
    let cuts = [0, 1, 5, all.count]
    var paths: [String] = []
    for k in 0..<3 {
      let part = Array(all[cuts[k]..<cuts[k + 1]])
      let r = ScanPipeline.run(Self.config(part))
      let path = "\(dir)/p\(k).dsp"
      try PartialState(r, config: Self.config(part)).write(path: path)
      paths.append(path)
    }
    let merged = try PartialState.merge(paths: paths)
    #expect(merged.files == all)
    let a = Self.reportJSON(whole, all), b = Self.reportJSON(merged.ingestResult, merged.files)
    #expect(a == b, "merged partials differ from the single scan")
    // Merging in stages (a merge of merges) gives the same.
    let ab = "\(dir)/ab.dsp"
    try PartialState.merge(paths: Array(paths[0..<2])).write(path: ab)
    let staged = try PartialState.merge(paths: [ab, paths[2]])
    #expect(Self.reportJSON(staged.ingestResult, staged.files) == a)
  }

  @Test func encodingRoundTripsByteForByte() throws {
    let all = try InputDiscovery.expand(Self.files)
    let state = PartialState(ScanPipeline.run(Self.config(all)), config: Self.config(all))
    let bytes = state.encoded()
    let again = try PartialState(decoding: bytes).encoded()
    #expect(bytes == again)
  }

  /// A field added to ``AccountProfile`` must be added to the encoding, or merge would drop it.
  @Test func encodingCoversEveryProfileField() {
    let stored = Mirror(reflecting: AccountProfile()).children.compactMap(\.label)
    #expect(stored == AccountProfile.encodedFields)
  }

  @Test func damagedFilesAreErrorsNotCrashes() throws {
    let all = try InputDiscovery.expand([Fixture.path("corpus/canonical")])
    let good = PartialState(ScanPipeline.run(Self.config(all)), config: Self.config(all)).encoded()
    func code(_ bytes: [UInt8]) -> DistillScanError.Code? {
      do {
        _ = try PartialState(decoding: bytes)
        return nil
      } catch { return error.code }
    }
    #expect(code(good) == nil)
    #expect(code([]) == .corruptInput)
    #expect(code(Array("{\"not\":\"a partial\"}\n".utf8)) == .corruptInput)
    #expect(code(Array(good.dropLast(1))) == .corruptInput, "truncated")
    #expect(code(good + [0]) == .corruptInput, "trailing byte")
    var flipped = good
    flipped[good.count / 2] ^= 0x10
    #expect(code(flipped) == .corruptInput, "checksum")
    var newer = good
    newer[8] = 99
    #expect(code(newer) == .unsupported, "another format version")
    // Random damage with a recomputed checksum reaches the field checks: each must fail cleanly.
    var rng = SplitMix(seed: 7)
    var decodedAnyway = 0
    for _ in 0..<300 {
      var b = good
      for _ in 0..<1 + Int(rng.next() % 4) { b[20 + Int(rng.next() % UInt64(b.count - 28))] = UInt8(truncatingIfNeeded: rng.next()) }
      let sum = b.withUnsafeBufferPointer { StableHash.bytes(UnsafeBufferPointer(rebasing: $0[20..<(b.count - 8)])) }
      for k in 0..<8 { b[b.count - 8 + k] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(k))) }
      if code(b) == nil { decodedAnyway += 1 }
    }
    #expect(decodedAnyway < 300, "field checks reject some damage even past the checksum")
  }

  @Test func partialsMustAgreeOnTextFeatures() throws {
    let all = try InputDiscovery.expand([Fixture.path("corpus/canonical")])
    let dir = makeTempDir("partial")
    var metaOnly = Self.config(all)
    metaOnly.textFeatures = false
    try PartialState(ScanPipeline.run(Self.config(all)), config: Self.config(all)).write(path: dir + "/a.dsp")
    try PartialState(ScanPipeline.run(metaOnly), config: metaOnly).write(path: dir + "/b.dsp")
    #expect(throws: DistillScanError.self) { try PartialState.merge(paths: [dir + "/a.dsp", dir + "/b.dsp"]) }
    do {
      _ = try PartialState.merge(paths: [dir + "/a.dsp", dir + "/b.dsp"])
    } catch { #expect(error.code == .usage) }
  }
}

/// Deterministic generator for the damage test.
struct SplitMix {
  var s: UInt64
  init(seed: UInt64) { s = seed }
  mutating func next() -> UInt64 {
    s &+= 0x9E37_79B9_7F4A_7C15
    return StableHash.mix(s)
  }
}

/// Times in a partial (checksum valid) must be times a scan could have produced: the scorer turns
/// the first-to-last span into an integer hour count, and `Int(1e300)` or `Int(-inf)` traps.
@Suite struct PartialStateTimeTests {
  static func code(_ edit: (inout AccountProfile) -> Void) throws -> DistillScanError.Code? {
    let all = try InputDiscovery.expand([Fixture.path("corpus/canonical")])
    var state = PartialState(ScanPipeline.run(PartialStateTests.config(all)), config: PartialStateTests.config(all))
    var profiles = state.accounts.profiles
    let key = profiles.keys.sorted().first!
    edit(&profiles[key]!)
    state.accounts = AccountTable(profiles: profiles)
    do {
      _ = try PartialState(decoding: state.encoded())
      return nil
    } catch { return error.code }
  }

  @Test func implausibleOrHalfSetTimesAreCorruptNotTraps() throws {
    #expect(try Self.code { _ in } == nil)
    #expect(try Self.code { $0.lastSeen = 1e300 } == .corruptInput, "span too large for an Int")
    #expect(try Self.code { $0.firstSeen = -1e300 } == .corruptInput)
    #expect(try Self.code { $0.lastSeen = -.infinity } == .corruptInput, "first seen set, last seen not")
    #expect(try Self.code { $0.firstSeen = $0.lastSeen + 10 } == .corruptInput, "first after last")
    #expect(
      try Self.code {
        $0.firstSeen = .infinity
        $0.lastSeen = -.infinity
      } == nil, "no timestamps at all is fine")
  }
}

/// A partial whose HyperLogLog registers are all at their maximum (valid per register, checksum
/// valid) estimates ~2.7e19 distinct logit-bias tokens; the logit-harvest summary printed that
/// with `Int(x.rounded())` and trapped. It must score and report instead.
@Suite struct PartialStateSaturatedSketchTests {
  @Test func saturatedDistinctCounterScoresWithoutTrapping() throws {
    let all = try InputDiscovery.expand([Fixture.path("corpus/canonical")])
    var state = PartialState(ScanPipeline.run(PartialStateTests.config(all)), config: PartialStateTests.config(all))
    var profiles = state.accounts.profiles
    let key = profiles.keys.sorted().first!
    var w = BinaryWriter()
    w.bool(true)
    w.raw([UInt8](repeating: UInt8(64 - DistinctCounter.p + 1), count: DistinctCounter.m))
    var r = BinaryReader(w.bytes)
    profiles[key]!.biasTokens = try DistinctCounter(from: &r)
    profiles[key]!.withParams = 500
    profiles[key]!.biased = 500
    state.accounts = AccountTable(profiles: profiles)
    let decoded = try PartialState(decoding: state.encoded())
    #expect(decoded.accounts.profile(key)!.biasTokens.estimate > 9.3e18)
    let report = Scorer.buildReport(decoded.ingestResult, config: PartialStateTests.config(decoded.files), now: 1_700_000_000)
    #expect(report.accounts.count == decoded.accounts.count)
  }

  @Test func hugeNumbersFormatWithoutTrapping() {
    #expect(num(2.7e19) == JSONWriter.formatDouble(2.7e19, digits: 2))
    #expect(num(-2.7e19) == JSONWriter.formatDouble(-2.7e19, digits: 2))
    #expect(num(.infinity) == "0")
    #expect(num(1234) == "1234")
    #expect(num(1.5) == "1.5")
  }
}

@Suite struct PartialStateReviewTests {
  /// A sampled map at level 63 or 64 made `rate` negative or infinite and the template/timeline
  /// estimates overflow `Int`: such a level is corrupt (no scan reaches level 40).
  @Test func impossibleSamplingLevelsAreCorrupt() throws {
    for level in [41, 63, 64] {
      var w = BinaryWriter()
      w.int(48)
      w.int(level)
      HashMap64().write(to: &w)
      var r = BinaryReader(w.bytes)
      #expect(throws: DistillScanError.self) { try SampledCounts(from: &r, capacity: 48) }
    }
    var w = BinaryWriter()
    SampledCounts(capacity: 48).write(to: &w)
    var r = BinaryReader(w.bytes)
    #expect(try SampledCounts(from: &r, capacity: 48).level == 0)
    // The rate and estimate are exact powers of two at any level (no shift overflow).
    var s = SampledCounts(capacity: 1)
    for k in 0..<200 { s.add(UInt64(k) &* 0x9E37_79B9_7F4A_7C15) }
    #expect(s.rate == 1 / pow(2, Double(s.level)) && s.rate > 0)
  }

  /// A hash-map table whose keys sit where lookups cannot reach them (or twice) is corrupt: it
  /// would hide keys from `get` and grow duplicates on later adds.
  @Test func hashMapsWithUnreachableKeysAreCorrupt() throws {
    var m = HashMap64()
    for k: UInt64 in [11, 22, 33] { m.add(k &* 0x9E37_79B9_7F4A_7C15, 1) }
    var w = BinaryWriter()
    m.write(to: &w)
    var r = BinaryReader(w.bytes)
    #expect(try HashMap64(from: &r) == m, "a valid table reads back")
    // Rotate the key and value arrays by one slot: every key leaves the probe run it belongs to
    // for at least one of them (three keys in eight slots).
    var r2 = BinaryReader(w.bytes)
    let keys = try r2.u64s(), values = try r2.u32s()
    var bad = BinaryWriter()
    bad.u64s(Array(keys.suffix(1) + keys.dropLast()))
    bad.u32s(Array(values.suffix(1) + values.dropLast()))
    bad.bool(false)
    var r3 = BinaryReader(bad.bytes)
    #expect(throws: DistillScanError.self) { try HashMap64(from: &r3) }
  }

  /// The trace length (mean output tokens of strong reasoning requests) counts only requests
  /// that carry an output count: logs mixing records with and without counts diluted it.
  @Test func traceLengthIgnoresRequestsWithoutOutputCounts() {
    var t = AccountTable()
    for i in 0..<10 {
      var r = LogRecord()
      r.account = "a"
      r.userTurn = "Explain your reasoning step by step: why is the sky blue? \(i)"
      r.outputTokens = i % 2 == 0 ? 800 : nil
      t.add(r)
    }
    let p = t.profile("a")!
    #expect(p.reasoningStrong == 10 && p.reasoningWithOutput == 5)
    #expect(AccountMetrics(subject: "a", profile: p).reasoningOutputTokens == 800)
  }
}
