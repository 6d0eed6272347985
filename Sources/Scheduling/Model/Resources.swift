import Intake

/// The kind of `FacilitatorID`.
public enum FacilitatorTag {}
/// A facilitator's id as written in `facilitators.csv`.
public typealias FacilitatorID = Identifier<FacilitatorTag>

/// The kind of `RoomID`.
public enum RoomTag {}
/// A room's id as written in `rooms.csv`.
public typealias RoomID = Identifier<RoomTag>

/// A person who guides groups, read from `facilitators.csv`.
public struct Facilitator: Hashable, Sendable {
  public var id: FacilitatorID
  public var name: String
  public var email: String?
  /// Normalised language codes such as `nl` and `en`.
  public var languages: [String]
  /// The facilitator's own organisation; they never guide a group with a member from it.
  public var organization: String?
  /// The weekly slots the facilitator can work.
  public var availability: SlotSet
  /// The most groups this facilitator takes on.
  public var maxGroups: Int
  /// Dates and inclusive date ranges on which the facilitator cannot guide a session.
  public var unavailable: [DateRange]
  /// The row's line in the file.
  public var line: Int

  public init(
    id: FacilitatorID, name: String, email: String? = nil, languages: [String],
    organization: String? = nil, availability: SlotSet, maxGroups: Int,
    unavailable: [DateRange] = [], line: Int = 0
  ) {
    self.id = id
    self.name = name
    self.email = email
    self.languages = languages
    self.organization = organization
    self.availability = availability
    self.maxGroups = maxGroups
    self.unavailable = unavailable
    self.line = line
  }

  /// Whether the facilitator speaks `language`; `nil` (languages not matched) always fits.
  public func speaks(_ language: String?) -> Bool {
    guard let language else { return true }
    let wanted = Self.key(language)
    return languages.contains { Self.key($0) == wanted }
  }

  /// Whether the facilitator works at `organization`.
  ///
  /// That rules them out for any group with a member from it. Compared by ``key(_:)``.
  public func worksAt(_ organization: String?) -> Bool {
    guard let organization else { return false }
    return worksAt(anyOf: [Self.key(organization)])
  }

  /// Whether the facilitator works at one of these organisations, given as ``key(_:)``s; for
  /// checking a whole group at once.
  public func worksAt(anyOf keys: Set<String>) -> Bool {
    guard let own = organization else { return false }
    return keys.contains(Self.key(own))
  }

  /// The form in which organisations and languages are compared: the rules' one
  /// ``ValueKey``, so a facilitator of "gemeente utrecht " works at "Gemeente Utrecht".
  public static func key(_ text: String) -> String { ValueKey.normalize(text) }

  /// Whether the facilitator cannot work on the ISO date `date`.
  public func isUnavailable(on date: String) -> Bool {
    unavailable.contains { $0.first <= date && date <= $0.last }
  }
}

/// A meeting room, read from `rooms.csv`.
public struct Room: Hashable, Sendable {
  public var id: RoomID
  public var name: String
  /// Seats, the facilitator's included.
  public var capacity: Int
  /// Whether the room is step-free / accessible.
  public var accessible: Bool
  /// The weekly slots the room can be booked.
  public var availability: SlotSet
  /// Where the room is (city or region), when given.
  public var region: String?
  /// The row's line in the file.
  public var line: Int

  public init(
    id: RoomID, name: String, capacity: Int, accessible: Bool, availability: SlotSet,
    region: String? = nil, line: Int = 0
  ) {
    self.id = id
    self.name = name
    self.capacity = capacity
    self.accessible = accessible
    self.availability = availability
    self.region = region
    self.line = line
  }
}
