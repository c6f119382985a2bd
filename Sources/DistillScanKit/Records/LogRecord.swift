/// Request parameters that matter for harvesting detection. Nil means "not present in the log".
public struct RequestParams: Sendable, Equatable {
  public var temperature: Double?
  public var topP: Double?
  public var maxTokens: Int?
  /// Number of samples (`n`, `num_generations`, `candidateCount`).
  public var n: Int?
  public var bestOf: Int?
  public var seed: Int?
  /// `logprobs` requested (chat: bool; legacy completions: an int > 0; Cohere `return_likelihoods`).
  public var logprobs: Bool?
  /// `top_logprobs` (chat) or the legacy integer `logprobs` value.
  public var topLogprobs: Int?
  /// Biased token ids with their bias values; capped at ``maxLogitBias`` entries (count kept).
  public var logitBias: [LogitBiasEntry] = []
  /// Number of logit_bias entries in the request (may exceed `logitBias.count`).
  public var logitBiasCount: Int = 0
  public var echo: Bool?
  public var stream: Bool?
  /// Number of tool definitions sent.
  public var toolCount: Int = 0
  /// Extended thinking / reasoning effort requested.
  public var thinking: Bool?
  /// Structured output (`response_format` json_object / json_schema).
  public var jsonOutput: Bool?

  public static let maxLogitBias = 512
  public init() {}
}

/// One `logit_bias` entry.
public struct LogitBiasEntry: Sendable, Equatable {
  public var token: Int
  public var bias: Double
  public init(token: Int, bias: Double) {
    self.token = token
    self.bias = bias
  }
}

/// Where a record came from.
public struct SourceLocation: Sendable, Equatable, Hashable {
  /// Index into the scan's file list.
  public var file: Int
  /// 1-based line number in the decompressed file.
  public var line: Int
  public init(file: Int, line: Int) {
    self.file = file
    self.line = line
  }
}

/// One API request, normalised from whatever log format it came in (DESIGN §3).
/// Missing fields stay nil; fingerprints that need them report "not evaluated".
public struct LogRecord: Sendable {
  /// Seconds since 1970-01-01 UTC.
  public var timestamp: Double?
  public var requestID: String?
  /// The account key (after `--account-field` override), exactly as in the log.
  public var account: String = ""
  public var apiKey: String?
  public var org: String?
  public var endUser: String?
  public var ip: String?
  public var userAgent: String?
  public var model: String?
  public var endpoint: String?
  /// Cloud region of the endpoint called (Bedrock `region`), when the log names one.
  public var region: String?
  public var params = RequestParams()
  /// System prompt (bounded prefix, see ``LogRecord/maxTextBytes``).
  public var system: String?
  /// Last user turn (bounded prefix).
  public var userTurn: String?
  /// Number of messages in the request (1 for single-turn).
  public var turnCount: Int = 0
  public var inputTokens: Int?
  public var outputTokens: Int?
  /// Status as logged (`success`, `failure`, HTTP code …).
  public var status: String?
  /// False when the log names the body but does not carry it (Bedrock S3 sidecar not present).
  public var bodyInline: Bool = true
  public var source = SourceLocation(file: 0, line: 0)

  /// Text fields keep about this many UTF-8 bytes (head and tail of longer texts, see
  /// `JSONDocument.string(_:limit:)`): enough for every text feature and exemplar, and it bounds
  /// per-record work on 100 KB prompts.
  public static let maxTextBytes = 1024

  public init() {}
}
