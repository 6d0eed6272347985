import Foundation

/// The file-level steps every table reader of Kring shares, so that the intake file and the
/// resource files refuse the same files with the same codes and messages.
enum InputFile {
  /// The bytes of the file at `path`.
  ///
  /// - Throws: `unreadable-file` for a missing, unreadable or folder path, `file-too-large`
  ///   for a file over `maxBytes` (checked before it is read).
  static func contents(path: String, maxBytes: Int) throws(DiagnosticList) -> [UInt8] {
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: path)
    } catch {
      throw DiagnosticList([
        Diagnostic(
          file: path, code: "unreadable-file",
          message: "cannot open the file: no such file or no permission")
      ])
    }
    if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory {
      throw DiagnosticList([
        Diagnostic(file: path, code: "unreadable-file", message: "expected a file, found a folder")
      ])
    }
    let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    if size > maxBytes { throw DiagnosticList([tooLarge(path, size, maxBytes)]) }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DiagnosticList([
        Diagnostic(file: path, code: "unreadable-file", message: "cannot read the file")
      ])
    }
    return [UInt8](data)
  }

  /// The `file-too-large` problem of a file of `size` bytes over `limit`, in whole megabytes.
  static func tooLarge(_ file: String, _ size: Int, _ limit: Int) -> Diagnostic {
    let mb = { (b: Int) in (b + 999_999) / 1_000_000 }
    return Diagnostic(
      file: file, code: "file-too-large",
      message: "the file is \(mb(size)) MB; at most \(max(1, limit / 1_000_000)) MB is accepted")
  }

  /// Whether the bytes are JSON: the name ends in `.json`, or the first character after the
  /// byte-order mark (`bom` bytes) and any white space is `[`.
  static func isJSON(_ bytes: [UInt8], file: String, bom: Int) -> Bool {
    if TextMatching.asciiLower(file).hasSuffix(".json") { return true }
    var i = bom
    while i < bytes.count,
      bytes[i] == Bytes.space || bytes[i] == Bytes.tab || bytes[i] == Bytes.lf
        || bytes[i] == Bytes.cr
    {
      i += 1
    }
    return i < bytes.count && bytes[i] == UInt8(ascii: "[")
  }

  /// Reads the bytes of an input file as a table, whatever its format: an Excel workbook
  /// (.xlsx, its first sheet or `sheet`), JSON, or CSV in UTF-8, UTF-16 with a byte-order mark
  /// or Windows-1252.
  ///
  /// - Parameters:
  ///   - empty: the message for a file with nothing in it, such as "expected a header row".
  /// - Returns: the table and the notes a coordinator should see, such as the encoding the
  ///   file was read in; or the file-level problems.
  static func table(
    _ bytes: [UInt8], file: String, sheet: String?, empty: String, limit: RowLimit
  ) -> Result<(table: RawTable, notes: [Diagnostic]), DiagnosticList> {
    let lowerName = TextMatching.asciiLower(file)
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || lowerName.hasSuffix(".xlsx")
      || lowerName.hasSuffix(".xlsm")
    {
      if lowerName.hasSuffix(".ods") {
        return .failure(DiagnosticList([unsupported(file, "an OpenDocument spreadsheet (.ods)")]))
      }
      return XLSXReader.parse(bytes, file: file, sheet: sheet).flatMap { table in
        // A workbook is unpacked whole; its rows are capped like a text file's.
        if table.records.count > limit.rows {
          let line = table.records[limit.rows].line
          return .failure(DiagnosticList([limit.exceeded(file: file, line: line)]))
        }
        return .success((table, []))
      }
    }
    if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
      return .failure(DiagnosticList([unsupported(file, "an Excel 97–2003 workbook (.xls)")]))
    }
    var (text, encoding) = TextEncoding.utf8(bytes, windows1252: false)
    let json = isJSON(text, file: file, bom: Bytes.bomLength(text))
    if !json && encoding == .utf8 { (text, encoding) = TextEncoding.utf8(bytes) }
    let bom = Bytes.bomLength(text)
    if Bytes.isBlank(text, from: bom) {
      return .failure(
        DiagnosticList([
          Diagnostic(file: file, code: "empty-file", message: "the file is empty: " + empty)
        ]))
    }
    var notes: [Diagnostic] = []
    if encoding == .windows1252 {
      notes.append(
        Diagnostic(
          file: file, code: "windows-1252",
          message:
            "the file is not UTF-8; it was read as Windows-1252 (Excel's \"CSV\" on Windows); save it as \"CSV UTF-8\" to be sure of every accent",
          severity: .note))
    }
    let parsed =
      json
      ? JSONTableParser.parse(text, file: file, limit: limit)
      : CSVParser.parse(text, file: file, limit: limit)
    return parsed.map { ($0, notes) }
  }

  private static func unsupported(_ file: String, _ what: String) -> Diagnostic {
    Diagnostic(
      file: file, code: "unsupported-format",
      message: "the file is \(what), which Kring cannot read; save it as .xlsx or as CSV UTF-8")
  }
}
