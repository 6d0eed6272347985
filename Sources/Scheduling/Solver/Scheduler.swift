import Foundation
import Intake

/// Gives formed groups a recurring slot, a facilitator and a room, and their session dates.
///
/// Groups that share no facilitator or room form independent components; each component is
/// one GLPK assignment model (see ``AssignmentModel``) started from a greedy schedule.
public enum Scheduler {
  /// Schedules as many groups as the resources allow, then maximises attendance.
  ///
  /// The status is `optimal` when GLPK proved, for every component, that no schedule has more
  /// groups or more attendance (the tie-breakers, working days and room changes, are improved
  /// by local search without proof). `bound` is the proven attendance bound divided by the
  /// scheduled groups' members, once the number of groups is proven to be the most possible.
  ///
  /// - Throws: `SchedulingError` when the `schedule:` section gives no session dates, group
  ///   ids repeat, or GLPK fails.
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
    let clock = ContinuousClock()
    let own = clock.now + clampedDuration(seconds: options.timeLimit)
    let deadline = options.deadline.instant.map { min($0, own) } ?? own
    let grid = TimeGrid(calendar: calendar)
    let facilitatedDates = (0..<grid.count).map {
      calendar.facilitatedDates(slot: TimeGrid.slot(of: $0), phase: TimeGrid.phase(of: $0))
    }
    var candidates = problem.groups.map { group in
      GroupCandidates(
        group: group, problem: problem, calendar: calendar,
        excluded: options.excludedSlots[group.id] ?? SlotSet(), facilitatedDates: facilitatedDates)
    }
    let fixed = applyKeep(options.keep, to: &candidates, problem: problem, grid: grid)

    var assignments: [Int: Assignment] = [:]
    var allOptimal = true
    var attendanceBound = 0.0
    var boundKnown = true
    for component in components(candidates, problem: problem) {
      let remaining = clock.now < deadline ? (deadline - clock.now) : .zero
      let seconds =
        Double(remaining.components.seconds) + Double(remaining.components.attoseconds) * 1e-18
      let model = AssignmentModel(
        groups: component, candidates: candidates, fixed: fixed, problem: problem, grid: grid)
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
      assignments, candidates: candidates, fixed: fixed, problem: problem, grid: grid,
      deadline: options.deadline.instant)

    var bookings = Bookings(grid: grid, problem: problem)
    for group in assignments.keys.sorted() {
      if let a = assignments[group] { bookings.book(a) }
    }
    var scheduled: [GroupSchedule] = []
    var unscheduled: [UnscheduledGroup] = []
    var attended = 0
    var members = 0
    for (index, entry) in candidates.enumerated() {
      guard let a = assignments[index] else {
        unscheduled.append(
          UnscheduledReason.explain(entry, bookings: bookings, problem: problem))
        continue
      }
      let slot = TimeGrid.slot(of: a.time)
      let phase = TimeGrid.phase(of: a.time)
      attended += entry.group.availability.filter { $0.contains(slot) }.count
      members += entry.group.members.count
      scheduled.append(
        GroupSchedule(
          group: entry.group.id, slot: slot, phase: phase,
          facilitator: problem.facilitators[a.facilitator].id,
          room: a.room.map { problem.rooms[$0].id },
          sessions: calendar.sessions(
            for: entry.group, slot: slot, phase: phase, hasRoom: a.room != nil)))
    }
    let objective = members > 0 ? Double(attended) / Double(members) : nil
    var bound: Double?
    var gap: Double?
    if boundKnown, members > 0, let objective {
      let share = min(1, max(objective, attendanceBound / Double(members)))
      bound = share
      gap = objective > 0 ? (share - objective) / objective : nil
    }
    let status: ScheduleResult.Status =
      scheduled.isEmpty && !problem.groups.isEmpty
      ? .infeasible : (allOptimal ? .optimal : .feasible)
    return ScheduleResult(
      scheduled: scheduled, unscheduled: unscheduled, status: status, objective: objective,
      bound: bound, gap: gap)
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

  /// Fixes the kept assignments that are still valid and returns them.
  ///
  /// They are taken in group order, skipping any that would clash with one fixed before it.
  private static func applyKeep(
    _ keep: [String: KeptAssignment], to candidates: inout [GroupCandidates],
    problem: ScheduleProblem, grid: TimeGrid
  ) -> [Int: Assignment] {
    guard !keep.isEmpty else { return [:] }
    var bookings = Bookings(grid: grid, problem: problem)
    var fixed: [Int: Assignment] = [:]
    for index in candidates.indices {
      let entry = candidates[index]
      guard let kept = keep[entry.group.id], (0..<grid.phases).contains(kept.phase) else {
        continue
      }
      let time = TimeGrid.index(slot: kept.slot, phase: kept.phase)
      guard let option = entry.usable.first(where: { $0.time == time }),
        let f = option.facilitators.first(where: {
          problem.facilitators[$0].id == kept.facilitator
        })
      else { continue }
      var room: Int?
      if let id = kept.room {
        guard let r = option.rooms.first(where: { problem.rooms[$0].id == id }) else { continue }
        room = r
      } else if entry.needsRoom {
        continue
      }
      let assignment = Assignment(time: time, facilitator: f, room: room)
      guard bookings.canBook(assignment) else { continue }
      bookings.book(assignment)
      fixed[index] = assignment
      candidates[index].all = [
        GroupOption(
          time: time, attendance: option.attendance, facilitators: [f],
          rooms: room.map { [$0] } ?? [])
      ]
    }
    return fixed
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
      guard !usable.isEmpty else { continue }
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
