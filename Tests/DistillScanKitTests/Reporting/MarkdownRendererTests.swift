import Foundation
import Testing

@testable import DistillScanKit

/// Renders report.md with a real GFM renderer (cmark-gfm, with raw HTML allowed and the autolink and
/// table extensions on, i.e. the most permissive setting) and checks which HTML comes out. Skipped,
/// with the reason shown, when cmark-gfm is not installed (CI: apt-get install cmark-gfm).
@Suite struct MarkdownRendererTests {
  static let cmark: String? = ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm"].first { FileManager.default.isExecutableFile(atPath: $0) }

  static func render(_ md: [UInt8]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: try #require(cmark))
    p.arguments = ["--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tasklist"]
    let input = Pipe()
    let output = Pipe()
    p.standardInput = input
    p.standardOutput = output
    try p.run()
    // Write from another thread: a large document could otherwise fill both pipes and deadlock.
    let writer = Thread {
      input.fileHandleForWriting.write(Data(md))
      try? input.fileHandleForWriting.close()
    }
    writer.start()
    let html = output.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: html, as: UTF8.self)
  }

  static func tags(_ html: String) -> Set<String> {
    let re = try! Regex(#"<([a-zA-Z][a-zA-Z0-9]*)"#)
    return Set(html.matches(of: re).map { String(html[$0.range].dropFirst()).lowercased() })
  }

  /// What our Markdown may produce: structure, bold, code. No links, images, emphasis from log text.
  static let allowed: Set<String> = ["h1", "h2", "h3", "p", "strong", "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "ul", "li", "br"]

  @Test(.enabled(if: cmark != nil, "cmark-gfm not installed: apt-get install -y cmark-gfm"))
  func hostileMarkdownRendersInert() throws {
    let report = SampleReports.hostileReport()
    let html = try Self.render(MarkdownReportWriter().render(report, options: ReportOptions()))
    let extra = Self.tags(html).subtracting(Self.allowed)
    #expect(extra.isEmpty, "log text produced \(extra.sorted())")
    #expect(html.components(separatedBy: "<h2>").count - 1 == report.incidents.count, "one section per incident, no injected headings")
    // The summary table keeps 8 cells per row: a | in log text did not split a cell.
    let summary = try #require(html.components(separatedBy: "</table>").first)
    for row in summary.components(separatedBy: "<tr>").dropFirst(2) {
      #expect(row.components(separatedBy: "<td").count - 1 == 8, "row: \(row.prefix(120))")
    }
  }

  @Test(.enabled(if: cmark != nil, "cmark-gfm not installed: apt-get install -y cmark-gfm"))
  func sampleMarkdownHasItsStructure() throws {
    let html = try Self.render(MarkdownReportWriter().render(SampleReports.standard(), options: ReportOptions()))
    #expect(Self.tags(html).isSubset(of: Self.allowed))
    #expect(html.components(separatedBy: "<h2>").count - 1 == 4)
    #expect(html.components(separatedBy: "<pre>").count - 1 == 6, "exemplar prompts as code blocks")
    #expect(html.contains("<h3>Why it fired</h3>") && html.contains("<h3>Next steps</h3>"))
  }
}
