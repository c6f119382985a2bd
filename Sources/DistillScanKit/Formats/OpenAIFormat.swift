/// OpenAI-compatible gateway logs (log-formats.md §2–3), one format id for several record
/// shapes, recognised per record because gateways mix them in one archive:
///
/// - LiteLLM `SpendLogs` rows (``LiteLLMSpendLog``),
/// - LiteLLM `StandardLoggingPayload` objects (``LiteLLMPayload``),
/// - OpenAI Batch API input lines (``OpenAIBatchLine``),
/// - generic `{request, response, metadata}` envelopes (``GatewayEnvelope``).
public struct OpenAIFormat: LogFormat {
  public static let formatID = "openai"
  public init() {}
  public var id: String { Self.formatID }
  public var summary: String {
    "OpenAI-compatible gateway logs: LiteLLM spend logs / standard logging payload, Batch API input, {request,response,metadata}"
  }

  /// The record shapes this format reads.
  enum Shape: Equatable {
    case spendLog, payload, batchInput, batchOutput, envelope
  }

  /// Classifies a record by its keys (log-formats.md §6, item 2).
  static func shape(_ doc: borrowing JSONDocument, _ root: Int) -> Shape? {
    guard doc.kind(root) == .object else { return nil }
    var requestID = false, apiKey = false, spend = false, traceID = false, modelParameters = false
    var hiddenParams = false, customID = false, body = false, request = false, response = false, metadata = false
    var startTime = false
    doc.forEachMember(root) { k, _ in
      let kb = doc.rawBytes(k)
      guard let first = kb.first else { return true }
      switch first {
      case UInt8(ascii: "r"):
        if doc.stringEquals(k, "request_id") { requestID = true }
        else if doc.stringEquals(k, "request") { request = true }
        else if doc.stringEquals(k, "response") { response = true }
      case UInt8(ascii: "a"): if doc.stringEquals(k, "api_key") { apiKey = true }
      case UInt8(ascii: "s"):
        if doc.stringEquals(k, "spend") { spend = true }
        else if doc.stringEquals(k, "startTime") { startTime = true }
      case UInt8(ascii: "t"): if doc.stringEquals(k, "trace_id") { traceID = true }
      case UInt8(ascii: "m"):
        if doc.stringEquals(k, "model_parameters") { modelParameters = true }
        else if doc.stringEquals(k, "metadata") { metadata = true }
      case UInt8(ascii: "h"): if doc.stringEquals(k, "hidden_params") { hiddenParams = true }
      case UInt8(ascii: "c"): if doc.stringEquals(k, "custom_id") { customID = true }
      case UInt8(ascii: "b"): if doc.stringEquals(k, "body") { body = true }
      default: break
      }
      return true
    }
    if customID && body { return .batchInput }
    if customID && response { return .batchOutput }
    if requestID && (apiKey || spend) { return .spendLog }
    if modelParameters || hiddenParams || (traceID && startTime) { return .payload }
    if request && (response || metadata) { return .envelope }
    return nil
  }

  public func matches(_ doc: borrowing JSONDocument, root: Int) -> Bool {
    guard let s = Self.shape(doc, root) else { return false }
    // Batch output lines are only responses; they are not sniffed as this format so that an
    // output file is reported as unknown rather than silently yielding unusable records.
    return s != .batchOutput
  }

  public func decode(_ doc: borrowing JSONDocument, root: Int, context: inout DecodeContext, into r: inout LogRecord) -> RejectReason? {
    guard doc.kind(root) == .object else { return .notAnObject }
    switch Self.shape(doc, root) {
    case .spendLog: LiteLLMSpendLog.decode(doc, root, into: &r, nested: context.nested)
    case .payload: LiteLLMPayload.decode(doc, root, into: &r, nested: context.nested)
    case .batchInput: OpenAIBatchLine.decode(doc, root, into: &r, context: context)
    case .envelope: GatewayEnvelope.decode(doc, root, into: &r, nested: context.nested)
    case .batchOutput: return .unusableRecord
    case nil: return .unknownFormat
    }
    if !applyAccountOverride(doc, root: root, &r, context) { return .missingAccount }
    return nil
  }
}
