internal import CIsal

/// Streaming gzip decoder on Intel ISA-L's igzip (about 4x zlib's inflate here; see README).
/// Multi-member files (AWS writes them) are handled by resetting the state after each member.
final class GzipStreamDecoder {
  private let state: UnsafeMutablePointer<inflate_state>
  private(set) var atBoundary = true
  private var inMember = false

  init() {
    state = .allocate(capacity: 1)
    isal_inflate_init(state)
    state.pointee.crc_flag = UInt32(ISAL_GZIP)
  }
  deinit { state.deallocate() }

  func decode(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) throws(DecodeFailure) -> (consumed: Int, produced: Int) {
    var consumed = 0
    var produced = 0
    while true {
      let availIn = input.count - consumed
      let availOut = output.count - produced
      if availOut == 0 { break }
      if availIn == 0 { break }
      // Between members: tolerate trailing zero padding (seen on some writers).
      if !inMember {
        if input.load(fromByteOffset: consumed, as: UInt8.self) == 0 {
          consumed += 1
          continue
        }
        inMember = true
        atBoundary = false
      }
      state.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: UInt8.self) + consumed)
      state.pointee.avail_in = UInt32(min(availIn, Int(UInt32.max)))
      state.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self) + produced
      state.pointee.avail_out = UInt32(min(availOut, Int(UInt32.max)))
      let r = isal_inflate(state)
      let c = min(availIn, Int(UInt32.max)) - Int(state.pointee.avail_in)
      let p = min(availOut, Int(UInt32.max)) - Int(state.pointee.avail_out)
      consumed += c
      produced += p
      if r != ISAL_DECOMP_OK {
        throw DecodeFailure(message: "isal_inflate error \(r)", produced: produced)
      }
      if state.pointee.block_state == ISAL_BLOCK_FINISH {
        // Member complete (trailer checked by isa-l); the next bytes may start another member.
        isal_inflate_reset(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        inMember = false
        atBoundary = true
        continue
      }
      if c == 0 && p == 0 { break }
    }
    return (consumed, produced)
  }
}
