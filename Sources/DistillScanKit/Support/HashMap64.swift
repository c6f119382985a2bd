/// Open-addressing hash map from 64-bit keys (already hashes) to 32-bit counts.
///
/// Hand-written because Swift's `Dictionary` runs SipHash on every lookup, which showed up as the
/// single largest cost of per-record aggregation; keys here are already uniformly mixed hashes, so
/// a multiplicative probe start and linear probing are enough. Key 0 is stored out of band.
public struct HashMap64: Sendable, Equatable {
  private var keys: [UInt64] = []
  private var values: [UInt32] = []
  private var zeroValue: UInt32? = nil
  public private(set) var count = 0

  public init() {}

  @inline(__always)
  private func slot(_ k: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask }

  /// Adds `n` to the value of `k` (inserting it at 0 first).
  @inline(__always)
  public mutating func add(_ k: UInt64, _ n: UInt32) {
    if k == 0 {
      if zeroValue == nil { count += 1 }
      zeroValue = (zeroValue ?? 0) &+ n
      return
    }
    if (count + 1) * 4 > keys.count * 3 { grow() }
    let mask = keys.count - 1
    var i = slot(k, mask)
    while true {
      let cur = keys[i]
      if cur == k {
        values[i] &+= n
        return
      }
      if cur == 0 {
        keys[i] = k
        values[i] = n
        count += 1
        return
      }
      i = (i + 1) & mask
    }
  }

  @inline(__always)
  public func get(_ k: UInt64) -> UInt32? {
    if k == 0 { return zeroValue }
    guard !keys.isEmpty else { return nil }
    let mask = keys.count - 1
    var i = slot(k, mask)
    while true {
      let cur = keys[i]
      if cur == k { return values[i] }
      if cur == 0 { return nil }
      i = (i + 1) & mask
    }
  }

  public func contains(_ k: UInt64) -> Bool { get(k) != nil }

  private mutating func grow() {
    let old = (keys, values)
    let cap = max(8, keys.count * 2)
    keys = [UInt64](repeating: 0, count: cap)
    values = [UInt32](repeating: 0, count: cap)
    let z = zeroValue
    count = z == nil ? 0 : 1
    for i in 0..<old.0.count where old.0[i] != 0 { add(old.0[i], old.1[i]) }
  }

  /// All entries, in no particular order.
  public var entries: [(key: UInt64, value: UInt32)] {
    var out: [(key: UInt64, value: UInt32)] = []
    out.reserveCapacity(count)
    if let z = zeroValue { out.append((0, z)) }
    for i in 0..<keys.count where keys[i] != 0 { out.append((keys[i], values[i])) }
    return out
  }

  public var keyList: [UInt64] { entries.map(\.key) }
  public var valueList: [UInt32] { entries.map(\.value) }

  /// Keeps only entries whose key satisfies `keep`.
  public func filter(_ keep: (UInt64) -> Bool) -> HashMap64 {
    var m = HashMap64()
    for (k, v) in entries where keep(k) { m.add(k, v) }
    return m
  }

  /// Allocated bytes.
  public var byteSize: Int { keys.count * 12 }

  public static func == (a: HashMap64, b: HashMap64) -> Bool {
    a.count == b.count && a.entries.sorted { $0.key < $1.key }.elementsEqual(b.entries.sorted { $0.key < $1.key }) { $0 == $1 }
  }
}

/// Immutable lookup table from word hashes to small flag sets, for lexicons on the hot path.
///
/// Most probes are misses (ordinary words are in no lexicon), and a miss in linear probing walks
/// to the next empty slot: at `HashMap64`'s 3/4 load that is ~8 slots per word. This table stays at
/// most 1/8 full (a miss ends after ~1.1 probes) and keeps key and flags in one 16-byte slot so a
/// probe touches one cache line. A few thousand words → ≤ 256 KiB, shared by all workers.
/// That is more than L1, so an 8 KiB bit filter (64 Ki bits, ~1 % of them set) answers most
/// misses first without touching the table.
struct FlagTable: @unchecked Sendable {
  // Immutable after init; the buffers are never freed (the table lives for the whole process).
  private let slots: UnsafeMutableBufferPointer<(key: UInt64, flags: UInt64)>
  private let filter: UnsafeMutableBufferPointer<UInt64>
  private let mask: Int
  private let zeroFlags: UInt32

  init(_ entries: [(UInt64, UInt32)]) {
    var cap = 64
    while cap < entries.count * 8 { cap *= 2 }
    slots = .allocate(capacity: cap)
    slots.initialize(repeating: (0, 0))
    mask = cap - 1
    filter = .allocate(capacity: 1024)
    filter.initialize(repeating: 0)
    var zero: UInt32 = 0
    for (k, f) in entries {
      if k == 0 { zero |= f; continue }
      filter[Int(truncatingIfNeeded: k >> 54)] |= 1 << ((k >> 48) & 63)
      var i = Self.slot(k, mask)
      while slots[i].key != 0 && slots[i].key != k { i = (i + 1) & mask }
      slots[i] = (k, slots[i].flags | UInt64(f))
    }
    zeroFlags = zero
  }

  @inline(__always)
  private static func slot(_ k: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask }

  @inline(__always) func flags(_ k: UInt64) -> UInt32 {
    if k == 0 { return zeroFlags }
    if filter[Int(truncatingIfNeeded: k >> 54)] & (1 << ((k >> 48) & 63)) == 0 { return 0 }
    var i = Self.slot(k, mask)
    while true {
      let e = slots[i]
      if e.key == k { return UInt32(truncatingIfNeeded: e.flags) }
      if e.key == 0 { return 0 }
      i = (i + 1) & mask
    }
  }
}
