import Glibc

/// Diagnostics and progress go to stderr (fd 2, written directly: the C `stderr` global is not
/// concurrency-safe in Swift 6); results go to stdout or files.
enum Stderr {
  static func print(_ s: String) {
    printInline(s.hasSuffix("\n") ? s : s + "\n")
  }
  static func printInline(_ s: String) {
    var s = s
    s.withUTF8 { b in
      var off = 0
      while off < b.count {
        let n = write(2, b.baseAddress! + off, b.count - off)
        if n <= 0 { return }
        off += n
      }
    }
  }
  static var isTTY: Bool { isatty(2) != 0 }
}
