/// An error from building, solving or exporting a model.
public struct LinearSolverError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A stable reason, for code that reacts to particular failures.
  public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The model failed validation in Swift (NaN coefficients, inverted bounds, …).
    public static let invalidModel = Code(rawValue: "invalid-model")
    /// The options are out of range (negative time limit, gap, …).
    public static let invalidOptions = Code(rawValue: "invalid-options")
    /// GLPK raised an internal error; the process survived and GLPK was reset.
    public static let engineError = Code(rawValue: "engine-error")
    /// GLPK's simplex or branch-and-bound failed numerically.
    public static let numericalFailure = Code(rawValue: "numerical-failure")
    /// Writing an LP or MPS export failed.
    public static let exportFailed = Code(rawValue: "export-failed")

    public var description: String { rawValue }
  }

  public var code: Code
  public var message: String

  public init(code: Code, message: String) {
    self.code = code
    self.message = message
  }

  public var description: String { "\(code): \(message)" }
}
