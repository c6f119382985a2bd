/// Iterates the lines of an in-memory JSON-lines buffer (prompt sets, `accounts.jsonl`),
/// parsing each into one reused ``JSONDocument``. Blank lines are skipped.
enum JSONLines {
  /// - Parameter body: called per non-blank line with the document (valid only during the
  ///   call, it points into `bytes`), the 1-based line number, and whether the line parsed.
  static func forEach<E: Error>(
    _ bytes: [UInt8], _ body: (borrowing JSONDocument, _ line: Int, _ valid: Bool) throws(E) -> Void
  ) throws(E) {
    var doc = JSONDocument()
    try bytes.withUnsafeBufferPointer { (buf) throws(E) in
      guard let base = buf.baseAddress else { return }
      var start = 0
      var lineNo = 0
      while start < buf.count {
        var end = start
        while end < buf.count, buf[end] != 0x0A { end += 1 }
        lineNo += 1
        var blank = true
        for i in start..<end where buf[i] != 0x20 && buf[i] != 0x0D && buf[i] != 0x09 {
          blank = false
          break
        }
        if !blank {
          let valid = (try? doc.parse(base + start, count: end - start)) != nil
          try body(doc, lineNo, valid)
        }
        start = end + 1
      }
    }
  }
}
