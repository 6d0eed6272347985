import Foundation
import Intake
import LinearSolver

/// The GLPK model of one component: which group meets when, with whom, and where.
///
/// Variables are `x[g, t, f]` (group g meets at time option t with facilitator f) and
/// `y[g, t, r]` (in room r), only where f and r qualify. The objective is lexicographic
/// through its weights: each scheduled group is worth more than all attendance together,
/// attendance counts members available at the slot, and an `either` group in a room is
/// worth less than one attendance unit in total. Facilitator working days and room changes
/// are left to ``TieBreaks``: as model terms they made the relaxation fractional and GLPK
/// slow (167 groups: no root LP in 8 s, against 0.1 s without them).
struct AssignmentModel {
  let groups: [Int]
  let candidates: [GroupCandidates]
  let fixed: [Int: Assignment]
  let problem: ScheduleProblem
  let grid: TimeGrid

  struct Outcome {
    var assignments: [Int: Assignment]
    var optimal: Bool
    /// An upper bound on the component's attendance, valid when the number of scheduled
    /// groups is proven to be the most possible.
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
    let weight = Double(groups.reduce(0) { $0 + candidates[$1].group.members.count } + 1)

    for g in groups {
      let entry = candidates[g]
      var chosen = LinearExpression()
      for option in entry.usable {
        var withFacilitator = LinearExpression()
        for f in option.facilitators {
          let x = model.addVariable(kind: .binary)
          xs.append(Choice(group: g, time: option.time, resource: f, variable: x))
          withFacilitator += x
          objective.add(x, weight + Double(option.attendance))
        }
        chosen += withFacilitator
        guard entry.mayUseRoom, !option.rooms.isEmpty else { continue }
        var inRoom = LinearExpression()
        for r in option.rooms {
          let y = model.addVariable(kind: .binary)
          ys.append(Choice(group: g, time: option.time, resource: r, variable: y))
          inRoom += y
          if !entry.needsRoom { eitherRooms.append(y) }
        }
        rows.append(
          entry.needsRoom ? .equal(inRoom - withFacilitator, 0) : inRoom - withFacilitator <= 0)
      }
      rows.append(fixed[g] != nil ? .equal(chosen, 1) : chosen <= 1)
    }

    // Capacity and overlap rows per facilitator and per room.
    let byFacilitator = Dictionary(grouping: xs.indices) { xs[$0].resource }
    for f in byFacilitator.keys.sorted() {
      let mine = (byFacilitator[f] ?? []).map { xs[$0] }
      let limit = problem.facilitators[f].maxGroups
      if Set(mine.map(\.group)).count > limit {
        rows.append(LinearExpression.sum(mine.map(\.variable)) <= Double(limit))
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
    // conflict graph (seconds at 16 000 columns). Groups and attendance are whole units and the tie-breakers weigh less than half of one,
    // so a gap below one unit proves both; chasing the tie-breakers' proof is not worth it.
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
    let best = valid(found) && score(found) >= score(greedy) ? found : greedy
    var bound: Double?
    if let value = solution.bound {
      let count = Double(best.count)
      // No schedule with one more group fits under the bound, so attendance is bounded too.
      if value < weight * (count + 1) - 1e-6 {
        bound = (value - weight * count + 0.25 + 1e-6).rounded(.down)
      }
    }
    return Outcome(
      assignments: best,
      optimal: (solution.status == .optimal || solution.status == .withinGap) && best == found,
      attendanceBound: bound)
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

  /// A schedule built group by group: kept groups first, then the least flexible ones.
  func greedySchedule() -> [Int: Assignment] {
    var bookings = Bookings(grid: grid, problem: problem)
    var result: [Int: Assignment] = [:]
    let flexibility = Dictionary(
      uniqueKeysWithValues: groups.map { g in
        (g, candidates[g].usable.reduce(0) { $0 + $1.facilitators.count })
      })
    let order = groups.sorted {
      (fixed[$0] == nil ? 1 : 0, flexibility[$0] ?? 0, $0)
        < (fixed[$1] == nil ? 1 : 0, flexibility[$1] ?? 0, $1)
    }
    for g in order {
      if let kept = fixed[g] {
        bookings.book(kept)
        result[g] = kept
      } else if let a = bookings.bestFit(
        candidates[g], options: candidates[g].usable, rooms: problem.rooms)
      {
        bookings.book(a)
        result[g] = a
      }
    }
    return result
  }

  /// Whether the assignments respect every rule (a guard against numerical trouble).
  private func valid(_ assignments: [Int: Assignment]) -> Bool {
    var bookings = Bookings(grid: grid, problem: problem)
    for g in assignments.keys.sorted() {
      guard let a = assignments[g], candidates[g].needsRoom == false || a.room != nil,
        bookings.canBook(a)
      else { return false }
      bookings.book(a)
    }
    return fixed.keys.allSatisfy { assignments[$0] == fixed[$0] }
  }

  private func score(_ assignments: [Int: Assignment]) -> [Int] {
    [
      assignments.count,
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

extension Array where Element == Int {
  fileprivate static func >= (lhs: [Int], rhs: [Int]) -> Bool {
    !lhs.lexicographicallyPrecedes(rhs)
  }
}
