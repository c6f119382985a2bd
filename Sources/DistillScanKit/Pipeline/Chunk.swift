import CScan

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
  guard let base = p.baseAddress else { return 0 }
  return ds_count_newlines(base.assumingMemoryBound(to: UInt8.self), p.count)
}
