import DistillScanKit
import Foundation
import Testing

/// `distillscan timeline`: every request of an account, in time order, with its source line.
@Suite struct TimelineTests {
  let corpus = repoRoot + "/Fixtures/corpus/canonical"

  @Test func timelineListsEveryRequestOfTheAccountInTimeOrder() throws {
    let tmp = makeTemp()
    defer { sh("rm -rf '\(tmp)'") }
    let bin = distillscanBinary()
    // Pick the busiest account from a scan, then ask for its timeline.
    #expect(sh("'\(bin)' scan '\(corpus)' --out '\(tmp)/scan' --report jsonl -q >/dev/null") == 0)
    let accounts = try Evaluation.parseAccounts(readWholeFile(tmp + "/scan/accounts.jsonl"))
    let busiest = try #require(accounts.max { ($0.requests, $1.account) < ($1.requests, $0.account) })
    #expect(sh("'\(bin)' timeline --account '\(busiest.account)' '\(corpus)' --json > '\(tmp)/t.jsonl' 2>/dev/null") == 0)
    let lines = String(decoding: try readWholeFile(tmp + "/t.jsonl"), as: UTF8.self).split(separator: "\n")
    #expect(lines.count == busiest.requests)
    var last = ""
    for l in lines {
      let obj = try #require(try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any])
      #expect(obj["account"] as? String == busiest.account)
      let ts = try #require(obj["timestamp"] as? String)
      #expect(ts >= last)
      last = ts
      #expect((obj["source"] as? String)?.contains(".jsonl.zst:") == true)
    }
    // No request for an unknown account: exit 1, like grep.
    #expect(sh("'\(bin)' timeline --account no-such-account '\(corpus)' >/dev/null 2>&1") == 1)
    #expect(sh("'\(bin)' timeline '\(corpus)' >/dev/null 2>&1") == 64)
  }
}
