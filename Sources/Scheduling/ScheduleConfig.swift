import Intake

/// The `schedule:` section of `kring.yaml`: when and where sessions take place.
public struct ScheduleConfig: Hashable, Sendable {
  /// Which sessions a facilitator guides.
  public enum Facilitated: Hashable, Sendable {
    case all
    case first(Int)
    case sessions([Int])
  }

  /// How a session meets.
  public enum SessionFormat: String, Hashable, Sendable, CaseIterable {
    case inPerson = "in-person"
    case online
  }

  /// Where a group's later sessions go after one of its sessions moved past a blocked date.
  public enum AfterBreak: String, Hashable, Sendable, CaseIterable {
    /// Later sessions keep the cadence from the moved session.
    case keepCadence = "keep-cadence"
    /// Later sessions return to their original dates (at least a week after the one before).
    case catchUp = "catch-up"
  }

  /// An IANA time zone name such as `Europe/Amsterdam`.
  public var timezone: String
  /// The first possible session date, ISO `YYYY-MM-DD`.
  public var start: String
  public var sessions: Int
  /// Weeks between sessions.
  public var cadenceWeeks: Int
  /// Session length in seconds.
  public var duration: Double
  /// Daypart → local start time `HH:MM`.
  public var dayparts: [Daypart: String]
  /// Blackout dates and inclusive ranges, each as (first, last) ISO dates.
  public var blackout: [DateRange]
  /// The share of members who must be available at the group's slot.
  public var quorum: Double
  public var facilitated: Facilitated
  /// Session formats in rotation for in-person groups.
  public var formats: [SessionFormat]
  /// Path of the facilitators file, relative to the config file; `nil` when none.
  public var facilitators: String?
  /// Path of the rooms file, relative to the config file; `nil` when none.
  public var rooms: String?
  /// What later sessions do after a session moved past a blocked date.
  public var afterBreak: AfterBreak
  /// The most weeks between two sessions of a group, not counting blacked-out weeks; `nil`
  /// means ``defaultMaxGapExtraWeeks`` more than the cadence.
  public var maxGapWeeks: Int?
  /// The organiser of the calendar invitations, `Name <email>` or `email`; `nil` publishes
  /// calendars without invitations.
  public var organizer: String?
  /// The link of an online session: a URL, where `{group}` stands for the group's id; `nil`
  /// when online sessions carry no link (a facilitator's own `online_link` still does).
  public var onlineLink: String?

  /// The weeks `max_gap` adds to the cadence when it is not set.
  public static let defaultMaxGapExtraWeeks = 2

  /// The most weeks between two sessions of a group, outside blackout ranges.
  public var effectiveMaxGapWeeks: Int {
    maxGapWeeks ?? cadenceWeeks + Self.defaultMaxGapExtraWeeks
  }

  public init(
    timezone: String = "Europe/Amsterdam", start: String = "2027-01-11", sessions: Int = 6,
    cadenceWeeks: Int = 4, duration: Double = 7200,
    dayparts: [Daypart: String] = [.am: "09:30", .pm: "14:00", .eve: "19:00"],
    blackout: [DateRange] = [], quorum: Double = 0.8, facilitated: Facilitated = .all,
    formats: [SessionFormat] = [.inPerson], facilitators: String? = nil, rooms: String? = nil,
    afterBreak: AfterBreak = .keepCadence, maxGapWeeks: Int? = nil, organizer: String? = nil,
    onlineLink: String? = nil
  ) {
    self.timezone = timezone
    self.start = start
    self.sessions = sessions
    self.cadenceWeeks = cadenceWeeks
    self.duration = duration
    self.dayparts = dayparts
    self.blackout = blackout
    self.quorum = quorum
    self.facilitated = facilitated
    self.formats = formats
    self.facilitators = facilitators
    self.rooms = rooms
    self.afterBreak = afterBreak
    self.maxGapWeeks = maxGapWeeks
    self.organizer = organizer
    self.onlineLink = onlineLink
  }

  /// Whether the facilitator guides session `number` (1-based).
  public func isFacilitated(_ number: Int) -> Bool {
    switch facilitated {
    case .all: true
    case .first(let count): number <= count
    case .sessions(let numbers): numbers.contains(number)
    }
  }
}

/// An inclusive range of ISO dates; a single date has `first == last`.
public struct DateRange: Hashable, Sendable {
  public var first: String
  public var last: String
  public init(first: String, last: String) {
    self.first = first
    self.last = last
  }

  /// Reads `2027-03-01` or `2027-03-01..2027-03-05` as written by ``text``; the dates are
  /// taken as they are (readers that face users check them first).
  public init(text: String) {
    let parts = text.components(separatedBy: "..")
    self.init(first: parts.first ?? text, last: parts.last ?? text)
  }

  /// `2027-03-01`, or `2027-03-01..2027-03-05` for a range.
  public var text: String { first == last ? first : "\(first)..\(last)" }
}
