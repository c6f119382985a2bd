internal import CLZ4

/// Streaming LZ4 frame decoder (LZ4F_decompress). Concatenated frames are decoded in sequence.
final class LZ4StreamDecoder {
  private var ctx: OpaquePointer?
  private(set) var atBoundary = true

  init() {
    var c: OpaquePointer?
    _ = LZ4F_createDecompressionContext(&c, clz4_version())
    ctx = c
  }
  deinit { LZ4F_freeDecompressionContext(ctx) }

  func decode(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) throws(DecodeFailure) -> (consumed: Int, produced: Int) {
    var srcSize = input.count
    var dstSize = output.count
    let r = LZ4F_decompress(ctx, output.baseAddress, &dstSize, input.baseAddress, &srcSize, nil)
    if LZ4F_isError(r) != 0 {
      throw DecodeFailure(message: String(cString: LZ4F_getErrorName(r)))
    }
    atBoundary = (r == 0)
    return (srcSize, dstSize)
  }
}
