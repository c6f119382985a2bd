/// Shared presentation helpers for the people-facing writers (md, html, csv, terminal), so that all
/// of them show the same selection, the same numbers and the same redacted text.
///
/// Formatting is hand-written rather than `String(format:)`: the engine does not import Foundation
/// and output must be byte-identical across machines and locales (golden tests).
public enum ReportPresentation {
  // MARK: Selection

  /// Incidents people should see: at or above `--min-severity`, at most `--top`, in rank order.
  /// Machine outputs (`report.json`, `accounts.jsonl`, OCSF) never use this: they carry everything.
  public static func visibleIncidents(_ report: ScanReport, _ options: ReportOptions) -> [Incident] {
    var list = report.incidents
    if let min = options.minSeverity { list = list.filter { $0.severity >= min } }
    if let top = options.top { list = Array(list.prefix(max(0, top))) }
    return list
  }

  /// "showing 3 of 12 incidents (--top 3)" or nil when nothing is hidden.
  public static func hiddenNote(_ report: ScanReport, shown: Int, _ options: ReportOptions) -> String? {
    guard shown < report.incidents.count else { return nil }
    var why: [String] = []
    if let m = options.minSeverity { why.append("--min-severity \(m.rawValue)") }
    if let t = options.top { why.append("--top \(t)") }
    return "showing \(shown) of \(report.incidents.count) incidents (\(why.joined(separator: ", ")))"
  }

  /// Incident counts per severity, highest first, only non-zero ones.
  public static func severityCounts(_ incidents: [Incident]) -> [(Severity, Int)] {
    Severity.allCases.reversed().compactMap { sev in
      let n = incidents.filter { $0.severity == sev }.count
      return n > 0 ? (sev, n) : nil
    }
  }

  // MARK: Text from logs

  /// Prompt or template text as the report may show it (`--redact` → hash + shape preview).
  public static func promptText(_ s: String, _ options: ReportOptions) -> String {
    options.redact ? Redaction.redact(s) : s
  }

  /// Evaluated signals with a positive score, strongest first (the "why it fired" list).
  public static func firedSignals(_ inc: Incident) -> [SignalResult] {
    inc.signals.filter { ($0.score ?? 0) > 0 }.sorted { ($0.score ?? 0, $1.fingerprint) > ($1.score ?? 0, $0.fingerprint) }
  }

  /// Top fingerprints as `id 0.93` pairs for one-line summaries.
  public static func topFingerprints(_ inc: Incident, limit: Int = 3) -> [(String, Double)] {
    firedSignals(inc).prefix(limit).map { ($0.fingerprint, $0.score ?? 0) }
  }

  // MARK: Numbers

  /// Fixed number of decimals, keeping trailing zeros ("0.90"), for aligned columns.
  public static func fixed(_ v: Double, _ digits: Int) -> String {
    guard v.isFinite else { return "n/a" }
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let n = Int((abs(v) * p).rounded())
    var s = String(n)
    if digits > 0 {
      while s.count <= digits { s = "0" + s }
      s.insert(".", at: s.index(s.endIndex, offsetBy: -digits))
    }
    return (v < 0 && n != 0 ? "-" : "") + s
  }

  /// Thousands separators: 1234567 → "1,234,567".
  public static func grouped(_ v: Int) -> String {
    let digits = String(abs(v))
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return v < 0 ? "-" + out : out
  }

  /// Decimal units (as disks and `ls -h --si` count): 1_500_000 → "1.5 MB".
  public static func bytes(_ v: Int) -> String {
    let units = ["B", "kB", "MB", "GB", "TB", "PB"]
    var x = Double(v)
    var u = 0
    while x >= 1000 && u < units.count - 1 {
      x /= 1000
      u += 1
    }
    return u == 0 ? "\(v) B" : fixed(x, x < 10 ? 1 : 0) + " " + units[u]
  }

  /// "2026-02-14 09:31:07Z" (UTC, seconds) or "–".
  public static func time(_ t: Double?) -> String {
    guard let t, t.isFinite else { return "–" }
    let s = Timestamp.format(t)  // 2026-02-14T09:31:07.123Z
    return String(s.prefix(10)) + " " + String(s.dropFirst(11).prefix(8)) + "Z"
  }

  /// Duration between first and last seen, e.g. "3d 4h", "52m".
  public static func span(_ a: Double?, _ b: Double?) -> String {
    guard let a, let b, b >= a else { return "–" }
    let s = Int(b - a)
    if s >= 86400 { return "\(s / 86400)d \(s % 86400 / 3600)h" }
    if s >= 3600 { return "\(s / 3600)h \(s % 3600 / 60)m" }
    if s >= 60 { return "\(s / 60)m" }
    return "\(s)s"
  }

  /// Evidence values: integers stay integers, fractions get up to 3 decimals.
  public static func number(_ v: Double) -> String {
    JSONWriter.formatDouble(v, digits: 3)
  }

  /// "p99.2" for peer percentiles; two decimals in the top percent so 99.99 does not read as p100.
  public static func percentile(_ p: Double?) -> String? {
    p.map { "p" + JSONWriter.formatDouble($0, digits: $0 >= 99 && $0 < 100 ? 2 : 1) }
  }

  /// The run timestamp, or the golden-test placeholder.
  public static func generated(_ report: ScanReport, _ options: ReportOptions) -> String {
    options.fixedTimestamp ? "<RUN_TIMESTAMP>" : time(report.generatedAt)
  }

  /// Rejected lines by reason, stable order.
  public static func rejected(_ stats: IngestStats) -> [(RejectReason, Int)] {
    RejectReason.allCases.sorted().compactMap { r in (stats.rejected[r] ?? 0) > 0 ? (r, stats.rejected[r]!) : nil }
  }
}
