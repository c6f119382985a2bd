/// Scale-out (DESIGN §9): `scan --partial-out FILE` writes the merged per-account state of the
/// inputs it read; `merge` combines such files and scores them exactly like one pass over all the
/// inputs. Many machines run the map step over disjoint file sets; one machine merges.
///
/// File layout (little-endian): magic `DSPART\r\n` (8 bytes), format version (u32), payload
/// length (u64), payload, checksum of the payload (u64, `StableHash.bytes`). The payload holds
/// the scan settings that change the state (text features, forced format, account field), the
/// input files and statistics, and every account's profile with its sketches' exact internal
/// state. Partial files are written whole and renamed into place (never half-written).
/// Reading loads one file into memory: peak memory is about one partial plus the merged table.
public struct PartialState: Sendable {
  public static let magic: [UInt8] = Array("DSPART\r\n".utf8)
  /// Bump when the encoding changes: older files are refused with a clear message, not misread.
  public static let formatVersion: UInt32 = 2  // 2: reasoningWithOutput

  public var toolVersion = distillscanVersion
  public var textFeatures = true
  public var format: String?
  public var accountField: String?
  public var files: [InputFile] = []
  public var stats = IngestStats()
  public var elapsed = 0.0
  public var stoppedOnErrors = false
  public var accounts = AccountTable()

  public init() {}

  /// The state of a finished ingest.
  public init(_ result: IngestResult, config: ScanConfiguration) {
    textFeatures = config.textFeatures
    format = config.format
    accountField = config.accountField
    files = result.files
    stats = result.stats
    elapsed = result.elapsed
    stoppedOnErrors = result.stoppedOnErrors
    accounts = result.accounts
  }

  // MARK: Encoding

  public func encoded() -> [UInt8] {
    var w = BinaryWriter(capacity: 4096 + accounts.count * 2048)
    w.string(toolVersion)
    w.bool(textFeatures)
    w.optString(format)
    w.optString(accountField)
    w.u32(UInt32(files.count))
    for f in files {
      w.optString(f.path)
      w.int(f.size)
    }
    stats.write(to: &w)
    w.double(elapsed)
    w.bool(stoppedOnErrors)
    let keys = accounts.sortedAccounts
    w.u32(UInt32(keys.count))
    for k in keys {
      w.string(k)
      accounts.profile(k)!.write(to: &w)
    }
    var out = Self.magic
    var head = BinaryWriter(capacity: 12)
    head.u32(Self.formatVersion)
    head.u64(UInt64(w.bytes.count))
    out += head.bytes
    out += w.bytes
    var tail = BinaryWriter(capacity: 8)
    tail.u64(w.bytes.withUnsafeBufferPointer { StableHash.bytes($0) })
    out += tail.bytes
    return out
  }

  /// Decodes a partial-state file. `fileOffset` is added to every file index (the files of the
  /// partials merged before this one come first).
  public init(decoding bytes: [UInt8], fileOffset: Int = 0, name: String = "partial state") throws(DistillScanError) {
    guard bytes.count >= Self.magic.count + 20, Array(bytes[0..<Self.magic.count]) == Self.magic else {
      throw DistillScanError(.corruptInput, "\(name) is not a distillscan partial-state file (written by `scan --partial-out`)")
    }
    var head = BinaryReader(bytes, from: Self.magic.count)
    let version = try head.u32()
    guard version == Self.formatVersion else {
      throw DistillScanError(
        .unsupported, "\(name) has partial-state format \(version); this distillscan reads format \(Self.formatVersion) (re-run the scan with this version)")
    }
    let length = try head.u64()
    let start = head.offset
    guard length <= UInt64(bytes.count), start + Int(length) + 8 == bytes.count else {
      throw DistillScanError(.corruptInput, "\(name) is truncated or has trailing bytes (\(bytes.count) bytes, payload says \(length))")
    }
    let end = start + Int(length)
    var tail = BinaryReader(bytes, from: end)
    let checksum = try tail.u64()
    let actual = bytes.withUnsafeBufferPointer { StableHash.bytes(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    guard checksum == actual else { throw DistillScanError(.corruptInput, "\(name) is corrupt (checksum mismatch)") }

    var r = BinaryReader(bytes, from: start, to: end)
    toolVersion = try r.string()
    textFeatures = try r.bool()
    format = try r.optString()
    accountField = try r.optString()
    let nFiles = try r.count(itemBytes: 9)
    for _ in 0..<nFiles { files.append(InputFile(path: try r.optString(), size: try r.counter())) }
    stats = try IngestStats(from: &r, fileOffset: fileOffset, fileCount: nFiles)
    elapsed = try r.double()
    guard elapsed.isFinite, elapsed >= 0 else { throw DistillScanError(.corruptInput, "\(name): bad elapsed time") }
    stoppedOnErrors = try r.bool()
    let nAccounts = try r.count(itemBytes: 64)
    var profiles: [String: AccountProfile] = [:]
    profiles.reserveCapacity(nAccounts)
    for _ in 0..<nAccounts {
      let key = try r.string()
      let p = try AccountProfile(from: &r, fileOffset: fileOffset)
      // Reports index the file list with exemplar locations: one outside it would trap there.
      for (_, s) in p.samples.items + p.flaggedSamples.items where !(fileOffset..<(fileOffset + nFiles)).contains(s.source.file) {
        throw DistillScanError(.corruptInput, "\(name): an exemplar names a file the partial does not list")
      }
      guard profiles.updateValue(p, forKey: key) == nil else { throw DistillScanError(.corruptInput, "\(name) lists account '\(key)' twice") }
    }
    guard r.remaining == 0 else { throw DistillScanError(.corruptInput, "\(name) has \(r.remaining) unread bytes") }
    accounts = AccountTable(profiles: profiles)
  }

  public static func read(path: String) throws(DistillScanError) -> PartialState {
    try PartialState(decoding: readWholeFile(path), name: path)
  }

  public func write(path: String) throws(DistillScanError) {
    try writeFileAtomically(path, encoded())
  }

  // MARK: Merging

  /// Merges partial states in order: files are numbered in that order, as if one scan had read
  /// the partials' inputs one after another. Refuses partials whose state is not comparable
  /// (text features on in one and off in another, different account fields).
  public static func merge(paths: [String]) throws(DistillScanError) -> PartialState {
    var merged = PartialState()
    for (i, path) in paths.enumerated() {
      let p = try PartialState(decoding: readWholeFile(path), fileOffset: merged.files.count, name: path)
      if i == 0 {
        merged.textFeatures = p.textFeatures
        merged.format = p.format
        merged.accountField = p.accountField
      } else {
        guard p.textFeatures == merged.textFeatures else {
          throw DistillScanError(.usage, "\(path) was scanned \(p.textFeatures ? "with" : "without") text features (--no-text) and \(paths[0]) was not: their content fingerprints cannot be merged")
        }
        guard p.accountField == merged.accountField else {
          throw DistillScanError(.usage, "\(path) keys accounts by '\(p.accountField ?? "the format's default")' and \(paths[0]) by '\(merged.accountField ?? "the format's default")'")
        }
        if p.format != merged.format { merged.format = nil }
      }
      merged.files += p.files
      merged.stats.merge(p.stats)
      merged.elapsed += p.elapsed
      merged.stoppedOnErrors = merged.stoppedOnErrors || p.stoppedOnErrors
      merged.accounts.merge(p.accounts)
    }
    return merged
  }

  /// The ingest result this state stands for (what the scorer and report writers take).
  public var ingestResult: IngestResult {
    IngestResult(stats: stats, accounts: accounts, files: files, stoppedOnErrors: stoppedOnErrors, elapsed: elapsed)
  }

  /// Applies the state's scan settings to a configuration (for the report's `config` section).
  public func apply(to config: inout ScanConfiguration) {
    config.textFeatures = textFeatures
    config.format = format
    config.accountField = accountField
    config.inputs = files
  }
}

extension IngestStats {
  func write(to w: inout BinaryWriter) {
    for v in [files, bytesCompressed, bytes, lines, accepted, blankLines, bodyNotInline] { w.int(v) }
    let reasons = RejectReason.allCases
    for r in reasons { w.int(rejected[r] ?? 0) }
    for r in reasons {
      let ex = examples[r] ?? []
      w.u32(UInt32(ex.count))
      for l in ex {
        w.int(l.file)
        w.int(l.line)
      }
    }
    w.u32(UInt32(formats.count))
    for (k, v) in formats.sorted(by: { $0.key < $1.key }) {
      w.string(k)
      w.int(v)
    }
    w.u32(UInt32(fileIssues.count))
    for f in fileIssues {
      w.string(f.path)
      w.string(f.message)
      w.optInt(f.offset)
    }
  }

  init(from r: inout BinaryReader, fileOffset: Int, fileCount: Int) throws(DistillScanError) {
    self.init()
    files = try r.counter()
    bytesCompressed = try r.counter()
    bytes = try r.counter()
    lines = try r.counter()
    accepted = try r.counter()
    blankLines = try r.counter()
    bodyNotInline = try r.counter()
    for reason in RejectReason.allCases {
      let n = try r.counter()
      if n != 0 { rejected[reason] = n }
    }
    for reason in RejectReason.allCases {
      let n = try r.count(itemBytes: 16)
      guard n <= Self.examplesPerReason else { throw DistillScanError(.corruptInput, "partial state: too many rejected-line examples") }
      var ex: [SourceLocation] = []
      for _ in 0..<n {
        let file = try r.counter(), line = try r.counter()
        guard file >= 0, file < fileCount else { throw DistillScanError(.corruptInput, "partial state: example names a file it does not list") }
        ex.append(SourceLocation(file: file + fileOffset, line: line))
      }
      if !ex.isEmpty { examples[reason] = ex }
    }
    let nFormats = try r.count(itemBytes: 12)
    for _ in 0..<nFormats { formats[try r.string()] = try r.counter() }
    let nIssues = try r.count(itemBytes: 9)
    for _ in 0..<nIssues { fileIssues.append(FileIssue(path: try r.string(), message: try r.string(), offset: try r.optInt())) }
  }
}
