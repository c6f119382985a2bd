/// A strict, independent JSON parser for tests (RFC 8259): rejects trailing commas, duplicate keys,
/// unescaped control characters, lone surrogates and trailing garbage. It checks what our hand-written
/// ``JSONWriter`` emits without trusting Foundation's lenient parser.
indirect enum JSONValue: Equatable {
  case null
  case bool(Bool)
  /// The number and whether its text was an integer literal (no fraction or exponent).
  case number(Double, isInteger: Bool)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): true
    case let (.bool(x), .bool(y)): x == y
    case let (.number(x, _), .number(y, _)): x == y
    case let (.string(x), .string(y)): x == y
    case let (.array(x), .array(y)): x == y
    case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: false
    }
  }

  subscript(_ key: String) -> JSONValue? {
    if case .object(let kv) = self { return kv.first { $0.0 == key }?.1 }
    return nil
  }
  subscript(_ i: Int) -> JSONValue? {
    if case .array(let a) = self, i < a.count { return a[i] }
    return nil
  }
  var string: String? { if case .string(let s) = self { s } else { nil } }
  var double: Double? { if case .number(let d, _) = self { d } else { nil } }
  var int: Int? { if case .number(let d, true) = self { Int(d) } else { nil } }
  var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
  var keys: [String] { if case .object(let kv) = self { kv.map(\.0) } else { [] } }

  /// Every string value (not keys) in the tree.
  var allStrings: [String] {
    switch self {
    case .string(let s): [s]
    case .array(let a): a.flatMap(\.allStrings)
    case .object(let kv): kv.flatMap { $0.1.allStrings }
    default: []
    }
  }

  struct ParseError: Error, CustomStringConvertible {
    var message: String
    var offset: Int
    var description: String { "JSON parse error at byte \(offset): \(message)" }
  }

  static func parse(_ text: String) throws -> JSONValue { try parse(Array(text.utf8)) }

  static func parse(_ bytes: [UInt8]) throws -> JSONValue {
    var p = Parser(b: bytes)
    p.ws()
    let v = try p.value(depth: 0)
    p.ws()
    guard p.i == bytes.count else { throw ParseError(message: "trailing data", offset: p.i) }
    return v
  }

  private struct Parser {
    let b: [UInt8]
    var i = 0

    mutating func ws() { while i < b.count, [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) { i += 1 } }
    func fail(_ m: String) -> ParseError { ParseError(message: m, offset: i) }

    mutating func lit(_ s: String, _ v: JSONValue) throws -> JSONValue {
      let u = Array(s.utf8)
      guard i + u.count <= b.count, Array(b[i..<(i + u.count)]) == u else { throw fail("bad literal") }
      i += u.count
      return v
    }

    mutating func value(depth: Int) throws -> JSONValue {
      guard depth < 200 else { throw fail("too deep") }
      guard i < b.count else { throw fail("unexpected end") }
      switch b[i] {
      case UInt8(ascii: "{"):
        i += 1
        var kv: [(String, JSONValue)] = []
        var seen = Set<String>()
        ws()
        if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(kv) }
        while true {
          ws()
          guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected key") }
          let k = try string()
          guard seen.insert(k).inserted else { throw fail("duplicate key \(k)") }
          ws()
          guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected :") }
          i += 1
          ws()
          kv.append((k, try value(depth: depth + 1)))
          ws()
          guard i < b.count else { throw fail("unterminated object") }
          if b[i] == UInt8(ascii: ",") { i += 1; continue }
          if b[i] == UInt8(ascii: "}") { i += 1; return .object(kv) }
          throw fail("expected , or }")
        }
      case UInt8(ascii: "["):
        i += 1
        var a: [JSONValue] = []
        ws()
        if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
        while true {
          ws()
          a.append(try value(depth: depth + 1))
          ws()
          guard i < b.count else { throw fail("unterminated array") }
          if b[i] == UInt8(ascii: ",") { i += 1; continue }
          if b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
          throw fail("expected , or ]")
        }
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): return try lit("true", .bool(true))
      case UInt8(ascii: "f"): return try lit("false", .bool(false))
      case UInt8(ascii: "n"): return try lit("null", .null)
      default: return try number()
      }
    }

    mutating func number() throws -> JSONValue {
      let start = i
      var isInt = true
      if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
      guard i < b.count, (0x30...0x39).contains(b[i]) else { throw fail("bad number") }
      if b[i] == 0x30 { i += 1 } else { while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 } }
      if i < b.count, b[i] == UInt8(ascii: ".") {
        isInt = false
        i += 1
        guard i < b.count, (0x30...0x39).contains(b[i]) else { throw fail("bad fraction") }
        while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
      }
      if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
        isInt = false
        i += 1
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count, (0x30...0x39).contains(b[i]) else { throw fail("bad exponent") }
        while i < b.count, (0x30...0x39).contains(b[i]) { i += 1 }
      }
      guard let d = Double(String(decoding: b[start..<i], as: UTF8.self)) else { throw fail("bad number") }
      return .number(d, isInteger: isInt)
    }

    mutating func hex4() throws -> UInt32 {
      guard i + 4 <= b.count, let v = UInt32(String(decoding: b[i..<(i + 4)], as: UTF8.self), radix: 16) else { throw fail("bad \\u") }
      i += 4
      return v
    }

    mutating func string() throws -> String {
      i += 1
      var out: [UInt8] = []
      while true {
        guard i < b.count else { throw fail("unterminated string") }
        let c = b[i]
        i += 1
        if c == UInt8(ascii: "\"") { break }
        if c < 0x20 { throw fail("raw control character in string") }
        if c != UInt8(ascii: "\\") {
          out.append(c)
          continue
        }
        guard i < b.count else { throw fail("bad escape") }
        let e = b[i]
        i += 1
        switch e {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var v = try hex4()
          if (0xD800...0xDBFF).contains(v) {
            guard i + 2 <= b.count, b[i] == 0x5C, b[i + 1] == UInt8(ascii: "u") else { throw fail("lone high surrogate") }
            i += 2
            let lo = try hex4()
            guard (0xDC00...0xDFFF).contains(lo) else { throw fail("bad low surrogate") }
            v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
          } else if (0xDC00...0xDFFF).contains(v) {
            throw fail("lone low surrogate")
          }
          guard let u = Unicode.Scalar(v) else { throw fail("bad scalar") }
          out.append(contentsOf: Array(String(Character(u)).utf8))
        default: throw fail("bad escape")
        }
      }
      guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8") }
      return s
    }
  }
}
