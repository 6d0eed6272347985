import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads the first sheet (or a named one) of an Excel workbook (.xlsx) into a `RawTable`.
///
/// The workbook is a ZIP package of SpreadsheetML parts: ZIPFoundation opens it and
/// Foundation's `XMLParser` reads the parts. Cells hold shared strings, inline strings,
/// numbers (shown as Excel shows them in a General cell), booleans (`true`/`false`) and
/// dates, which Excel stores as serial numbers and marks only by the cell's number format:
/// such a cell reads as `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` when the format shows a time.
/// The first row with a value is the header; the row numbers of the sheet are the lines of
/// every message.
enum XLSXReader {
  /// The largest uncompressed part read, so that a small file cannot unpack into gigabytes.
  static let maxPartBytes = 1_000_000_000

  /// Splits the workbook into a header and records, or returns the file-level problems.
  static func parse(_ bytes: [UInt8], file: String, sheet: String?) -> Result<
    RawTable, DiagnosticList
  > {
    do throws(Failure) {
      let package = try Package(bytes, file: file)
      let workbook = try package.workbook()
      let chosen: (name: String, target: String)
      if let sheet {
        let key = ValueKey(sheet)
        guard let found = workbook.sheets.first(where: { ValueKey($0.name) == key }) else {
          let names = workbook.sheets.map { "\"\($0.name)\"" }.joined(separator: ", ")
          return .failure(
            DiagnosticList([
              Diagnostic(
                file: file, code: "unknown-sheet",
                message:
                  "the workbook has no sheet \"\(sheet)\" (intake.sheet); its sheets are \(names)")
            ]))
        }
        chosen = found
      } else {
        guard let first = workbook.sheets.first else {
          throw Failure("the workbook has no sheets")
        }
        chosen = first
      }
      let strings = try package.sharedStrings(workbook.sharedStringsPath)
      let styles = try package.styles(workbook.stylesPath)
      let rows = try package.rows(
        of: chosen.target, strings: strings, styles: styles, date1904: workbook.date1904)
      return table(rows, file: file)
    } catch {
      return .failure(
        DiagnosticList([
          Diagnostic(
            file: file, code: "invalid-xlsx",
            message:
              "the file is not a readable Excel workbook (\(error.reason)); save it again as .xlsx or as CSV UTF-8"
          )
        ]))
    }
  }

  /// Why a workbook cannot be read, in a few words.
  struct Failure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }

  /// The header row and records of a sheet's rows (row number → cells by column).
  private static func table(
    _ rows: [(number: Int, cells: [(column: Int, text: String)])], file: String
  )
    -> Result<RawTable, DiagnosticList>
  {
    let nonEmpty = rows.filter { $0.cells.contains { !$0.text.isEmpty } }
    guard let headerRow = nonEmpty.first else {
      return .failure(
        DiagnosticList([
          Diagnostic(
            file: file, code: "empty-file",
            message: "the first sheet is empty: expected a header row and candidates")
        ]))
    }
    let width = (headerRow.cells.filter { !$0.text.isEmpty }.map(\.column).max() ?? -1) + 1
    var headers = [String](repeating: "", count: width)
    for cell in headerRow.cells where cell.column < width { headers[cell.column] = cell.text }
    var records: [RawRecord] = []
    records.reserveCapacity(nonEmpty.count)
    for row in nonEmpty.dropFirst() {
      var fields = [String](repeating: "", count: width)
      var problems: [Diagnostic] = []
      var extra = 0
      for cell in row.cells {
        if cell.column < width {
          fields[cell.column] = cell.text
        } else if !cell.text.isEmpty {
          extra = max(extra, cell.column + 1)
        }
      }
      if extra > 0 {
        problems.append(
          Diagnostic(
            file: file, line: row.number, code: "too-many-fields",
            message: "row has \(extra) fields but the header has \(width)"))
      }
      records.append(RawRecord(line: row.number, fields: fields, problems: problems))
    }
    return .success(RawTable(headers: headers, headerLine: headerRow.number, records: records))
  }

  /// The parts of an opened workbook package.
  private struct Package {
    let archive: Archive
    /// The file entries by path, compared without regard to case or a leading `/` (some
    /// writers differ from Excel there).
    let entries: [String: Entry]

    init(_ bytes: [UInt8], file: String) throws(Failure) {
      do {
        archive = try Archive(data: Data(bytes), accessMode: .read)
      } catch {
        throw Failure("not a ZIP package")
      }
      var entries: [String: Entry] = [:]
      for entry in archive where entry.type == .file {
        entries[Self.key(entry.path)] = entries[Self.key(entry.path)] ?? entry
      }
      guard !entries.isEmpty else { throw Failure("not a ZIP package") }
      self.entries = entries
    }

    private static func key(_ path: String) -> String {
      var p = path.replacingOccurrences(of: "\\", with: "/").lowercased()
      while p.hasPrefix("/") { p.removeFirst() }
      return p
    }

    /// The uncompressed bytes of the part at `path` (without a leading `/`), or `nil`.
    func part(_ path: String) throws(Failure) -> Data? {
      guard let entry = entries[Self.key(path)] else { return nil }
      guard entry.uncompressedSize <= UInt64(XLSXReader.maxPartBytes) else {
        throw Failure("the part \(path) unpacks to more than 1 GB")
      }
      var data = Data()
      data.reserveCapacity(Int(entry.uncompressedSize))
      do {
        _ = try archive.extract(entry, skipCRC32: false) { chunk in
          data.append(chunk)
          if data.count > XLSXReader.maxPartBytes { throw Failure("a part is too large") }
        }
      } catch let failure as Failure {
        throw failure
      } catch {
        throw Failure("the part \(path) is damaged")
      }
      return data
    }

    struct Workbook {
      var sheets: [(name: String, target: String)]
      var date1904: Bool
      var sharedStringsPath: String?
      var stylesPath: String?
    }

    func workbook() throws(Failure) -> Workbook {
      // The workbook part is named by the package's relationships; xl/workbook.xml by default.
      var workbookPath = "xl/workbook.xml"
      if let rels = try part("_rels/.rels") {
        let parsed = Relationships.parse(rels, base: "")
        if let main = parsed.first(where: { $0.type.hasSuffix("/officeDocument") }) {
          workbookPath = main.target
        }
      }
      guard let data = try part(workbookPath) else {
        throw Failure("it has no workbook part; is it an Excel file?")
      }
      let directory = (workbookPath as NSString).deletingLastPathComponent
      let relsPath =
        (directory.isEmpty ? "" : directory + "/") + "_rels/"
        + (workbookPath as NSString).lastPathComponent + ".rels"
      let relationships = try part(relsPath).map { Relationships.parse($0, base: directory) } ?? []
      let targets = Dictionary(
        relationships.map { ($0.id, $0.target) }, uniquingKeysWith: { a, _ in a })
      let parser = WorkbookParser()
      guard parser.run(data) else { throw Failure("its workbook part is not valid XML") }
      var sheets: [(String, String)] = []
      for sheet in parser.sheets {
        let target =
          targets[sheet.relationship] ?? "\(directory)/worksheets/sheet\(sheets.count + 1).xml"
        sheets.append((sheet.name, target))
      }
      return Workbook(
        sheets: sheets, date1904: parser.date1904,
        sharedStringsPath: relationships.first { $0.type.hasSuffix("/sharedStrings") }?.target
          ?? (directory.isEmpty ? "sharedStrings.xml" : "\(directory)/sharedStrings.xml"),
        stylesPath: relationships.first { $0.type.hasSuffix("/styles") }?.target
          ?? (directory.isEmpty ? "styles.xml" : "\(directory)/styles.xml"))
    }

    func sharedStrings(_ path: String?) throws(Failure) -> [String] {
      guard let path, let data = try part(path) else { return [] }
      let parser = SharedStringsParser()
      guard parser.run(data) else { throw Failure("its shared strings are not valid XML") }
      return parser.strings
    }

    func styles(_ path: String?) throws(Failure) -> [SpreadsheetML.DateKind] {
      guard let path, let data = try part(path) else { return [] }
      let parser = StylesParser()
      guard parser.run(data) else { throw Failure("its styles are not valid XML") }
      return parser.cellFormats.map { id in
        if let code = parser.customFormats[id] { return SpreadsheetML.customKind(code) }
        return SpreadsheetML.builtInKind(id)
      }
    }

    func rows(
      of target: String, strings: [String], styles: [SpreadsheetML.DateKind], date1904: Bool
    ) throws(Failure) -> [(number: Int, cells: [(column: Int, text: String)])] {
      guard let data = try part(target) else {
        throw Failure("its sheet part \(target) is missing")
      }
      let parser = SheetParser(strings: strings, styles: styles, date1904: date1904)
      guard parser.run(data) else { throw Failure("its sheet is not valid XML") }
      return parser.rows
    }
  }
}

// MARK: Parts

/// A base for the part parsers: runs `XMLParser` over the data with `self` as delegate.
///
/// The delegate methods live here and call ``start(_:_:)``, ``characters(_:)`` and
/// ``end(_:)``, which the parsers override: a protocol's witnesses are the conforming
/// class's own methods, so a subclass's methods would never be called as delegate methods.
private class PartParser: NSObject, XMLParserDelegate {
  func run(_ data: Data) -> Bool {
    let parser = XMLParser(data: data)
    parser.delegate = self
    parser.shouldProcessNamespaces = false
    parser.shouldResolveExternalEntities = false
    return parser.parse()
  }

  func start(_ name: Substring, _ attributes: [String: String]) {}
  func characters(_ text: String) {}
  func end(_ name: Substring) {}

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    start(Self.local(elementName), attributeDict)
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    characters(string)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    end(Self.local(elementName))
  }

  /// The local name of a possibly prefixed element name (`x:row` → `row`).
  static func local(_ name: String) -> Substring {
    guard name.utf8.contains(0x3A), let colon = name.lastIndex(of: ":") else {
      return Substring(name)
    }
    return name[name.index(after: colon)...]
  }
}

/// `_rels/*.rels`: relationship id → target part, with the type.
private enum Relationships {
  struct Entry {
    var id: String
    var type: String
    var target: String
  }

  static func parse(_ data: Data, base: String) -> [Entry] {
    let parser = Parser()
    _ = parser.run(data)
    return parser.entries.map { entry in
      var e = entry
      e.target = resolve(entry.target, base: base)
      return e
    }
  }

  /// A target relative to `base` (the folder of the part the relationships belong to), or
  /// absolute when it starts with `/`.
  static func resolve(_ target: String, base: String) -> String {
    if target.hasPrefix("/") { return String(target.dropFirst()) }
    var parts = base.isEmpty ? [] : base.split(separator: "/").map(String.init)
    for piece in target.split(separator: "/") {
      if piece == ".." {
        if !parts.isEmpty { parts.removeLast() }
      } else if piece != "." {
        parts.append(String(piece))
      }
    }
    return parts.joined(separator: "/")
  }

  private final class Parser: PartParser {
    var entries: [Entry] = []
    override func start(_ name: Substring, _ attributes: [String: String]) {
      guard name == "Relationship", let id = attributes["Id"],
        let target = attributes["Target"]
      else { return }
      if attributes["TargetMode"] == "External" { return }
      entries.append(Entry(id: id, type: attributes["Type"] ?? "", target: target))
    }
  }
}

/// `xl/workbook.xml`: the sheets in order and the date system.
private final class WorkbookParser: PartParser {
  var sheets: [(name: String, relationship: String)] = []
  var date1904 = false

  override func start(_ name: Substring, _ attributes: [String: String]) {
    switch name {
    case "sheet":
      let relationship =
        attributes["r:id"]
        ?? attributes.first { $0.key.hasSuffix(":id") }?.value ?? ""
      sheets.append((attributes["name"] ?? "", relationship))
    case "workbookPr":
      let value = attributes["date1904"] ?? ""
      date1904 = value == "1" || value == "true"
    default: break
    }
  }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, rich-text runs joined, phonetic runs left out.
private final class SharedStringsParser: PartParser {
  var strings: [String] = []
  private var current = ""
  private var inText = false
  private var inPhonetic = false

  override func start(_ name: Substring, _ attributes: [String: String]) {
    switch name {
    case "si": current = ""
    case "t": inText = !inPhonetic
    case "rPh": inPhonetic = true
    default: break
    }
  }

  override func characters(_ string: String) {
    if inText { current += string }
  }

  override func end(_ name: Substring) {
    switch name {
    case "si": strings.append(current)
    case "t": inText = false
    case "rPh": inPhonetic = false
    default: break
    }
  }
}

/// `xl/styles.xml`: the number format of each cell format (`cellXfs`), and the custom
/// number format codes.
private final class StylesParser: PartParser {
  var customFormats: [Int: String] = [:]
  var cellFormats: [Int] = []
  private var inCellXfs = false

  override func start(_ name: Substring, _ attributes: [String: String]) {
    switch name {
    case "numFmt":
      if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] {
        customFormats[id] = code
      }
    case "cellXfs": inCellXfs = true
    case "xf" where inCellXfs:
      cellFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
    default: break
    }
  }

  override func end(_ name: Substring) {
    if name == "cellXfs" { inCellXfs = false }
  }
}

/// A worksheet part: every row's cells as text, by column.
private final class SheetParser: PartParser {
  var rows: [(number: Int, cells: [(column: Int, text: String)])] = []
  private let strings: [String]
  private let styles: [SpreadsheetML.DateKind]
  private let date1904: Bool

  private var rowNumber = 0
  private var cells: [(column: Int, text: String)] = []
  private var column = 0
  private var type = ""
  private var style = 0
  private var value = ""
  private var inValue = false
  private var inInline = false
  private var inPhonetic = false

  init(strings: [String], styles: [SpreadsheetML.DateKind], date1904: Bool) {
    self.strings = strings
    self.styles = styles
    self.date1904 = date1904
  }

  override func start(_ name: Substring, _ attributes: [String: String]) {
    switch name {
    case "c":
      if let reference = attributes["r"], let c = SpreadsheetML.column(ofReference: reference) {
        column = c
      } else {
        column = (cells.last?.column ?? -1) + 1
      }
      type = attributes["t"] ?? "n"
      style = attributes["s"].flatMap { Int($0) } ?? 0
      value = ""
      inInline = false
    case "v":
      inValue = true
    case "is":
      inInline = true
    case "t" where inInline && !inPhonetic:
      inValue = true
    case "rPh":
      inPhonetic = true
    case "row":
      if let r = attributes["r"].flatMap({ Int($0) }), r > 0 {
        rowNumber = r
      } else {
        rowNumber += 1
      }
      cells = []
    default: break
    }
  }

  override func characters(_ string: String) {
    if inValue { value += string }
  }

  override func end(_ name: Substring) {
    switch name {
    case "v", "t":
      inValue = false
    case "rPh":
      inPhonetic = false
    case "c":
      let text = Self.trimmed(cellText())
      if !text.isEmpty { cells.append((column, text)) }
    case "row":
      if !cells.isEmpty { rows.append((rowNumber, cells)) }
    default: break
    }
  }

  /// The text without leading and trailing white space; most cells have none, and are
  /// returned as they are without Foundation's slower trimming.
  static func trimmed(_ text: String) -> String {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else {
      return text
    }
    guard first.properties.isWhitespace || last.properties.isWhitespace else { return text }
    let scalars = text.unicodeScalars
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[start...end])
  }

  private func cellText() -> String {
    switch type {
    case "s":
      guard let index = Int(value), index >= 0, index < strings.count else { return "" }
      return strings[index]
    case "inlineStr", "str", "e": return value
    case "b": return value == "1" ? "true" : (value == "0" ? "false" : value)
    case "d":
      // An ISO 8601 date cell (rare; strict OOXML): date and time, as the serials read.
      return value.replacingOccurrences(of: "T", with: " ")
    default:
      guard let number = Double(Self.trimmed(value)) else { return value }
      let kind = style >= 0 && style < styles.count ? styles[style] : .none
      if kind != .none,
        let text = SpreadsheetML.dateText(serial: number, kind: kind, date1904: date1904)
      {
        return text
      }
      return SpreadsheetML.numberText(number)
    }
  }
}
