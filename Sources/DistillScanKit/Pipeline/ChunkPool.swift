import Synchronization

/// Recycles chunk buffers from the workers back to the readers.
///
/// Each 2 MiB chunk used to be a fresh allocation, which the kernel backs with fresh zeroed pages
/// on first write: ~80k minor page faults and ~10 % of the CPU (system time) per GB scanned.
/// Workers hand finished buffers back; readers take one before allocating. Holds at most `limit`
/// buffers, so the memory bound stays the queue's (plus these spares).
final class ChunkPool: Sendable {
  private let buffers = Mutex<[[UInt8]]>([])
  private let limit: Int
  private let minCapacity: Int

  init(limit: Int, minCapacity: Int) {
    self.limit = limit
    self.minCapacity = minCapacity
  }

  /// A recycled buffer of exactly `n` bytes (contents unspecified), or nil when none is spare.
  func take(_ n: Int) -> [UInt8]? {
    let found = buffers.withLock { list -> [UInt8]? in
      guard let i = list.lastIndex(where: { $0.capacity >= n }) else { return nil }
      return list.remove(at: i)
    }
    guard var b = found else { return nil }
    // Set the count without a full clear: the tail beyond the old count is zero-filled (a chunk
    // comes back only a partial line short of its size, so this is a few KiB at most).
    if b.count > n { b.removeSubrange(n...) } else if b.count < n { b.append(contentsOf: repeatElement(0, count: n - b.count)) }
    return b
  }

  /// Returns a finished buffer (dropped when the pool is full or the buffer is small).
  func give(_ b: consuming [UInt8]) {
    guard b.capacity >= minCapacity else { return }
    let buf = b
    buffers.withLock { if $0.count < limit { $0.append(buf) } }
  }
}
