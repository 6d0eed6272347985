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
  /// Ignore the plan's schedule (its held sessions aside) instead of changing as little of it
  /// as the rules allow.
  public var fresh: Bool
  public var language: OutputLanguage?
  public var pseudonymize: Bool
  /// The moment the run is made: the calendars' DTSTAMP and, without `since`, "today".
  public var now: Date?
  /// Sessions before this ISO date were held: never moved, never cancelled. `nil` takes
  /// today (from `now`) once the cohort has started.
  public var since: String?
  /// The time limit of the whole command in seconds; `nil` takes `groups.time_limit` from
  /// the plan's rules.
  public var timeLimit: Double?
  /// A fault put into the plan before its audit, for tests only.
  package var fault: PlanFault?

  public init(
    planPath: String, configPath: String? = nil, overrides: [String] = [], fresh: Bool = false,
    language: OutputLanguage? = nil, pseudonymize: Bool = false, now: Date? = nil,
    since: String? = nil, timeLimit: Double? = nil
  ) {
    self.planPath = planPath
    self.configPath = configPath
    self.overrides = overrides
    self.fresh = fresh
    self.language = language
    self.pseudonymize = pseudonymize
    self.now = now
    self.since = since
    self.timeLimit = timeLimit
  }
}

/// The outcome of `kring schedule`.
public struct ScheduleOutcome: Sendable {
  public var plan: PlanDocument
  public var schedule: ScheduleResult
  /// Every session that moved, changed facilitator or room, was cancelled or added.
  public var changes: ScheduleDiff
  /// Groups whose every session stayed as it was.
  public var kept: Int
  /// The date before which sessions counted as held, when the cohort had started.
  public var since: String?
  /// The output language the files were written in.
  public var language: OutputLanguage
  public var files: [OutputFile]
  public var warnings: [Diagnostic]
  /// Kring's audit of the new plan: anything found is a bug (exit 4).
  public var audit: PlanAudit
}

/// Re-schedules a plan's groups: the job behind `kring schedule`.
///
/// Sessions before `since` were held and stay exactly as they were. Unless `fresh`, the rest
/// is scheduled again with as few changes against the plan as the rules allow; calendars keep
/// each session's UID and raise its SEQUENCE only where it changed.
public enum ScheduleJob {
  public static func run(_ request: ScheduleRequest) throws(DiagnosticList) -> ScheduleOutcome {
    let started = ContinuousClock.now
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
    let since = try since(request, plan: old, schedule: config.schedule)

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
    let deadline = PreparedBatch.TimeShares(
      limit: request.timeLimit ?? config.groups.timeLimit, started: started,
      readSeconds: (ContinuousClock.now - started).seconds
    ).solving
    var options = ScheduleOptions(
      timeLimit: deadline.remaining ?? 20, since: since, minimizeChanges: !request.fresh,
      deadline: deadline)
    for entry in old.schedule where !entry.sessions.isEmpty {
      guard let slot = Slot(token: entry.slot) else { continue }
      options.previous[entry.group] = PreviousSchedule(
        slot: slot, phase: entry.phase, facilitator: entry.facilitator.map { FacilitatorID($0) },
        room: entry.room.map { RoomID($0) }, sessions: entry.sessions.map(PlanRecords.previous))
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
    var entries: [PlanDocument.ScheduledGroup] = []
    for schedule in result.scheduled {
      let entry = PlanRecords.scheduled(
        schedule, cohort: cohort, members: membersByGroup[schedule.group] ?? [],
        onlineLink: PlanRecords.onlineLink(
          group: schedule.group, facilitator: schedule.facilitator, facilitators: facilitators,
          config: config.schedule))
      entries.append(previous[schedule.group].map { carry($0, into: entry) } ?? entry)
    }
    // Groups that lost their schedule keep their held sessions; the rest is cancelled.
    let scheduledNow = Set(result.scheduled.map(\.group))
    for before in old.schedule where !scheduledNow.contains(before.group) {
      var entry = before
      let held = before.sessions.filter { session in
        since.map { String(session.start.prefix(10)) < $0 } ?? false
      }.map { session in
        var session = session
        session.held = true
        return session
      }
      let heldNumbers = Set(held.map(\.number))
      entry.sessions = held
      entry.cancelled =
        before.cancelled
        + before.sessions.filter { !heldNumbers.contains($0.number) }.map { session in
          var session = session
          session.sequence += 1
          return session
        }
      if held.isEmpty {
        // Nobody guides it now: the old facilitator keeps only the cancellations.
        if let old = before.facilitator, !entry.replacedFacilitators.contains(old) {
          entry.replacedFacilitators.append(old)
        }
        entry.facilitator = nil
        entry.room = nil
      }
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
    let changes = ScheduleDiff(from: old, to: plan)
    let changedGroups = Set(changes.changes.map(\.group))
    let kept = plan.schedule.filter { !$0.sessions.isEmpty && !changedGroups.contains($0.group) }
      .count
    var files = try PlanOutputs.files(
      plan: plan, config: config, language: language, pseudonymize: request.pseudonymize,
      stamp: request.now ?? PlanRecords.defaultStamp(config.schedule))
    files.append(
      OutputFile(
        name: "changes.md",
        contents: ChangeReport.markdown(
          changes, plan: plan, since: since,
          options: ReportOptions(language: language, pseudonymize: request.pseudonymize))))
    return ScheduleOutcome(
      plan: plan, schedule: result, changes: changes, kept: kept, since: since,
      language: language, files: files, warnings: warnings, audit: audit)
  }

  /// The new schedule of a group with the earlier one's UIDs, SEQUENCE raised where a session
  /// changed, the facilitators who lost a session, and the sessions that are gone.
  private static func carry(
    _ before: PlanDocument.ScheduledGroup, into entry: PlanDocument.ScheduledGroup
  ) -> PlanDocument.ScheduledGroup {
    var entry = entry
    let earlier = Dictionary(
      before.sessions.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
    let dropped = Dictionary(
      before.cancelled.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
    entry.sessions = entry.sessions.map { session in
      var session = session
      if let prior = earlier[session.number] {
        session.uid = prior.uid
        let changed = ScheduleDiff.changed(prior, session)
        session.sequence = prior.sequence + (changed ? 1 : 0)
        var former = prior.formerFacilitators
        if let who = prior.facilitator, who != session.facilitator, !former.contains(who) {
          former.append(who)
        }
        session.formerFacilitators = former.filter { $0 != session.facilitator }
      } else if let prior = dropped[session.number] {
        // A session cancelled before takes place again: the same event, newer.
        session.uid = prior.uid
        session.sequence = prior.sequence + 1
      }
      return session
    }
    let numbers = Set(entry.sessions.map(\.number))
    entry.cancelled =
      before.cancelled.filter { !numbers.contains($0.number) }
      + before.sessions.filter { !numbers.contains($0.number) }.map { session in
        var session = session
        session.sequence += 1
        return session
      }
    var replaced = before.replacedFacilitators
    if let old = before.facilitator, old != entry.facilitator, !replaced.contains(old) {
      replaced.append(old)
    }
    entry.replacedFacilitators = replaced.filter { $0 != entry.facilitator }
    return entry
  }

  /// The date before which sessions were held: `--since`, or today (from `--now`) once the
  /// cohort's first session has passed; `nil` before that.
  private static func since(
    _ request: ScheduleRequest, plan: PlanDocument, schedule: ScheduleConfig
  ) throws(DiagnosticList) -> String? {
    if let text = request.since {
      guard CivilDay.parse(text) != nil else {
        throw DiagnosticList([
          Diagnostic(
            file: "--since", code: "invalid-since",
            message: "\"\(text)\" is not a date; write the first day not yet held as YYYY-MM-DD")
        ])
      }
      return text
    }
    let today = PlanRecords.localDate(request.now ?? Date(), timezone: schedule.timezone)
    let first =
      plan.schedule.flatMap(\.sessions).map { String($0.start.prefix(10)) }.min()
      ?? schedule.start
    return today > first ? today : nil
  }
}
