/// A table for a spreadsheet: a sheet of an .xlsx workbook or a CSV file, with typed cells so
/// that numbers and dates stay numbers and dates in Excel.
public struct SpreadsheetTable: Sendable, Hashable {
  /// The sheet's name (at most 31 characters in Excel; longer names are cut).
  public var name: String
  /// The header row.
  public var header: [String]
  /// The data rows.
  public var rows: [[SpreadsheetCell]]

  public init(name: String, header: [String], rows: [[SpreadsheetCell]]) {
    self.name = name
    self.header = header
    self.rows = rows
  }

  /// The table as CSV text, each cell as ``SpreadsheetCell/text``.
  public func csv(_ writer: CSVWriter) -> String {
    writer.document(header: header, rows: rows.map { $0.map(\.text) })
  }
}

/// One cell of a ``SpreadsheetTable``.
public enum SpreadsheetCell: Sendable, Hashable {
  /// Text: in a workbook always a string, never a formula, whatever it starts with.
  case text(String)
  case number(Double)
  /// A date and time of day: a day number (days since 1970-01-01) and seconds since midnight;
  /// `time: false` shows the date alone.
  case date(day: Int, seconds: Int, time: Bool)
  case empty

  /// The cell as CSV text: numbers without a trailing `.0`, dates as ISO text.
  public var text: String {
    switch self {
    case .text(let t): t
    case .number(let n): NumberText.plain(n)
    case .date(let day, let seconds, let time):
      time
        ? CivilDay.iso(day) + " "
          + [seconds / 3600, seconds / 60 % 60, seconds % 60].map {
            $0 < 10 ? "0\($0)" : "\($0)"
          }.joined(separator: ":") : CivilDay.iso(day)
    case .empty: ""
    }
  }
}
