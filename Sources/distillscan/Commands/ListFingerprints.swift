import ArgumentParser
import DistillScanKit

struct ListFingerprints: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fingerprints", abstract: "List the distillation fingerprints and what each looks for.")

  func run() throws {
    for f in Fingerprints.all {
      print("\(f.id)  [\(f.family.rawValue)]  \(f.title)")
      print("    looks for: \(f.summary)")
      print("    needs:     \(f.needs)")
    }
  }
}
