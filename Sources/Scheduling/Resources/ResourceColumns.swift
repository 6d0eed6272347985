import Intake

/// A column a resource file may have: its canonical English header and its aliases.
struct ResourceColumn: Sendable {
  /// The canonical header, such as `max_groups`; also the name used when the column is absent.
  var name: String
  /// Other headers that mean the same column, Dutch first.
  var aliases: [String]
  /// Whether a file without this column is refused.
  var required: Bool
  /// The longest value accepted, in characters.
  var maxLength: Int = ResourceColumns.maxFieldLength
}

/// The columns of one resource file mapped to the file's headers, with the header problems.
///
/// Header names match without regard to case, accents, spaces, `_` and `-`, like the intake
/// file's. Unknown columns are warnings (a coordinator's spreadsheet often carries notes);
/// a missing required column or two columns for the same field are errors.
struct ResourceColumns {
  /// The longest name accepted, in characters (as in the intake file).
  static let maxNameLength = 200
  /// The longest value of any other field, in characters.
  static let maxFieldLength = 2000

  let file: String
  private let specs: [ResourceColumn]
  private let headers: [String]
  /// Canonical name → column index in the file.
  private var index: [String: Int] = [:]

  /// Maps `table`'s headers to `specs`, appending header problems to `diagnostics`.
  init(table: DataTable, specs: [ResourceColumn], diagnostics: inout [Diagnostic]) {
    file = table.file
    self.specs = specs
    headers = table.headers
    var lookup: [String: String] = [:]
    var known: [String] = []
    for spec in specs {
      for header in [spec.name] + spec.aliases where lookup[DataTable.headerKey(header)] == nil {
        lookup[DataTable.headerKey(header)] = spec.name
        known.append(header)
      }
    }
    var unknown: [String] = []
    var headerProblems: [Diagnostic] = []
    for (position, header) in table.headers.enumerated() {
      let key = DataTable.headerKey(header)
      if key.isEmpty { continue }
      guard let name = lookup[key] else {
        unknown.append(header)
        headerProblems.append(
          Diagnostic(
            file: file, line: table.headerLine, column: header, code: "unknown-column",
            message: "unknown column \"\(header)\" is ignored",
            suggestion: FieldValue.suggestion(for: header, among: known), severity: .warning))
        continue
      }
      if let first = index[name] {
        headerProblems.append(
          Diagnostic(
            file: file, line: table.headerLine, column: header, code: "duplicate-column",
            message:
              "a second column for \(name); the first is \"\(table.headers[first])\". Remove or rename one"
          ))
      } else {
        index[name] = position
      }
    }
    // A first line naming none of the columns is not a header: the file is something else
    // (a password file, a letter). Its text is not repeated, since it may be private.
    if index.isEmpty {
      let expected = specs.filter(\.required).map(\.name).joined(separator: ", ")
      diagnostics.append(
        Diagnostic(
          file: file, line: table.headerLine, code: "not-a-table",
          message:
            "this is not a table Kring can read: its first line names none of the columns (\(expected)); give a CSV or JSON file with a header row"
        ))
      return
    }
    diagnostics += headerProblems
    for spec in specs where spec.required && index[spec.name] == nil {
      let also = spec.aliases.first.map { " (or \"\($0)\")" } ?? ""
      diagnostics.append(
        Diagnostic(
          file: file, line: table.headerLine, code: "missing-column",
          message: "missing required column \"\(spec.name)\"\(also)",
          suggestion: FieldValue.suggestion(for: spec.name, among: unknown)))
    }
  }

  /// The positions in the file of the columns named (those it has).
  func positions(of names: [String]) -> Set<Int> { Set(names.compactMap { index[$0] }) }

  /// Whether the file has the column.
  func has(_ name: String) -> Bool { index[name] != nil }

  /// The row's value in the column, blank when the column is absent.
  func value(_ name: String, _ row: DataRow) -> String {
    guard let position = index[name], position < row.fields.count else { return "" }
    return row.fields[position]
  }

  /// The column's header as the file writes it, or the canonical name when absent.
  func column(_ name: String) -> String {
    guard let position = index[name], position < headers.count else { return name }
    return headers[position]
  }

  /// A row problem in `name`'s column.
  func diagnostic(
    _ row: DataRow, _ name: String, code: String, _ message: String, suggestion: String? = nil
  ) -> Diagnostic {
    Diagnostic(
      file: file, line: row.line, column: column(name), code: code, message: message,
      suggestion: suggestion)
  }

  /// A value problem from `FieldValue` in `name`'s column.
  func diagnostic(_ row: DataRow, _ name: String, _ problem: FieldValue.Problem) -> Diagnostic {
    problem.diagnostic(file: file, line: row.line, column: column(name))
  }

  /// `field-too-long` problems for every value over its column's limit; those columns' values
  /// are not checked further.
  func lengthProblems(_ row: DataRow) -> (problems: [Diagnostic], tooLong: Set<String>) {
    var problems: [Diagnostic] = []
    var tooLong = Set<String>()
    for spec in specs {
      let text = value(spec.name, row)
      guard text.utf8.count > spec.maxLength else { continue }
      let length = text.unicodeScalars.count
      guard length > spec.maxLength else { continue }
      tooLong.insert(spec.name)
      problems.append(
        diagnostic(
          row, spec.name, code: "field-too-long",
          "the value is \(length) characters long; at most \(spec.maxLength) are allowed"))
    }
    return (problems, tooLong)
  }
}

/// Value checks shared by the facilitator and room readers.
enum ResourceValues {
  /// A whole number written with digits only, within `range`, or `nil`.
  static func integer(_ text: String, in range: ClosedRange<Int>) -> Int? {
    guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      let value = Int(text), range.contains(value)
    else { return nil }
    return value
  }

  /// Splits a list written with spaces, commas, semicolons or `|` between items.
  static func items(_ text: String) -> [Substring] {
    text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "|" })
  }

  /// The language names offered as suggestions for a misspelt language.
  static let languageNames = [
    "nl", "en", "de", "fr", "nederlands", "dutch", "engels", "english", "duits", "german",
    "deutsch", "frans", "french",
  ]
}

/// Items read from one resource file, with the problems that did not stop the run.
public struct ResourceList<Item: Sendable & Hashable>: Sendable, Hashable {
  /// The items, in file order.
  public var items: [Item]
  /// Warnings such as an unknown column or a file without rows.
  public var warnings: [Diagnostic]

  public init(items: [Item], warnings: [Diagnostic] = []) {
    self.items = items
    self.warnings = warnings
  }
}
