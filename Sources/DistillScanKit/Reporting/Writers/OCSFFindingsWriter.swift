/// `findings.ocsf.jsonl`: one OCSF **Detection Finding** (class 2004, category 2 Findings, activity 1
/// Create → type_uid 200401) per incident, for SIEMs and security data lakes. Machine output: every
/// incident, whatever `--top` / `--min-severity`. The attribute mapping is documented in
/// docs/reports.md ("OCSF mapping"); required attributes follow OCSF 1.3.0.
public struct OCSFFindingsWriter: ReportWriter {
  public init() {}
  public var id: String { "ocsf" }
  public var fileName: String { "findings.ocsf.jsonl" }

  /// The OCSF schema version the events conform to (`metadata.version`).
  public static let ocsfVersion = "1.3.0"
  public static let vendorName = "distillscan project"

  /// OCSF `severity_id`: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical.
  public static func severityID(_ s: Severity) -> (Int, String) {
    switch s {
    case .info: (1, "Informational")
    case .low: (2, "Low")
    case .medium: (3, "Medium")
    case .high: (4, "High")
    case .critical: (5, "Critical")
    }
  }

  /// OCSF `risk_level_id`: 0 Info, 1 Low, 2 Medium, 3 High, 4 Critical.
  public static func riskLevel(_ s: Severity) -> (Int, String) {
    switch s {
    case .info: (0, "Info")
    case .low: (1, "Low")
    case .medium: (2, "Medium")
    case .high: (3, "High")
    case .critical: (4, "Critical")
    }
  }

  /// OCSF `confidence_id` from our calibrated score: 1 Low, 2 Medium, 3 High.
  public static func confidence(_ score: Double) -> (Int, String) {
    score >= 0.8 ? (3, "High") : score >= 0.5 ? (2, "Medium") : (1, "Low")
  }

  static func ms(_ t: Double) -> Int { Int((t * 1000).rounded(.down)) }

  public func render(_ report: ScanReport, options: ReportOptions) -> [UInt8] {
    var out: [UInt8] = []
    // Golden tests pin the finding creation time; 0 is obviously not a real time.
    let created = options.fixedTimestamp ? 0 : Self.ms(report.generatedAt)
    for inc in report.incidents {
      var w = JSONWriter()
      write(&w, inc, report: report, created: created, options: options)
      out.append(contentsOf: w.bytes)
      out.append(0x0A)
    }
    return out
  }

  func write(_ w: inout JSONWriter, _ inc: Incident, report: ScanReport, created: Int, options: ReportOptions) {
    typealias P = ReportPresentation
    let (sevID, sevName) = Self.severityID(inc.severity)
    let (riskID, riskName) = Self.riskLevel(inc.severity)
    let (confID, confName) = Self.confidence(inc.score)
    let fired = P.firedSignals(inc)
    let title = "Model distillation suspected: \(inc.kind == .cluster ? "coordinated cluster" : "account") \(inc.subject)"
    let fpText = fired.prefix(3).map { "\($0.fingerprint) \(P.fixed($0.score ?? 0, 2))" }.joined(separator: ", ")

    w.beginObject()
    // Classification (required).
    w.field("activity_id", 1)
    w.field("activity_name", "Create")
    w.field("category_uid", 2)
    w.field("category_name", "Findings")
    w.field("class_uid", 2004)
    w.field("class_name", "Detection Finding")
    w.field("type_uid", 200401)
    w.field("type_name", "Detection Finding: Create")
    w.field("severity_id", sevID)
    w.field("severity", sevName)
    w.field("time", created)
    w.field("message", "\(sevName) distillation incident #\(inc.rank) (\(inc.kind.rawValue) \(inc.subject)), score \(P.fixed(inc.score, 2)): \(fpText)")
    w.field("status_id", 1)
    w.field("status", "New")
    if let f = inc.firstSeen { w.field("start_time", Self.ms(f)) }
    if let l = inc.lastSeen { w.field("end_time", Self.ms(l)) }
    w.field("confidence_id", confID)
    w.field("confidence", confName)
    w.field("confidence_score", Int((inc.score * 100).rounded()))
    w.field("risk_score", Int((inc.score * 100).rounded()))
    w.field("risk_level_id", riskID)
    w.field("risk_level", riskName)

    w.key("metadata")
    w.beginObject()
    w.field("version", Self.ocsfVersion)
    w.key("product")
    w.beginObject()
    w.field("name", "distillscan")
    w.field("vendor_name", Self.vendorName)
    w.field("version", report.toolVersion)
    w.endObject()
    w.endObject()

    w.key("finding_info")
    w.beginObject()
    w.field("uid", "distillscan:" + inc.id)
    w.field("title", title)
    w.field("desc", fired.isEmpty ? inc.recommendation : fired.map { "\($0.fingerprint): \($0.summary)" }.joined(separator: " | "))
    w.key("types")
    w.beginArray()
    w.string("LLM model distillation")
    for s in fired { w.string("distillscan/\(s.fingerprint)") }
    w.endArray()
    if let f = inc.firstSeen { w.field("first_seen_time", Self.ms(f)) }
    if let l = inc.lastSeen { w.field("last_seen_time", Self.ms(l)) }
    w.field("created_time", created)
    w.key("analytic")
    analytic(&w, uid: "distillscan.scorer", name: "distillscan distillation scorer", category: nil, desc: "noisy-OR of fingerprint families", version: report.toolVersion)
    w.key("related_analytics")
    w.beginArray()
    for s in inc.signals where s.score != nil {
      analytic(&w, uid: s.fingerprint, name: s.title, category: s.family, desc: "score \(P.fixed(s.score ?? 0, 4))", version: nil)
    }
    w.endArray()
    w.field("related_events_count", inc.requests)
    w.endObject()

    // Targets of the activity: the models that were queried.
    w.key("resources")
    w.beginArray()
    for m in inc.models.keys.sorted() {
      w.beginObject()
      w.field("type", "AI Model")
      w.field("name", m)
      w.field("uid", m)
      w.endObject()
    }
    w.endArray()

    // Who did it: one evidence artefact per member account (the subject for an account incident).
    w.key("evidences")
    w.beginArray()
    for member in inc.members.prefix(100) {
      w.beginObject()
      w.key("actor")
      w.beginObject()
      w.key("user")
      w.beginObject()
      w.field("uid", member)
      w.field("name", member)
      w.endObject()
      w.endObject()
      w.endObject()
    }
    if !inc.ips.isEmpty || !inc.exemplars.isEmpty {
      w.beginObject()
      if let ip = inc.ips.first {
        w.key("src_endpoint")
        w.beginObject()
        w.field("ip", ip)
        w.endObject()
      }
      w.key("data")
      w.beginObject()
      w.field("request_ids", strings: inc.exemplars.compactMap(\.requestID).prefix(10))
      w.endObject()
      w.endObject()
    }
    w.endArray()

    w.key("observables")
    w.beginArray()
    for (i, member) in inc.members.prefix(100).enumerated() {
      observable(&w, name: "evidences[\(i)].actor.user.uid", typeID: 4, type: "User Name", value: member)
    }
    if let ip = inc.ips.first {
      // The IP sits in the evidence artefact written after the member artefacts.
      observable(&w, name: "evidences[\(min(inc.members.count, 100))].src_endpoint.ip", typeID: 2, type: "IP Address", value: ip)
    }
    w.endArray()

    // Our own fields, for consumers that want the full evidence card.
    w.key("unmapped")
    w.beginObject()
    w.key("distillscan")
    w.beginObject()
    w.field("report_schema_version", report.schemaVersion)
    w.field("incident_id", inc.id)
    w.field("rank", inc.rank)
    w.field("kind", inc.kind.rawValue)
    w.field("subject", inc.subject)
    w.field("score", inc.score)
    w.field("impact", inc.impact, digits: 2)
    w.field("requests", inc.requests)
    w.field("output_tokens", inc.outputTokens)
    w.field("members_count", inc.members.count)
    w.key("signals")
    w.beginObject()
    for s in inc.signals { w.field(s.fingerprint, s.score) }
    w.endObject()
    w.key("linked_accounts")
    w.beginArray()
    for l in inc.linked.prefix(100) {
      w.beginObject()
      w.field("account", l.account)
      w.field("reasons", strings: l.reasons)
      w.endObject()
    }
    w.endArray()
    w.field("ips", strings: inc.ips.prefix(20))
    w.field("user_agents", strings: inc.userAgents.prefix(20))
    w.field("templates", strings: inc.templates.prefix(5).map { t in P.promptText(t.template, options) })
    w.field("recommendation", inc.recommendation)
    w.endObject()
    w.endObject()
    w.endObject()
  }

  func analytic(_ w: inout JSONWriter, uid: String, name: String, category: String?, desc: String, version: String?) {
    w.beginObject()
    w.field("uid", uid)
    w.field("name", name)
    // 2 = Behavioral: every fingerprint models an account's behaviour against its peers.
    w.field("type_id", 2)
    w.field("type", "Behavioral")
    if let category { w.field("category", category) }
    w.field("desc", desc)
    if let version { w.field("version", version) }
    w.endObject()
  }

  func observable(_ w: inout JSONWriter, name: String, typeID: Int, type: String, value: String) {
    w.beginObject()
    w.field("name", name)
    w.field("type_id", typeID)
    w.field("type", type)
    w.field("value", value)
    w.endObject()
  }
}
