import DistillScanKit
import Glibc
import Testing

/// Repository root, from this file's path (Tests/DistillScanCLITests/<file>).
let repoRoot: String = "\(#filePath)".split(separator: "/").dropLast(3).reduce("") { $0 + "/" + $1 }

/// The `distillscan` binary built next to the test runner.
func distillscanBinary() -> String {
  var buf = [CChar](repeating: 0, count: 4096)
  let n = readlink("/proc/self/exe", &buf, buf.count - 1)
  let exe = n > 0 ? String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
  var dir = exe
  while let slash = dir.lastIndex(of: "/"), !dir.hasSuffix(".build") {
    dir = String(dir[..<slash])
    if access(dir + "/distillscan", X_OK) == 0 { return dir + "/distillscan" }
  }
  return repoRoot + "/.build/debug/distillscan"
}

/// Runs a shell command line; returns its exit status.
@discardableResult
func sh(_ cmd: String) -> Int32 {
  let st = system(cmd)
  return (st >> 8) & 0xFF
}

func makeTemp() -> String {
  var template = Array("/tmp/distillscan-cli-XXXXXX".utf8CString)
  return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
}

/// The quality gate on the committed corpus: fingerprint scores must rank the planted attackers
/// (floors a little under the numbers measured across seeds, see CHANGELOG), and volume alone
/// must stay a poor detector.
@Suite struct FixtureCorpusTests {
  let corpus = repoRoot + "/Fixtures/corpus/canonical"

  func scan() throws -> (IngestResult, [TruthRow]) {
    var config = ScanConfiguration()
    config.inputs = try InputDiscovery.expand([corpus])
    config.workers = 2
    let result = ScanPipeline.run(config)
    let truth = try Evaluation.parseTruth(readWholeFile(corpus + "/truth.csv"))
    return (result, truth)
  }

  @Test func canonicalCorpusScansCleanly() throws {
    let (result, truth) = try scan()
    #expect(result.stats.files > 0)
    #expect(result.stats.rejectedTotal == 0)
    #expect(result.stats.fileIssues.isEmpty)
    #expect(Set(truth.map(\.account)) == Set(result.accounts.profiles.keys))
    #expect(truth.contains { $0.attack } && truth.contains { !$0.attack })
  }

  @Test func fingerprintScoresMeetTheQualityFloor() throws {
    let (result, truth) = try scan()
    var config = ScanConfiguration()
    config.workers = 2
    let report = Scorer.buildReport(result, config: config, now: 0)
    let scores = report.accounts.map { ScoredAccount(account: $0.account, score: $0.score, requests: $0.requests, cluster: $0.cluster) }
    let r = Evaluation.evaluate(truth: truth, scores: scores)
    let ap = try #require(r.averagePrecision)
    let recall = try #require(r.recallAtFPR1)
    #expect(ap >= 0.9, "average precision \(ap)")
    #expect(recall >= 0.85, "recall at ≤1% FPR \(recall)")
    #expect((r.hardNegativeFPR ?? 1) <= 0.02, "hard-negative FPR \(r.hardNegativeFPR ?? -1)")
    #expect((r.clusterMembersCaught ?? 0) >= 0.9, "cluster members caught \(r.clusterMembersCaught ?? -1)")
    // Every incident carries evidence: fingerprints with numbers and exemplars with request ids.
    for inc in report.incidents.prefix(5) {
      #expect(inc.signals.contains { ($0.score ?? 0) > 0 && !$0.evidence.isEmpty })
      #expect(inc.exemplars.contains { $0.requestID != nil && !$0.source.isEmpty })
    }
  }

  @Test func volumeAloneIsAPoorDetector() throws {
    let (result, truth) = try scan()
    let scores = result.accounts.profiles.map { ScoredAccount(account: $0.key, score: Double($0.value.requests), requests: $0.value.requests) }
    let r = Evaluation.evaluate(truth: truth, scores: scores)
    let ap = try #require(r.averagePrecision)
    #expect(ap < 0.5, "volume baseline AP \(ap): heavy benign accounts must make volume a poor detector")
    #expect(r.missing.isEmpty)
  }

  @Test func scanThenEvalThroughTheCLI() throws {
    let tmp = makeTemp()
    defer { sh("rm -rf '\(tmp)'") }
    let bin = distillscanBinary()
    #expect(sh("'\(bin)' scan '\(corpus)' --out '\(tmp)/scan' -q >/dev/null") == 0)
    #expect(sh("'\(bin)' eval --truth '\(corpus)/truth.csv' --accounts '\(tmp)/scan/accounts.jsonl' --baseline volume --json > '\(tmp)/eval.json'") == 0)
    let out = String(decoding: try readWholeFile(tmp + "/eval.json"), as: UTF8.self)
    #expect(out.hasPrefix("{\"baseline\":\"volume\",\"accounts\":80,"))
    #expect(out.contains("\"missing\":[]"))
    // Unreadable input exits 2; a bad option value is a usage error (64).
    #expect(sh("'\(bin)' eval --truth /nonexistent --accounts /nonexistent 2>/dev/null") == 2)
    #expect(sh("'\(bin)' synth --out '\(tmp)/x' --size 12Q 2>/dev/null") == 64)
    // A used output directory is refused rather than mixed with a new corpus.
    #expect(sh("'\(bin)' synth --out '\(tmp)/scan' -q 2>/dev/null") == 64)
  }

  @Test func synthCLIIsDeterministic() throws {
    let tmp = makeTemp()
    defer { sh("rm -rf '\(tmp)'") }
    let bin = distillscanBinary()
    for d in ["a", "b"] {
      #expect(sh("'\(bin)' synth --out '\(tmp)/\(d)' --accounts 30 --days 1 --size 300k --format mixed --seed 5 -q") == 0)
    }
    #expect(sh("diff -r '\(tmp)/a' '\(tmp)/b' >/dev/null") == 0)
  }
}
