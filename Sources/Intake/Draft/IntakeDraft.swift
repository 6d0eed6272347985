/// A draft `kring.yaml` for a raw form export: which column holds which field, every
/// categorical answer found with the value Kring reads it as, the levels and the sectors,
/// and what it could not decide.
///
/// The draft plans as written: every answer it lists maps to a value Kring accepts, and the
/// ones it had to guess are marked `REVIEW`. Made again on a later export with the
/// coordinator's file as `existing`, it keeps every edit and adds only what is new
/// (``merged(with:)``).
public struct IntakeDraft: Sendable {
  /// One answer and what Kring reads it as.
  public struct Answer: Sendable, Hashable {
    public var text: String
    /// The canonical values; empty is `none`.
    public var canonical: [String]
    /// Why a person should check it, or `nil`.
    public var review: String?
    /// Whether the coordinator's earlier file had it (kept as they wrote it).
    public var kept = false
    /// The comment the earlier file had on its line.
    public var comment: String? = nil
  }

  /// A sector and its other spellings.
  public struct Sector: Sendable, Hashable {
    public var name: String
    public var aliases: [String]
    public var kept = false
  }

  /// The export, as named.
  public var source: String
  /// The number of data rows read.
  public var rows: Int
  /// The sheet read, when the export is a workbook with several.
  public var sheet: String?
  /// Field → its header (several for a name asked in parts or a grid question), in field
  /// order.
  public var columns: [(field: String, headers: [String])]
  /// Headers mapped to no field: kept as attributes.
  public var unmapped: [String]
  /// Headers Kring leaves alone.
  public var ignore: [String]
  public var none: [String]
  /// Field → its answers, most frequent first.
  public var values: [(field: String, answers: [Answer])]
  public var levels: [String]
  public var sectors: [Sector]
  /// Whether the export has a level question; without one the draft switches levels off.
  public var usesLevels: Bool
  /// What a person must decide, one sentence each.
  public var undecided: [String]
  /// Sections of the coordinator's earlier file kept as they were written (`groups:`, …).
  var keptText: [String] = []
  /// Sub-keys of `intake:` kept as written (`readiness:`, `default_language:`).
  var keptIntakeText: [String] = []
  /// `program:` and `language:` as the coordinator set them.
  var program = "intervision"
  var language = "nl"

  /// The answers that mean any time at all, read as every slot.
  static let anyTime: Set<String> = [
    "alle dagdelen", "alledagdelen", "geen voorkeur", "maakt niet uit", "altijd", "flexibel",
    "any time", "anytime", "no preference", "always", "alles", "elk moment",
    "wanneer dan ook", "doesn't matter", "does not matter", "all", "alle", "every day",
  ].reduce(into: []) { $0.insert(AnswerValues.key($1)) }

  /// The identity columns form tools add on their own.
  static let identityHeaders: Set<String> = ["name", "email", "naam", "e-mail"]

  /// Language answers that leave the choice open ("beide", "maakt niet uit").
  static let anyLanguage: Set<String> = [
    "beide", "both", "maakt niet uit", "geen voorkeur", "no preference", "either",
    "doesn't matter", "allebei",
  ].reduce(into: []) { $0.insert(AnswerValues.key($1)) }

  /// Drafts the config of a table read from `source`.
  init(table: RawTable, source: String, sheet: String?) {
    self.source = source
    rows = table.records.count
    self.sheet = sheet
    none = IntakeConfig.defaultNone
    levels = LevelLadder.rungs
    undecided = []
    unmapped = []
    ignore = []
    columns = []
    values = []
    sectors = []
    usesLevels = false
    let answers = AnswerValues(config: IntakeConfig())
    let headers = table.headers
    func column(_ index: Int) -> [String] {
      table.records.map { index < $0.fields.count ? $0.fields[index] : "" }
    }
    func filled(_ index: Int) -> [String] {
      column(index).filter { !$0.isEmpty && !answers.isNone($0) }
    }

    // A form export has a timestamp; its response numbers then name no person.
    let isForm =
      headers.contains { FormQuestions.field(for: $0) == .timestamp }
      || headers.contains(where: FormQuestions.isBookkeeping)
    var candidates: [IntakeField: [Int]] = [:]
    for (index, header) in headers.enumerated() where !header.isEmpty {
      if isForm && FormQuestions.isBookkeeping(header) {
        ignore.append(header)
        continue
      }
      guard var field = FormQuestions.field(for: header) else {
        unmapped.append(header)
        continue
      }
      var values = filled(index)
      // A grid question's column holds parts of the day for the day in its header.
      let label = RowValidator.label(header)
      if field == .availability && label != header {
        values = values.map { label + " " + $0 }
      }
      // "Functie" is a level when its answers are job levels.
      if field == .profession && !values.isEmpty {
        let leveled = values.filter { LevelLadder.rung(of: $0) != nil }.count
        if leveled * 10 >= values.count * 7 { field = .level }
      }
      if !Self.fits(field, values) {
        // Microsoft Forms' own "Name" and "Email", empty or "anonymous" when the form asks
        // them itself, are bookkeeping.
        if isForm && Self.identityHeaders.contains(header.lowercased()) {
          ignore.append(header)
        } else {
          unmapped.append(header)
        }
        continue
      }
      candidates[field, default: []].append(index)
    }
    // Columns no header names but whose answers say what they are.
    for field in [IntakeField.email, .availability] where candidates[field] == nil {
      if let index = unmapped.compactMap({ headers.firstIndex(of: $0) }).first(where: {
        let v = filled($0)
        return v.count >= 2 && Self.fits(field, v, strict: true)
      }) {
        unmapped.removeAll { $0 == headers[index] }
        candidates[field] = [index]
      }
    }
    var chosen: [IntakeField: Int] = [:]
    var lists: [IntakeField: [Int]] = [:]
    // A grid question (Google Forms' "Wanneer kun je? [Maandag]"): a column per day.
    if let list = candidates[.availability], list.count > 1 {
      let days = list.filter {
        let label = RowValidator.label(headers[$0])
        return label != headers[$0] && !AvailabilityText.parse(label + " ochtend").0.isEmpty
      }
      if days.count > 1 {
        lists[.availability] = days
        candidates[.availability] = [days[0]]
        for other in list where !days.contains(other) { unmapped.append(headers[other]) }
      }
    }
    // A name asked in parts: first name, particles, last name.
    func part(_ phrases: [String]) -> Int? {
      headers.indices.first { i in
        let t = FormQuestions.normalized(headers[i])
        return phrases.contains { t.contains($0) }
      }
    }
    if let first = part([" voornaam ", " first name ", " roepnaam ", " given name "]),
      let last = part([" achternaam ", " last name ", " surname ", " family name "])
    {
      let middle = part([" tussenvoegsel", " infix "])
      let parts = [first] + (middle.map { [$0] } ?? []) + [last]
      lists[.name] = parts
      candidates[.name] = [first]
      unmapped.removeAll { h in parts.contains { headers[$0] == h } }
    }
    for field in IntakeField.allCases {
      guard let list = candidates[field], !list.isEmpty else { continue }
      if isForm && field == .id {
        ignore += list.map { headers[$0] }
        continue
      }
      // Of two columns for one field, the one with the most answers (Microsoft Forms adds
      // its own "Name" and "Email", often empty or "anonymous").
      let best =
        list.max { a, b in
          let x = filled(a).count
          let y = filled(b).count
          return x != y ? x < y : a > b
        } ?? list[0]
      chosen[field] = best
      for other in list where other != best {
        if FormQuestions.isBookkeeping(headers[other])
          || Self.identityHeaders.contains(headers[other].lowercased())
        {
          ignore.append(headers[other])
        } else {
          unmapped.append(headers[other])
          undecided.append(
            "\"\(headers[other])\" also looks like \(field.rawValue); \"\(headers[best])\" is used")
        }
      }
    }
    columns = IntakeField.allCases.compactMap { field in
      guard let index = chosen[field] else { return nil }
      return (field.rawValue, (lists[field] ?? [index]).map { headers[$0] })
    }
    unmapped = headers.filter { unmapped.contains($0) }
    ignore = headers.filter { ignore.contains($0) }
    usesLevels = chosen[.level] != nil
    for field in [IntakeField.name, .sector, .yearsExperience, .availability]
    where chosen[field] == nil {
      undecided.append(
        "no column for \(field.rawValue), which Kring needs: map it under intake.columns")
    }
    if !usesLevels {
      undecided.append(
        "no question about job level: levels are not used (groups.hierarchy.max_level_gap: none)")
    }

    // The answers of each categorical column.
    func distinct(_ index: Int) -> [(text: String, count: Int)] {
      var counts: [String: Int] = [:]
      var order: [String] = []
      for v in filled(index) {
        if counts[v] == nil { order.append(v) }
        counts[v, default: 0] += 1
      }
      return order.enumerated().sorted { a, b in
        let x = counts[a.element] ?? 0
        let y = counts[b.element] ?? 0
        return x != y ? x > y : a.offset < b.offset
      }.map { ($0.element, counts[$0.element] ?? 0) }
    }
    var seenLanguages: [String] = []
    if let index = chosen[.language] {
      for answer in distinct(index) {
        if case .success(let codes) = FieldParsers.languages(answer.text) {
          for code in codes where !seenLanguages.contains(code) { seenLanguages.append(code) }
        }
      }
    }
    var mapped: [(String, [Answer])] = []
    if let index = chosen[.level] {
      mapped.append(
        (
          "level",
          distinct(index).map { a in
            if let rung = LevelLadder.rung(of: a.text) {
              return Answer(text: a.text, canonical: [LevelLadder.rungs[rung]])
            }
            return Answer(
              text: a.text, canonical: [LevelLadder.rungs[0]],
              review: "not a job level Kring knows; read as the lowest level")
          }
        ))
    }
    if let index = chosen[.language] {
      mapped.append(
        (
          "language",
          distinct(index).map { a in
            if Self.anyLanguage.contains(AnswerValues.key(a.text)), !seenLanguages.isEmpty {
              return Answer(
                text: a.text, canonical: seenLanguages,
                review: "leaves the language open; read as every language answered")
            }
            switch FieldParsers.languages(a.text) {
            case .success(let codes): return Answer(text: a.text, canonical: codes)
            case .failure:
              return Answer(
                text: a.text, canonical: ["nl"],
                review: "not a language Kring knows; read as nl")
            }
          }
        ))
    }
    if let index = chosen[.format] {
      mapped.append(
        (
          "format",
          distinct(index).map { a in
            switch FieldParsers.typedFormat(a.text) {
            case .success(let f): return Answer(text: a.text, canonical: [f.rawValue])
            case .failure:
              return Answer(
                text: a.text, canonical: ["either"],
                review: "not online or in person; read as either")
            }
          }
        ))
    }
    if let index = chosen[.needsAccessible] {
      mapped.append(
        (
          "needs_accessible",
          distinct(index).map { a in
            switch FieldParsers.typedBoolean(a.text) {
            case .success(let b): return Answer(text: a.text, canonical: [b ? "yes" : "no"])
            case .failure:
              return Answer(
                text: a.text, canonical: ["yes"],
                review: "not a yes or no; read as yes, so that the room is accessible")
            }
          }
        ))
    }
    if let index = chosen[.availability] {
      // A grid's answers are read with their column's day: "Maandag Ochtend, Avond".
      var answers = distinct(index)
      if let days = lists[.availability] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for record in table.records {
          let text = days.compactMap { i -> String? in
            guard i < record.fields.count, !record.fields[i].isEmpty else { return nil }
            return RowValidator.label(headers[i]) + " " + record.fields[i]
          }.joined(separator: "; ")
          guard !text.isEmpty else { continue }
          if counts[text] == nil { order.append(text) }
          counts[text, default: 0] += 1
        }
        answers = order.map { ($0, counts[$0] ?? 0) }
      }
      var items: [(String, Int)] = []
      var counts: [String: Int] = [:]
      var whole: [Answer] = []
      for answer in answers {
        let key = AnswerValues.key(answer.text)
        if Self.anyTime.contains(key) {
          whole.append(Answer(text: answer.text, canonical: ["all"]))
          continue
        }
        let (slots, problems) = FieldParsers.availability(answer.text)
        guard problems.isEmpty, !slots.isEmpty else {
          whole.append(
            Answer(
              text: answer.text, canonical: [],
              review: "Kring cannot read this as weekly slots; write slots such as tue-pm, or all"))
          continue
        }
        for item in answer.text.split(whereSeparator: { $0 == ";" || $0 == "," || $0.isNewline }) {
          let text = item.trimmingCharacters(in: .whitespaces)
          guard !text.isEmpty else { continue }
          if counts[text] == nil { items.append((text, 0)) }
          counts[text, default: 0] += answer.count
        }
      }
      var listed: [Answer] = []
      for (text, _) in items {
        let (slots, problems) = FieldParsers.availability(text)
        // Items that are slots on their own; the others are read with their neighbours.
        guard problems.isEmpty, !slots.isEmpty else { continue }
        listed.append(
          Answer(text: text, canonical: [slots.slots.map(\.token).joined(separator: " ")]))
      }
      mapped.append(("availability", whole + listed))
    }
    if let index = chosen[.yearsExperience] {
      let unreadable = distinct(index).filter {
        if case .failure = FieldParsers.typedYears($0.text) { return true }
        return false
      }.map {
        Answer(
          text: $0.text, canonical: [],
          review: "not a number of years; grouped as if at the batch median")
      }
      if !unreadable.isEmpty { mapped.append(("years_experience", unreadable)) }
    }
    // The organisations that are none: the defaults, so that the coordinator sees them.
    let freelance = (IntakeConfig.defaultValues["organization"] ?? [:]).keys.sorted().map {
      Answer(text: $0, canonical: [])
    }
    mapped.append(("organization", freelance))
    values = mapped

    if let index = chosen[.sector] {
      sectors = SectorGroups.group(distinct(index)).map {
        Sector(name: $0.name, aliases: $0.aliases)
      }
    }
    let reviews = values.flatMap(\.answers).filter { $0.review != nil }.count
    if reviews > 0 {
      undecided.append(
        "\(reviews) answer\(reviews == 1 ? "" : "s") marked REVIEW under intake.values: check what Kring reads them as"
      )
    }
  }

  /// Whether the answers of a column fit a field (a header can mislead: "Ervaring met
  /// intervisie?" asks yes or no, not years).
  static func fits(_ field: IntakeField, _ values: [String], strict: Bool = false) -> Bool {
    // An empty column can be any optional field, but never one every row needs.
    guard !values.isEmpty else {
      return !strict && ![.name, .sector, .yearsExperience, .availability].contains(field)
    }
    func share(_ test: (String) -> Bool) -> Double {
      Double(values.filter(test).count) / Double(values.count)
    }
    switch field {
    case .email:
      return share { FieldParsers.isValidEmail($0) } >= (strict ? 0.8 : 0.3)
    case .yearsExperience:
      return share {
        if case .success = FieldParsers.typedYears($0) { return true }
        return false
      } >= 0.5
    case .availability:
      return share {
        let (slots, problems) = FieldParsers.availability($0)
        return !slots.isEmpty && (problems.isEmpty || !strict)
          || anyTime.contains(AnswerValues.key($0))
      } >= (strict ? 0.8 : 0.3)
    case .managerID, .avoid:
      // A yes-or-no question about managing is not a manager's name.
      return share {
        if case .success = FieldParsers.boolean($0) { return true }
        return false
      } < 0.5
    default:
      return true
    }
  }
}
