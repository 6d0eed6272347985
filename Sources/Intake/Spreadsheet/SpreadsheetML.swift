/// What the .xlsx reader and writer share about SpreadsheetML: cell references, Excel's serial
/// dates and which number formats show a date.
enum SpreadsheetML {
  static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let relationshipNamespace =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let packageRelationshipNamespace =
    "http://schemas.openxmlformats.org/package/2006/relationships"

  /// The 0-based column of a cell reference such as `AB12` (27), or `nil` when it has no
  /// letters or more than three (Excel's last column is XFD).
  static func column(ofReference reference: String) -> Int? {
    var column = 0
    var letters = 0
    for byte in reference.utf8 {
      let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
      guard upper >= 0x41 && upper <= 0x5A else { break }
      column = column * 26 + Int(upper - 0x40)
      letters += 1
      if letters > 3 { return nil }
    }
    return letters == 0 ? nil : column - 1
  }

  /// The letters of a 0-based column: 0 → `A`, 27 → `AB`.
  static func columnLetters(_ column: Int) -> String {
    var n = column + 1
    var scalars: [Unicode.Scalar] = []
    while n > 0 {
      let r = (n - 1) % 26
      scalars.append(Unicode.Scalar(UInt8(0x41 + r)))
      n = (n - 1) / 26
    }
    var text = ""
    for s in scalars.reversed() { text.unicodeScalars.append(s) }
    return text
  }

  /// The day number (days since 1970-01-01) of Excel's day 0 in the 1900 date system.
  ///
  /// Excel counts 1900 as a leap year (a bug kept from Lotus 1-2-3): from serial 61
  /// (1900-03-01) on, day 0 is 1899-12-30; below it, 1899-12-31.
  static let epoch1900 = CivilDay.days(year: 1899, month: 12, day: 30)
  /// Day 0 of the 1904 date system (old Mac workbooks, `date1904="1"`).
  static let epoch1904 = CivilDay.days(year: 1904, month: 1, day: 1)

  /// The text of an Excel serial date: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` when `time`, or
  /// `HH:MM` for a time alone (a serial below 1 shown with a time-only format).
  static func dateText(serial: Double, kind: DateKind, date1904: Bool) -> String? {
    guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
    // Rounded to the second, as Excel shows it.
    let totalSeconds = (serial * 86_400).rounded()
    let whole = Int(totalSeconds / 86_400)
    let seconds = Int(totalSeconds) - whole * 86_400
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    let clock = "\(two(seconds / 3600)):\(two(seconds / 60 % 60))"
    if kind == .time { return clock + (seconds % 60 == 0 ? "" : ":\(two(seconds % 60))") }
    let day: Int
    if date1904 {
      day = epoch1904 + whole
    } else {
      day = whole < 61 ? epoch1900 + whole + 1 : epoch1900 + whole
    }
    let date = CivilDay.iso(day)
    return kind == .dateTime ? "\(date) \(clock):\(two(seconds % 60))" : date
  }

  /// The Excel serial of a day number and a time of day in seconds (1900 system).
  static func serial(day: Int, seconds: Int) -> Double {
    let whole = day - epoch1900
    return Double(whole) + Double(seconds) / 86_400
  }

  /// What a number format shows of a serial: nothing (a plain number), a date, a time or both.
  enum DateKind: Sendable, Hashable {
    case none, date, time, dateTime
  }

  /// The kind of a built-in number format id (ECMA-376 §18.8.30): 14–17 and 27–36, 50–58
  /// (East Asian) are dates, 18–21 and 45–47 times, 22 a date and time.
  static func builtInKind(_ id: Int) -> DateKind {
    switch id {
    case 14...17, 27...36, 50...58: .date
    case 18...21, 45...47: .time
    case 22: .dateTime
    default: .none
    }
  }

  /// The kind of a custom number format code such as `dd-mm-yyyy hh:mm` or `0.00`.
  ///
  /// Quoted text, `\`-escaped characters and `[…]` sections (colours, conditions, locales)
  /// are left out; `[h]`, `[m]` and `[s]` (elapsed time) count as time. Only the first
  /// section (before `;`) decides.
  static func customKind(_ code: String) -> DateKind {
    var hasDate = false
    var hasTime = false
    var inQuotes = false
    var inBracket = false
    var bracket = ""
    var escaped = false
    for c in code.lowercased() {
      if escaped {
        escaped = false
        continue
      }
      if inQuotes {
        if c == "\"" { inQuotes = false }
        continue
      }
      if inBracket {
        if c == "]" {
          inBracket = false
          if !bracket.isEmpty, bracket.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }) {
            hasTime = true
          }
        } else {
          bracket.append(c)
        }
        continue
      }
      switch c {
      case "\"": inQuotes = true
      case "\\": escaped = true
      case "[":
        inBracket = true
        bracket = ""
      case ";": return kind(hasDate, hasTime)
      case "d", "y": hasDate = true
      case "h", "s": hasTime = true
      case "m":
        // `m` is a month beside days or years, minutes beside hours or seconds; alone it is
        // a month.
        if !hasTime { hasDate = true }
      default: break
      }
    }
    return kind(hasDate, hasTime)
  }

  private static func kind(_ date: Bool, _ time: Bool) -> DateKind {
    switch (date, time) {
    case (true, true): .dateTime
    case (true, false): .date
    case (false, true): .time
    default: .none
    }
  }

  /// A number as Excel shows it in a General cell: at most 15 significant digits, no
  /// trailing zeros (`3.4999999999999996` is `3.5`).
  static func numberText(_ value: Double) -> String {
    guard value.isFinite else { return String(value) }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    let rounded = Double(String(format: "%.15g", value)) ?? value
    return NumberText.plain(rounded)
  }

  /// Escapes text for XML character data and attribute values, leaving out the characters
  /// XML 1.0 cannot hold (control characters other than tab, line feed and carriage return,
  /// lone surrogates are impossible in a Swift string).
  static func escaped(_ text: String) -> String {
    var needs = false
    for b in text.utf8 where b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b < 0x20 {
      needs = true
      break
    }
    if !needs {
      for s in text.unicodeScalars where s.value == 0xFFFE || s.value == 0xFFFF {
        needs = true
        break
      }
    }
    guard needs else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    for s in text.unicodeScalars {
      switch s {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "\t", "\n": out.unicodeScalars.append(s)
      case "\r": out += "&#13;"
      default:
        if s.value < 0x20 || s.value == 0xFFFE || s.value == 0xFFFF { continue }
        out.unicodeScalars.append(s)
      }
    }
    return out
  }
}
