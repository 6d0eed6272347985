/// How the intake maps the answers people gave to values: the `intake.none` words, which mean
/// no value in any column, and the `intake.values` maps from an answer as written to its
/// canonical value(s).
///
/// Answers are matched by ``key(_:)``: without regard to case, accents, spaces and
/// punctuation, so `N.v.t.`, `nvt` and `n.v.t` are one answer.
struct AnswerValues: Sendable {
  private let noneKeys: Set<String>
  /// The longest none key: a longer answer is never a none word (checked without folding).
  private let longestNone: Int
  private let maps: [String: [String: [String]]]

  init(config: IntakeConfig) {
    noneKeys = Set(config.none.map(Self.key).filter { !$0.isEmpty })
    longestNone = noneKeys.map(\.utf8.count).max() ?? 0
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
    // ASCII, the common case, in one pass over the bytes.
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
      var out: [UInt8] = []
      out.reserveCapacity(text.utf8.count)
      var punctuation: [UInt8] = []
      for b in text.utf8 {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D: continue
        case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x22, 0x27, 0x28, 0x29: punctuation.append(b)
        case 0x41...0x5A: out.append(b + 0x20)
        default: out.append(b)
        }
      }
      return String(decoding: out.isEmpty ? punctuation : out, as: UTF8.self)
    }
    let folded = TextMatching.fold(text)
    let stripped = folded.filter { !".,;:!?\"'\u{2018}\u{2019}\u{201C}\u{201D}()".contains($0) }
    // An answer made only of punctuation (a lone "-") keeps it, or it would match nothing.
    return stripped.isEmpty ? folded : stripped
  }

  /// Whether the answer is one of the `none` words.
  func isNone(_ text: String) -> Bool {
    mayBeNone(text) && noneKeys.contains(Self.key(text))
  }

  /// Whether the answer could be a `none` word, decided from its bytes alone.
  func mayBeNone(_ text: String) -> Bool {
    guard !noneKeys.isEmpty else { return false }
    // ASCII letters and digits survive folding: more of them than the longest none word has
    // is never one (most names and emails), found without building the key. (Other
    // characters are not counted: an accent may fold away.)
    var letters = 0
    for b in text.utf8 where (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || (b >= 0x30 && b <= 0x39) {
      letters += 1
      if letters > longestNone { return false }
    }
    return true
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
