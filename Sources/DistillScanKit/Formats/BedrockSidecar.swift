/// Bedrock large-payload sidecars: bodies over 100 KB (or binary) are written next to the hourly
/// log objects as `…/<HH>/data/<requestId>_input.json.gz`, and the log line keeps only
/// `input.inputBodyS3Path`.
///
/// An offline scan can only use a sidecar that was archived with the logs, at the same relative
/// place: `<directory of the log file>/data/<last component of the S3 key>`.
enum BedrockSidecar {
  /// Sidecars bigger than this (decompressed) are not read: the body only feeds a bounded prefix
  /// of text, and a hostile archive must not make a worker buffer gigabytes.
  static let maxBytes = 64 << 20

  /// Local path of the sidecar named by `s3Path` for the log file at `logFile`, or nil when the
  /// S3 key has no usable last component.
  static func localPath(s3Path: String, logFile: String?) -> String? {
    guard let logFile else { return nil }
    guard let slash = s3Path.lastIndex(of: "/") else { return nil }
    let name = s3Path[s3Path.index(after: slash)...]
    // The name comes from the log: never let it walk out of the data folder.
    guard !name.isEmpty, name != ".", name != "..", !name.contains("\0") else { return nil }
    let dir: Substring
    if let ls = logFile.lastIndex(of: "/") { dir = logFile[...ls] } else { dir = "" }
    return String(dir) + "data/" + String(name)
  }

  /// Reads and decompresses (gzip/zstd/lz4/plain, by magic bytes) a sidecar; nil when absent,
  /// unreadable, corrupt or too large.
  static func read(path: String) -> [UInt8]? {
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
