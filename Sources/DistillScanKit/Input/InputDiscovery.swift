import Glibc

/// One input to scan: a file path, or stdin (`path == nil`).
public struct InputFile: Sendable, Equatable {
  public var path: String?
  /// Size on disk (compressed), 0 for stdin.
  public var size: Int
  public var displayName: String { path ?? "<stdin>" }
}

/// Expands files, directories (recursively, in sorted order) and glob patterns into a stable,
/// de-duplicated file list. `-` means stdin.
///
/// Skips what is not a log: Bedrock's `data/` sidecar folders (bodies, resolved on demand),
/// the `amazon-bedrock-logs-permission-check` marker, hidden files and our own `.tmp-` files.
public enum InputDiscovery {
  public static func expand(_ args: [String]) throws(DistillScanError) -> [InputFile] {
    var out: [InputFile] = []
    // Files and directories by identity (device, inode), not by spelling: `a`, `./a` and a
    // symlink to `a` are one file, and a symlink loop in a tree must not re-enter a directory
    // (before, the walk followed it until the path got too long and read every file in the
    // loop dozens of times, multiplying every count).
    var seen = Set<FileID>()
    var stdinAdded = false
    for a in args {
      if a == "-" {
        // Standard input can be read once: a second `-` would read nothing (or block).
        if !stdinAdded { out.append(InputFile(path: nil, size: 0)) }
        stdinAdded = true
        continue
      }
      var paths: [String] = []
      var literal = stat()
      // A name that exists is taken as it is, even if it has glob characters: `logs[1].jsonl`
      // was globbed (matching only `logs1.jsonl`) and the scan failed with "no files match".
      if stat(a, &literal) != 0, a.contains("*") || a.contains("?") || a.contains("[") {
        paths = glob(a)
        if paths.isEmpty { throw DistillScanError(.io, "no files match pattern", path: a) }
      } else {
        paths = [a]
      }
      for p in paths {
        var st = stat()
        guard stat(p, &st) == 0 else { throw DistillScanError(.io, String(cString: strerror(errno)), path: p) }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR {
          if seen.insert(FileID(st)).inserted { out.append(contentsOf: walk(p, seen: &seen)) }
        } else if type == S_IFCHR || type == S_IFBLK || type == S_IFSOCK {
          // `/dev/zero`, `/dev/urandom`, a disk or a socket is never a log and may never end:
          // refuse it up front instead of reading forever. (FIFOs are allowed: `<(zstd -dc …)`.)
          let what = type == S_IFCHR ? "a character device" : type == S_IFBLK ? "a block device" : "a socket"
          throw DistillScanError(.io, "not a log file (\(what)); use - to read standard input", path: p)
        } else if seen.insert(FileID(st)).inserted {
          out.append(InputFile(path: p, size: Int(st.st_size)))
        }
      }
    }
    return out
  }

  static let reportFileNames: Set<String> = [
    "report.json", "accounts.jsonl", "incidents.csv", "report.html", "findings.ocsf.jsonl",
  ]

  static func isLogFile(name: String) -> Bool {
    if name.hasPrefix(".") || name.contains(".tmp-") { return false }
    if name == "amazon-bedrock-logs-permission-check" { return false }
    if name == "truth.csv" || name.hasSuffix(".md") { return false }
    // distillscan's own reports (an earlier `--out` inside the scanned tree) are not logs.
    if Self.reportFileNames.contains(name) { return false }
    return true
  }

  /// Recursive directory walk, sorted by name at each level for repeatable runs.
  static func walk(_ dir: String, seen: inout Set<FileID>) -> [InputFile] {
    guard let d = opendir(dir) else { return [] }
    var names: [String] = []
    while let e = readdir(d) {
      let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
        String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
      }
      if name == "." || name == ".." { continue }
      names.append(name)
    }
    closedir(d)
    names.sort()
    var out: [InputFile] = []
    for name in names {
      let p = dir.hasSuffix("/") ? dir + name : dir + "/" + name
      var st = stat()
      guard stat(p, &st) == 0 else { continue }
      if (st.st_mode & S_IFMT) == S_IFDIR {
        // Bedrock large-payload sidecars live in `<HH>/data/`: bodies, not log records.
        if name == "data" || name.hasPrefix(".") { continue }
        if seen.insert(FileID(st)).inserted { out.append(contentsOf: walk(p, seen: &seen)) }
      } else if (st.st_mode & S_IFMT) == S_IFREG, isLogFile(name: name), seen.insert(FileID(st)).inserted {
        out.append(InputFile(path: p, size: Int(st.st_size)))
      }
    }
    return out
  }

  static func glob(_ pattern: String) -> [String] {
    var g = glob_t()
    defer { globfree(&g) }
    guard Glibc.glob(pattern, 0, nil, &g) == 0 else { return [] }
    var out: [String] = []
    for i in 0..<Int(g.gl_pathc) {
      if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
    }
    return out.sorted()
  }
}

/// Identity of a file or directory on disk (what `stat` follows a path or symlink to).
struct FileID: Hashable {
  var device: UInt64
  var inode: UInt64
  init(_ st: stat) {
    device = UInt64(st.st_dev)
    inode = UInt64(st.st_ino)
  }
}
