import ArgumentParser
import DistillScanKit

struct Formats: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List the log formats distillscan reads.")
  func run() throws {
    for f in FormatRegistry.all { print("\(f.id.padding(toLength: 12, withPad: " ", startingAt: 0)) \(f.summary)") }
    let m = MappedFormat()
    print("\(m.id.padding(toLength: 12, withPad: " ", startingAt: 0)) \(m.summary)")
  }
}

import Foundation
