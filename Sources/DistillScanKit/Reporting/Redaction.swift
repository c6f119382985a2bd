/// `--redact`: prompt text becomes a stable hash plus a short preview of its shape, so analysts can
/// still group identical prompts without seeing their content.
public enum Redaction {
  public static func redact(_ text: String) -> String {
    let h = StableHash.fnv1a64(text)
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
    let preview = String(text.prefix(12).map { $0.isLetter ? "x" : ($0.isNumber ? "9" : $0) })
    return "[redacted sha:\(String(h, radix: 16)) words:\(words) preview:\"\(preview)…\"]"
  }
}

/// Deterministic 64-bit hashes (Swift's `Hasher` is seeded per process, so it cannot be used for
/// anything that must be stable across runs or machines).
public enum StableHash {
  /// Stable 64-bit hash of a string's UTF-8 bytes (the name is historical: it hashes 8 bytes at a
  /// time, which matters on the per-record path for user agents, ids and system prompts).
  public static func fnv1a64(_ s: String) -> UInt64 {
    var s = s
    return s.withUTF8 { bytes($0) }
  }

  /// Word-at-a-time hash of a byte buffer.
  @inline(__always)
  public static func bytes(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard let base = b.baseAddress else { return 0x84222325 }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(b.count)
    var i = 0
    let raw = UnsafeRawPointer(base)
    while i + 8 <= b.count {
      h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
      h ^= h >> 29
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < b.count {
      tail |= UInt64(base[i]) << shift
      shift += 8
      i += 1
    }
    return mix(h ^ tail)
  }

  /// 64-bit mix (splitmix64 finaliser).
  @inline(__always)
  public static func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
