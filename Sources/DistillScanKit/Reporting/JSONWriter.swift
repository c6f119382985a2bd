/// Minimal streaming JSON builder with a fixed key order, so reports are byte-stable.
/// Hand-written: Foundation's JSONEncoder does not keep insertion order and is slow for
/// millions of `accounts.jsonl` lines.
public struct JSONWriter {
  public private(set) var bytes: [UInt8] = []
  private var needComma: [Bool] = [false]

  public init() { bytes.reserveCapacity(4096) }

  private mutating func sep() {
    if needComma[needComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
    needComma[needComma.count - 1] = true
  }

  public mutating func beginObject() { sep(); bytes.append(UInt8(ascii: "{")); needComma.append(false) }
  public mutating func endObject() { needComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
  public mutating func beginArray() { sep(); bytes.append(UInt8(ascii: "[")); needComma.append(false) }
  public mutating func endArray() { needComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

  /// Writes `"key":` ; the next value call supplies the value.
  public mutating func key(_ k: String) {
    sep()
    Self.appendString(k, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    needComma[needComma.count - 1] = false
    pendingKey = true
  }
  private var pendingKey = false

  private mutating func valueSep() {
    if pendingKey {
      pendingKey = false
      needComma[needComma.count - 1] = true
    } else {
      sep()
    }
  }

  public mutating func string(_ s: String?) {
    valueSep()
    if let s { Self.appendString(s, to: &bytes) } else { bytes.append(contentsOf: Array("null".utf8)) }
  }
  public mutating func int(_ v: Int?) {
    valueSep()
    bytes.append(contentsOf: Array((v.map(String.init) ?? "null").utf8))
  }
  public mutating func double(_ v: Double?, digits: Int = 4) {
    valueSep()
    guard let v, v.isFinite else {
      bytes.append(contentsOf: Array("null".utf8))
      return
    }
    bytes.append(contentsOf: Array(Self.formatDouble(v, digits: digits).utf8))
  }
  public mutating func bool(_ v: Bool?) {
    valueSep()
    bytes.append(contentsOf: Array((v.map { $0 ? "true" : "false" } ?? "null").utf8))
  }
  public mutating func null() {
    valueSep()
    bytes.append(contentsOf: Array("null".utf8))
  }
  /// Inserts already-serialised JSON.
  public mutating func raw(_ json: [UInt8]) {
    valueSep()
    bytes.append(contentsOf: json)
  }

  // Convenience: key + value.
  public mutating func field(_ k: String, _ v: String?) { key(k); string(v) }
  public mutating func field(_ k: String, _ v: Int?) { key(k); int(v) }
  public mutating func field(_ k: String, _ v: Double?, digits: Int = 4) { key(k); double(v, digits: digits) }
  public mutating func field(_ k: String, _ v: Bool?) { key(k); bool(v) }
  /// `"k": ["…", …]`.
  public mutating func field<S: Sequence<String>>(_ k: String, strings: S) {
    key(k)
    beginArray()
    for s in strings { string(s) }
    endArray()
  }

  /// Fixed-precision decimal without exponent or trailing zeros (stable across platforms).
  public static func formatDouble(_ v: Double, digits: Int) -> String {
    // Huge or non-finite values cannot go through Int; Swift's shortest form is valid JSON
    // for finite numbers ("1e+20").
    guard v.isFinite, abs(v) < 1e12 else { return v.isFinite ? String(v) : "0" }
    if v == v.rounded() { return String(Int(v)) }
    let scale = pow10(digits)
    let r = (v * scale).rounded() / scale
    if r == r.rounded(), abs(r) < 1e15 { return String(Int(r)) }
    var s = String(Int((abs(r) * scale).rounded()))
    while s.count <= digits { s = "0" + s }
    let cut = s.index(s.endIndex, offsetBy: -digits)
    var frac = String(s[cut...])
    while frac.hasSuffix("0") { frac.removeLast() }
    let out = String(s[..<cut]) + (frac.isEmpty ? "" : "." + frac)
    return r < 0 ? "-" + out : out
  }

  static func pow10(_ d: Int) -> Double {
    var p = 1.0
    for _ in 0..<d { p *= 10 }
    return p
  }

  /// JSON string escaping (RFC 8259): quotes, backslash, control characters; U+2028/2029 escaped too
  /// so that the output is also safe to embed in a `<script>` data block.
  public static func appendString(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    var prev2: UInt8 = 0
    var prev1: UInt8 = 0
    for c in s.utf8 {
      switch c {
      case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0..<0x20, 0x7F:
        out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
      case UInt8(ascii: "<"):
        out.append(contentsOf: Array("\\u003c".utf8))  // no "</script>" when embedded in HTML
      default:
        // U+2028 / U+2029 = E2 80 A8 / E2 80 A9
        if prev2 == 0xE2, prev1 == 0x80, c == 0xA8 || c == 0xA9 {
          out.removeLast(2)
          out.append(contentsOf: Array((c == 0xA8 ? "\\u2028" : "\\u2029").utf8))
        } else {
          out.append(c)
        }
      }
      prev2 = prev1
      prev1 = c
    }
    out.append(UInt8(ascii: "\""))
  }
}
