/// `report.json`: the whole run for machines (layout: docs/reports.md; JSON Schema:
/// docs/report.schema.json, validated in tests). Every incident, whatever `--top`/`--min-severity`.
/// Keys are only ever added (minor `schema_version` bump); scripts rely on the existing ones.
public struct JSONReportWriter: ReportWriter {
  public init() {}
  public var id: String { "json" }
  public var fileName: String { "report.json" }

  public func render(_ report: ScanReport, options: ReportOptions) -> [UInt8] {
    var w = JSONWriter()
    w.beginObject()
    w.field("schema_version", report.schemaVersion)
    w.field("tool", "distillscan \(report.toolVersion)")
    w.field("generated_at", options.fixedTimestamp ? "<RUN_TIMESTAMP>" : Timestamp.format(report.generatedAt))
    w.field("redacted", options.redact)
    w.key("summary")
    w.beginObject()
    w.field("incidents", report.incidents.count)
    w.key("by_severity")
    w.beginObject()
    for sev in Severity.allCases.reversed() { w.field(sev.rawValue, report.incidents.filter { $0.severity == sev }.count) }
    w.endObject()
    w.field("accounts", report.accounts.count)
    w.field("clustered_accounts", report.accounts.filter { $0.cluster != nil }.count)
    w.endObject()
    w.key("input")
    writeInputStats(&w, report.input, files: report.files, elapsed: options.fixedTimestamp ? nil : report.elapsedSeconds)
    w.key("input_files")
    w.beginArray()
    for f in report.files {
      w.beginObject()
      w.field("path", f.displayName)
      w.field("size", f.size)
      w.endObject()
    }
    w.endArray()
    w.key("config")
    w.beginObject()
    for (k, v) in report.configuration { w.field(k, v) }
    w.endObject()
    w.key("fingerprints")
    w.beginArray()
    for (id, title, family) in report.fingerprints {
      w.beginObject()
      w.field("id", id)
      w.field("title", title)
      w.field("family", family)
      w.endObject()
    }
    w.endArray()
    w.field("accounts", report.accounts.count)
    w.key("clusters")
    writeClusters(&w, report)
    w.key("incidents")
    w.beginArray()
    for inc in report.incidents { writeIncident(&w, inc, options: options) }
    w.endArray()
    w.endObject()
    var b = w.bytes
    b.append(0x0A)
    return b
  }

  func writeIncident(_ w: inout JSONWriter, _ inc: Incident, options: ReportOptions) {
    w.beginObject()
    w.field("id", inc.id)
    w.field("rank", inc.rank)
    w.field("kind", inc.kind.rawValue)
    w.field("subject", inc.subject)
    w.field("members", strings: inc.members)
    w.field("score", inc.score)
    w.field("severity", inc.severity.rawValue)
    w.field("impact", inc.impact, digits: 2)
    w.field("requests", inc.requests)
    w.field("output_tokens", inc.outputTokens)
    w.field("first_seen", inc.firstSeen.map(Timestamp.format))
    w.field("last_seen", inc.lastSeen.map(Timestamp.format))
    w.key("models")
    w.beginObject()
    for m in inc.models.keys.sorted() { w.field(m, inc.models[m]!) }
    w.endObject()
    w.key("signals")
    w.beginArray()
    for s in inc.signals {
      w.beginObject()
      w.field("fingerprint", s.fingerprint)
      w.field("title", s.title)
      w.field("family", s.family)
      w.field("score", s.score)
      w.field("evaluated", s.score != nil)
      w.field("summary", s.summary)
      w.key("evidence")
      w.beginArray()
      for e in s.evidence {
        w.beginObject()
        w.field("name", e.name)
        w.field("value", e.value)
        w.field("threshold", e.threshold)
        w.field("percentile", e.percentile, digits: 1)
        w.field("detail", e.detail)
        w.endObject()
      }
      w.endArray()
      w.key("exemplars")
      w.beginArray()
      for x in s.exemplars { writeExemplar(&w, x, options: options) }
      w.endArray()
      w.endObject()
    }
    w.endArray()
    w.key("templates")
    w.beginArray()
    for t in inc.templates {
      w.beginObject()
      w.field("template", options.redact ? Redaction.redact(t.template) : t.template)
      w.field("count", t.count)
      w.field("distinct_fills", t.distinctFills)
      w.endObject()
    }
    w.endArray()
    w.key("exemplars")
    w.beginArray()
    for x in inc.exemplars { writeExemplar(&w, x, options: options) }
    w.endArray()
    w.key("timeline")
    if let t = inc.timeline {
      w.beginObject()
      w.field("start", Timestamp.format(t.start))
      w.field("bucket_seconds", t.bucketSeconds)
      w.key("counts")
      w.beginArray()
      for c in t.counts { w.int(c) }
      w.endArray()
      w.endObject()
    } else {
      w.null()
    }
    w.key("linked_accounts")
    w.beginArray()
    for l in inc.linked {
      w.beginObject()
      w.field("account", l.account)
      w.field("reasons", strings: l.reasons)
      w.endObject()
    }
    w.endArray()
    w.field("ips", strings: inc.ips)
    w.field("user_agents", strings: inc.userAgents)
    w.field("recommendation", inc.recommendation)
    // Only with `scan --store` and a recorded verdict (schema 1.2): absent rather than null, so
    // reports without a store are unchanged.
    if let v = inc.verdict {
      w.key("verdict")
      CaseStoreOutput.writeVerdict(&w, v)
    }
    w.endObject()
  }

  /// Cluster membership (from `accounts[].cluster`, plus the members of cluster incidents), so a script
  /// need not read accounts.jsonl to expand a cluster. Sorted by cluster id, members sorted.
  func writeClusters(_ w: inout JSONWriter, _ report: ScanReport) {
    var members: [String: Set<String>] = [:]
    for a in report.accounts { if let c = a.cluster { members[c, default: []].insert(a.account) } }
    var incidentOf: [String: String] = [:]
    for inc in report.incidents where inc.kind == .cluster {
      // The scorer may label clusters by incident id or by subject; accept either.
      let key = members[inc.subject] != nil ? inc.subject : inc.id
      incidentOf[key] = inc.id
      members[key, default: []].formUnion(inc.members)
    }
    w.beginArray()
    for id in members.keys.sorted() {
      w.beginObject()
      w.field("id", id)
      w.field("incident", incidentOf[id])
      w.field("members", strings: members[id]!.sorted())
      w.endObject()
    }
    w.endArray()
  }

  func writeExemplar(_ w: inout JSONWriter, _ x: Exemplar, options: ReportOptions) {
    w.beginObject()
    w.field("request_id", x.requestID)
    w.field("timestamp", x.timestamp.map(Timestamp.format))
    w.field("account", x.account)
    w.field("fingerprint", x.fingerprint)
    w.field("prompt", options.redact ? Redaction.redact(x.prompt) : x.prompt)
    w.field("source", x.source)
    w.endObject()
  }
}
