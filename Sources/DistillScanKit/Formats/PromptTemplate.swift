import Glibc

/// Splits a single-string prompt written in a chat template back into turns: Claude v2
/// (`\n\nHuman:` / `\n\nAssistant:`), Llama 3 headers (`<|start_header_id|>user<|end_header_id|>`)
/// and `[INST]` templates (Llama 2, Mistral, with `<<SYS>>`).
///
/// Why: Bedrock InvokeModel bodies for these families carry the whole conversation in `prompt`;
/// without splitting, every request of a multi-turn template would look like one huge, unique
/// prompt and the "last user turn" would be the template boilerplate.
enum PromptTemplate {
  struct Parsed {
    var system: String?
    var user: String?
    var turns = 0
  }

  /// Parses the string token `t` (unescaped first). Nil when `t` is not a string.
  static func parse(_ doc: borrowing JSONDocument, _ t: Int) -> Parsed? {
    guard doc.kind(t) == .string else { return nil }
    let raw = doc.rawBytes(t)
    if !doc.isEscaped(t) { return parse(raw) }
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    JSONDocument.unescape(raw, into: &out)
    return out.withUnsafeBufferPointer { parse($0) }
  }

  static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Parsed {
    if find(b, "\n\nHuman:", from: 0) != nil { return claude(b) }
    if find(b, "<|start_header_id|>", from: 0) != nil { return llama3(b) }
    if find(b, "[INST]", from: 0) != nil { return inst(b) }
    var p = Parsed()
    p.user = text(b, 0, b.count)
    p.turns = 1
    return p
  }

  // MARK: Templates

  private static func claude(_ b: UnsafeBufferPointer<UInt8>) -> Parsed {
    var p = Parsed()
    let human: StaticString = "\n\nHuman:"
    let assistant: StaticString = "\n\nAssistant:"
    // Collect (isUser, markerStart, contentStart) in order.
    var marks: [(Bool, Int, Int)] = []
    var i = 0
    while i < b.count {
      let h = find(b, human, from: i)
      let a = find(b, assistant, from: i)
      guard h != nil || a != nil else { break }
      if let h, a == nil || h < a! {
        marks.append((true, h, h + human.utf8CodeUnitCount))
        i = h + human.utf8CodeUnitCount
      } else if let a {
        marks.append((false, a, a + assistant.utf8CodeUnitCount))
        i = a + assistant.utf8CodeUnitCount
      }
    }
    if let first = marks.first { p.system = text(b, 0, first.1) }
    for (n, m) in marks.enumerated() {
      let end = n + 1 < marks.count ? marks[n + 1].1 : b.count
      guard let s = text(b, m.2, end) else { continue }
      p.turns += 1
      if m.0 { p.user = s }
    }
    return p
  }

  private static func llama3(_ b: UnsafeBufferPointer<UInt8>) -> Parsed {
    var p = Parsed()
    let start: StaticString = "<|start_header_id|>"
    let endH: StaticString = "<|end_header_id|>"
    let eot: StaticString = "<|eot_id|>"
    var i = 0
    while let s = find(b, start, from: i) {
      let roleStart = s + start.utf8CodeUnitCount
      guard let e = find(b, endH, from: roleStart) else { break }
      let contentStart = e + endH.utf8CodeUnitCount
      let next = find(b, start, from: contentStart) ?? b.count
      let stop = min(find(b, eot, from: contentStart) ?? b.count, next)
      let role = UnsafeBufferPointer(rebasing: b[roleStart..<e])
      if let content = text(b, contentStart, stop) {
        if equals(role, "system") {
          p.system = content
        } else {
          p.turns += 1
          if equals(role, "user") { p.user = content }
        }
      }
      i = next
    }
    return p
  }

  private static func inst(_ b: UnsafeBufferPointer<UInt8>) -> Parsed {
    var p = Parsed()
    let open: StaticString = "[INST]"
    let close: StaticString = "[/INST]"
    var i = 0
    while let s = find(b, open, from: i) {
      var cs = s + open.utf8CodeUnitCount
      let ce = find(b, close, from: cs) ?? b.count
      // Llama 2 puts the system prompt in the first instruction: `<<SYS>>…<</SYS>>`.
      if let ss = find(b, "<<SYS>>", from: cs), ss < ce, let se = find(b, "<</SYS>>", from: ss) , se < ce {
        p.system = text(b, ss + 7, se)
        cs = se + 8
      }
      if let u = text(b, cs, ce) {
        p.turns += 1
        p.user = u
      }
      let afterClose = min(b.count, ce + close.utf8CodeUnitCount)
      let next = find(b, open, from: afterClose) ?? b.count
      if let a = text(b, afterClose, next), a != "</s>", a != "<s>" { p.turns += 1 }
      i = next
    }
    return p
  }

  // MARK: Bytes

  /// Trimmed text of `b[s..<e]` (template tokens `<s>`/`</s>` at the edges removed), nil if empty.
  private static func text(_ b: UnsafeBufferPointer<UInt8>, _ s0: Int, _ e0: Int) -> String? {
    var s = max(0, s0)
    var e = min(b.count, e0)
    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
    while true {
      while s < e, isSpace(b[s]) { s += 1 }
      while e > s, isSpace(b[e - 1]) { e -= 1 }
      if e - s >= 3, b[s] == 0x3C, b[s + 1] == 0x73, b[s + 2] == 0x3E { s += 3; continue }  // <s>
      if e - s >= 4, b[e - 4] == 0x3C, b[e - 3] == 0x2F, b[e - 2] == 0x73, b[e - 1] == 0x3E { e -= 4; continue }  // </s>
      break
    }
    guard e > s else { return nil }
    var t = TextCollector()
    t.appendBytes(UnsafeBufferPointer(rebasing: b[s..<e]))
    return t.string()
  }

  private static func find(_ b: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from: Int) -> Int? {
    guard from < b.count, let base = b.baseAddress else { return nil }
    let n = needle.utf8CodeUnitCount
    let first = Int32(needle.utf8Start[0])
    // memchr for the first byte, then compare (memmem is a GNU extension Glibc does not export).
    var i = from
    while i + n <= b.count {
      guard let hit = memchr(base + i, first, b.count - n + 1 - i) else { return nil }
      let at = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
      if memcmp(base + at, needle.utf8Start, n) == 0 { return at }
      i = at + 1
    }
    return nil
  }

  private static func equals(_ b: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
    guard b.count == s.utf8CodeUnitCount, let base = b.baseAddress else { return false }
    return memcmp(base, s.utf8Start, b.count) == 0
  }
}
