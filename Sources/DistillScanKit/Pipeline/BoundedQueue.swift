import Dispatch
import Synchronization

/// A fixed-capacity multi-producer/multi-consumer queue. `push` blocks when full: this is the
/// pipeline's backpressure, which bounds the decompressed bytes in flight.
final class BoundedQueue<Element: Sendable>: Sendable {
  private let slots: DispatchSemaphore
  private let items = DispatchSemaphore(value: 0)
  private let storage = Mutex<(buf: [Element?], head: Int)>(([], 0))

  init(capacity: Int) {
    slots = DispatchSemaphore(value: max(1, capacity))
  }

  func push(_ e: Element) { put(e) }

  /// Wakes `consumers` consumers with an end-of-stream marker.
  func close(consumers: Int) {
    for _ in 0..<consumers { put(nil) }
  }

  private func put(_ e: Element?) {
    slots.wait()
    storage.withLock { $0.buf.append(e) }
    items.signal()
  }

  /// Next element, or nil at end of stream.
  func pop() -> Element? {
    items.wait()
    let e = storage.withLock { s -> Element? in
      let e = s.buf[s.head]
      s.buf[s.head] = nil
      s.head += 1
      if s.head > 64 && s.head * 2 > s.buf.count {
        s.buf.removeFirst(s.head)
        s.head = 0
      }
      return e
    }
    slots.signal()
    return e
  }
}
