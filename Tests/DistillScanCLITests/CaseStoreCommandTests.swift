import DistillScanKit
import Foundation
import Testing

/// `scan --store [--incremental]`, `history`, `diff`, `verdict`, `investigate` through the built
/// binary: outputs, stderr and exit codes (README, "Exit codes").
@Suite struct CaseStoreCommandTests {
  let day = repoRoot + "/Fixtures/corpus/canonical/canonical/2026/02/09"

  func read(_ path: String) throws -> String { String(decoding: try readWholeFile(path), as: UTF8.self) }
  func json(_ path: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(readWholeFile(path))) as? [String: Any])
  }

  /// The nightly cycle: night 1 sees the early hours, night 2 (incremental) the rest; an analyst
  /// records a verdict; night 3 (full) shows it in its reports.
  @Test func nightlyCycleWithIncrementalRunsVerdictsHistoryAndDiff() throws {
    let tmp = makeTemp()
    defer { sh("rm -rf '\(tmp)'") }
    let bin = distillscanBinary()
    let db = tmp + "/cases.db"
    // Night 1: hours 00–09 only (copied into an archive folder that grows, as a real one does).
    #expect(sh("mkdir -p '\(tmp)/archive' && cp '\(day)'/20260209T0* '\(tmp)/archive/'") == 0)
    let early = Set(try FileManager.default.contentsOfDirectory(atPath: tmp + "/archive")).count
    #expect(sh("'\(bin)' scan '\(tmp)/archive' --store '\(db)' --incremental --report json --out '\(tmp)/n1' > /dev/null 2> '\(tmp)/n1.err'") == 0)
    #expect(try read(tmp + "/n1.err").contains("skipped 0 of \(early) input files"))

    // Night 2: the rest of the day arrives; only the new files are read.
    #expect(sh("cp '\(day)'/*.zst '\(tmp)/archive/'") == 0)
    let total = try FileManager.default.contentsOfDirectory(atPath: tmp + "/archive").count
    #expect(sh("'\(bin)' scan '\(tmp)/archive' --store '\(db)' --incremental --report json --out '\(tmp)/n2' > /dev/null 2> '\(tmp)/n2.err'") == 0)
    #expect(try read(tmp + "/n2.err").contains("skipped \(early) of \(total) input files"))
    #expect((try json(tmp + "/n2/report.json")["input"] as? [String: Any])?["files"] as? Int == total - early)
    // Night 2 again: nothing new, nothing recorded, exit 0.
    #expect(sh("'\(bin)' scan '\(tmp)/archive' --store '\(db)' --incremental > '\(tmp)/n2b.out' 2> '\(tmp)/n2b.err'") == 0)
    #expect(try read(tmp + "/n2b.err").contains("nothing new to scan"))
    #expect(sh("'\(bin)' history --store '\(db)' --json > '\(tmp)/runs.json'") == 0)
    let runs = try #require(try JSONSerialization.jsonObject(with: Data(readWholeFile(tmp + "/runs.json"))) as? [[String: Any]])
    #expect(runs.map { $0["incremental"] as? Bool } == [true, true])

    // Night 3: a full scan of the whole day. Pick its top account incident.
    #expect(sh("'\(bin)' scan '\(tmp)/archive' --store '\(db)' --report json --out '\(tmp)/n3' -q > /dev/null") == 0)
    let n3 = try #require(try json(tmp + "/n3/report.json")["incidents"] as? [[String: Any]])
    let top = try #require(n3.first { $0["kind"] as? String == "account" })
    let account = try #require(top["subject"] as? String)
    #expect(top["verdict"] == nil)

    // History: one row per run that saw the account, as JSON for jq and as a table.
    #expect(sh("'\(bin)' history --store '\(db)' --account '\(account)' --json > '\(tmp)/h.json'") == 0)
    let h = try json(tmp + "/h.json")
    let rows = try #require(h["runs"] as? [[String: Any]])
    #expect(rows.map { $0["run"] as? Int } == [1, 2, 3])
    #expect(rows.last?["score"] as? Double == top["score"] as? Double)
    #expect(rows.last?["incident"] as? String == top["id"] as? String)
    #expect(sh("'\(bin)' history --store '\(db)' --account '\(account)' | grep -q 'incremental run'") == 0)

    // Verdict, then a later scan shows it: report.json and the terminal table.
    #expect(sh("'\(bin)' verdict --store '\(db)' '\(account)' --set false-positive --note 'QA load test' --analyst ana 2>/dev/null") == 0)
    #expect(sh("'\(bin)' scan '\(tmp)/archive' --store '\(db)' --report json --out '\(tmp)/n4' -q > '\(tmp)/n4.out'") == 0)
    let n4 = try #require(try json(tmp + "/n4/report.json")["incidents"] as? [[String: Any]])
    let verdict = try #require(n4.first { $0["id"] as? String == top["id"] as? String }?["verdict"] as? [String: Any])
    #expect(verdict["verdict"] as? String == "false-positive" && verdict["note"] as? String == "QA load test" && verdict["analyst"] as? String == "ana")
    let table = try read(tmp + "/n4.out")
    #expect(table.contains("VERDICT") && table.contains("false-positive"))
    #expect(sh("'\(bin)' history --store '\(db)' --account '\(account)' | grep -q 'QA load test'") == 0)

    // Diff of the last two (identical) full scans: nothing new, nothing resolved.
    #expect(sh("'\(bin)' diff --store '\(db)' --json > '\(tmp)/d.json'") == 0)
    let d = try json(tmp + "/d.json")
    #expect((d["new"] as? [Any])?.isEmpty == true && (d["resolved"] as? [Any])?.isEmpty == true)
    #expect((d["from"] as? [String: Any])?["id"] as? Int == 3 && (d["to"] as? [String: Any])?["id"] as? Int == 4)
    // Night 2 (incremental, late hours) against night 1 (early hours): incidents differ.
    #expect(sh("'\(bin)' diff --store '\(db)' --from 1 --to 3 > '\(tmp)/d13.txt'") == 0)
    #expect(try read(tmp + "/d13.txt").contains("Run 1 ("))

    // Investigate: the card, the history and the verdict.
    #expect(sh("'\(bin)' investigate --store '\(db)' --account '\(account)' > '\(tmp)/inv.txt'") == 0)
    let inv = try read(tmp + "/inv.txt")
    #expect(inv.contains("Why it fired") && inv.contains("false-positive") && inv.contains("distillscan timeline --account"))
    #expect(sh("'\(bin)' investigate --store '\(db)' --account '\(account)' --json | grep -q '\"incident\":{\"id\"'") == 0)
  }

  @Test func storeErrorsAndUsageMapToTheDocumentedExitCodes() throws {
    let tmp = makeTemp()
    defer { sh("rm -rf '\(tmp)'") }
    let bin = distillscanBinary()
    let db = tmp + "/cases.db"
    // Usage (64): --incremental without a store; a bad verdict; a bad run id.
    #expect(sh("'\(bin)' scan '\(day)' --incremental > /dev/null 2>&1") == 64)
    // Missing store for the read commands: input error (2), with the reason on stderr; not created.
    #expect(sh("'\(bin)' history --store '\(db)' --account x > /dev/null 2> '\(tmp)/e1'") == 2)
    #expect(try read(tmp + "/e1").contains("no case store here"))
    #expect(sh("test -e '\(db)'") != 0)
    // A corrupt store: 2 for scan (before reading any log) and for the read commands; no crash.
    #expect(sh("head -c 5000 /dev/urandom > '\(tmp)/junk.db'") == 0)
    #expect(sh("'\(bin)' scan '\(day)' --store '\(tmp)/junk.db' --out '\(tmp)/o' > /dev/null 2> '\(tmp)/e2'") == 2)
    #expect(try read(tmp + "/e2").contains("not a distillscan case store"))
    #expect(sh("test -e '\(tmp)/o/report.json'") != 0)
    for cmd in ["history --account x", "diff", "investigate --account x", "verdict x --set benign"] {
      #expect(sh("'\(bin)' \(cmd) --store '\(tmp)/junk.db' > /dev/null 2>&1") == 2, "\(cmd)")
    }

    #expect(sh("'\(bin)' scan '\(day)' --store '\(db)' -q > /dev/null") == 0)
    // One run: nothing to compare (2); an unknown run id is a usage error (64).
    #expect(sh("'\(bin)' diff --store '\(db)' > /dev/null 2>&1") == 2)
    #expect(sh("'\(bin)' diff --store '\(db)' --from 1 --to 9 > /dev/null 2>&1") == 64)
    // Unknown account: 1, like grep; unknown verdict subject: 64 unless --force.
    #expect(sh("'\(bin)' history --store '\(db)' --account no-such > /dev/null 2>&1") == 1)
    #expect(sh("'\(bin)' investigate --store '\(db)' --account no-such > /dev/null 2>&1") == 1)
    #expect(sh("'\(bin)' verdict --store '\(db)' no-such --set benign > /dev/null 2>&1") == 64)
    #expect(sh("'\(bin)' verdict --store '\(db)' no-such --set benign --force > /dev/null 2>&1") == 0)
    #expect(sh("'\(bin)' verdict --store '\(db)' no-such --set maybe > /dev/null 2>&1") == 64)
  }
}
