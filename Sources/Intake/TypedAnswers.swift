/// Readings of what people type into a form where a plain value was asked for: years such as
/// "10+", "ca. 19" or "5-10", several languages in one answer, a yes or no with a remark.
extension FieldParsers {
  /// A number of years as typed, and the range it was read from.
  struct YearsAnswer: Hashable, Sendable {
    var value: Double
    /// The bounds of a range answer ("5-10", "minder dan 2"), whose middle is `value`.
    var range: ClosedRange<Double>?
  }

  /// Years of experience as people type them: `12`, `12,5`, `12 jaar`, `10+`, `ca. 19`,
  /// `ruim 5`, `meer dan 20`, `bijna 3`, `± 8`, `5-10` and `5 tot 10 jaar` (the middle of the
  /// range), `minder dan 2` (the middle of 0–2).
  static func typedYears(_ text: String) -> Result<YearsAnswer, FieldProblem> {
    switch years(text) {
    case .success(let value): return .success(YearsAnswer(value: value, range: nil))
    case .failure(let problem) where problem.code != "not-a-number": return .failure(problem)
    case .failure: break
    }
    var body = TextMatching.asciiLower(text).trimmingCharacters(in: .whitespaces)
    var below = false
    var between = false
    var changed = true
    while changed {
      changed = false
      for prefix in yearPrefixes where body.hasPrefix(prefix) {
        let rest = body.dropFirst(prefix.count)
        // A word prefix must end at a word boundary ("ca 19", not "car").
        if let first = prefix.last, first.isLetter, let next = rest.first, next.isLetter {
          continue
        }
        if lessThan.contains(prefix) { below = true }
        if prefix == "tussen" || prefix == "between" { between = true }
        body = rest.trimmingCharacters(in: .whitespaces)
        changed = true
        break
      }
      for suffix in yearSuffixes where body.hasSuffix(suffix) && body.count > suffix.count {
        let rest = body.dropLast(suffix.count)
        if let last = suffix.first, last.isLetter, let before = rest.last, before.isLetter {
          continue
        }
        body = rest.trimmingCharacters(in: .whitespaces)
        changed = true
        break
      }
    }
    let bad = FieldProblem(
      code: "not-a-number",
      message: "expected a number of years such as 12 or 12,5, got \"\(text)\"")
    if let (low, high) = rangeBounds(body, between: between) {
      guard case .success(let a) = years(low), case .success(let b) = years(high), a <= b
      else { return .failure(bad) }
      return .success(YearsAnswer(value: (a + b) / 2, range: a...b))
    }
    switch years(body.isEmpty ? text : body) {
    case .success(let value):
      if below { return .success(YearsAnswer(value: value / 2, range: 0...value)) }
      return .success(YearsAnswer(value: value, range: nil))
    case .failure(let problem):
      // The original text in the message, not what was left of it.
      return .failure(
        problem.code == "not-a-number"
          ? bad
          : FieldProblem(
            code: problem.code,
            message: problem.message.replacingOccurrences(of: "\"\(body)\"", with: "\"\(text)\"")))
    }
  }

  /// The two sides of a range such as `5-10`, `5 – 10`, `5 tot 10` or (after "tussen")
  /// `5 en 10`; a leading minus is a sign, not a range.
  private static func rangeBounds(_ body: String, between: Bool) -> (String, String)? {
    var separators = [" tot ", " t/m ", " to ", " à ", " a ", "–", "—", "-"]
    if between { separators += [" en ", " and "] }
    for separator in separators {
      guard let range = body.range(of: separator), range.lowerBound != body.startIndex else {
        continue
      }
      let low = body[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
      let high = body[range.upperBound...].trimmingCharacters(in: .whitespaces)
      guard !low.isEmpty, !high.isEmpty, !high.hasPrefix("-") else { continue }
      return (low, high)
    }
    return nil
  }

  private static let lessThan: Set<String> = [
    "minder dan", "iets minder dan", "less than", "under", "onder", "<", "<=", "≤", "max.", "max",
    "maximaal", "hooguit",
  ]

  /// Qualifiers before a number, longest first so that "iets meer dan" wins over "meer dan".
  private static let yearPrefixes: [String] = [
    "iets meer dan", "iets minder dan", "meer dan", "minder dan", "more than", "less than",
    "at least", "approximately", "ongeveer", "circa", "ca.", "ca", "ong.", "about", "around",
    "approx.", "almost", "nearly", "bijna", "ruim", "minimaal", "minstens", "zo'n", "zo\u{2019}n",
    "plusminus", "pakweg", "tussen", "between", "hooguit", "maximaal", "max.", "max", "under",
    "onder", "over", "+/-", "+-", "±", "~", ">=", "<=", "≥", "≤", ">", "<",
  ]

  private static let yearSuffixes: [String] = [
    "of meer", "or more", "en meer", "of langer", "werkervaring", "ervaring", "of experience",
    "jaren", "jaar", "years", "year", "yrs", "yr", "jr.", "jr", "+",
  ]

  /// Several languages in one answer, the first named first: `Nederlands of Engels`, `NL/EN`,
  /// `Dutch and English`, `nl, en`, with brackets and words such as "alleen" or "bij
  /// voorkeur" left out.
  static func languages(_ text: String) -> Result<[String], FieldProblem> {
    if case .success(let one) = language(text) { return .success([one]) }
    var body = " " + TextMatching.asciiLower(AvailabilityText.withoutBrackets(text)) + " "
    for word in [" en/of ", " and/or ", " of ", " or ", " en ", " and "] {
      body = body.replacingOccurrences(of: word, with: ",")
    }
    let parts = body.split(whereSeparator: {
      $0 == "," || $0 == ";" || $0 == "/" || $0 == "&" || $0 == "+" || $0 == "|"
    })
    var codes: [String] = []
    for part in parts {
      var words = part.split(separator: " ").map(String.init)
      words.removeAll { languageFillers.contains($0) }
      guard !words.isEmpty else { continue }
      switch language(words.joined(separator: " ")) {
      case .success(let code): if !codes.contains(code) { codes.append(code) }
      case .failure:
        return .failure(
          FieldProblem(
            code: "unknown-language",
            message: "unknown language \"\(text)\"; use a code such as nl or en"))
      }
    }
    guard !codes.isEmpty else {
      return .failure(
        FieldProblem(
          code: "unknown-language",
          message: "unknown language \"\(text)\"; use a code such as nl or en"))
    }
    return .success(codes)
  }

  private static let languageFillers: Set<String> = [
    "alleen", "only", "bij", "voorkeur", "liefst", "liever", "preferably", "graag", "ook", "also",
    "is", "prima", "goed", "fine",
  ]

  /// A meeting format with a remark: `Fysiek (op locatie)`, `liever online`.
  static func typedFormat(_ text: String) -> Result<MeetingFormat, FieldProblem> {
    if case .success(let f) = format(text) { return .success(f) }
    var words = TextMatching.asciiLower(AvailabilityText.withoutBrackets(text))
      .split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." || $0 == "!" })
      .map(String.init)
    words.removeAll { formatFillers.contains($0) }
    if !words.isEmpty, case .success(let f) = format(words.joined(separator: " ")) {
      return .success(f)
    }
    return format(text)
  }

  private static let formatFillers: Set<String> = [
    "liever", "bij", "voorkeur", "graag", "prefer", "preferably", "i", "ik", "wil", "is",
    "prima", "fine", "ok", "oke", "het", "liefst",
  ]

  /// Yes or no, also followed by a remark: `Ja, ik gebruik een rolstoel`, `Nee, dank je`.
  static func typedBoolean(_ text: String) -> Result<Bool, FieldProblem> {
    if case .success(let b) = boolean(text) { return .success(b) }
    let first = TextMatching.asciiLower(text).split(whereSeparator: {
      $0 == " " || $0 == "," || $0 == "." || $0 == "!" || $0 == "-" || $0 == ":"
    }).first.map(String.init)
    if let first, case .success(let b) = boolean(first), !first.isEmpty { return .success(b) }
    return boolean(text)
  }
}
