import Foundation

/// The identifier of a candidate, unique within an intake batch.
///
/// Ids compare by their ``ValueKey``: `C12`, `c12 ` and `c12` name one person, whether they
/// are written in the id column, a manager column, an avoid list or `keep_apart`. The id keeps
/// its first spelling for output.
public struct CandidateID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  /// The id as written in the intake file (trimmed).
  public let rawValue: String
  /// The id as compared.
  public let key: ValueKey

  public init(_ rawValue: String) {
    self.rawValue = rawValue
    key = ValueKey(rawValue)
  }
  public init(stringLiteral value: String) { self.init(value) }
  public init(from decoder: any Decoder) throws {
    self.init(try decoder.singleValueContainer().decode(String.self))
  }
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  public static func == (lhs: CandidateID, rhs: CandidateID) -> Bool { lhs.key == rhs.key }
  public func hash(into hasher: inout Hasher) { hasher.combine(key) }

  /// Orders ids naturally, so that `c2` sorts before `c10`.
  public static func < (lhs: CandidateID, rhs: CandidateID) -> Bool {
    naturalLess(lhs.key.rawValue, rhs.key.rawValue)
  }

  public var description: String { rawValue }
}

/// Compares two strings with runs of digits compared by value (`c2` < `c10`).
public func naturalLess(_ a: String, _ b: String) -> Bool {
  var i = a.unicodeScalars.makeIterator()
  var j = b.unicodeScalars.makeIterator()
  var x = i.next()
  var y = j.next()
  while let cx = x, let cy = y {
    let dx = ("0"..."9").contains(cx)
    let dy = ("0"..."9").contains(cy)
    if dx && dy {
      var nx = ""
      var ny = ""
      while let c = x, ("0"..."9").contains(c) {
        nx.unicodeScalars.append(c)
        x = i.next()
      }
      while let c = y, ("0"..."9").contains(c) {
        ny.unicodeScalars.append(c)
        y = j.next()
      }
      let tx = nx.drop { $0 == "0" }
      let ty = ny.drop { $0 == "0" }
      if tx.count != ty.count { return tx.count < ty.count }
      if tx != ty { return tx < ty }
      if nx.count != ny.count { return nx.count > ny.count }
      continue
    }
    if cx != cy { return cx.value < cy.value }
    x = i.next()
    y = j.next()
  }
  return x == nil && y != nil
}

/// How a candidate can meet: online, in person, or either.
public enum MeetingFormat: String, Sendable, Hashable, Codable, CaseIterable {
  case online
  case inPerson = "in-person"
  case either
}

/// A part of the day in which a weekly session can take place.
public enum Daypart: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
  case am = 0
  case pm = 1
  case eve = 2

  public static func < (lhs: Daypart, rhs: Daypart) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The English token: `am`, `pm` or `eve`.
  public var token: String { ["am", "pm", "eve"][rawValue] }
}

/// A day of the week, Monday first.
public enum Weekday: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
  case mon = 0
  case tue, wed, thu, fri, sat, sun

  public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The English token: `mon` … `sun`.
  public var token: String { ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][rawValue] }
}

/// A recurring weekly slot such as `tue-pm`.
public struct Slot: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  public var weekday: Weekday
  public var daypart: Daypart

  public init(_ weekday: Weekday, _ daypart: Daypart) {
    self.weekday = weekday
    self.daypart = daypart
  }

  /// The slot's index in 0..<21, weekday-major.
  public var index: Int { weekday.rawValue * 3 + daypart.rawValue }

  /// The slot with the given index in 0..<21.
  public init?(index: Int) {
    guard (0..<21).contains(index), let d = Weekday(rawValue: index / 3),
      let p = Daypart(rawValue: index % 3)
    else { return nil }
    self.init(d, p)
  }

  /// The English token, such as `tue-pm`.
  public var token: String { "\(weekday.token)-\(daypart.token)" }
  public var description: String { token }

  public static func < (lhs: Slot, rhs: Slot) -> Bool { lhs.index < rhs.index }

  public init(from decoder: any Decoder) throws {
    let token = try decoder.singleValueContainer().decode(String.self)
    guard let slot = Slot(token: token) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "unknown slot \(token)"))
    }
    self = slot
  }
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(token)
  }

  /// Parses an English token such as `tue-pm` (Dutch tokens are handled by the intake reader).
  public init?(token: String) {
    let parts = token.lowercased().split(separator: "-")
    guard parts.count == 2,
      let d = Weekday.allCases.first(where: { $0.token == parts[0] }),
      let p = Daypart.allCases.first(where: { $0.token == parts[1] })
    else { return nil }
    self.init(d, p)
  }
}

/// A set of weekly slots, stored as a 21-bit mask so that intersections are one instruction.
public struct SlotSet: Hashable, Sendable, Sequence, Codable {
  public var mask: UInt32

  public init(mask: UInt32 = 0) { self.mask = mask & 0x1F_FFFF }
  public init<S: Sequence>(_ slots: S) where S.Element == Slot {
    var m: UInt32 = 0
    for s in slots { m |= 1 << UInt32(s.index) }
    self.mask = m
  }

  public var count: Int { mask.nonzeroBitCount }
  public var isEmpty: Bool { mask == 0 }
  public func contains(_ slot: Slot) -> Bool { mask & (1 << UInt32(slot.index)) != 0 }
  public mutating func insert(_ slot: Slot) { mask |= 1 << UInt32(slot.index) }
  public func intersection(_ other: SlotSet) -> SlotSet { SlotSet(mask: mask & other.mask) }
  public func union(_ other: SlotSet) -> SlotSet { SlotSet(mask: mask | other.mask) }

  /// The slots in weekday-major order.
  public var slots: [Slot] {
    (0..<21).compactMap { mask & (1 << UInt32($0)) != 0 ? Slot(index: $0) : nil }
  }
  public func makeIterator() -> IndexingIterator<[Slot]> { slots.makeIterator() }

  public init(from decoder: any Decoder) throws {
    self.init(try decoder.singleValueContainer().decode([Slot].self))
  }
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(slots)
  }
}

/// The intake interview's ratings, each 1–5 when present.
public struct InterviewRatings: Hashable, Sendable, Codable {
  public var motivation: Double?
  public var commitment: Double?
  public var openness: Double?

  public init(motivation: Double? = nil, commitment: Double? = nil, openness: Double? = nil) {
    self.motivation = motivation
    self.commitment = commitment
    self.openness = openness
  }

  /// Whether no rating was given (the coordinator decided the candidate is ready).
  public var isEmpty: Bool { motivation == nil && commitment == nil && openness == nil }
}

/// One normalised row of an intake batch.
///
/// Text fields are trimmed; `sector` is the canonical sector name after alias lookup;
/// `level` is the 0-based rank in `intake.levels` (or in 1–N when levels are numeric).
public struct Candidate: Hashable, Sendable {
  public var id: CandidateID
  public var name: String
  public var email: String?
  public var organization: String?
  public var department: String?
  public var sector: String
  public var profession: String?
  /// 0-based rank in the ordered levels; `nil` when the file has no level for this row.
  public var level: Int?
  /// The level as named in the config (`senior`) or its number when levels are numeric.
  public var levelName: String?
  public var managerID: CandidateID?
  public var yearsExperience: Double
  /// Lower-cased language code such as `nl`: the first of ``languages``.
  public var language: String
  /// The other languages the person can join a group in ("Nederlands of Engels"), in the
  /// order written; see ``languages``.
  public var otherLanguages: [String] = []
  /// Whether `yearsExperience` is the batch median because the row gave no years.
  public var yearsEstimated = false
  public var format: MeetingFormat
  public var region: String?
  public var availability: SlotSet
  public var needsAccessible: Bool
  public var ratings: InterviewRatings
  public var avoid: [CandidateID]
  public var learningGoal: String?
  /// ISO date `YYYY-MM-DD`.
  public var intakeDate: String?
  /// The 1-based line of the row in its source file, for messages.
  public var line: Int
  /// Every column of the row by canonical field name or original header, so that `match`,
  /// `separate` and `diversify` can use any attribute a coordinator's file carries.
  public var attributes: [String: String]

  public init(
    id: CandidateID, name: String, email: String? = nil, organization: String? = nil,
    department: String? = nil, sector: String, profession: String? = nil, level: Int? = nil,
    levelName: String? = nil, managerID: CandidateID? = nil, yearsExperience: Double,
    language: String = "nl", format: MeetingFormat = .either, region: String? = nil,
    availability: SlotSet, needsAccessible: Bool = false,
    ratings: InterviewRatings = InterviewRatings(), avoid: [CandidateID] = [],
    learningGoal: String? = nil, intakeDate: String? = nil, line: Int = 0,
    attributes: [String: String] = [:]
  ) {
    self.id = id
    self.name = name
    self.email = email
    self.organization = organization
    self.department = department
    self.sector = sector
    self.profession = profession
    self.level = level
    self.levelName = levelName
    self.managerID = managerID
    self.yearsExperience = yearsExperience
    self.language = language
    self.format = format
    self.region = region
    self.availability = availability
    self.needsAccessible = needsAccessible
    self.ratings = ratings
    self.avoid = avoid
    self.learningGoal = learningGoal
    self.intakeDate = intakeDate
    self.line = line
    self.attributes = attributes
  }

  /// Every language the person can join a group in, the first (``language``) first.
  public var languages: [String] {
    get { [language] + otherLanguages.filter { $0 != language } }
    set {
      guard let first = newValue.first else { return }
      language = first
      otherLanguages = Array(newValue.dropFirst().filter { $0 != first })
    }
  }

  /// The value of a named attribute as written, for reports.
  ///
  /// Known fields (`sector`, `organization`, `department`, `language`, `format`, `region`,
  /// `profession`, `level`) come from the normalised model; any other name is looked up in
  /// `attributes`. Blank values are `nil`. Rules never compare these texts: they compare
  /// ``key(_:)``.
  public func attribute(_ name: String) -> String? {
    let value: String?
    switch Self.canonicalAttribute(name) {
    case "sector": value = sector
    case "organization": value = organization
    case "department": value = department
    case "language": value = language
    case "format": value = format.rawValue
    case "region": value = region
    case "profession": value = profession
    case "level": value = level.map(String.init)
    default: value = attributes[name] ?? attributes[name.lowercased()]
    }
    // A value with anything but white space is kept; the check stops at its first character
    // in the common case (Foundation's trimming is far slower on every row).
    guard let value, value.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
      return nil
    }
    return value
  }

  /// The value of a named attribute as the rules compare it, or `nil` when blank.
  ///
  /// The one comparison key of every hard rule and of diversity: ``ValueKey`` of the written
  /// value, and a department qualified by its organisation, so that HR at one organisation
  /// and HR at another are different departments. A blank value is shared with nobody.
  public func key(_ name: String) -> ValueKey? {
    let attribute = Self.canonicalAttribute(name)
    guard let value = ValueKey.of(self.attribute(attribute)) else { return nil }
    guard attribute == "department" else { return value }
    let organization = ValueKey.of(self.organization)?.rawValue ?? ""
    return ValueKey(normalized: organization + "\u{1F}" + value.rawValue)
  }

  /// The attributes the model holds as fields; any other lives in `attributes`.
  public static let modelAttributes: Set<String> = [
    "sector", "organization", "department", "language", "format", "region", "profession", "level",
    "years_experience",
  ]

  /// The canonical name of an attribute as the config may spell it (`organisation` is
  /// `organization`, case does not count).
  public static func canonicalAttribute(_ name: String) -> String {
    let lower = name.lowercased()
    switch lower {
    case "organisation", "organisatie": return "organization"
    case "afdeling": return "department"
    case "taal": return "language"
    case "vorm": return "format"
    case "regio": return "region"
    case "beroep": return "profession"
    case "functieniveau", "niveau": return "level"
    default: return lower
    }
  }
}
