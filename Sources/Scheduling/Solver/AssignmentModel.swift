import Foundation
import Intake
import LinearSolver

/// The GLPK model of one component: which group meets when, led by whom, and where.
///
/// Variables are `x[g, t, f]` (group g meets at time option t with main facilitator f) and
/// `y[g, t, r]` (in main room r), only where f and r qualify. The objective is lexicographic
/// through its weights: each scheduled group is worth more than everything below it; then,
/// when rescheduling, keeping the earlier time (4), main facilitator (2) and room (1); then
/// attendance (members available at the slot); then, below one attendance unit in total,
/// fewer sessions a main facilitator or room is away for and an `either` group in a room.
/// Facilitator working days and room changes are left to ``TieBreaks``: as model terms they
/// made the relaxation fractional and GLPK slow (167 groups: no root LP in 8 s, against 0.1 s
/// without them).
struct AssignmentModel {
  let groups: [Int]
  let candidates: [GroupCandidates]
  let preferences: [Preference]
  let problem: ScheduleProblem
  let grid: TimeGrid

  /// A group's earlier time, main facilitator and room (indices), when changes are minimised.
  struct Preference {
    var time: Int?
    var facilitator: Int?
    var room: Int?

    static let none = Preference()

    /// Points for what `a` keeps: the time 4, the main facilitator 2, the main room 1.
    func kept(_ a: Assignment) -> Int {
      (time == a.time ? 4 : 0) + (facilitator == a.facilitator ? 2 : 0)
        + (room != nil && room == a.room ? 1 : 0)
    }

    var isEmpty: Bool { time == nil && facilitator == nil && room == nil }
  }

  struct Outcome {
    var assignments: [Int: Assignment]
    var optimal: Bool
    /// An upper bound on the component's attendance, valid when the number of scheduled
    /// groups is proven to be the most possible and nothing earlier is being kept.
    var attendanceBound: Double?
  }

  private struct Choice {
    var group: Int
    var time: Int
    var resource: Int
    var variable: Variable
  }

  /// Branch-and-bound subproblems per component.
  static let nodeLimit = 50_000

  func solve(timeLimit: Double, relativeGap: Double) throws(SchedulingError) -> Outcome {
    // No time left (the command's deadline has passed): the checked greedy schedule, without
    // building a model GLPK would have no time for.
    guard timeLimit > 0.01 else {
      return Outcome(assignments: greedySchedule(), optimal: false, attendanceBound: nil)
    }
    var model = Model(name: "schedule")
    var rows: [LinearConstraint] = []
    var xs: [Choice] = []
    var ys: [Choice] = []
    var eitherRooms: [Variable] = []
    var objective = LinearExpression()
    // Attendance is a whole number below `unit`; keeping is worth whole units above it, and
    // a group more than everything kept.
    let unit = Double(groups.reduce(0) { $0 + candidates[$1].group.members.count } + 1)
    let keeping = groups.filter { !preferences[$0].isEmpty }.count
    let weight = unit * Double(7 * keeping + 1)
    // Away sessions weigh half an attendance unit at most, all together.
    let awayTotal = groups.reduce(0) {
      $0 + candidates[$1].futureNumbers.count + candidates[$1].load
    }
    let away = 0.5 / Double(awayTotal + 1)

    for g in groups {
      let entry = candidates[g]
      let preference = preferences[g]
      var chosen = LinearExpression()
      for option in entry.usable {
        var withFacilitator = LinearExpression()
        for (k, f) in option.facilitators.enumerated() {
          let x = model.addVariable(kind: .binary)
          xs.append(Choice(group: g, time: option.time, resource: f, variable: x))
          withFacilitator += x
          let kept = preference.kept(Assignment(time: option.time, facilitator: f, room: nil))
          objective.add(
            x,
            weight + unit * Double(kept) + Double(option.attendance)
              - away * Double(option.missed[k]))
        }
        chosen += withFacilitator
        guard entry.mayUseRoom, !option.rooms.isEmpty else { continue }
        var inRoom = LinearExpression()
        for (k, r) in option.rooms.enumerated() {
          let y = model.addVariable(kind: .binary)
          ys.append(Choice(group: g, time: option.time, resource: r, variable: y))
          inRoom += y
          if !entry.needsRoom { eitherRooms.append(y) }
          let kept = preference.room == r ? unit : 0
          if kept != 0 || option.roomMissed[k] != 0 {
            objective.add(y, kept - away * Double(option.roomMissed[k]))
          }
        }
        rows.append(
          entry.needsRoom ? .equal(inRoom - withFacilitator, 0) : inRoom - withFacilitator <= 0)
      }
      rows.append(chosen <= 1)
    }

    // Groups, working days and weeks, and overlaps per facilitator; overlaps per room.
    let byFacilitator = Dictionary(grouping: xs.indices) { xs[$0].resource }
    for f in byFacilitator.keys.sorted() {
      let mine = (byFacilitator[f] ?? []).map { xs[$0] }
      let person = problem.facilitators[f]
      if Set(mine.map(\.group)).count > person.maxGroups {
        rows.append(LinearExpression.sum(mine.map(\.variable)) <= Double(person.maxGroups))
      }
      if let limit = person.maxSessionsPerDay {
        rows += limitRows(mine, limit: limit, key: TimeGrid.day(of:))
      }
      if person.weeklyLimit < person.maxGroups {
        rows += limitRows(mine, limit: person.weeklyLimit, key: TimeGrid.phase(of:))
      }
      rows += overlapRows(mine)
    }
    let byRoom = Dictionary(grouping: ys.indices) { ys[$0].resource }
    for r in byRoom.keys.sorted() { rows += overlapRows((byRoom[r] ?? []).map { ys[$0] }) }

    let roomBonus = 0.25 / Double(eitherRooms.count + 1)
    for y in eitherRooms { objective.add(y, roomBonus) }
    model.maximize(objective)
    for row in rows { model.addConstraint(row) }

    let greedy = greedySchedule()
    guard timeLimit > 0.01, !xs.isEmpty else {
      return Outcome(assignments: greedy, optimal: false, attendanceBound: nil)
    }
    var start: [Variable: Double] = [:]
    for x in xs
    where greedy[x.group].map({ $0.time == x.time && $0.facilitator == x.resource })
      ?? false
    {
      start[x.variable] = 1
    }
    for y in ys where greedy[y.group].map({ $0.time == y.time && $0.room == y.resource }) ?? false {
      start[y.variable] = 1
    }
    // GLPK trusts a start blindly, so it is checked here row by row.
    let feasible = rows.allSatisfy { Self.holds($0, start) }
    // The relaxation is nearly integral; GLPK's clique cuts only cost time building their
    // conflict graph (seconds at 16 000 columns). Groups, points kept and attendance are whole
    // units and the tie-breakers weigh less than one, so a gap below one unit proves them;
    // chasing the tie-breakers' proof is not worth it.
    let scale = weight * Double(groups.count) + weight
    // The node limit bounds the work the same way on every machine, so that a schedule does
    // not depend on load; the time limit behind it is a safety net.
    let options = SolveOptions(
      timeLimit: timeLimit, relativeGap: max(relativeGap, 0.9 / scale),
      start: feasible ? start : nil, cuts: false, nodeLimit: Self.nodeLimit)
    let solution = try Self.run(model, options)

    var found: [Int: Assignment] = [:]
    if solution.hasValues {
      for x in xs where solution.isSet(x.variable) {
        found[x.group] = Assignment(time: x.time, facilitator: x.resource, room: nil)
      }
      for y in ys where solution.isSet(y.variable) { found[y.group]?.room = y.resource }
    }
    let best =
      valid(found) && !score(found).lexicographicallyPrecedes(score(greedy)) ? found : greedy
    var bound: Double?
    if let value = solution.bound {
      let count = Double(best.count)
      // No schedule with one more group fits under the bound, so attendance is bounded too:
      // by the bound itself when nothing earlier is kept, else (the points kept are mixed in)
      // by each scheduled group at its best slot.
      if value < weight * (count + 1) - 1e-6 {
        bound =
          keeping == 0
          ? (value - weight * count + 0.5 + 1e-6).rounded(.down)
          : Double(
            best.keys.reduce(0) { $0 + (candidates[$1].usable.map(\.attendance).max() ?? 0) })
      }
    }
    return Outcome(
      assignments: best,
      optimal: (solution.status == .optimal || solution.status == .withinGap) && best == found,
      attendanceBound: bound)
  }

  /// Rows that keep a facilitator within `limit` groups per key (a grid day or a phase).
  private func limitRows(_ choices: [Choice], limit: Int, key: (Int) -> Int) -> [LinearConstraint] {
    var rows: [LinearConstraint] = []
    let byKey = Dictionary(grouping: choices) { key($0.time) }
    for k in byKey.keys.sorted() {
      let inside = byKey[k] ?? []
      guard Set(inside.map(\.group)).count > limit else { continue }
      rows.append(LinearExpression.sum(inside.map(\.variable)) <= Double(limit))
    }
    return rows
  }

  /// One row per facilitator or room and overlap clique: at most one booking in it.
  private func overlapRows(_ choices: [Choice]) -> [LinearConstraint] {
    var rows: [LinearConstraint] = []
    for clique in grid.cliques {
      let inside = choices.filter { clique.contains($0.time) }
      // A single group cannot clash with itself: it takes at most one option anyway.
      guard Set(inside.map(\.group)).count >= 2 else { continue }
      rows.append(LinearExpression.sum(inside.map(\.variable)) <= 1)
    }
    return rows
  }

  /// A schedule built group by group: groups with an earlier schedule first (on it when it
  /// still fits), then the least flexible ones.
  func greedySchedule() -> [Int: Assignment] {
    var bookings = Bookings(grid: grid, problem: problem)
    var result: [Int: Assignment] = [:]
    let flexibility = Dictionary(
      uniqueKeysWithValues: groups.map { g in
        (g, candidates[g].usable.reduce(0) { $0 + $1.facilitators.count })
      })
    let order = groups.sorted {
      (preferences[$0].isEmpty ? 1 : 0, flexibility[$0] ?? 0, $0)
        < (preferences[$1].isEmpty ? 1 : 0, flexibility[$1] ?? 0, $1)
    }
    for g in order {
      let entry = candidates[g]
      let preference = preferences[g]
      var options = entry.usable
      // The earlier time first, so that what still fits stays.
      if let time = preference.time, let index = options.firstIndex(where: { $0.time == time }) {
        var earlier = options.remove(at: index)
        if let f = preference.facilitator, let k = earlier.facilitators.firstIndex(of: f) {
          earlier.facilitators.swapAt(0, k)
          earlier.missed.swapAt(0, k)
        }
        options.insert(earlier, at: 0)
        if let f = preference.facilitator, bookings.facilitatorFree(f, at: time),
          earlier.facilitators.contains(f)
        {
          let room =
            preference.room.flatMap { r in
              earlier.rooms.contains(r) && bookings.roomFree(r, at: time) ? r : nil
            }
          if room != nil || !entry.needsRoom {
            let a = Assignment(time: time, facilitator: f, room: room)
            bookings.book(a)
            result[g] = a
            continue
          }
        }
      }
      if let a = bookings.bestFit(entry, options: options) {
        bookings.book(a)
        result[g] = a
      }
    }
    return result
  }

  /// Whether the assignments respect every rule (a guard against numerical trouble).
  private func valid(_ assignments: [Int: Assignment]) -> Bool {
    guard
      assignments.allSatisfy({ g, a in !candidates[g].needsRoom || a.room != nil })
    else { return false }
    return Bookings.valid(assignments, grid: grid, problem: problem)
  }

  /// Groups, points kept, attendance: what the model maximises, in order.
  private func score(_ assignments: [Int: Assignment]) -> [Int] {
    [
      assignments.count,
      assignments.reduce(0) { $0 + preferences[$1.key].kept($1.value) },
      assignments.reduce(0) { total, entry in
        total
          + (candidates[entry.key].all.first { $0.time == entry.value.time }?.attendance ?? 0)
      },
    ]
  }

  private static func holds(_ row: LinearConstraint, _ values: [Variable: Double]) -> Bool {
    let total = row.expression.mergedTerms.reduce(row.expression.constant) {
      $0 + $1.coefficient * (values[$1.variable] ?? 0)
    }
    switch row.relation {
    case .lessOrEqual: return total <= row.rhs + 1e-9
    case .greaterOrEqual: return total >= row.rhs - 1e-9
    case .equal: return abs(total - row.rhs) <= 1e-9
    }
  }

  private static func run(_ model: Model, _ options: SolveOptions) throws(SchedulingError)
    -> Solution
  {
    switch Result(catching: { () throws(LinearSolverError) in try model.solve(options) }) {
    case .success(let solution): return solution
    case .failure(let error):
      throw SchedulingError(
        code: SchedulingError.solverFailed,
        message: "the assignment model could not be solved: \(error.message)")
    }
  }
}
