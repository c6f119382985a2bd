import CScan

/// Per-worker map of account → profile. Workers own one each (no locks on the hot path);
/// tables merge after the barrier.
public struct AccountTable: Sendable {
  public private(set) var profiles: [String: AccountProfile] = [:]

  public init() {}

  /// A table holding these profiles (partial-state files).
  init(profiles: [String: AccountProfile]) { self.profiles = profiles }

  public var count: Int { profiles.count }

  @inline(__always)
  mutating func add(
    _ r: LogRecord, _ f: RequestFeatures, deferred: DeferredFields = DeferredFields(), prompt: () -> String = { "" },
    requestID: () -> String = { "" }, ip: () -> String = { "" }
  ) {
    if !Self.isASCII(r.account) { rekeyIfPreferred(r.account) }
    profiles[r.account, default: AccountProfile()].add(r, f, deferred: deferred, prompt: prompt, requestID: requestID, ip: ip)
  }

  /// Swift `String` keys compare by Unicode canonical equivalence, so `caf\u{E9}` and
  /// `cafe\u{301}` are one account. The dictionary keeps whichever spelling arrived first, which
  /// made the id written to the reports depend on file order and worker scheduling. Keep the
  /// spelling with the smallest UTF-8 bytes instead: the same whatever the order. (ASCII ids,
  /// the common case, have no other spelling and skip this.)
  private mutating func rekeyIfPreferred(_ key: String) {
    guard let i = profiles.index(forKey: key) else { return }
    let stored = profiles[i].key
    guard key.utf8.lexicographicallyPrecedes(stored.utf8) else { return }
    let profile = profiles.remove(at: i).value
    profiles[key] = profile
  }

  @inline(__always)
  static func isASCII(_ s: String) -> Bool {
    var s = s
    return s.withUTF8 { ds_ascii_prefix($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) == $0.count }
  }

  /// Adds one record, computing its features (tests and small tools; the pipeline reuses a
  /// per-worker extractor instead).
  public mutating func add(_ r: LogRecord) {
    var ex = FeatureExtractor(cacheSize: 1)
    add(r, ex.extract(r.userTurn))
  }

  /// Merges another table into this one (associative and commutative).
  public mutating func merge(_ other: AccountTable) {
    if profiles.isEmpty {
      profiles = other.profiles
      return
    }
    for (k, v) in other.profiles {
      if !Self.isASCII(k) { rekeyIfPreferred(k) }
      if profiles[k] != nil { profiles[k]!.merge(v) } else { profiles[k] = v }
    }
  }

  /// Accounts sorted by id (stable output order).
  public var sortedAccounts: [String] { profiles.keys.sorted() }
}
