import CScan
import Foundation

/// Per-worker map of account → profile. Workers own one each (no locks on the hot path);
/// tables merge after the barrier.
///
/// Hand-rolled instead of `[String: AccountProfile]`: every request looks its account up, and
/// `Dictionary` hashed the id with SipHash each time (~3 % of a full scan). Keys are found by a
/// hash of their NFC bytes in a ``HashMap64`` (position + 1), confirmed by `String` equality;
/// the rare ids whose hashes collide live in `collided`.
///
/// Swift `String`s compare by Unicode canonical equivalence, so `caf\u{E9}` and `cafe\u{301}`
/// (or the Kelvin sign and `K`) are one account. The table keeps the spelling with the smallest
/// UTF-8 bytes, whatever the arrival order (file order and worker scheduling must not change the
/// ids in the reports). ASCII ids, the common case, have no other spelling and skip all of this.
public struct AccountTable: Sendable {
  private var keys: [String] = []
  private var values: [AccountProfile] = []
  private var positions = HashMap64()
  private var collided: [String: Int] = [:]
  /// NFC-bytes hash of non-ASCII ids seen (String keys: one entry per canonical spelling class).
  private var nonASCIIHashes: [String: UInt64] = [:]
  /// Some stored id is not ASCII: an ASCII spelling of it (Kelvin sign vs `K`) may still arrive.
  private var hasNonASCIIKeys = false

  public init() {}

  /// A table holding these profiles (partial-state files).
  init(profiles: [String: AccountProfile]) {
    for (k, v) in profiles { merge(k, v) }
  }

  public var count: Int { keys.count }

  /// Every account and its profile (built on each call: for tests and one-off callers).
  public var profiles: [String: AccountProfile] { Dictionary(uniqueKeysWithValues: zip(keys, values)) }

  /// The profile of `account` (any canonically equivalent spelling).
  public func profile(_ account: String) -> AccountProfile? {
    var h = keyHash(ascii: account)
    if h == nil { h = Self.nfcHash(account) }
    return position(of: account, hash: h!).map { values[$0] }
  }

  /// Accounts sorted by id (stable output order).
  public var sortedAccounts: [String] { keys.sorted() }

  @inline(__always)
  mutating func add(
    _ r: LogRecord, _ f: RequestFeatures, deferred: DeferredFields = DeferredFields(), prompt: () -> String = { "" },
    requestID: () -> String = { "" }, ip: () -> String = { "" }
  ) {
    let p = slot(for: r.account)
    values[p].add(r, f, deferred: deferred, prompt: prompt, requestID: requestID, ip: ip)
  }

  /// Adds one record, computing its features (tests and small tools; the pipeline reuses a
  /// per-worker extractor instead).
  public mutating func add(_ r: LogRecord) {
    var ex = FeatureExtractor(cacheSize: 1)
    add(r, ex.extract(r.userTurn))
  }

  /// Merges another table into this one (associative and commutative).
  public mutating func merge(_ other: AccountTable) {
    if keys.isEmpty {
      self = other
      return
    }
    for i in other.keys.indices { merge(other.keys[i], other.values[i]) }
  }

  private mutating func merge(_ key: String, _ profile: AccountProfile) {
    let before = keys.count
    let p = slot(for: key)
    if keys.count == before { values[p].merge(profile) } else { values[p] = profile }
  }

  // MARK: Lookup

  /// Position of `account`, inserting an empty profile when it is new.
  @inline(__always)
  private mutating func slot(for account: String) -> Int {
    if let h = keyHash(ascii: account) {
      if let p = position(of: account, hash: h) {
        if hasNonASCIIKeys, account.utf8.lexicographicallyPrecedes(keys[p].utf8) { keys[p] = account }
        return p
      }
      return insert(account, hash: h)
    }
    let h = nonASCIIHashes[account] ?? Self.nfcHash(account)
    if nonASCIIHashes.count < 1 << 16 { nonASCIIHashes[account] = h }
    if let p = position(of: account, hash: h) {
      // Keep the smallest spelling of the id.
      if account.utf8.lexicographicallyPrecedes(keys[p].utf8) { keys[p] = account }
      return p
    }
    hasNonASCIIKeys = true
    return insert(account, hash: h)
  }

  @inline(__always)
  private func position(of account: String, hash h: UInt64) -> Int? {
    if let v = positions.get(h), keys[Int(v) - 1] == account { return Int(v) - 1 }
    return collided.isEmpty ? nil : collided[account]
  }

  private mutating func insert(_ account: String, hash h: UInt64) -> Int {
    let p = keys.count
    keys.append(account)
    values.append(AccountProfile())
    if positions.get(h) == nil { positions.add(h, UInt32(p + 1)) } else { collided[account] = p }
    return p
  }

  /// Hash of an ASCII id's bytes, or nil when the id is not ASCII.
  @inline(__always)
  private func keyHash(ascii account: String) -> UInt64? {
    var s = account
    return s.withUTF8 { b -> UInt64? in
      guard let base = b.baseAddress else { return StableHash.bytes(b) }
      return ds_ascii_prefix(base, b.count) == b.count ? StableHash.bytes(b) : nil
    }
  }

  /// Hash of the NFC form's bytes: equal for every canonically equivalent spelling (and equal to
  /// the ASCII hash when the NFC form is ASCII, e.g. the Kelvin sign).
  private static func nfcHash(_ account: String) -> UInt64 {
    var nfc = account.precomposedStringWithCanonicalMapping
    return nfc.withUTF8 { StableHash.bytes($0) }
  }

  static func isASCII(_ s: String) -> Bool {
    var s = s
    return s.withUTF8 { ds_ascii_prefix($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) == $0.count }
  }
}
