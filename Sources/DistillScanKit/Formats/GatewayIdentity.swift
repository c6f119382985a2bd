/// Who sent a request through an OpenAI-compatible gateway, gathered from top-level columns and
/// `metadata` (LiteLLM SpendLogs, StandardLoggingPayload, generic envelopes).
///
/// Account rule (docs/formats.md): the key's owner (`user`, `metadata.user_api_key_user_id`),
/// else its team (`team_id`, `metadata.user_api_key_team_id`), else the hashed API key
/// (`api_key`, `metadata.user_api_key_hash`). The owner is the stable identity a distiller
/// controls; keys rotate, and the self-declared OpenAI `user` field is only an end-user hint.
struct GatewayIdentity {
  var user: String?
  var team: String?
  var keyHash: String?
  var org: String?
  var endUser: String?
  var ip: String?
  var userAgent: String?

  var account: String? { user ?? team ?? keyHash }

  /// Reads identity keys of object `obj`; earlier values win (call with the most authoritative
  /// object first). Only keys it keeps become Strings.
  mutating func read(_ doc: borrowing JSONDocument, _ obj: Int) {
    doc.forEachMember(obj) { k, v in
      let kb = doc.rawBytes(k)
      guard kb.count >= 2 else { return true }
      switch kb[0] {
      case UInt8(ascii: "u"):
        if kb.count >= 12, kb[6] == UInt8(ascii: "p"), kb[9] == UInt8(ascii: "k") {
          // user_api_key_*
          if doc.stringEquals(k, "user_api_key_user_id") { Self.fill(&user, doc, v) }
          else if doc.stringEquals(k, "user_api_key_team_id") { Self.fill(&team, doc, v) }
          else if doc.stringEquals(k, "user_api_key_hash") || doc.stringEquals(k, "user_api_key") { Self.fill(&keyHash, doc, v) }
          else if doc.stringEquals(k, "user_api_key_org_id") { Self.fill(&org, doc, v) }
          else if doc.stringEquals(k, "user_api_key_end_user_id") { Self.fill(&endUser, doc, v) }
        } else if doc.stringEquals(k, "user") || doc.stringEquals(k, "user_id") {
          Self.fill(&user, doc, v)
        } else if doc.stringEquals(k, "user_agent") {
          Self.fill(&userAgent, doc, v)
        }
      case UInt8(ascii: "t"):
        if doc.stringEquals(k, "team_id") { Self.fill(&team, doc, v) }
      case UInt8(ascii: "a"):
        if doc.stringEquals(k, "api_key") || doc.stringEquals(k, "api_key_hash") { Self.fill(&keyHash, doc, v) }
        else if doc.stringEquals(k, "account") || doc.stringEquals(k, "account_id") { Self.fill(&user, doc, v) }
      case UInt8(ascii: "k"):
        if doc.stringEquals(k, "key_id") || doc.stringEquals(k, "key_hash") { Self.fill(&keyHash, doc, v) }
      case UInt8(ascii: "o"):
        if doc.stringEquals(k, "organization_id") || doc.stringEquals(k, "org_id") { Self.fill(&org, doc, v) }
      case UInt8(ascii: "e"):
        if doc.stringEquals(k, "end_user") { Self.fill(&endUser, doc, v) }
      case UInt8(ascii: "r"):
        if doc.stringEquals(k, "requester_ip_address") { Self.fill(&ip, doc, v) }
      case UInt8(ascii: "i"):
        if doc.stringEquals(k, "ip") { Self.fill(&ip, doc, v) }
      default: break
      }
      return true
    }
  }

  /// Reads `metadata`, which LiteLLM may store as an object or as a JSON string.
  mutating func readMetadata(_ doc: borrowing JSONDocument, _ v: Int, nested: NestedJSON) {
    if doc.kind(v) == .object {
      read(doc, v)
    } else if doc.kind(v) == .string {
      _ = nested.withString(doc, v) { nd, root in read(nd, root) }
    }
  }

  private static func fill(_ slot: inout String?, _ doc: borrowing JSONDocument, _ v: Int) {
    if slot == nil { slot = doc.nonEmptyScalar(v) }
  }

  /// Copies the identity into a record (fields the body already set are overwritten only when
  /// the gateway knows better: the gateway's end user beats the body's self-declared `user`).
  func apply(to r: inout LogRecord) {
    r.account = account ?? ""
    r.apiKey = keyHash
    r.org = org
    if let endUser { r.endUser = endUser }
    r.ip = ip
    r.userAgent = userAgent
  }
}
