import Foundation

/// A table read from a CSV or JSON file with the intake reader's care, before any field is
/// interpreted.
///
/// Other readers (facilitators, rooms) use it so that every input file of Kring accepts the
/// same encodings, delimiters and quoting, and reports the same file-level problems with the
/// same codes: `unreadable-file`, `file-too-large`, `empty-file`, `invalid-utf8`,
/// `unterminated-quote`, `invalid-json`, `too-few-fields` and `too-many-fields`.
public struct DataTable: Sendable, Hashable {
  /// The file the table came from, as the user named it.
  public var file: String
  /// The header texts as they appear in the file (trimmed).
  public var headers: [String]
  /// The line of the header row (1 for JSON).
  public var headerLine: Int
  /// The data rows, in file order; a row is never left out, its problems travel with it.
  public var rows: [DataRow]
  /// What the reader decided that the user should know, such as the file's encoding.
  public var notes: [Diagnostic]

  public init(
    file: String, headers: [String], headerLine: Int = 1, rows: [DataRow],
    notes: [Diagnostic] = []
  ) {
    self.file = file
    self.headers = headers
    self.headerLine = headerLine
    self.rows = rows
    self.notes = notes
  }

  /// Reads the file at `path`: an Excel workbook (.xlsx, its first sheet), JSON when it ends
  /// in `.json` or starts with `[`, else CSV (UTF-8 with or without BOM, UTF-16 with a BOM or
  /// Windows-1252; `,`, `;` or tab; quoted fields; any line ends).
  ///
  /// - Throws: the file-level problems: a missing, unreadable or too large file, a folder,
  ///   an empty file, broken quoting or JSON, or bytes that are not UTF-8 in the header.
  public static func read(
    path: String, maxBytes: Int = 50_000_000, maxRows: Int = IntakeConfig.defaultMaxRows
  ) throws(DiagnosticList) -> DataTable {
    try parse(
      bytes: InputFile.contents(path: path, maxBytes: maxBytes), file: path, maxBytes: maxBytes,
      maxRows: maxRows)
  }

  /// Reads a table held in memory; `file` is used in messages and to pick the format
  /// (`.json` → JSON, else JSON when the text starts with `[`, else CSV).
  public static func parse(
    bytes: [UInt8], file: String, maxBytes: Int = 50_000_000,
    maxRows: Int = IntakeConfig.defaultMaxRows
  ) throws(DiagnosticList) -> DataTable {
    if bytes.count > maxBytes {
      throw DiagnosticList([InputFile.tooLarge(file, bytes.count, maxBytes)])
    }
    switch InputFile.table(
      bytes, file: file, sheet: nil, empty: "expected a header row",
      limit: RowLimit(rows: maxRows, key: nil))
    {
    case .success(let read):
      let raw = read.table
      return DataTable(
        file: file, headers: raw.headers, headerLine: raw.headerLine,
        rows: raw.records.map { DataRow(line: $0.line, fields: $0.fields, problems: $0.problems) },
        notes: read.notes)
    case .failure(let list):
      throw list
    }
  }

  /// The form in which header names are compared: folded (case, accents and spaces
  /// ignored) and without `_` or `-`, so `Max groups`, `max_groups` and `MAX-GROUPS` match.
  public static func headerKey(_ header: String) -> String {
    IntakeField.key(header)
  }
}

/// One data row of a `DataTable`.
public struct DataRow: Sendable, Hashable {
  /// The 1-based physical line where the row starts (the object's line in JSON).
  public var line: Int
  /// The trimmed values, aligned with `DataTable.headers` (padded with blanks).
  public var fields: [String]
  /// Problems found while reading the row's bytes, such as invalid UTF-8 or a field count
  /// that does not match the header; a row with problems has unreliable values.
  public var problems: [Diagnostic]

  public init(line: Int, fields: [String], problems: [Diagnostic] = []) {
    self.line = line
    self.fields = fields
    self.problems = problems
  }
}

/// The intake's parsers for single values, for readers of other files.
///
/// Each takes trimmed text and returns the normalised value or a `Problem` that quotes the
/// value; the caller adds the file, line and column to make it a `Diagnostic`.
public enum FieldValue {
  /// What is wrong with one value, before it knows its file, line and column.
  public struct Problem: Error, Hashable, Sendable {
    /// A stable code such as `unknown-slot`.
    public var code: String
    public var message: String
    public var suggestion: String?

    public init(code: String, message: String, suggestion: String? = nil) {
      self.code = code
      self.message = message
      self.suggestion = suggestion
    }

    /// The problem placed in a file.
    public func diagnostic(
      file: String, line: Int?, column: String?, severity: Diagnostic.Severity = .error
    ) -> Diagnostic {
      Diagnostic(
        file: file, line: line, column: column, code: code, message: message,
        suggestion: suggestion, severity: severity)
    }

    init(_ problem: FieldProblem) {
      self.init(code: problem.code, message: problem.message, suggestion: problem.suggestion)
    }
  }

  /// Weekly availability as in the intake file: tokens such as `tue-pm` or `di-middag`
  /// separated by spaces, commas or semicolons; every unknown token is one `unknown-slot`
  /// problem, and the known ones are still returned.
  public static func availability(_ text: String) -> (slots: SlotSet, problems: [Problem]) {
    let (slots, problems) = FieldParsers.availability(text)
    return (slots, problems.map(Problem.init))
  }

  /// A language code (`nl`, `en`, or their names in Dutch or English, or another 2–3 letter
  /// code), normalised to lower case; else `unknown-language`.
  public static func language(_ text: String) -> Result<String, Problem> {
    FieldParsers.language(text).mapError(Problem.init)
  }

  /// Yes or no in English or Dutch (`yes`, `ja`, `true`, `1`, …); blank is no; else
  /// `invalid-boolean`.
  public static func boolean(_ text: String) -> Result<Bool, Problem> {
    FieldParsers.boolean(text).mapError(Problem.init)
  }

  /// An ISO date `YYYY-MM-DD` or a Dutch `DD-MM-YYYY` (also with `/` or `.`), returned as
  /// ISO text; else `invalid-date`.
  public static func date(_ text: String) -> Result<String, Problem> {
    FieldParsers.date(text).mapError(Problem.init)
  }

  /// Whether `text` is a sane email address: one `@`, no spaces, a dotted domain.
  public static func isValidEmail(_ text: String) -> Bool {
    FieldParsers.isValidEmail(text)
  }

  /// The entry of `candidates` closest to `text`, when it is an obvious typo.
  ///
  /// Case, accents and spaces are ignored; `nil` when nothing is close. Ties go to the
  /// earlier candidate.
  public static func suggestion(for text: String, among candidates: [String]) -> String? {
    TextMatching.suggestion(for: text, among: candidates)
  }

  /// The text lower-cased, without accents and without white space, for comparing names.
  public static func fold(_ text: String) -> String {
    TextMatching.fold(text)
  }
}
