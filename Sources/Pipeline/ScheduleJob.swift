import Foundation
import Grouping
import Intake
import Reports
import Scheduling

/// What `kring schedule` is asked to do.
public struct ScheduleRequest: Sendable {
  public var planPath: String
  /// A `kring.yaml` whose `schedule:` section and resource files replace the plan's; `nil`
  /// reuses the rules and the facilitators and rooms recorded in the plan.
  public var configPath: String?
  public var overrides: [String]
  /// Ignore the plan's schedule instead of keeping every session that is still valid.
  public var fresh: Bool
  public var language: OutputLanguage?
  public var pseudonymize: Bool
  public var now: Date?
  public var timeLimit: Double
  /// A fault put into the plan before its audit, for tests only.
  package var fault: PlanFault?

  public init(
    planPath: String, configPath: String? = nil, overrides: [String] = [], fresh: Bool = false,
    language: OutputLanguage? = nil, pseudonymize: Bool = false, now: Date? = nil,
    timeLimit: Double = 20
  ) {
    self.planPath = planPath
    self.configPath = configPath
    self.overrides = overrides
    self.fresh = fresh
    self.language = language
    self.pseudonymize = pseudonymize
    self.now = now
    self.timeLimit = timeLimit
  }
}

/// A session that moved (or was removed) between the old schedule and the new one.
public struct SessionChange: Sendable, Hashable, Codable {
  public var group: String
  public var number: Int
  /// The old start, or `nil` for a session that is new.
  public var from: String?
  /// The new start, or `nil` for a session that was cancelled.
  public var to: String?
  /// What else changed: facilitator or room, as `f2 → f3`.
  public var detail: String?
}

/// The outcome of `kring schedule`.
public struct ScheduleOutcome: Sendable {
  public var plan: PlanDocument
  public var schedule: ScheduleResult
  public var changes: [SessionChange]
  /// Groups whose slot, facilitator and room were all kept.
  public var kept: Int
  public var files: [OutputFile]
  public var warnings: [Diagnostic]
  /// Kring's audit of the new plan: anything found is a bug (exit 4).
  public var audit: PlanAudit
}

/// Re-schedules a plan's groups: the job behind `kring schedule`.
public enum ScheduleJob {
  public static func run(_ request: ScheduleRequest) throws(DiagnosticList) -> ScheduleOutcome {
    let old = try PlanFile.load(request.planPath)
    var config = try KringConfig(normalized: old.kring.config, fileName: request.planPath)
    var facilitators = old.facilitators.map(PlanRecords.facilitator)
    var rooms = old.rooms.map(PlanRecords.room)
    var warnings: [Diagnostic] = []
    var requiresFacilitator = config.schedule.facilitators != nil
    var requiresRoom = config.schedule.rooms != nil
    if let path = request.configPath {
      let fresh = try KringConfig.load(path: path, overrides: request.overrides)
      config.schedule = fresh.schedule
      config.language = fresh.language
      let loaded = try ResourceLoader.load(config: fresh.schedule)
      facilitators = loaded.facilitators
      rooms = loaded.rooms
      warnings = loaded.warnings
      requiresFacilitator = fresh.schedule.facilitators != nil
      requiresRoom = fresh.schedule.rooms != nil
    } else if !request.overrides.isEmpty {
      throw DiagnosticList([
        Diagnostic(
          file: request.planPath, code: "set-needs-config",
          message:
            "--set needs -c kring.yaml with kring schedule; the plan's own rules are used as recorded"
        )
      ])
    }

    let people = Dictionary(old.people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let groups = old.groups.map { g in
      GroupToSchedule(
        id: g.id,
        candidates: g.members.compactMap { people[$0] }.map {
          $0.candidate(levels: config.intake.levels)
        },
        language: g.language, format: MeetingFormat(rawValue: g.format) ?? .either,
        sharedSlots: SlotSet(g.slots.compactMap(Slot.init(token:))))
    }
    var options = ScheduleOptions(timeLimit: request.timeLimit)
    if !request.fresh {
      for entry in old.schedule {
        guard let slot = Slot(token: entry.slot) else { continue }
        options.keep[entry.group] = KeptAssignment(
          slot: slot, phase: entry.phase, facilitator: entry.facilitator.map(FacilitatorID.init),
          room: entry.room.map(RoomID.init))
      }
    }
    let result = try ResourcePlaceholders.schedule(
      ScheduleProblem(
        groups: groups, facilitators: facilitators, rooms: rooms, config: config.schedule),
      requiresFacilitator: requiresFacilitator, requiresRoom: requiresRoom, options: options,
      file: request.configPath ?? request.planPath)

    var plan = old
    // The plan's own rules, with the schedule and language a new config brought.
    plan.kring.config = config.normalized
    plan.facilitators = facilitators.map(PlanRecords.facilitator)
    plan.rooms = rooms.map(PlanRecords.room)
    let cohort = PlanRecords.cohortKey(plan: plan, schedule: config.schedule)
    let previous = Dictionary(old.schedule.map { ($0.group, $0) }, uniquingKeysWith: { a, _ in a })
    let membersByGroup = Dictionary(
      old.groups.map { ($0.id, $0.members) }, uniquingKeysWith: { a, _ in a })
    var changes: [SessionChange] = []
    /// Sessions of `group` that are gone: a higher SEQUENCE, so calendars drop them.
    func cancel(_ sessions: [PlanDocument.Session], of group: String) -> [PlanDocument.Session] {
      sessions.map { session in
        var session = session
        session.sequence += 1
        changes.append(
          SessionChange(group: group, number: session.number, from: session.start, to: nil))
        return session
      }
    }
    var kept = 0
    var entries: [PlanDocument.ScheduledGroup] = []
    for schedule in result.scheduled {
      var entry = PlanRecords.scheduled(
        schedule, cohort: cohort, members: membersByGroup[schedule.group] ?? [])
      guard let before = previous[schedule.group] else {
        entries.append(entry)
        continue
      }
      if before.slot == entry.slot && before.phase == entry.phase
        && before.facilitator == entry.facilitator && before.room == entry.room
      {
        kept += 1
      }
      let resourceChange = [
        before.facilitator != entry.facilitator
          ? "facilitator \(before.facilitator ?? "none") → \(entry.facilitator ?? "none")" : nil,
        before.room != entry.room ? "room \(before.room ?? "none") → \(entry.room ?? "none")" : nil,
      ].compactMap { $0 }.joined(separator: ", ")
      let oldSessions = Dictionary(
        before.sessions.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
      entry.sessions = entry.sessions.map { session in
        var session = session
        guard let prior = oldSessions[session.number] else { return session }
        session.uid = prior.uid
        let moved =
          prior.start != session.start || prior.end != session.end
          || prior.format != session.format || !resourceChange.isEmpty
        session.sequence = moved ? prior.sequence + 1 : prior.sequence
        if moved {
          changes.append(
            SessionChange(
              group: entry.group, number: session.number, from: prior.start, to: session.start,
              detail: resourceChange.isEmpty ? nil : resourceChange))
        }
        return session
      }
      var replaced = before.replacedFacilitators
      if let old = before.facilitator, old != entry.facilitator, !replaced.contains(old) {
        replaced.append(old)
      }
      entry.replacedFacilitators = replaced.filter { $0 != entry.facilitator }
      let numbers = Set(entry.sessions.map(\.number))
      entry.cancelled =
        before.cancelled
        + cancel(before.sessions.filter { !numbers.contains($0.number) }, of: entry.group)
      entries.append(entry)
    }
    // Groups that lost their schedule: every session is cancelled, so calendars drop them.
    let scheduledNow = Set(result.scheduled.map(\.group))
    for before in old.schedule where !scheduledNow.contains(before.group) {
      var entry = before
      entry.cancelled = before.cancelled + cancel(before.sessions, of: before.group)
      entry.sessions = []
      // Nobody guides it now: the old facilitator keeps only the cancellations.
      if let old = before.facilitator, !entry.replacedFacilitators.contains(old) {
        entry.replacedFacilitators.append(old)
      }
      entry.facilitator = nil
      entry.room = nil
      entries.append(entry)
    }
    let order = Dictionary(
      old.groups.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    plan.schedule = entries.sorted {
      (order[$0.group] ?? Int.max, $0.group) < (order[$1.group] ?? Int.max, $1.group)
    }
    plan.unscheduled = result.unscheduled.map(PlanRecords.unscheduled)
    plan.solver.scheduling = PlanRecords.summary(result)
    plan.diagnosis.removeAll { $0.kind == "resource" }
    let language = request.language ?? config.language
    let audit = PlanAudit.seal(&plan, language: language, fault: request.fault)
    let files = try PlanOutputs.files(
      plan: plan, config: config, language: language,
      pseudonymize: request.pseudonymize,
      stamp: request.now ?? PlanRecords.defaultStamp(config.schedule))
    return ScheduleOutcome(
      plan: plan, schedule: result, changes: changes, kept: kept, files: files,
      warnings: warnings, audit: audit)
  }
}
