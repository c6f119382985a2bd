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

/// Immutable lookup table from word hashes to small flag sets, for lexicons on the hot path
/// (one lookup per token of every prompt).
///
/// Two-choice (cuckoo) layout: every key lives in one of two slots, each slot one UInt64 holding
/// the key's top 40 bits and its 24 flag bits. A lookup reads both slots and keeps the flags of
/// the one whose key bits match — two loads from a 16–32 KiB table that stays in L1, and no
/// branch. The linear-probing table this replaced needed a bit filter, a filter branch that
/// mispredicted on most stop words, and probe loops into a 128 KiB table (~18 % of tokenizing).
/// Keys are compared on 40 bits: a word outside the lexicon is mistaken for one with probability
/// ~2⁻⁴⁰ per lexicon word.
struct FlagTable: @unchecked Sendable {
  // Immutable after init; the buffer is never freed (the table lives for the whole process).
  private let slots: UnsafeMutableBufferPointer<UInt64>
  private let shift: UInt64
  private let zeroFlags: UInt32
  static let flagBits: UInt64 = 24
  static let flagMask: UInt64 = (1 << flagBits) - 1
  /// The layout, for the C tokenizer's copy of ``flags(_:)``.
  var slotsBase: UnsafePointer<UInt64> { UnsafePointer(slots.baseAddress!) }
  var slotShift: UInt64 { shift }
  var zeroKeyFlags: UInt32 { zeroFlags }

  init(_ entries: [(UInt64, UInt32)]) {
    var merged: [UInt64: UInt32] = [:]
    var zero: UInt32 = 0
    for (k, f) in entries {
      precondition(UInt64(f) <= Self.flagMask, "FlagTable holds 24 flag bits")
      if k == 0 { zero |= f } else { merged[k, default: 0] |= f }
    }
    zeroFlags = zero
    // Insert in key order so the layout does not depend on dictionary iteration order.
    let keys = merged.keys.sorted()
    var bits: UInt64 = 8
    while (1 << bits) < keys.count * 2 { bits += 1 }
    while true {
      let cap = 1 << Int(bits)
      var table = [UInt64](repeating: 0, count: cap)
      if Self.build(keys, merged, bits: bits, into: &table) {
        slots = .allocate(capacity: cap)
        _ = slots.initialize(from: table)
        shift = 64 - bits
        return
      }
      bits += 1  // a cycle among the choices: grow (never happens at ≤ 1/2 load in practice)
    }
  }

  private static func build(_ keys: [UInt64], _ flags: [UInt64: UInt32], bits: UInt64, into table: inout [UInt64]) -> Bool {
    let shift = 64 - bits
    for k in keys {
      var entry = (k & ~flagMask) | UInt64(flags[k]!)
      var slot = slot1(k, shift)
      for _ in 0..<(4 * table.count) {
        let old = table[slot]
        table[slot] = entry
        if old == 0 { break }
        // Evicted: move it to its other choice.
        entry = old
        let full = fullKey(of: old, among: keys, flags: flags)
        slot = slot == slot1(full, shift) ? slot2(full, shift) : slot1(full, shift)
        if entry == 0 { break }
      }
      if !lookupMatches(k, table, shift) { return false }
    }
    return keys.allSatisfy { lookupMatches($0, table, shift) }
  }

  /// The full key whose entry this is (entries keep only the top 40 bits).
  private static func fullKey(of entry: UInt64, among keys: [UInt64], flags: [UInt64: UInt32]) -> UInt64 {
    keys.first { ($0 & ~flagMask) == (entry & ~flagMask) } ?? 0
  }

  private static func lookupMatches(_ k: UInt64, _ table: [UInt64], _ shift: UInt64) -> Bool {
    let a = table[slot1(k, shift)], b = table[slot2(k, shift)]
    return (a & ~flagMask) == (k & ~flagMask) || (b & ~flagMask) == (k & ~flagMask)
  }

  @inline(__always)
  private static func slot1(_ k: UInt64, _ shift: UInt64) -> Int { Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) &>> shift) }
  @inline(__always)
  private static func slot2(_ k: UInt64, _ shift: UInt64) -> Int { Int(truncatingIfNeeded: (k &* 0xC2B2_AE3D_27D4_EB4F) &>> shift) }

  /// The lookup this layout defines. The tokenizer uses its C copy (`ds_lex_flags`, eight at a
  /// time in `ds_hash_batch`); the tokenizer equivalence tests look up through this one.
  @inline(__always) func flags(_ k: UInt64) -> UInt32 {
    let hi = k & ~Self.flagMask
    let a = slots[Self.slot1(k, shift)], b = slots[Self.slot2(k, shift)]
    let fa = (a & ~Self.flagMask) == hi ? a : 0
    let fb = (b & ~Self.flagMask) == hi ? b : 0
    // Key 0 is stored apart (an empty slot reads as key bits 0); `zeroMask` is all ones only for k == 0.
    let zeroMask = UInt32(truncatingIfNeeded: UInt64(bitPattern: -Int64(k == 0 ? 1 : 0)))
    return UInt32(truncatingIfNeeded: (fa | fb) & Self.flagMask) | (zeroFlags & zeroMask)
  }
}

extension HashMap64 {
  /// Partial-state encoding: the table as laid out (so a restored map iterates in the same order).
  func write(to w: inout BinaryWriter) {
    w.u64s(keys)
    w.u32s(values)
    w.bool(zeroValue != nil)
    if let zeroValue { w.u32(zeroValue) }
  }

  init(from r: inout BinaryReader) throws(DistillScanError) {
    self.init()
    let k = try r.u64s()
    let v = try r.u32s()
    let z: UInt32? = try r.bool() ? r.u32() : nil
    let used = k.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
    guard k.count == v.count, k.isEmpty || (k.count >= 8 && k.count & (k.count - 1) == 0), (used + (z == nil ? 0 : 1)) * 4 <= max(k.count, 1) * 3 + 4
    else { throw DistillScanError(.corruptInput, "partial state: bad hash map") }
    keys = k
    values = v
    zeroValue = z
    count = used + (z == nil ? 0 : 1)
    // Every key must be reachable from its home slot (and stored once): a damaged table could
    // otherwise hide keys from lookups and grow duplicates on later adds.
    for (i, key) in k.enumerated() where key != 0 {
      var j = slot(key, k.count - 1)
      while keys[j] != key && keys[j] != 0 { j = (j + 1) & (k.count - 1) }
      guard j == i else { throw DistillScanError(.corruptInput, "partial state: bad hash map layout") }
    }
  }
}
