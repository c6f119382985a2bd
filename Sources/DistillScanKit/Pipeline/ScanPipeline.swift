import Dispatch
import Foundation
import Synchronization

/// The outcome of reading the inputs: merged per-account tables and input statistics.
public struct IngestResult: Sendable {
  public var stats: IngestStats
  public var accounts: AccountTable
  public var files: [InputFile]
  /// True when reading stopped early because rejected lines exceeded `--max-errors`.
  public var stoppedOnErrors: Bool
  public var elapsed: Double
  /// Requests of `timelineAccounts`, sorted by time (then file and line).
  public var timeline: [TimelineEntry] = []
  /// Timeline entries not kept because of `timelineLimit`.
  public var timelineDropped = 0
}

/// The parallel ingest pipeline (DESIGN §2):
/// readers (one file each at a time) decompress and cut fixed-size chunks at line boundaries →
/// bounded queue (backpressure) → parser workers decode lines into per-worker account tables →
/// tables merged after the barrier. Results do not depend on worker count, chunk size or order,
/// because every per-account structure merges commutatively.
public enum ScanPipeline {
  public static func run(_ config: ScanConfiguration) -> IngestResult {
    let start = DispatchTime.now().uptimeNanoseconds
    let workers = max(1, config.workers)
    let files = config.inputs
    let queue = BoundedQueue<Chunk>(capacity: workers * max(1, config.chunksInFlightPerWorker))
    let pool = ChunkPool(limit: workers * max(1, config.chunksInFlightPerWorker) + workers + 2, minCapacity: max(64, config.chunkSize))
    let nextFile = Atomic<Int>(0)
    let rejectedSoFar = Atomic<Int>(0)
    let stop = Atomic<Bool>(false)
    let progressBytes = Atomic<Int>(0)
    let progressCompressed = Atomic<Int>(0)
    let progressRecords = Atomic<Int>(0)
    let filesDone = Atomic<Int>(0)
    let readerStats = Mutex<[Int: IngestStats]>([:])
    let workerResults = Mutex<[Int: (IngestStats, AccountTable, [TimelineEntry], Int)]>([:])
    let forced: (any LogFormat)? = config.format.flatMap { FormatRegistry.format(id: $0) }

    let readers = max(1, min(files.count, workers))
    let group = DispatchGroup()

    // Readers: pull file indices until none are left.
    let readersDone = DispatchGroup()
    for r in 0..<readers {
      group.enter()
      readersDone.enter()
      Thread.detachNewThread {
        var local = IngestStats()
        while !stop.load(ordering: .relaxed) {
          let i = nextFile.wrappingAdd(1, ordering: .relaxed).oldValue
          if i >= files.count { break }
          let rejectedBefore = local.rejectedTotal
          FileReader.read(
            file: files[i], index: i, config: config, forced: forced, queue: queue, pool: pool, stats: &local,
            stop: stop, progressBytes: progressBytes, progressCompressed: progressCompressed)
          // Lines the reader rejects (unreadable or corrupt files, over-long lines) count toward
          // --max-errors too: before, only the workers' rejections did, and a scan of many corrupt
          // files exited 0 with far more rejected lines than the limit.
          let rej = local.rejectedTotal - rejectedBefore
          if rej > 0, let max = config.maxErrors {
            if rejectedSoFar.wrappingAdd(rej, ordering: .relaxed).newValue > max { stop.store(true, ordering: .relaxed) }
          }
          filesDone.wrappingAdd(1, ordering: .relaxed)
        }
        readerStats.withLock { $0[r] = local }
        readersDone.leave()
        group.leave()
      }
    }
    // Parsers.
    for w in 0..<workers {
      group.enter()
      Thread.detachNewThread {
        var proc = LineProcessor(config: config, table: AccountTable())
        while let chunk = queue.pop() {
          let acceptedBefore = proc.stats.accepted
          let rej = proc.process(chunk)
          pool.give(chunk.bytes)
          if rej > 0, let max = config.maxErrors {
            if rejectedSoFar.wrappingAdd(rej, ordering: .relaxed).newValue > max { stop.store(true, ordering: .relaxed) }
          }
          progressRecords.wrappingAdd(proc.stats.accepted - acceptedBefore, ordering: .relaxed)
        }
        let result = (proc.stats, proc.table, proc.timeline, proc.timelineDropped)
        workerResults.withLock { $0[w] = result }
        group.leave()
      }
    }
    // Close the queue once every reader is done.
    Thread.detachNewThread {
      readersDone.wait()
      queue.close(consumers: workers)
    }
    // Progress ticks.
    if let progress = config.progress {
      let total = files.reduce(0) { $0 + $1.size }
      while group.wait(timeout: .now() + .milliseconds(500)) == .timedOut {
        let el = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        progress(
          ScanProgress(
            bytesCompressedRead: progressCompressed.load(ordering: .relaxed), bytesCompressedTotal: total,
            bytes: progressBytes.load(ordering: .relaxed), records: progressRecords.load(ordering: .relaxed), elapsed: el,
            filesDone: filesDone.load(ordering: .relaxed), filesTotal: files.count))
      }
    } else {
      group.wait()
    }

    // Merge in a fixed order (the merge is commutative; the fixed order only makes debugging easier).
    var stats = IngestStats()
    readerStats.withLock { for k in $0.keys.sorted() { stats.merge($0[k]!) } }
    var table = AccountTable()
    var timeline: [TimelineEntry] = []
    var timelineDropped = 0
    workerResults.withLock { res in
      for k in res.keys.sorted() {
        stats.merge(res[k]!.0)
        table.merge(res[k]!.1)
        timeline.append(contentsOf: res[k]!.2)
        timelineDropped += res[k]!.3
      }
      res.removeAll()
    }
    timeline.sort { ($0.timestamp ?? -1, $0.source.file, $0.source.line) < ($1.timestamp ?? -1, $1.source.file, $1.source.line) }
    stats.files = files.count
    stats.fileIssues.sort { ($0.path, $0.offset ?? 0) < ($1.path, $1.offset ?? 0) }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var result = IngestResult(stats: stats, accounts: table, files: files, stoppedOnErrors: stop.load(ordering: .relaxed), elapsed: elapsed)
    result.timeline = timeline
    result.timelineDropped = timelineDropped
    return result
  }
}

/// Reads one file: decompress, sniff the format, cut chunks at line boundaries, push to the queue.
enum FileReader {
  static func read(
    file: InputFile, index: Int, config: ScanConfiguration, forced: (any LogFormat)?, queue: BoundedQueue<Chunk>,
    pool: ChunkPool? = nil, stats: inout IngestStats, stop: borrowing Atomic<Bool>, progressBytes: borrowing Atomic<Int>,
    progressCompressed: borrowing Atomic<Int>
  ) {
    let reader: DecompressingReader
    do {
      reader = try DecompressingReader(path: file.path)
    } catch {
      stats.fileIssues.append(FileIssue(path: file.displayName, message: error.message, offset: nil))
      stats.reject(.corruptStream, at: SourceLocation(file: index, line: 0))
      return
    }
    let chunkSize = max(64, config.chunkSize)
    let maxLine = max(chunkSize, config.maxLineBytes)
    var buf = pool?.take(chunkSize) ?? uninitializedBuffer(chunkSize)
    var filled = 0
    var line = 1
    var format: (any LogFormat)? = forced
    var sniffed = forced != nil
    var decompressed = 0
    var lastCompressed = 0
    var skipping = false  // inside an over-long line: discard until the next newline
    // Nothing handed to the workers yet: the file may still turn out to be one pretty-printed
    // JSON document, which must not depend on the chunk size or on `--format`.
    var emittedAny = false
    // A UTF-8 byte order mark (Windows exports) is not part of the first line: left in, it made
    // the first record malformed and a pretty-printed document unreadable as a whole.
    var checkBOM = true

    // Newlines in buf[0..<filled], counted as each read lands (the bytes are still in cache
    // then; counting whole 2 MiB chunks afterwards read them back from L3).
    var newlines = 0

    /// `lines`: the newlines in `bytes` when already known (else counted here).
    func emit(_ bytes: [UInt8], whole: Bool = false, lines known: Int? = nil) {
      emittedAny = true
      if !sniffed {
        format = whole
          ? FormatSniffer.sniff(bytes, mapping: config.mapping, wholeDocument: true)
          : FormatSniffer.sniff(FormatSniffer.window(bytes), mapping: config.mapping)
        sniffed = true
      }
      let lines = known ?? bytes.withUnsafeBytes { countNewlines($0) }
      queue.push(Chunk(fileIndex: index, firstLine: line, bytes: bytes, format: format, wholeDocument: whole))
      line += whole ? 1 : lines
    }

    while !stop.load(ordering: .relaxed) {
      let n = buf.withUnsafeMutableBytes { reader.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
      newlines += buf.withUnsafeBytes { countNewlines(UnsafeRawBufferPointer(rebasing: $0[filled..<(filled + n)])) }
      filled += n
      decompressed += n
      progressBytes.wrappingAdd(n, ordering: .relaxed)
      progressCompressed.wrappingAdd(reader.compressedBytes - lastCompressed, ordering: .relaxed)
      lastCompressed = reader.compressedBytes
      let atEOF = n == 0
      if checkBOM, filled >= 3 || atEOF {
        checkBOM = false
        if filled >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF {
          buf.removeSubrange(0..<3)
          filled -= 3
          growUninitialized(&buf, to: buf.count + 3)
          if !atEOF { continue }
        }
      }
      if !atEOF && filled < buf.count { continue }

      if skipping {
        // Discard through the next newline.
        if let nl = buf[0..<filled].firstIndex(of: 0x0A) {
          skipping = false
          line += 1
          buf.removeSubrange(0...nl)
          filled -= nl + 1
          newlines -= 1
          growUninitialized(&buf, to: chunkSize)
        } else {
          filled = 0
          newlines = 0
        }
        if atEOF {
          if filled > 0 {
            if reader.failure != nil, buf[filled - 1] != 0x0A {
              // As below: the partial last line of a broken stream is not a record. (Without this,
              // whether it was parsed depended on where the chunk boundaries fell.)
              if let nl = buf[0..<filled].lastIndex(of: 0x0A) { emit(Array(buf[0...nl])) }
            } else {
              emit(Array(buf[0..<filled]))
            }
          }
          break
        }
        continue
      }

      if atEOF {
        if filled > 0 {
          if reader.failure != nil, buf[filled - 1] != 0x0A {
            // The partial last line of a broken stream is not a record: drop it, counted below.
            if let nl = buf[0..<filled].lastIndex(of: 0x0A) { emit(Array(buf[0...nl])) }
          } else if !emittedAny, filled < config.maxLineBytes, looksLikeDocument(buf[0..<filled]),
            let doc = wholeDocument(buf[0..<filled])
          {
            // A single pretty-printed JSON document (LiteLLM S3 callback objects): one unit.
            emit(doc, whole: true)
          } else {
            emit(Array(buf[0..<filled]))
          }
        }
        break
      }
      // Buffer full. Before the first chunk, read at least the sniffing window (or to EOF): the
      // format is sniffed from the lines in that window, so it must not depend on the chunk size.
      // (Not capped by the line limit: a small --max-line must not shrink the window either.)
      let sniffCap = max(maxLine, FormatSniffer.windowBytes)
      if !sniffed, filled < FormatSniffer.windowBytes, buf.count < sniffCap {
        buf.append(contentsOf: repeatElement(0, count: min(sniffCap, buf.count * 2) - buf.count))
        continue
      }
      // A file starting like a pretty-printed document is accumulated whole (up to
      // the line limit) so that whole-document mode does not depend on the chunk size.
      if !emittedAny, filled < config.maxLineBytes, buf.count < maxLine, looksLikeDocument(buf[0..<filled]) {
        buf.append(contentsOf: repeatElement(0, count: min(maxLine, buf.count * 2) - buf.count))
        continue
      }
      // Cut at the last newline.
      if let nl = buf[0..<filled].lastIndex(of: 0x0A) {
        let rest = Array(buf[(nl + 1)..<filled])
        buf.removeSubrange((nl + 1)...)
        emit(buf, lines: newlines)  // every newline read so far is in buf[0...nl]
        newlines = 0
        filled = rest.count
        let size = max(chunkSize, filled * 2)
        if let recycled = pool?.take(size) {
          buf = recycled
          if filled > 0 { buf.replaceSubrange(0..<filled, with: rest) }
        } else {
          buf = rest
          growUninitialized(&buf, to: size)
        }
      } else if buf.count < maxLine {
        // One line longer than the buffer: grow (up to the line limit).
        growUninitialized(&buf, to: min(maxLine, buf.count * 2))
      } else {
        stats.reject(.lineTooLong, at: SourceLocation(file: index, line: line))
        skipping = true
        filled = 0
        newlines = 0
        buf = pool?.take(chunkSize) ?? uninitializedBuffer(chunkSize)
      }
    }
    stats.bytes += decompressed
    stats.bytesCompressed += reader.compressedBytes
    if let f = reader.failure {
      stats.fileIssues.append(FileIssue(path: file.displayName, message: f, offset: decompressed))
      stats.reject(.corruptStream, at: SourceLocation(file: index, line: line))
    }
  }

  /// First non-space byte is `{` or `[` and the line it starts is not a complete JSON value.
  static func looksLikeDocument(_ b: ArraySlice<UInt8>) -> Bool {
    guard let start = b.firstIndex(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
      b[start] == UInt8(ascii: "{") || b[start] == UInt8(ascii: "[")
    else { return false }
    // The line that holds the first value, not the file's first line: a JSON-lines file that
    // starts with a blank line must not be taken for one document (all its records were lost).
    guard let nl = b[start...].firstIndex(of: 0x0A) else { return false }
    let rest = b[(nl + 1)...]
    guard rest.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return false }
    var doc = JSONDocument()
    let firstLine = Array(b[start..<nl])
    let ok = firstLine.withUnsafeBufferPointer { p -> Bool in
      guard let base = p.baseAddress else { return false }
      do { try doc.parse(base, count: p.count); return true } catch { return false }
    }
    return !ok
  }

  /// The file as one unit (line breaks turned into spaces) if it parses as one JSON value, else
  /// nil. Why: a JSON-lines file whose first line is cut (rotated mid-write) also "looks like a
  /// document"; read as one, all its records were lost to one rejection. Read line by line, only
  /// the cut line is rejected.
  static func wholeDocument(_ b: ArraySlice<UInt8>) -> [UInt8]? {
    // Newlines are kept (JSON treats them as whitespace): the line processor counts them to
    // report each record of the document at its own line. A document with raw newlines inside
    // its strings (invalid JSON, but hand-edited exports have them) is still read as one unit
    // with the newlines turned into spaces, as before line numbers were kept.
    var parsed = JSONDocument()
    func parses(_ doc: [UInt8]) -> Bool {
      doc.withUnsafeBufferPointer { p -> Bool in
        guard let base = p.baseAddress else { return false }
        do { try parsed.parse(base, count: p.count); return true } catch { return false }
      }
    }
    let doc = Array(b)
    if parses(doc) { return doc }
    let flattened = b.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
    return parses(flattened) ? flattened : nil
  }
}

/// A byte buffer of `n` bytes whose contents are not initialised (the reader overwrites them before
/// reading; zero-filling 2 MiB per chunk showed up in profiles).
func uninitializedBuffer(_ n: Int) -> [UInt8] {
  [UInt8](unsafeUninitializedCapacity: n) { _, count in count = n }
}

/// Grows `buf` to `n` bytes without initialising the new tail.
func growUninitialized(_ buf: inout [UInt8], to n: Int) {
  guard n > buf.count else { return }
  var bigger = uninitializedBuffer(n)
  bigger.withUnsafeMutableBufferPointer { dst in
    buf.withUnsafeBufferPointer { src in
      if let d = dst.baseAddress, let s = src.baseAddress { d.update(from: s, count: src.count) }
    }
  }
  buf = bigger
}

/// Picks a file's format from its first records: the registered format matching the most of the
/// first 64 parseable lines (ties go to registry order).
enum FormatSniffer {
  /// The format is sniffed from the lines that end within the first this-many bytes of a file
  /// (or from its first line, if longer), whatever the chunk size.
  static let windowBytes = 256 << 10

  static func window(_ first: [UInt8]) -> [UInt8] {
    if first.count <= windowBytes { return first }
    if let nl = first[..<windowBytes].lastIndex(of: 0x0A) { return Array(first[...nl]) }
    if let nl = first.firstIndex(of: 0x0A) { return Array(first[...nl]) }
    return first
  }

  /// - Parameter wholeDocument: `bytes` is one (pretty-printed, multi-line) JSON document.
  static func sniff(_ bytes: [UInt8], mapping: FieldMapping?, wholeDocument: Bool = false) -> (any LogFormat)? {
    if mapping != nil { return MappedFormat() }
    let formats = FormatRegistry.all
    var votes = [Int](repeating: 0, count: formats.count)
    var doc = JSONDocument()
    var seen = 0
    bytes.withUnsafeBufferPointer { buf in
      guard let base = buf.baseAddress else { return }
      var start = 0
      let n = buf.count
      while start < n, seen < 64 {
        var end = n
        if !wholeDocument, let hit = memchr(base + start, 0x0A, n - start) {
          end = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
        }
        var s = start
        while s < end, base[s] != UInt8(ascii: "{"), base[s] != UInt8(ascii: "[") { s += 1 }
        // Allow a short prefix (CloudWatch export timestamp, or a document's leading blank lines).
        if s < end, s - start <= 40 || wholeDocument, (try? doc.parse(base + s, count: end - s)) != nil {
          var roots: [Int] = []
          if doc.kind(0) == .array {
            doc.forEachElement(0) { roots.append($0); return roots.count < 8 }
          } else {
            roots = [0]
          }
          for r in roots {
            seen += 1
            for (fi, f) in formats.enumerated() where f.matches(doc, root: r) {
              votes[fi] += 1
              break
            }
          }
        }
        start = end + 1
      }
    }
    guard let best = votes.indices.max(by: { votes[$0] < votes[$1] || (votes[$0] == votes[$1] && $0 > $1) }),
      votes[best] > 0
    else { return nil }
    return formats[best]
  }
}
