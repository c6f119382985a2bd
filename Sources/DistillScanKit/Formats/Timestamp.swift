/// Timestamp parsing for the formats we read: RFC 3339 (`2026-02-14T09:31:07Z`, fractions,
/// offsets), `YYYY-MM-DD HH:MM:SS.fff` (UTC, LiteLLM/Langfuse), epoch seconds / milliseconds
/// (numbers or numeric strings). Hand-written: Foundation's date formatters are far too slow per line.
public enum Timestamp {
  public static func parse(_ doc: borrowing JSONDocument, _ t: Int) -> Double? {
    switch doc.kind(t) {
    case .number:
      guard let d = doc.double(t) else { return nil }
      return plausible(normaliseEpoch(d))
    case .string:
      let raw = doc.rawBytes(t)
      return parse(raw)
    default:
      return nil
    }
  }

  /// Times outside 1970…2200 are treated as absent: they are corrupt, and downstream minute and
  /// hour arithmetic must never see values that overflow an integer.
  static let latest: Double = 7_258_118_400  // 2200-01-01T00:00:00Z
  @inline(__always)
  static func plausible(_ t: Double?) -> Double? {
    guard let t, t.isFinite, t >= 0, t < latest else { return nil }
    return t
  }

  /// Epoch values above 1e11 are milliseconds (CloudWatch), above 1e14 microseconds.
  static func normaliseEpoch(_ d: Double) -> Double {
    if d > 1e14 { return d / 1e6 }
    if d > 1e11 { return d / 1e3 }
    return d
  }

  public static func parse(_ s: String) -> Double? {
    var s = s
    return s.withUTF8 { parse($0) }
  }

  public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
    plausible(parseUnchecked(b))
  }

  static func parseUnchecked(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = b.count
    guard n >= 10 else {
      return n > 0 ? Double(Substring(decoding: b, as: UTF8.self)).map(normaliseEpoch) : nil
    }
    @inline(__always) func digits(_ i: Int, _ k: Int) -> Int? {
      guard i + k <= n else { return nil }
      var v = 0
      for j in i..<(i + k) {
        let c = b[j]
        guard c >= 0x30, c <= 0x39 else { return nil }
        v = v * 10 + Int(c - 0x30)
      }
      return v
    }
    guard b[4] == 0x2D, b[7] == 0x2D, let y = digits(0, 4), let mo = digits(5, 2), let d = digits(8, 2) else {
      // Numeric string: epoch.
      if let v = Double(Substring(decoding: b, as: UTF8.self)) { return normaliseEpoch(v) }
      return nil
    }
    guard (1...12).contains(mo), (1...31).contains(d) else { return nil }
    var secs = Double(daysFromCivil(y, mo, d) * 86400)
    var i = 10
    if i < n, b[i] == 0x54 || b[i] == 0x20 || b[i] == 0x74 {
      i += 1
      guard let h = digits(i, 2), i + 5 <= n, b[i + 2] == 0x3A, let mi = digits(i + 3, 2) else { return nil }
      i += 5
      var sec = 0
      if i < n, b[i] == 0x3A, let s = digits(i + 1, 2) {
        sec = s
        i += 3
      }
      secs += Double(h * 3600 + mi * 60 + sec)
      if i < n, b[i] == 0x2E || b[i] == 0x2C {
        i += 1
        var scale = 0.1
        while i < n, b[i] >= 0x30, b[i] <= 0x39 {
          secs += Double(b[i] - 0x30) * scale
          scale /= 10
          i += 1
        }
      }
      if i < n {
        let c = b[i]
        if c == 0x2B || c == 0x2D, let oh = digits(i + 1, 2) {
          var om = 0
          if i + 6 <= n, b[i + 3] == 0x3A, let m = digits(i + 4, 2) { om = m } else if let m = digits(i + 3, 2) { om = m }
          let off = Double(oh * 3600 + om * 60)
          secs += c == 0x2B ? -off : off
        }
      }
    }
    return secs
  }

  /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  /// RFC 3339 UTC rendering with milliseconds, for reports.
  public static func format(_ t: Double) -> String {
    // Callers pass parsed (plausible) times; clamp anyway so a bad value can never trap.
    let ms = Int((min(max(t.isFinite ? t : 0, -latest), latest) * 1000).rounded(.down))
    var days = ms / 86_400_000
    var rem = ms % 86_400_000
    if rem < 0 { rem += 86_400_000; days -= 1 }
    // civil from days
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    var y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    if m <= 2 { y += 1 }
    func p(_ v: Int, _ w: Int) -> String {
      let s = String(v)
      return String(repeating: "0", count: max(0, w - s.count)) + s
    }
    let h = rem / 3_600_000, mi = rem / 60_000 % 60, s = rem / 1000 % 60, f = rem % 1000
    return "\(p(y, 4))-\(p(m, 2))-\(p(d, 2))T\(p(h, 2)):\(p(mi, 2)):\(p(s, 2)).\(p(f, 3))Z"
  }
}
