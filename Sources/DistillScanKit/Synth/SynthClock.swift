/// Calendar fields of an epoch time (UTC), and the textual forms the log formats use.
struct SynthClock {
  var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0

  init(_ t: Double) {
    let ms = Int((t * 1000).rounded(.down))
    var days = ms / 86_400_000
    var rem = ms % 86_400_000
    if rem < 0 {
      rem += 86_400_000
      days -= 1
    }
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    day = doy - (153 * mp + 2) / 5 + 1
    month = mp < 10 ? mp + 3 : mp - 9
    year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    hour = rem / 3_600_000
    minute = rem / 60_000 % 60
    second = rem / 1000 % 60
    millis = rem % 1000
  }

  static func pad(_ v: Int, _ w: Int) -> String {
    let s = String(v)
    return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
  }

  var date: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }
  var time: String { "\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))" }
  /// `2026-02-14T09:31:07.123Z`
  var isoMillis: String { "\(date)T\(time).\(Self.pad(millis, 3))Z" }
  /// `2026-02-14T09:31:07Z` (Bedrock: second precision)
  var isoSeconds: String { "\(date)T\(time)Z" }
  /// `2026-02-14 09:31:07.123` (LiteLLM: UTC without zone)
  var sqlMillis: String { "\(date) \(time).\(Self.pad(millis, 3))" }
  /// `20260214T093107123Z` (Bedrock object names)
  var compactMillis: String {
    "\(Self.pad(year, 4))\(Self.pad(month, 2))\(Self.pad(day, 2))T\(Self.pad(hour, 2))\(Self.pad(minute, 2))\(Self.pad(second, 2))\(Self.pad(millis, 3))Z"
  }
  /// `2026/02/14/09` (hour partition folders)
  var hourPath: String { "\(Self.pad(year, 4))/\(Self.pad(month, 2))/\(Self.pad(day, 2))/\(Self.pad(hour, 2))" }
  /// `20260214T09`
  var hourStamp: String { "\(Self.pad(year, 4))\(Self.pad(month, 2))\(Self.pad(day, 2))T\(Self.pad(hour, 2))" }
}
