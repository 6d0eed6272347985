/// A table read from an intake file before any field is interpreted.
///
/// CSV and JSON files both become a `RawTable`, so that header mapping and validation are
/// written once.
struct RawTable: Sendable {
  /// The header texts as they appear in the file (trimmed).
  var headers: [String]
  /// The line of the header row (1 unless blank lines precede it; 1 for JSON).
  var headerLine: Int = 1
  /// The data rows, in file order.
  var records: [RawRecord]
}

/// One data row of a `RawTable`.
struct RawRecord: Sendable {
  /// The 1-based physical line where the row starts.
  var line: Int
  /// The trimmed field values, aligned with `RawTable.headers` (padded with blanks).
  var fields: [String]
  /// Problems found while reading the row's bytes, such as invalid UTF-8 or a field count
  /// that does not match the header.
  var problems: [Diagnostic]
}

/// The most data rows a reader takes from a file, and the config key that raises it.
struct RowLimit: Sendable {
  var rows: Int
  /// The key to name in the message, such as `intake.max_rows`; `nil` when none raises it.
  var key: String?

  /// The `too-many-rows` problem, reported as soon as the file has one row more.
  func exceeded(file: String, line: Int) -> Diagnostic {
    Diagnostic(
      file: file, line: line, code: "too-many-rows",
      message: "the file has more than \(rows) rows; at most \(rows) are read"
        + (key.map { " (raise \($0) in kring.yaml to read more)" } ?? ""))
  }
}

/// Byte-level helpers shared by the CSV and JSON readers.
enum Bytes {
  static let quote: UInt8 = 0x22
  static let comma: UInt8 = 0x2C
  static let semicolon: UInt8 = 0x3B
  static let lf: UInt8 = 0x0A
  static let cr: UInt8 = 0x0D
  static let space: UInt8 = 0x20
  static let tab: UInt8 = 0x09

  /// The number of bytes of a leading UTF-8 byte order mark (0 or 3).
  static func bomLength(_ bytes: [UInt8]) -> Int {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
  }

  /// Whether the bytes from `start` on are all ASCII white space.
  static func isBlank(_ bytes: [UInt8], from start: Int) -> Bool {
    var i = start
    while i < bytes.count {
      let c = bytes[i]
      if c != space && c != tab && c != lf && c != cr { return false }
      i += 1
    }
    return true
  }

  /// The offset of the first byte in `start..<end` that is not valid UTF-8, or `nil`.
  static func firstInvalidUTF8(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
    var i = start
    while i < end {
      let c = p[i]
      if c < 0x80 {
        i += 1
        continue
      }
      var need = 0
      var lo: UInt8 = 0x80
      var hi: UInt8 = 0xBF
      switch c {
      case 0xC2...0xDF: need = 1
      case 0xE0:
        need = 2
        lo = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: need = 2
      case 0xED:
        need = 2
        hi = 0x9F
      case 0xF0:
        need = 3
        lo = 0x90
      case 0xF1...0xF3: need = 3
      case 0xF4:
        need = 3
        hi = 0x8F
      default: return i
      }
      if i + need >= end { return i }
      let second = p[i + 1]
      if second < lo || second > hi { return i }
      var k = 2
      while k <= need {
        let b = p[i + k]
        if b < 0x80 || b > 0xBF { return i }
        k += 1
      }
      i += need + 1
    }
    return nil
  }

  /// Decodes `start..<end` trimmed of spaces and tabs; the bytes must be valid UTF-8.
  static func trimmedString(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
    var s = start
    var e = end
    while s < e && (p[s] == space || p[s] == tab) { s += 1 }
    while e > s && (p[e - 1] == space || p[e - 1] == tab) { e -= 1 }
    if s == e { return "" }
    return String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
  }
}
