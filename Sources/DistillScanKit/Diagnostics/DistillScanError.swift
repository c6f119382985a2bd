/// An error that ends an operation (as opposed to an ``InputIssue``, which is counted and skipped).
public struct DistillScanError: Error, Sendable, CustomStringConvertible {
  /// Stable error category. A struct wrapping a private enum so new codes do not break source.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Value: String { case io, usage, corruptInput, unsupported, config, internalError }
    private let value: Value
    public static let io = Code(value: .io)
    public static let usage = Code(value: .usage)
    public static let corruptInput = Code(value: .corruptInput)
    public static let unsupported = Code(value: .unsupported)
    public static let config = Code(value: .config)
    public static let internalError = Code(value: .internalError)
    public var description: String { value.rawValue }
  }

  public var code: Code
  public var message: String
  public var path: String?

  public init(_ code: Code, _ message: String, path: String? = nil) {
    self.code = code
    self.message = message
    self.path = path
  }

  public var description: String {
    if let path { return "\(path): \(message)" }
    return message
  }
}
