import Foundation
import Grouping
import Intake
import Reports
import Scheduling

/// What `kring plan` is asked to do: everything `kring form` takes, plus the outputs' options.
public struct PlanRequest: Sendable {
  public var form: FormRequest
  /// The output language; `nil` takes `language:` from the config.
  public var language: OutputLanguage?
  /// Replace names and emails by stable pseudonyms in every shareable output.
  public var pseudonymize: Bool
  /// The calendars' DTSTAMP; `nil` stamps them at the cohort's start, so that runs compare.
  public var now: Date?
  /// The scheduler's time limit per solve, in seconds.
  public var scheduleTimeLimit: Double

  public init(
    form: FormRequest, language: OutputLanguage? = nil, pseudonymize: Bool = false,
    now: Date? = nil, scheduleTimeLimit: Double = 20
  ) {
    self.form = form
    self.language = language
    self.pseudonymize = pseudonymize
    self.now = now
    self.scheduleTimeLimit = scheduleTimeLimit
  }
}

/// The outcome of `kring plan`: groups, their schedule, and every output file.
public struct PlanOutcome: Sendable {
  public var config: KringConfig
  public var batch: IntakeBatch
  public var grouping: GroupingResult
  public var schedule: ScheduleResult
  public var plan: PlanDocument
  /// Output path (relative to the output folder) → contents.
  public var files: [OutputFile]
  /// Warnings from the intake and the resource files.
  public var warnings: [Diagnostic]
  /// How many times grouping ran: 1, or more when groups were re-formed around slots that
  /// could not be served.
  public var rounds: Int
  public var seconds: Double
  /// Kring's audit of the plan: anything found is a bug (exit 4).
  public var audit: PlanAudit
}

/// Intake → groups → schedule → outputs, the job behind `kring plan`.
public enum PlanJob {
  /// The most grouping rounds: each round re-forms the groups that could not be scheduled
  /// without the slots that failed them.
  static let maxRounds = 5

  /// Runs the whole pipeline; throws every input problem (intake, config, resources) at once.
  public static func run(_ request: PlanRequest) throws(DiagnosticList) -> PlanOutcome {
    let clock = ContinuousClock()
    let started = clock.now
    var stages: [String: Double] = [:]
    var stageStart = clock.now
    func lap(_ stage: String) {
      let now = clock.now
      stages[stage, default: 0] += (now - stageStart).seconds
      stageStart = now
    }
    let prepared = try PreparedBatch.load(request.form, requireResources: true, started: started)
    lap("read")
    let config = prepared.config
    let resources = prepared.resources
    let coverage = ResourceCoverage(
      facilitators: resources.facilitators, rooms: resources.rooms,
      requiresFacilitator: config.schedule.facilitators != nil,
      requiresRoom: config.schedule.rooms != nil,
      minimumGroupSize: prepared.groupsConfig.size.min)
    let matchesLanguage = prepared.groupsConfig.match.contains("language")

    // Groups form only around slots a facilitator (and a room) can serve. Someone no
    // resource can serve keeps their slots: their group forms, and the schedule then names
    // the missing facilitator or room instead of hiding them.
    // Asked once per kind of candidate: thousands of people share a few hundred kinds.
    struct Kind: Hashable {
      var language: String?, format: MeetingFormat, needsAccessible: Bool, organization: String?
    }
    var coverable: [Kind: SlotSet] = [:]
    let served = prepared.problem.candidates.map { c in
      let kind = Kind(
        language: matchesLanguage ? c.language : nil, format: c.format,
        needsAccessible: c.needsAccessible, organization: c.organization)
      let covered =
        coverable[kind]
        ?? coverage.slots(
          language: kind.language, format: kind.format, needsAccessible: kind.needsAccessible,
          organization: kind.organization)
      coverable[kind] = covered
      let slots = c.availability.intersection(covered)
      return slots.isEmpty ? c.availability : slots
    }
    // Slots that still fail a group are taken from its members in the next round.
    var banned: [CandidateID: SlotSet] = [:]
    var best: (grouping: GroupingResult, schedule: ScheduleResult, problem: GroupingProblem)?
    var rounds = 0
    for _ in 0..<maxRounds {
      // Another round only while grouping has time left: the first round's plan is complete.
      if rounds > 0 && prepared.formationOptions.deadline.hasPassed { break }
      rounds += 1
      var problem = prepared.problem
      for (k, slots) in served.enumerated() {
        let ban = banned[problem.candidates[k].id] ?? SlotSet()
        problem.candidates[k].availability = SlotSet(mask: slots.mask & ~ban.mask)
      }
      let grouping = GroupFormation.solve(problem, options: prepared.formationOptions)
      try request.form.checkCancelled()
      lap("group")
      let schedule = try scheduleGroups(
        grouping.groups, prepared: prepared, coverage: coverage,
        timeLimit: request.scheduleTimeLimit)
      lap("schedule")
      let better =
        best.map { current in
          scheduledPeople(schedule, grouping) > scheduledPeople(current.schedule, current.grouping)
        } ?? true
      if better { best = (grouping, schedule, problem) }
      if schedule.unscheduled.isEmpty { break }
      var changed = false
      let groupsByID = Dictionary(
        grouping.groups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
      // Only a shortage at these slots is helped by moving the group; a group nobody can
      // serve anywhere stays as it is and is reported with the resource it needs.
      let movable: Set<UnscheduledGroup.Code> = [.facilitatorsFull, .roomsFull, .noCommonSlot]
      for failed in schedule.unscheduled {
        guard let group = groupsByID[failed.group] else { continue }
        // Whole groups move off slots whose resources are taken; where the only facilitators
        // at a slot work at members' organisations, just those members move.
        let bans: [(CandidateID, SlotSet)]
        if movable.contains(failed.code) {
          bans = group.members.map { ($0, SlotSet(group.slots)) }
        } else if failed.code == .noFacilitator {
          bans = organisationBlocks(group, prepared: prepared)
        } else {
          continue
        }
        for (member, slots) in bans {
          let before = banned[member, default: SlotSet()]
          let after = before.union(slots)
          // Never a member's last slots: they would drop out of every group instead of
          // meeting elsewhere, and the unscheduled group already names what is missing.
          let own = prepared.candidates[member]?.availability ?? SlotSet()
          if SlotSet(mask: own.mask & ~after.mask).isEmpty { continue }
          if after != before {
            banned[member] = after
            changed = true
          }
        }
      }
      if !changed { break }
    }
    guard let chosen = best else {
      throw DiagnosticList([
        Diagnostic(file: request.form.intakePath, code: "internal", message: "no grouping ran")
      ])
    }

    let language = request.language ?? config.language
    var plan = FormJob.makePlan(
      config: prepared.effectiveConfig, batch: prepared.batch, scores: prepared.scores,
      result: chosen.grouping, participants: prepared.participants,
      input: URL(fileURLWithPath: request.form.intakePath).lastPathComponent, language: language)
    if rounds > 1 && chosen.grouping.status == .optimal {
      // The proof was for the first round's rules; later rounds removed slots.
      plan.solver.grouping.status = GroupingStatus.feasible.rawValue
    }
    plan.facilitators = resources.facilitators.map(PlanRecords.facilitator)
    plan.rooms = resources.rooms.map(PlanRecords.room)
    let identity = PlanRecords.cohortKey(plan: plan, schedule: config.schedule)
    let membersByGroup = Dictionary(
      plan.groups.map { ($0.id, $0.members) }, uniquingKeysWith: { a, _ in a })
    plan.schedule = chosen.schedule.scheduled.map {
      PlanRecords.scheduled(
        $0, cohort: identity, members: membersByGroup[$0.group] ?? [],
        onlineLink: PlanRecords.onlineLink(
          group: $0.group, facilitator: $0.facilitator, facilitators: resources.facilitators,
          config: config.schedule))
    }
    plan.unscheduled = chosen.schedule.unscheduled.map(PlanRecords.unscheduled)
    plan.solver.scheduling = PlanRecords.summary(chosen.schedule)
    if request.form.diagnosis {
      try request.form.checkCancelled()
      var diagnosis = prepared.diagnose(chosen.problem, chosen.grouping)
      ResourceDiagnosis.run(
        groups: chosen.grouping.groups, schedule: chosen.schedule, prepared: prepared,
        coverage: coverage, timeLimit: request.scheduleTimeLimit, into: &diagnosis)
      plan.diagnosis = diagnosis.found
      plan.diagnosisSkipped = diagnosis.skippedForPlan
      lap("diagnose")
    }

    let audit = PlanAudit.seal(&plan, language: language, fault: request.form.fault)
    var files = try PlanOutputs.files(
      plan: plan, config: config, language: language, pseudonymize: request.pseudonymize,
      stamp: request.now ?? PlanRecords.defaultStamp(config.schedule))
    lap("outputs")
    let seconds = (clock.now - started).seconds
    var run = RunInfo(result: chosen.grouping, seconds: seconds, batch: prepared.batch)
    run.stages = stages
    run.rounds = rounds
    files.append(OutputFile(name: "run.json", contents: try FormJob.json(run, "run.json")))
    return PlanOutcome(
      config: prepared.effectiveConfig, batch: prepared.batch, grouping: chosen.grouping,
      schedule: chosen.schedule, plan: plan, files: files,
      warnings: prepared.warnings + resources.warnings, rounds: rounds, seconds: seconds,
      audit: audit)
  }

  /// For a group no facilitator can take: at each of its slots where every facilitator who
  /// speaks its language works at a member's organisation, those members and that slot.
  static func organisationBlocks(_ group: FormedGroup, prepared: PreparedBatch)
    -> [(CandidateID, SlotSet)]
  {
    let members = group.members.compactMap { prepared.candidates[$0] }
    var bans: [CandidateID: SlotSet] = [:]
    for slot in group.slots {
      let able = prepared.resources.facilitators.filter {
        $0.availability.contains(slot) && $0.speaks(group.language)
      }
      let blocked = { (f: Facilitator) in members.contains { f.worksAt($0.organization) } }
      guard !able.isEmpty, able.allSatisfy(blocked) else { continue }
      for m in members where able.contains(where: { $0.worksAt(m.organization) }) {
        bans[m.id, default: SlotSet()].insert(slot)
      }
    }
    return bans.keys.sorted().map { ($0, bans[$0] ?? SlotSet()) }
  }

  /// People in scheduled groups: the measure rounds are compared by.
  static func scheduledPeople(_ schedule: ScheduleResult, _ grouping: GroupingResult) -> Int {
    let sizes = Dictionary(
      grouping.groups.map { ($0.id, $0.members.count) }, uniquingKeysWith: { a, _ in a })
    return schedule.scheduled.reduce(0) { $0 + (sizes[$1.group] ?? 0) }
  }

  /// Schedules formed groups against the prepared resources.
  static func scheduleGroups(
    _ groups: [FormedGroup], prepared: PreparedBatch, coverage: ResourceCoverage,
    timeLimit: Double, extraFacilitators: [Facilitator] = [], extraRooms: [Room] = []
  ) throws(DiagnosticList) -> ScheduleResult {
    try ResourcePlaceholders.schedule(
      ScheduleProblem(
        groups: groups.map { prepared.groupToSchedule($0) },
        facilitators: prepared.resources.facilitators + extraFacilitators,
        rooms: prepared.resources.rooms + extraRooms, config: prepared.config.schedule),
      requiresFacilitator: coverage.requiresFacilitator, requiresRoom: coverage.requiresRoom,
      options: ScheduleOptions(timeLimit: timeLimit, deadline: prepared.deadline),
      file: prepared.configFile)
  }
}
