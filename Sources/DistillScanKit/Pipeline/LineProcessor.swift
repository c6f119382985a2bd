/// Turns the lines of a chunk into records, counting every line it cannot use.
/// One per worker; owns its JSON tape and scratch buffers so the hot path does not allocate.
struct LineProcessor: ~Copyable {
  var doc = JSONDocument()
  var context = DecodeContext()
  var stats = IngestStats()
  var table: AccountTable
  var extractor = FeatureExtractor()
  let textFeatures: Bool
  let timelineAccounts: Set<String>
  let timelineLimit: Int
  var timeline: [TimelineEntry] = []
  var timelineDropped = 0
  /// Records accepted from the current chunk (credited to its format once, at the end).
  private var chunkAccepted = 0
  /// Scratch for a deferred prompt's bytes (``DecodeContext/deferPrompt``).
  private var promptScratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
  private var promptScratchCapacity = 4096
  let filePaths: [String?]
  let maxLineBytes: Int

  init(config: ScanConfiguration, table: AccountTable) {
    self.table = table
    filePaths = config.inputs.map(\.path)
    maxLineBytes = config.maxLineBytes
    context.accountField = config.accountField.map { $0.split(separator: ".").map(String.init) }
    context.mapping = config.mapping
    context.deferPrompt = true
    textFeatures = config.textFeatures
    timelineAccounts = config.timelineAccounts
    timelineLimit = config.timelineLimit
  }

  deinit { promptScratch.deallocate() }

  /// Processes every line of `chunk`; returns the number of rejected lines.
  @discardableResult
  mutating func process(_ chunk: Chunk) -> Int {
    let before = stats.rejectedTotal
    chunkAccepted = 0
    defer {
      // Per chunk, not per record: one chunk has one format (the file's).
      if chunkAccepted > 0, let f = chunk.format { stats.formats[f.id, default: 0] += chunkAccepted }
    }
    context.filePath = filePaths[chunk.fileIndex]
    context.fileIndex = chunk.fileIndex
    chunk.bytes.withUnsafeBufferPointer { buf in
      guard let base = buf.baseAddress else { return }
      if chunk.wholeDocument {
        processLine(base, buf.count, chunk: chunk, line: chunk.firstLine)
        return
      }
      var start = 0
      var line = chunk.firstLine
      let n = buf.count
      while start < n {
        var end = n
        if let hit = memchr(base + start, 0x0A, n - start) {
          end = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
        }
        processLine(base + start, end - start, chunk: chunk, line: line)
        line += 1
        start = end + 1
      }
    }
    return stats.rejectedTotal - before
  }

  @inline(__always)
  private mutating func processLine(_ p: UnsafePointer<UInt8>, _ len: Int, chunk: Chunk, line: Int) {
    var s = 0
    var e = len
    while s < e, isSpace(p[s]) { s += 1 }
    while e > s, isSpace(p[e - 1]) { e -= 1 }
    if s == e {
      stats.blankLines += 1
      return
    }
    let loc = SourceLocation(file: chunk.fileIndex, line: line)
    // The reader only rejects lines longer than its buffer (max(chunk size, maxLineBytes)); apply
    // the documented limit here too so the outcome does not depend on the chunk size.
    if !chunk.wholeDocument, len >= maxLineBytes {
      stats.reject(.lineTooLong, at: loc)
      return
    }
    guard UTF8Check.isValid(p + s, e - s) else {
      stats.reject(.invalidUTF8, at: loc)
      return
    }
    guard let format = chunk.format else {
      stats.reject(.unknownFormat, at: loc)
      return
    }
    // CloudWatch exports: `<ISO-8601 timestamp> <json>`. Strip and keep the timestamp.
    context.prefixTimestamp = nil
    if p[s] != UInt8(ascii: "{") && p[s] != UInt8(ascii: "[") {
      var j = s
      while j < e, p[j] != 0x20, p[j] != 0x09 { j += 1 }
      let ts = Timestamp.parse(UnsafeBufferPointer(start: p + s, count: j - s))
      while j < e, p[j] == 0x20 || p[j] == 0x09 { j += 1 }
      guard ts != nil, j < e, p[j] == UInt8(ascii: "{") else {
        stats.reject(.malformedJSON, at: loc)
        return
      }
      context.prefixTimestamp = ts
      s = j
    }
    do {
      try doc.parse(p + s, count: e - s)
    } catch {
      stats.reject(.malformedJSON, at: loc)
      return
    }
    // A whole-file document spans many lines: report each record at the line where it starts
    // (counting newlines up to it), not at the document's first line.
    var lineAt = line
    var counted = 0
    func locate(_ offset: Int) -> SourceLocation {
      guard chunk.wholeDocument else { return loc }
      let upTo = s + offset
      var k = counted
      while k < upTo {
        if let hit = memchr(p + k, 0x0A, upTo - k) {
          k = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - p + 1
          lineAt += 1
        } else {
          k = upTo
        }
      }
      counted = upTo
      return SourceLocation(file: chunk.fileIndex, line: lineAt)
    }
    if doc.kind(0) == .array {
      // A JSON array of records (one document per file, or per line): each element is one unit.
      var elems: [Int] = []
      doc.forEachElement(0) { elems.append($0); return true }
      if elems.isEmpty { stats.blankLines += 1 }
      for el in elems { decode(format, root: el, loc: locate(Int(doc.token(el).start))) }
      return
    }
    decode(format, root: 0, loc: locate(0))
  }

  @inline(__always)
  private mutating func decode(_ format: any LogFormat, root: Int, loc: SourceLocation) {
    guard doc.kind(root) == .object else {
      stats.reject(.notAnObject, at: loc)
      return
    }
    context.bodyNotInline = false
    context.resetDeferred()
    var rec = LogRecord()
    if let reason = format.decode(doc, root: root, context: &context, into: &rec) {
      stats.reject(reason, at: loc)
    } else {
      if rec.timestamp == nil { rec.timestamp = context.prefixTimestamp }
      // Token counts outside any real request size are corrupt; dropping them keeps per-account
      // sums from overflowing on adversarial input.
      if let o = rec.outputTokens, o < 0 || o > 50_000_000 { rec.outputTokens = nil }
      if let i = rec.inputTokens, i < 0 || i > 50_000_000 { rec.inputTokens = nil }
      if context.bodyNotInline {
        rec.bodyInline = false
        stats.bodyNotInline += 1
      }
      rec.source = loc
      stats.lines += 1
      stats.accepted += 1
      chunkAccepted += 1
      let inTimeline = !timelineAccounts.isEmpty && timelineAccounts.contains(rec.account)
      // Deferred fields (DecodeContext.deferPrompt): features and hashes from their bytes, the
      // Strings only if the request is kept as an exemplar (or shown in a timeline).
      var deferred = DeferredFields()
      var ridBytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
      if let t = context.requestIDToken {
        ridBytes = doc.rawBytes(t)
        if inTimeline { rec.requestID = String(decoding: ridBytes, as: UTF8.self) } else { deferred.requestIDHash = StableHash.bytes(ridBytes) }
      }
      let rid = ridBytes
      var ipRaw = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
      if let t = context.ipToken {
        ipRaw = doc.rawBytes(t)
        if inTimeline {
          rec.ip = String(decoding: ipRaw, as: UTF8.self)
        } else {
          deferred.ipHashes = (StableHash.bytes(ipRaw), AccountProfile.networkPrefixHash(bytes: ipRaw))
        }
      }
      let ipBytes = ipRaw
      if let t = context.apiKeyToken {
        if inTimeline { rec.apiKey = doc.string(t) } else { deferred.apiKeyHash = StableHash.bytes(doc.rawBytes(t)) }
      }
      if inTimeline, let t = context.orgToken { rec.org = doc.string(t) }
      if let t = context.userAgentToken {
        let b = doc.rawBytes(t)
        if inTimeline { rec.userAgent = String(decoding: b, as: UTF8.self) } else { deferred.userAgent = (StableHash.bytes(b), b) }
      }
      if let t = context.endpointToken {
        let b = doc.rawBytes(t)
        if inTimeline { rec.endpoint = String(decoding: b, as: UTF8.self) } else { deferred.batchEndpoint = AccountProfile.containsBatch(bytes: b) }
      }
      if let t = context.statusToken {
        let b = doc.rawBytes(t)
        if inTimeline { rec.status = String(decoding: b, as: UTF8.self) } else { deferred.failed = AccountProfile.isFailure(bytes: b) }
      }
      if let t = context.promptToken, !textFeatures && !inTimeline {
        // No features wanted: the prompt's bytes are only needed if it becomes an exemplar.
        let raw = doc.rawBytes(t)
        let escaped = doc.isEscaped(t)
        deferred.prompt = true
        table.add(
          rec, RequestFeatures(), deferred: deferred,
          prompt: { JSONDocument.boundedString(raw: raw, escaped: escaped, limit: LogRecord.maxTextBytes) },
          requestID: { String(decoding: rid, as: UTF8.self) }, ip: { String(decoding: ipBytes, as: UTF8.self) })
      } else if let t = context.promptToken {
        let n = promptBytes(t)
        let bytes = UnsafeBufferPointer(start: promptScratch, count: n)
        if inTimeline { rec.userTurn = String(decoding: bytes, as: UTF8.self) } else { deferred.prompt = true }
        let features = textFeatures ? extractor.extract(bytes: bytes) : RequestFeatures()
        table.add(
          rec, features, deferred: deferred, prompt: { String(decoding: bytes, as: UTF8.self) },
          requestID: { String(decoding: rid, as: UTF8.self) }, ip: { String(decoding: ipBytes, as: UTF8.self) })
      } else {
        let features = textFeatures ? extractor.extract(rec.userTurn) : RequestFeatures()
        table.add(
          rec, features, deferred: deferred, requestID: { String(decoding: rid, as: UTF8.self) },
          ip: { String(decoding: ipBytes, as: UTF8.self) })
      }
      if inTimeline {
        if timeline.count < timelineLimit { timeline.append(TimelineEntry(rec)) } else { timelineDropped += 1 }
      }
    }
  }

  /// Writes the deferred prompt's bounded text into `promptScratch`; returns its length.
  private mutating func promptBytes(_ t: Int) -> Int {
    let need = doc.boundedTextCapacity(t, limit: LogRecord.maxTextBytes) ?? 0
    if need > promptScratchCapacity {
      promptScratch.deallocate()
      promptScratchCapacity = max(need, promptScratchCapacity * 2)
      promptScratch = .allocate(capacity: promptScratchCapacity)
    }
    return doc.boundedText(t, limit: LogRecord.maxTextBytes, into: promptScratch)
  }

  @inline(__always) private func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }
}

import Glibc
