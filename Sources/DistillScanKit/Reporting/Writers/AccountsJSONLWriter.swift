/// `accounts.jsonl`: one line per account seen (every account, whatever `--top`), sorted by score
/// descending then account id. Keys: account, requests, first_seen, last_seen, models,
/// output_tokens, score, severity, signals {fingerprint: score|null}, cluster.
public struct AccountsJSONLWriter: ReportWriter {
  public init() {}
  public var id: String { "jsonl" }
  public var fileName: String { "accounts.jsonl" }

  public func render(_ report: ScanReport, options: ReportOptions) -> [UInt8] {
    var out: [UInt8] = []
    for a in report.accounts {
      var w = JSONWriter()
      w.beginObject()
      w.field("account", a.account)
      w.field("requests", a.requests)
      w.field("first_seen", a.firstSeen.map(Timestamp.format))
      w.field("last_seen", a.lastSeen.map(Timestamp.format))
      w.key("models")
      w.beginObject()
      for m in a.models.keys.sorted() { w.field(m, a.models[m]!) }
      w.endObject()
      w.field("output_tokens", a.outputTokens)
      w.field("score", a.score)
      w.field("severity", a.severity.rawValue)
      w.key("signals")
      w.beginObject()
      for (k, v) in a.signals { w.field(k, v) }
      w.endObject()
      w.field("cluster", a.cluster)
      w.endObject()
      out.append(contentsOf: w.bytes)
      out.append(0x0A)
    }
    return out
  }
}
