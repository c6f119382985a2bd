import Dispatch
import Glibc
import Synchronization

/// Settings of one `distillscan synth` run.
public struct SynthOptions: Sendable {
  public var outDir: String
  public var seed: UInt64 = 1
  public var accounts = 200
  public var days = 2
  /// Target uncompressed size in bytes; nil = the natural volume (scale 1).
  public var size: Int?
  public var format = SynthFormat.canonical
  /// nil = the format's usual codec (canonical zstd, openai lz4, bedrock gzip).
  public var compress: Compression?
  /// Window start (epoch seconds, UTC); default Monday 2026-02-09 00:00Z.
  public var start: Double = 1_770_595_200

  public init(outDir: String) { self.outDir = outDir }

  /// Writer partitions. Fixed (not the core count) so that the output is identical on every
  /// machine: each partition owns every second account and writes its own hourly files.
  public static let shards = 2
}

/// What a synth run produced.
public struct SynthSummary: Sendable {
  public var accounts: Int
  public var attackers: Int
  /// (scenario, accounts), in the order of ``SynthScenario/allCases``.
  public var scenarioCounts: [(String, Int)]
  public var clusters: Int
  public var requests: Int
  public var bytesUncompressed: Int
  public var bytesWritten: Int
  public var files: Int
  /// Volume multiplier used (from `--size`).
  public var scale: Double
  public var seconds: Double
}

/// Generates a labelled corpus: log files laid out as real systems write them, plus `truth.csv`.
public enum SynthEngine {
  public static func run(_ o: SynthOptions, library: PromptLibrary) throws(DistillScanError) -> SynthSummary {
    let t0 = monotonicSeconds()
    guard o.accounts >= 1, o.days >= 1 else { throw DistillScanError(.usage, "--accounts and --days must be at least 1") }
    let plan = SynthPlan.build(seed: o.seed, accounts: o.accounts, days: o.days, start: o.start, format: o.format)
    var scale = 1.0
    if let size = o.size {
      // Calibrate: generate at scale 1 without writing, then scale every rate linearly.
      let dry = try generate(plan, o, library: library, scale: 1, write: false)
      scale = max(0.001, Double(size) / Double(max(1, dry.raw)))
      // Small targets are not linear (every account sends at least one request, some scenarios
      // have fixed volumes), so refine with a few cheap dry runs; big targets are linear enough.
      if size < 64 << 20 {
        for _ in 0..<3 {
          let again = try generate(plan, o, library: library, scale: scale, write: false)
          let ratio = Double(size) / Double(max(1, again.raw))
          if abs(ratio - 1) < 0.05 { break }
          scale = max(0.001, scale * ratio)
        }
      }
    }
    try makeDirectories(o.outDir)
    let res = try generate(plan, o, library: library, scale: scale, write: true)
    try writeTruth(plan, to: o.outDir + "/truth.csv")
    var counts: [(String, Int)] = []
    for s in SynthScenario.allCases {
      let n = plan.accounts.filter { $0.scenario == s }.count
      if n > 0 { counts.append((s.rawValue, n)) }
    }
    return SynthSummary(
      accounts: plan.accounts.count, attackers: plan.accounts.filter { $0.scenario.isAttack }.count, scenarioCounts: counts,
      clusters: Set(plan.accounts.compactMap(\.cluster)).count, requests: res.requests, bytesUncompressed: res.raw,
      bytesWritten: res.written, files: res.files + 1, scale: scale, seconds: monotonicSeconds() - t0)
  }

  struct Totals: Sendable {
    var requests = 0
    var raw = 0
    var written = 0
    var files = 0
    var error: DistillScanError?
    mutating func add(_ o: Totals) {
      requests += o.requests
      raw += o.raw
      written += o.written
      files += o.files
      error = error ?? o.error
    }
  }

  static func generate(_ plan: SynthPlan, _ o: SynthOptions, library: PromptLibrary, scale: Double, write: Bool) throws(DistillScanError) -> Totals {
    let totals = Mutex(Totals())
    DispatchQueue.concurrentPerform(iterations: SynthOptions.shards) { shard in
      var t = Totals()
      do throws(DistillScanError) {
        var sims = plan.accounts.filter { $0.index % SynthOptions.shards == shard }.map {
          AccountSim($0, lib: library, plan: plan, scale: scale)
        }
        var sink = FileSink(plan: plan, options: o, shard: shard, write: write)
        var reqs: [SynthRequest] = []
        for h in 0..<plan.hours {
          let ctx = HourContext(start: plan.windowStart + Double(h) * 3600, index: h, scale: scale, release: plan.release)
          reqs.removeAll(keepingCapacity: true)
          for i in sims.indices { sims[i].hour(ctx, into: &reqs) }
          reqs.sort { ($0.ts, $0.account, $0.seq) < ($1.ts, $1.account, $1.seq) }
          try sink.writeHour(ctx, reqs)
          t.requests += reqs.count
        }
        t.raw = sink.raw
        t.written = sink.written
        t.files = sink.files
      } catch {
        t.error = error
      }
      totals.withLock { $0.add(t) }
    }
    let r = totals.withLock { $0 }
    if let e = r.error { throw e }
    return r
  }

  static func writeTruth(_ plan: SynthPlan, to path: String) throws(DistillScanError) {
    var lines = ["account,label,scenario,cluster"]
    for a in plan.accounts.sorted(by: { $0.key < $1.key }) {
      lines.append("\(csvField(a.key)),\(a.scenario.isAttack ? "attack" : "benign"),\(a.scenario.rawValue),\(a.cluster ?? "")")
    }
    try writeFileAtomically(path, Array((lines.joined(separator: "\n") + "\n").utf8))
  }

  static func csvField(_ s: String) -> String {
    guard s.contains(",") || s.contains("\"") || s.contains("\n") else { return s }
    return "\"" + s.replacing("\"", with: "\"\"") + "\""
  }

  static func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }
}

/// Serialises one shard's hours into files (or only counts bytes, for `--size` calibration).
struct FileSink {
  let plan: SynthPlan
  let options: SynthOptions
  let shard: Int
  let write: Bool
  let ser: SynthSerializer
  var raw = 0
  var written = 0
  var files = 0
  var dirs = Set<String>()
  var r: SynthRandom
  static let bucket = "synth-bedrock-logs"

  init(plan: SynthPlan, options: SynthOptions, shard: Int, write: Bool) {
    self.plan = plan
    self.options = options
    self.shard = shard
    self.write = write
    ser = SynthSerializer(accounts: plan.accounts)
    r = SynthRandom(seed: options.seed).derive(99, UInt64(shard))
  }

  func codec(_ f: SynthFormat) -> Compression {
    if let c = options.compress { return c }
    switch f {
    case .bedrock: return .gzip
    case .openai: return .lz4
    default: return .zstd
    }
  }

  mutating func writeHour(_ c: HourContext, _ reqs: [SynthRequest]) throws(DistillScanError) {
    let clock = SynthClock(c.start)
    var canonical: [UInt8] = []
    var openai: [UInt8] = []
    var helicone: [UInt8] = []
    // Bedrock objects: per (AWS account, region), cut into ~10-minute delivery windows.
    var bedrock: [String: [UInt8]] = [:]
    var bedrockOrder: [String] = []
    for q in reqs {
      let a = plan.accounts[q.account]
      switch a.format {
      case .openai: ser.litellm(q, into: &openai)
      case .helicone: ser.helicone(q, into: &helicone)
      case .bedrock:
        let prefix = "AWSLogs/\(a.awsAccount)/BedrockModelInvocationLogs/\(a.region)/\(clock.hourPath)"
        let window = Int((q.ts - c.start) / 600)
        let k = prefix + "|" + String(window)
        if bedrock[k] == nil { bedrockOrder.append(k) }
        var buf = bedrock[k] ?? []
        bedrock[k] = nil  // keep the buffer uniquely referenced while appending
        if let side = ser.bedrock(q, hourPrefix: prefix, bucketPrefix: Self.bucket, into: &buf) {
          try emit(prefix + "/" + side.name, side.body, codec: .gzip, exactName: true)
        }
        bedrock[k] = buf
      default: ser.canonical(q, into: &canonical)
      }
    }
    let stamp = clock.hourStamp
    let day = "\(SynthClock.pad(clock.year, 4))/\(SynthClock.pad(clock.month, 2))/\(SynthClock.pad(clock.day, 2))"
    if !canonical.isEmpty {
      try emit("canonical/\(day)/\(stamp)-\(shard).jsonl", canonical, codec: codec(.canonical))
    }
    if !openai.isEmpty {
      try emit("litellm/spend_logs/\(day)/spend_logs-\(stamp)-\(shard).jsonl", openai, codec: codec(.openai))
    }
    if !helicone.isEmpty {
      try emit("helicone/\(day)/requests-\(stamp)-\(shard).jsonl", helicone, codec: codec(.helicone))
    }
    for k in bedrockOrder {
      let parts = k.split(separator: "|")
      let window = Double(Int(parts[1])!)
      // Object key time = delivery time: end of the window plus a short delay, inside the hour.
      let t = min(c.start + (window + 1) * 600 + r.double(5, 90), c.start + 3599.999)
      let name = "\(parts[0])/\(SynthClock(t).compactMillis)_\(r.hex(16)).json"
      try emit(name, bedrock[k]!, codec: codec(.bedrock))
    }
  }

  mutating func emit(_ relPath: String, _ bytes: [UInt8], codec: Compression, exactName: Bool = false) throws(DistillScanError) {
    raw += bytes.count
    files += 1
    guard write else { return }
    let path = options.outDir + "/" + relPath + (exactName ? "" : Compressor.suffix(codec))
    if let slash = path.lastIndex(of: "/") {
      let dir = String(path[..<slash])
      if !dirs.contains(dir) {
        try makeDirectories(dir)
        dirs.insert(dir)
      }
    }
    let data = try Compressor.compress(bytes, codec)
    written += data.count
    try writeFileAtomically(path, data)
  }
}
