import Glibc

/// Compression of an input stream, recognised by magic bytes (never by file name).
public enum Compression: String, Sendable, CaseIterable {
  case zstd, lz4, gzip, none

  /// Sniffs the codec from the first bytes of a stream.
  /// zstd frames start 28 B5 2F FD (skippable frames 5x 2A 4D 18), lz4 frames 04 22 4D 18, gzip 1F 8B.
  public static func sniff<C: Collection<UInt8>>(_ head: C) -> Compression {
    let b = Array(head.prefix(4))
    if b.count >= 4 {
      if b[0] == 0x28, b[1] == 0xB5, b[2] == 0x2F, b[3] == 0xFD { return .zstd }
      if b[0] & 0xF0 == 0x50, b[1] == 0x2A, b[2] == 0x4D, b[3] == 0x18 { return .zstd }
      if b[0] == 0x04, b[1] == 0x22, b[2] == 0x4D, b[3] == 0x18 { return .lz4 }
    }
    if b.count >= 2, b[0] == 0x1F, b[1] == 0x8B { return .gzip }
    return .none
  }
}

/// A streaming decoder from compressed bytes to plain bytes. Owned by exactly one reader.
protocol StreamDecoder: ~Copyable {
  /// Decodes as much of `input` as possible into `output`.
  /// - Returns: bytes consumed from input and bytes produced into output.
  /// - Throws: `DecodeFailure` when the stream is corrupt.
  mutating func decode(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) throws(DecodeFailure) -> (consumed: Int, produced: Int)
  /// True when the stream ended cleanly at a frame/member boundary (so EOF here is not truncation).
  var atBoundary: Bool { get }
}

/// A corrupt compressed stream, with the codec's own message.
public struct DecodeFailure: Error, Sendable {
  public var message: String
  /// Bytes written to the output in the failing call before the error was found (a gzip CRC
  /// mismatch is only detected after the member's data was inflated). Counting them keeps what
  /// is read from a damaged stream independent of the output buffer (chunk) size.
  public var produced: Int = 0
}

/// Reads a file (or stdin) and yields decompressed bytes. Handles concatenated frames/members.
final class DecompressingReader {
  private let fd: Int32
  private let ownsFD: Bool
  let compression: Compression
  private var inBuf: UnsafeMutableRawBufferPointer
  private var inStart = 0
  private var inEnd = 0
  private var eof = false
  private var decoder: AnyStreamDecoder
  /// Compressed bytes read from the file so far.
  private(set) var compressedBytes: Int = 0
  /// Set when the stream was truncated or corrupt; reading stops there.
  private(set) var failure: String?

  init(path: String?) throws(DistillScanError) {
    if let path {
      let fd = open(path, O_RDONLY | O_CLOEXEC)
      if fd < 0 { throw DistillScanError(.io, String(cString: strerror(errno)), path: path) }
      self.fd = fd
      ownsFD = true
    } else {
      fd = 0
      ownsFD = false
    }
    inBuf = .allocate(byteCount: 1 << 18, alignment: 64)
    spill = .allocate(byteCount: Self.window, alignment: 64)
    // Fill enough to sniff the codec.
    var head = 0
    while head < 4 {
      let n = Glibc.read(fd, inBuf.baseAddress! + head, inBuf.count - head)
      if n <= 0 { break }
      head += n
    }
    inEnd = head
    compressedBytes = head
    compression = Compression.sniff(UnsafeRawBufferPointer(rebasing: inBuf[0..<head]))
    switch compression {
    case .zstd: decoder = .zstd(ZstdStreamDecoder())
    case .lz4: decoder = .lz4(LZ4StreamDecoder())
    case .gzip: decoder = .gzip(GzipStreamDecoder())
    case .none: decoder = .plain
    }
  }

  deinit {
    inBuf.deallocate()
    spill.deallocate()
    if ownsFD { close(fd) }
  }

  /// Every decoder call gets an output window of exactly this many bytes. Why: on damaged
  /// streams what a codec yields depends on its output space (zstd/lz4 verify the frame checksum
  /// in the call that writes the last bytes and then report nothing from that call; isa-l
  /// buffers input it cannot yet write out), so handing it the caller's leftover space would make
  /// the records read from a broken file depend on the chunk size.
  static let window = 1 << 17
  // Allocated in init once the file is open: a throwing init does not run deinit.
  private var spill: UnsafeMutableRawBufferPointer
  private var spillStart = 0
  private var spillEnd = 0

  /// Fills `out` with decompressed bytes; returns 0 at end of stream (or after a failure).
  func read(into out: UnsafeMutableRawBufferPointer) -> Int {
    if out.count == 0 { return 0 }
    if spillStart < spillEnd {
      // Bytes decoded earlier than the caller had room for.
      let n = min(out.count, spillEnd - spillStart)
      out.baseAddress!.copyMemory(from: spill.baseAddress! + spillStart, byteCount: n)
      spillStart += n
      return n
    }
    if out.count >= Self.window {
      return decodeWindow(UnsafeMutableRawBufferPointer(rebasing: out[0..<Self.window]))
    }
    // Small destination: decode a full window into the spill buffer, hand out what fits.
    spillStart = 0
    spillEnd = decodeWindow(spill)
    return spillEnd == 0 ? 0 : read(into: out)
  }

  private func decodeWindow(_ out: UnsafeMutableRawBufferPointer) -> Int {
    if failure != nil { return 0 }
    var produced = 0
    while produced == 0 {
      if inStart == inEnd && !eof {
        inStart = 0
        let n = Glibc.read(fd, inBuf.baseAddress!, inBuf.count)
        if n < 0 {
          if errno == EINTR { continue }
          failure = "read error: \(String(cString: strerror(errno)))"
          return 0
        }
        if n == 0 { eof = true }
        inEnd = max(0, n)
        compressedBytes += max(0, n)
      }
      let input = UnsafeRawBufferPointer(rebasing: inBuf[inStart..<inEnd])
      if input.isEmpty && eof {
        if !decoder.atBoundary { failure = "truncated \(compression.rawValue) stream" }
        return 0
      }
      do {
        let (c, p) = try decoder.decode(input, UnsafeMutableRawBufferPointer(rebasing: out[produced...]))
        inStart += c
        produced += p
        if c == 0 && p == 0 && input.isEmpty == false && out.count > produced {
          // No progress with input present: the decoder needs more input than we hold. Read more.
          if eof {
            failure = "truncated \(compression.rawValue) stream"
            return produced
          }
          compact()
          let n = Glibc.read(fd, inBuf.baseAddress! + inEnd, inBuf.count - inEnd)
          if n <= 0 { eof = true } else { inEnd += n; compressedBytes += n }
        }
      } catch {
        failure = "corrupt \(compression.rawValue) stream: \(error.message)"
        return produced + error.produced
      }
    }
    return produced
  }

  private func compact() {
    if inStart > 0 {
      let n = inEnd - inStart
      inBuf.baseAddress!.copyMemory(from: inBuf.baseAddress! + inStart, byteCount: n)
      inStart = 0
      inEnd = n
    }
  }
}

/// Closed set of decoders; an enum avoids existential dispatch on the hot path.
enum AnyStreamDecoder {
  case zstd(ZstdStreamDecoder)
  case lz4(LZ4StreamDecoder)
  case gzip(GzipStreamDecoder)
  case plain

  var atBoundary: Bool {
    switch self {
    case .zstd(let d): return d.atBoundary
    case .lz4(let d): return d.atBoundary
    case .gzip(let d): return d.atBoundary
    case .plain: return true
    }
  }

  mutating func decode(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) throws(DecodeFailure) -> (consumed: Int, produced: Int) {
    switch self {
    case .zstd(let d): return try d.decode(input, output)
    case .lz4(let d): return try d.decode(input, output)
    case .gzip(let d): return try d.decode(input, output)
    case .plain:
      let n = min(input.count, output.count)
      output.baseAddress!.copyMemory(from: input.baseAddress!, byteCount: n)
      return (n, n)
    }
  }
}
