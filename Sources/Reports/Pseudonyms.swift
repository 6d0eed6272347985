/// Stable pseudonyms for people and facilitators in shareable outputs.
///
/// A pseudonym is derived from a hash of the person's id, never from random state, so the same
/// plan gives the same pseudonyms on every run and in every language. Ids are hashed in sorted
/// order and a clash moves the later id to its next candidate, which keeps pseudonyms unique.
public struct Pseudonyms: Sendable, Hashable {
  /// A name and email address that stand in for a real person.
  public struct Pseudonym: Sendable, Hashable {
    public var name: String
    public var email: String
  }

  private var byKey: [String: Pseudonym]

  /// Pseudonyms for the given candidate and facilitator ids.
  public init(people: [String], facilitators: [String]) {
    let keys = (people.map { "p:" + $0 } + facilitators.map { "f:" + $0 }).sorted()
    var taken = Set<String>()
    var byKey: [String: Pseudonym] = [:]
    for key in keys where byKey[key] == nil {
      var attempt: UInt64 = 0
      var chosen: (given: String, initial: String, number: Int)
      repeat {
        let hash = Self.fnv1a(key, salt: attempt)
        let given = Self.givenNames[Int(hash % UInt64(Self.givenNames.count))]
        let initial = Self.initials[Int((hash / 64) % UInt64(Self.initials.count))]
        // After a few clashes a number guarantees uniqueness however large the batch.
        chosen = (given, initial, attempt < 8 ? 0 : Int(attempt) - 6)
        attempt += 1
      } while taken.contains(Self.name(chosen))
      let name = Self.name(chosen)
      taken.insert(name)
      let local =
        "\(chosen.given.lowercased()).\(chosen.initial.lowercased())"
        + (chosen.number > 0 ? String(chosen.number) : "")
      byKey[key] = Pseudonym(name: name, email: "\(local)@pseudonym.invalid")
    }
    self.byKey = byKey
  }

  /// The pseudonym of candidate `id`, or `nil` for an id it was not made for.
  public func person(_ id: String) -> Pseudonym? { byKey["p:" + id] }

  /// The pseudonym of facilitator `id`, or `nil` for an id it was not made for.
  public func facilitator(_ id: String) -> Pseudonym? { byKey["f:" + id] }

  private static func name(_ c: (given: String, initial: String, number: Int)) -> String {
    "\(c.given) \(c.initial)." + (c.number > 0 ? " \(c.number)" : "")
  }

  /// 64-bit FNV-1a: small, fixed across platforms and releases (unlike `Hasher`).
  static func fnv1a(_ text: String, salt: UInt64) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    for shift in stride(from: 0, to: 64, by: 8) {
      hash ^= (salt >> UInt64(shift)) & 0xff
      hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
  }

  /// Names read as first names in Dutch and English and carry no gender.
  static let givenNames = [
    "Alex", "Ariel", "Billie", "Bo", "Charlie", "Chris", "Dani", "Eden", "Elia", "Frankie",
    "Indy", "Jamie", "Jesse", "Joey", "Jordan", "Kai", "Kim", "Lex", "Lou", "Luca", "Max", "Mika",
    "Morgan", "Nico", "Noa", "Pat", "Quinn", "Remy", "Robin", "Rowan", "Sam", "Sasha", "Sky",
    "Tobi", "Vic", "Yael",
  ]
  static let initials = (65...90).compactMap { Unicode.Scalar($0).map { String(Character($0)) } }
}
