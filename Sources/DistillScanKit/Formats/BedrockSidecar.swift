import Glibc

/// Bedrock large-payload sidecars: bodies over 100 KB (or binary) are written next to the hourly
/// log objects as `…/<HH>/data/<requestId>_input.json.gz`, and the log line keeps only
/// `input.inputBodyS3Path`.
///
/// An offline scan can only use a sidecar that was archived with the logs, at the same relative
/// place: `<directory of the log file>/data/<last component of the S3 key>`.
enum BedrockSidecar {
  /// Per-worker memo of whether the current log file's `data/` folder exists. Archives without
  /// sidecars are the common case, and a failed `open` per offloaded record was a tenth of the
  /// decode time on such files.
  final class DirectoryMemo {
    private var logFile: String?
    private var exists = false

    func dataFolderExists(for logFile: String) -> Bool {
      if logFile == self.logFile { return exists }
      self.logFile = logFile
      var st = stat()
      let dir = BedrockSidecar.directory(of: logFile) + "data"
      exists = stat(dir, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
      return exists
    }
  }

  /// `a/b/c.json` → `a/b/`; `c.json` → ``.
  static func directory(of path: String) -> String {
    var utf8 = Array(path.utf8)
    guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
    utf8.removeSubrange((slash + 1)...)
    return String(decoding: utf8, as: UTF8.self)
  }

  /// Sidecars bigger than this (decompressed) are not read: the body only feeds a bounded prefix
  /// of text, and a hostile archive must not make a worker buffer gigabytes.
  static let maxBytes = 64 << 20

  /// Local path of the sidecar named by `s3Path` for the log file at `logFile`, or nil when the
  /// S3 key has no usable last component.
  static func localPath(s3Path: String, logFile: String?) -> String? {
    guard let logFile else { return nil }
    let bytes = Array(s3Path.utf8)
    guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return nil }
    let name = bytes[(slash + 1)...]
    // The name comes from the log: never let it walk out of the data folder.
    guard !name.isEmpty, !name.elementsEqual(".".utf8), !name.elementsEqual("..".utf8), !name.contains(0) else { return nil }
    return directory(of: logFile) + "data/" + String(decoding: name, as: UTF8.self)
  }

  /// Reads and decompresses (gzip/zstd/lz4/plain, by magic bytes) a sidecar; nil when absent,
  /// unreadable, corrupt or too large.
  static func read(path: String) -> [UInt8]? {
    // Regular files only: the name comes from the log, and a FIFO (or device) at that place in an
    // archive blocked the worker forever in open/read, hanging the whole scan.
    var st = stat()
    guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    guard let reader = try? DecompressingReader(path: path) else { return nil }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buf.withUnsafeMutableBytes { reader.read(into: $0) }
      if n == 0 { break }
      out.append(contentsOf: buf[0..<n])
      if out.count > maxBytes { return nil }
    }
    if reader.failure != nil { return nil }
    return out
  }
}
