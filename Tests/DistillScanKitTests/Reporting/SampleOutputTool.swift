import Foundation
import Testing

@testable import DistillScanKit

/// `SAMPLE_REPORT_DIR=/tmp/x swift test --filter SampleOutputTool` writes every report for the sample
/// and the hostile report there (for screenshots and manual review). Does nothing otherwise.
@Suite struct SampleOutputTool {
  @Test(.enabled(if: ProcessInfo.processInfo.environment["SAMPLE_REPORT_DIR"] != nil, "set SAMPLE_REPORT_DIR to write sample reports"))
  func writeSampleReports() throws {
    let root = URL(fileURLWithPath: try #require(ProcessInfo.processInfo.environment["SAMPLE_REPORT_DIR"]))
    for (name, report) in [("sample", SampleReports.standard()), ("hostile", SampleReports.hostileReport())] {
      let dir = root.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      for w in ReportWriters.all {
        try Data(w.render(report, options: ReportOptions())).write(to: dir.appendingPathComponent(w.fileName))
      }
      try Data(TerminalSummary.render(report, options: ReportOptions()).utf8).write(to: dir.appendingPathComponent("terminal.txt"))
    }
  }
}
