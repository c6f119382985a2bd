import Glibc

/// Reuses the `String` of a repetitive field value (endpoint paths, user agents) across records.
///
/// Values over 15 UTF-8 bytes are heap-allocated Strings; a log repeats the same few endpoints
/// and user agents on every line, and building each again (allocate, validate, copy, free) was
/// measurable. A hit costs a hash, a compare and a retain. Small direct-mapped table (a power of
/// two of slots, values of at most 64 bytes) per field per worker; a value that misses simply replaces its slot. Unique
/// values (request ids) must not go through it. Hand-written: no package offers this.
final class FieldCache {
  static let maxBytes = 64
  private let slots: Int
  private let shift: UInt64
  private let hashes: UnsafeMutablePointer<UInt64>
  private let lengths: UnsafeMutablePointer<Int>
  private let bytes: UnsafeMutablePointer<UInt8>
  private let strings: UnsafeMutablePointer<String>

  /// - Parameter slots: a power of two (64 for a handful of values, more for accounts).
  init(slots: Int = 64) {
    self.slots = slots
    shift = UInt64(64 - slots.trailingZeroBitCount)
    hashes = .allocate(capacity: slots)
    hashes.initialize(repeating: 0, count: slots)
    lengths = .allocate(capacity: slots)
    lengths.initialize(repeating: -1, count: slots)
    bytes = .allocate(capacity: slots * Self.maxBytes)
    strings = .allocate(capacity: slots)
    strings.initialize(repeating: "", count: slots)
  }

  deinit {
    hashes.deallocate()
    lengths.deallocate()
    bytes.deallocate()
    strings.deinitialize(count: slots)
    strings.deallocate()
  }

  /// The decoded string value of token `t` (nil when it is not a non-empty string); unescaped
  /// and short values go through the cache.
  @inline(__always)
  func string(_ doc: borrowing JSONDocument, _ t: Int) -> String? {
    let tok = doc.token(t)
    guard tok.kind == .string, tok.end > tok.start else { return nil }
    let raw = doc.rawBytes(t)
    let n = raw.count
    guard !tok.flag, n > 15, n <= Self.maxBytes, let p = raw.baseAddress else { return doc.string(t) }
    let h = StableHash.bytes(raw)
    let slot = Int(truncatingIfNeeded: h >> shift)
    let stored = bytes + slot * Self.maxBytes
    if hashes[slot] == h, lengths[slot] == n, memcmp(stored, p, n) == 0 { return strings[slot] }
    let s = String(decoding: raw, as: UTF8.self)
    hashes[slot] = h
    lengths[slot] = n
    stored.update(from: p, count: n)
    strings[slot] = s
    return s
  }
}
