import Testing
@testable import DistillScanKit

/// Property-style accounting check: a seeded mix of good and broken lines (blank, CR-only,
/// malformed, arrays of non-objects, missing account, invalid UTF-8, lengths right around the
/// line limit, CRLF endings), written with every codec and read with every split. Every line must
/// come out exactly as a generator-side oracle says: accepted, blank, or rejected for the named
/// reason, with the first examples pointing at the right line numbers.
@Suite("accounting property")
struct AccountingPropertyTests {
  static let maxLine = 400

  struct Expected: Equatable {
    var accepted = 0
    var blank = 0
    var rejected: [RejectReason: Int] = [:]
    var examples: [RejectReason: [Int]] = [:]

    mutating func reject(_ r: RejectReason, line: Int, times: Int = 1) {
      rejected[r, default: 0] += times
      for _ in 0..<times where examples[r, default: []].count < IngestStats.examplesPerReason { examples[r, default: []].append(line) }
    }
  }

  static func record(_ i: Int, length: Int? = nil) -> [UInt8] {
    var s = #"{"v":"ds1","ts":"2026-02-14T10:\#(i % 60 < 10 ? "0" : "")\#(i % 60):00Z","account":"acct-\#(i % 5)","request_id":"r\#(i)","prompt":"hello \#(i)"#
    if let length { s += String(repeating: "x", count: max(0, length - s.utf8.count - 2)) }
    s += #""}"#
    return Array(s.utf8)
  }

  /// The file's bytes and what reading it must give.
  /// `limit`: the line limit the file will be read with (lengths are chosen around `maxLine`).
  static func generate(seed: UInt64, lines n: Int, limit: Int) -> ([UInt8], Expected) {
    var rng = SynthRandom(seed: seed)
    var out: [UInt8] = []
    var exp = Expected()
    for i in 0..<n {
      let line = i + 1
      var bytes: [UInt8]
      // Odd seeds start with a blank line (JSON lines, not a pretty-printed document).
      switch i == 0 && seed % 2 == 1 ? 0 : Int.random(in: 0..<20, using: &rng) {
      case 0: bytes = Array(["", "  ", "\r", "\t \r"].randomElement(using: &rng)!.utf8); exp.blank += 1
      case 1: bytes = Array(["{", "nope", #"{"v":"ds1","#, "\u{0}", "2026-02-14T10:00:00Z {"].randomElement(using: &rng)!.utf8); exp.reject(.malformedJSON, line: line)
      case 2: bytes = Array("[1,true]".utf8); exp.reject(.notAnObject, line: line, times: 2)
      case 3: bytes = Array(#"{"v":"ds1","account":"","prompt":"x"}"#.utf8); exp.reject(.missingAccount, line: line)
      case 4: bytes = record(i); bytes.insert(0xFF, at: 30); exp.reject(.invalidUTF8, line: line)
      case 5:
        // Right around the limit: shorter than maxLine is a record, the rest is too long.
        let len = maxLine + Int.random(in: -2...1, using: &rng)
        bytes = record(i, length: len)
        if len < limit { exp.accepted += 1 } else { exp.reject(.lineTooLong, line: line) }
      case 6:
        bytes = record(i, length: Int.random(in: maxLine...3 * maxLine, using: &rng))
        if bytes.count < limit { exp.accepted += 1 } else { exp.reject(.lineTooLong, line: line) }
      case 7: bytes = record(i) + [0x0D]; exp.accepted += 1
      default: bytes = record(i); exp.accepted += 1
      }
      out += bytes
      if i < n - 1 || Bool.random(using: &rng) { out.append(0x0A) }
    }
    return (out, exp)
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func everyLineIsAccountedForWhateverTheCodecAndSplit(_ seed: UInt64) throws {
    let dir = reviewScratchDir("prop")
    // More than the 256 KiB sniffing window, so the reader also cuts and skips within the file.
    let (plain, exp) = Self.generate(seed: seed, lines: 2200, limit: Self.maxLine)
    #expect(plain.count > FormatSniffer.windowBytes)
    // A small file read with the default line limit: the reader holds it whole before cutting.
    let small = Self.generate(seed: seed, lines: 60, limit: ScanConfiguration().maxLineBytes)
    for codec in Compression.allCases {
      for (name, (bytes, exp), limit) in [("big", (plain, exp), Self.maxLine), ("small", small, nil)] {
        let path = dir + "/\(name).jsonl" + Compressor.suffix(codec)
        try writeFileAtomically(path, codec == .none ? bytes : try Compressor.compress(bytes, codec))
        for (chunk, workers) in [(64, 1), (65, 3), (100, 2), (257, 1), (4096, 3), (2 << 20, 2)] {
          let r = try scan([path], workers: workers, chunkSize: chunk, maxLineBytes: limit)
          let s = r.stats
          let what = "seed \(seed), \(name), \(codec), chunk \(chunk), workers \(workers)"
          #expect(s.lines == s.accepted + s.rejectedTotal, "\(what)")
          #expect(s.accepted == exp.accepted, "\(what)")
          #expect(s.blankLines == exp.blank, "\(what)")
          #expect(s.rejected == exp.rejected, "\(what)")
          #expect(s.examples.mapValues { $0.map(\.line) } == exp.examples, "\(what)")
          #expect(s.fileIssues.isEmpty, "\(what)")
        }
      }
    }
  }
}
