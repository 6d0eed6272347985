/// How the intake maps the answers people gave to values: the `intake.none` words, which mean
/// no value in any column, and the `intake.values` maps from an answer as written to its
/// canonical value(s).
///
/// Answers are matched by ``key(_:)``: without regard to case, accents, spaces and
/// punctuation, so `N.v.t.`, `nvt` and `n.v.t` are one answer.
struct AnswerValues: Sendable {
  private let noneKeys: Set<String>
  private let maps: [String: [String: [String]]]

  init(config: IntakeConfig) {
    noneKeys = Set(config.none.map(Self.key).filter { !$0.isEmpty })
    var maps: [String: [String: [String]]] = [:]
    for (field, answers) in config.values {
      var map: [String: [String]] = [:]
      // Sorted, so that two answers with one key resolve the same way on every run.
      for answer in answers.keys.sorted() where map[Self.key(answer)] == nil {
        map[Self.key(answer)] = answers[answer]
      }
      maps[field] = map
    }
    self.maps = maps
  }

  /// How answers are compared: folded (case, accents, spaces) and without punctuation.
  static func key(_ text: String) -> String {
    let folded = TextMatching.fold(text)
    let stripped = folded.filter { !".,;:!?\"'\u{2018}\u{2019}\u{201C}\u{201D}()".contains($0) }
    // An answer made only of punctuation (a lone "-") keeps it, or it would match nothing.
    return stripped.isEmpty ? folded : stripped
  }

  /// Whether the answer is one of the `none` words.
  func isNone(_ text: String) -> Bool {
    !noneKeys.isEmpty && noneKeys.contains(Self.key(text))
  }

  /// The canonical values `intake.values.<field>` gives the answer, or `nil` when it names it
  /// not (an empty list means no value).
  func mapped(_ field: IntakeField, _ text: String) -> [String]? {
    guard let map = maps[field.rawValue], !map.isEmpty else { return nil }
    return map[Self.key(text)]
  }

  /// Availability: the answer as a whole or item by item (`;`, `,` or a new line apart)
  /// through `intake.values.availability`, where `all` is every slot; the rest read as
  /// weekly slots.
  func availability(_ text: String) -> (SlotSet, [FieldProblem]) {
    if let whole = mapped(.availability, text) { return slots(whole) }
    guard maps[IntakeField.availability.rawValue]?.isEmpty == false else {
      return FieldParsers.availability(text)
    }
    var set = SlotSet()
    var problems: [FieldProblem] = []
    var rest: [Substring] = []
    for item in text.split(whereSeparator: { $0 == ";" || $0 == "," || $0.isNewline }) {
      if let canonical = mapped(.availability, String(item)) {
        let (s, p) = slots(canonical)
        set = set.union(s)
        problems += p
      } else {
        rest.append(item)
      }
    }
    let (s, p) = FieldParsers.availability(rest.joined(separator: ";"))
    return (set.union(s), problems + p)
  }

  /// The slots of canonical availability values (`all`, tokens such as `tue-pm`).
  private func slots(_ canonical: [String]) -> (SlotSet, [FieldProblem]) {
    var set = SlotSet()
    var problems: [FieldProblem] = []
    for value in canonical {
      if TextMatching.fold(value) == "all" {
        set = SlotSet(mask: 0x1F_FFFF)
        continue
      }
      let (s, p) = FieldParsers.availability(value)
      set = set.union(s)
      problems += p
    }
    return (set, problems)
  }
}
