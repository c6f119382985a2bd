/// `report.html`: one self-contained page that opens from an e-mail attachment. No network access at
/// all (a strict Content-Security-Policy forbids it), no external scripts, fonts or images.
///
/// Layout: header with run statistics, the ranked incident table (severity badges), one card per
/// incident (score breakdown by fingerprint as an inline SVG bar chart, activity timeline as an inline
/// SVG, evidence, templates with masked slots, exemplar prompts with request ids, linked accounts,
/// recommendation), then input statistics, configuration and the fingerprint list.
///
/// Everything is rendered server-side, so the page is complete without JavaScript. A small inline
/// script adds filters (severity, kind, text search) and sorting; it reads its data from a JSON block
/// (`<` is escaped as `\u003c` by ``JSONWriter``, so log text cannot close the script element) and only
/// toggles `hidden` and reorders existing nodes: no `innerHTML`, no string-built markup from log text.
/// Every log-derived string goes through ``Escape/html(_:multiline:)``. Honours `--top`,
/// `--min-severity` and `--redact`.
public struct HTMLReportWriter: ReportWriter {
  public init() {}
  public var id: String { "html" }
  public var fileName: String { "report.html" }

  static let csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
  static let promptChars = 4000
  static let exemplarsPerIncident = 5
  static let templatesPerIncident = 10
  static let listed = 50

  typealias P = ReportPresentation

  public func render(_ report: ScanReport, options: ReportOptions) -> [UInt8] {
    let shown = P.visibleIncidents(report, options)
    var h = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="\(Self.csp)">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="generator" content="distillscan \(Escape.html(report.toolVersion))">
      <title>distillscan report — \(report.incidents.count) incidents</title>
      <style>\(Self.css)</style>
      </head>
      <body>

      """
    h += header(report, shown: shown, options)
    h += controls(report, shown: shown)
    h += incidentTable(shown, report: report, options)
    h += "<section id=\"incident-details\" aria-label=\"Incident details\">\n"
    for inc in shown { h += incidentCard(inc, options) }
    h += "</section>\n"
    h += inputSection(report, options)
    h += configSection(report)
    h += "<footer>distillscan \(Escape.html(report.toolVersion)) · report schema \(Escape.html(report.schemaVersion))"
    h += " · generated \(Escape.html(P.generated(report, options))) · text from logs is shown escaped; control and"
    h += " bidirectional characters appear as <code>\\xNN</code>/<code>\\uNNNN</code></footer>\n"
    h += "<script type=\"application/json\" id=\"ds-data\">" + dataJSON(shown) + "</script>\n"
    h += "<script>\(Self.script)</script>\n</body>\n</html>\n"
    return Array(h.utf8)
  }

  // MARK: Sections

  func header(_ report: ScanReport, shown: [Incident], _ options: ReportOptions) -> String {
    let s = report.input
    var h = "<header>\n<h1>distillscan — distillation incidents</h1>\n<p class=\"meta\">Generated "
    h += Escape.html(P.generated(report, options)) + " · distillscan " + Escape.html(report.toolVersion)
    h += " · report schema " + Escape.html(report.schemaVersion)
    if options.redact { h += " · <strong>prompts redacted</strong>" }
    h += "</p>\n<div class=\"cards\">\n"
    h += card("Incidents", P.grouped(report.incidents.count), sub: P.severityCounts(report.incidents).map { "\($0.1) \($0.0.rawValue)" }.joined(separator: " · "))
    h += card("Accounts", P.grouped(report.accounts.count), sub: "all listed in accounts.jsonl")
    h += card("Requests", P.grouped(s.accepted), sub: "\(P.grouped(s.rejectedTotal)) lines rejected")
    h += card("Input", P.bytes(s.bytes), sub: "\(P.grouped(s.files)) files · \(P.bytes(s.bytesCompressed)) compressed")
    h += "</div>\n"
    if let note = P.hiddenNote(report, shown: shown.count, options) { h += "<p class=\"note\">\(Escape.html(note))</p>\n" }
    h += "</header>\n"
    return h
  }

  func card(_ title: String, _ value: String, sub: String) -> String {
    "<div class=\"card\"><div class=\"card-t\">\(title)</div><div class=\"card-v\">\(value)</div><div class=\"card-s\">\(Escape.html(sub))</div></div>\n"
  }

  /// Hidden until the script runs: without JavaScript the controls would do nothing.
  func controls(_ report: ScanReport, shown: [Incident]) -> String {
    guard !shown.isEmpty else { return "" }
    var h = "<nav id=\"controls\" hidden aria-label=\"Filter and sort\">\n"
    h += "<label>Severity ≥ <select id=\"f-sev\"><option value=\"\">any</option>"
    for sev in Severity.allCases.reversed() { h += "<option value=\"\(sev.rawValue)\">\(sev.rawValue)</option>" }
    h += "</select></label>\n<label>Kind <select id=\"f-kind\"><option value=\"\">any</option>"
    h += "<option value=\"account\">account</option><option value=\"cluster\">cluster</option></select></label>\n"
    h += "<label>Search <input id=\"f-q\" type=\"search\" placeholder=\"account, fingerprint, model…\" autocomplete=\"off\"></label>\n"
    h += "<label>Sort by <select id=\"f-sort\"><option value=\"rank\">rank</option><option value=\"score\">score</option>"
    h += "<option value=\"requests\">requests</option><option value=\"account\">account</option></select></label>\n"
    h += "<span id=\"f-count\" aria-live=\"polite\"></span>\n</nav>\n"
    return h
  }

  func incidentTable(_ shown: [Incident], report: ScanReport, _ options: ReportOptions) -> String {
    var h = "<section id=\"incidents\">\n<h2>Incidents</h2>\n"
    guard !shown.isEmpty else {
      h += "<p class=\"empty\" id=\"no-incidents\">No incidents"
      if let m = options.minSeverity { h += " at or above \(m.rawValue)" }
      h += ". Every account is listed with its scores in accounts.jsonl.</p>\n</section>\n"
      return h
    }
    h += "<table class=\"ranked\"><thead><tr><th>#</th><th>Severity</th><th>Score</th><th>Kind</th><th>Subject</th>"
    h += "<th>Requests</th><th>Output tokens</th><th>Top fingerprints</th></tr></thead>\n<tbody id=\"incident-rows\">\n"
    for inc in shown {
      let fps = P.topFingerprints(inc).map { "\(Escape.html($0.0)) <b>\(P.fixed($0.1, 2))</b>" }.joined(separator: ", ")
      h += "<tr id=\"row-\(inc.rank)\"><td>\(inc.rank)</td><td>\(badge(inc.severity))</td><td class=\"num\">\(P.fixed(inc.score, 2))</td>"
      h += "<td>\(inc.kind.rawValue)</td><td class=\"subj\"><a href=\"#inc-\(inc.rank)\">\(Escape.html(inc.subject, limit: 80))</a>"
      h += (inc.verdict.map { " " + verdictBadge($0) } ?? "") + "</td>"
      h += "<td class=\"num\">\(P.grouped(inc.requests))</td><td class=\"num\">\(P.grouped(inc.outputTokens))</td><td>\(fps)</td></tr>\n"
    }
    h += "</tbody></table>\n</section>\n"
    return h
  }

  func badge(_ s: Severity) -> String { "<span class=\"badge sev-\(s.rawValue)\">\(s.rawValue)</span>" }
  /// The analyst's verdict from the case store, next to the incident.
  func verdictBadge(_ v: Verdict) -> String { "<span class=\"verdict verdict-\(v.kind.rawValue)\">\(v.kind.rawValue)</span>" }

  func incidentCard(_ inc: Incident, _ options: ReportOptions) -> String {
    var h = "<article class=\"incident sev-border-\(inc.severity.rawValue)\" id=\"inc-\(inc.rank)\" data-rank=\"\(inc.rank)\">\n"
    h += "<h3><span class=\"rank\">#\(inc.rank)</span> \(badge(inc.severity)) <span class=\"subject\">\(Escape.html(inc.subject, limit: 300))</span>"
    h += " <span class=\"kind\">\(inc.kind.rawValue)</span> <span class=\"score\">score \(P.fixed(inc.score, 2))</span>"
    h += (inc.verdict.map { " " + verdictBadge($0) } ?? "") + "</h3>\n"
    h += "<dl class=\"facts\">"
    h += fact("Incident id", Escape.html(inc.id))
    h += fact("Requests", P.grouped(inc.requests))
    h += fact("Output tokens", P.grouped(inc.outputTokens))
    h += fact("Impact", inc.impact == inc.impact.rounded() && abs(inc.impact) < 1e15 ? P.grouped(Int(inc.impact)) : P.number(inc.impact))
    h += fact("First seen", P.time(inc.firstSeen))
    h += fact("Last seen", P.time(inc.lastSeen) + " (" + P.span(inc.firstSeen, inc.lastSeen) + ")")
    if !inc.models.isEmpty {
      let m = inc.models.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(6)
      h += fact("Models", m.map { "\(Escape.html($0.key)) (\(P.grouped($0.value)))" }.joined(separator: ", "))
    }
    if !inc.ips.isEmpty { h += fact("IPs", list(inc.ips)) }
    if !inc.userAgents.isEmpty { h += fact("User agents", list(inc.userAgents)) }
    if let v = inc.verdict {
      // From the case store (`scan --store`); analyst text is escaped like log text.
      var text = "\(Escape.html(v.kind.rawValue)) · \(P.time(v.at))"
      if let a = v.analyst, !a.isEmpty { text += " · " + Escape.html(a, limit: 200) }
      if let n = v.note, !n.isEmpty { text += " — " + Escape.html(n, limit: 2000) }
      h += fact("Verdict", text)
    }
    h += "</dl>\n"
    if inc.kind == .cluster || inc.members.count > 1 {
      h += "<section class=\"members\"><h4>Members (\(inc.members.count))</h4><p>\(list(inc.members))</p></section>\n"
    }

    h += "<section class=\"breakdown\"><h4>Score breakdown by fingerprint</h4>\n" + scoreChart(inc) + "</section>\n"
    h += "<section class=\"timeline\"><h4>Activity timeline</h4>\n" + timelineChart(inc) + "</section>\n"
    h += evidenceSection(inc)
    h += templatesSection(inc, options)
    h += exemplarsSection(inc, options)
    if !inc.linked.isEmpty {
      h += "<section class=\"linked\"><h4>Linked accounts (\(inc.linked.count))</h4><ul>\n"
      for l in inc.linked.prefix(Self.listed) {
        h += "<li><code>\(Escape.html(l.account, limit: 200))</code> — "
        h += l.reasons.map { "<span class=\"reason\">\(Escape.html($0, limit: 200))</span>" }.joined(separator: " ") + "</li>\n"
      }
      if inc.linked.count > Self.listed { h += "<li>… and \(inc.linked.count - Self.listed) more (report.json)</li>\n" }
      h += "</ul></section>\n"
    }
    h += "<section class=\"recommendation\"><h4>Recommendation</h4><p>\(Escape.html(inc.recommendation))</p></section>\n"
    h += "</article>\n"
    return h
  }

  func fact(_ k: String, _ v: String) -> String { "<div><dt>\(k)</dt><dd>\(v)</dd></div>" }

  func list(_ items: [String]) -> String {
    var s = items.prefix(Self.listed).map { "<code>\(Escape.html($0, limit: 200))</code>" }.joined(separator: " ")
    if items.count > Self.listed { s += " … and \(items.count - Self.listed) more" }
    return s
  }

  // MARK: Charts (inline SVG, no script needed)

  static func familyColor(_ family: String) -> String {
    switch family {
    case "content": "#4e79a7"
    case "parameters": "#f28e2b"
    case "coordination": "#e15759"
    case "temporal": "#59a14f"
    default: "#8c8c8c"
    }
  }

  /// One horizontal bar per fingerprint (0…1), coloured by family; "not evaluated" shown as such.
  func scoreChart(_ inc: Incident) -> String {
    guard !inc.signals.isEmpty else { return "<p class=\"empty\">No fingerprint results.</p>\n" }
    let labelW = 190.0, barW = 320.0, rowH = 24.0, width = 600.0
    let height = Double(inc.signals.count) * rowH + 22
    var s = "<svg class=\"chart score-chart\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\""
    s += " aria-label=\"Score by fingerprint\">\n"
    // Gridlines at 0, 0.5, 1.
    for (i, g) in [0.0, 0.5, 1.0].enumerated() {
      let x = labelW + g * barW
      s += "<line x1=\"\(P.fixed(x, 1))\" y1=\"0\" x2=\"\(P.fixed(x, 1))\" y2=\"\(P.fixed(height - 16, 1))\" class=\"grid\"/>"
      s += "<text x=\"\(P.fixed(x, 1))\" y=\"\(P.fixed(height - 4, 1))\" class=\"axis\" text-anchor=\"\(i == 0 ? "start" : i == 2 ? "end" : "middle")\">\(P.fixed(g, 1))</text>\n"
    }
    for (i, sig) in inc.signals.enumerated() {
      let y = Double(i) * rowH + 3
      s += "<g class=\"bar\"><title>\(Escape.html(sig.title)) (\(Escape.html(sig.family))): \(Escape.html(sig.summary, limit: 300))</title>"
      s += "<text x=\"\(P.fixed(labelW - 8, 1))\" y=\"\(P.fixed(y + 13, 1))\" text-anchor=\"end\" class=\"label\">\(Escape.html(sig.fingerprint, limit: 28))</text>"
      if let score = sig.score {
        let w = max(0, min(1, score)) * barW
        s += "<rect x=\"\(P.fixed(labelW, 1))\" y=\"\(P.fixed(y, 1))\" width=\"\(P.fixed(w, 1))\" height=\"\(Int(rowH - 8))\" rx=\"2\" fill=\"\(Self.familyColor(sig.family))\"/>"
        s += "<text x=\"\(P.fixed(labelW + w + 6, 1))\" y=\"\(P.fixed(y + 13, 1))\" class=\"value\">\(P.fixed(score, 2))</text>"
      } else {
        s += "<rect x=\"\(P.fixed(labelW, 1))\" y=\"\(P.fixed(y, 1))\" width=\"\(P.fixed(barW, 1))\" height=\"\(Int(rowH - 8))\" rx=\"2\" class=\"na\"/>"
        s += "<text x=\"\(P.fixed(labelW + 8, 1))\" y=\"\(P.fixed(y + 13, 1))\" class=\"value na-t\">not evaluated</text>"
      }
      s += "</g>\n"
    }
    s += "</svg>\n"
    // Legend: only families present.
    var fams: [String] = []
    for sig in inc.signals where !fams.contains(sig.family) { fams.append(sig.family) }
    s += "<p class=\"legend\">" + fams.map { "<span class=\"swatch\" style=\"background:\(Self.familyColor($0))\"></span>\(Escape.html($0))" }.joined(separator: " ") + "</p>\n"
    return s
  }

  /// Requests per bucket as one SVG path of bars, with start/end time and peak labels.
  func timelineChart(_ inc: Incident) -> String {
    guard let t = inc.timeline, !t.counts.isEmpty else { return "<p class=\"empty\">No timeline recorded.</p>\n" }
    let width = 640.0, height = 162.0, left = 48.0, right = 8.0, top = 10.0, bottom = 36.0
    let plotW = width - left - right, plotH = height - top - bottom
    let n = t.counts.count
    let peak = max(1, t.counts.max() ?? 1)
    let step = plotW / Double(n)
    let gap = step > 4 ? 1.0 : 0
    var path = ""
    for (i, c) in t.counts.enumerated() where c > 0 {
      let bh = Double(c) / Double(peak) * plotH
      let x = left + Double(i) * step
      path += "M\(P.fixed(x, 1)) \(P.fixed(top + plotH, 1))v-\(P.fixed(bh, 1))h\(P.fixed(max(step - gap, 0.5), 2))v\(P.fixed(bh, 1))z"
    }
    let total = t.counts.reduce(0, +)
    let end = t.start + t.bucketSeconds * Double(n)
    var s = "<svg class=\"chart timeline-chart\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\""
    s += " aria-label=\"Requests per \(Int(t.bucketSeconds / 60)) minutes\">\n"
    s += "<title>\(P.grouped(total)) requests in \(n) buckets of \(Int(t.bucketSeconds)) s; peak \(P.grouped(peak))</title>\n"
    s += "<line x1=\"\(left)\" y1=\"\(top + plotH)\" x2=\"\(width - right)\" y2=\"\(top + plotH)\" class=\"axisline\"/>"
    s += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(width - right)\" y2=\"\(top)\" class=\"grid\"/>\n"
    s += "<text x=\"\(left - 6)\" y=\"\(top + 4)\" text-anchor=\"end\" class=\"axis\">\(P.grouped(peak))</text>"
    s += "<text x=\"4\" y=\"\(top + plotH / 2)\" class=\"axis\">req</text>"
    s += "<text x=\"\(left - 6)\" y=\"\(top + plotH)\" text-anchor=\"end\" class=\"axis\">0</text>\n"
    // Day boundaries (UTC midnight) as ticks, labelled when there is room: analysts read "which
    // nights" more easily than bucket indices.
    let days = (end - t.start) / 86400
    if days <= 31 {
      var d = (t.start / 86400).rounded(.up) * 86400
      if d == t.start { d += 86400 }
      while d < end {
        let x = left + (d - t.start) / t.bucketSeconds * step
        s += "<line x1=\"\(P.fixed(x, 1))\" y1=\"\(top)\" x2=\"\(P.fixed(x, 1))\" y2=\"\(top + plotH + 4)\" class=\"daytick\"/>"
        if days <= 10 {
          s += "<text x=\"\(P.fixed(x, 1))\" y=\"\(top + plotH + 14)\" text-anchor=\"middle\" class=\"axis\">\(P.time(d).dropFirst(5).prefix(5))</text>"
        }
        s += "\n"
        d += 86400
      }
    }
    s += "<path d=\"\(path)\" class=\"tl-bars\"/>\n"
    s += "<text x=\"\(left)\" y=\"\(height - 6)\" class=\"axis\">\(P.time(t.start))</text>"
    s += "<text x=\"\(width - right)\" y=\"\(height - 6)\" text-anchor=\"end\" class=\"axis\">\(P.time(end))</text>\n"
    s += "</svg>\n<p class=\"legend\">\(P.grouped(total)) requests, \(Int(t.bucketSeconds / 60))-minute buckets, peak \(P.grouped(peak)) per bucket</p>\n"
    return s
  }

  // MARK: Evidence, templates, exemplars

  func evidenceSection(_ inc: Incident) -> String {
    var h = "<section class=\"evidence\"><h4>Evidence</h4>\n"
    let fired = P.firedSignals(inc)
    if fired.isEmpty { h += "<p class=\"empty\">No fingerprint scored above zero.</p>\n" }
    for sig in fired {
      h += "<div class=\"signal\"><p><b>\(Escape.html(sig.fingerprint))</b> <span class=\"muted\">\(Escape.html(sig.title)) · \(Escape.html(sig.family))</span>"
      h += " — <b>\(P.fixed(sig.score ?? 0, 2))</b>: \(Escape.html(sig.summary))</p>\n"
      if !sig.evidence.isEmpty {
        h += "<table class=\"ev\"><thead><tr><th>Feature</th><th>Value</th><th>Threshold</th><th>Peer percentile</th><th>Meaning</th></tr></thead><tbody>\n"
        for e in sig.evidence {
          h += "<tr><td><code>\(Escape.html(e.name))</code></td><td class=\"num\">\(P.number(e.value))</td>"
          h += "<td class=\"num\">\(e.threshold.map(P.number) ?? "–")</td><td class=\"num\">\(P.percentile(e.percentile) ?? "–")</td>"
          h += "<td>\(Escape.html(e.detail))</td></tr>\n"
        }
        h += "</tbody></table>\n"
      }
      h += "</div>\n"
    }
    let ne = inc.signals.filter { $0.score == nil }
    if !ne.isEmpty {
      h += "<p class=\"muted\">Not evaluated (fields missing from the logs): "
      h += ne.map { "<code>\(Escape.html($0.fingerprint))</code>" }.joined(separator: ", ") + "</p>\n"
    }
    h += "</section>\n"
    return h
  }

  func templatesSection(_ inc: Incident, _ options: ReportOptions) -> String {
    guard !inc.templates.isEmpty else { return "" }
    var h = "<section class=\"templates\"><h4>Top templates</h4>\n<table><thead><tr><th>Requests</th><th>Distinct fills</th><th>Template (slots masked)</th></tr></thead><tbody>\n"
    for t in inc.templates.prefix(Self.templatesPerIncident) {
      let text = Escape.truncate(P.promptText(t.template, options), 600)
      h += "<tr><td class=\"num\">\(P.grouped(t.count))</td><td class=\"num\">\(P.grouped(t.distinctFills))</td><td class=\"tpl\">\(Self.templateHTML(text))</td></tr>\n"
    }
    h += "</tbody></table></section>\n"
    return h
  }

  /// Escapes a template and highlights its masked slots (`<NUM>`, `<QUOTE>`, `<*>`). Slot tokens are
  /// recognised on the raw text and escaped like everything else, so a prompt that happens to contain
  /// `<NUM>` is merely highlighted, never interpreted.
  static func templateHTML(_ s: String) -> String {
    var out = ""
    var plain = ""
    var i = s.startIndex
    while i < s.endIndex {
      if s[i] == "<", let close = s[s.index(after: i)...].prefix(18).firstIndex(of: ">") {
        let name = s[s.index(after: i)..<close]
        if !name.isEmpty, name.allSatisfy({ ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "*" || $0 == "_" }) {
          out += Escape.html(plain, multiline: true)
          plain = ""
          out += "<span class=\"slot\">" + Escape.html(String(s[i...close])) + "</span>"
          i = s.index(after: close)
          continue
        }
      }
      plain.append(s[i])
      i = s.index(after: i)
    }
    return out + Escape.html(plain, multiline: true)
  }

  func exemplarsSection(_ inc: Incident, _ options: ReportOptions) -> String {
    var xs: [Exemplar] = []
    var seen = Set<String>()
    for x in inc.exemplars + P.firedSignals(inc).flatMap(\.exemplars) where xs.count < Self.exemplarsPerIncident {
      if seen.insert((x.requestID ?? "") + "\u{0}" + x.prompt).inserted { xs.append(x) }
    }
    guard !xs.isEmpty else { return "" }
    var h = "<section class=\"exemplars\"><h4>Exemplar prompts</h4>\n"
    for x in xs {
      h += "<figure class=\"exemplar\"><figcaption>request <code>\(Escape.html(x.requestID ?? "(no id)"))</code> · \(P.time(x.timestamp))"
      h += " · <code>\(Escape.html(x.source))</code>"
      if !x.fingerprint.isEmpty { h += " · kept by <code>\(Escape.html(x.fingerprint))</code>" }
      if x.account != inc.subject { h += " · account <code>\(Escape.html(x.account))</code>" }
      h += "</figcaption>\n<pre>\(Escape.html(P.promptText(x.prompt, options), multiline: true, limit: Self.promptChars))</pre></figure>\n"
    }
    h += "</section>\n"
    return h
  }

  // MARK: Input statistics and configuration

  func inputSection(_ report: ScanReport, _ options: ReportOptions) -> String {
    let s = report.input
    var h = "<section id=\"input\"><h2>Input statistics</h2>\n<table class=\"kv\"><tbody>\n"
    func row(_ k: String, _ v: String) { h += "<tr><th>\(k)</th><td class=\"num\">\(v)</td></tr>\n" }
    row("Files", P.grouped(s.files))
    row("Bytes (compressed)", "\(P.grouped(s.bytesCompressed)) (\(P.bytes(s.bytesCompressed)))")
    row("Bytes (decompressed)", "\(P.grouped(s.bytes)) (\(P.bytes(s.bytes)))")
    row("Lines", P.grouped(s.lines))
    row("Accepted records", P.grouped(s.accepted))
    row("Rejected lines", P.grouped(s.rejectedTotal))
    row("Blank lines", P.grouped(s.blankLines))
    row("Bodies not inline", P.grouped(s.bodyNotInline))
    if !options.fixedTimestamp { row("Elapsed", P.fixed(report.elapsedSeconds, 2) + " s") }
    h += "</tbody></table>\n"
    if !s.formats.isEmpty {
      h += "<h3>Records by format</h3><table><thead><tr><th>Format</th><th>Records</th></tr></thead><tbody>\n"
      for k in s.formats.keys.sorted() { h += "<tr><td><code>\(Escape.html(k))</code></td><td class=\"num\">\(P.grouped(s.formats[k]!))</td></tr>\n" }
      h += "</tbody></table>\n"
    }
    let rej = P.rejected(s)
    h += "<h3>Rejected lines by reason</h3>\n"
    if rej.isEmpty {
      h += "<p class=\"empty\" id=\"no-rejects\">No rejected lines.</p>\n"
    } else {
      h += "<table id=\"rejected\"><thead><tr><th>Reason</th><th>Lines</th><th>First examples</th></tr></thead><tbody>\n"
      for (r, n) in rej {
        let ex = (s.examples[r] ?? []).map { loc in
          "<code>\(Escape.html((loc.file < report.files.count ? report.files[loc.file].displayName : "?") + ":\(loc.line)"))</code>"
        }
        h += "<tr><td><code>\(r.rawValue)</code></td><td class=\"num\">\(P.grouped(n))</td><td>\(ex.joined(separator: " "))</td></tr>\n"
      }
      h += "</tbody></table>\n"
    }
    if !s.fileIssues.isEmpty {
      h += "<h3>File errors</h3><ul>\n"
      for f in s.fileIssues.prefix(Self.listed) {
        h += "<li><code>\(Escape.html(f.path))</code>: \(Escape.html(f.message))\(f.offset.map { " (at byte \(P.grouped($0)))" } ?? "")</li>\n"
      }
      h += "</ul>\n"
    }
    if !report.files.isEmpty {
      h += "<details><summary>Input files (\(report.files.count))</summary><ul class=\"files\">\n"
      for f in report.files.prefix(200) { h += "<li><code>\(Escape.html(f.displayName))</code> \(P.bytes(f.size))</li>\n" }
      if report.files.count > 200 { h += "<li>… and \(report.files.count - 200) more (report.json)</li>\n" }
      h += "</ul></details>\n"
    }
    h += "</section>\n"
    return h
  }

  func configSection(_ report: ScanReport) -> String {
    var h = "<section id=\"config\"><h2>Configuration and fingerprints</h2>\n"
    if !report.configuration.isEmpty {
      h += "<table class=\"kv\"><tbody>\n"
      for (k, v) in report.configuration { h += "<tr><th>\(Escape.html(k))</th><td><code>\(Escape.html(v))</code></td></tr>\n" }
      h += "</tbody></table>\n"
    }
    if !report.fingerprints.isEmpty {
      h += "<table><thead><tr><th>Fingerprint</th><th>Title</th><th>Family</th></tr></thead><tbody>\n"
      for (id, title, fam) in report.fingerprints {
        h += "<tr><td><code>\(Escape.html(id))</code></td><td>\(Escape.html(title))</td><td><span class=\"swatch\" style=\"background:\(Self.familyColor(fam))\"></span>\(Escape.html(fam))</td></tr>\n"
      }
      h += "</tbody></table>\n"
    }
    h += "</section>\n"
    return h
  }

  // MARK: Script data

  /// What the filter script needs, per shown incident. `search` is the haystack for the text filter.
  func dataJSON(_ shown: [Incident]) -> String {
    var w = JSONWriter()
    w.beginObject()
    w.key("incidents")
    w.beginArray()
    for inc in shown {
      w.beginObject()
      w.field("rank", inc.rank)
      w.field("severity", inc.severity.rawValue)
      w.field("kind", inc.kind.rawValue)
      // The text as the page shows it (controls as \xNN markers, bounded), so a search for what the
      // analyst sees matches, and the data block carries no raw bidi or control characters either.
      func shown(_ s: String) -> String { Escape.visible(Escape.truncate(s, 300)) }
      w.field("subject", shown(inc.subject))
      w.field("score", inc.score)
      w.field("requests", inc.requests)
      var hay = [inc.id, inc.subject] + inc.members.prefix(200) + inc.linked.prefix(200).map(\.account)
      hay += inc.signals.filter { ($0.score ?? 0) > 0 }.map(\.fingerprint) + inc.models.keys.sorted()
      w.field("search", hay.map(shown).joined(separator: " "))
      w.endObject()
    }
    w.endArray()
    w.endObject()
    return String(decoding: w.bytes, as: UTF8.self)
  }

  // MARK: Static assets

  static let css = """

    :root{--fg:#1d2330;--muted:#5d6675;--line:#d8dde5;--bg:#f6f7f9;--card:#fff;--crit:#8e0b1f;--high:#d1432c;--med:#e0a100;--low:#3a78c2;--info:#7b8594}
    *{box-sizing:border-box}
    body{margin:0;padding:24px 32px 48px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
    [hidden]{display:none!important}
    h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
    h3{font-size:16px;margin:0 0 10px}h4{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:18px 0 6px}
    .meta,.muted,.legend,.card-s,footer{color:var(--muted)}.note{background:#fff7db;border:1px solid #f0d78c;padding:6px 10px;border-radius:4px}
    .cards{display:flex;flex-wrap:wrap;gap:12px;margin:14px 0}.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:170px}
    .card-t{font-size:12px;text-transform:uppercase;color:var(--muted)}.card-v{font-size:24px;font-weight:600}.card-s{font-size:12px}
    nav#controls{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:14px;align-items:center;background:var(--card);border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:12px 0}
    nav select,nav input{font:inherit;padding:2px 4px}nav input{min-width:260px}#f-count{color:var(--muted);margin-left:auto}
    table{border-collapse:collapse;background:var(--card);margin:4px 0 10px}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
    th{background:#eef1f5;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    table.ranked{width:100%}table.ranked td.subj{max-width:380px;overflow-wrap:anywhere}
    .badge{display:inline-block;min-width:64px;text-align:center;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;color:#fff;text-transform:uppercase}
    .sev-critical{background:var(--crit)}.sev-high{background:var(--high)}.sev-medium{background:var(--med);color:#1d2330}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
    article.incident{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--info);border-radius:6px;padding:14px 18px;margin:16px 0}
    .sev-border-critical{border-left-color:var(--crit)!important}.sev-border-high{border-left-color:var(--high)!important}.sev-border-medium{border-left-color:var(--med)!important}.sev-border-low{border-left-color:var(--low)!important}
    .subject{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}.rank{color:var(--muted)}.kind,.score{font-size:13px;color:var(--muted);font-weight:400}
    .verdict{font-size:12px;font-weight:600;padding:1px 6px;border-radius:4px;border:1px solid var(--muted);white-space:nowrap}
    .verdict-confirmed{border-color:#b3261e;color:#b3261e}.verdict-false-positive,.verdict-benign{border-color:#2e7d32;color:#2e7d32}
    dl.facts{display:flex;flex-wrap:wrap;gap:6px 22px;margin:6px 0}dl.facts dt{font-size:11px;text-transform:uppercase;color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
    code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}code{background:#eef1f5;border-radius:3px;padding:0 3px;overflow-wrap:anywhere}
    pre{background:#0f1720;color:#e6edf3;padding:10px 12px;border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere;max-height:260px;overflow:auto;margin:4px 0 0}
    figure.exemplar{margin:0 0 12px}figcaption{font-size:12px;color:var(--muted)}
    .slot{background:#fde3b4;color:#7a4b00;border-radius:3px;padding:0 2px;font-weight:600}.tpl{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;white-space:pre-wrap;overflow-wrap:anywhere}
    .reason{display:inline-block;background:#eef1f5;border-radius:10px;padding:0 8px;font-size:12px;margin:1px 2px}
    .chart{max-width:100%;height:auto;display:block}.chart text{font-size:11px;fill:#39414f}.chart .label{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
    .chart .axis{fill:var(--muted);font-size:10px}.chart .grid{stroke:#e4e8ee}.chart .axisline{stroke:#9aa3af}.chart .daytick{stroke:#c9d0da;stroke-dasharray:2 2}.chart .na{fill:none;stroke:#b5bcc7;stroke-dasharray:4 3}.chart .na-t{fill:#8a93a0;font-style:italic}
    .tl-bars{fill:#4e79a7}.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 8px;vertical-align:middle}
    .signal p{margin:6px 0 4px}table.ev{font-size:13px}.recommendation p{background:#eef6ee;border:1px solid #cfe3cf;border-radius:4px;padding:8px 10px;margin:0}
    .empty{color:var(--muted);font-style:italic}details{margin:8px 0}ul.files{columns:2;font-size:12px}
    footer{margin-top:36px;font-size:12px}
    @media print{nav#controls{display:none}body{background:#fff}article.incident{break-inside:avoid}}

    """

  /// Progressive enhancement only. ES5, no dependencies; errors would leave the static page intact.
  static let script = """

    (function () {
      'use strict';
      var SEV = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
      var data = JSON.parse(document.getElementById('ds-data').textContent);
      var items = data.incidents;
      var controls = document.getElementById('controls');
      if (controls && items.length > 0) {
        var sev = document.getElementById('f-sev'), kind = document.getElementById('f-kind');
        var q = document.getElementById('f-q'), sort = document.getElementById('f-sort');
        var rows = document.getElementById('incident-rows'), cards = document.getElementById('incident-details');
        var count = document.getElementById('f-count');
        items.forEach(function (d) {
          d.row = document.getElementById('row-' + d.rank);
          d.card = document.getElementById('inc-' + d.rank);
          d.hay = d.search.toLowerCase();
        });
        var order = {
          rank: function (a, b) { return a.rank - b.rank; },
          score: function (a, b) { return b.score - a.score || a.rank - b.rank; },
          requests: function (a, b) { return b.requests - a.requests || a.rank - b.rank; },
          account: function (a, b) { return a.subject.localeCompare(b.subject) || a.rank - b.rank; }
        };
        var apply = function () {
          var min = sev.value ? SEV[sev.value] : -1, k = kind.value, needle = q.value.trim().toLowerCase();
          var shown = 0;
          items.slice().sort(order[sort.value] || order.rank).forEach(function (d) {
            var ok = SEV[d.severity] >= min && (!k || d.kind === k) && (!needle || d.hay.indexOf(needle) >= 0);
            d.row.hidden = !ok;
            d.card.hidden = !ok;
            if (ok) { shown += 1; }
            rows.appendChild(d.row);
            cards.appendChild(d.card);
          });
          count.textContent = shown + ' of ' + items.length + ' incidents shown';
        };
        // Filters live in the fragment (#sev=high&q=hydra) so a filtered view can be shared as a link;
        // plain anchors such as #inc-2 have no '=' and are left alone.
        var fromHash = function () {
          var h = window.location.hash.slice(1);
          if (h.indexOf('=') === -1) { return; }
          h.split('&').forEach(function (kv) {
            var i = kv.indexOf('='), k = kv.slice(0, i), v = decodeURIComponent(kv.slice(i + 1).replace(/[+]/g, ' '));
            if (k === 'sev' && SEV.hasOwnProperty(v)) { sev.value = v; }
            if (k === 'kind' && (v === 'account' || v === 'cluster')) { kind.value = v; }
            if (k === 'sort' && order.hasOwnProperty(v)) { sort.value = v; }
            if (k === 'q') { q.value = v; }
          });
        };
        var toHash = function () {
          var parts = [];
          if (sev.value) { parts.push('sev=' + sev.value); }
          if (kind.value) { parts.push('kind=' + kind.value); }
          if (sort.value !== 'rank') { parts.push('sort=' + sort.value); }
          if (q.value) { parts.push('q=' + encodeURIComponent(q.value)); }
          try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : window.location.pathname); } catch (e) { /* file:// in some browsers */ }
        };
        var changed = function () { apply(); toHash(); };
        [sev, kind, sort].forEach(function (el) { el.addEventListener('change', changed); });
        q.addEventListener('input', changed);
        fromHash();
        controls.hidden = false;
        apply();
      }
      document.body.dataset.ready = '1';
    })();

    """
}
