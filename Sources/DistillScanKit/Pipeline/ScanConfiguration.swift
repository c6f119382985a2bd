/// Everything a scan needs, gathered in one value (built by the CLI or by tests).
public struct ScanConfiguration: Sendable {
  public var inputs: [InputFile] = []
  /// Forced format id (`--format`); nil = sniff per file.
  public var format: String?
  /// `--account-field` dotted path.
  public var accountField: String?
  public var mapping: FieldMapping?
  /// Parser workers (default: active cores).
  public var workers: Int = ScanConfiguration.defaultWorkers
  /// Decompressed bytes per chunk handed to a worker.
  public var chunkSize: Int = 2 << 20
  /// Lines longer than this are rejected as `line_too_long` (and skipped, not buffered).
  public var maxLineBytes: Int = 64 << 20
  /// Chunks in flight per worker (queue capacity = workers × this). 4 rather than 2: with a reader
  /// and two workers sharing two cores, a deeper queue lets the reader run ahead instead of
  /// idling the workers (LiteLLM bench 1.08 s → 0.93 s wall; +8 MB RSS).
  public var chunksInFlightPerWorker: Int = 4
  /// Stop reading after this many rejected lines (nil = never).
  public var maxErrors: Int?
  /// Compute text features (templates, paraphrases, topics, reasoning cues). Off (`--no-text`)
  /// gives a metadata-only scan: content fingerprints report "not evaluated".
  public var textFeatures = true
  /// Accounts whose every request is collected for a timeline (`distillscan timeline`).
  public var timelineAccounts: Set<String> = []
  /// At most this many timeline entries are kept per worker (the earliest by file order are not
  /// guaranteed; the count of dropped entries is reported).
  public var timelineLimit = 200_000
  /// Fingerprint weights and thresholds (`--config`).
  public var scoring = ScoringConfig.defaults
  /// Called about twice a second with progress, on a background thread.
  public var progress: (@Sendable (ScanProgress) -> Void)?

  public init() {}

  public static var defaultWorkers: Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }
}

/// Snapshot of a running scan, for progress displays.
public struct ScanProgress: Sendable {
  public var bytesCompressedRead: Int
  public var bytesCompressedTotal: Int
  public var bytes: Int
  public var records: Int
  public var elapsed: Double
  public var filesDone: Int
  public var filesTotal: Int
}

import Glibc
