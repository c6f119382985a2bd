/// Per-worker scratch for JSON text that is not the line itself: JSON held inside a JSON string
/// (LiteLLM `proxy_server_request`, string-encoded Bedrock bodies or metadata) and Bedrock
/// sidecar files.
///
/// Why a class in ``DecodeContext``: ``JSONDocument`` is non-copyable and reuses its tape, so one
/// scratch per worker keeps the hot path free of allocations. The outer line is never re-parsed:
/// only the string's bytes are unescaped into `bytes` and parsed on their own tape.
import Glibc

public final class NestedJSON {
  private var doc = JSONDocument()
  private var bytes: [UInt8] = []
  /// Unescape target for string-held JSON.
  private var scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 12)
  private var scratchCapacity = 1 << 12

  deinit { scratch.deallocate() }
  /// Set while `doc` is lent out; a nested request then uses a temporary scratch instead of
  /// clobbering the tape the caller is still reading.
  private var busy = false

  public init() {}

  /// Parses the JSON object or array held in string token `t` of `outer` and calls `body` with
  /// the nested document and its root. Returns nil when `t` is not a string holding valid JSON
  /// that starts with `{` or `[` (plain text strings are common and cheap to rule out).
  public func withString<R>(
    _ outer: borrowing JSONDocument, _ t: Int, _ body: (borrowing JSONDocument, Int) -> R
  ) -> R? {
    guard outer.kind(t) == .string else { return nil }
    let raw = outer.rawBytes(t)
    guard let base = raw.baseAddress else { return nil }
    var s = 0
    while s < raw.count, raw[s] == 0x20 || raw[s] == 0x0A || raw[s] == 0x0D || raw[s] == 0x09 { s += 1 }
    // `\n` escapes before the opening bracket are rare enough to not bother with.
    guard s < raw.count, raw[s] == UInt8(ascii: "{") || raw[s] == UInt8(ascii: "[") else { return nil }
    if busy { return NestedJSON().withString(outer, t, body) }
    busy = true
    defer { busy = false }
    if !outer.isEscaped(t) {
      // No escapes: the string's bytes are the JSON text, still alive in the outer buffer.
      do { try doc.parse(base, count: raw.count) } catch { return nil }
      return body(doc, 0)
    }
    // A bad `\u` escape turns 2 input bytes into a 3-byte U+FFFD: room for 1.5× the input.
    let need = raw.count * 2 + 16
    if need > scratchCapacity {
      scratch.deallocate()
      scratchCapacity = max(need, scratchCapacity * 2)
      scratch = .allocate(capacity: scratchCapacity)
    }
    let n = Self.unescape(raw, into: scratch)
    do { try doc.parse(scratch, count: n) } catch { return nil }
    return body(doc, 0)
  }

  /// JSON string unescaping with the same results as ``JSONDocument/unescape(_:into:limit:)``,
  /// but copying the runs between backslashes with memcpy into a preallocated buffer: a
  /// LiteLLM `proxy_server_request` is mostly prompt text, and appending it byte by byte to an
  /// Array was a fifth of the decode time. `out` must hold `2 × raw.count` bytes
  /// (a bad `\u` escape becomes a 3-byte U+FFFD). Returns the number of bytes written.
  static func unescape(_ raw: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
    JSONDocument.unescapeRaw(raw, to: out)
  }

  /// Parses a whole JSON text (a sidecar file's content) and calls `body` with it.
  public func withBytes<R>(_ text: [UInt8], _ body: (borrowing JSONDocument, Int) -> R) -> R? {
    if busy { return NestedJSON().withBytes(text, body) }
    busy = true
    defer { busy = false }
    bytes = text
    return parseBytes(body)
  }

  private func parseBytes<R>(_ body: (borrowing JSONDocument, Int) -> R) -> R? {
    bytes.withUnsafeBufferPointer { b -> R? in
      guard let base = b.baseAddress, b.count > 0 else { return nil }
      do { try doc.parse(base, count: b.count) } catch { return nil }
      return body(doc, 0)
    }
  }
}
