import ArgumentParser

/// Exit codes (documented in README.md, "Exit codes").
enum ExitStatus {
  /// Scan completed; nothing at or above `--fail-on`.
  static let clean = ExitCode(0)
  /// Incidents at or above `--fail-on` severity.
  static let findings = ExitCode(1)
  /// Input errors: rejected lines exceeded `--max-errors`, or no input could be read.
  static let inputErrors = ExitCode(2)
  /// Usage error (bad flags) — ArgumentParser's own EX_USAGE.
  static let usage = ExitCode(64)
  /// Internal error (a bug, or output could not be written).
  static let internalError = ExitCode(70)
}
