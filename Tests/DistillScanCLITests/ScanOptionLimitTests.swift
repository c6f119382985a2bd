import ArgumentParser
import Foundation
import DistillScanKit
import Testing
@testable import distillscan

@Suite("scan option limits")
struct ScanOptionLimitTests {
  /// `--chunk-size 9223372036854775807` passed validation and trapped allocating the first
  /// buffer ("failed to allocate … bytes"); it is a usage error now.
  @Test func hugeChunkSizeIsAUsageError() throws {
    #expect(throws: (any Error).self) { try Scan.parse(["x", "--chunk-size", "9223372036854775807"]) }
    #expect(throws: (any Error).self) { try Scan.parse(["x", "--chunk-size", "\(Scan.maxChunkSize + 1)"]) }
    let ok = try Scan.parse(["x", "--chunk-size", "\(Scan.maxChunkSize)"])
    #expect(ok.chunkSize == Scan.maxChunkSize)
  }
}

@Suite("scan input-error messages")
struct ScanInputErrorMessageTests {
  /// With -q, a scan whose every line was rejected exited 2 with nothing on stderr.
  @Test func everyLineRejectedSaysSoEvenWhenQuiet() throws {
    let dir = makeTemp()
    let input = dir + "/bad.jsonl"
    let err = dir + "/err.txt"
    #expect(sh("printf 'not json\\n{\\n' > '\(input)'") == 0)
    let status = sh("'\(distillscanBinary())' scan '\(input)' -q > /dev/null 2> '\(err)'")
    #expect(status == 2)
    let text = String(decoding: try readWholeFile(err), as: UTF8.self)
    #expect(text.contains("rejected"), "stderr: \(text)")
  }
}

@Suite struct InputOptionValidationTests {
  @Test func emptyAccountFieldAndAbsurdWorkerCountsAreUsageErrors() {
    let bin = distillscanBinary()
    let corpus = repoRoot + "/Fixtures/corpus/canonical"
    #expect(sh("'\(bin)' scan '\(corpus)' --account-field '' -q >/dev/null 2>&1") == 64)
    #expect(sh("'\(bin)' scan '\(corpus)' --account-field '.' -q >/dev/null 2>&1") == 64)
    #expect(sh("'\(bin)' scan '\(corpus)' --workers 100000 -q >/dev/null 2>&1") == 64)
    #expect(sh("'\(bin)' timeline --account x '\(corpus)' --workers 0 >/dev/null 2>&1") == 64)
  }
}

@Suite struct MergeCommandTests {
  /// scan --partial-out over two halves, then merge: the same accounts.jsonl as one scan; a
  /// corrupt partial is an input error (2) with a message, a mismatched one a usage error (64).
  @Test func mergeOfPartialsEqualsOneScan() throws {
    let bin = distillscanBinary()
    let dir = makeTemp()
    let corpus = repoRoot + "/Fixtures/corpus"
    #expect(sh("'\(bin)' scan '\(corpus)/canonical' '\(corpus)/openai' --out '\(dir)/one' --report jsonl -q > /dev/null") == 0)
    #expect(sh("'\(bin)' scan '\(corpus)/canonical' --partial-out '\(dir)/a.dsp' -q > /dev/null") == 0)
    #expect(sh("'\(bin)' scan '\(corpus)/openai' --partial-out '\(dir)/b.dsp' -q > /dev/null") == 0)
    #expect(sh("'\(bin)' merge '\(dir)/a.dsp' '\(dir)/b.dsp' --out '\(dir)/merged' --report jsonl -q > /dev/null") == 0)
    let one = try readWholeFile(dir + "/one/accounts.jsonl"), merged = try readWholeFile(dir + "/merged/accounts.jsonl")
    #expect(!one.isEmpty && one == merged)
    #expect(sh("'\(bin)' merge '\(dir)/a.dsp' '\(dir)/b.dsp' --fail-on low -q > /dev/null") == 1)

    #expect(sh("head -c 300 '\(dir)/a.dsp' > '\(dir)/cut.dsp'") == 0)
    #expect(sh("'\(bin)' merge '\(dir)/cut.dsp' -q > /dev/null 2> '\(dir)/err.txt'") == 2)
    let err = String(decoding: try readWholeFile(dir + "/err.txt"), as: UTF8.self)
    #expect(err.contains("cut.dsp") && err.contains("truncated"), "stderr: \(err)")
    #expect(sh("'\(bin)' merge '\(corpus)/canonical/truth.csv' -q > /dev/null 2>&1") == 2, "not a partial-state file")

    #expect(sh("'\(bin)' scan '\(corpus)/openai' --no-text --partial-out '\(dir)/c.dsp' -q > /dev/null") == 0)
    #expect(sh("'\(bin)' merge '\(dir)/a.dsp' '\(dir)/c.dsp' -q > /dev/null 2>&1") == 64)
  }

  /// `scan --store --incremental --partial-out` with nothing new still writes the partial (empty),
  /// so a merge step that follows does not fail on a missing file.
  @Test func incrementalScanWithNothingNewWritesAnEmptyPartial() throws {
    let bin = distillscanBinary()
    let dir = makeTemp()
    let corpus = repoRoot + "/Fixtures/corpus/canonical"
    let store = dir + "/cases.db"
    #expect(sh("'\(bin)' scan '\(corpus)' --store '\(store)' --incremental --partial-out '\(dir)/n1.dsp' -q > /dev/null") == 0)
    #expect(sh("'\(bin)' scan '\(corpus)' --store '\(store)' --incremental --partial-out '\(dir)/n2.dsp' -q > /dev/null") == 0)
    #expect(sh("test -s '\(dir)/n2.dsp'") == 0, "the empty partial is written")
    #expect(sh("'\(bin)' merge '\(dir)/n1.dsp' '\(dir)/n2.dsp' --out '\(dir)/m' --report jsonl -q > /dev/null") == 0)
    #expect(sh("'\(bin)' merge '\(dir)/n1.dsp' --out '\(dir)/m1' --report jsonl -q > /dev/null") == 0)
    #expect(try readWholeFile(dir + "/m/accounts.jsonl") == readWholeFile(dir + "/m1/accounts.jsonl"))
  }

  /// `merge --store` records the merged run: history lists it and diff compares it with a scan.
  @Test func mergeRecordsItsRunInTheCaseStore() throws {
    let bin = distillscanBinary()
    let dir = makeTemp()
    let corpus = repoRoot + "/Fixtures/corpus/canonical"
    let store = dir + "/cases.db"
    #expect(sh("'\(bin)' scan '\(corpus)' --store '\(store)' --partial-out '\(dir)/a.dsp' -q > /dev/null") == 0)
    #expect(sh("'\(bin)' merge '\(dir)/a.dsp' --store '\(store)' -q > /dev/null") == 0)
    #expect(sh("'\(bin)' history --store '\(store)' --json > '\(dir)/h.json'") == 0)
    let runs = String(decoding: try readWholeFile(dir + "/h.json"), as: UTF8.self)
    #expect(runs.contains("a.dsp"), "the merged run lists its partials as inputs: \(runs.prefix(400))")
    // Same state merged: nothing new, nothing resolved.
    #expect(sh("'\(bin)' diff --store '\(store)' --json > '\(dir)/d.json'") == 0)
    let diff = String(decoding: try readWholeFile(dir + "/d.json"), as: UTF8.self)
    #expect(diff.contains("\"new\":[]") && diff.contains("\"resolved\":[]"), "\(diff.prefix(600))")
    #expect(sh("'\(bin)' merge '\(dir)/a.dsp' --store '\(dir)/nonexistent-dir/x/cases.db' -q > /dev/null 2>&1") == 2)
  }
}

@Suite struct InvestigateRequestsTests {
  /// `investigate --requests` re-reads the account's raw requests from the files its runs read
  /// (DESIGN §1: "with the raw requests re-read on demand"); missing files are skipped, none left
  /// is an input error.
  @Test func rawRequestsAreReReadFromTheRunsFiles() throws {
    let bin = distillscanBinary()
    let dir = makeTemp()
    #expect(sh("cp -r '\(repoRoot)/Fixtures/corpus/canonical' '\(dir)/logs'") == 0)
    let store = dir + "/cases.db"
    #expect(sh("'\(bin)' scan '\(dir)/logs' --store '\(store)' --out '\(dir)/r' --report jsonl -q > /dev/null") == 0)
    let first = String(decoding: try readWholeFile(dir + "/r/accounts.jsonl"), as: UTF8.self).split(separator: "\n")[0]
    let account = try #require(
      (try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])?["account"] as? String)
    #expect(sh("'\(bin)' investigate --store '\(store)' --account '\(account)' --requests --json > '\(dir)/inv.jsonl' 2>/dev/null") == 0)
    let lines = String(decoding: try readWholeFile(dir + "/inv.jsonl"), as: UTF8.self).split(separator: "\n")
    let requests = lines.dropFirst().filter { $0.contains("\"request_id\"") && $0.contains(account) }
    #expect(requests.count >= 5, "the card, then the account's requests as JSON lines")
    #expect(sh("rm -rf '\(dir)/logs'") == 0)
    #expect(sh("'\(bin)' investigate --store '\(store)' --account '\(account)' --requests > /dev/null 2>&1") == 2)
  }
}

@Suite struct CaseStoreConcurrencyTests {
  /// Two cron jobs creating the same new store at once: before the fix about half of such pairs
  /// failed ("table already exists", or the half-created store was "not a case store").
  /// (Started with Process, not `sh … & wait`: system() blocks SIGCHLD, and the shell's wait hangs.)
  @Test func concurrentFirstScansBothRecordTheirRun() throws {
    let bin = distillscanBinary()
    let dir = makeTemp()
    let input = repoRoot + "/Fixtures/formats/openai/envelopes.jsonl"
    for i in 0..<20 {
      let store = "\(dir)/c\(i).db"
      let pair = (0..<2).map { _ -> Process in
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = ["scan", input, "--store", store, "-q"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        return p
      }
      for p in pair { try p.run() }
      for p in pair { p.waitUntilExit() }
      #expect(pair.map(\.terminationStatus) == [0, 0], "pair \(i)")
      #expect(sh("'\(bin)' history --store '\(store)' > '\(dir)/h\(i).txt' 2>&1") == 0)
      let runs = String(decoding: try readWholeFile("\(dir)/h\(i).txt"), as: UTF8.self).split(separator: "\n").count - 1
      #expect(runs == 2, "pair \(i): both runs recorded")
    }
  }
}

@Suite struct PruneCommandTests {
  @Test func pruneExitCodes() throws {
    let bin = distillscanBinary()
    let dir = makeTemp()
    let corpus = repoRoot + "/Fixtures/corpus/canonical"
    for _ in 0..<2 { #expect(sh("'\(bin)' scan '\(corpus)' --store '\(dir)/c.db' -q > /dev/null") == 0) }
    #expect(sh("'\(bin)' prune --store '\(dir)/c.db' --keep 1 --vacuum 2> '\(dir)/err.txt'") == 0)
    #expect(String(decoding: try readWholeFile(dir + "/err.txt"), as: UTF8.self).contains("pruned 1 run"))
    #expect(sh("'\(bin)' diff --store '\(dir)/c.db' > /dev/null 2>&1") == 0, "diff still runs (the older run has no incidents left)")
    #expect(sh("'\(bin)' prune --store '\(dir)/c.db' --keep 0 > /dev/null 2>&1") == 64)
    #expect(sh("'\(bin)' prune --store '\(dir)/missing.db' --keep 3 > /dev/null 2>&1") == 2)
  }
}
