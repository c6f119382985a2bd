/// Output format of `distillscan synth`.
public enum SynthFormat: String, Sendable, CaseIterable {
  /// `helicone`: Helicone request rows (no client IP; the Helicone user id is the account). Not
  /// part of `mixed`, which keeps its earlier three-way split so existing seeds reproduce.
  case canonical, bedrock, openai, helicone, mixed
}

/// Traffic scenario of a synthetic account; the raw value is written to `truth.csv`.
public enum SynthScenario: String, Sendable, CaseIterable {
  // Benign.
  case chatUser = "chat_user"
  case ragApp = "rag_app"
  case batchJob = "batch_job"
  case evalHarness = "eval_harness"
  case researcherLogprobs = "researcher_logprobs"
  case codingAgent = "coding_agent"
  case enterpriseHeavy = "enterprise_heavy"
  // Attacks.
  case coverageSweep = "coverage_sweep"
  case logitHarvest = "logit_harvest"
  case paraphraseSweep = "paraphrase_sweep"
  case reasoningElicitation = "reasoning_elicitation"
  case hydraCluster = "hydra_cluster"
  case modelPivot = "model_pivot"
  case lowAndSlow = "low_and_slow"

  public var isAttack: Bool {
    switch self {
    case .chatUser, .ragApp, .batchJob, .evalHarness, .researcherLogprobs, .codingAgent, .enterpriseHeavy: false
    default: true
    }
  }

  /// Benign scenarios that look like distillation on at least one fingerprint (research note §7).
  public static let hardNegatives: Set<String> = [
    SynthScenario.evalHarness.rawValue, SynthScenario.batchJob.rawValue, SynthScenario.ragApp.rawValue,
    SynthScenario.researcherLogprobs.rawValue, SynthScenario.codingAgent.rawValue,
  ]

  /// Share of `--accounts` per scenario. Attackers total ≈12.5% (cluster members counted each).
  static let shares: [(SynthScenario, Double)] = [
    (.chatUser, 0.45), (.ragApp, 0.05), (.batchJob, 0.05), (.evalHarness, 0.04), (.researcherLogprobs, 0.04),
    (.codingAgent, 0.09), (.enterpriseHeavy, 0.055),
    (.coverageSweep, 0.015), (.logitHarvest, 0.01), (.paraphraseSweep, 0.01), (.reasoningElicitation, 0.015),
    (.hydraCluster, 0.05), (.modelPivot, 0.01), (.lowAndSlow, 0.015),
  ]
}

/// Endpoint of a request.
enum SynthEndpoint: String, Sendable {
  case chat = "/v1/chat/completions"
  case completions = "/v1/completions"
  case batch = "/v1/batch"
}

/// One message of the request history.
struct SynthMessage: Sendable {
  enum Role: String, Sendable { case user, assistant, tool }
  var role: Role
  var text: String
}

/// One synthetic API request, format-independent; the writers serialise it.
struct SynthRequest: Sendable {
  var ts: Double
  var account: Int
  var requestID = ""
  /// Index into the account's `apiKeys`.
  var keyIndex = 0
  var endUser: String?
  var ip: String?
  var userAgent: String?
  var model = ""
  var endpoint = SynthEndpoint.chat
  var temperature: Double?
  var topP: Double?
  var maxTokens: Int?
  var n: Int?
  var seed: Int?
  var logprobs: Bool?
  var topLogprobs: Int?
  var logitBias: [(token: Int, bias: Int)] = []
  var echo: Bool?
  var stream: Bool?
  var tools: [String] = []
  /// Extended-thinking budget in tokens (nil = not requested).
  var thinkingBudget: Int?
  var jsonOutput = false
  var system: String?
  /// Earlier turns (abbreviated), oldest first; the last user turn is `prompt`.
  var history: [SynthMessage] = []
  var prompt = ""
  var inputTokens = 0
  var outputTokens = 0
  var success = true
  /// Response text (abbreviated to bound corpus size; token counts carry the real size).
  var output = ""
  /// Tie-breaker so equal timestamps sort deterministically.
  var seq = 0
}

/// A synthetic account: identity, infrastructure and behaviour parameters.
struct SynthAccount: Sendable {
  var index: Int
  var scenario: SynthScenario
  var cluster: String?
  /// Position within its cluster (0-based) and cluster size.
  var clusterPos = 0
  var clusterSize = 0
  var clusterSeed: UInt64 = 0
  var format: SynthFormat
  /// The account id as the log format exposes it (what `truth.csv` lists).
  var key: String
  var userID: String
  var org: String
  /// Masked key ids as gateways display them (unique across accounts).
  var apiKeys: [String]
  /// LiteLLM stores SHA-256 digests of virtual keys: one 64-hex stand-in per entry of `apiKeys`.
  var apiKeyHashes: [String] = []
  var ips: [String]
  var userAgents: [String]
  /// Hours east of UTC of the people behind the account.
  var tz: Double
  /// Per-account volume multiplier (heavy-tailed).
  var volume: Double
  var models: [String]
  var awsAccount = ""
  var region = ""
  var team = ""
  var seed: UInt64
  /// A time inside the window at which the account is guaranteed to send a request (so every
  /// truth account appears in the logs).
  var anchor: Double = 0
}

/// Model ids per format family, and the one that is released mid-window.
struct ModelCatalog: Sendable {
  var chat: [String]
  var completions: [String]
  var likelihood: String
  var newModel: String

  static func forFormat(_ f: SynthFormat) -> ModelCatalog {
    switch f {
    case .bedrock:
      return ModelCatalog(
        chat: [
          "anthropic.claude-3-5-haiku-20241022-v1:0", "us.anthropic.claude-sonnet-4-20250514-v1:0",
          "anthropic.claude-3-haiku-20240307-v1:0", "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
        ], completions: ["cohere.command-text-v14"], likelihood: "cohere.command-text-v14",
        newModel: "us.anthropic.claude-opus-5-20260210-v1:0")
    default:
      return ModelCatalog(
        chat: ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o3-mini"], completions: ["gpt-3.5-turbo-instruct", "davinci-002"],
        likelihood: "gpt-4o-mini", newModel: "gpt-5.1-2026-02-10")
    }
  }
}
