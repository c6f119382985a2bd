import ArgumentParser
import DistillScanKit

/// `--fail-on high`, `--min-severity medium`: the parser rejects anything else and lists the valid
/// values. Declared here rather than in the engine so DistillScanKit does not depend on ArgumentParser.
extension Severity: ExpressibleByArgument {}
