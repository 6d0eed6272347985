import Foundation
import Intake

/// Gives formed groups a recurring slot, a facilitator and a room, and their session dates.
///
/// Two levels. The assignment model (one GLPK model per component of groups that share no
/// facilitator or room, see ``AssignmentModel``) gives each group a weekly slot, a week phase,
/// a main facilitator and a main room. The ``SessionPlanner`` then puts each session on a real
/// date, moving sessions past blocked dates and giving sessions the main facilitator cannot
/// guide to a stand-in. A group whose sessions cannot all be placed is assigned again without
/// the facilitator or room that failed it, for a few rounds; what is left is unscheduled.
public enum Scheduler {
  /// Rounds of assignment and session planning.
  static let rounds = 3

  /// Schedules as many groups as the resources allow, then keeps what an earlier schedule had,
  /// then maximises attendance.
  ///
  /// The status is `optimal` when GLPK proved, for every component, that no assignment has more
  /// groups, keeps more or has more attendance (the tie-breakers and the session level are
  /// improved without proof). `bound` is the proven attendance bound divided by the scheduled
  /// groups' members, once the number of groups is proven to be the most possible and nothing
  /// earlier is being kept.
  ///
  /// - Throws: `SchedulingError` when the `schedule:` section gives no session dates, group
  ///   ids repeat, `since` is not a date, or GLPK fails.
  public static func solve(
    _ problem: ScheduleProblem, options: ScheduleOptions = ScheduleOptions()
  ) throws(SchedulingError) -> ScheduleResult {
    let calendar = try makeCalendar(problem.config)
    var seen = Set<String>()
    for group in problem.groups where !seen.insert(group.id).inserted {
      throw SchedulingError(
        code: SchedulingError.duplicateGroup,
        message: "group id \(group.id) appears more than once; each group needs its own id")
    }
    var sinceDay: Int?
    if let since = options.since {
      guard let day = CivilDay.parse(since) else {
        throw SchedulingError(
          code: SchedulingError.invalidSince,
          message: "\"\(since)\" is not a date; held sessions are those before a YYYY-MM-DD date")
      }
      sinceDay = day
    }
    let clock = ContinuousClock()
    let own = clock.now + clampedDuration(seconds: options.timeLimit)
    let deadline = options.deadline.instant.map { min($0, own) } ?? own
    let grid = TimeGrid(calendar: calendar)
    let absences = Absences(problem)
    let facilitatorIndex = Dictionary(
      problem.facilitators.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    let roomIndex = Dictionary(
      problem.rooms.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    let histories = problem.groups.map { group in
      GroupHistory(
        previous: options.previous[group.id], sinceDay: sinceDay,
        sessions: problem.config.sessions, minimizeChanges: options.minimizeChanges)
    }
    let earlier: [AssignmentModel.Preference] = histories.map { history in
      guard let previous = history.previous, (0..<grid.phases).contains(previous.phase) else {
        return .none
      }
      return AssignmentModel.Preference(
        time: TimeGrid.index(slot: previous.slot, phase: previous.phase),
        facilitator: previous.facilitator.flatMap { facilitatorIndex[$0] },
        room: previous.room.flatMap { roomIndex[$0] })
    }

    var bans = Set<Ban>()
    var settled: [Int: Assignment] = [:]
    var failed: [Int: SessionPlanner.Failure] = [:]
    var candidates: [GroupCandidates] = []
    var assignments: [Int: Assignment] = [:]
    var plans: [Int: SessionPlanner.GroupPlan] = [:]
    var allOptimal = true
    var attendanceBound = 0.0
    var boundKnown = true
    for round in 0..<rounds {
      candidates = problem.groups.indices.map { g in
        GroupCandidates(
          group: problem.groups[g], problem: problem, calendar: calendar,
          excluded: options.excludedSlots[problem.groups[g].id] ?? SlotSet(),
          history: histories[g], absences: absences, banned: bans)
      }
      // Groups that planned well in an earlier round keep their assignment where they can.
      let preferences = problem.groups.indices.map { g in
        guard earlier[g].isEmpty, let a = settled[g] else { return earlier[g] }
        return AssignmentModel.Preference(time: a.time, facilitator: a.facilitator, room: a.room)
      }
      assignments = [:]
      allOptimal = true
      attendanceBound = 0
      boundKnown = true
      for component in components(candidates, problem: problem) {
        let remaining = clock.now < deadline ? (deadline - clock.now) : .zero
        let seconds =
          Double(remaining.components.seconds) + Double(remaining.components.attoseconds) * 1e-18
        let model = AssignmentModel(
          groups: component, candidates: candidates, preferences: preferences, problem: problem,
          grid: grid)
        let outcome = try model.solve(timeLimit: seconds, relativeGap: options.relativeGap)
        for (group, assignment) in outcome.assignments { assignments[group] = assignment }
        allOptimal = allOptimal && outcome.optimal
        if let bound = outcome.attendanceBound {
          attendanceBound += bound
        } else {
          boundKnown = false
        }
      }
      assignments = TieBreaks.improve(
        assignments, candidates: candidates, preferences: preferences, problem: problem,
        grid: grid, deadline: options.deadline.instant)
      let planner = SessionPlanner(
        problem: problem, calendar: calendar, candidates: candidates, histories: histories,
        absences: absences, facilitatorIndex: facilitatorIndex, roomIndex: roomIndex)
      let outcome = planner.plan(assignments)
      plans = outcome.plans
      for (g, failure) in outcome.failures {
        failed[g] = failure
        guard let a = assignments[g] else { continue }
        switch failure.kind {
        case .facilitator:
          bans.insert(Ban(group: problem.groups[g].id, time: a.time, facilitator: a.facilitator))
        case .room:
          if let r = a.room { bans.insert(Ban(group: problem.groups[g].id, time: a.time, room: r)) }
        }
      }
      for g in outcome.failures.keys { assignments[g] = nil }
      for (g, a) in assignments {
        settled[g] = a
        failed[g] = nil
      }
      if outcome.failures.isEmpty || round == rounds - 1 { break }
    }

    var bookings = Bookings(grid: grid, problem: problem)
    for group in assignments.keys.sorted() {
      if let a = assignments[group] { bookings.book(a) }
    }
    var scheduled: [GroupSchedule] = []
    var unscheduled: [UnscheduledGroup] = []
    var attended = 0
    var members = 0
    for (index, entry) in candidates.enumerated() {
      let history = histories[index]
      let held = history.held.compactMap { heldSession($0) }
      if entry.futureNumbers.isEmpty, let previous = options.previous[entry.group.id],
        !held.isEmpty
      {
        // Every session was held: the group stays as it was.
        attended += entry.group.availability.filter { $0.contains(previous.slot) }.count
        members += entry.group.members.count
        scheduled.append(
          GroupSchedule(
            group: entry.group.id, slot: previous.slot, phase: previous.phase,
            facilitator: previous.facilitator, room: previous.room, sessions: held))
        continue
      }
      guard let a = assignments[index], let plan = plans[index] else {
        if let failure = failed[index] {
          unscheduled.append(
            UnscheduledReason.explain(
              entry, failure: failure, problem: problem, calendar: calendar))
        } else {
          unscheduled.append(
            UnscheduledReason.explain(entry, bookings: bookings, problem: problem))
        }
        continue
      }
      let slot = TimeGrid.slot(of: a.time)
      let phase = TimeGrid.phase(of: a.time)
      attended += entry.group.availability.filter { $0.contains(slot) }.count
      members += entry.group.members.count
      let future = plan.sessions.map { planned in
        var session = calendar.session(
          number: planned.number, day: planned.time.day, slot: slot, group: entry.group,
          format: planned.format)
        session.facilitator = planned.facilitator.map { problem.facilitators[$0].id }
        session.room = planned.room.map { problem.rooms[$0].id }
        return session
      }
      scheduled.append(
        GroupSchedule(
          group: entry.group.id, slot: slot, phase: phase,
          facilitator: problem.facilitators[a.facilitator].id,
          room: a.room.map { problem.rooms[$0].id }, sessions: held + future))
    }
    let objective = members > 0 ? Double(attended) / Double(members) : nil
    var bound: Double?
    var gap: Double?
    if boundKnown, members > 0, let objective, bans.isEmpty {
      let share = min(1, max(objective, attendanceBound / Double(members)))
      bound = share
      gap = objective > 0 ? (share - objective) / objective : nil
    }
    let status: ScheduleResult.Status =
      scheduled.isEmpty && !problem.groups.isEmpty
      ? .infeasible : (allOptimal && bans.isEmpty ? .optimal : .feasible)
    return ScheduleResult(
      scheduled: scheduled, unscheduled: unscheduled, status: status, objective: objective,
      bound: bound, gap: gap)
  }

  /// A held session as it was recorded.
  private static func heldSession(_ s: PreviousSession) -> ScheduledSession? {
    guard let start = ISOTime.date(s.startText), let end = ISOTime.date(s.endText) else {
      return nil
    }
    return ScheduledSession(
      number: s.number, date: s.date, start: start, end: end, startText: s.startText,
      endText: s.endText, format: s.format, facilitated: s.facilitated, available: s.available,
      facilitator: s.facilitated ? s.facilitator : nil,
      room: s.format == .inPerson ? s.room : nil, held: true)
  }

  private static func makeCalendar(_ config: ScheduleConfig) throws(SchedulingError)
    -> SessionCalendar
  {
    switch Result(catching: { () throws(Diagnostic) in try SessionCalendar(config) }) {
    case .success(let calendar): return calendar
    case .failure(let diagnostic):
      throw SchedulingError(
        code: SchedulingError.invalidCalendar,
        message: "\(diagnostic.column ?? "schedule"): \(diagnostic.message)")
    }
  }

  /// Groups that can be scheduled, split into sets that share no facilitator or room.
  private static func components(_ candidates: [GroupCandidates], problem: ScheduleProblem)
    -> [[Int]]
  {
    let groups = candidates.count
    let facilitators = problem.facilitators.count
    var parent = Array(0..<(groups + facilitators + problem.rooms.count))
    func root(_ x: Int) -> Int {
      var x = x
      while parent[x] != x {
        parent[x] = parent[parent[x]]
        x = parent[x]
      }
      return x
    }
    func join(_ a: Int, _ b: Int) {
      let (ra, rb) = (root(a), root(b))
      if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
    var schedulable: [Int] = []
    for (index, entry) in candidates.enumerated() {
      let usable = entry.usable
      // A group whose sessions were all held needs nothing more.
      guard !usable.isEmpty, !entry.futureNumbers.isEmpty else { continue }
      schedulable.append(index)
      for option in usable {
        for f in option.facilitators { join(index, groups + f) }
        for r in option.rooms { join(index, groups + facilitators + r) }
      }
    }
    var byRoot: [Int: [Int]] = [:]
    for index in schedulable { byRoot[root(index), default: []].append(index) }
    return byRoot.values.sorted { ($0.first ?? 0) < ($1.first ?? 0) }
  }
}
