/// Dominant prompt templates for an evidence card: the most frequent lexical frames of the account,
/// rendered from its exemplars with the varying tokens masked (`<*>`), plus numbers/quotes masked.
enum TemplateSummarizer {
  static func summaries(_ p: AccountProfile, limit: Int = 5) -> [TemplateSummary] {
    let samples = (p.samples.items + p.flaggedSamples.items).map(\.1)
    var out: [TemplateSummary] = []
    let ranked = p.templates.map.entries.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
    for (key, count) in ranked where count >= 2 {
      let ex = samples.filter { $0.template == key }
      guard !ex.isEmpty else { continue }
      let text = ex.count >= 2 ? align(ex[0].prompt, ex[1].prompt) : mask(ex[0].prompt)
      // Estimated fills: the template's share of distinct prompts.
      let fills = Int(min(Double(count), p.exactPrompts.estimate * Double(count) / max(1, Double(p.withText))).rounded())
      out.append(TemplateSummary(template: text, count: Int(Double(count) / p.templates.rate), distinctFills: fills))
      if out.count == limit { break }
    }
    return out
  }

  static func words(_ s: String) -> [String] { s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init) }

  /// Masks tokens that differ between two prompts of the same frame (LCS alignment on words).
  static func align(_ a: String, _ b: String) -> String {
    let x = Array(words(a).prefix(60)), y = Array(words(b).prefix(60))
    guard !x.isEmpty, !y.isEmpty else { return mask(a) }
    var dp = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
    for i in stride(from: x.count - 1, through: 0, by: -1) {
      for j in stride(from: y.count - 1, through: 0, by: -1) {
        dp[i][j] = x[i] == y[j] ? dp[i + 1][j + 1] + 1 : max(dp[i + 1][j], dp[i][j + 1])
      }
    }
    var out: [String] = []
    var i = 0, j = 0
    var gap = false
    while i < x.count && j < y.count {
      if x[i] == y[j] {
        out.append(x[i])
        i += 1
        j += 1
        gap = false
      } else {
        if !gap { out.append("<*>") }
        gap = true
        if dp[i + 1][j] >= dp[i][j + 1] { i += 1 } else { j += 1 }
      }
    }
    if (i < x.count || j < y.count) && !gap { out.append("<*>") }
    return mask(out.joined(separator: " "))
  }

  /// Drain-style masking of numbers, ids and quoted spans.
  static func mask(_ s: String) -> String {
    words(s).map { w -> String in
      if w == "<*>" { return w }
      let digits = w.filter(\.isNumber).count
      if digits > 0 && digits * 2 >= w.count { return "<NUM>" }
      if w.count >= 12 && digits > 0 { return "<ID>" }
      if w.hasPrefix("http") { return "<URL>" }
      return w
    }.joined(separator: " ")
  }
}
