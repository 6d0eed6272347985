import Foundation
import LinearSolver

/// Every feasible group of a set of units, stored flat.
struct GroupPool: Sendable {
  var members: [Int32] = []
  var offsets: [Int] = [0]

  var count: Int { offsets.count - 1 }

  func group(_ k: Int) -> ArraySlice<Int32> { members[offsets[k]..<offsets[k + 1]] }

  mutating func append<S: Sequence>(_ group: S) where S.Element == Int {
    for u in group { members.append(Int32(u)) }
    offsets.append(members.count)
  }

  /// Enumerates every valid group over `units`; `nil` when there are more than `limit`.
  static func enumerate(_ model: ComponentModel, units: [Int], limit: Int) -> GroupPool? {
    var pool = GroupPool()
    var current: [Int] = []
    var tally = [[Int32: Int]](repeating: [:], count: model.limits.count)
    var overflow = false

    func extend(candidates: [Int], size: Int, mask: UInt32) {
      if overflow { return }
      if size >= model.minSize {
        if pool.count >= limit {
          overflow = true
          return
        }
        pool.append(current)
      }
      var reachable = size
      for c in candidates { reachable += model.sizes[c] }
      if reachable < model.minSize { return }
      for (k, c) in candidates.enumerated() {
        let newSize = size + model.sizes[c]
        if newSize > model.maxSize { continue }
        let newMask = mask & model.masks[c]
        if newMask.nonzeroBitCount < model.needSlots { continue }
        var fits = true
        for attribute in model.limits.indices {
          for entry in model.tallies[attribute][c]
          where tally[attribute][entry.value, default: 0] + entry.count > model.limits[attribute] {
            fits = false
          }
        }
        if !fits { continue }
        for attribute in model.limits.indices {
          for entry in model.tallies[attribute][c] {
            tally[attribute][entry.value, default: 0] += entry.count
          }
        }
        current.append(c)
        let next = candidates[(k + 1)...].filter { model.compatible(c, $0) }
        extend(candidates: next, size: newSize, mask: newMask)
        current.removeLast()
        for attribute in model.limits.indices {
          for entry in model.tallies[attribute][c] {
            tally[attribute][entry.value, default: 0] -= entry.count
          }
        }
        if overflow { return }
      }
    }
    extend(candidates: units.sorted(), size: 0, mask: 0x1F_FFFF)
    return overflow ? nil : pool
  }
}

/// Exact set packing over a pool of valid groups with GLPK: placement first (people, then
/// priority), then the objective value among placements that are as good.
struct SetPackingSolver {
  let model: ComponentModel
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

  /// The outcome of an exact solve.
  struct Outcome {
    var solution: ComponentSolution
    /// Whether both stages were proven optimal.
    var proven: Bool
  }

  /// Solves the three stages; `start` is a known valid solution used as a warm start.
  ///
  /// 1. the most people (an integer objective, so a bound below the incumbent + 1 is a proof);
  /// 2. among packings that place that many, the highest placement priority;
  /// 3. among packings of exactly those people, the best objective value.
  func solve(start: ComponentSolution?) throws(LinearSolverError) -> Outcome? {
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
      SolveOptions(
        timeLimit: timeLimit, relativeGap: 0.999 / Double(max(1, totalPeople)),
        stopToken: stopToken,
        start: startValues, nodeLimit: nodeLimit, deadline: deadline))
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
        SolveOptions(
          timeLimit: timeLimit, stopToken: stopToken, start: warm, nodeLimit: nodeLimit,
          deadline: deadline))
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
      SolveOptions(
        timeLimit: timeLimit, stopToken: stopToken, start: warm, nodeLimit: nodeLimit,
        deadline: deadline))
    let groups =
      best.hasValues
      ? eligible.indices.filter { best.isSet(z[$0]) }.map { pool.group(eligible[$0]).map(Int.init) }
      : chosen.map { pool.group($0).map(Int.init) }
    let proven = countProven && priorityProven && best.status == .optimal
    return Outcome(solution: ComponentSolution(groups: groups, model: model), proven: proven)
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
      SolveOptions(
        timeLimit: timeLimit, relativeGap: 0.999 / Double(max(1, total)), stopToken: stopToken,
        nodeLimit: nodeLimit, deadline: deadline))
    switch s.status {
    case .optimal, .withinGap: return (Int((s.objective ?? 0).rounded()), true)
    case .infeasible: return (nil, true)
    default: return (nil, false)
    }
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
