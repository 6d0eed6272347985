import Foundation
import Intake

/// A formed group as scheduling sees it: who is in it and what its sessions need.
public struct GroupToSchedule: Hashable, Sendable {
  public var id: String
  public var members: [CandidateID]
  /// Each member's weekly availability, aligned with `members`.
  public var availability: [SlotSet]
  /// Each member's organisation, aligned with `members`; a facilitator from any of them is
  /// excluded.
  public var organizations: [String?]
  /// Whether a member needs an accessible room.
  public var needsAccessible: Bool
  /// The group's language, when languages are matched.
  public var language: String?
  /// `online`, `in-person` or `either` (meets in person where a room exists).
  public var format: MeetingFormat
  /// The slots every member shares (`groups[].slots`); preferred over quorum-only slots.
  public var sharedSlots: SlotSet

  public init(
    id: String, members: [CandidateID], availability: [SlotSet], organizations: [String?],
    needsAccessible: Bool, language: String?, format: MeetingFormat, sharedSlots: SlotSet
  ) {
    self.id = id
    self.members = members
    self.availability = availability
    self.organizations = organizations
    self.needsAccessible = needsAccessible
    self.language = language
    self.format = format
    self.sharedSlots = sharedSlots
  }
}

extension GroupToSchedule {
  /// A group of these candidates, with what scheduling needs from each of them.
  public init(
    id: String, candidates: [Candidate], language: String?, format: MeetingFormat,
    sharedSlots: SlotSet
  ) {
    self.init(
      id: id, members: candidates.map(\.id), availability: candidates.map(\.availability),
      organizations: candidates.map(\.organization),
      needsAccessible: candidates.contains(where: \.needsAccessible), language: language,
      format: format, sharedSlots: sharedSlots)
  }
}

/// Everything the scheduler needs: groups, resources and the `schedule:` rules.
public struct ScheduleProblem: Sendable {
  public var groups: [GroupToSchedule]
  public var facilitators: [Facilitator]
  public var rooms: [Room]
  public var config: ScheduleConfig

  public init(
    groups: [GroupToSchedule], facilitators: [Facilitator], rooms: [Room], config: ScheduleConfig
  ) {
    self.groups = groups
    self.facilitators = facilitators
    self.rooms = rooms
    self.config = config
  }
}

/// One session on a real date.
public struct ScheduledSession: Hashable, Sendable {
  /// 1-based position in the series.
  public var number: Int
  /// The local calendar date, ISO `YYYY-MM-DD`.
  public var date: String
  /// The start as an instant.
  public var start: Date
  /// The end as an instant.
  public var end: Date
  /// `start` as ISO 8601 local time with offset, such as `2027-01-12T14:00:00+01:00`.
  public var startText: String
  /// `end` as ISO 8601 local time with offset.
  public var endText: String
  public var format: ScheduleConfig.SessionFormat
  /// Whether the facilitator guides this session.
  public var facilitated: Bool
  /// The members available at the slot.
  public var available: [CandidateID]
  /// Who guides this session: the group's facilitator or a stand-in; `nil` when it is not
  /// facilitated (or no facilitators file was given).
  public var facilitator: FacilitatorID?
  /// Where this session meets; `nil` online (or when no rooms file was given).
  public var room: RoomID?
  /// Whether the session took place before `--since`: kept exactly as it was.
  public var held: Bool

  public init(
    number: Int, date: String, start: Date, end: Date, startText: String, endText: String,
    format: ScheduleConfig.SessionFormat, facilitated: Bool, available: [CandidateID],
    facilitator: FacilitatorID? = nil, room: RoomID? = nil, held: Bool = false
  ) {
    self.number = number
    self.date = date
    self.start = start
    self.end = end
    self.startText = startText
    self.endText = endText
    self.format = format
    self.facilitated = facilitated
    self.available = available
    self.facilitator = facilitator
    self.room = room
    self.held = held
  }
}

/// A group's recurring slot, facilitator, room and sessions.
public struct GroupSchedule: Hashable, Sendable {
  public var group: String
  public var slot: Slot
  /// The week offset within the cadence (0 or 1 when the cadence is 2 weeks or more; else 0),
  /// so that two groups can share a facilitator or room at one slot in alternating weeks.
  public var phase: Int
  /// The group's main facilitator; a session may have a stand-in (`sessions[].facilitator`).
  public var facilitator: FacilitatorID?
  /// The group's main room, `nil` for groups that meet online; a session may meet elsewhere.
  public var room: RoomID?
  public var sessions: [ScheduledSession]

  public init(
    group: String, slot: Slot, phase: Int, facilitator: FacilitatorID?, room: RoomID?,
    sessions: [ScheduledSession]
  ) {
    self.group = group
    self.slot = slot
    self.phase = phase
    self.facilitator = facilitator
    self.room = room
    self.sessions = sessions
  }
}

/// A facilitator or a room that would let a group be scheduled.
public struct ResourceNeed: Hashable, Sendable, CustomStringConvertible {
  public enum Kind: String, Hashable, Sendable {
    case facilitator
    case room
  }

  public var kind: Kind
  /// The weekly slot the resource must be free at.
  public var slot: Slot
  /// The language a facilitator must speak, when languages are matched.
  public var language: String?
  /// The seats a room must have (the group and its facilitator).
  public var capacity: Int?
  /// Whether a room must be accessible.
  public var accessible: Bool

  /// A facilitator who speaks `language` and is free at `slot`.
  public static func facilitator(language: String?, slot: Slot) -> ResourceNeed {
    ResourceNeed(
      kind: .facilitator, slot: slot, language: language, capacity: nil, accessible: false)
  }

  /// A room of `capacity` seats, accessible when asked, free at `slot`.
  public static func room(capacity: Int, accessible: Bool, slot: Slot) -> ResourceNeed {
    ResourceNeed(kind: .room, slot: slot, language: nil, capacity: capacity, accessible: accessible)
  }

  /// The need in `kind: resource` syntax: `facilitator language=en slot=thu-eve` or
  /// `room capacity=9 accessible=yes slot=mon-am`.
  public var description: String {
    var words = [kind.rawValue]
    if let language { words.append("language=\(language)") }
    if let capacity { words.append("capacity=\(capacity)") }
    if accessible { words.append("accessible=yes") }
    words.append("slot=\(slot.token)")
    return words.joined(separator: " ")
  }
}

/// Why a group has no schedule: a code from a closed set, with the resource that is missing.
public struct UnscheduledGroup: Hashable, Sendable {
  /// The closed set of reasons.
  public enum Code: String, Hashable, Sendable, CaseIterable {
    /// No slot where the quorum of members is available.
    case noQuorumSlot = "no-quorum-slot"
    /// No facilitator speaks the language, is free at a usable slot and is from no member's
    /// organisation.
    case noFacilitator = "no-facilitator"
    /// Suitable facilitators exist, but their `max_groups` or slots are taken by other groups.
    case facilitatorsFull = "facilitators-full"
    /// No room fits the group (size, accessibility) at a usable slot.
    case noRoom = "no-room"
    /// Suitable rooms exist, but they are booked by other groups.
    case roomsFull = "rooms-full"
    /// A suitable facilitator and a room exist, but never at the same slot.
    case noCommonSlot = "no-common-slot"
    /// Some sessions have nobody to guide them: the facilitator is away or booked on their
    /// dates, moving them would break `max_gap`, and no stand-in who qualifies is free then.
    case noStandIn = "no-stand-in"
    /// Some in-person sessions have no room: the group's room is closed or booked on their
    /// dates, moving them would break `max_gap`, and no other room that fits is free then.
    case noRoomOnDate = "no-room-on-date"
  }

  public var group: String
  public var code: Code
  /// The missing resource; `nil` when no resource would help (no quorum slot).
  public var need: ResourceNeed?
  /// Parameters for the message: language, slots, size and the like.
  public var evidence: [String: String]
  public var message: String

  public init(
    group: String, code: Code, need: ResourceNeed?, evidence: [String: String], message: String
  ) {
    self.group = group
    self.code = code
    self.need = need
    self.evidence = evidence
    self.message = message
  }
}

/// The scheduler's answer.
public struct ScheduleResult: Sendable {
  public enum Status: String, Sendable, Hashable {
    case optimal
    case feasible
    /// No group could be given a schedule.
    case infeasible
  }

  /// Scheduled groups in the order of the problem's groups.
  public var scheduled: [GroupSchedule]
  public var unscheduled: [UnscheduledGroup]
  public var status: Status
  /// Attendance share: Σ available member-sessions / Σ member-sessions, over scheduled groups.
  public var objective: Double?
  /// The solver's bound on `objective`, when proven.
  public var bound: Double?
  /// `(bound − objective) / objective`, when both are known.
  public var gap: Double?

  public init(
    scheduled: [GroupSchedule], unscheduled: [UnscheduledGroup], status: Status,
    objective: Double?, bound: Double?, gap: Double? = nil
  ) {
    self.scheduled = scheduled
    self.unscheduled = unscheduled
    self.status = status
    self.objective = objective
    self.bound = bound
    self.gap = gap
  }
}
