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
  public static func fnv1a64(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s.utf8 {
      h ^= UInt64(b)
      h &*= 0x100_0000_01b3
    }
    return h
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
