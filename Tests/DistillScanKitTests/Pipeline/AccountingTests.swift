import Testing
@testable import DistillScanKit

/// Every line read is either accepted or rejected for a named reason, with examples that point
/// at the line (DESIGN §7, report.json `input.rejected`).
@Suite("accounting")
struct AccountingTests {
  func examples(_ r: IngestResult, _ reason: RejectReason) -> [String] {
    (r.stats.examples[reason] ?? []).map { "\(r.files[$0.file].displayName.split(separator: "/").last!):\($0.line)" }
  }

  @Test func malformedLines() throws {
    let r = try scan([Fixture.path("broken/malformed.jsonl")])
    let s = r.stats
    // Line by line (see the fixture): 1 ok, 2 unterminated string, 3 not JSON, 4 blank,
    // 5 array of three numbers (three units), 6 bare string, 7 no account, 8 empty account,
    // 9 ok, 10 trailing garbage, 11 timestamp prefix + non-JSON, 12 ok.
    #expect(s.accepted == 3)
    #expect(s.blankLines == 1)
    #expect(s.rejected == [.malformedJSON: 5, .notAnObject: 3, .missingAccount: 2])
    #expect(s.lines == s.accepted + s.rejectedTotal)
    #expect(s.lines == 13)
    #expect(examples(r, .malformedJSON) == ["malformed.jsonl:2", "malformed.jsonl:3", "malformed.jsonl:6", "malformed.jsonl:10", "malformed.jsonl:11"])
    #expect(examples(r, .notAnObject) == ["malformed.jsonl:5", "malformed.jsonl:5", "malformed.jsonl:5"])
    #expect(examples(r, .missingAccount) == ["malformed.jsonl:7", "malformed.jsonl:8"])
    #expect(Set(r.accounts.profiles.keys) == ["ok-1", "ok-2", "ok-3"])
  }

  @Test func nonUTF8Lines() throws {
    let r = try scan([Fixture.path("broken/nonutf8.jsonl")])
    #expect(r.stats.accepted == 2)
    #expect(r.stats.rejected == [.invalidUTF8: 2])
    #expect(examples(r, .invalidUTF8) == ["nonutf8.jsonl:2", "nonutf8.jsonl:3"])
    #expect(r.accounts.profiles["utf-ok"]?.requests == 2)
  }

  @Test(arguments: [64, 4096, 1 << 20])
  func hugeLineIsRejectedWhateverTheChunkSize(_ chunk: Int) throws {
    let r = try scan([Fixture.path("broken/huge-line.jsonl")], chunkSize: chunk, maxLineBytes: 65536)
    #expect(r.stats.accepted == 2)
    #expect(r.stats.rejected == [.lineTooLong: 1])
    #expect(examples(r, .lineTooLong) == ["huge-line.jsonl:2"])
    #expect(Set(r.accounts.profiles.keys) == ["small-1", "small-2"])
    // With the default limit the line is an ordinary record.
    let ok = try scan([Fixture.path("broken/huge-line.jsonl")], chunkSize: chunk)
    #expect(ok.stats.accepted == 3)
  }

  @Test func emptyFile() throws {
    let r = try scan([Fixture.path("broken/empty.jsonl")])
    #expect(r.stats.lines == 0)
    #expect(r.stats.rejectedTotal == 0)
    #expect(r.stats.fileIssues.isEmpty)
    #expect(r.stats.files == 1)
  }

  @Test func wholeBrokenSet() throws {
    let r = try scan([Fixture.path("broken")], workers: 3, chunkSize: 100, maxLineBytes: 65536)
    let s = r.stats
    #expect(s.lines == s.accepted + s.rejectedTotal)
    // 6 truncated/corrupt codec files + the CRC mismatch.
    #expect(s.rejected[.corruptStream] == 7)
    #expect(s.fileIssues.count == 7)
    #expect(s.rejected[.malformedJSON, default: 0] >= 5)
    #expect(s.rejected[.invalidUTF8] == 2)
    #expect(s.rejected[.lineTooLong] == 1)
    #expect(s.rejected[.missingAccount] == 2)
    #expect(s.rejected[.notAnObject] == 3)
    #expect(s.rejected[.unknownFormat] == 30, "late-format.jsonl header lines")
  }

  /// The format is sniffed from the first lines of a file, not from the first chunk: with tiny
  /// chunks, a first line no format knows must not make the whole file unknown.
  /// (30 header lines, then 2 Bedrock records; the headers alone are longer than the 1 KiB line
  /// limit used in the second half, which must not shrink the sniffing window either.)
  @Test(arguments: [64, 100, 4096, 2 << 20], [nil, 1024])
  func sniffingDoesNotDependOnTheChunkSize(_ chunk: Int, _ maxLine: Int?) throws {
    let r = try scan([Fixture.path("broken/late-format.jsonl")], chunkSize: chunk, maxLineBytes: maxLine)
    #expect(r.stats.formats == ["bedrock": 2])
    #expect(r.stats.rejected == [.unknownFormat: 30])
    #expect(examples(r, .unknownFormat) == (1...5).map { "late-format.jsonl:\($0)" })
  }

  @Test func unknownFormatFile() throws {
    let r = try scan([Fixture.path("formats/mapped/custom.jsonl")])
    // No registered format recognises the custom shape and no mapping was given.
    #expect(r.stats.accepted == 0)
    #expect(r.stats.rejected == [.unknownFormat: 3])
  }
}
