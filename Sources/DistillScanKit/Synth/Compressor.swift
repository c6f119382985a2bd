internal import CIsal
internal import CLZ4
internal import CZstd

/// One-shot compression for files written by `distillscan synth` (zstd, lz4 frame, gzip).
///
/// Library calls rather than piping through the CLI tools: no process spawn per hourly file, and
/// the outputs are deterministic (zstd and lz4 frames carry no timestamps; isa-l's gzip header
/// has mtime 0). Each call produces one complete frame/member, so shards can be compressed in
/// parallel and concatenated into a valid stream.
public enum Compressor {
  /// File-name suffix for a codec (`""` for none).
  public static func suffix(_ c: Compression) -> String {
    switch c {
    case .zstd: ".zst"
    case .lz4: ".lz4"
    case .gzip: ".gz"
    case .none: ""
    }
  }

  public static func compress(_ input: [UInt8], _ codec: Compression, level: Int = 3) throws(DistillScanError) -> [UInt8] {
    switch codec {
    case .none: return input
    case .zstd: return try zstd(input, level: level)
    case .lz4: return try lz4(input)
    case .gzip: return try gzip(input)
    }
  }

  static func zstd(_ input: [UInt8], level: Int) throws(DistillScanError) -> [UInt8] {
    let bound = ZSTD_compressBound(input.count)
    var out = [UInt8](repeating: 0, count: bound)
    let n = input.withUnsafeBytes { i in
      out.withUnsafeMutableBytes { o in ZSTD_compress(o.baseAddress, o.count, i.baseAddress, i.count, Int32(level)) }
    }
    if ZSTD_isError(n) != 0 { throw DistillScanError(.internalError, "zstd: \(String(cString: ZSTD_getErrorName(n)))") }
    out.removeLast(out.count - n)
    return out
  }

  static func lz4(_ input: [UInt8]) throws(DistillScanError) -> [UInt8] {
    var prefs = LZ4F_preferences_t()
    prefs.frameInfo.blockSizeID = LZ4F_max4MB
    prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled
    let bound = LZ4F_compressFrameBound(input.count, &prefs)
    var out = [UInt8](repeating: 0, count: bound)
    let n = input.withUnsafeBytes { i in
      out.withUnsafeMutableBytes { o in LZ4F_compressFrame(o.baseAddress, o.count, i.baseAddress, i.count, &prefs) }
    }
    if LZ4F_isError(n) != 0 { throw DistillScanError(.internalError, "lz4: \(String(cString: LZ4F_getErrorName(n)))") }
    out.removeLast(out.count - n)
    return out
  }

  /// gzip via ISA-L level 1 (several times faster than zlib -6; ratio is close enough for logs).
  static func gzip(_ input: [UInt8]) throws(DistillScanError) -> [UInt8] {
    var stream = isal_zstream()
    isal_deflate_init(&stream)
    let levelBufSize = Int(cisal_lvl1_default_bufsize())
    let levelBuf = UnsafeMutablePointer<UInt8>.allocate(capacity: levelBufSize)
    defer { levelBuf.deallocate() }
    stream.level = 1
    stream.level_buf = levelBuf
    stream.level_buf_size = UInt32(levelBufSize)
    stream.gzip_flag = UInt16(IGZIP_GZIP)
    stream.end_of_stream = 1
    stream.flush = UInt16(NO_FLUSH)
    // Stored-block worst case plus headers; grow in the (never seen) case it is not enough.
    var out = [UInt8](repeating: 0, count: input.count + input.count / 64 + 1024)
    var produced = 0
    let ok: Bool = input.withUnsafeBufferPointer { i in
      stream.next_in = UnsafeMutablePointer(mutating: i.baseAddress)
      stream.avail_in = UInt32(i.count)
      while true {
        if produced == out.count { out.append(contentsOf: [UInt8](repeating: 0, count: out.count / 2 + 1024)) }
        let r: Int32 = out.withUnsafeMutableBufferPointer { o in
          stream.next_out = o.baseAddress! + produced
          stream.avail_out = UInt32(o.count - produced)
          let r = isal_deflate(&stream)
          produced = o.count - Int(stream.avail_out)
          return r
        }
        if r != COMP_OK { return false }
        if stream.internal_state.state == ZSTATE_END { return true }
      }
    }
    if !ok { throw DistillScanError(.internalError, "isal_deflate failed") }
    out.removeLast(out.count - produced)
    return out
  }
}
