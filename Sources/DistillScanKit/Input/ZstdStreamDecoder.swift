internal import CZstd

/// Streaming zstd decoder (ZSTD_decompressStream). Handles multiple and skippable frames.
final class ZstdStreamDecoder {
  private let ctx: OpaquePointer
  private(set) var atBoundary = true

  init() {
    ctx = ZSTD_createDStream()
    ZSTD_initDStream(ctx)
  }
  deinit { ZSTD_freeDStream(ctx) }

  func decode(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) throws(DecodeFailure) -> (consumed: Int, produced: Int) {
    var inb = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
    var outb = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
    let r = ZSTD_decompressStream(ctx, &outb, &inb)
    if ZSTD_isError(r) != 0 {
      throw DecodeFailure(message: String(cString: ZSTD_getErrorName(r)))
    }
    // r == 0: a frame is complete and fully flushed.
    atBoundary = (r == 0)
    return (inb.pos, outb.pos)
  }
}
