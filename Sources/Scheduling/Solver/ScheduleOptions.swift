import Intake

/// A session of an earlier schedule: where it was, who guided it and where it met.
public struct PreviousSession: Hashable, Sendable {
  public var number: Int
  /// The local date, ISO `YYYY-MM-DD`.
  public var date: String
  /// The local start as written in `plan.json`, `2027-01-12T14:00:00+01:00`.
  public var startText: String
  /// The local end, as `startText`.
  public var endText: String
  public var format: ScheduleConfig.SessionFormat
  public var facilitated: Bool
  public var facilitator: FacilitatorID?
  public var room: RoomID?
  public var available: [CandidateID]

  public init(
    number: Int, date: String, startText: String, endText: String,
    format: ScheduleConfig.SessionFormat, facilitated: Bool, facilitator: FacilitatorID?,
    room: RoomID?, available: [CandidateID]
  ) {
    self.number = number
    self.date = date
    self.startText = startText
    self.endText = endText
    self.format = format
    self.facilitated = facilitated
    self.facilitator = facilitator
    self.room = room
    self.available = available
  }
}

/// What each change against an earlier schedule weighs in what rescheduling minimises; every
/// person whose session changed adds one more: the members and facilitators for a session
/// moved or meeting elsewhere, the two facilitators for a new facilitator.
public enum ChangeWeights {
  /// A session on another date or at another time (or cancelled, or new).
  public static let moved = 4
  /// A session with another facilitator.
  public static let facilitator = 2
  /// A session in another room (or online instead of in person).
  public static let room = 1
}

/// A group's schedule in an earlier plan: its weekly slot, main resources and sessions.
public struct PreviousSchedule: Hashable, Sendable {
  public var slot: Slot
  public var phase: Int
  /// The main facilitator.
  public var facilitator: FacilitatorID?
  /// The main room.
  public var room: RoomID?
  public var sessions: [PreviousSession]

  public init(
    slot: Slot, phase: Int, facilitator: FacilitatorID?, room: RoomID?,
    sessions: [PreviousSession]
  ) {
    self.slot = slot
    self.phase = phase
    self.facilitator = facilitator
    self.room = room
    self.sessions = sessions
  }
}

/// Settings of one scheduling run.
public struct ScheduleOptions: Sendable {
  /// Wall-clock seconds for all GLPK solves together; the greedy start is kept when it runs out.
  public var timeLimit: Double
  /// Relative MIP gap at which GLPK may stop; the default is small enough that no attendance
  /// unit is given away.
  public var relativeGap: Double
  /// Group id → its schedule in an earlier plan. Sessions dated before ``since`` were held:
  /// they are kept exactly, count towards the group's sessions and book their resources.
  /// With ``minimizeChanges`` the rest is rescheduled with as few changes as the rules allow;
  /// without it only the held sessions are read.
  public var previous: [String: PreviousSchedule]
  /// The first date (ISO) that is not history: sessions before it were held; no new session
  /// is put before it. `nil` when the cohort has not started.
  public var since: String?
  /// Minimise the changes against `previous` (sessions moved, facilitators and rooms
  /// changed, people affected) right after the number of scheduled groups; `false` for
  /// `--fresh`.
  public var minimizeChanges: Bool
  /// Group id → slots the group must not use, so that a group can be re-formed without them.
  public var excludedSlots: [String: SlotSet]
  /// The command's deadline: GLPK stops by it (or by `timeLimit`, whichever is first) and the
  /// checked greedy schedule is kept where no time was left.
  public var deadline: Deadline

  public init(
    timeLimit: Double = 8, relativeGap: Double = 1e-7,
    previous: [String: PreviousSchedule] = [:], since: String? = nil,
    minimizeChanges: Bool = true, excludedSlots: [String: SlotSet] = [:],
    deadline: Deadline = .none
  ) {
    self.deadline = deadline
    self.timeLimit = timeLimit
    self.relativeGap = relativeGap
    self.previous = previous
    self.since = since
    self.minimizeChanges = minimizeChanges
    self.excludedSlots = excludedSlots
  }
}

/// Why scheduling could not run at all (as opposed to groups left unscheduled).
public struct SchedulingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A stable, machine-readable reason.
  public var code: String
  public var message: String

  public init(code: String, message: String) {
    self.code = code
    self.message = message
  }

  /// The `schedule:` section cannot produce session dates (time zone, start, dayparts).
  public static let invalidCalendar = "schedule-invalid-calendar"
  /// Two groups share an id, so results could not be told apart.
  public static let duplicateGroup = "schedule-duplicate-group"
  /// GLPK failed on the assignment model.
  public static let solverFailed = "schedule-solver-failed"
  /// `since` is not a calendar date.
  public static let invalidSince = "schedule-invalid-since"

  public var description: String { "\(code): \(message)" }
}
