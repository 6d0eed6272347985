import Foundation
import ZIPFoundation

/// Writes ``SpreadsheetTable``s as an Excel workbook (.xlsx), one sheet each.
///
/// The package is minimal SpreadsheetML zipped by ZIPFoundation: text cells are strings
/// (shared or inline), so a value such as `=HYPERLINK(…)` is shown, never run; numbers are
/// numbers and dates are serials with a date format, as Excel writes them. The header row is
/// bold and frozen. The bytes depend only on the tables (every entry is dated 1980-01-01), so
/// the same plan gives the same file.
public struct XLSXWriter: Sendable, Hashable {
  /// Whether text goes into the shared string table (as Excel does) or inline in each cell.
  public var sharedStrings: Bool
  /// The format code of date cells with a time, such as `yyyy-mm-dd hh:mm:ss`.
  public var dateTimeFormat: String

  public init(sharedStrings: Bool = true, dateTimeFormat: String = "yyyy-mm-dd hh:mm:ss") {
    self.sharedStrings = sharedStrings
    self.dateTimeFormat = dateTimeFormat
  }

  /// Why a workbook could not be built (the in-memory ZIP archive refused an entry).
  public struct Failure: Error, Sendable {
    public var reason: String
  }

  /// The workbook's bytes.
  public func workbook(_ tables: [SpreadsheetTable]) throws(Failure) -> [UInt8] {
    var strings: [String] = []
    var stringIndex: [String: Int] = [:]
    var sheets: [String] = []
    for table in tables {
      sheets.append(sheetXML(table, strings: &strings, index: &stringIndex))
    }
    var parts: [(String, String)] = [
      ("[Content_Types].xml", contentTypes(sheets: sheets.count)),
      ("_rels/.rels", rootRelationships),
      ("xl/workbook.xml", workbookXML(tables)),
      ("xl/_rels/workbook.xml.rels", workbookRelationships(sheets: sheets.count)),
      ("xl/styles.xml", stylesXML),
    ]
    if sharedStrings { parts.append(("xl/sharedStrings.xml", sharedStringsXML(strings))) }
    for (k, sheet) in sheets.enumerated() {
      parts.append(("xl/worksheets/sheet\(k + 1).xml", sheet))
    }
    do {
      let archive = try Archive(data: Data(), accessMode: .create)
      // 1980-01-01T00:00:00Z, the first date a ZIP entry can hold: outputs compare byte for byte.
      let stamp = Date(timeIntervalSince1970: 315_532_800)
      for (path, text) in parts {
        let data = Data(text.utf8)
        try archive.addEntry(
          with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp,
          permissions: 0o644, compressionMethod: .deflate
        ) { position, size in
          let start = Int(position)
          return data.subdata(in: start..<min(start + size, data.count))
        }
      }
      guard let data = archive.data else { throw Failure(reason: "no archive data") }
      return [UInt8](data)
    } catch let failure as Failure {
      throw failure
    } catch {
      throw Failure(reason: "\(error)")
    }
  }

  // MARK: Parts

  private static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

  private func contentTypes(sheets: Int) -> String {
    var xml =
      Self.header
      + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
      + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    if sharedStrings {
      xml +=
        "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
    }
    for k in 1...max(1, sheets) where k <= sheets {
      xml +=
        "<Override PartName=\"/xl/worksheets/sheet\(k).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    }
    return xml + "</Types>"
  }

  private var rootRelationships: String {
    Self.header + "<Relationships xmlns=\"\(SpreadsheetML.packageRelationshipNamespace)\">"
      + "<Relationship Id=\"rId1\" Type=\"\(SpreadsheetML.relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
      + "</Relationships>"
  }

  private func workbookXML(_ tables: [SpreadsheetTable]) -> String {
    var xml =
      Self.header
      + "<workbook xmlns=\"\(SpreadsheetML.mainNamespace)\" xmlns:r=\"\(SpreadsheetML.relationshipNamespace)\"><sheets>"
    var used: Set<String> = []
    for (k, table) in tables.enumerated() {
      let name = Self.sheetName(table.name, index: k, used: &used)
      xml +=
        "<sheet name=\"\(SpreadsheetML.escaped(name))\" sheetId=\"\(k + 1)\" r:id=\"rId\(k + 1)\"/>"
    }
    return xml + "</sheets></workbook>"
  }

  /// A name Excel accepts: no `[]:*?/\`, at most 31 characters, unique without regard to
  /// case, never empty.
  static func sheetName(_ name: String, index: Int, used: inout Set<String>) -> String {
    var cleaned = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
    cleaned = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
    if cleaned.isEmpty { cleaned = "Sheet\(index + 1)" }
    var candidate = cleaned
    var n = 2
    while used.contains(candidate.lowercased()) {
      let suffix = " (\(n))"
      candidate = String(cleaned.prefix(31 - suffix.count)) + suffix
      n += 1
    }
    used.insert(candidate.lowercased())
    return candidate
  }

  private func workbookRelationships(sheets: Int) -> String {
    var xml =
      Self.header + "<Relationships xmlns=\"\(SpreadsheetML.packageRelationshipNamespace)\">"
    for k in 0..<sheets {
      xml +=
        "<Relationship Id=\"rId\(k + 1)\" Type=\"\(SpreadsheetML.relationshipNamespace)/worksheet\" Target=\"worksheets/sheet\(k + 1).xml\"/>"
    }
    xml +=
      "<Relationship Id=\"rId\(sheets + 1)\" Type=\"\(SpreadsheetML.relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
    if sharedStrings {
      xml +=
        "<Relationship Id=\"rId\(sheets + 2)\" Type=\"\(SpreadsheetML.relationshipNamespace)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    }
    return xml + "</Relationships>"
  }

  /// Styles: 0 plain, 1 bold (the header), 2 a date, 3 a date and time (custom format 164).
  private var stylesXML: String {
    Self.header + "<styleSheet xmlns=\"\(SpreadsheetML.mainNamespace)\">"
      + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"\(SpreadsheetML.escaped(dateTimeFormat))\"/></numFmts>"
      + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
      + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
      + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
      + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
      + "<cellXfs count=\"4\">"
      + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
      + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
      + "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
      + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
      + "</cellXfs>"
      + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
      + "</styleSheet>"
  }

  private func sharedStringsXML(_ strings: [String]) -> String {
    var xml =
      Self.header
      + "<sst xmlns=\"\(SpreadsheetML.mainNamespace)\" count=\"\(strings.count)\" uniqueCount=\"\(strings.count)\">"
    for s in strings { xml += "<si><t xml:space=\"preserve\">\(SpreadsheetML.escaped(s))</t></si>" }
    return xml + "</sst>"
  }

  private func sheetXML(
    _ table: SpreadsheetTable, strings: inout [String], index: inout [String: Int]
  ) -> String {
    var xml = Self.header + "<worksheet xmlns=\"\(SpreadsheetML.mainNamespace)\">"
    // The header row stays in view while scrolling.
    xml +=
      "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
    xml += "<sheetData>"
    var rowNumber = 1
    func text(_ value: String, style: Int) -> String {
      guard !value.isEmpty else { return "" }
      let s = style == 0 ? "" : " s=\"\(style)\""
      if sharedStrings {
        let k: Int
        if let known = index[value] {
          k = known
        } else {
          k = strings.count
          index[value] = k
          strings.append(value)
        }
        return "t=\"s\"\(s)><v>\(k)</v></c>"
      }
      return
        "t=\"inlineStr\"\(s)><is><t xml:space=\"preserve\">\(SpreadsheetML.escaped(value))</t></is></c>"
    }
    func row(_ cells: [SpreadsheetCell], style: Int) {
      xml += "<row r=\"\(rowNumber)\">"
      for (column, cell) in cells.enumerated() {
        let reference = "<c r=\"\(SpreadsheetML.columnLetters(column))\(rowNumber)\" "
        switch cell {
        case .text(let value):
          let body = text(value, style: style)
          if !body.isEmpty { xml += reference + body }
        case .number(let value) where value.isFinite:
          xml += reference + "><v>\(NumberText.plain(value))</v></c>"
        case .number:
          break
        case .date(let day, let seconds, let time):
          let serial = SpreadsheetML.serial(day: day, seconds: seconds)
          xml += reference + "s=\"\(time ? 3 : 2)\"><v>\(NumberText.plain(serial))</v></c>"
        case .empty:
          break
        }
      }
      xml += "</row>"
      rowNumber += 1
    }
    row(table.header.map { .text($0) }, style: 1)
    for cells in table.rows { row(cells, style: 0) }
    return xml + "</sheetData></worksheet>"
  }
}
