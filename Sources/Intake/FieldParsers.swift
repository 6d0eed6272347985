/// A problem with one value, before it knows its file, line and column.
struct FieldProblem: Error, Hashable, Sendable {
  var code: String
  var message: String
  var suggestion: String? = nil
}

/// Parsers for single intake values.
///
/// Each takes trimmed text and either returns the normalised value or says what is wrong
/// with it, quoting the value.
enum FieldParsers {
  /// A decimal number with `.` or `,` as decimal separator and an optional leading `-`.
  static func decimal(_ text: Substring) -> Double? {
    var digits = 0
    var separators = 0
    var normalised = ""
    normalised.reserveCapacity(text.utf8.count)
    var first = true
    for u in text.unicodeScalars {
      switch u {
      case "0"..."9":
        digits += 1
        normalised.unicodeScalars.append(u)
      case ".", ",":
        separators += 1
        normalised.append(".")
      case "-" where first, "+" where first:
        normalised.unicodeScalars.append(u)
      default: return nil
      }
      first = false
    }
    guard digits > 0, separators <= 1 else { return nil }
    return Double(normalised)
  }

  /// Years of experience: `12`, `12,5`, `12.5`, `12 jaar`, `12 years`, `12 yrs`; 0–70.
  static func years(_ text: String) -> Result<Double, FieldProblem> {
    var body = Substring(TextMatching.asciiLower(text))
    for unit in ["jaren", "jaar", "years", "year", "yrs", "yr", "y", "j"] where body.hasSuffix(unit)
    {
      body = body.dropLast(unit.count)
      break
    }
    while body.last == " " { body = body.dropLast() }
    guard let value = decimal(body) else {
      return .failure(
        FieldProblem(
          code: "not-a-number",
          message: "expected a number of years such as 12 or 12,5, got \"\(text)\""))
    }
    if value < 0 {
      return .failure(
        FieldProblem(
          code: "negative-number",
          message: "years of experience cannot be negative, got \"\(text)\""))
    }
    if value > 70 {
      return .failure(
        FieldProblem(
          code: "years-out-of-range",
          message: "years of experience must be at most 70, got \"\(text)\""))
    }
    return .success(value)
  }

  /// An interview rating from 1 to 5, or `nil` when blank.
  static func rating(_ text: String) -> Result<Double?, FieldProblem> {
    if text.isEmpty { return .success(nil) }
    guard let value = decimal(Substring(text)) else {
      return .failure(
        FieldProblem(
          code: "not-a-number", message: "expected a rating from 1 to 5, got \"\(text)\""))
    }
    guard value >= 1 && value <= 5 else {
      return .failure(
        FieldProblem(
          code: "rating-out-of-range", message: "a rating must be from 1 to 5, got \"\(text)\""))
    }
    return .success(value)
  }

  /// One availability token such as `tue-pm`, `di-middag` or `dinsdagmiddag`.
  static func slot(_ token: Substring) -> Slot? {
    AvailabilityText.slot(token)
  }

  /// Weekly availability as written in a form (see ``AvailabilityText``).
  static func availability(_ text: String) -> (SlotSet, [FieldProblem]) {
    AvailabilityText.parse(text)
  }

  /// A language: `nl`, `en`, their names in Dutch or English, or another 2–3 letter code.
  static func language(_ text: String) -> Result<String, FieldProblem> {
    let lower = TextMatching.fold(text)
    switch lower {
    case "nl", "nederlands", "dutch", "ned", "vlaams", "flemish": return .success("nl")
    case "en", "engels", "english", "eng": return .success("en")
    case "de", "duits", "german", "deutsch": return .success("de")
    case "fr", "frans", "french", "francais": return .success("fr")
    default: break
    }
    let letters = lower.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    if letters && (2...3).contains(lower.utf8.count) { return .success(lower) }
    return .failure(
      FieldProblem(
        code: "unknown-language",
        message: "unknown language \"\(text)\"; use a code such as nl or en"
      ))
  }

  private static let formatNames: [String: MeetingFormat] = [
    "online": .online, "digitaal": .online, "remote": .online, "virtueel": .online,
    "inperson": .inPerson, "in-person": .inPerson, "offline": .inPerson, "fysiek": .inPerson,
    "oplocatie": .inPerson, "inpersoon": .inPerson, "livegesprek": .inPerson, "live": .inPerson,
    "either": .either, "beide": .either, "both": .either, "any": .either,
    "maaktnietuit": .either, "geenvoorkeur": .either, "nopreference": .either,
    "doesn'tmatter": .either, "doesntmatter": .either, "doesnotmatter": .either,
    "hybride": .either, "hybrid": .either, "allebei": .either, "eitherisfine": .either,
    "oplocatie/online": .either, "online/oplocatie": .either, "fysiek/online": .either,
    "online/fysiek": .either,
  ]

  /// The meeting format; blank means `either`.
  static func format(_ text: String) -> Result<MeetingFormat, FieldProblem> {
    if text.isEmpty { return .success(.either) }
    var key = TextMatching.fold(text)
    key.removeAll(where: { $0 == "-" || $0 == "_" })
    if let format = formatNames[key] { return .success(format) }
    return .failure(
      FieldProblem(
        code: "unknown-format",
        message: "unknown format \"\(text)\"; use online, in-person or either",
        suggestion: TextMatching.suggestion(for: text, among: ["online", "in-person", "either"])))
  }

  /// Yes or no in English or Dutch; blank is no.
  static func boolean(_ text: String) -> Result<Bool, FieldProblem> {
    switch TextMatching.fold(text) {
    case "", "no", "n", "nee", "false", "0", "onwaar": return .success(false)
    case "yes", "y", "ja", "j", "true", "1", "waar": return .success(true)
    default:
      return .failure(
        FieldProblem(code: "invalid-boolean", message: "expected yes or no, got \"\(text)\""))
    }
  }

  /// An ISO date `YYYY-MM-DD`, or a Dutch `DD-MM-YYYY` (also with `/` or `.`), as ISO text.
  static func date(_ text: String) -> Result<String, FieldProblem> {
    let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
      .map(String.init)
    let bad = FieldProblem(
      code: "invalid-date", message: "expected a date as YYYY-MM-DD, got \"\(text)\"")
    guard parts.count == 3, parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } })
    else { return .failure(bad) }
    let y: Int
    let m: Int
    let d: Int
    // Only digits and separators are left, so bytes tell the separators apart (Foundation's
    // `contains` was half the time of a date).
    let bytes = text.utf8
    if parts[0].count == 4 && parts[1].count <= 2 && parts[2].count <= 2
      && bytes.contains(UInt8(ascii: "-")) && !bytes.contains(UInt8(ascii: "/"))
      && !bytes.contains(UInt8(ascii: "."))
    {
      (y, m, d) = (Int(parts[0]) ?? 0, Int(parts[1]) ?? 0, Int(parts[2]) ?? 0)
    } else if parts[2].count == 4 && parts[0].count <= 2 && parts[1].count <= 2 {
      (y, m, d) = (Int(parts[2]) ?? 0, Int(parts[1]) ?? 0, Int(parts[0]) ?? 0)
    } else {
      return .failure(bad)
    }
    guard (1...12).contains(m) else { return .failure(bad) }
    guard CivilDay.supportedYears.contains(y) else {
      return .failure(
        FieldProblem(
          code: "date-out-of-range",
          message:
            "the date \"\(text)\" is outside the years \(CivilDay.supportedYearsText) that Kring accepts"
        ))
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    guard (1...days).contains(d) else { return .failure(bad) }
    func pad(_ v: Int, _ width: Int) -> String {
      let s = String(v)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return .success("\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))")
  }

  /// A sane email address: one `@`, no spaces, a dotted domain.
  static func isValidEmail(_ text: String) -> Bool {
    // Almost every address is plain ASCII: checked byte by byte, as a tenth of reading a
    // batch went to the character-by-character checks below.
    asciiEmailCheck(text) ?? characterEmailCheck(text)
  }

  /// ``isValidEmail(_:)`` character by character, for any text.
  static func characterEmailCheck(_ text: String) -> Bool {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty,
      !text.contains(where: {
        $0 == " " || $0 == "\t" || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">"
      })
    else { return false }
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2,
      labels.allSatisfy({ !$0.isEmpty && $0.first != "-" && $0.last != "-" }),
      let top = labels.last, top.count >= 2
    else { return false }
    return !local.hasPrefix(".") && !local.hasSuffix(".") && !local.contains("..")
  }

  /// ``isValidEmail(_:)`` for ASCII text without a carriage return, where each byte is one
  /// character (only CR LF joins two ASCII bytes into one); `nil` for any other text.
  static func asciiEmailCheck(_ text: String) -> Bool? {
    let verdict = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
      var ats = 0
      var at = 0
      for (k, b) in bytes.enumerated() {
        if b >= 0x80 || b == 0x0D { return nil }
        if b == UInt8(ascii: "@") {
          ats += 1
          at = k
        }
      }
      // One `@`, after a local part.
      guard ats == 1, at > 0 else { return false }
      // Space, tab, comma, semicolon, < and >.
      let banned = bytes.contains { b in
        b == 0x20 || b == 0x09 || b == 0x2C || b == 0x3B || b == 0x3C || b == 0x3E
      }
      if banned { return false }
      // Two labels or more after the `@`, none empty or at a hyphen, the last of two or more.
      let dot = UInt8(ascii: ".")
      let hyphen = UInt8(ascii: "-")
      var labels = 0
      var start = at + 1
      for k in (at + 1)...bytes.count where k == bytes.count || bytes[k] == dot {
        guard k > start, bytes[start] != hyphen, bytes[k - 1] != hyphen else { return false }
        if k == bytes.count && k - start < 2 { return false }
        labels += 1
        start = k + 1
      }
      guard labels >= 2 else { return false }
      // The local part neither starts nor ends with a dot, nor has two in a row.
      if bytes[0] == dot || bytes[at - 1] == dot { return false }
      for k in 1..<at where bytes[k] == dot && bytes[k - 1] == dot { return false }
      return true
    }
    return verdict ?? nil
  }

  /// Candidate ids separated by spaces, commas or semicolons.
  static func ids(_ text: String) -> [CandidateID] {
    text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" })
      .map { CandidateID(String($0)) }
  }
}
