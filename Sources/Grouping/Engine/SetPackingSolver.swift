import Foundation
import LinearSolver

/// Exact set packing over a pool of valid groups with GLPK: placement first (people, then
/// priority), then the objective value among placements that are as good.
struct SetPackingSolver {
  let model: PartitionProblem
  let pool: GroupPool
  let units: [Int]
  /// A safety net only; `nodeLimit` is what bounds the work, so results do not depend on
  /// the machine's speed or load.
  let timeLimit: Double
  /// The command's deadline, which every stage stops by too.
  var deadline: ContinuousClock.Instant? = nil
  let stopToken: StopToken?
  /// Branch-and-bound subproblems per stage; `nil` lets GLPK run to a proof.
  var nodeLimit: Int? = nil
  /// GLPK's cut generators (cover, clique, MIR).
  var cuts = true

  /// The outcome of an exact solve.
  struct Outcome {
    var solution: PartitionSolution
    /// Whether both stages were proven optimal.
    var proven: Bool
    /// An upper bound on the value of every packing that places all the units, when the
    /// first stage proved that they can all be placed; `nil` otherwise.
    ///
    /// Valid even when the last stage stopped at its work limit: it is then the best bound
    /// among the open subproblems.
    var fullPlacementBound: Double? = nil
  }

  /// Solves the three stages; `start` is a known valid solution used as a warm start.
  ///
  /// 1. the most people (an integer objective, so a bound below the incumbent + 1 is a proof);
  /// 2. among packings that place that many, the highest placement priority;
  /// 3. among packings of exactly those people, the best objective value.
  func solve(start: PartitionSolution?) throws(LinearSolverError) -> Outcome? {
    let evaluations = (0..<pool.count).map { model.evaluate(pool.group($0).map(Int.init)) }
    let totalPeople = units.reduce(0) { $0 + model.sizes[$1] }
    let index = groupIndex()

    // Stage 1: the most people.
    var first = Model(name: "placement")
    let x = first.addVariables(pool.count, kind: .binary)
    addPacking(&first, x, exact: nil)
    let people = LinearExpression(terms: x.indices.map { (x[$0], Double(evaluations[$0].people)) })
    first.maximize(people)
    let startGroups = start.flatMap { s in
      s.groups.map { index[$0.sorted().map(Int32.init)] }.allSatisfy { $0 != nil } ? s : nil
    }
    let startValues = startGroups.map { assignment(groups: $0.groups, index: index, variables: x) }
    let placed = try first.solve(
      settings(relativeGap: 0.999 / Double(max(1, totalPeople)), start: startValues))
    guard placed.hasValues else { return nil }
    let mostPeople = Int((placed.objective ?? 0).rounded())
    let countProven = placed.status == .optimal || placed.status == .withinGap
    var chosen = x.indices.filter { placed.isSet(x[$0]) }
    var priorityProven = true

    // Stage 2: priority among packings of that many people, when someone is left out.
    if mostPeople < totalPeople && countProven {
      var second = Model(name: "priority")
      let y = second.addVariables(pool.count, kind: .binary)
      addPacking(&second, y, exact: nil)
      second.addConstraint(
        LinearExpression(terms: y.indices.map { (y[$0], Double(evaluations[$0].people)) })
          >= Double(mostPeople))
      second.maximize(LinearExpression(terms: y.indices.map { (y[$0], evaluations[$0].priority) }))
      var warm: [Variable: Double] = [:]
      let chosenSet = Set(chosen)
      for k in y.indices { warm[y[k]] = chosenSet.contains(k) ? 1 : 0 }
      let ranked = try second.solve(
        settings(start: warm))
      if ranked.hasValues { chosen = y.indices.filter { ranked.isSet(y[$0]) } }
      priorityProven = ranked.status == .optimal
    }
    var placedUnits = Set<Int>()
    for k in chosen { for u in pool.group(k) { placedUnits.insert(Int(u)) } }

    // Stage 3: the best objective among packings of exactly the placed units.
    let eligible = (0..<pool.count).filter { k in
      pool.group(k).allSatisfy { placedUnits.contains(Int($0)) }
    }
    var third = Model(name: "diversity")
    let z = third.addVariables(eligible.count, kind: .binary)
    var cover = [Int: LinearExpression]()
    for (position, k) in eligible.enumerated() {
      for u in pool.group(k) { cover[Int(u), default: LinearExpression()].add(z[position]) }
    }
    for u in placedUnits.sorted() {
      if let row = cover[u] { third.addConstraint(.equal(row, 1)) }
    }
    third.maximize(
      LinearExpression(terms: eligible.indices.map { (z[$0], evaluations[eligible[$0]].value) }))
    let chosenSet = Set(chosen)
    var warm: [Variable: Double] = [:]
    for (position, k) in eligible.enumerated() { warm[z[position]] = chosenSet.contains(k) ? 1 : 0 }
    let best = try third.solve(
      settings(start: warm))
    let groups =
      best.hasValues
      ? eligible.indices.filter { best.isSet(z[$0]) }.map { pool.group(eligible[$0]).map(Int.init) }
      : chosen.map { pool.group($0).map(Int.init) }
    let proven = countProven && priorityProven && best.status == .optimal
    var outcome = Outcome(
      solution: PartitionSolution(groups: groups, problem: model), proven: proven)
    if countProven && mostPeople == totalPeople, let bound = best.bound {
      // With everyone placed, the last stage's model is every partition of all the units.
      outcome.fullPlacementBound = max(bound, best.objective ?? bound)
    }
    return outcome
  }

  /// The most people that can be placed when unit `u` must be placed.
  func mostPeople(including u: Int) throws(LinearSolverError) -> (people: Int?, proven: Bool) {
    var m = Model(name: "forced")
    let x = m.addVariables(pool.count, kind: .binary)
    addPacking(&m, x, exact: u)
    let sizes = (0..<pool.count).map { k in pool.group(k).reduce(0) { $0 + model.sizes[Int($1)] } }
    m.maximize(LinearExpression(terms: x.indices.map { (x[$0], Double(sizes[$0])) }))
    let total = units.reduce(0) { $0 + model.sizes[$1] }
    let s = try m.solve(
      settings(relativeGap: 0.999 / Double(max(1, total))))
    switch s.status {
    case .optimal, .withinGap: return (Int((s.objective ?? 0).rounded()), true)
    case .infeasible: return (nil, true)
    default: return (nil, false)
    }
  }

  /// GLPK's settings for every model here: this solver's limits and cuts, and branching on
  /// the most fractional group, since the default heuristic's tableau passes cost more than
  /// the subproblems they save once the pool has thousands of groups.
  func settings(relativeGap: Double = 0, start: [Variable: Double]? = nil) -> SolveOptions {
    SolveOptions(
      timeLimit: timeLimit, relativeGap: relativeGap, stopToken: stopToken, start: start,
      cuts: cuts, nodeLimit: nodeLimit, deadline: deadline, branching: .mostFractional)
  }

  private func addPacking(_ m: inout Model, _ x: [Variable], exact forced: Int?) {
    var rows = [Int: LinearExpression]()
    for k in 0..<pool.count {
      for u in pool.group(k) { rows[Int(u), default: LinearExpression()].add(x[k]) }
    }
    for u in units {
      guard let row = rows[u] else { continue }
      if u == forced {
        m.addConstraint(.equal(row, 1))
      } else {
        m.addConstraint(row <= 1)
      }
    }
    if let forced, rows[forced] == nil {
      // No valid group holds this unit: state it so the model is infeasible, not silent.
      m.addConstraint(.equal(LinearExpression(), 1))
    }
  }

  private func groupIndex() -> [[Int32]: Int] {
    var index: [[Int32]: Int] = [:]
    for k in 0..<pool.count { index[Array(pool.group(k))] = k }
    return index
  }

  private func assignment(groups: [[Int]], index: [[Int32]: Int], variables: [Variable])
    -> [Variable: Double]
  {
    var start = Dictionary(uniqueKeysWithValues: variables.map { ($0, 0.0) })
    for g in groups {
      if let k = index[g.sorted().map(Int32.init)] { start[variables[k]] = 1 }
    }
    return start
  }
}

extension SetPackingSolver {
  /// The best exact partition of every unit into a fixed number of groups with bounds.
  ///
  /// Every unit is in exactly one chosen group, and each class of groups with equal bounds is
  /// filled with as many groups as it has. `nil` when GLPK found none.
  ///
  /// Groups with equal bounds are interchangeable, so a column is a (member set, bound class)
  /// pair; the result lists the groups in the problem's group order.
  func partition() throws(LinearSolverError) -> (groups: [[Int]], proven: Bool)? {
    guard case .fixed(let lower, let upper) = model.groups else { return nil }
    var classBounds: [(Int, Int)] = []
    var classGroups: [[Int]] = []
    for g in lower.indices {
      if let c = classBounds.firstIndex(where: { $0 == (lower[g], upper[g]) }) {
        classGroups[c].append(g)
      } else {
        classBounds.append((lower[g], upper[g]))
        classGroups.append([g])
      }
    }
    var m = Model(name: "partition")
    var columns: [(group: Int, bound: Int, variable: Variable)] = []
    var cover = [LinearExpression](repeating: LinearExpression(), count: model.count)
    var perClass = [LinearExpression](repeating: LinearExpression(), count: classBounds.count)
    var objective = LinearExpression()
    for k in 0..<pool.count {
      let members = pool.group(k).map(Int.init)
      let e = model.evaluate(members)
      for (c, (a, b)) in classBounds.enumerated() where e.people >= a && e.people <= b {
        let x = m.addVariable(kind: .binary)
        columns.append((k, c, x))
        objective.add(x, e.value)
        perClass[c].add(x)
        for u in members { cover[u].add(x) }
      }
    }
    for u in units { m.addConstraint(.equal(cover[u], 1)) }
    for c in classBounds.indices {
      m.addConstraint(.equal(perClass[c], Double(classGroups[c].count)))
    }
    m.maximize(objective)
    let solution = try m.solve(
      settings())
    guard solution.hasValues else { return nil }
    var groups = [[Int]](repeating: [], count: lower.count)
    var next = [Int](repeating: 0, count: classBounds.count)
    for column in columns where solution.isSet(column.variable) {
      guard next[column.bound] < classGroups[column.bound].count else { return nil }
      groups[classGroups[column.bound][next[column.bound]]] = pool.group(column.group).map(Int.init)
      next[column.bound] += 1
    }
    return (groups, solution.status == .optimal)
  }
}
