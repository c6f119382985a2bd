import Foundation
import Testing

/// Golden-file comparison. `RECORD_GOLDENS=1 swift test` rewrites the files and fails the test, so a
/// recording run is never mistaken for a passing one (the swift-argument-parser snapshot convention).
enum Golden {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
  static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" }

  static func check(_ actual: [UInt8], _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let url = directory.appendingPathComponent(name)
    if recording {
      do {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(actual).write(to: url)
      } catch {
        Issue.record("could not record \(name): \(error)", sourceLocation: sourceLocation)
        return
      }
      Issue.record("recorded golden \(name); re-run without RECORD_GOLDENS=1", sourceLocation: sourceLocation)
      return
    }
    guard let expected = FileManager.default.contents(atPath: url.path) else {
      Issue.record("missing golden \(name); record it with RECORD_GOLDENS=1 swift test", sourceLocation: sourceLocation)
      return
    }
    if Array(expected) != actual {
      Issue.record(
        "output differs from golden \(name):\n\(firstDifference(Array(expected), actual))\n(re-record with RECORD_GOLDENS=1 if intended)",
        sourceLocation: sourceLocation)
    }
  }

  /// The first differing line, so a failure says where without dumping megabytes.
  static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
    let la = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let lb = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(la.count, lb.count) {
      let x = i < la.count ? String(la[i]) : "<end of file>"
      let y = i < lb.count ? String(lb[i]) : "<end of file>"
      if x != y { return "line \(i + 1)\n  golden: \(x.prefix(300))\n  actual: \(y.prefix(300))" }
    }
    return "(same lines, different bytes)"
  }
}
