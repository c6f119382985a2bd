/// Per-worker map of account → profile. Workers own one each (no locks on the hot path);
/// tables merge after the barrier.
public struct AccountTable: Sendable {
  public private(set) var profiles: [String: AccountProfile] = [:]

  public init() {}

  public var count: Int { profiles.count }

  @inline(__always)
  public mutating func add(_ r: LogRecord) {
    profiles[r.account, default: AccountProfile()].add(r)
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
