/// Writes RFC 4180 CSV text: fields are quoted only when they must be, quotes are doubled.
///
/// The writer can also neutralise spreadsheet formulas ("CSV injection"): a cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so that a
/// spreadsheet shows the text instead of evaluating it. Plain numbers such as `-3` or `+2.5`
/// are left alone, because a spreadsheet reads them as numbers, never as formulas.
public struct CSVWriter: Hashable, Sendable {
  /// The line terminator written after every record.
  public enum LineEnding: String, Hashable, Sendable, CaseIterable {
    /// `\r\n`, as RFC 4180 prescribes and spreadsheets expect.
    case crlf = "\r\n"
    /// `\n`, friendlier to diffs and Unix tools.
    case lf = "\n"
  }

  /// The line terminator written after every record, including the last.
  public var lineEnding: LineEnding
  /// The field separator; `,` by default (`;` for spreadsheets in a Dutch locale).
  public var delimiter: Character
  /// Whether cells that a spreadsheet would read as a formula are prefixed with `'`.
  public var neutralizesFormulas: Bool
  /// Whether a document starts with a UTF-8 byte-order mark, which Excel needs to read the
  /// file as UTF-8 rather than in the system's code page.
  public var byteOrderMark: Bool

  public init(
    lineEnding: LineEnding = .crlf, delimiter: Character = ",", neutralizesFormulas: Bool = false,
    byteOrderMark: Bool = false
  ) {
    self.lineEnding = lineEnding
    self.delimiter = delimiter
    self.neutralizesFormulas = neutralizesFormulas
    self.byteOrderMark = byteOrderMark
  }

  /// One field as it appears in the file: neutralised if asked, then quoted if needed.
  public func field(_ value: String) -> String {
    var text = value
    if neutralizesFormulas && Self.looksLikeFormula(text) {
      text = "'" + text
    }
    guard needsQuotes(text) else { return text }
    var quoted = "\""
    for scalar in text.unicodeScalars {
      if scalar == "\"" { quoted.unicodeScalars.append("\"") }
      quoted.unicodeScalars.append(scalar)
    }
    quoted.unicodeScalars.append("\"")
    return quoted
  }

  /// One record, with its line ending.
  public func record(_ fields: [String]) -> String {
    var line = ""
    append(fields, to: &line)
    return line
  }

  /// Appends one record and its line ending to `output`, for building large files cheaply.
  public func append(_ fields: [String], to output: inout String) {
    for (index, value) in fields.enumerated() {
      if index > 0 { output.append(delimiter) }
      output += field(value)
    }
    output += lineEnding.rawValue
  }

  /// A whole document: the header record followed by every row.
  public func document(header: [String], rows: [[String]]) -> String {
    var output = byteOrderMark ? "\u{FEFF}" : ""
    append(header, to: &output)
    for row in rows { append(row, to: &output) }
    return output
  }

  /// Whether a spreadsheet would treat the cell as a formula (OWASP's trigger characters).
  public static func looksLikeFormula(_ value: String) -> Bool {
    guard let first = value.unicodeScalars.first else { return false }
    switch first {
    case "=", "@", "\t", "\r": return true
    case "+", "-": return !isPlainNumber(value)
    default: return false
    }
  }

  /// A signed decimal number such as `-12`, `+3.5` or `-0,5`: nothing a spreadsheet evaluates.
  private static func isPlainNumber(_ value: String) -> Bool {
    var digits = 0
    var separators = 0
    for (offset, scalar) in value.unicodeScalars.enumerated() {
      switch scalar {
      case "+", "-":
        if offset > 0 { return false }
      case "0"..."9": digits += 1
      case ".", ",": separators += 1
      default: return false
      }
    }
    return digits > 0 && separators <= 1
  }

  /// Whitespace a reader might trim; the ASCII test avoids a Unicode property lookup.
  private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII { return scalar == " " || ("\t"..."\r").contains(scalar) }
    return scalar.properties.isWhitespace
  }

  private func needsQuotes(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else {
      return false
    }
    if Self.isSpace(first) || Self.isSpace(last) { return true }
    // Quoting a field that begins with a BOM keeps a reader from stripping it as a file BOM.
    if first == "\u{FEFF}" { return true }
    // Bytes are enough for the ASCII specials and much faster than grapheme iteration.
    if let separator = delimiter.asciiValue {
      return text.utf8.contains { $0 == separator || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    }
    return text.contains { $0 == delimiter || $0 == "\"" || $0.isNewline }
  }
}
