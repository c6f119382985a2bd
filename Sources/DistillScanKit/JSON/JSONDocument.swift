import CScan
import Glibc

// Hand-written on-demand JSON reader.
//
// Why not Foundation: JSONSerialization/JSONDecoder allocate a full object graph per line and run at
// tens of MB/s; this reader builds a flat "tape" of token offsets in one pass over the bytes
// (simdjson's idea without the SIMD) and decodes only the fields a format asks for. Strings are not
// copied until asked for; nested JSON encoded inside a string (LiteLLM) is unescaped into a scratch
// buffer and parsed on its own, never by re-reading the outer line.
// simdjson (libsimdjson-dev 3.0) was considered; a C++ shim across 2 cores' worth of build time and
// an extra system package did not pay for itself at the speeds measured (README, Performance).

/// Kind of one JSON value on the tape.
public enum JSONKind: UInt8, Sendable {
  case object, array, string, number, bool, null
}

/// One value on the tape. Offsets are relative to the start of the parsed bytes.
public struct JSONToken: Sendable {
  public var kind: JSONKind
  /// True for strings that contain a backslash escape (must be unescaped), or `true` for bools.
  public var flag: Bool
  /// First byte (for strings: the byte after the opening quote).
  public var start: Int32
  /// One past the last byte (for strings: the closing quote).
  public var end: Int32
  /// Index of the next sibling on the tape (skips over the whole subtree).
  public var next: Int32
}

/// Why a line was not valid JSON.
public enum JSONError: Error, Sendable, Equatable {
  case malformed(offset: Int)
  case tooDeep
}

/// A parsed JSON text: the bytes (borrowed, valid only while the caller keeps them alive) and its tape.
///
/// The type is reused across lines by one worker (`parse` resets the tape) so the hot path does not
/// allocate. It is not Sendable on purpose: each worker owns one.
public struct JSONDocument: ~Copyable {
  // The tape and the container stack are raw buffers, not Arrays: no uniqueness or capacity
  // checks on the per-token append path.
  private var toks: UnsafeMutablePointer<JSONToken>
  private var tapeCapacity: Int
  /// Number of tokens on the tape.
  public private(set) var tapeCount = 0
  public private(set) var base: UnsafePointer<UInt8>
  public private(set) var count: Int = 0
  private let stack: UnsafeMutablePointer<Int32>
  private var depth = 0
  static let maxDepth = 512

  public init() {
    base = UnsafePointer(bitPattern: 1)!  // never dereferenced while count == 0
    tapeCapacity = 256
    toks = .allocate(capacity: tapeCapacity)
    stack = .allocate(capacity: Self.maxDepth + 1)
  }

  deinit {
    toks.deallocate()
    stack.deallocate()
  }

  /// Token `t` of the tape (0 ..< tapeCount).
  @inline(__always) public func token(_ t: Int) -> JSONToken {
    precondition(t >= 0 && t < tapeCount, "tape index out of range")
    return toks[t]
  }

  /// True for a string token that contains backslash escapes.
  @inline(__always) public func isEscaped(_ t: Int) -> Bool { token(t).flag }

  @inline(__always)
  private mutating func push(_ tok: JSONToken) {
    if tapeCount == tapeCapacity { growTape() }
    toks[tapeCount] = tok
    tapeCount += 1
  }

  private mutating func growTape() {
    let bigger = UnsafeMutablePointer<JSONToken>.allocate(capacity: tapeCapacity * 2)
    bigger.moveInitialize(from: toks, count: tapeCount)
    toks.deallocate()
    toks = bigger
    tapeCapacity *= 2
  }

  /// Parses `count` bytes at `base`. The root value is tape index 0.
  /// - Throws: `JSONError` when the text is not a single valid JSON value (trailing whitespace allowed).
  public mutating func parse(_ base: UnsafePointer<UInt8>, count: Int) throws(JSONError) {
    self.base = base
    self.count = count
    tapeCount = 0
    depth = 0
    var i = 0
    // State: are we expecting a value, a key, or a separator?
    // Each container pushes its tape index on `stack`.
    @inline(__always) func skipWS(_ i: inout Int) {
      while i < count {
        let c = base[i]
        if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
      }
    }
    skipWS(&i)
    if i >= count { throw .malformed(offset: i) }
    // expectValue: we are positioned where a value must start.
    var expectKey = false
    while true {
      skipWS(&i)
      guard i < count else { throw .malformed(offset: i) }
      var c = base[i]
      if expectKey {
        // In an object, after '{' or ',': a key string or (only right after '{') a '}'.
        if c == 0x7D /* } */ {
          let top = tapeCount - 1
          if top >= 0, toks[top].kind == .object, toks[top].next == -1, depth > 0, Int(stack[depth - 1]) == top {
            i += 1
            closeContainer(end: i)
            if depth == 0 { break }
            try afterValue(&i, &expectKey)
            if depth == 0 { break }
            continue
          }
          throw .malformed(offset: i)
        }
        guard c == 0x22 else { throw .malformed(offset: i) }
        try scanString(&i)
        skipWS(&i)
        guard i < count, base[i] == 0x3A /* : */ else { throw .malformed(offset: i) }
        i += 1
        skipWS(&i)
        guard i < count else { throw .malformed(offset: i) }
        c = base[i]
        expectKey = false
      }
      switch c {
      case 0x7B:  // {
        if depth >= Self.maxDepth { throw .tooDeep }
        stack[depth] = Int32(tapeCount)
        depth += 1
        push(JSONToken(kind: .object, flag: false, start: Int32(i), end: -1, next: -1))
        i += 1
        expectKey = true
        continue
      case 0x5B:  // [
        if depth >= Self.maxDepth { throw .tooDeep }
        stack[depth] = Int32(tapeCount)
        depth += 1
        push(JSONToken(kind: .array, flag: false, start: Int32(i), end: -1, next: -1))
        i += 1
        skipWS(&i)
        if i < count, base[i] == 0x5D {
          i += 1
          closeContainer(end: i)
          if depth == 0 { break }
          try afterValue(&i, &expectKey)
          if depth == 0 { break }
        }
        continue
      case 0x22:
        try scanString(&i)
      case 0x74:  // true
        try literal(&i, 0x74, 0x72, 0x75, 0x65, kind: .bool, flag: true)
      case 0x66:  // false
        guard i + 5 <= count, base[i + 1] == 0x61, base[i + 2] == 0x6C, base[i + 3] == 0x73, base[i + 4] == 0x65
        else { throw .malformed(offset: i) }
        push(JSONToken(kind: .bool, flag: false, start: Int32(i), end: Int32(i + 5), next: Int32(tapeCount + 1)))
        i += 5
      case 0x6E:  // null
        try literal(&i, 0x6E, 0x75, 0x6C, 0x6C, kind: .null, flag: false)
      default:
        if c == 0x2D || (c >= 0x30 && c <= 0x39) {
          let s = i
          i += 1
          while i < count {
            let d = base[i]
            if (d >= 0x30 && d <= 0x39) || d == 0x2E || d == 0x65 || d == 0x45 || d == 0x2B || d == 0x2D { i += 1 } else { break }
          }
          push(JSONToken(kind: .number, flag: false, start: Int32(s), end: Int32(i), next: Int32(tapeCount + 1)))
        } else {
          throw .malformed(offset: i)
        }
      }
      if depth == 0 { break }
      try afterValue(&i, &expectKey)
      if depth == 0 { break }
    }
    skipWS(&i)
    if i != count { throw .malformed(offset: i) }
  }

  /// After a complete value inside a container: consume ',' or the closing bracket(s).
  @inline(__always)
  private mutating func afterValue(_ i: inout Int, _ expectKey: inout Bool) throws(JSONError) {
    while true {
      while i < count {
        let c = base[i]
        if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
      }
      guard i < count, depth > 0 else { throw .malformed(offset: i) }
      let c = base[i]
      let isObject = toks[Int(stack[depth - 1])].kind == .object
      if c == 0x2C {
        i += 1
        expectKey = isObject
        return
      }
      if (isObject && c == 0x7D) || (!isObject && c == 0x5D) {
        i += 1
        closeContainer(end: i)
        if depth == 0 { return }
        continue
      }
      throw .malformed(offset: i)
    }
  }

  @inline(__always)
  private mutating func closeContainer(end: Int) {
    depth -= 1
    let idx = Int(stack[depth])
    toks[idx].end = Int32(end)
    toks[idx].next = Int32(tapeCount)
  }

  @inline(__always)
  private mutating func literal(
    _ i: inout Int, _ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, kind: JSONKind, flag: Bool
  ) throws(JSONError) {
    guard i + 4 <= count, base[i] == a, base[i + 1] == b, base[i + 2] == c, base[i + 3] == d else {
      throw .malformed(offset: i)
    }
    push(JSONToken(kind: kind, flag: flag, start: Int32(i), end: Int32(i + 4), next: Int32(tapeCount + 1)))
    i += 4
  }

  /// Scans a string starting at the opening quote; appends its token. The closing quote is found
  /// 16 bytes at a time with backslash runs resolved in-register (`ds_string_end`, SSE2), since
  /// prompt text — and, in gateway logs, whole JSON bodies held in strings — is most of a line.
  @inline(__always)
  private mutating func scanString(_ i: inout Int) throws(JSONError) {
    let s = i + 1
    var escaped: Int32 = 0
    let j = ds_string_end(base, s, count, &escaped)
    guard j < count, base[j] == 0x22 else { throw .malformed(offset: j) }  // unterminated or control byte
    push(JSONToken(kind: .string, flag: escaped != 0, start: Int32(s), end: Int32(j), next: Int32(tapeCount + 1)))
    i = j + 1
  }
}

// MARK: - Access

extension JSONDocument {
  @inline(__always) public func kind(_ t: Int) -> JSONKind { token(t).kind }

  /// Iterates the members of the object at tape index `obj`: `body(keyIndex, valueIndex)`.
  /// Return `false` from `body` to stop.
  @inline(__always)
  public func forEachMember(_ obj: Int, _ body: (Int, Int) -> Bool) {
    guard obj >= 0, obj < tapeCount, toks[obj].kind == .object else { return }
    let stop = Int(toks[obj].next)
    var i = obj + 1
    while i < stop {
      let v = i + 1
      if !body(i, v) { return }
      i = Int(toks[v].next)
    }
  }

  /// Tape indices of the keys of object `obj` are `members(obj).lowerBound`, then each
  /// `nextKey(after:)` while below `members(obj).upperBound` (empty when `obj` is not an object).
  /// For hot decoders: a plain loop, where the closure of ``forEachMember(_:_:)`` kept the
  /// record being built captured (copied out, then destroyed) instead of moved.
  @inline(__always)
  public func members(_ obj: Int) -> Range<Int> {
    guard obj >= 0, obj < tapeCount, toks[obj].kind == .object else { return 0..<0 }
    return (obj + 1)..<Int(toks[obj].next)
  }

  /// The key after `key` in its object (its value is `key + 1`).
  @inline(__always)
  public func nextKey(after key: Int) -> Int { Int(token(key + 1).next) }

  /// Iterates the elements of the array at `arr`.
  @inline(__always)
  public func forEachElement(_ arr: Int, _ body: (Int) -> Bool) {
    guard arr >= 0, arr < tapeCount, toks[arr].kind == .array else { return }
    let stop = Int(toks[arr].next)
    var i = arr + 1
    while i < stop {
      if !body(i) { return }
      i = Int(toks[i].next)
    }
  }

  /// Number of elements of an array (or members of an object).
  public func childCount(_ t: Int) -> Int {
    var n = 0
    if kind(t) == .array { forEachElement(t) { _ in n += 1; return true } }
    else if kind(t) == .object { forEachMember(t) { _, _ in n += 1; return true } }
    return n
  }

  /// Last element of an array.
  public func lastElement(_ arr: Int) -> Int? {
    var last: Int?
    forEachElement(arr) { last = $0; return true }
    return last
  }

  /// True when the string token `t` equals `key` byte for byte (keys with escapes never match).
  @inline(__always)
  public func stringEquals(_ t: Int, _ key: StaticString) -> Bool {
    let tok = token(t)
    guard tok.kind == .string, !tok.flag else { return false }
    let n = Int(tok.end - tok.start)
    guard n == key.utf8CodeUnitCount else { return false }
    return memcmpBytes(base + Int(tok.start), key.utf8Start, n)
  }

  /// Value index of member `key` in object `obj`, if present.
  @inline(__always)
  public func member(_ obj: Int, _ key: StaticString) -> Int? {
    var found: Int?
    forEachMember(obj) { k, v in
      if stringEquals(k, key) { found = v; return false }
      return true
    }
    return found
  }

  /// Value index of member whose key equals the runtime string `key`.
  public func member(_ obj: Int, named key: String) -> Int? {
    var found: Int?
    var k = key
    k.withUTF8 { kb in
      forEachMember(obj) { ki, v in
        let tok = token(ki)
        if !tok.flag, Int(tok.end - tok.start) == kb.count,
          kb.count == 0 || memcmpBytes(base + Int(tok.start), kb.baseAddress!, kb.count)
        {
          found = v
          return false
        }
        return true
      }
    }
    return found
  }

  /// Raw bytes of a token (for strings, without quotes and still escaped).
  @inline(__always)
  public func rawBytes(_ t: Int) -> UnsafeBufferPointer<UInt8> {
    let tok = token(t)
    return UnsafeBufferPointer(start: base + Int(tok.start), count: Int(tok.end - tok.start))
  }

  /// Decoded string value; nil when `t` is not a string. Invalid UTF-8 is repaired with U+FFFD
  /// (lines are validated before parsing, so this only happens for `\u` surrogate misuse).
  public func string(_ t: Int) -> String? {
    let tok = token(t)
    guard tok.kind == .string else { return nil }
    let raw = rawBytes(t)
    if !tok.flag { return String(decoding: raw, as: UTF8.self) }
    // Unescape straight into the String's storage: one copy, no array.
    return String(unsafeUninitializedCapacity: raw.count * 2 + 4) { buf in
      JSONDocument.unescapeRaw(raw, to: buf.baseAddress!)
    }
  }

  /// Unescapes JSON string content (without quotes) into `out`, which must hold `2 × raw.count`
  /// bytes (a bad `\u` escape, 2 input bytes, becomes a 3-byte U+FFFD). Returns the bytes written.
  /// Runs without a backslash are copied in one go; used on the hot path (no Array).
  public static func unescapeRaw(_ raw: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
    guard let base = raw.baseAddress else { return 0 }
    let n = raw.count
    var i = 0
    var o = 0
    @inline(__always) func put(_ c: UInt8) { out[o] = c; o += 1 }
    @inline(__always) func putScalar(_ cp: UInt32) {
      switch cp {
      case 0..<0x80: put(UInt8(cp))
      case 0x80..<0x800:
        put(UInt8(0xC0 | (cp >> 6))); put(UInt8(0x80 | (cp & 0x3F)))
      case 0x800..<0x10000:
        put(UInt8(0xE0 | (cp >> 12))); put(UInt8(0x80 | ((cp >> 6) & 0x3F))); put(UInt8(0x80 | (cp & 0x3F)))
      default:
        put(UInt8(0xF0 | (cp >> 18))); put(UInt8(0x80 | ((cp >> 12) & 0x3F)))
        put(UInt8(0x80 | ((cp >> 6) & 0x3F))); put(UInt8(0x80 | (cp & 0x3F)))
      }
    }
    while i < n {
      // Copy the run up to the next backslash in one go.
      let run = ds_find_backslash(base, i, n) - i
      if run > 0 {
        (out + o).update(from: base + i, count: run)
        o += run
        i += run
      }
      guard i < n else { break }
      // raw[i] is a backslash.
      guard i + 1 < n else { break }
      let e = raw[i + 1]
      i += 2
      switch e {
      case 0x6E: put(0x0A)
      case 0x74: put(0x09)
      case 0x72: put(0x0D)
      case 0x62: put(0x08)
      case 0x66: put(0x0C)
      case 0x75:
        // \uXXXX is 6 input bytes; its UTF-8 (or U+FFFD) is at most 3 bytes, a pair 4 for 12.
        guard i + 4 <= n, var cp = JSONDocument.hex4(raw, i) else { putScalar(0xFFFD); continue }
        i += 4
        if cp >= 0xD800, cp < 0xDC00 {
          if i + 6 <= n, raw[i] == 0x5C, raw[i + 1] == 0x75, let lo = JSONDocument.hex4(raw, i + 2), lo >= 0xDC00, lo < 0xE000 {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
            i += 6
          } else {
            cp = 0xFFFD
          }
        } else if cp >= 0xDC00, cp < 0xE000 {
          cp = 0xFFFD
        }
        putScalar(cp)
      default: put(e)
      }
    }
    return o
  }

  /// Decoded string, bounded to about `limit` UTF-8 bytes. Longer strings keep their head (5/8 of
  /// the budget) and their tail (the rest) joined by " … ": templates put their frame at the start
  /// and instructions such as "explain step by step" at the end, and both matter to the features.
  /// Cuts fall on character boundaries; the tail starts after a space so it never splits an escape.
  public func string(_ t: Int, limit: Int) -> String? {
    guard let capacity = boundedTextCapacity(t, limit: limit) else { return nil }
    // One allocation: the text is unescaped straight into the String's storage.
    return String(unsafeUninitializedCapacity: capacity) { out in boundedText(t, limit: limit, into: out.baseAddress!) }
  }

  /// Bytes ``boundedText(_:limit:into:)`` may write for string token `t`; nil when `t` is not a
  /// string.
  public func boundedTextCapacity(_ t: Int, limit: Int) -> Int? {
    let tok = token(t)
    guard tok.kind == .string else { return nil }
    return Self.boundedTextCapacity(rawCount: Int(tok.end - tok.start), limit: limit)
  }

  /// The decoded text of string token `t` bounded as ``string(_:limit:)`` describes, written to
  /// `o` (room for ``boundedTextCapacity(_:limit:)`` bytes); returns the bytes written. The
  /// pipeline uses it to compute features without building a String unless one is kept.
  public func boundedText(_ t: Int, limit: Int, into o: UnsafeMutablePointer<UInt8>) -> Int {
    Self.boundedText(raw: rawBytes(t), escaped: token(t).flag, limit: limit, into: o)
  }

  /// ``boundedText(_:limit:into:)`` for a string's raw (still escaped) bytes held by the caller.
  public static func boundedTextCapacity(rawCount: Int, limit: Int) -> Int {
    if rawCount <= limit { return rawCount * 2 + 4 }
    let headBytes = limit < 256 ? limit : limit * 5 / 8
    return headBytes + 8 + (limit - headBytes + rawCount - max(headBytes, rawCount - (limit - headBytes))) * 2
  }

  /// The bounded text of raw string bytes as a String (see ``string(_:limit:)``).
  public static func boundedString(raw: UnsafeBufferPointer<UInt8>, escaped: Bool, limit: Int) -> String {
    String(unsafeUninitializedCapacity: boundedTextCapacity(rawCount: raw.count, limit: limit)) { out in
      boundedText(raw: raw, escaped: escaped, limit: limit, into: out.baseAddress!)
    }
  }

  /// ``boundedText(_:limit:into:)`` over raw string bytes (`escaped`: they contain backslashes).
  public static func boundedText(raw: UnsafeBufferPointer<UInt8>, escaped: Bool, limit: Int, into o: UnsafeMutablePointer<UInt8>) -> Int {
    let rawCount = raw.count
    if rawCount <= limit {
      if escaped { return JSONDocument.unescapeRaw(raw, to: o) }
      if rawCount > 0 { o.update(from: raw.baseAddress!, count: rawCount) }
      return rawCount
    }
    // Small budgets keep a plain prefix; head+tail needs room for both to be useful.
    let headBytes = limit < 256 ? limit : limit * 5 / 8
    // Tail: the last (limit − headBytes) raw bytes, starting after a space.
    var start = max(headBytes, rawCount - (limit - headBytes))
    while start < rawCount, raw[start] != 0x20 { start += 1 }
    let tail = limit >= 256 && start < rawCount ? UnsafeBufferPointer(rebasing: raw[start..<rawCount]) : nil
    var n: Int
    if escaped {
      // Every escape yields at least one byte per 6 raw bytes: 6 × headBytes raw bytes suffice.
      // Only the first `headBytes` decoded bytes are kept, so decode through a stack scratch.
      let src = UnsafeBufferPointer(rebasing: raw[0..<min(raw.count, headBytes * 6)])
      n = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: src.count * 2 + 4) { scratch in
        let decoded = JSONDocument.unescapeRaw(src, to: scratch.baseAddress!)
        let keep = min(decoded, headBytes)
        o.update(from: scratch.baseAddress!, count: keep)
        return keep
      }
    } else {
      n = min(headBytes, raw.count)
      o.update(from: raw.baseAddress!, count: n)
    }
    n = Self.completeCharacterPrefix(o, n)
    if let tail {
      (o + n).update(from: [0x20, 0xE2, 0x80, 0xA6], count: 4)  // " …"
      n += 4
      if escaped {
        n += JSONDocument.unescapeRaw(tail, to: o + n)
      } else {
        (o + n).update(from: tail.baseAddress!, count: tail.count)
        n += tail.count
      }
    }
    return n
  }

  /// Length of `p[0..<n]` without a trailing incomplete UTF-8 sequence.
  static func completeCharacterPrefix(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
    var k = n - 1
    var cont = 0
    while k >= 0, p[k] & 0xC0 == 0x80, cont < 3 {
      k -= 1
      cont += 1
    }
    guard k >= 0 else { return n }
    let lead = p[k]
    let need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
    return need != cont ? k : n
  }

  /// Scalar rendered as a string: strings decoded, numbers and bools as written. Nil for containers/null.
  public func scalarString(_ t: Int) -> String? {
    switch kind(t) {
    case .string: return string(t)
    case .number, .bool: return String(decoding: rawBytes(t), as: UTF8.self)
    default: return nil
    }
  }

  /// Integer value of a number token (or a string holding digits). Fractions truncate.
  public func int(_ t: Int) -> Int? {
    let tok = token(t)
    if tok.kind == .number || tok.kind == .string {
      let raw = rawBytes(t)
      var i = 0
      var neg = false
      if i < raw.count, raw[i] == 0x2D { neg = true; i += 1 }
      guard i < raw.count, raw[i] >= 0x30, raw[i] <= 0x39 else { return nil }
      var v = 0
      while i < raw.count, raw[i] >= 0x30, raw[i] <= 0x39 {
        let (m, o1) = v.multipliedReportingOverflow(by: 10)
        let (a, o2) = m.addingReportingOverflow(Int(raw[i] - 0x30))
        if o1 || o2 { return nil }
        v = a
        i += 1
      }
      // An exponent (also after a fraction: `3.0e2`) changes the integer part: go through Double.
      if i < raw.count, raw[i] == 0x65 || raw[i] == 0x45 || (raw[i] == 0x2E && raw[i...].contains { $0 | 0x20 == 0x65 }) {
        return double(t).flatMap { $0.isFinite ? Int(exactly: $0.rounded(.towardZero)) : nil }
      }
      return neg ? -v : v
    }
    if tok.kind == .bool { return tok.flag ? 1 : 0 }
    return nil
  }

  /// Floating-point value of a number token (or a numeric string).
  public func double(_ t: Int) -> Double? {
    let tok = token(t)
    guard tok.kind == .number || tok.kind == .string else { return nil }
    let raw = rawBytes(t)
    guard raw.count > 0, raw.count < 64 else { return nil }
    if let fast = Self.simpleDecimal(raw) { return fast }
    return Double(Substring(decoding: raw, as: UTF8.self))
  }

  /// Powers of ten exactly representable as Double (10^0 … 10^22).
  static let exactPowersOfTen: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { x, _ in x * 10 } }

  /// `-?digits(.digits)?` with at most 15 significant digits, without calling strtod: the digits
  /// form an integer m < 2^53 and the value is m / 10^k with 10^k exact, so one IEEE division
  /// gives the correctly rounded result — bit for bit what strtod returns (Clinger's fast path).
  /// Nil for anything else (exponents, long mantissas), which takes the general path.
  @inline(__always)
  static func simpleDecimal(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
    var i = 0
    let n = raw.count
    let neg = raw[0] == 0x2D
    if neg { i = 1 }
    var m: UInt64 = 0
    var digits = 0
    var frac = 0
    var seenDot = false
    guard i < n else { return nil }
    while i < n {
      let c = raw[i]
      if c >= 0x30 && c <= 0x39 {
        m = m &* 10 &+ UInt64(c &- 0x30)
        digits += 1
        if seenDot { frac += 1 }
      } else if c == 0x2E && !seenDot && digits > 0 {
        seenDot = true
      } else {
        return nil
      }
      i += 1
    }
    guard digits > 0, digits <= 15, !(seenDot && frac == 0) else { return nil }
    let v = Double(m) / exactPowersOfTen[frac]
    return neg ? -v : v
  }

  /// Boolean value; accepts JSON bools, "true"/"false"/"True"/"False" strings and 0/1 numbers.
  public func bool(_ t: Int) -> Bool? {
    let tok = token(t)
    switch tok.kind {
    case .bool: return tok.flag
    case .number: return int(t).map { $0 != 0 }
    case .string:
      let raw = rawBytes(t)
      if raw.count == 4, raw[0] | 0x20 == 0x74, raw[1] == 0x72, raw[2] == 0x75, raw[3] == 0x65 { return true }
      if raw.count == 5, raw[0] | 0x20 == 0x66, raw[1] == 0x61 { return false }
      return nil
    default: return nil
    }
  }

  /// Resolves a dotted path such as `metadata.user_api_key_user_id` or `messages.-1.content`
  /// (array indices, negative from the end) starting at `root`.
  public func path(_ root: Int, _ components: [String]) -> Int? {
    var cur = root
    for comp in components {
      switch kind(cur) {
      case .object:
        guard let v = member(cur, named: comp) else { return nil }
        cur = v
      case .array:
        guard let idx = Int(comp) else { return nil }
        var elems: [Int] = []
        forEachElement(cur) { elems.append($0); return true }
        let real = idx < 0 ? elems.count + idx : idx
        guard real >= 0, real < elems.count else { return nil }
        cur = elems[real]
      default:
        return nil
      }
    }
    return cur
  }

  /// Unescapes JSON string content (without quotes), appending to `out` until `out` holds `limit`
  /// bytes. Same rules as ``unescapeRaw(_:to:)``, which does the work.
  public static func unescape(_ raw: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], limit: Int = .max) {
    let room = limit - out.count
    guard room > 0, !raw.isEmpty else { return }
    // Every escape yields at least one byte per 6 input bytes, so 6 × room input bytes are enough.
    let (cap, overflow) = room.multipliedReportingOverflow(by: 6)
    let src = overflow || cap >= raw.count ? raw : UnsafeBufferPointer(rebasing: raw[0..<cap])
    let decoded = [UInt8](unsafeUninitializedCapacity: src.count * 2 + 4) { buf, n in
      n = unescapeRaw(src, to: buf.baseAddress!)
    }
    out.append(contentsOf: decoded.prefix(room))
  }

  @inline(__always)
  static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32? {
    var v: UInt32 = 0
    for k in 0..<4 {
      let c = raw[i + k]
      let d: UInt32
      switch c {
      case 0x30...0x39: d = UInt32(c - 0x30)
      case 0x41...0x46: d = UInt32(c - 0x41 + 10)
      case 0x61...0x66: d = UInt32(c - 0x61 + 10)
      default: return nil
      }
      v = v << 4 | d
    }
    return v
  }

  @inline(__always)
  static func appendUTF8(_ cp: UInt32, _ out: inout [UInt8]) {
    switch cp {
    case 0..<0x80: out.append(UInt8(cp))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | (cp >> 6)))
      out.append(UInt8(0x80 | (cp & 0x3F)))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | (cp >> 12)))
      out.append(UInt8(0x80 | ((cp >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (cp & 0x3F)))
    default:
      out.append(UInt8(0xF0 | (cp >> 18)))
      out.append(UInt8(0x80 | ((cp >> 12) & 0x3F)))
      out.append(UInt8(0x80 | ((cp >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (cp & 0x3F)))
    }
  }
}

@inline(__always)
func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
  var i = 0
  while i < n {
    if a[i] != b[i] { return false }
    i += 1
  }
  return true
}
