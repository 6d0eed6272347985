/// An RFC 4180 CSV reader that works on bytes and remembers where every record starts.
///
/// It accepts quoted fields with `""` escapes and line breaks inside quotes, CRLF, LF or CR
/// line ends, a UTF-8 byte order mark, and `,`, `;` or a tab as delimiter (whichever occurs
/// most often outside quotes on the header line). A quoted field followed by more text before the
/// next delimiter keeps that text, as spreadsheet tools do.
enum CSVParser {
  /// Splits `bytes` into a header and records, or returns the file-level problems.
  static func parse(_ bytes: [UInt8], file: String, limit: RowLimit) -> Result<
    RawTable, DiagnosticList
  > {
    bytes.withUnsafeBufferPointer { p in
      parse(p, file: file, bom: Bytes.bomLength(bytes), limit: limit)
    }
  }

  /// The delimiter of the header line: `;` when it occurs more often than `,` outside quotes,
  /// a tab when it occurs more often than either (Excel's "Unicode text").
  static func detectDelimiter(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
    var commas = 0
    var semicolons = 0
    var tabs = 0
    var inQuotes = false
    var i = start
    while i < p.count {
      let c = p[i]
      if c == Bytes.quote {
        inQuotes.toggle()
      } else if !inQuotes {
        if c == Bytes.lf || c == Bytes.cr { break }
        if c == Bytes.comma {
          commas += 1
        } else if c == Bytes.semicolon {
          semicolons += 1
        } else if c == Bytes.tab {
          tabs += 1
        }
      }
      i += 1
    }
    if tabs > commas && tabs > semicolons { return Bytes.tab }
    return semicolons > commas ? Bytes.semicolon : Bytes.comma
  }

  private static func parse(
    _ p: UnsafeBufferPointer<UInt8>, file: String, bom: Int, limit: RowLimit
  ) -> Result<RawTable, DiagnosticList> {
    let n = p.count
    let delimiter = detectDelimiter(p, from: bom)
    var i = bom
    var line = 1
    var header: [String]? = nil
    var records: [RawRecord] = []
    var fatal: [Diagnostic] = []
    var scratch: [UInt8] = []
    scratch.reserveCapacity(256)
    var fields: [String] = []
    var headerLine = 1
    /// The header of the field at `index`, once the header row is read.
    func columnName(_ index: Int) -> String? {
      guard let header, index < header.count, !header[index].isEmpty else { return nil }
      return header[index]
    }

    recordLoop: while i < n {
      let recordLine = line
      fields.removeAll(keepingCapacity: true)
      var problems: [Diagnostic] = []
      var onlyBlank = true

      fieldLoop: while true {
        let fieldLine = line
        if i < n && p[i] == Bytes.quote {
          onlyBlank = false
          i += 1
          scratch.removeAll(keepingCapacity: true)
          var closed = false
          while i < n {
            let c = p[i]
            if c == Bytes.quote {
              if i + 1 < n && p[i + 1] == Bytes.quote {
                scratch.append(Bytes.quote)
                i += 2
                continue
              }
              i += 1
              closed = true
              break
            }
            if c == Bytes.lf { line += 1 }
            scratch.append(c)
            i += 1
          }
          if !closed {
            fatal.append(
              Diagnostic(
                file: file, line: fieldLine, code: "unterminated-quote",
                message: "a quoted field starts here but its closing quote is missing"))
            break recordLoop
          }
          while i < n {
            let c = p[i]
            if c == delimiter || c == Bytes.lf || c == Bytes.cr { break }
            scratch.append(c)
            i += 1
          }
          let value = scratch.withUnsafeBufferPointer { s -> String in
            // Reported on the row's first line, like every other problem of the row.
            if Bytes.firstInvalidUTF8(s, 0, s.count) != nil {
              problems.append(
                invalidUTF8(file: file, line: recordLine, column: columnName(fields.count)))
            }
            return Bytes.trimmedString(s, 0, s.count)
          }
          fields.append(value)
        } else {
          let start = i
          while i < n {
            let c = p[i]
            if c == delimiter || c == Bytes.lf || c == Bytes.cr { break }
            i += 1
          }
          if i > start { onlyBlank = false }
          if Bytes.firstInvalidUTF8(p, start, i) != nil {
            problems.append(
              invalidUTF8(file: file, line: recordLine, column: columnName(fields.count)))
          }
          fields.append(Bytes.trimmedString(p, start, i))
        }
        if i < n && p[i] == delimiter {
          onlyBlank = false
          i += 1
          continue fieldLoop
        }
        break fieldLoop
      }
      // End of record: consume one line end (CRLF, LF or a lone CR).
      if i < n {
        if p[i] == Bytes.cr {
          i += 1
          if i < n && p[i] == Bytes.lf { i += 1 }
        } else if p[i] == Bytes.lf {
          i += 1
        }
        line += 1
      }
      // A physically empty line carries no data; it is not a row.
      if onlyBlank && problems.isEmpty { continue recordLoop }

      guard let headerFields = header else {
        if !problems.isEmpty {
          fatal.append(contentsOf: problems)
          break recordLoop
        }
        header = fields
        headerLine = recordLine
        continue recordLoop
      }
      var values = fields
      let width = headerFields.count
      if values.count < width {
        problems.append(
          Diagnostic(
            file: file, line: recordLine, code: "too-few-fields",
            message:
              "row has \(values.count) field\(values.count == 1 ? "" : "s") but the header has \(width)"
          ))
        values.append(contentsOf: repeatElement("", count: width - values.count))
      } else if values.count > width {
        if values[width...].contains(where: { !$0.isEmpty }) {
          problems.append(
            Diagnostic(
              file: file, line: recordLine, code: "too-many-fields",
              message: "row has \(values.count) fields but the header has \(width)"))
        }
        values.removeLast(values.count - width)
      }
      guard records.count < limit.rows else {
        fatal.append(limit.exceeded(file: file, line: recordLine))
        break recordLoop
      }
      records.append(RawRecord(line: recordLine, fields: values, problems: problems))
    }

    if !fatal.isEmpty { return .failure(DiagnosticList(fatal)) }
    guard let header else {
      return .failure(
        DiagnosticList([
          Diagnostic(
            file: file, code: "empty-file", message: "the file is empty: expected a header row")
        ]))
    }
    return .success(RawTable(headers: header, headerLine: headerLine, records: records))
  }

  private static func invalidUTF8(file: String, line: Int, column: String?) -> Diagnostic {
    Diagnostic(
      file: file, line: line, column: column, code: "invalid-utf8",
      message: "the text is not valid UTF-8; save the file as UTF-8")
  }
}
