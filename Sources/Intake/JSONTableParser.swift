/// Reads an intake file in JSON: an array of objects whose keys are the columns.
///
/// A hand-written byte parser, so that every object's starting line is exact and a syntax
/// error names its line. Strings are kept as written, numbers keep their text, `true` and
/// `false` become those words, `null` is blank, and an array of strings or numbers becomes
/// its items joined by spaces (for `availability` and `avoid`).
struct JSONTableParser {
  private let p: UnsafeBufferPointer<UInt8>
  private let file: String
  private var i: Int
  private var line = 1

  private struct Failure: Error {
    var line: Int
    var message: String
    /// The `too-many-rows` problem, reported as it is.
    var limited: Diagnostic? = nil
  }

  /// A value of a row: text, or a problem with the value's shape.
  private enum Cell {
    case text(String)
    case unsupported
  }

  /// Splits `bytes` into a header and records, or returns the file-level problems.
  static func parse(_ bytes: [UInt8], file: String, limit: RowLimit) -> Result<
    RawTable, DiagnosticList
  > {
    let bom = Bytes.bomLength(bytes)
    return bytes.withUnsafeBufferPointer { p -> Result<RawTable, DiagnosticList> in
      if let bad = Bytes.firstInvalidUTF8(p, bom, p.count) {
        var line = 1
        for k in bom..<bad where p[k] == Bytes.lf { line += 1 }
        return .failure(
          DiagnosticList([
            Diagnostic(
              file: file, line: line, code: "invalid-utf8",
              message: "the text is not valid UTF-8; save the file as UTF-8")
          ]))
      }
      var parser = JSONTableParser(p: p, file: file, i: bom, limit: limit)
      do throws(Failure) {
        return .success(try parser.table())
      } catch {
        if let limited = error.limited { return .failure(DiagnosticList([limited])) }
        return .failure(
          DiagnosticList([
            Diagnostic(file: file, line: error.line, code: "invalid-json", message: error.message)
          ]))
      }
    }
  }

  private let limit: RowLimit

  private init(p: UnsafeBufferPointer<UInt8>, file: String, i: Int, limit: RowLimit) {
    self.p = p
    self.file = file
    self.i = i
    self.limit = limit
  }

  private mutating func table() throws(Failure) -> RawTable {
    skipSpace()
    guard i < p.count, p[i] == UInt8(ascii: "[") else {
      throw Failure(line: line, message: "expected a JSON array of objects, one per candidate")
    }
    i += 1
    var headers: [String] = []
    var headerIndex: [String: Int] = [:]
    var rows:
      [(line: Int, cells: [(Int, Cell)], duplicates: [(key: String, line: Int, first: Int)])] =
        []
    skipSpace()
    if peek() == UInt8(ascii: "]") {
      i += 1
    } else {
      while true {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else {
          throw Failure(line: line, message: "expected an object for each candidate")
        }
        let objectLine = line
        guard rows.count < limit.rows else {
          throw Failure(
            line: line, message: "", limited: limit.exceeded(file: file, line: objectLine))
        }
        i += 1
        var cells: [(Int, Cell)] = []
        // The keys of this object, with their lines: a key given twice is an error, since
        // one of the two values would silently win.
        var seenKeys: [Int: Int] = [:]
        var duplicates: [(key: String, line: Int, first: Int)] = []
        skipSpace()
        if peek() == UInt8(ascii: "}") {
          i += 1
        } else {
          while true {
            skipSpace()
            guard peek() == Bytes.quote else {
              throw Failure(line: line, message: "expected a key in quotes")
            }
            let rawKey = try string()
            let key = trim(rawKey)
            skipSpace()
            guard peek() == UInt8(ascii: ":") else {
              throw Failure(line: line, message: "expected ':' after key \"\(key)\"")
            }
            i += 1
            skipSpace()
            let keyLine = line
            let cell = try cellValue()
            let index: Int
            if let known = headerIndex[key] {
              index = known
            } else {
              index = headers.count
              headers.append(key)
              headerIndex[key] = index
            }
            if let first = seenKeys[index] {
              duplicates.append((key, keyLine, first))
            } else {
              seenKeys[index] = keyLine
              cells.append((index, cell))
            }
            skipSpace()
            if peek() == UInt8(ascii: ",") {
              i += 1
              continue
            }
            guard peek() == UInt8(ascii: "}") else {
              throw Failure(
                line: line, message: "expected ',' or '}' after the value of \"\(key)\"")
            }
            i += 1
            break
          }
        }
        rows.append((objectLine, cells, duplicates))
        skipSpace()
        if peek() == UInt8(ascii: ",") {
          i += 1
          continue
        }
        guard peek() == UInt8(ascii: "]") else {
          throw Failure(line: line, message: "expected ',' or ']' after an object")
        }
        i += 1
        break
      }
    }
    skipSpace()
    guard i >= p.count else {
      throw Failure(line: line, message: "unexpected text after the closing ']'")
    }
    let width = headers.count
    var records: [RawRecord] = []
    records.reserveCapacity(rows.count)
    for row in rows {
      var fields = [String](repeating: "", count: width)
      var problems: [Diagnostic] = row.duplicates.map { duplicate in
        Diagnostic(
          file: file, line: duplicate.line, column: duplicate.key, code: "duplicate-key",
          message:
            "the key \"\(duplicate.key)\" appears twice in this object (first on line \(duplicate.first)); keep one"
        )
      }
      for (index, cell) in row.cells {
        switch cell {
        case .text(let text): fields[index] = text
        case .unsupported:
          problems.append(
            Diagnostic(
              file: file, line: row.line, column: headers[index], code: "unsupported-value",
              message: "expected text, a number, true/false, null or a list of text"))
        }
      }
      records.append(RawRecord(line: row.line, fields: fields, problems: problems))
    }
    return RawTable(headers: headers, records: records)
  }

  private func peek() -> UInt8? { i < p.count ? p[i] : nil }

  private mutating func skipSpace() {
    while i < p.count {
      let c = p[i]
      if c == Bytes.lf {
        line += 1
      } else if c != Bytes.space && c != Bytes.tab && c != Bytes.cr {
        return
      }
      i += 1
    }
  }

  private func trim(_ s: String) -> String {
    var u = Substring(s)
    while let f = u.first, f == " " || f == "\t" { u = u.dropFirst() }
    while let l = u.last, l == " " || l == "\t" { u = u.dropLast() }
    return String(u)
  }

  /// A row value; nested objects and arrays holding anything but scalars are unsupported.
  private mutating func cellValue() throws(Failure) -> Cell {
    guard let c = peek() else { throw Failure(line: line, message: "unexpected end of file") }
    if c == UInt8(ascii: "[") {
      i += 1
      var items: [String] = []
      var supported = true
      skipSpace()
      if peek() == UInt8(ascii: "]") {
        i += 1
        return .text("")
      }
      while true {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "["), UInt8(ascii: "{"):
          supported = false
          try skipValue(depth: 1)
        default:
          if let item = try scalar(), !item.isEmpty { items.append(item) }
        }
        skipSpace()
        if peek() == UInt8(ascii: ",") {
          i += 1
          continue
        }
        guard peek() == UInt8(ascii: "]") else {
          throw Failure(line: line, message: "expected ',' or ']' in a list")
        }
        i += 1
        break
      }
      return supported ? .text(items.joined(separator: " ")) : .unsupported
    }
    if c == UInt8(ascii: "{") {
      try skipValue(depth: 1)
      return .unsupported
    }
    return .text(try scalar() ?? "")
  }

  /// A string, number, `true`, `false` (as text) or `null` (as `nil`).
  private mutating func scalar() throws(Failure) -> String? {
    guard let c = peek() else { throw Failure(line: line, message: "unexpected end of file") }
    if c == Bytes.quote { return trim(try string()) }
    if c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) { return try number() }
    for word in ["true", "false", "null"] where matches(word) {
      i += word.utf8.count
      return word == "null" ? nil : word
    }
    throw Failure(line: line, message: "expected a value")
  }

  private func matches(_ word: String) -> Bool {
    var k = i
    for b in word.utf8 {
      guard k < p.count, p[k] == b else { return false }
      k += 1
    }
    return true
  }

  private mutating func number() throws(Failure) -> String {
    let start = i
    if peek() == UInt8(ascii: "-") { i += 1 }
    var digits = 0
    func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
    while isDigit(peek()) {
      i += 1
      digits += 1
    }
    if peek() == UInt8(ascii: ".") {
      i += 1
      while isDigit(peek()) {
        i += 1
        digits += 1
      }
    }
    if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
      i += 1
      if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { i += 1 }
      while isDigit(peek()) { i += 1 }
    }
    guard digits > 0 else { throw Failure(line: line, message: "expected a number") }
    return String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
  }

  private mutating func string() throws(Failure) -> String {
    let openLine = line
    i += 1
    var out: [UInt8] = []
    while i < p.count {
      let c = p[i]
      if c == Bytes.quote {
        i += 1
        return String(decoding: out, as: UTF8.self)
      }
      if c == UInt8(ascii: "\\") {
        guard i + 1 < p.count else { break }
        let e = p[i + 1]
        i += 2
        switch e {
        case UInt8(ascii: "\""): out.append(Bytes.quote)
        case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(Bytes.lf)
        case UInt8(ascii: "r"): out.append(Bytes.cr)
        case UInt8(ascii: "t"): out.append(Bytes.tab)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if (0xD800...0xDBFF).contains(scalar), matches("\\u") {
            i += 2
            let low = try hex4()
            if (0xDC00...0xDFFF).contains(low) {
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else {
              scalar = 0xFFFD
            }
          }
          let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
          out.append(contentsOf: Array(String(Character(u)).utf8))
        default:
          throw Failure(line: line, message: "invalid escape in a string")
        }
        continue
      }
      if c == Bytes.lf { line += 1 }
      out.append(c)
      i += 1
    }
    throw Failure(line: openLine, message: "a string starts here but its closing quote is missing")
  }

  private mutating func hex4() throws(Failure) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let c = peek() else { throw Failure(line: line, message: "unexpected end of file") }
      let digit: UInt32
      switch c {
      case 0x30...0x39: digit = UInt32(c - 0x30)
      case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
      default: throw Failure(line: line, message: "invalid \\u escape in a string")
      }
      value = value << 4 | digit
      i += 1
    }
    return value
  }

  /// Skips a nested array or object, refusing nesting deep enough to exhaust the stack.
  private mutating func skipValue(depth: Int) throws(Failure) {
    guard depth < 64 else { throw Failure(line: line, message: "values are nested too deeply") }
    guard let c = peek() else { throw Failure(line: line, message: "unexpected end of file") }
    let close: UInt8
    if c == UInt8(ascii: "[") {
      close = UInt8(ascii: "]")
    } else if c == UInt8(ascii: "{") {
      close = UInt8(ascii: "}")
    } else {
      _ = try scalar()
      return
    }
    i += 1
    skipSpace()
    if peek() == close {
      i += 1
      return
    }
    while true {
      skipSpace()
      if close == UInt8(ascii: "}") {
        guard peek() == Bytes.quote else {
          throw Failure(line: line, message: "expected a key in quotes")
        }
        _ = try string()
        skipSpace()
        guard peek() == UInt8(ascii: ":") else {
          throw Failure(line: line, message: "expected ':'")
        }
        i += 1
        skipSpace()
      }
      try skipValue(depth: depth + 1)
      skipSpace()
      if peek() == UInt8(ascii: ",") {
        i += 1
        continue
      }
      guard peek() == close else {
        throw Failure(line: line, message: "expected ',' or '\(Character(Unicode.Scalar(close)))'")
      }
      i += 1
      return
    }
  }
}
