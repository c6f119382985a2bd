import CScan

/// Fast UTF-8 validity check for a line. ASCII runs are skipped 16–32 bytes at a time (SSE2); only lines
/// with non-ASCII bytes pay for full validation.
enum UTF8Check {
  static func isValid(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i < n {
      // Skip ASCII 8 bytes at a time; come back here after every multi-byte character, so one
      // "é" early in a line does not make the rest of the line byte-by-byte.
      i += ds_ascii_prefix(p + i, n - i)
      guard i < n else { break }
      let c = p[i]
      if c < 0x80 { i += 1; continue }
      var need = 0
      var minCP: UInt32 = 0
      var cp: UInt32 = 0
      if c & 0xE0 == 0xC0 { need = 1; cp = UInt32(c & 0x1F); minCP = 0x80 }
      else if c & 0xF0 == 0xE0 { need = 2; cp = UInt32(c & 0x0F); minCP = 0x800 }
      else if c & 0xF8 == 0xF0 { need = 3; cp = UInt32(c & 0x07); minCP = 0x10000 }
      else { return false }
      guard i + need < n else { return false }
      for k in 1...need {
        let cc = p[i + k]
        guard cc & 0xC0 == 0x80 else { return false }
        cp = cp << 6 | UInt32(cc & 0x3F)
      }
      if cp < minCP || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000) { return false }
      i += need + 1
    }
    return true
  }
}
