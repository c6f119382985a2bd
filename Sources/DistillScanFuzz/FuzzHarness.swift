import DistillScanKit
import Glibc

/// Feeds one fuzz input to every layer that reads untrusted bytes:
/// 1. the JSON reader (parse, then walk every accessor over the whole tape),
/// 2. every format decoder, line by line, on whatever parses (bypassing sniffing, so each decoder
///    sees every shape the fuzzer invents),
/// 3. the whole ingest pipeline on a temporary file: codec sniffing and decompression (the
///    corpus holds gzip/zstd/lz4 seeds), chunking at a tiny chunk size, line handling
///    (CloudWatch prefixes, arrays, UTF-8 checks), format sniffing and decoding.
/// Anything that traps is a bug: decoders must treat odd shapes as absent fields.
enum FuzzHarness {
  nonisolated(unsafe) static var doc = JSONDocument()
  nonisolated(unsafe) static var context = DecodeContext()
  static let tempPath = "/tmp/distillscan-fuzz-\(getpid()).log"

  static func run(_ data: UnsafeBufferPointer<UInt8>) {
    if data.starts(with: PartialState.magic) {
      partialState(data)
      return
    }
    jsonAndDecoders(data)
    // A pipeline run costs a few milliseconds of thread start-up and hand-over, twenty times the
    // in-process decoding. Run it for every compressed input (codec magic first) and for a
    // quarter of the others, chosen by length so the choice is deterministic per input.
    let first = data.first ?? 0
    if first == 0x28 || first == 0x04 || first == 0x1F || first & 0xF0 == 0x50 || data.count % 4 == 0 {
      pipeline(data)
    }
  }

  static func jsonAndDecoders(_ data: UnsafeBufferPointer<UInt8>) {
    guard let base = data.baseAddress, data.count > 0 else { return }
    // Whole input as one document, then each line.
    decodeAll(base, data.count)
    var start = 0
    var lines = 0
    while start < data.count, lines < 64 {
      var end = start
      while end < data.count, base[end] != 0x0A { end += 1 }
      if end > start { decodeAll(base + start, end - start) }
      start = end + 1
      lines += 1
    }
  }

  static func decodeAll(_ p: UnsafePointer<UInt8>, _ n: Int) {
    do { try doc.parse(p, count: n) } catch { return }
    walk(0, depth: 0)
    context.filePath = tempPath
    context.accountField = nil
    for f in FormatRegistry.all + [MappedFormat()] {
      _ = f.matches(doc, root: 0)
      _ = f.decode(doc, root: 0, context: &context)
    }
    // The account override path is user input too.
    context.accountField = ["metadata", "-1", "user"]
    _ = OpenAIFormat().decode(doc, root: 0, context: &context)
  }

  nonisolated(unsafe) static var visited = 0

  /// Touches tokens through the public accessors. The container accessors are linear in the
  /// container size, so they run on the first few hundred tokens only (keeps executions fast).
  static func walk(_ t: Int, depth: Int) {
    if depth == 0 { visited = 0 }
    visited += 1
    guard visited < 2048 else { return }
    _ = doc.scalarString(t)
    _ = doc.int(t)
    _ = doc.double(t)
    _ = doc.bool(t)
    _ = doc.string(t, limit: 7)
    if visited < 256 {
      _ = doc.childCount(t)
      _ = doc.lastElement(t)
      _ = doc.path(t, ["a", "-1", "0"])
    }
    guard depth < 64 else { return }
    switch doc.kind(t) {
    case .object: doc.forEachMember(t) { k, v in _ = doc.string(k); walk(v, depth: depth + 1); return true }
    case .array: doc.forEachElement(t) { e in walk(e, depth: depth + 1); return true }
    default: break
    }
  }

  /// 4. partial-state files (`merge`): the header's length and the checksum are recomputed so the
  ///    fuzzer's mutations reach the field checks; whatever decodes is then merged and scored.
  static func partialState(_ data: UnsafeBufferPointer<UInt8>) {
    var b = Array(data)
    let headerEnd = PartialState.magic.count + 12
    guard b.count >= headerEnd + 8 else { _ = try? PartialState(decoding: b); return }
    let payload = b.count - headerEnd - 8
    for k in 0..<8 { b[PartialState.magic.count + 4 + k] = UInt8(truncatingIfNeeded: UInt64(payload) >> (8 * UInt64(k))) }
    let sum = b.withUnsafeBufferPointer { StableHash.bytes(UnsafeBufferPointer(rebasing: $0[headerEnd..<(headerEnd + payload)])) }
    for k in 0..<8 { b[b.count - 8 + k] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(k))) }
    guard let state = try? PartialState(decoding: b) else { return }
    var config = ScanConfiguration()
    state.apply(to: &config)
    config.workers = 1
    var merged = state
    merged.accounts.merge(state.accounts)
    _ = Scorer.buildReport(merged.ingestResult, config: config, now: 0)
  }

  static func pipeline(_ data: UnsafeBufferPointer<UInt8>) {
    let fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return }
    var off = 0
    while off < data.count {
      let n = write(fd, data.baseAddress! + off, data.count - off)
      if n <= 0 { break }
      off += n
    }
    close(fd)
    guard let inputs = try? InputDiscovery.expand([tempPath]) else { return }
    var config = ScanConfiguration()
    config.inputs = inputs
    config.workers = 1
    config.chunkSize = 256  // small, so lines straddle chunks; not tiny, to keep the run fast
    config.maxLineBytes = 4096
    let result = ScanPipeline.run(config)
    // Accounting must always balance, whatever the input.
    let s = result.stats
    if s.lines != s.accepted + s.rejectedTotal {
      fatalError("accounting: lines \(s.lines) != accepted \(s.accepted) + rejected \(s.rejectedTotal)")
    }
  }
}
