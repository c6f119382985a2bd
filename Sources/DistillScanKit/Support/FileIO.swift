import Glibc

/// Reads a whole (small) file: configs, mappings, sidecars.
public func readWholeFile(_ path: String) throws(DistillScanError) -> [UInt8] {
  let fd = open(path, O_RDONLY | O_CLOEXEC)
  guard fd >= 0 else { throw DistillScanError(.io, String(cString: strerror(errno)), path: path) }
  defer { close(fd) }
  var out = [UInt8]()
  var buf = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if n < 0 {
      if errno == EINTR { continue }
      throw DistillScanError(.io, String(cString: strerror(errno)), path: path)
    }
    if n == 0 { break }
    out.append(contentsOf: buf[0..<n])
  }
  return out
}

/// Writes bytes to a file atomically (temp file + rename), so readers never see half a report.
public func writeFileAtomically(_ path: String, _ bytes: [UInt8]) throws(DistillScanError) {
  let tmp = path + ".tmp-\(getpid())"
  let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
  guard fd >= 0 else { throw DistillScanError(.io, String(cString: strerror(errno)), path: path) }
  var off = 0
  while off < bytes.count {
    let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
    if n < 0 {
      if errno == EINTR { continue }
      close(fd)
      throw DistillScanError(.io, String(cString: strerror(errno)), path: path)
    }
    off += n
  }
  close(fd)
  guard rename(tmp, path) == 0 else { throw DistillScanError(.io, String(cString: strerror(errno)), path: path) }
}

/// Creates a directory and its parents.
public func makeDirectories(_ path: String) throws(DistillScanError) {
  var cur = path.hasPrefix("/") ? "" : "."
  for comp in path.split(separator: "/") {
    cur += "/" + comp
    if mkdir(cur, 0o755) != 0 && errno != EEXIST {
      throw DistillScanError(.io, "cannot create directory: \(String(cString: strerror(errno)))", path: cur)
    }
  }
}
