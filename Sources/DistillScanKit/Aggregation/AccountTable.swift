/// Per-worker map of account → profile. Workers own one each (no locks on the hot path);
/// tables merge after the barrier.
public struct AccountTable: Sendable {
  public private(set) var profiles: [String: AccountProfile] = [:]

  public init() {}

  public var count: Int { profiles.count }

  @inline(__always)
  mutating func add(_ r: LogRecord, _ f: RequestFeatures) {
    profiles[r.account, default: AccountProfile()].add(r, f)
  }

  /// Adds one record, computing its features (tests and small tools; the pipeline reuses a
  /// per-worker extractor instead).
  public mutating func add(_ r: LogRecord) {
    var ex = FeatureExtractor()
    add(r, ex.extract(r.userTurn))
  }

  /// Merges another table into this one (associative and commutative).
  public mutating func merge(_ other: AccountTable) {
    if profiles.isEmpty {
      profiles = other.profiles
      return
    }
    for (k, v) in other.profiles {
      if profiles[k] != nil { profiles[k]!.merge(v) } else { profiles[k] = v }
    }
  }

  /// Accounts sorted by id (stable output order).
  public var sortedAccounts: [String] { profiles.keys.sorted() }
}
