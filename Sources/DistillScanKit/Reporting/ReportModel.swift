/// The complete result of a scan, as every report writer sees it. Writers never compute
/// anything: they render this value (so all formats agree).

/// Incident severity. Raw values are used in every report and on the CLI (`--fail-on`).
public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
  case info, low, medium, high, critical

  public var rank: Int {
    switch self {
    case .info: 0
    case .low: 1
    case .medium: 2
    case .high: 3
    case .critical: 4
    }
  }
  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One number behind a fingerprint's score.
public struct EvidenceItem: Sendable, Equatable {
  public var name: String
  public var value: Double
  /// The value at which the feature starts to count (nil when not thresholded).
  public var threshold: Double?
  /// Peer percentile of this account's value among all accounts (0…100), when computed.
  public var percentile: Double?
  /// Short human explanation, e.g. "distinct logit_bias token ids".
  public var detail: String

  public init(name: String, value: Double, threshold: Double? = nil, percentile: Double? = nil, detail: String) {
    self.name = name
    self.value = value
    self.threshold = threshold
    self.percentile = percentile
    self.detail = detail
  }
}

/// A sample request kept as evidence.
public struct Exemplar: Sendable, Equatable {
  public var requestID: String?
  public var timestamp: Double?
  public var account: String
  /// Prompt text (bounded prefix; hashed in `--redact` mode by the writers).
  public var prompt: String
  /// Which fingerprint kept it ("" = general sample).
  public var fingerprint: String
  /// `file:line` where the request was read.
  public var source: String

  public init(requestID: String?, timestamp: Double?, account: String, prompt: String, fingerprint: String, source: String) {
    self.requestID = requestID
    self.timestamp = timestamp
    self.account = account
    self.prompt = prompt
    self.fingerprint = fingerprint
    self.source = source
  }
}

/// One fingerprint's verdict on an account or cluster.
public struct SignalResult: Sendable, Equatable {
  public var fingerprint: String
  public var title: String
  public var family: String
  /// 0…1; nil when the fingerprint could not be evaluated (fields missing from the format).
  public var score: Double?
  /// One-sentence reason, e.g. "412 distinct logit_bias token ids with max_tokens=1 on 96% of requests".
  public var summary: String
  public var evidence: [EvidenceItem]
  public var exemplars: [Exemplar]

  public init(fingerprint: String, title: String, family: String, score: Double?, summary: String, evidence: [EvidenceItem] = [], exemplars: [Exemplar] = []) {
    self.fingerprint = fingerprint
    self.title = title
    self.family = family
    self.score = score
    self.summary = summary
    self.evidence = evidence
    self.exemplars = exemplars
  }
}

/// A frequent prompt template with slots masked (`<NUM>`, `<QUOTE>`, `<*>` …).
public struct TemplateSummary: Sendable, Equatable {
  public var template: String
  public var count: Int
  /// Estimated distinct slot fillings seen with this template.
  public var distinctFills: Int
  public init(template: String, count: Int, distinctFills: Int) {
    self.template = template
    self.count = count
    self.distinctFills = distinctFills
  }
}

/// Hourly request counts for the activity chart.
public struct Timeline: Sendable, Equatable {
  /// Start of the first bucket (epoch seconds, hour-aligned).
  public var start: Double
  public var bucketSeconds: Double
  public var counts: [Int]
  public init(start: Double, bucketSeconds: Double, counts: [Int]) {
    self.start = start
    self.bucketSeconds = bucketSeconds
    self.counts = counts
  }
}

/// An account linked to an incident's subject, and why.
public struct LinkedAccount: Sendable, Equatable {
  public var account: String
  /// Linking evidence, e.g. ["template:7f3a…", "ip24:203.0.113", "timing"].
  public var reasons: [String]
  public init(account: String, reasons: [String]) {
    self.account = account
    self.reasons = reasons
  }
}

/// A ranked finding: one account, or one coordinated cluster scored as a super-account.
public struct Incident: Sendable, Equatable {
  public enum Kind: String, Sendable { case account, cluster }
  /// Stable id: `acct:<account>` or `cluster:<n>`.
  public var id: String
  public var kind: Kind
  /// The account id, or a cluster label.
  public var subject: String
  /// Member accounts (just the subject for an account incident).
  public var members: [String]
  public var rank: Int
  /// Calibrated probability-like score 0…1.
  public var score: Double
  public var severity: Severity
  /// Harvested output volume used for ranking (output tokens, or requests when tokens are absent).
  public var impact: Double
  public var requests: Int
  public var outputTokens: Int
  public var firstSeen: Double?
  public var lastSeen: Double?
  public var models: [String: Int]
  /// Every fingerprint's result, strongest first.
  public var signals: [SignalResult]
  public var templates: [TemplateSummary]
  public var exemplars: [Exemplar]
  public var timeline: Timeline?
  public var linked: [LinkedAccount]
  /// What the analyst should do next.
  public var recommendation: String
  /// Client IP addresses seen for the subject, most frequent first (empty when the format has none).
  /// Added after 1.0 with a default so existing call sites keep compiling.
  public var ips: [String] = []
  /// User agents seen for the subject, most frequent first (log-derived, untrusted text).
  public var userAgents: [String] = []
  /// The analyst's current verdict on this incident id, from the case store (`scan --store`).
  public var verdict: Verdict?

  public init(
    id: String, kind: Kind, subject: String, members: [String], rank: Int, score: Double, severity: Severity, impact: Double,
    requests: Int, outputTokens: Int, firstSeen: Double?, lastSeen: Double?, models: [String: Int], signals: [SignalResult],
    templates: [TemplateSummary], exemplars: [Exemplar], timeline: Timeline?, linked: [LinkedAccount], recommendation: String
  ) {
    self.id = id
    self.kind = kind
    self.subject = subject
    self.members = members
    self.rank = rank
    self.score = score
    self.severity = severity
    self.impact = impact
    self.requests = requests
    self.outputTokens = outputTokens
    self.firstSeen = firstSeen
    self.lastSeen = lastSeen
    self.models = models
    self.signals = signals
    self.templates = templates
    self.exemplars = exemplars
    self.timeline = timeline
    self.linked = linked
    self.recommendation = recommendation
  }
}

/// One line of `accounts.jsonl`: every account seen, scored or not.
public struct AccountResult: Sendable, Equatable {
  public var account: String
  public var requests: Int
  public var firstSeen: Double?
  public var lastSeen: Double?
  public var models: [String: Int]
  public var outputTokens: Int
  public var score: Double
  public var severity: Severity
  /// Fingerprint id → score (nil = not evaluated).
  public var signals: [(String, Double?)]
  public var cluster: String?

  public init(account: String, requests: Int, firstSeen: Double?, lastSeen: Double?, models: [String: Int], outputTokens: Int, score: Double, severity: Severity, signals: [(String, Double?)], cluster: String?) {
    self.account = account
    self.requests = requests
    self.firstSeen = firstSeen
    self.lastSeen = lastSeen
    self.models = models
    self.outputTokens = outputTokens
    self.score = score
    self.severity = severity
    self.signals = signals
    self.cluster = cluster
  }

  public static func == (a: AccountResult, b: AccountResult) -> Bool {
    a.account == b.account && a.requests == b.requests && a.score == b.score && a.severity == b.severity && a.cluster == b.cluster
      && a.signals.map(\.0) == b.signals.map(\.0) && a.signals.map(\.1) == b.signals.map(\.1)
  }
}

/// Everything about one scan run.
public struct ScanReport: Sendable {
  /// Run timestamp (epoch seconds). Writers render it; golden tests replace it with a placeholder.
  public var generatedAt: Double
  public var toolVersion: String = distillscanVersion
  public var schemaVersion: String = reportSchemaVersion
  public var input: IngestStats
  public var files: [InputFile]
  public var elapsedSeconds: Double
  /// Configuration used (flattened key → value, for the report's `config` object).
  public var configuration: [(String, String)]
  /// Ranked incidents, highest first.
  public var incidents: [Incident]
  /// Every account, sorted by score desc then id.
  public var accounts: [AccountResult]
  /// Fingerprints that ran, with their titles: (id, title, family).
  public var fingerprints: [(String, String, String)]

  public init(generatedAt: Double, input: IngestStats, files: [InputFile], elapsedSeconds: Double, configuration: [(String, String)], incidents: [Incident], accounts: [AccountResult], fingerprints: [(String, String, String)]) {
    self.generatedAt = generatedAt
    self.input = input
    self.files = files
    self.elapsedSeconds = elapsedSeconds
    self.configuration = configuration
    self.incidents = incidents
    self.accounts = accounts
    self.fingerprints = fingerprints
  }
}
