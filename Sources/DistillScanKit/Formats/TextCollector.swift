/// Gathers text from message content in its many shapes (a string, OpenAI parts
/// `{type:"text",text}`, Anthropic blocks, Converse single-key `{text}` blocks, Responses
/// `input_text` parts) into one bounded UTF-8 buffer.
///
/// Why bytes and not Strings: a message often has several blocks and only the first
/// ``LogRecord/maxTextBytes`` bytes are kept, so text is unescaped straight from the tape into one
/// buffer and turned into a String once.
struct TextCollector {
  private(set) var bytes: [UInt8] = []
  let limit: Int

  init(limit: Int = LogRecord.maxTextBytes) {
    self.limit = limit
  }

  var isEmpty: Bool { bytes.isEmpty }
  var isFull: Bool { bytes.count >= limit }

  /// Appends the string token `t`, separated from earlier text by a newline.
  mutating func appendString(_ doc: borrowing JSONDocument, _ t: Int) {
    guard doc.kind(t) == .string, !isFull else { return }
    let raw = doc.rawBytes(t)
    if raw.isEmpty { return }
    if !bytes.isEmpty { bytes.append(0x0A) }
    if doc.isEscaped(t) {
      JSONDocument.unescape(raw, into: &bytes, limit: limit)
    } else {
      bytes.append(contentsOf: raw.prefix(limit - bytes.count))
    }
  }

  /// Appends raw (already unescaped) bytes.
  mutating func appendBytes(_ b: UnsafeBufferPointer<UInt8>) {
    guard !isFull, !b.isEmpty else { return }
    if !bytes.isEmpty { bytes.append(0x0A) }
    bytes.append(contentsOf: b.prefix(limit - bytes.count))
  }

  /// Appends the text of a content value: a string, a part/block object, or an array of them.
  mutating func appendContent(_ doc: borrowing JSONDocument, _ content: Int) {
    switch doc.kind(content) {
    case .string: appendString(doc, content)
    case .object: appendBlock(doc, content)
    case .array:
      doc.forEachElement(content) { e in
        switch doc.kind(e) {
        case .string: appendString(doc, e)
        case .object: appendBlock(doc, e)
        default: break
        }
        return !isFull
      }
    default: break
    }
  }

  /// A block contributes its `text` when it is a text block: no `type` (Converse `{text}`), or a
  /// `type` naming text. Tool results, images and thinking blocks are not the user's words.
  private mutating func appendBlock(_ doc: borrowing JSONDocument, _ b: Int) {
    guard let text = doc.member(b, "text") else { return }
    if let ty = doc.member(b, "type"), !TextCollector.isTextType(doc, ty) { return }
    appendString(doc, text)
  }

  static func isTextType(_ doc: borrowing JSONDocument, _ ty: Int) -> Bool {
    doc.stringEquals(ty, "text") || doc.stringEquals(ty, "input_text") || doc.stringEquals(ty, "output_text")
  }

  /// True when a content value holds any non-empty text (without building it).
  static func hasText(_ doc: borrowing JSONDocument, _ content: Int) -> Bool {
    switch doc.kind(content) {
    case .string: return doc.rawBytes(content).count > 0
    case .object:
      guard let t = doc.member(content, "text"), doc.kind(t) == .string, doc.rawBytes(t).count > 0 else { return false }
      if let ty = doc.member(content, "type") { return isTextType(doc, ty) }
      return true
    case .array:
      var found = false
      doc.forEachElement(content) { e in
        if hasText(doc, e) { found = true }
        return !found
      }
      return found
    default: return false
    }
  }

  /// The collected text, or nil when empty. A multi-byte character cut by the limit is dropped.
  func string() -> String? {
    if bytes.isEmpty { return nil }
    var end = bytes.count
    if end >= limit {
      // Back up to the start of the last (possibly incomplete) UTF-8 sequence.
      var i = end - 1
      while i > 0, bytes[i] & 0xC0 == 0x80 { i -= 1 }
      let lead = bytes[i]
      let need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
      if end - i < need { end = i }
    }
    return String(decoding: bytes[0..<end], as: UTF8.self)
  }
}

extension JSONDocument {
  /// ASCII case-insensitive comparison of a string token with a lowercase key (roles such as
  /// Cohere's `USER` / `CHATBOT`).
  func stringEqualsIgnoringCase(_ t: Int, _ lower: StaticString) -> Bool {
    let tok = token(t)
    guard tok.kind == .string, !tok.flag else { return false }
    let n = Int(tok.end - tok.start)
    guard n == lower.utf8CodeUnitCount else { return false }
    let p = base + Int(tok.start)
    let k = lower.utf8Start
    for i in 0..<n {
      var c = p[i]
      if c >= 0x41, c <= 0x5A { c |= 0x20 }
      if c != k[i] { return false }
    }
    return true
  }

  /// Non-empty scalar rendered as a string (empty strings count as absent: LiteLLM writes `""`
  /// for unset ids).
  func nonEmptyScalar(_ t: Int) -> String? {
    switch kind(t) {
    case .string:
      if token(t).end == token(t).start { return nil }
      return string(t)
    case .number: return scalarString(t)
    default: return nil
    }
  }
}
