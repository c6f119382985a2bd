import Testing

@testable import DistillScanKit

/// Corrupt timestamps are treated as absent instead of overflowing minute/hour arithmetic.
@Suite struct TimestampRangeTests {
  @Test(arguments: ["1e300", "-1e18", "\"99999-99-99\"", "\"2500-01-01T00:00:00Z\"", "1e309"])
  func implausibleTimesAreAbsent(_ value: String) throws {
    let line = #"{"v":"ds1","ts":"# + value + #","account":"x","prompt":"hi"}"#
    var doc = JSONDocument()
    let bytes = Array(line.utf8)
    var ctx = DecodeContext()
    try bytes.withUnsafeBufferPointer { b in
      try doc.parse(b.baseAddress!, count: b.count)
      guard case .record(let r) = CanonicalFormat().decode(doc, root: 0, context: &ctx) else {
        Issue.record("record rejected")
        return
      }
      #expect(r.timestamp == nil)
    }
  }

  @Test func plausibleTimesParse() {
    #expect(Timestamp.parse("2026-02-14T09:31:07Z") == 1_771_061_467)
    #expect(Timestamp.parse("1771061467") == 1_771_061_467)
    #expect(Timestamp.format(.infinity).hasSuffix("Z"))
  }
}

/// Extreme numbers in any field must not overflow counters or formatting (tests run with overflow
/// checks on, so a regression traps here).
@Suite struct ExtremeValueTests {
  @Test func extremeNumbersAreSurvivedAndCounted() throws {
    let lines = [
      #"{"v":"ds1","ts":"2026-01-01T00:00:00Z","account":"a","prompt":"x","output_tokens":9223372036854775807,"input_tokens":9223372036854775807,"params":{"n":9223372036854775807,"max_tokens":-9223372036854775808,"logit_bias":{"99999999999999999999":1e308,"-5":-1e308}}}"#,
      #"{"v":"ds1","ts":"2026-01-01T00:00:01Z","account":"a","prompt":"x","output_tokens":9223372036854775807,"params":{"n":9223372036854775807,"temperature":1e308,"top_logprobs":9223372036854775807}}"#,
    ]
    var table = AccountTable()
    var doc = JSONDocument()
    var ctx = DecodeContext()
    for line in lines {
      let bytes = Array(line.utf8)
      try bytes.withUnsafeBufferPointer { b in
        try doc.parse(b.baseAddress!, count: b.count)
        guard case .record(var r) = CanonicalFormat().decode(doc, root: 0, context: &ctx) else {
          Issue.record("rejected")
          return
        }
        if let o = r.outputTokens, o > 50_000_000 { r.outputTokens = nil }  // as LineProcessor does
        if let i = r.inputTokens, i > 50_000_000 { r.inputTokens = nil }
        table.add(r)
      }
    }
    let p = try #require(table.profiles["a"])
    #expect(p.requests == 2)
    let result = IngestResult(stats: IngestStats(), accounts: table, files: [], stoppedOnErrors: false, elapsed: 0)
    let report = Scorer.buildReport(result, config: ScanConfiguration(), now: 0)
    // Every writer renders without trapping (OCSF has no finding to write here, so it may be empty).
    for w in ReportWriters.all { _ = w.render(report, options: ReportOptions()) }
    #expect(!JSONReportWriter().render(report, options: ReportOptions()).isEmpty)
  }
}
