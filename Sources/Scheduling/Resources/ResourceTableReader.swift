import Intake

/// The reading every resource file shares: headers mapped to columns, each row turned into an
/// item, duplicate ids found, and every problem of the file collected before any is thrown.
///
/// A reader supplies only its columns, what to say about a file without rows, and how one row
/// becomes an item; the row parser reports through `ResourceRow` and need not decide whether
/// the item is kept.
struct ResourceTableReader<Item: Sendable & Hashable> {
  /// The columns the file may have; one of them must be `id`.
  var specs: [ResourceColumn]
  /// The code of the warning for a file with a header but no rows.
  var emptyCode: String
  /// The message of that warning: what the run will lack.
  var emptyMessage: String
  /// Builds the row's item from its values, reporting every problem through the row; the item
  /// is kept only when the row has no error.
  var item: (inout ResourceRow) -> Item

  /// Reads `table`.
  ///
  /// - Throws: every error and warning of the file when it has at least one error.
  func read(table: DataTable) throws(DiagnosticList) -> ResourceList<Item> {
    var diagnostics: [Diagnostic] = table.notes
    let columns = ResourceColumns(table: table, specs: specs, diagnostics: &diagnostics)
    if table.rows.isEmpty {
      diagnostics.append(
        Diagnostic(file: table.file, code: emptyCode, message: emptyMessage, severity: .warning))
    }
    var items: [Item] = []
    var firstLine: [String: Int] = [:]
    // Ids and names refuse control characters; other values lose them with a warning.
    let strict = columns.positions(of: ["id", "name"])
    for var row in table.rows {
      var problems = row.problems
      var screened: [Diagnostic] = []
      if problems.isEmpty {
        (row.fields, screened) = TextSafety.screen(
          row.fields, strict: strict, headers: table.headers, file: table.file, line: row.line)
      }
      // A row whose bytes or shape are wrong has misplaced values; checking them would only
      // repeat the one real problem.
      if problems.isEmpty && !screened.contains(where: { $0.severity == .error }) {
        var reading = ResourceRow(row, columns)
        let parsed = item(&reading)
        problems = reading.problems
        if reading.isValid { items.append(parsed) }
      }
      problems += screened
      let id = columns.value("id", row)
      if !id.isEmpty && id.utf8.count <= ResourceColumns.maxFieldLength {
        if let first = firstLine[id] {
          problems.append(
            columns.diagnostic(
              row, "id", code: "duplicate-id",
              "duplicate id \"\(id)\" (first used on line \(first))"))
        } else {
          firstLine[id] = row.line
        }
      }
      diagnostics.append(contentsOf: problems)
    }
    if diagnostics.contains(where: { $0.severity == .error }) {
      throw DiagnosticList(diagnostics)
    }
    return ResourceList(items: items, warnings: diagnostics)
  }
}

/// One row of a resource file being read: its values and the problems found in them so far.
///
/// Values over their column's length limit are reported once, on creation, and read as
/// absent afterwards so that no check repeats the problem.
struct ResourceRow {
  /// The row being read.
  let row: DataRow
  /// The file's columns.
  let columns: ResourceColumns
  /// The problems of the row, in the order found.
  private(set) var problems: [Diagnostic]
  /// Whether no error has been found in the row.
  private(set) var isValid: Bool
  private let tooLong: Set<String>

  init(_ row: DataRow, _ columns: ResourceColumns) {
    self.row = row
    self.columns = columns
    let (lengthProblems, tooLong) = columns.lengthProblems(row)
    self.tooLong = tooLong
    problems = lengthProblems
    isValid = lengthProblems.isEmpty
  }

  /// The value in `name`'s column (blank when the column is absent), or `nil` when it is too
  /// long (already reported).
  func value(_ name: String) -> String? {
    tooLong.contains(name) ? nil : columns.value(name, row)
  }

  /// The row's line in the file.
  var line: Int { row.line }

  /// Whether the file has `name`'s column.
  func has(_ name: String) -> Bool { columns.has(name) }

  /// Records an error in `name`'s column.
  mutating func fail(_ name: String, code: String, _ message: String) {
    fail(columns.diagnostic(row, name, code: code, message))
  }

  /// Records a value problem from `FieldValue` in `name`'s column.
  mutating func fail(_ name: String, _ problem: FieldValue.Problem) {
    fail(columns.diagnostic(row, name, problem))
  }

  /// The value of a required column, blank after recording `missing-value` when the column
  /// is present but the cell is blank (an absent column is a header problem, reported once).
  mutating func required(_ name: String) -> String {
    let text = value(name) ?? ""
    if text.isEmpty && has(name) && !tooLong.contains(name) {
      fail(name, code: "missing-value", "\(name) is required")
    }
    return text
  }

  /// The weekly slots in the `availability` column; a blank cell is an error, `unusable`
  /// saying why the resource is useless without slots.
  mutating func availability(unusable: String) -> SlotSet {
    guard let text = value("availability"), has("availability") else { return SlotSet() }
    let (slots, slotProblems) = FieldValue.availability(text)
    for problem in slotProblems { fail("availability", problem) }
    if slotProblems.isEmpty && slots.isEmpty {
      fail("availability", code: "no-availability", "no availability: \(unusable)")
    }
    return slots
  }

  /// The dates and ranges in the `unavailable` column, each checked.
  mutating func unavailable() -> [DateRange] {
    var ranges: [DateRange] = []
    guard let text = value("unavailable") else { return ranges }
    for item in text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }) {
      switch DateRanges.parse(String(item)) {
      case .success(let range): ranges.append(range)
      case .failure(let problem): fail("unavailable", problem)
      }
    }
    return ranges
  }

  /// A whole number in `name`'s column within `range`, `nil` when blank; anything else is
  /// recorded as `code`, with `meaning` saying what the number is.
  mutating func optionalInteger(
    _ name: String, in range: ClosedRange<Int>, code: String, meaning: String
  ) -> Int? {
    guard let text = value(name), !text.isEmpty else { return nil }
    if let number = ResourceValues.integer(text, in: range) { return number }
    fail(
      name, code: code,
      "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound) (\(meaning)), got \"\(text)\""
    )
    return nil
  }

  private mutating func fail(_ diagnostic: Diagnostic) {
    problems.append(diagnostic)
    isValid = false
  }
}
