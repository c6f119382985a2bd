/// A run of whole lines from one file, handed from a reader to a parser worker.
struct Chunk: Sendable {
  var fileIndex: Int
  /// 1-based line number of the first line in `bytes`.
  var firstLine: Int
  var bytes: [UInt8]
  /// Resolved format for this file (nil = unknown: every line is rejected as unknown_format).
  var format: (any LogFormat)?
  /// Lines were rejected by the reader before this chunk (over-long lines): none here, kept per file.
  /// The whole file is one JSON document (pretty-printed single object or array).
  var wholeDocument: Bool = false
}

@inline(__always)
func countNewlines(_ p: UnsafeRawBufferPointer) -> Int {
  var n = 0
  guard var cur = p.baseAddress else { return 0 }
  let end = p.baseAddress! + p.count
  while cur < end, let hit = memchr(cur, 0x0A, end - cur) {
    n += 1
    cur = UnsafeRawPointer(hit) + 1
  }
  return n
}

import Glibc
