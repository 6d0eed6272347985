/// Weekly availability as people write it in a form: `tue-pm`, `di-middag`, `Maandagochtend`,
/// `maandag ochtend`, `ma ochtend`, `Monday morning`, `dinsdag middag, donderdag avond`,
/// `maandag en dinsdag avond`, `'s avonds op dinsdag`, lists separated by `;`, `,`, spaces or
/// new lines, with a trailing separator, and text in brackets (`Dinsdagavond (19–21 uur)`)
/// left out.
///
/// A day binds to the part of the day written after it (or before it); days written in a row
/// share the part that follows them ("maandag en dinsdag avond" is two slots), and a part
/// written after a slot applies to the same day ("maandag ochtend en middag").
enum AvailabilityText {
  /// The slots of `text`, and one problem per word that is neither a day, a part of the day,
  /// nor a filler word, and per day or part left without the other.
  static func parse(_ text: String) -> (SlotSet, [FieldProblem]) {
    var set = SlotSet()
    var problems: [FieldProblem] = []
    var days: [Weekday] = []
    var dayTokens: [Substring] = []
    var bound = false
    var parts: [(Daypart, Substring)] = []

    func bind(_ part: Daypart) {
      for day in days { set.insert(Slot(day, part)) }
    }
    for token in tokens(withoutBrackets(text)) {
      switch word(token) {
      case .slots(let list, let part):
        days = list
        dayTokens = [token]
        bind(part)
        bound = true
      case .days(let list):
        if bound {
          days = []
          dayTokens = []
          bound = false
        }
        days += list
        dayTokens.append(token)
        if !parts.isEmpty {
          for (part, _) in parts { bind(part) }
          parts = []
          bound = true
        }
      case .part(let part):
        if days.isEmpty {
          parts.append((part, token))
        } else {
          bind(part)
          bound = true
        }
      case .filler:
        break
      case .unknown:
        problems.append(unknown(token))
      }
    }
    if !days.isEmpty && !bound { problems += dayTokens.map(unknown) }
    problems += parts.map { unknown($0.1) }
    return (set, problems)
  }

  /// The one slot a token such as `tue-pm` or `dinsdagmiddag` names, or `nil`.
  static func slot(_ token: Substring) -> Slot? {
    let (set, problems) = parse(String(token))
    guard problems.isEmpty, set.count == 1 else { return nil }
    return set.slots.first
  }

  private static func unknown(_ token: Substring) -> FieldProblem {
    FieldProblem(
      code: "unknown-slot",
      message: "unknown availability slot \"\(token)\"; use tokens such as tue-pm or di-middag",
      suggestion: TextMatching.suggestion(for: String(token), among: suggestions))
  }

  /// The text without anything in round or square brackets.
  static func withoutBrackets(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x28 || $0 == 0x5B }) else { return text }
    var out = ""
    var depth = 0
    for c in text {
      if c == "(" || c == "[" {
        depth += 1
      } else if c == ")" || c == "]" {
        depth = max(0, depth - 1)
        if depth == 0 { out.append(" ") }
      } else if depth == 0 {
        out.append(c)
      }
    }
    return out
  }

  /// The tokens of a text: separated by white space, `,`, `;`, `|`, `&`, `+` and `:`.
  static func tokens(_ text: String) -> [Substring] {
    text.split(whereSeparator: {
      $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "|" || $0 == "&" || $0 == "+"
        || $0 == ":"
    })
  }

  private enum Word {
    case slots([Weekday], Daypart)
    case days([Weekday])
    case part(Daypart)
    case filler
    case unknown
  }

  /// What one token is: its pieces are split at `-`, `_`, `.` and `/` (`di-middag`,
  /// `ma/di`), and a piece may be a day and a part written as one word (`maandagochtend`).
  private static func word(_ token: Substring) -> Word {
    let lower = TextMatching.fold(String(token)).replacingOccurrences(of: "\u{2019}", with: "'")
    let pieces = lower.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." || $0 == "/" })
    var days: [Weekday] = []
    var part: Daypart? = nil
    var compound: Slot? = nil
    for piece in pieces {
      let p = String(piece)
      if let d = dayNames[p] {
        days.append(d)
      } else if let x = partNames[p], part == nil {
        part = x
      } else if let slot = compoundSlot(p), compound == nil, days.isEmpty, part == nil {
        compound = slot
      } else if fillers.contains(p) {
        continue
      } else {
        return .unknown
      }
    }
    if let compound {
      return days.isEmpty && part == nil ? .slots([compound.weekday], compound.daypart) : .unknown
    }
    switch (days.isEmpty, part) {
    case (true, nil): return .filler
    case (true, let part?): return .part(part)
    case (false, let part?): return .slots(days, part)
    case (false, nil): return .days(days)
    }
  }

  /// A day and a part written as one word: `maandagochtend`, `dinsdagavonden`, `mondaymorning`.
  private static func compoundSlot(_ word: String) -> Slot? {
    for (name, day) in dayNames where name.count >= 5 && word.hasPrefix(name) {
      if let part = partNames[String(word.dropFirst(name.count))] { return Slot(day, part) }
    }
    return nil
  }

  private static let dayNames: [String: Weekday] = [
    "mon": .mon, "monday": .mon, "mondays": .mon, "ma": .mon, "maandag": .mon, "maandagen": .mon,
    "tue": .tue, "tues": .tue, "tuesday": .tue, "tuesdays": .tue, "di": .tue, "dinsdag": .tue,
    "dinsdagen": .tue,
    "wed": .wed, "wednesday": .wed, "wednesdays": .wed, "wo": .wed,
    "woensdag": .wed, "woensdagen": .wed,
    "thu": .thu, "thur": .thu, "thurs": .thu, "thursday": .thu, "thursdays": .thu, "do": .thu,
    "donderdag": .thu, "donderdagen": .thu,
    "fri": .fri, "friday": .fri, "fridays": .fri, "vr": .fri, "vrij": .fri, "vrijdag": .fri,
    "vrijdagen": .fri,
    "sat": .sat, "saturday": .sat, "saturdays": .sat, "za": .sat, "zat": .sat,
    "zaterdag": .sat, "zaterdagen": .sat,
    "sun": .sun, "sunday": .sun, "sundays": .sun, "zo": .sun, "zondag": .sun,
    "zondagen": .sun,
  ]

  private static let partNames: [String: Daypart] = [
    "am": .am, "morning": .am, "mornings": .am, "ochtend": .am, "ochtenden": .am,
    "ochtends": .am, "morgen": .am, "morgens": .am, "voormiddag": .am, "och": .am,
    "pm": .pm, "afternoon": .pm, "afternoons": .pm, "middag": .pm, "middagen": .pm,
    "middags": .pm, "namiddag": .pm, "mid": .pm,
    "eve": .eve, "evening": .eve, "evenings": .eve, "avond": .eve, "avonden": .eve,
    "avonds": .eve, "av": .eve, "night": .eve,
  ]

  /// Words that join days and parts without meaning of their own.
  private static let fillers: Set<String> = [
    "en", "and", "of", "or", "op", "on", "in", "de", "het", "the", "'s", "s", "tijdens",
    "during", "elke", "iedere", "every", "also", "ook",
  ]

  /// The tokens offered as suggestions for a misspelt slot: English and Dutch short forms.
  static let suggestions: [String] = {
    let nlDays = ["ma", "di", "wo", "do", "vr", "za", "zo"]
    let nlParts = ["ochtend", "middag", "avond"]
    var tokens: [String] = []
    for day in Weekday.allCases {
      for part in Daypart.allCases { tokens.append("\(day.token)-\(part.token)") }
    }
    for day in nlDays {
      for part in nlParts { tokens.append("\(day)-\(part)") }
    }
    return tokens
  }()
}
