/// Azure resource logs of Azure OpenAI and of the API Management gateway in front of it
/// (log-formats.md §5.2), as archived to storage (`insights-logs-<category>/…/PT1H.json`, JSON
/// Lines; the record's own fields under `properties`, an object or a JSON string) or exported from
/// Log Analytics (`ApiManagementGatewayLogs` rows: the same fields flattened, PascalCase).
///
/// - `RequestResponse` (Azure OpenAI, `MICROSOFT.COGNITIVESERVICES`): metadata only, no prompt
///   text. Caller = the Entra object id (`objectId`, empty for key auth), else the resource. The
///   caller IP arrives with its last octet masked (`81.2.69.***`): it still gives the /24.
///   Every record counts as a body not in the log, so content fingerprints read "not evaluated".
/// - `GatewayLogs` (API Management): the client's request body (`requestBody`, else
///   `backendRequestBody`) is an OpenAI body held as a JSON string, truncated at the gateway's
///   logging limit (a body cut short counts as not in the log); usage from the response body.
///   Caller = the APIM user, else the subscription (the API key's owner), else the resource.
public struct AzureFormat: LogFormat {
  public static let formatID = "azure"
  public init() {}
  public var id: String { Self.formatID }
  public var summary: String { "Azure OpenAI / API Management resource logs (RequestResponse, GatewayLogs; storage JSONL or Log Analytics)" }

  public func matches(_ doc: borrowing JSONDocument, root: Int) -> Bool {
    guard doc.kind(root) == .object else { return false }
    guard let c = doc.member(root, "category") ?? doc.member(root, "Category") else { return false }
    guard doc.member(root, "resourceId") != nil || doc.member(root, "_ResourceId") != nil || doc.member(root, "ResourceId") != nil
    else { return false }
    return doc.stringEquals(c, "RequestResponse") || doc.stringEquals(c, "GatewayLogs")
  }

  /// What the record's fields name, wherever they sit (top level or `properties`).
  private struct Fields {
    var objectID: String?
    var apimUser: String?
    var subscription: String?
    var url: String?
    var operation: String?
    var responseCode: String?
    var modelName: String?
    var deployment: String?
    var requestBody: Int?
    var backendRequestBody: Int?
    var responseBody: Int?
  }

  public func decode(_ doc: borrowing JSONDocument, root: Int, context: inout DecodeContext, into r: inout LogRecord) -> RejectReason? {
    guard doc.kind(root) == .object else { return .notAnObject }
    var f = Fields()
    var resource: String?
    var category: String?
    var props: Int?
    doc.forEachMember(root) { k, v in
      if Self.key(doc, k, "time", "TimeGenerated") { r.timestamp = Timestamp.parse(doc, v) }
      else if Self.key(doc, k, "resourceId", "_ResourceId") || doc.stringEquals(k, "ResourceId") { resource = doc.nonEmptyScalar(v) }
      else if Self.key(doc, k, "category", "Category") { category = doc.nonEmptyScalar(v) }
      else if Self.key(doc, k, "callerIpAddress", "CallerIpAddress") { r.ip = doc.nonEmptyScalar(v) }
      else if Self.key(doc, k, "correlationId", "CorrelationId") { r.requestID = doc.nonEmptyScalar(v) }
      else if Self.key(doc, k, "resultSignature", "ResultSignature") { f.responseCode = f.responseCode ?? doc.nonEmptyScalar(v) }
      else if Self.key(doc, k, "properties", "Properties") { props = v }
      else { Self.readField(doc, k, v, into: &f) }  // Log Analytics rows: flattened
      return true
    }
    let nested = context.nested
    if let props {
      if doc.kind(props) == .object {
        doc.forEachMember(props) { k, v in
          Self.readField(doc, k, v, into: &f)
          return true
        }
      } else {
        _ = nested.withString(doc, props) { d, p in
          d.forEachMember(p) { k, v in
            Self.readField(d, k, v, into: &f)
            return true
          }
        }
        // Tokens of a string-held `properties` live on the nested tape, gone by now: bodies
        // there (a JSON string inside a JSON string) are not read.
        f.requestBody = nil
        f.backendRequestBody = nil
        f.responseBody = nil
      }
    }
    r.model = f.modelName ?? f.deployment
    r.endpoint = f.url ?? f.operation
    r.status = f.responseCode
    r.apiKey = f.subscription
    let gateway = category.map { $0 == "GatewayLogs" } ?? false
    var bodyRead = false
    if gateway, let body = f.requestBody ?? f.backendRequestBody {
      // Fields the row names (model) win over the body's.
      let rowModel = r.model
      bodyRead = ChatRequest.decodeBody(doc, body, into: &r, nested: nested)
      if let rowModel { r.model = rowModel }
    }
    if bodyRead, let body = f.responseBody {
      if doc.kind(body) == .object {
        if let u = doc.member(body, "usage") { ChatRequest.readUsage(doc, u, into: &r) }
      } else {
        _ = nested.withString(doc, body) { d, b in
          if let u = d.member(b, "usage") { ChatRequest.readUsage(d, u, into: &r) }
        }
      }
    }
    if !bodyRead { context.bodyNotInline = true }
    r.account = f.apimUser ?? f.objectID ?? f.subscription ?? resource ?? ""
    if !applyAccountOverride(doc, root: root, &r, context) { return .missingAccount }
    return nil
  }

  /// Storage archives write camelCase names, Log Analytics PascalCase.
  @inline(__always)
  private static func key(_ doc: borrowing JSONDocument, _ k: Int, _ camel: StaticString, _ pascal: StaticString) -> Bool {
    doc.stringEquals(k, camel) || doc.stringEquals(k, pascal)
  }

  private static func readField(_ doc: borrowing JSONDocument, _ k: Int, _ v: Int, into f: inout Fields) {
    if key(doc, k, "objectId", "ObjectId") { f.objectID = doc.nonEmptyScalar(v) }
    else if key(doc, k, "userId", "UserId") { f.apimUser = doc.nonEmptyScalar(v) }
    else if key(doc, k, "apimSubscriptionId", "ApimSubscriptionId") { f.subscription = doc.nonEmptyScalar(v) }
    else if key(doc, k, "url", "Url") { f.url = doc.nonEmptyScalar(v) }
    else if key(doc, k, "operationName", "OperationName") { f.operation = f.operation ?? doc.nonEmptyScalar(v) }
    else if key(doc, k, "responseCode", "ResponseCode") { f.responseCode = doc.nonEmptyScalar(v) }
    else if key(doc, k, "modelName", "ModelName") { f.modelName = doc.nonEmptyScalar(v) }
    else if key(doc, k, "modelDeploymentName", "ModelDeploymentName") { f.deployment = doc.nonEmptyScalar(v) }
    else if key(doc, k, "requestBody", "RequestBody") { f.requestBody = v }
    else if key(doc, k, "backendRequestBody", "BackendRequestBody") { f.backendRequestBody = v }
    else if key(doc, k, "backendResponseBody", "BackendResponseBody") { f.responseBody = v }
    else if key(doc, k, "responseBody", "ResponseBody") { f.responseBody = f.responseBody ?? v }
  }
}
