import Intake

/// A group's slot, phase, facilitator and room from an earlier schedule, to be kept.
public struct KeptAssignment: Hashable, Sendable {
  public var slot: Slot
  public var phase: Int
  public var facilitator: FacilitatorID?
  public var room: RoomID?

  public init(slot: Slot, phase: Int, facilitator: FacilitatorID?, room: RoomID?) {
    self.slot = slot
    self.phase = phase
    self.facilitator = facilitator
    self.room = room
  }
}

/// Settings of one scheduling run.
public struct ScheduleOptions: Sendable {
  /// Wall-clock seconds for all GLPK solves together; the greedy start is kept when it runs out.
  public var timeLimit: Double
  /// Relative MIP gap at which GLPK may stop; the default is small enough that no attendance
  /// unit is given away.
  public var relativeGap: Double
  /// Group id → assignment from an earlier schedule.
  ///
  /// Assignments that are still valid (the slot still has a quorum, the facilitator and room
  /// still qualify and do not clash with other kept assignments) are fixed; the others are
  /// scheduled afresh.
  public var keep: [String: KeptAssignment]
  /// Group id → slots the group must not use, so that a group can be re-formed without them.
  public var excludedSlots: [String: SlotSet]
  /// The command's deadline: GLPK stops by it (or by `timeLimit`, whichever is first) and the
  /// checked greedy schedule is kept where no time was left.
  public var deadline: Deadline

  public init(
    timeLimit: Double = 8, relativeGap: Double = 1e-7, keep: [String: KeptAssignment] = [:],
    excludedSlots: [String: SlotSet] = [:], deadline: Deadline = .none
  ) {
    self.deadline = deadline
    self.timeLimit = timeLimit
    self.relativeGap = relativeGap
    self.keep = keep
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

  public var description: String { "\(code): \(message)" }
}
