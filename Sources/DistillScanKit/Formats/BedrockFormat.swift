/// AWS Bedrock model invocation logs (log-formats.md §1): S3 objects (`.json.gz`, one record per
/// line) and CloudWatch exports (`<ISO ts> <json>` lines; the prefix is stripped by the line
/// processor and offered as `context.prefixTimestamp`).
///
/// Account = `identity.arn` (the IAM principal; Bedrock API keys appear as their IAM user), or
/// the AWS `accountId` when a record has no identity. `requestMetadata` tags with a user-like key
/// become the end user, since many people often share one assumed role.
public struct BedrockFormat: LogFormat {
  public static let formatID = "bedrock"
  public init() {}
  public var id: String { Self.formatID }
  public var summary: String { "AWS Bedrock model invocation logs (S3 objects, CloudWatch exports)" }

  public func matches(_ doc: borrowing JSONDocument, root: Int) -> Bool {
    guard doc.kind(root) == .object else { return false }
    if let s = doc.member(root, "schemaType") { return doc.stringEquals(s, "ModelInvocationLog") }
    // Records re-exported without the marker still carry the Bedrock triplet.
    return doc.member(root, "modelId") != nil && doc.member(root, "operation") != nil
      && doc.member(root, "requestId") != nil
  }

  public func decode(_ doc: borrowing JSONDocument, root: Int, context: inout DecodeContext, into r: inout LogRecord) -> RejectReason? {
    guard doc.kind(root) == .object else { return .notAnObject }
    var input: Int?
    var output: Int?
    var identity: Int?
    var requestMetadata: Int?
    var accountId: Int?
    var errorCode: Int?
    var status: Int?
    var schemaType: Int?
    doc.forEachMember(root) { k, v in
      let kb = doc.rawBytes(k)
      guard let first = kb.first else { return true }
      switch first {
      case UInt8(ascii: "t"):
        if doc.stringEquals(k, "timestamp") { r.timestamp = Timestamp.parse(doc, v) }
      case UInt8(ascii: "a"):
        if doc.stringEquals(k, "accountId") { accountId = v }
      case UInt8(ascii: "i"):
        if doc.stringEquals(k, "identity") { identity = v }
        else if doc.stringEquals(k, "input") { input = v }
      case UInt8(ascii: "r"):
        if doc.stringEquals(k, "region") { r.region = doc.nonEmptyScalar(v) }
        else if doc.stringEquals(k, "requestId") { r.requestID = doc.nonEmptyScalar(v) }
        else if doc.stringEquals(k, "requestMetadata") { requestMetadata = v }
      case UInt8(ascii: "o"):
        if doc.stringEquals(k, "operation") { r.endpoint = doc.nonEmptyScalar(v) }
        else if doc.stringEquals(k, "output") { output = v }
      case UInt8(ascii: "m"):
        if doc.stringEquals(k, "modelId") { r.model = context.models.string(doc, v) ?? doc.nonEmptyScalar(v) }
      case UInt8(ascii: "e"):
        if doc.stringEquals(k, "errorCode") { errorCode = v }
      case UInt8(ascii: "s"):
        if doc.stringEquals(k, "status") { status = v }
        else if doc.stringEquals(k, "schemaType") { schemaType = v }
      default: break
      }
      return true
    }
    // A line with none of the Bedrock keys is some other record in the file (an export header,
    // another tool's line): say so rather than calling it an account-less invocation.
    if schemaType == nil, identity == nil, input == nil, output == nil, r.model == nil, r.requestID == nil {
      return .unknownFormat
    }
    if let accountId { r.org = doc.nonEmptyScalar(accountId) }
    if let identity, let arn = doc.member(identity, "arn") { r.account = context.accounts.string(doc, arn) ?? doc.nonEmptyScalar(arn) ?? "" }
    if r.account.isEmpty, let org = r.org { r.account = org }
    // A failed invocation is the interesting status; otherwise keep what the log says.
    r.status = errorCode.flatMap { doc.nonEmptyScalar($0) } ?? status.flatMap { doc.nonEmptyScalar($0) }
    if let requestMetadata { r.endUser = Self.userTag(doc, requestMetadata) }

    if let input { decodeInput(doc, input, into: &r, context: &context) }
    if let output {
      var bodyTokens: Int?
      doc.forEachMember(output) { k, v in
        if doc.stringEquals(k, "outputTokenCount") { r.outputTokens = doc.int(v) }
        else if doc.stringEquals(k, "outputBodyJson") { bodyTokens = BedrockBodies.outputTokens(doc, v) }
        return true
      }
      if r.outputTokens == nil { r.outputTokens = bodyTokens }
    }
    if !applyAccountOverride(doc, root: root, &r, context) { return .missingAccount }
    return nil
  }

  /// `input`: token counts and the request body (inline object, string-encoded JSON, or an
  /// offloaded S3 sidecar).
  private func decodeInput(_ doc: borrowing JSONDocument, _ input: Int, into r: inout LogRecord, context: inout DecodeContext) {
    var body: Int?
    var s3Path: Int?
    var tokens: Int?
    var cache = 0
    doc.forEachMember(input) { k, v in
      if doc.stringEquals(k, "inputBodyJson") { body = v }
      else if doc.stringEquals(k, "inputTokenCount") { tokens = doc.int(v) }
      else if doc.stringEquals(k, "cacheReadInputTokenCount") || doc.stringEquals(k, "cacheWriteInputTokenCount") {
        // Saturating: two counts near Int.max trapped here (a corrupt line crashed the scan).
        // Absurd totals are dropped as implausible by the line processor.
        cache = saturatingAdd(cache, max(0, doc.int(v) ?? 0))
      } else if doc.stringEquals(k, "inputBodyS3Path") { s3Path = v }
      return true
    }
    // Prompt size = uncached + cache reads + cache writes (Bedrock counts them separately).
    if let tokens { r.inputTokens = saturatingAdd(tokens, cache) } else if cache > 0 { r.inputTokens = cache }
    let nested = context.nested
    if let body {
      switch doc.kind(body) {
      case .object:
        BedrockBodies.decode(doc, body, into: &r, nested: nested)
        return
      case .string:
        // Re-encoded exports: the body is a JSON string holding the JSON.
        if nested.withString(doc, body, { nd, root in BedrockBodies.decode(nd, root, into: &r, nested: nested) }) != nil {
          return
        }
      default: break
      }
    }
    guard let s3Path, doc.kind(s3Path) == .string, doc.rawBytes(s3Path).count > 0 else { return }
    if let logFile = context.filePath, context.sidecars.dataFolderExists(for: logFile), let p = doc.string(s3Path),
      let local = BedrockSidecar.localPath(s3Path: p, logFile: context.filePath),
      let bytes = BedrockSidecar.read(path: local),
      nested.withBytes(bytes, { nd, root in BedrockBodies.decode(nd, root, into: &r, nested: nested) }) != nil
    {
      return
    }
    context.bodyNotInline = true
  }

  /// First `requestMetadata` value whose key names a user or customer (`user`, `userId`,
  /// `end_user`, `customer_id` …). Other tags (tenant, job) are not identities of a person.
  static func userTag(_ doc: borrowing JSONDocument, _ meta: Int) -> String? {
    var found: String?
    doc.forEachMember(meta) { k, v in
      let kb = doc.rawBytes(k)
      if contains(kb, "user") || contains(kb, "customer"), let s = doc.nonEmptyScalar(v) {
        found = s
        return false
      }
      return true
    }
    return found
  }

  /// ASCII case-insensitive substring test on raw key bytes.
  private static func contains(_ b: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
    let n = needle.utf8CodeUnitCount
    guard b.count >= n else { return false }
    let k = needle.utf8Start
    for i in 0...(b.count - n) {
      var ok = true
      for j in 0..<n {
        var c = b[i + j]
        if c >= 0x41, c <= 0x5A { c |= 0x20 }
        if c != k[j] { ok = false; break }
      }
      if ok { return true }
    }
    return false
  }
}

/// `a + b`, clamped to the Int range instead of trapping (token counts come from untrusted logs).
@inline(__always)
func saturatingAdd(_ a: Int, _ b: Int) -> Int {
  let (sum, overflow) = a.addingReportingOverflow(b)
  return overflow ? (b > 0 ? .max : .min) : sum
}
