import ArgumentParser
import DistillScanKit
import Glibc

extension SynthFormat: ExpressibleByArgument {}
extension Compression: ExpressibleByArgument {}

struct Synth: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Generate a labelled synthetic corpus of LLM API logs (benign traffic and distillation campaigns).",
    discussion: """
      Writes hourly log files laid out as real systems write them (canonical .jsonl.zst, LiteLLM SpendLogs \
      .jsonl.lz4, Bedrock AWSLogs/…/*.json.gz trees) plus DIR/truth.csv (account,label,scenario,cluster). \
      Output is byte-identical for a given seed and options.
      """)

  @Option(name: .long, help: "Output directory.")
  var out: String

  @Option(name: .long, help: "PRNG seed.")
  var seed: UInt64 = 1

  @Option(name: .long, help: "Number of accounts (about 12% are attackers; cluster members count each).")
  var accounts = 200

  @Option(name: .long, help: "Days of traffic.")
  var days = 2

  @Option(name: .long, help: "Target uncompressed size, e.g. 500M or 1G (scales request volume).")
  var size: String?

  @Option(name: .long, help: "Log format: canonical, bedrock, openai (LiteLLM), helicone, or mixed (each account on canonical, openai or bedrock).")
  var format: SynthFormat = .canonical

  @Option(name: .long, help: "Compression (default: zstd for canonical, lz4 for openai, gzip for bedrock).")
  var compress: Compression?

  @Option(name: .long, help: "Directory of the public prompt sets (*.jsonl.gz); default ../shared/data/prompts if present.")
  var prompts: String?

  @Option(name: .long, help: "Window start, YYYY-MM-DD or RFC 3339 (UTC). Default 2026-02-09.")
  var start: String?

  @Flag(name: [.short, .long], help: "No summary on stderr.")
  var quiet = false

  func validate() throws {
    if accounts < 1 { throw ValidationError("--accounts must be at least 1") }
    if days < 1 || days > 366 { throw ValidationError("--days must be between 1 and 366") }
    if let size, Self.parseSize(size) == nil { throw ValidationError("--size: expected bytes with optional K/M/G suffix, got '\(size)'") }
    if let start, Timestamp.parse(start) == nil { throw ValidationError("--start: expected YYYY-MM-DD or RFC 3339, got '\(start)'") }
    // Writing into a used directory would mix two corpora under one truth.csv.
    if Self.isNonEmptyDirectory(out) { throw ValidationError("--out \(out) is not empty; choose a new directory") }
  }

  static func isNonEmptyDirectory(_ path: String) -> Bool {
    guard let d = opendir(path) else { return false }
    defer { closedir(d) }
    while let e = readdir(d) {
      let name = withUnsafeBytes(of: e.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
      if name != "." && name != ".." { return true }
    }
    return false
  }

  /// `1G`, `500M`, `64k`, `12345` → bytes (powers of 1000, like the size we report).
  static func parseSize(_ s: String) -> Int? {
    guard let last = s.last else { return nil }
    var mult = 1
    var digits = Substring(s)
    switch last.lowercased() {
    case "k": mult = 1_000
    case "m": mult = 1_000_000
    case "g": mult = 1_000_000_000
    default: break
    }
    if mult != 1 { digits = digits.dropLast() }
    guard let v = Double(digits), v > 0 else { return nil }
    return Int(v * Double(mult))
  }

  func run() throws {
    var o = SynthOptions(outDir: out)
    o.seed = seed
    o.accounts = accounts
    o.days = days
    o.size = size.flatMap(Self.parseSize)
    o.format = format
    o.compress = compress
    if let start, let t = Timestamp.parse(start) { o.start = t }
    var dir = prompts
    if dir == nil {
      let fallback = "../shared/data/prompts"
      if access(fallback, R_OK) == 0 { dir = fallback }
    }
    let lib = PromptLibrary.load(directory: dir)
    if !quiet {
      Stderr.print(
        lib.fromFiles
          ? "prompts: \(lib.filesRead.count) sets from \(dir ?? "")"
          : "prompts: built-in generator (no prompt sets found\(dir.map { " in \($0)" } ?? ""))")
    }
    let s: SynthSummary
    do {
      s = try SynthEngine.run(o, library: lib)
    } catch {
      Stderr.print("distillscan: \(error)")
      throw ExitStatus.internalError
    }
    if !quiet {
      Stderr.print(
        "\(s.accounts) accounts (\(s.attackers) attackers, \(s.clusters) clusters), \(s.requests) requests, "
          + "\(fmt(Double(s.bytesUncompressed) / 1e6)) MB uncompressed, \(fmt(Double(s.bytesWritten) / 1e6)) MB written "
          + "in \(s.files) files; scale \(fmt(s.scale)); \(fmt(s.seconds)) s (\(fmt(Double(s.bytesUncompressed) / 1e6 / max(s.seconds, 1e-9))) MB/s)")
      for (k, v) in s.scenarioCounts { Stderr.print("  \(k): \(v)") }
    }
  }

  private func fmt(_ v: Double) -> String { JSONWriter.formatDouble(v, digits: 2) }
}
