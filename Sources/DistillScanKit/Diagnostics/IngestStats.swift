/// Why an input line was not turned into a record. Raw values are the keys of `report.json`'s
/// `input.rejected` object: keep them stable.
public enum RejectReason: String, Sendable, CaseIterable, Comparable {
  case malformedJSON = "malformed_json"
  case notAnObject = "not_an_object"
  case unknownFormat = "unknown_format"
  case missingAccount = "missing_account"
  case lineTooLong = "line_too_long"
  case invalidUTF8 = "invalid_utf8"
  /// Lines lost to a truncated or corrupt compressed stream: the partial last line, if any.
  case corruptStream = "corrupt_stream"
  /// A record the format recognised but could not use (for example no request at all).
  case unusableRecord = "unusable_record"

  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A file-level problem (unreadable file, truncated or corrupt stream).
public struct FileIssue: Sendable, Equatable {
  public var path: String
  public var message: String
  /// Decompressed byte offset where the problem was found, when known.
  public var offset: Int?
}

/// Counters for everything read. Mergeable: per-worker stats add up.
public struct IngestStats: Sendable {
  public var files = 0
  public var bytesCompressed = 0
  public var bytes = 0
  public var lines = 0
  public var accepted = 0
  public var blankLines = 0
  public var rejected: [RejectReason: Int] = [:]
  /// First few examples per reason, as (file index, line).
  public var examples: [RejectReason: [SourceLocation]] = [:]
  /// Records whose body was offloaded to an S3 sidecar not present locally.
  public var bodyNotInline = 0
  /// Records per detected format id.
  public var formats: [String: Int] = [:]
  public var fileIssues: [FileIssue] = []

  public static let examplesPerReason = 5

  public init() {}

  public var rejectedTotal: Int { rejected.values.reduce(0, +) }

  mutating func reject(_ reason: RejectReason, at loc: SourceLocation) {
    lines += 1
    rejected[reason, default: 0] += 1
    var ex = examples[reason, default: []]
    if ex.count < Self.examplesPerReason {
      ex.append(loc)
      examples[reason] = ex
    }
  }

  public mutating func merge(_ o: IngestStats) {
    files += o.files
    bytesCompressed += o.bytesCompressed
    bytes += o.bytes
    lines += o.lines
    accepted += o.accepted
    blankLines += o.blankLines
    bodyNotInline += o.bodyNotInline
    for (k, v) in o.rejected { rejected[k, default: 0] += v }
    for (k, v) in o.formats { formats[k, default: 0] += v }
    for (k, v) in o.examples {
      // Keep the earliest examples whatever the merge order.
      examples[k] = Array((examples[k, default: []] + v).sorted { ($0.file, $0.line) < ($1.file, $1.line) }.prefix(Self.examplesPerReason))
    }
    fileIssues.append(contentsOf: o.fileIssues)
  }
}
