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
  let timeLimit: Double
  let stopToken: StopToken?

  /// The outcome of an exact solve.
  struct Outcome {
    var solution: ComponentSolution
    /// Whether both stages were proven optimal.
    var proven: Bool
  }

  /// Solves both stages; `start` is a known valid solution used as a warm start.
  func solve(start: ComponentSolution?) throws(LinearSolverError) -> Outcome? {
    let evaluations = (0..<pool.count).map { model.evaluate(pool.group($0).map(Int.init)) }
    let totalPeople = units.reduce(0) { $0 + model.sizes[$1] }
    let scale = 1.0 / Double(totalPeople + 1)

    // Stage 1: the most people, ties to higher priority.
    var first = Model(name: "placement")
    let x = first.addVariables(pool.count, kind: .binary)
    addPacking(&first, x, exact: nil)
    first.maximize(
      LinearExpression(
        terms: x.indices.map { (x[$0], Double(evaluations[$0].people) + scale * evaluations[$0].priority) }))
    let startValues = start.map { startAssignment($0, variables: x) } ?? nil
    let placed = try first.solve(
      SolveOptions(timeLimit: timeLimit, stopToken: stopToken, start: startValues))
    guard placed.hasValues else { return nil }
    let chosen = x.indices.filter { placed.isSet(x[$0]) }
    var placedUnits = Set<Int>()
    for k in chosen { for u in pool.group(k) { placedUnits.insert(Int(u)) } }

    // Stage 2: the best objective among packings of exactly the placed units.
    let eligible = (0..<pool.count).filter { k in pool.group(k).allSatisfy { placedUnits.contains(Int($0)) } }
    var second = Model(name: "diversity")
    let y = second.addVariables(eligible.count, kind: .binary)
    var cover = [Int: LinearExpression]()
    for (position, k) in eligible.enumerated() {
      for u in pool.group(k) { cover[Int(u), default: LinearExpression()].add(y[position]) }
    }
    for u in placedUnits.sorted() {
      if let row = cover[u] { second.addConstraint(.equal(row, 1)) }
    }
    second.maximize(LinearExpression(terms: eligible.indices.map { (y[$0], evaluations[eligible[$0]].value) }))
    let firstGroups = chosen.map { pool.group($0).map(Int.init) }
    var warm: [Variable: Double] = [:]
    let chosenSet = Set(chosen)
    for (position, k) in eligible.enumerated() { warm[y[position]] = chosenSet.contains(k) ? 1 : 0 }
    let best = try second.solve(
      SolveOptions(timeLimit: timeLimit, stopToken: stopToken, start: warm))
    let groups =
      best.hasValues
      ? eligible.indices.filter { best.isSet(y[$0]) }.map { pool.group(eligible[$0]).map(Int.init) }
      : firstGroups
    let proven = placed.status == .optimal && best.status == .optimal
    return Outcome(solution: ComponentSolution(groups: groups, model: model), proven: proven)
  }

  /// The most people that can be placed when unit `u` must be placed.
  func mostPeople(including u: Int) throws(LinearSolverError) -> (people: Int?, proven: Bool) {
    var m = Model(name: "forced")
    let x = m.addVariables(pool.count, kind: .binary)
    addPacking(&m, x, exact: u)
    m.maximize(LinearExpression(terms: x.indices.map { (x[$0], Double(pool.group($0).reduce(0) { $0 + model.sizes[Int($1)] })) }))
    let s = try m.solve(SolveOptions(timeLimit: timeLimit, stopToken: stopToken))
    switch s.status {
    case .optimal: return (Int((s.objective ?? 0).rounded()), true)
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

  private func startAssignment(_ solution: ComponentSolution, variables: [Variable]) -> [Variable: Double]? {
    var index: [[Int32]: Int] = [:]
    for k in 0..<pool.count { index[Array(pool.group(k))] = k }
    var start = Dictionary(uniqueKeysWithValues: variables.map { ($0, 0.0) })
    for g in solution.groups {
      guard let k = index[g.sorted().map(Int32.init)] else { return nil }
      start[variables[k]] = 1
    }
    return start
  }
}
