import Foundation
import CScan
import Testing
@testable import DistillScanKit

@Suite("JSON reader")
struct JSONDocumentTests {
  /// Parses `text` and runs `body` on the document while its bytes are alive.
  func withDoc<R>(_ text: String, _ body: (borrowing JSONDocument) throws -> R) throws -> R {
    var doc = JSONDocument()
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBufferPointer { b in
      try doc.parse(b.baseAddress!, count: b.count)
      return try body(doc)
    }
  }

  func isValid(_ text: String) -> Bool {
    (try? withDoc(text) { _ in true }) ?? false
  }

  @Test(arguments: [
    "{}", "[]", "0", "-1", "1.5e10", "true", "false", "null", #""s""#, " \n\t{ } \r\n",
    #"{"a":[1,{"b":null}],"c":"d"}"#, #"[[[]]]"#, #"{"":""}"#, #"["\u0041\n\"\\"]"#, #"{"a":{}}"#,
  ])
  func validDocuments(_ text: String) {
    #expect(isValid(text), "\(text)")
  }

  @Test(arguments: [
    "", " ", "{", "}", "[", "]", "{]", "[}", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, "[1,]", "[1 2]", #"{"a" 1}"#,
    #"{1:2}"#, "tru", "nul", "falsy", #""unterminated"#, "\"ctl\u{01}\"", "{}{}", "[] x", #"{"a":1}}"#,
    "\"\\", "+1", "{,}", "[,1]",
  ])
  func invalidDocuments(_ text: String) {
    #expect(!isValid(text), "\(text.debugDescription)")
  }

  @Test func escapesAndSurrogates() throws {
    try withDoc(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u4e2d", "\ud83d\ude00", "\ud83d x", "\ude00", "\u12G4", "plain"]"#) { doc in
      var strings: [String?] = []
      doc.forEachElement(0) { strings.append(doc.string($0)); return true }
      #expect(strings[0] == "a\"b\\c/d\u{08}\u{0C}\n\r\t")
      #expect(strings[1] == "é中")
      #expect(strings[2] == "😀", "surrogate pair combined")
      #expect(strings[3] == "\u{FFFD} x", "lone high surrogate")
      #expect(strings[4] == "\u{FFFD}", "lone low surrogate")
      #expect(strings[5] == "\u{FFFD}12G4", "bad hex digits: replacement, then the digits as text")
      #expect(strings[6] == "plain")
      #expect(doc.isEscaped(doc.lastElement(0)!) == false, "no escapes, no unescaping needed")
    }
  }

  @Test func deepNesting() throws {
    let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
    #expect(isValid(ok))
    let tooDeep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
    var doc = JSONDocument()
    let bytes = Array(tooDeep.utf8)
    #expect(throws: JSONError.tooDeep) {
      try bytes.withUnsafeBufferPointer { try doc.parse($0.baseAddress!, count: $0.count) }
    }
    let objects = String(repeating: #"{"a":"#, count: 511) + "1" + String(repeating: "}", count: 511)
    #expect(isValid(objects))
  }

  @Test func numbers() throws {
    try withDoc(#"[0, -7, 42, 1.9, -2.5, 1e3, 2E-2, 9223372036854775807, 9223372036854775808, "12", "x", true, null, 3.0e2]"#) { doc in
      var e: [Int] = []
      doc.forEachElement(0) { e.append($0); return true }
      #expect(doc.int(e[0]) == 0)
      #expect(doc.int(e[1]) == -7)
      #expect(doc.int(e[2]) == 42)
      #expect(doc.int(e[3]) == 1, "fractions truncate")
      #expect(doc.double(e[4]) == -2.5)
      #expect(doc.int(e[5]) == 1000)
      #expect(doc.double(e[6]) == 0.02)
      #expect(doc.int(e[7]) == Int.max)
      #expect(doc.int(e[8]) == nil, "overflow is absent, not a trap")
      #expect(doc.int(e[9]) == 12, "numeric strings")
      #expect(doc.int(e[10]) == nil)
      #expect(doc.int(e[11]) == 1)
      #expect(doc.int(e[12]) == nil)
      #expect(doc.int(e[13]) == 300)
      #expect(doc.double(e[12]) == nil)
    }
    try withDoc(#"[1.5e3, 1e999, -2.5E1]"#) { doc in
      #expect(doc.path(0, ["0"]).flatMap { doc.int($0) } == 1500)
      #expect(doc.path(0, ["1"]).flatMap { doc.int($0) } == nil, "infinite is absent")
      #expect(doc.path(0, ["2"]).flatMap { doc.int($0) } == -25)
    }
  }

  @Test func accessors() throws {
    try withDoc(#"{"a":{"b":[10,20,30]},"k":"v","t":"True","f":0,"esc\"key":1}"#) { doc in
      #expect(doc.member(0, "k").flatMap { doc.string($0) } == "v")
      #expect(doc.member(0, "missing") == nil)
      #expect(doc.member(0, named: "k") != nil)
      #expect(doc.member(0, named: "esc\"key") == nil, "escaped keys never match")
      #expect(doc.path(0, ["a", "b", "-1"]).flatMap { doc.int($0) } == 30)
      #expect(doc.path(0, ["a", "b", "0"]).flatMap { doc.int($0) } == 10)
      #expect(doc.path(0, ["a", "b", "3"]) == nil)
      #expect(doc.path(0, ["a", "b", "x"]) == nil)
      #expect(doc.path(0, ["k", "deeper"]) == nil)
      #expect(doc.member(0, "t").flatMap { doc.bool($0) } == true)
      #expect(doc.member(0, "f").flatMap { doc.bool($0) } == false)
      #expect(doc.childCount(0) == 5)
      #expect(doc.path(0, ["a", "b"]).map { doc.childCount($0) } == 3)
      #expect(doc.scalarString(doc.member(0, "a")!) == nil)
    }
  }

  @Test func longStringsKeepHeadAndTail() throws {
    let body = "Frame start: " + String(repeating: "filler words here ", count: 200) + "Explain step by step."
    try withDoc("[\"" + body + "\"]") { doc in
      let s = doc.string(1, limit: 512) ?? ""
      #expect(s.hasPrefix("Frame start: "))
      #expect(s.hasSuffix("Explain step by step."))
      #expect(s.contains(" … "))
      #expect(s.utf8.count <= 512 + 8)
    }
  }

  @Test func stringLimitKeepsWholeCharacters() throws {
    try withDoc(#"["ééé", "abcdef", "\u00e9\u00e9\u00e9"]"#) { doc in
      let e0 = 1
      #expect(doc.string(e0, limit: 3) == "é", "never half a character")
      #expect(doc.string(doc.path(0, ["1"])!, limit: 3) == "abc")
      let s = doc.string(doc.path(0, ["2"])!, limit: 5)
      #expect(s.map { $0.unicodeScalars.allSatisfy { $0 == "é" } } == true)
    }
  }

  @Test func nestedJSONInStrings() throws {
    try withDoc(#"{"s":"{\"a\":[1,2],\"t\":\"x\\\"y\"}","plain":"{\"no\":1}x","text":"hello","raw":"[1]"}"#) { doc in
      let nested = NestedJSON()
      let a = nested.withString(doc, doc.member(0, "s")!) { nd, root in
        (nd.member(root, "a").map { nd.childCount($0) }, nd.member(root, "t").flatMap { nd.string($0) })
      }
      #expect(a?.0 == 2)
      #expect(a?.1 == "x\"y")
      #expect(nested.withString(doc, doc.member(0, "plain")!) { _, _ in 1 } == nil, "trailing garbage")
      #expect(nested.withString(doc, doc.member(0, "text")!) { _, _ in 1 } == nil, "plain text")
      #expect(nested.withString(doc, doc.member(0, "raw")!) { nd, r in nd.childCount(r) } == 1, "no escapes: parsed in place")
      // Re-entrant use does not clobber the outer nested document.
      let inner = nested.withString(doc, doc.member(0, "s")!) { nd, root -> Int? in
        let other = nested.withString(doc, doc.member(0, "raw")!) { nd2, r2 in nd2.childCount(r2) }
        return (nd.member(root, "a").map { nd.childCount($0) } ?? 0) + (other ?? 0)
      }
      #expect(inner == 3)
    }
  }

  @Test func reuseAcrossLines() throws {
    var doc = JSONDocument()
    for text in [#"{"a":1}"#, "[1,2,3]", #""x""#, #"{"b":{"c":2}}"#] {
      let b = Array(text.utf8)
      try b.withUnsafeBufferPointer { try doc.parse($0.baseAddress!, count: $0.count) }
    }
    let b = Array(#"{"b":{"c":2}}"#.utf8)
    try b.withUnsafeBufferPointer { p in
      try doc.parse(p.baseAddress!, count: p.count)
      #expect(doc.tapeCount == 5, "object, key, object, key, number: nothing left from earlier lines")
      #expect(doc.path(0, ["b", "c"]).flatMap { doc.int($0) } == 2)
    }
  }
}

@Suite("fast unescape")
struct FastUnescapeTests {
  func both(_ bytes: [UInt8]) -> ([UInt8], [UInt8]) {
    var slow: [UInt8] = []
    bytes.withUnsafeBufferPointer { JSONDocument.unescape($0, into: &slow) }
    let out = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count * 2 + 16)
    defer { out.deallocate() }
    let n = bytes.withUnsafeBufferPointer { NestedJSON.unescape($0, into: out) }
    return (slow, Array(UnsafeBufferPointer(start: out, count: n)))
  }

  @Test(arguments: [
    #"plain text"#, #"a\"b\\c\/d\b\f\n\r\t"#, #"\u00e9\u4e2d\ud83d\ude00"#, #"\ud83d x"#, #"\ude00"#,
    #"\u12G4"#, #"\u"#, #"\u\u\u\u\u\u"#, #"\"#, #"x\"#, #"\ud800\u"#, #"\q"#, "",
  ])
  func sameAsTheReferenceUnescape(_ s: String) {
    let (slow, fast) = both(Array(s.utf8))
    #expect(slow == fast, "\(s)")
  }

  @Test func randomInputsAgree() {
    // Deterministic pseudo-random byte soup, heavy in backslashes and 'u'.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let alphabet: [UInt8] = Array(#"\\\\uuD8dc0123456789abcdefABCDEF"nrtbf/ xé"#.utf8)
    for _ in 0..<2000 {
      var b: [UInt8] = []
      for _ in 0..<Int(state % 40) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        b.append(alphabet[Int((state >> 33) % UInt64(alphabet.count))])
      }
      let (slow, fast) = both(b)
      #expect(slow == fast)
      if slow != fast { return }
    }
  }
}

@Suite("JSON unescape into storage") struct JSONUnescapeStorageTests {
  /// Invalid and lone-surrogate escapes grow the text (2 raw bytes → 3); the fast path must size
  /// its buffer for that and agree with the array-based unescape.
  @Test(arguments: [#"["\u\u\u\u"]"#, #"["\uD800x\uDC00"]"#, #"["a\\b\"c\u00e9\ud83d\ude00"]"#, #"["\uZZZZ"]"#])
  func fastPathMatchesArrayPath(_ text: String) throws {
    var doc = JSONDocument()
    let bytes = Array(text.utf8)
    try bytes.withUnsafeBufferPointer { b in
      try doc.parse(b.baseAddress!, count: b.count)
      let raw = doc.rawBytes(1)
      var out = [UInt8]()
      JSONDocument.unescape(raw, into: &out)
      #expect(doc.string(1) == String(decoding: out, as: UTF8.self))
    }
  }
}

/// The strtod-free decimal fast path must agree bit for bit with the general parser.
@Suite struct SimpleDecimalTests {
  @Test func fastPathMatchesStrtod() {
    var rng = TestRNG(7)
    var checked = 0
    for _ in 0..<200_000 {
      let intDigits = rng.int(9)
      let fracDigits = rng.int(9)
      var s = rng.int(4) == 0 ? "-" : ""
      s += intDigits == 0 ? "0" : String(rng.int(Int(pow(10.0, Double(intDigits)))))
      if fracDigits > 0 {
        s += "."
        for _ in 0..<fracDigits { s += String(rng.int(10)) }
      }
      var bytes = Array(s.utf8)
      let fast = bytes.withUnsafeMutableBufferPointer { JSONDocument.simpleDecimal(UnsafeBufferPointer($0)) }
      guard let fast else { continue }
      checked += 1
      #expect(fast.bitPattern == Double(s)!.bitPattern, "\(s)")
      if fast.bitPattern != Double(s)!.bitPattern { return }
    }
    #expect(checked > 100_000)
  }

  @Test(arguments: ["1e5", "1.", ".5", "-", "", "12345678901234567", "1.2.3", "0x10", "+1"])
  func otherShapesTakeTheGeneralPath(_ s: String) {
    var bytes = Array(s.utf8)
    if bytes.isEmpty { return }
    let fast = bytes.withUnsafeMutableBufferPointer { JSONDocument.simpleDecimal(UnsafeBufferPointer($0)) }
    #expect(fast == nil, "\(s)")
  }
}

/// `ds_string_end` resolves backslash runs inside 16-byte blocks; it must agree with the plain
/// rule "a backslash skips the next byte" on every input, including runs across block edges.
@Suite struct StringEndKernelTests {
  /// The scalar rule the parser used before the kernel.
  static func reference(_ p: [UInt8], _ start: Int) -> (end: Int, escaped: Bool) {
    var j = start
    var escaped = false
    while j < p.count {
      let c = p[j]
      if c == 0x22 || c < 0x20 { return (j, escaped) }
      if c == 0x5C {
        escaped = true
        j += 2
        continue
      }
      j += 1
    }
    return (p.count, escaped)
  }

  @Test func agreesWithTheScalarRule() {
    var rng = TestRNG(42)
    // Backslash-heavy alphabet so that long runs straddle block boundaries.
    let alphabet: [UInt8] = [0x5C, 0x5C, 0x5C, 0x22, 0x61, 0x62, 0x20, 0x6E, 0x09, 0xC3, 0xA9]
    for _ in 0..<20_000 {
      let n = rng.int(80)
      let bytes = (0..<n).map { _ in alphabet[rng.int(alphabet.count)] }
      let start = n == 0 ? 0 : rng.int(n)
      let expected = Self.reference(bytes, start)
      var escaped: Int32 = 0
      let end = bytes.withUnsafeBufferPointer { ds_string_end($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, start, n, &escaped) }
      // Past the end is "unterminated" either way.
      #expect(min(end, n) == min(expected.end, n), "\(bytes) from \(start)")
      #expect(end >= n || (escaped != 0) == expected.escaped, "\(bytes) from \(start)")
      if min(end, n) != min(expected.end, n) { return }
    }
  }
}

/// `boundedText` writes straight into a caller buffer sized by `boundedTextCapacity`: it must
/// never write past that capacity, and must give what the Array-based bounding gave (head
/// unescaped to `headBytes`, cut on a character boundary, " …", tail from the first space).
@Suite struct BoundedTextTests {
  static func reference(_ doc: borrowing JSONDocument, _ t: Int, limit: Int) -> [UInt8] {
    let raw = doc.rawBytes(t)
    let escaped = doc.isEscaped(t)
    if raw.count <= limit { return Array(doc.string(t)!.utf8) }
    let headBytes = limit < 256 ? limit : limit * 5 / 8
    var out: [UInt8] = []
    if escaped { JSONDocument.unescape(raw, into: &out, limit: headBytes) } else { out.append(contentsOf: raw.prefix(headBytes)) }
    let kept = out.withUnsafeMutableBufferPointer { b in b.isEmpty ? 0 : JSONDocument.completeCharacterPrefix(b.baseAddress!, b.count) }
    out.removeSubrange(kept...)
    var start = max(headBytes, raw.count - (limit - headBytes))
    while start < raw.count, raw[start] != 0x20 { start += 1 }
    if limit >= 256, start < raw.count {
      out.append(contentsOf: [0x20, 0xE2, 0x80, 0xA6])
      let tail = UnsafeBufferPointer(rebasing: raw[start..<raw.count])
      if escaped { JSONDocument.unescape(tail, into: &out) } else { out.append(contentsOf: tail) }
    }
    return out
  }

  @Test func staysInsideItsCapacityAndMatchesTheReference() throws {
    var rng = TestRNG(99)
    let pieces = ["a", "bc", " ", "é", "😀", #"\n"#, #"\u00e9"#, #"\ud83d\ude00"#, #"\uZZ"#, #"\\"#, #"\""#, #"\ud800"#, "字"]
    var doc = JSONDocument()
    for _ in 0..<3000 {
      var s = ""
      let want = rng.int(4) == 0 ? rng.int(60) : rng.int(4000)
      while s.utf8.count < want { s += pieces[rng.int(pieces.count)] }
      let text = Array(("\"" + s + "\"").utf8)
      for limit in [0, 1, 7, 255, 256, 300, 1024] {
        try text.withUnsafeBufferPointer { p in
          try doc.parse(p.baseAddress!, count: p.count)
          let cap = doc.boundedTextCapacity(0, limit: limit) ?? -1
          #expect(cap >= 0)
          let guardBytes = 64
          var buf = [UInt8](repeating: 0xAB, count: cap + guardBytes)
          let n = buf.withUnsafeMutableBufferPointer { doc.boundedText(0, limit: limit, into: $0.baseAddress!) }
          #expect(n <= cap, "limit \(limit): wrote \(n) > capacity \(cap)")
          #expect(buf[cap...].allSatisfy { $0 == 0xAB }, "limit \(limit): wrote past the capacity")
          #expect(Array(buf[..<n]) == Self.reference(doc, 0, limit: limit), "limit \(limit): \(s.prefix(80))")
        }
      }
    }
  }
}
