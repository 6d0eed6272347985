/// Finds the person a reference names: an id, an email address or a full name, as people
/// write them in a form ("Wie is je leidinggevende?") or in `kring.yaml`.
///
/// Ids compare by their ``ValueKey``; emails by theirs; names without regard to case,
/// accents, spaces and punctuation ("José van 't Hof" is "jose van t hof"). A reference that
/// is not an exact match may still name one person unmistakably: every word of it is a word
/// (or the initial) of one name only ("Karin", "K. Jansen"), or it is one small typo away
/// from one name only. Such a match is reported as a guess; two or more are ambiguous.
package struct PersonDirectory: Sendable {
  /// A person who can be named.
  package struct Person: Sendable, Hashable {
    package var id: CandidateID
    package var name: String
    package var email: String?
    /// The row's line, to tell two people of one name apart in messages.
    package var line: Int

    package init(id: CandidateID, name: String, email: String?, line: Int) {
      self.id = id
      self.name = name
      self.email = email
      self.line = line
    }

    /// `Jan de Vries (line 4)`.
    package var described: String { "\(name) (line \(line))" }
  }

  /// What a reference names.
  package enum Match: Sendable, Hashable {
    /// One person, by id, email or exact name.
    case exact(Person)
    /// One person, by part of the name or a small typo.
    case guess(Person)
    /// Two or more people it could mean, in file order.
    case ambiguous([Person])
    /// Nobody.
    case unknown
  }

  package let people: [Person]
  private var byID: [CandidateID: Int] = [:]
  private var byEmail: [ValueKey: Int] = [:]
  private var byName: [String: [Int]] = [:]
  private var words: [[String]] = []
  /// People by each word of their name, for matching part of a name.
  private var byWord: [String: [Int]] = [:]
  /// Name keys by first letter and length, for matching a typo without comparing every name.
  private var byShape: [String: [String]] = [:]

  package init(_ people: [Person]) {
    self.people = people
    for (k, p) in people.enumerated() {
      if byID[p.id] == nil { byID[p.id] = k }
      if let email = p.email, let key = ValueKey.of(email), byEmail[key] == nil {
        byEmail[key] = k
      }
      let list = Self.words(p.name)
      let key = list.joined()
      if byName[key] == nil, let shape = Self.shape(key) { byShape[shape, default: []].append(key) }
      byName[key, default: []].append(k)
      words.append(list)
      for word in Set(list) { byWord[word, default: []].append(k) }
    }
  }

  /// A name key's first letter and length.
  private static func shape(_ key: String) -> String? {
    key.first.map { "\($0)\(key.count)" }
  }

  /// The directory of a batch's candidates.
  package init(candidates: [Candidate]) {
    self.init(
      candidates.map { Person(id: $0.id, name: $0.name, email: $0.email, line: $0.line) })
  }

  /// A name as compared: folded, letters and digits only.
  package static func nameKey(_ name: String) -> String {
    words(name).joined()
  }

  /// The words of a name, folded, letters and digits only.
  static func words(_ name: String) -> [String] {
    let text = AvailabilityText.withoutBrackets(name)
    // ASCII, the common case, in one pass over the bytes.
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
      var words: [String] = []
      var word: [UInt8] = []
      func flush() {
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        word.removeAll(keepingCapacity: true)
      }
      for b in text.utf8 {
        switch b {
        case 0x41...0x5A: word.append(b + 0x20)
        case 0x61...0x7A, 0x30...0x39: word.append(b)
        case 0x20, 0x09, 0x0A, 0x0D, 0x2D, 0x2E, 0x2C: flush()
        default: continue
        }
      }
      flush()
      return words
    }
    return text.split(whereSeparator: {
      $0.isWhitespace || $0 == "-" || $0 == "." || $0 == ","
    }).map { TextMatching.fold(String($0)).filter { $0.isLetter || $0.isNumber } }
      .filter { !$0.isEmpty }
  }

  /// The person `reference` names.
  ///
  /// - Parameter guesses: also match by part of the name or a typo (for references people
  ///   typed); `false` matches ids, emails and exact names only.
  package func resolve(_ reference: String, guesses: Bool = true) -> Match {
    let text = reference.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { return .unknown }
    if let k = byID[CandidateID(text)] { return .exact(people[k]) }
    if text.contains("@") {
      if let key = ValueKey.of(text), let k = byEmail[key] { return .exact(people[k]) }
      return .unknown
    }
    let key = Self.nameKey(text)
    guard !key.isEmpty else { return .unknown }
    if let found = byName[key] {
      return found.count == 1 ? .exact(people[found[0]]) : .ambiguous(found.map { people[$0] })
    }
    guard guesses else { return .unknown }
    let wanted = Self.words(text)
    // Only people with the longest word of the reference can be meant.
    let anchor = wanted.filter { $0.count > 1 && !Self.particles.contains($0) }
      .max { $0.count < $1.count }
    var partial: [Int] = []
    if let anchor {
      for k in byWord[anchor] ?? [] where Self.covers(words[k], wanted) { partial.append(k) }
    }
    if partial.count == 1 { return .guess(people[partial[0]]) }
    if partial.count > 1 { return .ambiguous(partial.map { people[$0] }) }
    let allowed = key.count <= 8 ? 1 : 2
    var close: [Int] = []
    if let first = key.first {
      for length in (key.count - allowed)...(key.count + allowed) {
        for name in byShape["\(first)\(length)"] ?? []
        where TextMatching.distance(name, key) <= allowed {
          close += byName[name] ?? []
        }
      }
    }
    close.sort()
    if close.count == 1 { return .guess(people[close[0]]) }
    if close.count > 1 { return .ambiguous(close.map { people[$0] }) }
    return .unknown
  }

  /// Whether every wanted word is a distinct word of `have`, or the initial of one.
  private static func covers(_ have: [String], _ wanted: [String]) -> Bool {
    guard !wanted.isEmpty, wanted.count <= have.count else { return false }
    // A lone initial or a particle names nobody.
    guard wanted.contains(where: { $0.count > 1 && !particles.contains($0) }) else { return false }
    var used = [Bool](repeating: false, count: have.count)
    for w in wanted {
      guard
        let k = have.indices.first(where: {
          !used[$0] && (have[$0] == w || (w.count == 1 && have[$0].hasPrefix(w)))
        })
      else { return false }
      used[k] = true
    }
    return true
  }

  /// Name particles that identify nobody on their own.
  private static let particles: Set<String> = [
    "de", "van", "der", "den", "het", "t", "te", "ter", "ten", "la", "le", "el", "al", "von",
  ]

  /// The person here who is `other`, a person of another batch (an earlier cohort's plan):
  /// the same email address; else the same id with a name that agrees (exactly, or as part
  /// of the other, "J. de Vries" and "Jan de Vries"), so that a row id such as `r7` of
  /// another file names nobody by accident; else the one person of exactly that name. Two
  /// different email addresses are two people.
  package func same(as other: Person) -> Person? {
    let email = other.email.flatMap(ValueKey.of)
    if let email, let k = byEmail[email] { return people[k] }
    func conflicts(_ p: Person) -> Bool {
      guard let email, let mine = p.email.flatMap(ValueKey.of) else { return false }
      return mine != email
    }
    if let k = byID[other.id], !conflicts(people[k]) {
      let a = Self.words(people[k].name)
      let b = Self.words(other.name)
      if Self.nameKey(people[k].name) == Self.nameKey(other.name) || Self.covers(a, b)
        || Self.covers(b, a)
      {
        return people[k]
      }
    }
    if let list = byName[Self.nameKey(other.name)], list.count == 1, !conflicts(people[list[0]]) {
      return people[list[0]]
    }
    return nil
  }

  /// Whether `text` is exactly someone's id or email address.
  private func isIDOrEmail(_ text: String) -> Bool {
    if byID[CandidateID(text)] != nil { return true }
    return ValueKey.of(text).map { byEmail[$0] != nil } ?? false
  }

  /// The references of a list such as an avoid column: separated by `;`, `,`, new lines,
  /// `&` or the words "en"/"and"; a part that names nobody but holds spaces is tried as
  /// space-separated ids (`c2 c3`).
  package func references(_ text: String) -> [String] {
    var body = text
    for word in [" en ", " and ", " En ", " And "] {
      body = body.replacingOccurrences(of: word, with: ";")
    }
    var result: [String] = []
    for part in body.split(whereSeparator: { $0 == ";" || $0 == "," || $0.isNewline || $0 == "&" })
    {
      let trimmed = part.trimmingCharacters(in: .whitespaces)
      guard !trimmed.isEmpty else { continue }
      let pieces = trimmed.split(whereSeparator: \.isWhitespace).map(String.init)
      // `c2 c3`: ids (or emails) separated by spaces, each its own reference, when one of
      // them is an id and the whole is not an exact name.
      if pieces.count > 1, pieces.contains(where: isIDOrEmail) {
        if case .exact = resolve(trimmed, guesses: false) {
        } else {
          result += pieces
          continue
        }
      }
      result.append(trimmed)
    }
    return result
  }
}
