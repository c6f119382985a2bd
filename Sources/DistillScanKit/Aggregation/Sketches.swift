// Bounded, mergeable, order-independent sketches for per-account state.
//
// Every structure here gives the same result whatever the order of inserts and merges (the scan
// result must not depend on worker count, chunk size or file order), and has a documented size
// bound. They are hand-written because none of the available Swift packages (swift-collections,
// swift-algorithms) provides HyperLogLog, level sampling or bottom-k reservoirs.

/// Distinct counter: exact (sparse list of 64-bit hashes) up to ``sparseLimit`` items, then a
/// HyperLogLog with 2^10 one-byte registers (±3.3% standard error).
/// Bound: max(8 × sparseLimit, 1024) bytes = 1 KiB.
public struct DistinctCounter: Sendable, Equatable {
  static let p = 10
  static let m = 1 << p
  static let sparseLimit = 128
  private var sparse: [UInt64] = []  // sorted, unique
  private var dense: [UInt8]? = nil

  public init() {}

  @inline(__always)
  public mutating func insert(_ rawHash: UInt64) {
    let h = StableHash.mix(rawHash)
    if dense != nil {
      Self.setRegister(&dense!, h)
      return
    }
    var lo = 0
    var hi = sparse.count
    while lo < hi {
      let mid = (lo + hi) >> 1
      if sparse[mid] < h { lo = mid + 1 } else { hi = mid }
    }
    if lo < sparse.count && sparse[lo] == h { return }
    sparse.insert(h, at: lo)
    if sparse.count > Self.sparseLimit { densify() }
  }

  @inline(__always)
  static func setRegister(_ regs: inout [UInt8], _ h: UInt64) {
    let idx = Int(h >> UInt64(64 - p))
    let w = (h << UInt64(p)) | (1 << UInt64(p - 1))  // guard bit bounds the rank
    let rank = UInt8(w.leadingZeroBitCount + 1)
    if regs[idx] < rank { regs[idx] = rank }
  }

  private mutating func densify() {
    var regs = [UInt8](repeating: 0, count: Self.m)
    for h in sparse { Self.setRegister(&regs, h) }
    dense = regs
    sparse = []
  }

  public mutating func merge(_ o: DistinctCounter) {
    if let od = o.dense {
      if dense == nil { densify() }
      for i in 0..<Self.m where od[i] > dense![i] { dense![i] = od[i] }
    } else if dense != nil {
      for h in o.sparse { Self.setRegister(&dense!, h) }
    } else {
      var merged = sparse
      merged.append(contentsOf: o.sparse)
      merged.sort()
      var out: [UInt64] = []
      out.reserveCapacity(merged.count)
      for h in merged where out.last != h { out.append(h) }
      sparse = out
      if sparse.count > Self.sparseLimit { densify() }
    }
  }

  /// Estimated number of distinct items.
  public var estimate: Double {
    guard let regs = dense else { return Double(sparse.count) }
    var sum = 0.0
    var zeros = 0
    for r in regs {
      sum += 1.0 / Double(UInt64(1) << UInt64(r))
      if r == 0 { zeros += 1 }
    }
    let m = Double(Self.m)
    let alpha = 0.7213 / (1 + 1.079 / m)
    let e = alpha * m * m / sum
    if e <= 2.5 * m, zeros > 0 { return m * log(m / Double(zeros)) }
    return e
  }

  /// Bytes held (for the memory bound).
  public var byteSize: Int { dense != nil ? Self.m : sparse.count * 8 }
}

/// Key → count map that keeps only keys whose hash has at least `level` trailing zero bits,
/// raising the level when more than ``capacity`` keys are held ("distinct sampling", Gibbons 2001).
/// Because a key's level is a property of the key, the kept set and its counts are exactly the
/// same for any insertion or merge order, and two accounts keep the *same* keys (coordinated
/// sampling), which makes cross-account Jaccard estimates unbiased.
/// Bound: capacity × 12 bytes (+ dictionary overhead).
public struct SampledCounts: Sendable, Equatable {
  public private(set) var map = HashMap64()
  public private(set) var level: Int = 0
  public let capacity: Int

  public init(capacity: Int) { self.capacity = capacity }

  /// Highest level a partial-state file may hold (see `init(from:capacity:)`).
  static let maxLevel = 40

  @inline(__always)
  static func levelOf(_ key: UInt64) -> Int { StableHash.mix(key ^ 0x5bd1_e995).trailingZeroBitCount }

  @inline(__always)
  public mutating func add(_ key: UInt64, _ n: UInt32 = 1) {
    if level > 0 && Self.levelOf(key) < level { return }
    map.add(key, n)
    if map.count > capacity { raise() }
  }

  private mutating func raise() {
    while map.count > capacity {
      level += 1
      let l = level
      map = map.filter { Self.levelOf($0) >= l }
    }
  }

  public mutating func merge(_ o: SampledCounts) {
    if o.level > level {
      level = o.level
      let l = level
      map = map.filter { Self.levelOf($0) >= l }
    }
    for (k, v) in o.map.entries where Self.levelOf(k) >= level { map.add(k, v) }
    if map.count > capacity { raise() }
  }

  public var isEmpty: Bool { map.count == 0 }
  /// Estimated number of distinct keys seen.
  public var distinctEstimate: Double { Double(map.count) * Double(sign: .plus, exponent: level, significand: 1) }
  /// Sampling rate of the kept keys.
  public var rate: Double { Double(sign: .plus, exponent: -level, significand: 1) }
  public var byteSize: Int { map.byteSize }
}

/// Bottom-k reservoir: keeps the k items with the smallest priority hash — a uniform sample that
/// is identical for any order of inserts and merges. Used for exemplar requests.
public struct BottomK<Item: Sendable & Equatable>: Sendable, Equatable {
  public private(set) var items: [(UInt64, Item)] = []
  public let k: Int
  public init(k: Int) { self.k = k }

  /// True when an item with this priority would be kept (check before building an expensive item).
  @inline(__always)
  public func wants(_ priority: UInt64) -> Bool {
    items.count < k || priority < items[items.count - 1].0
  }

  public mutating func offer(_ priority: UInt64, _ item: @autoclosure () -> Item) {
    guard wants(priority) else { return }
    if items.contains(where: { $0.0 == priority }) { return }
    let idx = items.firstIndex { $0.0 > priority } ?? items.count
    items.insert((priority, item()), at: idx)
    if items.count > k { items.removeLast() }
  }

  public mutating func merge(_ o: BottomK<Item>) {
    for (p, it) in o.items { offer(p, it) }
  }

  public static func == (a: BottomK, b: BottomK) -> Bool {
    a.k == b.k && a.items.map(\.0) == b.items.map(\.0) && a.items.map(\.1) == b.items.map(\.1)
  }
}

import Glibc

// MARK: Partial-state encoding (`scan --partial-out`): the exact internal state, so a merged
// partial is the same sketch the single pass would hold.

extension DistinctCounter {
  func write(to w: inout BinaryWriter) {
    w.bool(dense != nil)
    if let dense { w.raw(dense) } else { w.u64s(sparse) }
  }

  init(from r: inout BinaryReader) throws(DistillScanError) {
    self.init()
    if try r.bool() {
      let regs = try r.raw()
      guard regs.count == Self.m, regs.allSatisfy({ $0 <= 64 - Self.p + 1 }) else { throw DistillScanError(.corruptInput, "partial state: bad HyperLogLog") }
      dense = regs
    } else {
      let s = try r.u64s()
      guard s.count <= Self.sparseLimit, zip(s, s.dropFirst()).allSatisfy({ $0 < $1 }) else {
        throw DistillScanError(.corruptInput, "partial state: bad distinct-counter list")
      }
      sparse = s
    }
  }
}

extension SampledCounts {
  func write(to w: inout BinaryWriter) {
    w.int(capacity)
    w.int(level)
    map.write(to: &w)
  }

  /// Reads a sampled map written for a field of capacity `capacity` (another capacity is corrupt).
  init(from r: inout BinaryReader, capacity: Int) throws(DistillScanError) {
    let cap = try r.int()
    let level = try r.int()
    let map = try HashMap64(from: &r)
    // Each level halves the kept keys: level 40 already means ~10¹² distinct keys seen, more than
    // any scan produces. Higher levels only come from damage, and overflow the estimates.
    guard cap == capacity, (0...Self.maxLevel).contains(level), map.count <= capacity,
      map.entries.allSatisfy({ Self.levelOf($0.key) >= level })
    else { throw DistillScanError(.corruptInput, "partial state: bad sampled map") }
    self.init(capacity: capacity)
    self.level = level
    self.map = map
  }
}

extension BottomK where Item == RequestSample {
  func write(to w: inout BinaryWriter) {
    w.int(k)
    w.u32(UInt32(items.count))
    for (p, s) in items {
      w.u64(p)
      s.write(to: &w)
    }
  }

  /// - Parameter fileOffset: added to each sample's file index (partials are numbered from 0).
  init(from r: inout BinaryReader, k expected: Int, fileOffset: Int) throws(DistillScanError) {
    let k = try r.int()
    let n = try r.count(itemBytes: 8)
    guard k == expected, n <= k else { throw DistillScanError(.corruptInput, "partial state: bad exemplar reservoir") }
    self.init(k: k)
    for _ in 0..<n {
      let p = try r.u64()
      let s = try RequestSample(from: &r, fileOffset: fileOffset)
      guard items.last.map({ $0.0 < p }) ?? true else { throw DistillScanError(.corruptInput, "partial state: exemplar reservoir out of order") }
      items.append((p, s))
    }
  }
}
