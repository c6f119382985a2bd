import GRDB
import Glibc

/// One input file as the scanned-file manifest records it.
public struct ManifestEntry: Sendable, Equatable {
  /// Absolute, symlink-free path (the manifest key).
  public var path: String
  /// The path as it appears in the scan's `InputFile` list (and in reports).
  public var displayPath: String
  public var size: Int
  /// Modification time (epoch seconds). Recorded, not compared: a copy with a new mtime but the
  /// same bytes is still the same log.
  public var mtime: Double
  /// ``FileFingerprint`` of the content.
  public var fingerprint: String
}

/// A cheap content fingerprint: size plus a 64-bit hash of the first and last 64 KiB.
///
/// Log archives are append-only and rotated by name, so a file that grew, was truncated or was
/// rewritten changes its size or its ends; hashing everything would read the archive twice. Reads
/// at most 128 KiB per file.
public enum FileFingerprint {
  static let block = 64 << 10

  /// - Returns: `"v1:<size>:<hash>"`, or nil when the file cannot be read.
  public static func of(path: String) -> (fingerprint: String, size: Int, mtime: Double)? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return nil }
    let size = Int(st.st_size)
    var buf = [UInt8](repeating: 0, count: min(size, 2 * block))
    // Head and tail; for a small file the two blocks are the whole file, read once.
    let ranges: [(Int, Int)] = size <= 2 * block ? [(0, size)] : [(0, block), (size - block, block)]
    var filled = 0
    for (offset, count) in ranges {
      var done = 0
      while done < count {
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled + done, count - done, off_t(offset + done)) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return nil }
        done += n
      }
      filled += count
    }
    let h = buf.withUnsafeBufferPointer { StableHash.bytes($0) }
    let mtime = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
    return ("v1:\(size):\(String(h, radix: 16))", size, mtime)
  }

  /// Absolute, symlink-free form of a path (the path itself if it cannot be resolved).
  public static func canonicalPath(_ path: String) -> String {
    guard let p = realpath(path, nil) else { return path }
    defer { free(p) }
    return String(cString: p)
  }
}

/// What to scan, given the manifest: `scan --store` records every input; with `--incremental`
/// inputs already recorded with the same fingerprint are skipped.
public struct ScanPlan: Sendable {
  /// Inputs to read (stdin is always read).
  public var toScan: [InputFile]
  /// Inputs skipped because the manifest has them with the same fingerprint.
  public var skipped: [InputFile]
  /// Manifest entries of `toScan`'s files, recorded with the run.
  public var manifest: [ManifestEntry]
}

extension CaseStore {
  /// Fingerprints the inputs and, when `incremental`, drops those already scanned successfully
  /// with the same fingerprint under the same path.
  /// - Throws: ``DistillScanError`` when the store cannot be read.
  public func plan(inputs: [InputFile], incremental: Bool) throws(DistillScanError) -> ScanPlan {
    var plan = ScanPlan(toScan: [], skipped: [], manifest: [])
    var candidates: [(InputFile, ManifestEntry?)] = []
    for f in inputs {
      guard let p = f.path, let fp = FileFingerprint.of(path: p) else {
        // Stdin, or a file we cannot open now: the scan reads (or reports) it as usual.
        candidates.append((f, nil))
        continue
      }
      let entry = ManifestEntry(
        path: FileFingerprint.canonicalPath(p), displayPath: p, size: fp.size, mtime: fp.mtime, fingerprint: fp.fingerprint)
      candidates.append((f, entry))
    }
    let known: Set<String> =
      incremental
      ? try read { db in
        var known = Set<String>()
        let stmt = try db.makeStatement(sql: "SELECT EXISTS (SELECT 1 FROM files WHERE path = ? AND fingerprint = ? AND status = 'ok')")
        for case (_, let e?) in candidates where try Bool.fetchOne(stmt, arguments: [e.path, e.fingerprint]) ?? false {
          known.insert(e.path + "\u{0}" + e.fingerprint)
        }
        return known
      } : []
    for (f, e) in candidates {
      if let e, known.contains(e.path + "\u{0}" + e.fingerprint) {
        plan.skipped.append(f)
      } else {
        plan.toScan.append(f)
        if let e { plan.manifest.append(e) }
      }
    }
    return plan
  }
}
