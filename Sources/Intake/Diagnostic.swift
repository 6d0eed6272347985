/// A problem found in a user's input file, reported as `file:line: column: message`.
///
/// Diagnostics are the one error type every input reader of Kring produces: intake files,
/// `kring.yaml`, facilitator and room files, plans. The `code` is stable across releases so
/// that scripts and tests can rely on it; the `message` is for people.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
  /// Whether the problem stops the run.
  public enum Severity: String, Sendable, Hashable, Codable {
    case error
    case warning
    /// Something the reader decided that the user should know, such as two spellings taken
    /// as one organisation.
    case note
  }

  /// The file the problem is in, as the user named it.
  public var file: String
  /// The 1-based line, or `nil` for a problem with the whole file.
  public var line: Int?
  /// The column name (a CSV header, a JSON key or a dotted config key), or `nil`.
  public var column: String?
  /// A stable, machine-readable code such as `unknown-sector`.
  public var code: String
  /// A sentence a coordinator can act on.
  public var message: String
  /// An obvious fix, such as the known sector closest to a misspelt one.
  public var suggestion: String?
  /// Whether the problem stops the run.
  public var severity: Severity

  public init(
    file: String, line: Int? = nil, column: String? = nil, code: String, message: String,
    suggestion: String? = nil, severity: Severity = .error
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.code = code
    self.message = message
    self.suggestion = suggestion
    self.severity = severity
  }

  /// The diagnostic as `file:line: column: message`, with the suggestion appended.
  public var description: String {
    var text = file
    if let line { text += ":\(line)" }
    text += ": "
    if let column { text += "\(column): " }
    switch severity {
    case .error: break
    case .warning: text += "warning: "
    case .note: text += "note: "
    }
    text += message
    if let suggestion { text += " (did you mean \"\(suggestion)\"?)" }
    return text
  }
}

/// Several diagnostics reported at once, so that a user can fix every problem in one pass.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
  /// The problems, in file order.
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  public var description: String {
    diagnostics.map(\.description).joined(separator: "\n")
  }
}
