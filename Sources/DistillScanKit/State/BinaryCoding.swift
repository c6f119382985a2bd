/// Little-endian binary encoding for the partial-state files (`scan --partial-out`, `merge`).
///
/// Hand-written rather than Codable: no binary Codable coder ships with Swift or the available
/// packages, and JSON would turn every 1 KiB HyperLogLog into ~4 KiB of digits. Fixed-width
/// integers, length-prefixed strings and byte runs; every read is bounds-checked and a
/// malformed file is an error, never a trap.
struct BinaryWriter {
  private(set) var bytes: [UInt8] = []

  init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

  mutating func u8(_ v: UInt8) { bytes.append(v) }
  mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
  mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
  mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
  mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
  mutating func double(_ v: Double) { u64(v.bitPattern) }
  mutating func string(_ s: String) {
    var s = s
    s.withUTF8 { b in
      u32(UInt32(b.count))
      bytes.append(contentsOf: b)
    }
  }
  mutating func optString(_ s: String?) {
    bool(s != nil)
    if let s { string(s) }
  }
  mutating func optInt(_ v: Int?) {
    bool(v != nil)
    if let v { int(v) }
  }
  mutating func optDouble(_ v: Double?) {
    bool(v != nil)
    if let v { double(v) }
  }
  mutating func raw(_ b: [UInt8]) {
    u32(UInt32(b.count))
    bytes.append(contentsOf: b)
  }
  mutating func u64s(_ a: [UInt64]) {
    u32(UInt32(a.count))
    for v in a { u64(v) }
  }
  mutating func u32s(_ a: [UInt32]) {
    u32(UInt32(a.count))
    for v in a { u32(v) }
  }
}

struct BinaryReader {
  private let bytes: [UInt8]
  private(set) var offset: Int
  private let end: Int

  init(_ bytes: [UInt8], from: Int = 0, to: Int? = nil) {
    self.bytes = bytes
    offset = from
    end = to ?? bytes.count
  }

  var remaining: Int { end - offset }

  private func need(_ n: Int) throws(DistillScanError) {
    guard n >= 0, n <= end - offset else { throw DistillScanError(.corruptInput, "partial state is truncated or corrupt (at byte \(offset))") }
  }

  mutating func u8() throws(DistillScanError) -> UInt8 {
    try need(1)
    defer { offset += 1 }
    return bytes[offset]
  }
  mutating func bool() throws(DistillScanError) -> Bool {
    let v = try u8()
    guard v <= 1 else { throw DistillScanError(.corruptInput, "partial state is corrupt (bad flag at byte \(offset - 1))") }
    return v == 1
  }
  mutating func u32() throws(DistillScanError) -> UInt32 {
    try need(4)
    var v: UInt32 = 0
    for k in 0..<4 { v |= UInt32(bytes[offset + k]) << (8 * UInt32(k)) }
    offset += 4
    return v
  }
  mutating func u64() throws(DistillScanError) -> UInt64 {
    try need(8)
    var v: UInt64 = 0
    for k in 0..<8 { v |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
    offset += 8
    return v
  }
  mutating func int() throws(DistillScanError) -> Int { Int(Int64(bitPattern: try u64())) }
  mutating func double() throws(DistillScanError) -> Double { Double(bitPattern: try u64()) }
  /// A count or sum: 0…2⁵³ (the scorer divides and converts these; a negative or absurd value
  /// from a damaged file must stop here, not trap later).
  mutating func counter() throws(DistillScanError) -> Int {
    let v = try int()
    guard v >= 0, v <= 1 << 53 else { throw DistillScanError(.corruptInput, "partial state: counter out of range at byte \(offset - 8)") }
    return v
  }
  /// A time: one a scan accepts (1970…2200, ``Timestamp/plausible(_:)``), or ±infinity (the
  /// "none yet" value of first/last seen). Never NaN, and never a huge finite value: the scorer
  /// converts spans to integer hours, and `Int(1e300)` traps.
  mutating func time() throws(DistillScanError) -> Double {
    let v = try double()
    guard v.isInfinite || Timestamp.plausible(v) != nil else { throw DistillScanError(.corruptInput, "partial state: bad time at byte \(offset - 8)") }
    return v
  }
  /// A count of items of at least `itemBytes` each (refused when the rest of the file cannot hold them).
  mutating func count(itemBytes: Int) throws(DistillScanError) -> Int {
    let n = Int(try u32())
    try need(n * max(1, itemBytes))
    return n
  }
  mutating func string() throws(DistillScanError) -> String {
    let n = try count(itemBytes: 1)
    defer { offset += n }
    return String(decoding: bytes[offset..<(offset + n)], as: UTF8.self)
  }
  mutating func optString() throws(DistillScanError) -> String? { try bool() ? string() : nil }
  mutating func optInt() throws(DistillScanError) -> Int? { try bool() ? int() : nil }
  mutating func optDouble() throws(DistillScanError) -> Double? { try bool() ? double() : nil }
  /// A first/last-seen pair: both unset (+inf, -inf) or both set with first ≤ last (a half-set
  /// pair would reach the scorer's hour count as `Int(-inf)`).
  mutating func timeSpan() throws(DistillScanError) -> (first: Double, last: Double) {
    let first = try time(), last = try time()
    guard (first == .infinity && last == -.infinity) || (first.isFinite && last.isFinite && first <= last) else {
      throw DistillScanError(.corruptInput, "partial state: bad first/last time at byte \(offset - 16)")
    }
    return (first, last)
  }
  mutating func raw() throws(DistillScanError) -> [UInt8] {
    let n = try count(itemBytes: 1)
    defer { offset += n }
    return Array(bytes[offset..<(offset + n)])
  }
  mutating func u64s() throws(DistillScanError) -> [UInt64] {
    let n = try count(itemBytes: 8)
    var a: [UInt64] = []
    a.reserveCapacity(n)
    for _ in 0..<n { a.append(try u64()) }
    return a
  }
  mutating func u32s() throws(DistillScanError) -> [UInt32] {
    let n = try count(itemBytes: 4)
    var a: [UInt32] = []
    a.reserveCapacity(n)
    for _ in 0..<n { a.append(try u32()) }
    return a
  }
}
