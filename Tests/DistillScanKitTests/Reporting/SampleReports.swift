@testable import DistillScanKit

/// Hand-built `ScanReport` values for writer tests. The scorer that fills incidents is written
/// separately, so the writers are tested on realistic values built here: a logit-harvesting account,
/// a coordinated cluster, a reasoning-elicitation account, a low-severity research account, and benign
/// accounts that only appear in accounts.jsonl.
enum SampleReports {
  /// 2026-02-14T00:00:00Z
  static let t0 = 1_771_027_200.0
  /// Fixed "run" time; golden tests hide it anyway.
  static let generatedAt = t0 + 4 * 86400 + 3 * 3600
  /// Appears in every prompt and template: `--redact` tests assert it never leaks.
  static let sentinel = "SENTINEL-PROMPT-4242"

  static let fingerprints: [(String, String, String)] = [
    ("coverage", "Systematic prompt coverage", "content"),
    ("logit-harvest", "Logit harvesting", "parameters"),
    ("paraphrase", "Paraphrase sweeps", "content"),
    ("reasoning-elicitation", "Reasoning elicitation", "content"),
    ("automation", "Automation timing", "temporal"),
    ("model-pivot", "Rapid model pivot", "temporal"),
    ("coordination", "Coordinated accounts", "coordination"),
  ]

  static func stats() -> IngestStats {
    var s = IngestStats()
    s.files = 3
    s.bytesCompressed = 412_331_008
    s.bytes = 2_913_004_512
    s.lines = 5_204_143
    s.accepted = 5_203_990
    s.blankLines = 25
    s.bodyNotInline = 42
    s.rejected = [.malformedJSON: 112, .lineTooLong: 3, .missingAccount: 13]
    s.examples = [
      .malformedJSON: [SourceLocation(file: 0, line: 1_204), SourceLocation(file: 2, line: 77)],
      .lineTooLong: [SourceLocation(file: 1, line: 9)],
      .missingAccount: [SourceLocation(file: 2, line: 3)],
    ]
    s.formats = ["bedrock": 3_100_000, "openai": 2_103_990]
    return s
  }

  static let files = [
    InputFile(path: "logs/2026-02-14/bedrock-us-east-1.json.gz", size: 190_331_008),
    InputFile(path: "logs/2026-02-14/bedrock-eu-west-1.json.gz", size: 102_000_000),
    InputFile(path: "logs/2026-02-14/litellm-spend.jsonl.zst", size: 120_000_000),
  ]

  /// Deterministic pseudo-random hourly counts summing to `total` (no RNG state shared between tests).
  static func timeline(hours: Int, total: Int, seed: UInt64, flat: Bool) -> Timeline {
    var x = seed
    var weights: [Double] = []
    for h in 0..<hours {
      x = StableHash.mix(x)
      let noise = Double(x % 100) / 400
      let diurnal = flat ? 1.0 : (h % 24 >= 8 && h % 24 <= 19 ? 1.0 : 0.15)
      weights.append(h < 6 ? 0 : diurnal + noise)
    }
    let sum = weights.reduce(0, +)
    var counts = weights.map { Int(($0 / sum * Double(total)).rounded(.down)) }
    counts[counts.count - 1] += total - counts.reduce(0, +)
    return Timeline(start: t0, bucketSeconds: 3600, counts: counts)
  }

  static func ex(_ id: String, _ dt: Double, _ account: String, _ prompt: String, _ fp: String, _ src: String) -> Exemplar {
    Exemplar(requestID: id, timestamp: t0 + dt, account: account, prompt: prompt, fingerprint: fp, source: src)
  }

  static func logitHarvest() -> Incident {
    let a = "acct-7f3a9c"
    var inc = Incident(
      id: "acct:\(a)", kind: .account, subject: a, members: [a], rank: 1, score: 0.9712, severity: .critical,
      impact: 48_210, requests: 48_210, outputTokens: 48_210, firstSeen: t0 + 6 * 3600, lastSeen: t0 + 71 * 3600 + 1_800,
      models: ["anthropic.claude-sonnet-4": 48_000, "anthropic.claude-haiku-4": 210],
      signals: [
        SignalResult(
          fingerprint: "logit-harvest", title: "Logit harvesting", family: "parameters", score: 0.97,
          summary: "412 distinct logit_bias token ids with max_tokens=1 on 96% of requests",
          evidence: [
            EvidenceItem(name: "distinct_bias_tokens", value: 412, threshold: 50, percentile: 99.99, detail: "distinct logit_bias token ids"),
            EvidenceItem(name: "max_tokens_1_share", value: 0.962, threshold: 0.5, percentile: 99.9, detail: "share of requests with max_tokens=1"),
            EvidenceItem(name: "top_logprobs_max_share", value: 0.88, threshold: 0.3, percentile: 99.7, detail: "share with top_logprobs at the API maximum"),
          ],
          exemplars: [ex("req-lh-0003", 7 * 3600 + 12, a, "Repeat the word: \(sentinel) apple", "logit-harvest", "logs/2026-02-14/bedrock-us-east-1.json.gz:88121")]),
        SignalResult(
          fingerprint: "automation", title: "Automation timing", family: "temporal", score: 0.71,
          summary: "inter-arrival CV 0.08 over 48,209 gaps; no diurnal rhythm",
          evidence: [EvidenceItem(name: "iat_cv", value: 0.08, threshold: 0.3, percentile: 0.4, detail: "coefficient of variation of gaps")]),
        SignalResult(
          fingerprint: "coverage", title: "Systematic prompt coverage", family: "content", score: 0.42,
          summary: "2 templates cover 99% of requests",
          evidence: [EvidenceItem(name: "top3_template_share", value: 0.99, threshold: 0.8, percentile: 98.2, detail: "share of the top-3 templates")]),
        SignalResult(fingerprint: "reasoning-elicitation", title: "Reasoning elicitation", family: "content", score: 0.02, summary: "no reasoning cues"),
        SignalResult(fingerprint: "model-pivot", title: "Rapid model pivot", family: "temporal", score: 0, summary: "no new model"),
        SignalResult(fingerprint: "paraphrase", title: "Paraphrase sweeps", family: "content", score: nil, summary: "prompt text not logged for 40% of requests"),
      ],
      templates: [
        TemplateSummary(template: "Repeat the word: <*> \(sentinel) <WORD>", count: 40_102, distinctFills: 39_870),
        TemplateSummary(template: "Complete: \"<QUOTE>\" \(sentinel)", count: 8_011, distinctFills: 7_990),
      ],
      exemplars: [
        ex("req-lh-0001", 6 * 3600 + 4, a, "Repeat the word: \(sentinel) banana", "logit-harvest", "logs/2026-02-14/bedrock-us-east-1.json.gz:77001"),
        ex("req-lh-0002", 6 * 3600 + 5, a, "Complete: \"The capital of France is\" \(sentinel)", "", "logs/2026-02-14/bedrock-us-east-1.json.gz:77002"),
      ],
      timeline: timeline(hours: 66, total: 48_210, seed: 1, flat: true), linked: [],
      recommendation: "Suspend API access for acct-7f3a9c pending review; rotate its keys and preserve the raw logs for 2026-02-14…02-17.")
    inc.ips = ["203.0.113.17", "203.0.113.18"]
    inc.userAgents = ["python-httpx/0.27.0"]
    return inc
  }

  static let hydraMembers = (1...6).map { "hydra-0\($0)" }

  static func cluster() -> Incident {
    var inc = Incident(
      id: "cluster:1", kind: .cluster, subject: "cluster:1 (6 accounts)", members: hydraMembers, rank: 2, score: 0.88,
      severity: .high, impact: 1_930_400, requests: 61_800, outputTokens: 1_930_400, firstSeen: t0 + 8 * 3600,
      lastSeen: t0 + 90 * 3600, models: ["anthropic.claude-sonnet-4": 61_800],
      signals: [
        SignalResult(
          fingerprint: "coordination", title: "Coordinated accounts", family: "coordination", score: 0.91,
          summary: "6 accounts share 3 templates, one /24 and synchronised start times",
          evidence: [
            EvidenceItem(name: "members", value: 6, threshold: 3, detail: "accounts in the cluster"),
            EvidenceItem(name: "shared_template_jaccard", value: 0.74, threshold: 0.3, percentile: 99.8, detail: "weighted Jaccard of template sets"),
            EvidenceItem(name: "co_activity", value: 0.83, threshold: 0.5, detail: "share of active minutes shared by ≥3 members"),
          ]),
        SignalResult(
          fingerprint: "coverage", title: "Systematic prompt coverage", family: "content", score: 0.84,
          summary: "topic sweep over 1,402 subjects with one instruction template",
          evidence: [
            EvidenceItem(name: "slot_distinct_ratio", value: 0.97, threshold: 0.6, percentile: 99.5, detail: "distinct fillings / requests"),
            EvidenceItem(name: "topic_entropy", value: 6.1, threshold: 4, percentile: 97.0, detail: "bits over the topic histogram"),
          ]),
        SignalResult(
          fingerprint: "reasoning-elicitation", title: "Reasoning elicitation", family: "content", score: 0.55,
          summary: "41% of prompts ask for step-by-step reasoning",
          evidence: [EvidenceItem(name: "cot_share", value: 0.41, threshold: 0.25, percentile: 96.1, detail: "share of prompts with CoT cues")]),
        SignalResult(fingerprint: "automation", title: "Automation timing", family: "temporal", score: 0.4, summary: "regular 2 s gaps within bursts"),
        SignalResult(fingerprint: "logit-harvest", title: "Logit harvesting", family: "parameters", score: 0, summary: "no logit parameters"),
      ],
      templates: [
        TemplateSummary(template: "You are an expert in <*>. Explain <QUOTE> step by step. \(sentinel)", count: 38_200, distinctFills: 1_402),
        TemplateSummary(template: "Write <NUM> exam questions about <*> with worked answers. \(sentinel)", count: 20_100, distinctFills: 1_380),
        TemplateSummary(template: "Translate to <LANG>: <QUOTE> \(sentinel)", count: 3_500, distinctFills: 3_411),
      ],
      exemplars: [
        ex("req-hy-1001", 9 * 3600, "hydra-03", "You are an expert in organic chemistry. Explain \"SN2 reactions\" step by step. \(sentinel)", "coverage", "logs/2026-02-14/bedrock-eu-west-1.json.gz:1201"),
        ex("req-hy-1002", 9 * 3600 + 2, "hydra-05", "Write 10 exam questions about tort law with worked answers. \(sentinel)", "reasoning-elicitation", "logs/2026-02-14/bedrock-eu-west-1.json.gz:1202"),
      ],
      timeline: timeline(hours: 90, total: 61_800, seed: 2, flat: false),
      linked: [
        LinkedAccount(account: "hydra-01", reasons: ["template:7f3a21c0", "ip24:198.51.100", "timing"]),
        LinkedAccount(account: "hydra-02", reasons: ["template:7f3a21c0", "ip24:198.51.100"]),
        LinkedAccount(account: "hydra-04", reasons: ["template:9e01b2aa", "payment:card-bin-4242", "timing"]),
        LinkedAccount(account: "free-tier-118", reasons: ["template:7f3a21c0"]),
      ],
      recommendation: "Review the 6 member accounts together: suspend the cluster, check billing and sign-up links, and block the shared /24 if the review confirms.")
    inc.ips = ["198.51.100.7", "198.51.100.9"]
    inc.userAgents = ["openai-python/1.40.0", "curl/8.5.0"]
    return inc
  }

  static func reasoning() -> Incident {
    let a = "studyhelper-prod@example.org"
    return Incident(
      id: "acct:\(a)", kind: .account, subject: a, members: [a], rank: 3, score: 0.63, severity: .medium, impact: 402_000,
      requests: 5_120, outputTokens: 402_000, firstSeen: t0 + 10 * 3600, lastSeen: t0 + 58 * 3600,
      models: ["anthropic.claude-opus-4": 5_120],
      signals: [
        SignalResult(
          fingerprint: "reasoning-elicitation", title: "Reasoning elicitation", family: "content", score: 0.78,
          summary: "72% of prompts ask to rationalise a given answer",
          evidence: [
            EvidenceItem(name: "rationalise_share", value: 0.72, threshold: 0.2, percentile: 99.9, detail: "\"explain why the answer is X\" prompts"),
            EvidenceItem(name: "mean_output_tokens", value: 78.5, percentile: 93.0, detail: "output tokens per request"),
          ],
          exemplars: [ex("req-re-0042", 12 * 3600, a, "The answer is (C). Explain, step by step, why (C) is correct. \(sentinel)", "reasoning-elicitation", "logs/2026-02-14/litellm-spend.jsonl.zst:5120")]),
        SignalResult(fingerprint: "coverage", title: "Systematic prompt coverage", family: "content", score: 0.35, summary: "exam-style multiple choice across 60 subjects"),
        SignalResult(fingerprint: "automation", title: "Automation timing", family: "temporal", score: 0.1, summary: "human-like diurnal rhythm"),
      ],
      templates: [TemplateSummary(template: "The answer is (<CHOICE>). Explain, step by step, why (<CHOICE>) is correct. \(sentinel)", count: 3_690, distinctFills: 3_600)],
      exemplars: [], timeline: timeline(hours: 58, total: 5_120, seed: 3, flat: false), linked: [],
      recommendation: "Contact the account owner: tutoring apps legitimately ask for explanations; ask about the rationalise-a-given-answer pattern before any action.")
  }

  static func research() -> Incident {
    let a = "research-lab-22"
    return Incident(
      id: "acct:\(a)", kind: .account, subject: a, members: [a], rank: 4, score: 0.31, severity: .low, impact: 900,
      requests: 900, outputTokens: 900, firstSeen: t0 + 30 * 3600, lastSeen: t0 + 31 * 3600,
      models: ["anthropic.claude-haiku-4": 900],
      signals: [
        SignalResult(fingerprint: "logit-harvest", title: "Logit harvesting", family: "parameters", score: 0.4, summary: "logprobs with echo on public benchmark text"),
        SignalResult(fingerprint: "coverage", title: "Systematic prompt coverage", family: "content", score: 0.2, summary: "one benchmark template"),
      ],
      templates: [], exemplars: [], timeline: nil, linked: [],
      recommendation: "Probably an evaluation harness; no action unless the volume grows.")
  }

  static func account(_ id: String, _ requests: Int, _ score: Double, _ sev: Severity, cluster: String? = nil) -> AccountResult {
    AccountResult(
      account: id, requests: requests, firstSeen: t0 + 3600, lastSeen: t0 + 80 * 3600, models: ["anthropic.claude-sonnet-4": requests],
      outputTokens: requests * 30, score: score, severity: sev,
      signals: fingerprints.map { ($0.0, $0.0 == "paraphrase" ? nil : score / 2) }, cluster: cluster)
  }

  static func accounts() -> [AccountResult] {
    var list = [
      account("acct-7f3a9c", 48_210, 0.9712, .critical),
      account("studyhelper-prod@example.org", 5_120, 0.63, .medium),
      account("research-lab-22", 900, 0.31, .low),
      account("webapp-prod", 2_100_000, 0.04, .info),
      account("batch-summariser", 3_000_000, 0.02, .info),
      account("eval-harness-ci", 40_000, 0.12, .info),
    ]
    for (i, m) in hydraMembers.enumerated() { list.append(account(m, 10_300, 0.88 - Double(i) * 0.01, .high, cluster: "cluster:1")) }
    return list.sorted { ($0.score, $1.account) > ($1.score, $0.account) }
  }

  static let configuration: [(String, String)] = [("workers", "2"), ("format", "auto"), ("chunk_size", "2097152")]

  /// Four incidents, twelve accounts.
  static func standard() -> ScanReport {
    ScanReport(
      generatedAt: generatedAt, input: stats(), files: files, elapsedSeconds: 41.7, configuration: configuration,
      incidents: [logitHarvest(), cluster(), reasoning(), research()], accounts: accounts(), fingerprints: fingerprints)
  }

  /// A clean night: accounts but nothing to report, no rejected lines.
  static func empty() -> ScanReport {
    var s = IngestStats()
    s.files = 1
    s.bytesCompressed = 1_000
    s.bytes = 4_000
    s.lines = 12
    s.accepted = 12
    s.formats = ["canonical": 12]
    return ScanReport(
      generatedAt: generatedAt, input: s, files: [InputFile(path: "quiet.jsonl", size: 1_000)], elapsedSeconds: 0.2,
      configuration: configuration, incidents: [],
      accounts: [account("webapp-prod", 10, 0.01, .info), account("batch-summariser", 2, 0, .info)], fingerprints: fingerprints)
  }

  // MARK: Hostile text

  /// Strings an attacker controls (account ids, prompts, user agents) aimed at each sink.
  static let hostile: [String] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "'><svg onload=alert(5)>",
    "[click](http://evil.example/x)",
    "![x](http://evil.example/p.png)",
    "<http://evil.example/autolink>",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "\tTAB=1+1",
    "\r=CR",
    "\u{1B}[31mRED\u{1B}[0m \u{1B}]8;;http://evil.example\u{07}osc8\u{1B}]8;;\u{07} \u{1B}[2J",
    "admin\u{202E}gpj.exe",
    "zero\u{200B}width \u{2066}isolate\u{2069} tag\u{E0041}\u{E0042}",
    "line1\nline2\r\n| --- | --- |\n# heading\n<b>bold</b>",
    "```\nfence breaker\n````\n~~~",
    "`code` ``two`` ```three```",
    "</script><script>alert(3)</script><!--",
    "\u{2028}sep\u{2029}",
    "javascript:alert(4)",
    "www.evil.example and mail me@evil.example",
    "&lt;b&gt; &#x202E; &amp;",
    "*bold* _it_ ~~del~~ \\ | #",
    "\u{85}C1 next-line\u{9B}31m",
    String(repeating: "A", count: 20_000),
  ]

  /// One hostile string per field, cycling through the list, in an incident with every section filled.
  static func hostileReport() -> ScanReport {
    let h = hostile
    func pick(_ i: Int) -> String { h[i % h.count] }
    var incidents: [Incident] = []
    for (i, s) in h.enumerated() {
      let subject = s
      var inc = Incident(
        id: "acct:" + s, kind: i % 2 == 0 ? .account : .cluster, subject: subject, members: [subject, pick(i + 1)], rank: i + 1,
        score: 0.99 - Double(i) * 0.01, severity: i < 5 ? .critical : .high, impact: 1000, requests: 1000 - i, outputTokens: 500,
        firstSeen: t0, lastSeen: t0 + 3600, models: [pick(i + 2): 10],
        signals: [
          SignalResult(
            fingerprint: "coverage", title: pick(i + 3), family: "content", score: 0.9, summary: pick(i + 4),
            evidence: [EvidenceItem(name: pick(i + 5), value: 1, threshold: 0.5, percentile: 99, detail: pick(i + 6))],
            exemplars: [Exemplar(requestID: pick(i + 7), timestamp: t0, account: pick(i + 8), prompt: pick(i + 9), fingerprint: "coverage", source: pick(i + 10))])
        ],
        templates: [TemplateSummary(template: "<NUM> " + pick(i + 11), count: 10, distinctFills: 9)],
        exemplars: [Exemplar(requestID: pick(i + 12), timestamp: t0, account: pick(i + 13), prompt: s, fingerprint: "", source: pick(i + 14))],
        timeline: Timeline(start: t0, bucketSeconds: 3600, counts: [1, 5, 2]),
        linked: [LinkedAccount(account: pick(i + 15), reasons: [pick(i + 16), "timing"])],
        recommendation: pick(i + 17))
      inc.ips = [pick(i + 18)]
      inc.userAgents = [pick(i + 19)]
      incidents.append(inc)
    }
    var stats = IngestStats()
    stats.files = 1
    stats.lines = 10
    stats.accepted = 9
    stats.rejected = [.malformedJSON: 1]
    stats.examples = [.malformedJSON: [SourceLocation(file: 0, line: 4)]]
    stats.formats = [h[0]: 9]
    stats.fileIssues = [FileIssue(path: h[1], message: h[12], offset: 7)]
    return ScanReport(
      generatedAt: generatedAt, input: stats, files: [InputFile(path: h[1] + h[13], size: 10)], elapsedSeconds: 1,
      configuration: [("mapping", h[3])], incidents: incidents,
      accounts: h.map { AccountResult(account: $0, requests: 1, firstSeen: nil, lastSeen: nil, models: [:], outputTokens: 0, score: 0.5, severity: .high, signals: [("coverage", 0.5)], cluster: $0) },
      fingerprints: fingerprints)
  }
}
