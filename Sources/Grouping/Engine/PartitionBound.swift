import LinearSolver

/// An upper bound on the best objective value of a partition problem with a free number of
/// groups: the LP relaxation of set packing over every valid group, by column generation.
///
/// The master LP, solved by GLPK, keeps the groups found so far:
///
///     maximise Σ_g v_g x_g   subject to   Σ_{g ∋ u} x_g ≤ 1 for every unit u,
///                                          Σ_g |g| x_g ≥ P,   x ≥ 0,
///
/// where `P` is the number of people the plan places. Every solution that places at least `P`
/// people is feasible for it, so the LP's optimum over *all* valid groups bounds the value of
/// the lexicographic optimum (which places at least as many). Pricing (``GroupPricer``) first
/// looks greedily for disjoint groups of positive reduced cost; when it finds none the master
/// can use, a full pass searches exactly by branch and bound, or, where its work budget ends
/// first, gives a valid upper bound on the best reduced cost of each group size. Each full pass
/// gives the Lagrangian bound `Σ_u y_u + y_P·P + people · max_k(bound_k / k)`; the smallest of
/// these is the answer. When pricing proves no group prices above the slack, the bound is the
/// LP optimum plus that slack.
///
/// Where branch and bound is cut short on a large component (a hundred people or more), the
/// unexplored subtrees' bounds stand in for the best reduced cost, and the bound is loose.
///
/// The budget counts rounds and pricing nodes, not seconds, so the same problem gives the
/// same bound on every machine.
struct PartitionBound {
  /// How much work the bound may do.
  struct Budget: Sendable {
    /// Master LP solves.
    var rounds: Int
    /// Branch-and-bound nodes of a disjoint pricing pass, which looks for good groups only.
    var quickNodes: Int
    /// Branch-and-bound nodes of a full pricing pass, which looks for the best group.
    var passNodes: Int
    /// Branch-and-bound nodes of all passes together.
    var totalNodes: Int
    /// Columns one pass adds at most before the master is solved again.
    var columnsPerPass: Int
    /// Columns the master may hold; beyond it the lowest-priced half is dropped.
    var masterColumns: Int = 2_000
    /// How far above the LP optimum the bound may end, relative to it: pricing proves only
    /// that nothing prices above this share of the LP value per person, which is much cheaper
    /// than proving that nothing prices above 0.
    var slack: Double = 0.002

    /// The default budget for a problem of `units` units searched for `iterations`.
    ///
    /// Master rounds grow with the search's own budget; a full pass gets nodes with the
    /// problem's size, up to about 1.34 million at 112 units and never below 800 000 past it
    /// (a few seconds). With the sequence bound, that completes the last pass on components
    /// of several hundred people.
    static func standard(units: Int, iterations: Int = 2_000) -> Budget {
      // A plain node costs about as much as its candidates, and a sequence bound's table is
      // charged as nodes by its cells (``GroupPricer/cellsPerNode``), so the nodes a pass may
      // spend fall past 112 units, down to the floor.
      let pass = max(100_000, min(12_000 * units, max(800_000, 150_000_000 / max(1, units))))
      return Budget(
        rounds: min(400, max(50, iterations / 2)), quickNodes: 20_000, passNodes: pass,
        totalNodes: 3 * pass, columnsPerPass: 40, masterColumns: 2_000)
    }
  }

  /// What the bound found.
  struct Outcome: Sendable {
    /// A valid upper bound on the value of every solution placing at least `people`.
    var bound: Double
    /// Whether the LP relaxation was solved, to within ``Budget/slack`` of its optimum (no
    /// group prices out).
    var complete: Bool
    var rounds: Int
    var columns: Int
    var nodes: Int
  }

  let problem: PartitionProblem
  var budget: Budget
  var deadline: ContinuousClock.Instant?
  var stopToken: StopToken?

  init(
    problem: PartitionProblem, budget: Budget? = nil, deadline: ContinuousClock.Instant? = nil,
    stopToken: StopToken? = nil
  ) {
    self.problem = problem
    self.budget = budget ?? .standard(units: problem.count)
    self.deadline = deadline
    self.stopToken = stopToken
  }

  /// The bound for solutions that place at least `solution.people`, starting from the
  /// solution's groups (and any `extra` valid groups); `nil` when the problem has a fixed
  /// number of groups or the master cannot be solved.
  func compute(solution: PartitionSolution, extra: [[Int]] = []) -> Outcome? {
    guard !problem.isFixed, problem.count > 0 else { return nil }
    let people = solution.people
    var columns: [[Int]] = []
    var values: [Double] = []
    var known = Set<[Int]>()
    func add(_ group: [Int]) {
      let sorted = group.sorted()
      guard !sorted.isEmpty, known.insert(sorted).inserted else { return }
      columns.append(sorted)
      values.append(problem.evaluate(sorted).value)
    }
    for g in solution.groups { add(g) }
    for g in extra where problem.isValidGroup(g) { add(g) }

    let pricer = GroupPricer(problem: problem)
    let clock = ContinuousClock()
    var best = Double.infinity
    var complete = false
    var settled = false
    // The master's last basis and how many columns it had.
    var basis: (basis: SimplexBasis, columns: Int)? = nil
    var rounds = 0
    var nodes = 0
    var center: (units: [Double], people: Double)? = nil
    let smoothing = 0.5
    // Without a single column (nobody placed), the LP is empty: every dual is 0.
    func lagrangian(_ duals: (units: [Double], people: Double), _ pass: GroupPricer.Pass) -> Double
    {
      duals.units.reduce(0, +) + duals.people * Double(people)
        + Double(problem.people) * pass.perPerson
    }
    // The nodes the rounds may spend; the rest is held back for a last full pass.
    let loopNodes = budget.totalNodes - budget.passNodes
    /// A full exact pass at `duals`: adds its groups, and keeps its bound if it is the best.
    func fullPass(
      _ duals: (units: [Double], people: Double), slack: Double, last: Bool = false
    ) -> (exhaustive: Bool, useful: Bool) {
      let limit = last ? budget.totalNodes : loopNodes
      let pass = pricer.price(
        unitDuals: duals.units, peopleDual: duals.people,
        nodeBudget: max(1, min(budget.passNodes, limit - nodes)),
        maxColumns: budget.columnsPerPass, exclude: known, slack: slack, deadline: deadline)
      nodes += pass.nodes
      let value = lagrangian(duals, pass)
      if value < best {
        best = value
        center = duals
      }
      for c in pass.columns { add(c) }
      return (pass.exhaustive, !pass.columns.isEmpty)
    }
    /// The master over the columns so far, from the last basis when there is one.
    func currentMaster()
      -> (units: [Double], people: Double, objective: Double, basis: SimplexBasis?)?
    {
      Self.solveMaster(
        columns: columns, values: values, problem: problem, people: people,
        basis: basis.map { $0.basis.addingColumns(columns.count - $0.columns) })
    }
    /// The reduced cost per person below which pricing does not look, for an LP of `value`.
    func slackFor(_ value: Double) -> Double {
      budget.slack * max(0, value) / Double(max(1, problem.people))
    }
    while rounds < budget.rounds && nodes < loopNodes {
      if let deadline, clock.now >= deadline { break }
      if stopToken?.isStopped == true { break }
      rounds += 1
      guard let lp = currentMaster() else { return nil }
      basis = lp.basis.map { ($0, columns.count) }
      let master = (units: lp.units, people: lp.people)
      if columns.count > budget.masterColumns {
        // Keep the master small enough to re-solve quickly: drop the groups that price
        // lowest now (they may come back), never the plan's own.
        let costs = columns.map { Self.reducedCost($0, problem: problem, duals: master) }
        let keep = columns.indices.sorted {
          costs[$0] > costs[$1] || (costs[$0] == costs[$1] && $0 < $1)
        }
        .prefix(budget.masterColumns / 2)
        let kept = Set(keep).union(0..<solution.groups.count).sorted()
        columns = kept.map { columns[$0] }
        values = kept.map { values[$0] }
        known = Set(columns)
        basis = nil
        continue
      }
      let slack = slackFor(lp.objective)
      // Disjoint groups first, at a point between the duals of the best bound so far (the
      // centre) and the master's (Wentges smoothing, which damps the duals' swings), then at
      // the master's own; only when neither finds a group the master can use does a full
      // exact pass look for the best group, which also gives a bound.
      var useful = false
      for alpha in center == nil ? [0.0] : [smoothing, 0] {
        let duals = Self.mix(center, master, alpha)
        let quick = pricer.priceDisjoint(
          unitDuals: duals.units, peopleDual: duals.people,
          nodeBudget: min(budget.quickNodes, max(1, loopNodes - nodes)),
          maxColumns: budget.columnsPerPass, exclude: known, slack: slack)
        nodes += quick.nodes
        for c in quick.columns { add(c) }
        useful = quick.columns.contains {
          Self.reducedCost($0, problem: problem, duals: master) > GroupPricer.tolerance
        }
        if useful { break }
      }
      if useful { continue }
      let pass = fullPass(master, slack: slack)
      if !pass.useful || !pass.exhaustive {
        // Nothing left to find at these duals; or the pass ran out of nodes, and the next,
        // at duals as close to optimal, would too: its bound is as good as this budget gets.
        complete = pass.exhaustive && !pass.useful
        settled = true
        break
      }
    }
    // A bound needs one full pass at the last duals; it runs on the budget held back for it.
    let late = deadline.map { clock.now >= $0 } ?? false
    if !settled, !late, stopToken?.isStopped != true, let lp = currentMaster() {
      let pass = fullPass((lp.units, lp.people), slack: slackFor(lp.objective), last: true)
      if pass.exhaustive && !pass.useful { complete = true }
    }
    // On a large component whose exact passes stop early, the bound at duals of 0 can be the
    // tighter one.
    let floor = Self.bestGroupBound(pricer)
    nodes += floor.nodes
    best = min(best, floor.bound)
    guard best.isFinite else { return nil }
    // The LP holds the plan itself, so its bound is never below the plan's value; rounding in
    // GLPK's duals is the only way it could read lower.
    return Outcome(
      bound: max(best, solution.value), complete: complete, rounds: rounds,
      columns: columns.count, nodes: nodes)
  }

  /// The bound with no LP, for a component reached when no time is left for one.
  ///
  /// Everyone is placed in groups as good per person as the best group of any size could be,
  /// by each size's root bound in pricing (duals of 0). It costs one pricing node per size,
  /// and it is loose (a third or more above the plan on large components).
  func bestGroupBound(solution: PartitionSolution) -> Outcome? {
    guard !problem.isFixed, problem.count > 0 else { return nil }
    let floor = Self.bestGroupBound(GroupPricer(problem: problem))
    guard floor.bound.isFinite else { return nil }
    return Outcome(
      bound: max(floor.bound, solution.value), complete: false, rounds: 0, columns: 0,
      nodes: floor.nodes)
  }

  /// `people · max_k(root_k / k)` at duals of 0, and the nodes it took.
  private static func bestGroupBound(_ pricer: GroupPricer) -> (bound: Double, nodes: Int) {
    let problem = pricer.problem
    // Both searches' roots bound every group; either can be the tighter.
    let zero = [Double](repeating: 0, count: problem.count)
    let plain = pricer.price(
      unitDuals: zero, peopleDual: 0, nodeBudget: 1, maxColumns: 1, exclude: [], inOrder: false)
    let ordered = pricer.price(
      unitDuals: zero, peopleDual: 0, nodeBudget: 1, maxColumns: 1, exclude: [], inOrder: true)
    return (
      Double(problem.people) * min(plain.perPerson, ordered.perPerson), plain.nodes + ordered.nodes
    )
  }

  /// `α·centre + (1 − α)·duals`.
  private static func mix(
    _ center: (units: [Double], people: Double)?, _ duals: (units: [Double], people: Double),
    _ alpha: Double
  ) -> (units: [Double], people: Double) {
    guard let center, alpha > 0 else { return duals }
    return (
      zip(center.units, duals.units).map { alpha * $0 + (1 - alpha) * $1 },
      alpha * center.people + (1 - alpha) * duals.people
    )
  }

  /// A group's reduced cost under the given duals.
  private static func reducedCost(
    _ group: [Int], problem: PartitionProblem, duals: (units: [Double], people: Double)
  ) -> Double {
    let e = problem.evaluate(group)
    return e.value - group.reduce(0) { $0 + duals.units[$1] } - duals.people * Double(e.people)
  }

  /// The master LP over the given columns: its duals, one per unit (0 for a unit no column
  /// holds), and the people row's; its value; and its final basis, to start the next solve
  /// from when columns are only added.
  ///
  /// Every unit has its row, even before a column holds it, so that rows stay the same from
  /// one round to the next and a basis carries over.
  private static func solveMaster(
    columns: [[Int]], values: [Double], problem: PartitionProblem, people: Int,
    basis: SimplexBasis? = nil
  ) -> (units: [Double], people: Double, objective: Double, basis: SimplexBasis?)? {
    guard !columns.isEmpty else {
      return ([Double](repeating: 0, count: problem.count), 0, 0, nil)
    }
    var model = Model(name: "bound")
    let x = model.addVariables(columns.count)
    var byUnit = [[Int]](repeating: [], count: problem.count)
    for (k, g) in columns.enumerated() { for u in g { byUnit[u].append(k) } }
    let rows = (0..<problem.count).map { u in
      model.addConstraint(LinearExpression(terms: byUnit[u].map { (x[$0], 1.0) }) <= 1.0)
    }
    let peopleRow = model.addConstraint(
      LinearExpression(
        terms: columns.indices.map { k in
          (x[k], Double(columns[k].reduce(0) { $0 + problem.sizes[$1] }))
        }) >= Double(people))
    model.maximize(LinearExpression(terms: columns.indices.map { (x[$0], values[$0]) }))
    var options = SolveOptions()
    options.basis = basis
    guard let solved = try? model.solve(options), solved.status == .optimal else {
      return nil
    }
    let duals = rows.map { max(0, solved.dual(of: $0)) }
    return (
      duals, min(0, solved.dual(of: peopleRow)), solved.objective ?? 0, solved.basis
    )
  }
}

/// Pricing for ``PartitionBound``: the valid group of highest reduced cost, by branch and
/// bound over units, one group size (in people) at a time.
///
/// For a group of `k` people the reduced cost is a constant, a weight per unit and a weight
/// per pair: `−λ|k − t| + Σ_u (internal_u/(k−1) − y_u − y_P·s_u) + Σ_{a<b} (d_ab/(k−1) −
/// h·met_ab)`. A node's bound adds, for each candidate, its own weight, its pairs with the
/// members chosen so far, and half the sum of its largest pairs that could still join; the best
/// of these that fit are summed. Every rule is checked as a unit joins, so only valid groups
/// are priced.
struct GroupPricer {
  let problem: PartitionProblem
  /// The group sizes (in people) priced, smallest first.
  let sizes: [Int]
  /// For each unit, the running sums of its largest cross weights to compatible units.
  let topSums: [[Double]]
  /// For each unit, the compatible units of positive cross weight, heaviest first (ties by
  /// index), at most ``neighbourLimit`` of them: a node's largest pairs are the first of these
  /// that are still candidates, found without looking at the others.
  let neighbours: [[Int32]]
  /// The most neighbours kept per unit (512 by default, a few MB on the largest components);
  /// past them, a unit's remaining pairs weigh at most its last one's.
  let neighbourLimit: Int
  let historyPenalty: Double
  let sizePenalty: Double
  let target: Int
  /// The units by years of experience (ties by index), or `nil`.
  ///
  /// Set where every unit is one person and `d_ij` has a ``PairStructure``: a full pass then
  /// searches in this order and bounds a node by
  /// ``Run/exploreInOrder(_:value:people:mask:)``'s sequence bound.
  let yearsOrder: [Int]?
  /// The categorical term the sequence bound follows code by code (the heaviest), its
  /// weight, and each unit's code as a bit number: the ``sequenceCodeLimit`` most common codes
  /// get one, the rest `−1` (counted as differing from everyone, which only loosens the bound).
  let sequenceTerm: Int
  let sequenceWeight: Double
  let sequenceCodes: [Int]
  /// Per number of newcomers `j`, the sets of codes they can have taken: at most `j` of the
  /// categorical term's bits and at most `j` of the exclusive values' bits.
  let sequenceMasks: [[Int]]
  /// Each unit's exclusive value as a bit above the term's, or 0 for none.
  ///
  /// Only the values that crowd the component have a bit (each held by more people than half
  /// the groups it can fill), at most ``exclusiveLimit`` of them. Two newcomers of one such
  /// value are never both taken.
  let exclusiveBits: [Int]
  /// The number of code sets: `2^(term bits + exclusive bits)`.
  let sequenceStates: Int
  /// The slot bits any unit has, one per entry.
  let slots: [UInt64]

  init(problem: PartitionProblem, neighbourLimit: Int = 512) {
    self.problem = problem
    self.neighbourLimit = max(1, neighbourLimit)
    let n = problem.count
    sizes = (problem.minSize...max(problem.minSize, problem.maxSize)).filter { $0 >= 2 }
    var topSums = [[Double]](repeating: [0], count: n)
    var neighbours = [[Int32]](repeating: [], count: n)
    let depth = max(1, problem.maxSize)
    for a in 0..<n {
      var heaviest: [Int32] = []
      for b in 0..<n where b != a && problem.compatible(a, b) && problem.crossDiversity(a, b) > 0 {
        heaviest.append(Int32(b))
      }
      heaviest.sort {
        let x = problem.crossDiversity(a, Int($0))
        let y = problem.crossDiversity(a, Int($1))
        return x > y || (x == y && $0 < $1)
      }
      var sums = [0.0]
      for b in heaviest.prefix(depth) {
        sums.append((sums.last ?? 0) + problem.crossDiversity(a, Int(b)))
      }
      topSums[a] = sums
      neighbours[a] = Array(heaviest.prefix(self.neighbourLimit))
    }
    self.topSums = topSums
    self.neighbours = neighbours
    if let structure = problem.structure, problem.sizes.allSatisfy({ $0 == 1 }) {
      yearsOrder = (0..<n).sorted {
        let x = structure.years[$0].low
        let y = structure.years[$1].low
        return x < y || (x == y && $0 < $1)
      }
    } else {
      yearsOrder = nil
    }
    var term = -1
    var weight = 0.0
    var bits = 0
    var unitCodes = [Int](repeating: -1, count: n)
    if yearsOrder != nil, let structure = problem.structure {
      for (t, c) in structure.categorical.enumerated() where c.weight > weight {
        term = t
        weight = c.weight
      }
      if term >= 0 {
        let categorical = structure.categorical[term]
        var frequency = [Int](repeating: 0, count: max(1, categorical.values))
        for u in 0..<n { for code in categorical.codes[u] { frequency[Int(code)] += 1 } }
        let common = frequency.indices.filter { frequency[$0] > 0 }
          .sorted { frequency[$0] > frequency[$1] || (frequency[$0] == frequency[$1] && $0 < $1) }
          .prefix(Self.sequenceCodeLimit)
        var bit = [Int](repeating: -1, count: frequency.count)
        for (b, code) in common.enumerated() { bit[code] = b }
        bits = common.count
        for u in 0..<n { unitCodes[u] = categorical.codes[u].first.map { bit[Int($0)] } ?? -1 }
      }
    }
    sequenceTerm = term
    sequenceWeight = weight
    sequenceCodes = unitCodes
    let anySlot = problem.masks.reduce(0) { $0 | $1 } & SharedMask.slotBits
    slots = (0..<21).map { UInt64(1) << UInt64($0) }.filter { anySlot & $0 != 0 }
    // Values of the exclusive attribute held by so many that a bound ignoring them would
    // stack them in one group: more people than half the groups of the target size.
    var exclusive = [Int](repeating: 0, count: n)
    var exclusiveCount = 0
    if yearsOrder != nil, let structure = problem.structure, structure.exclusive.count == n {
      var frequency: [Int32: Int] = [:]
      for code in structure.exclusive where code >= 0 { frequency[code, default: 0] += 1 }
      let crowd = max(2, n / max(1, 2 * problem.target))
      let crowded = frequency.filter { $0.value > crowd }
        .sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        .prefix(Self.exclusiveLimit)
      for (k, entry) in crowded.enumerated() {
        for u in 0..<n where structure.exclusive[u] == entry.key { exclusive[u] = 1 << (bits + k) }
      }
      exclusiveCount = crowded.count
    }
    exclusiveBits = exclusive
    sequenceStates = 1 << (bits + exclusiveCount)
    let termMask = (1 << bits) - 1
    let all = (0..<(1 << (bits + exclusiveCount)))
    sequenceMasks = (0...problem.maxSize).map { j in
      all.filter { ($0 & termMask).nonzeroBitCount <= j && ($0 >> bits).nonzeroBitCount <= j }
    }
    if case .objective(let objective) = problem.scoring {
      historyPenalty = objective.historyPenalty
      sizePenalty = objective.sizePenalty
      target = objective.target
    } else {
      historyPenalty = 0
      sizePenalty = 0
      target = problem.target
    }
  }

  /// The most codes the sequence bound follows one by one (its work grows as `2^limit`).
  static let sequenceCodeLimit = 8
  /// The most exclusive values it follows.
  static let exclusiveLimit = 3
  /// Nodes between two looks at the clock in a pass with a deadline.
  static let deadlineStride = 4_096
  /// Cells of a sequence bound's table that count as one node of work: a node of the plain
  /// search costs about as much as this many cells, so a budget of nodes buys about the same
  /// time either way.
  static let cellsPerNode = 2_048

  /// What one pricing pass found.
  struct Pass {
    /// Groups of positive reduced cost not already in the master.
    var columns: [[Int]]
    /// A valid upper bound on the highest reduced cost of any valid group (at least 0).
    var bestBound: Double
    /// The largest of `bound_k / k` over the group sizes `k`, where `bound_k` bounds the
    /// reduced cost of every group of `k` people (at least 0): what any packing's groups can
    /// add per person placed.
    var perPerson: Double
    /// Whether the pass searched everything (so `bestBound` is the exact best, or 0).
    var exhaustive: Bool
    var nodes: Int
  }

  /// The tolerance below which a reduced cost counts as zero.
  static let tolerance = 1e-7

  /// One exact pricing pass over every group size, keeping the best `maxColumns` groups it
  /// meets.
  ///
  /// `slack` is a reduced cost per person below which groups are not looked for: a pass then
  /// proves only that no group of `k` people prices above `k · slack`, which costs far fewer
  /// nodes than proving it of 0 and loosens the bound by at most `slack` per person.
  func price(
    unitDuals: [Double], peopleDual: Double, nodeBudget: Int, maxColumns: Int,
    exclude: Set<[Int]>, slack: Double = 0, inOrder: Bool = true,
    deadline: ContinuousClock.Instant? = nil
  ) -> Pass {
    var run = Run(
      problem: problem, pricer: self, nodeBudget: nodeBudget, maxColumns: maxColumns,
      exclude: exclude)
    run.inOrder = inOrder && yearsOrder != nil
    run.deadline = deadline
    // Each size gets its share, and what one leaves passes on to the next; a size cut short
    // is searched again from scratch on what the others left, since sizes differ in cost.
    var bounds = [Double](repeating: 0, count: sizes.count)
    var cut: [Int] = []
    var frontier = -Double.infinity
    for attempt in 0..<2 {
      let todo = attempt == 0 ? Array(sizes.indices) : cut
      cut = []
      for (n, index) in todo.enumerated() {
        guard run.nodes < nodeBudget || attempt == 0 else {
          cut.append(contentsOf: todo[n...])
          break
        }
        let k = sizes[index]
        run.sizeLimit = run.nodes + (nodeBudget - run.nodes) / (todo.count - n)
        run.prepare(size: k, unitDuals: unitDuals, peopleDual: peopleDual)
        run.floor = slack * Double(k)
        run.truncated = false
        run.searchRoot()
        bounds[index] = max(0, run.floor, run.sizeBest, run.sizeFrontier)
        if run.truncated { cut.append(index) }
      }
      if cut.isEmpty { break }
    }
    for index in cut { frontier = max(frontier, bounds[index]) }
    var perPerson = 0.0
    for (index, k) in sizes.enumerated() { perPerson = max(perPerson, bounds[index] / Double(k)) }
    return Pass(
      columns: run.found.map(\.group),
      bestBound: max(0, run.best, cut.isEmpty ? 0 : frontier), perPerson: perPerson,
      exhaustive: cut.isEmpty, nodes: run.nodes)
  }

  /// Disjoint groups of positive reduced cost, found greedily: the first group each size's
  /// search meets (it descends along the most promising candidates), the best of those, then
  /// again without its members.
  ///
  /// Groups that share no one can enter the master's solution together; the best groups of
  /// one exact pass mostly share their best members, and a master given only those barely
  /// moves. The pass bounds nothing, since it leaves people out.
  func priceDisjoint(
    unitDuals: [Double], peopleDual: Double, nodeBudget: Int, maxColumns: Int,
    exclude: Set<[Int]>, slack: Double
  ) -> (columns: [[Int]], nodes: Int) {
    guard !sizes.isEmpty else { return ([], 0) }
    let share = max(1, nodeBudget / max(1, maxColumns * sizes.count))
    var banned = [Bool](repeating: false, count: problem.count)
    var columns: [[Int]] = []
    var nodes = 0
    while columns.count < maxColumns && nodes < nodeBudget {
      var best: (group: [Int], cost: Double)? = nil
      for k in sizes {
        var run = Run(
          problem: problem, pricer: self, nodeBudget: share, maxColumns: 1, exclude: exclude)
        run.stopWhenFull = true
        run.banned = banned
        run.sizeLimit = share
        run.prepare(size: k, unitDuals: unitDuals, peopleDual: peopleDual)
        run.floor = slack * Double(k)
        run.searchRoot()
        nodes += run.nodes
        if let found = run.found.first, found.cost > (best?.cost ?? 0) { best = found }
      }
      guard let best else { break }
      columns.append(best.group)
      for u in best.group { banned[u] = true }
    }
    return (columns, nodes)
  }

  /// The state of one pricing pass.
  struct Run {
    let problem: PartitionProblem
    let pricer: GroupPricer
    let nodeBudget: Int
    let maxColumns: Int
    let exclude: Set<[Int]>
    var nodes = 0
    /// Whether to stop once `maxColumns` groups are held.
    var stopWhenFull = false
    /// Where the current size's share of the budget ends.
    var sizeLimit = 0
    /// The best reduced cost found, over all sizes.
    var best = 0.0
    /// Whether the current size's budget ran out with subtrees left unexplored.
    var truncated = false
    var found: [(group: [Int], cost: Double)] = []
    var foundSet = Set<[Int]>()

    // Per size:
    var size = 0
    var scale = 1.0
    var constant = 0.0
    var unitWeight: [Double] = []
    var chosen: [Int] = []
    var tally: [[Int32]]

    init(
      problem: PartitionProblem, pricer: GroupPricer, nodeBudget: Int, maxColumns: Int,
      exclude: Set<[Int]>
    ) {
      self.problem = problem
      self.pricer = pricer
      self.nodeBudget = nodeBudget
      self.maxColumns = maxColumns
      self.exclude = exclude
      tally = problem.valueCounts.map { [Int32](repeating: 0, count: max(1, $0)) }
    }

    mutating func prepare(size k: Int, unitDuals: [Double], peopleDual: Double) {
      size = k
      sizeBest = 0
      sizeFrontier = 0
      scale = 1 / Double(k - 1)
      constant = -pricer.sizePenalty * Double(abs(k - pricer.target))
      unitWeight = (0..<problem.count).map { u in
        problem.internalDiversity[u] * scale - unitDuals[u] - peopleDual * Double(problem.sizes[u])
      }
    }

    @inline(__always)
    func pairWeight(_ a: Int, _ b: Int) -> Double {
      var w = problem.crossDiversity(a, b) * scale
      if let met = problem.metBefore { w -= pricer.historyPenalty * met[a * problem.count + b] }
      return w
    }

    /// The best reduced cost and the highest unexplored bound of the current size.
    var sizeBest = 0.0
    var sizeFrontier = 0.0

    /// The threshold a subtree's bound must beat to be searched: only groups that could beat
    /// half the best of their size are looked for, so the size's best stays exact.
    var threshold: Double { max(GroupPricer.tolerance, floor, 0.5 * sizeBest) }
    /// The reduced cost below which groups of this size are not looked for.
    var floor = 0.0

    /// Units this run leaves out (only a disjoint pass leaves any out).
    var banned: [Bool] = []

    /// Whether to search in ``GroupPricer/yearsOrder`` with the sequence bound.
    var inOrder = false
    /// When the pass must end.
    ///
    /// Past it, every size's search stops as if out of nodes (its unexplored subtrees still
    /// bound it). Checked every ``deadlineStride`` nodes.
    var deadline: ContinuousClock.Instant? = nil
    var nextCheck = GroupPricer.deadlineStride

    /// Ends the budget of every size when the deadline has passed.
    mutating func checkDeadline() {
      guard let deadline, nodes >= nextCheck else { return }
      nextCheck = nodes + GroupPricer.deadlineStride
      if ContinuousClock.now >= deadline {
        self.deadline = nil
        nodeBudgetEnded = true
      }
    }
    /// Counts a node, and settles it when no more than two people are left to choose.
    ///
    /// The group is then complete, or ``completeTwo(_:value:mask:)`` searches the last two
    /// exactly. Returns whether it settled the node.
    mutating func settle(_ candidates: [Candidate], value: Double, people: Int, mask: UInt64)
      -> Bool
    {
      nodes += 1
      checkDeadline()
      switch size - people {
      case 0:
        record(value)
        return true
      case 2:
        completeTwo(candidates, value: value, mask: mask)
        return true
      default:
        return false
      }
    }

    /// Whether the deadline ended the budget.
    var nodeBudgetEnded = false
    /// Whether the current size is out of nodes (or time).
    var outOfNodes: Bool { nodes >= sizeLimit || nodeBudgetEnded }

    mutating func searchRoot() {
      if inOrder, let order = pricer.yearsOrder {
        let candidates = order.compactMap { u in
          banned.isEmpty || !banned[u] ? Candidate(unit: u, joined: 0) : nil
        }
        guard problem.needSlots > 0, pricer.slots.count > 1 else {
          exploreInOrder(candidates, value: constant, people: 0, mask: SharedMask.everything)
          return
        }
        // Every valid group shares a slot: searched slot by slot, each over the people free
        // then, the sequence bound sees only people who could meet together. A group sharing
        // several slots is met once per slot.
        for slot in pricer.slots {
          let free = candidates.filter { problem.masks[$0.unit] & slot != 0 }
          // Past the budget, each slot's root still records its bound as unexplored.
          exploreInOrder(free, value: constant, people: 0, mask: SharedMask.everything)
        }
        return
      }
      let candidates = (0..<problem.count).compactMap { u in
        problem.sizes[u] <= size && (banned.isEmpty || !banned[u])
          ? Candidate(unit: u, joined: 0) : nil
      }
      explore(candidates, value: constant, people: 0, mask: SharedMask.everything)
    }

    struct Candidate {
      var unit: Int
      /// The weight of its pairs with the members chosen so far.
      var joined: Double
    }

    /// Searches every group that extends `chosen` with candidates, each group once: a branch
    /// takes candidate `i` and leaves the ones before it out.
    ///
    /// Candidates are ordered by promise, so that good groups are met early and raise the
    /// threshold. A branch's bound is over the candidates from `i` on, so it never grows along
    /// the order and the first branch below the threshold ends the node.
    mutating func explore(_ candidates: [Candidate], value: Double, people: Int, mask: UInt64) {
      if settle(candidates, value: value, people: people, mask: mask) { return }
      let remaining = size - people
      // Each candidate's most optimistic gain: half of its largest pairs with the other
      // candidates bounds what the pairs among those still to join add (each pair is counted
      // from both ends). Over more than 64 candidates the component-wide sums stand in, which
      // are looser but cheaper.
      var scored: [(candidate: Candidate, gain: Double)] = []
      scored.reserveCapacity(candidates.count)
      var largestUnit = 1
      let local = candidates.count <= 64
      if local { markCandidates(candidates) }
      for c in candidates {
        let s = problem.sizes[c.unit]
        guard s <= remaining else { continue }
        largestUnit = max(largestUnit, s)
        let more = remaining - s
        var pairs = 0.0
        if more > 0 {
          if local {
            pairs = largestPairs(of: c.unit, count: more, room: more)
          } else {
            let sums = pricer.topSums[c.unit]
            pairs = sums[min(more, sums.count - 1)]
          }
        }
        scored.append((c, unitWeight[c.unit] + c.joined + 0.5 * scale * pairs))
      }
      scored.sort {
        $0.gain > $1.gain || ($0.gain == $1.gain && $0.candidate.unit < $1.candidate.unit)
      }
      // At least this many more units are needed, and at most `remaining`.
      let fewest = (remaining + largestUnit - 1) / largestUnit
      let bounds = suffixBounds(scored, value: value, remaining: remaining, fewest: fewest)
      for i in scored.indices {
        let b = bounds[i]
        if b <= threshold { return }
        if outOfNodes || (stopWhenFull && found.count >= maxColumns) {
          truncated = true
          sizeFrontier = max(sizeFrontier, b)
          return
        }
        let u = scored[i].candidate.unit
        let joinedMask = mask & problem.masks[u]
        guard SharedMask.satisfies(joinedMask, slots: problem.needSlots), fits(u) else { continue }
        let s = problem.sizes[u]
        var next: [Candidate] = []
        // A unit that completes the group leaves nobody to look at.
        if i + 1 < scored.count && s < remaining {
          next.reserveCapacity(scored.count - i - 1)
          for j in (i + 1)..<scored.count {
            let v = scored[j].candidate
            guard problem.sizes[v.unit] <= remaining - s, problem.compatible(u, v.unit) else {
              continue
            }
            next.append(Candidate(unit: v.unit, joined: v.joined + pairWeight(u, v.unit)))
          }
        }
        chosen.append(u)
        count(u, 1)
        explore(
          next, value: value + unitWeight[u] + scored[i].candidate.joined, people: people + s,
          mask: joinedMask)
        count(u, -1)
        chosen.removeLast()
      }
    }

    /// Searches like ``explore(_:value:people:mask:)``, over people in order of years, with a
    /// bound that keeps the years term exact up to its cap and the main categorical term
    /// nearly so.
    ///
    /// Taken in order of years, the `r` newcomers' years add `Σ_j (2j − r + 1)·y_j` over their
    /// pairs (uncapped, so never less than the real term): a weight for each newcomer that
    /// depends only on its place `j` among them. The `j`-th newcomer differs in the main
    /// categorical term (``GroupPricer/sequenceTerm``) from at most `j` earlier ones, one fewer
    /// if its code is among theirs. The best sequence from the candidates, with each one's own
    /// weight and pairs with the members chosen, is then a dynamic programme over candidates,
    /// places and the set of codes taken (``Table/fill(_:remaining:run:structure:)``); any other
    /// categorical term adds at most ``PairStructure/categoricalBound(people:distinct:)``. On
    /// large components, where people of one sector and similar years abound, this prunes far
    /// more than half of each candidate's largest pairs.
    mutating func exploreInOrder(
      _ candidates: [Candidate], value: Double, people: Int, mask: UInt64
    ) {
      if settle(candidates, value: value, people: people, mask: mask) { return }
      let remaining = size - people
      let n = candidates.count
      guard n >= remaining, let structure = problem.structure else { return }
      let depth = chosen.count
      while tables.count <= depth { tables.append(Table()) }
      var table = tables[depth]
      tables[depth] = Table()  // Keeps the storage unique while it is filled.
      table.fill(candidates, remaining: remaining, run: &self, structure: structure)
      tables[depth] = table
      for i in 0..<n {
        // Every group from here on takes its newcomers from candidates `i…`.
        let suffix = value + tables[depth].suffix[i]
        if suffix <= threshold { return }
        if outOfNodes || (stopWhenFull && found.count >= maxColumns) {
          truncated = true
          sizeFrontier = max(sizeFrontier, suffix)
          return
        }
        guard value + tables[depth].branch[i] > threshold else { continue }
        let c = candidates[i]
        let u = c.unit
        let joinedMask = mask & problem.masks[u]
        guard SharedMask.satisfies(joinedMask, slots: problem.needSlots), fits(u) else { continue }
        chosen.append(u)
        count(u, 1)
        var next: [Candidate] = []
        next.reserveCapacity(n - i - 1)
        for j in (i + 1)..<n {
          let v = candidates[j].unit
          guard problem.compatible(u, v),
            SharedMask.satisfies(joinedMask & problem.masks[v], slots: problem.needSlots),
            fits(v)
          else { continue }
          next.append(Candidate(unit: v, joined: candidates[j].joined + pairWeight(u, v)))
        }
        exploreInOrder(
          next, value: value + unitWeight[u] + c.joined, people: people + 1, mask: joinedMask)
        count(u, -1)
        chosen.removeLast()
      }
    }

    /// One node's sequence bounds, for ``exploreInOrder(_:value:people:mask:)``.
    struct Table {
      /// `suffix[i]`: the most any `r` newcomers from candidates `i…` add.
      var suffix: [Double] = []
      /// `branch[i]`: the most `r` newcomers add when candidate `i` is the first of them.
      var branch: [Double] = []

      /// Fills the bounds for `r` newcomers from `candidates` (in order of years).
      ///
      /// `F(i, j, S)`, the most places `j…r−1` add from candidates `i…` when the earlier
      /// newcomers took the codes `S`, is computed from `i = n` down, one row per candidate.
      mutating func fill(
        _ candidates: [Candidate], remaining r: Int, run: inout Run, structure: PairStructure
      ) {
        let n = candidates.count
        let pricer = run.pricer
        let states = pricer.sequenceStates
        let width = (r + 1) * states
        suffix.removeAll(keepingCapacity: true)
        suffix.append(contentsOf: repeatElement(-Double.infinity, count: n))
        branch.removeAll(keepingCapacity: true)
        branch.append(contentsOf: repeatElement(-Double.infinity, count: n))
        if run.below.count < width {
          run.below = [Double](repeating: 0, count: width)
          run.above = [Double](repeating: 0, count: width)
        }
        // The rows are taken out of the run while they are filled, so that writing them never
        // checks whether they are shared.
        var below = run.below
        var above = run.above
        run.below = []
        run.above = []
        defer {
          run.below = below
          run.above = above
        }
        // Past the last candidate only the finished state (place `r`) is worth anything; that
        // row is never written, so it stays 0 in both rows.
        for x in 0..<width { below[x] = x >= r * states ? 0 : -.infinity }
        for x in (r * states)..<width { above[x] = 0 }
        let yearsWeight = max(0, structure.yearsWeight) * run.scale / DiversityMeasure.yearsCap
        let termWeight = pricer.sequenceWeight * run.scale
        // The other categorical terms, over the codes left in the suffix.
        run.suffixCodes.start(structure)
        // Beside the sequence, the largest own weights and the pair structure's bound, which
        // caps the years term: the smaller of the two bounds counts. Where years span more
        // than the cap, the uncapped sequence can be the looser one.
        if run.topOwn.count < r {
          run.topOwn = [Double](repeating: 0, count: r)
        }
        for m in 0..<r { run.topOwn[m] = -.infinity }
        var others = 0.0
        var pairs = 0.0
        for i in stride(from: n - 1, through: 0, by: -1) {
          let u = candidates[i].unit
          let y = structure.years[u].low
          if run.suffixCodes.add(u, structure) {
            let codes = run.suffixCodes
            others =
              run.scale
              * structure.categoricalBound(
                people: r, distinct: codes.distinct, skipping: pricer.sequenceTerm)
            pairs =
              run.scale
              * structure.pairBound(people: r, distinct: codes.distinct, spread: codes.spread)
          }
          let own = run.unitWeight[u] + candidates[i].joined
          let code = pricer.sequenceCodes[u]
          let bit = code >= 0 ? 1 << code : 0
          let exclusive = pricer.exclusiveBits[u]
          let both = bit | exclusive
          // Candidate `i` first: place 0, no codes before it.
          var rest = 0.0
          for m in 0..<(r - 1) { rest += run.topOwn[m] }
          branch[i] = min(
            own + yearsWeight * Double(1 - r) * y + below[states + both] + others,
            own + rest + pairs)
          GroupPricer.Run.insert(own, into: &run.topOwn, count: r)
          let lowest = max(0, r - (n - i))
          below.withUnsafeBufferPointer { below in
            above.withUnsafeMutableBufferPointer { above in
              for j in 0..<r {
                let row = j * states
                // Only the sets `j` newcomers can have taken are ever read.
                pricer.sequenceMasks[min(j, pricer.sequenceMasks.count - 1)]
                  .withUnsafeBufferPointer { sets in
                    guard j >= lowest else {
                      for x in sets { above[row + x] = -.infinity }
                      return
                    }
                    let take =
                      own + yearsWeight * Double(2 * j - r + 1) * y + termWeight * Double(j)
                    let next = row + states
                    for x in sets {
                      // A value already taken rules the candidate out.
                      let gain =
                        x & exclusive != 0
                        ? -Double.infinity
                        : take - (x & bit != 0 ? termWeight : 0) + below[next + (x | both)]
                      above[row + x] = max(below[row + x], gain)
                    }
                  }
              }
            }
          }
          var top = 0.0
          for m in 0..<r { top += run.topOwn[m] }
          suffix[i] = min(above[0] + others, top + pairs)
          swap(&above, &below)
        }
        // The table's work counts against the node budget, so that a pass on a large
        // component, whose tables are long, stays within about the same time.
        var cells = 0
        for j in 0..<r {
          cells += pricer.sequenceMasks[min(j, pricer.sequenceMasks.count - 1)].count
        }
        run.nodes += n * cells / GroupPricer.cellsPerNode
      }
    }

    /// Sequence bounds per depth of the search.
    var tables: [Table] = []
    /// Scratch rows of ``Table/fill(_:remaining:run:structure:)``.
    var below: [Double] = []
    var above: [Double] = []

    /// The last two people of a group, searched exactly in one node: every unit of two, and
    /// every compatible pair of units of one, best own weights first.
    ///
    /// A node per first choice would bound each with the candidates' half pairs and leave
    /// most of them to fail one by one; on components of a hundred people, those were most of
    /// a pass's nodes.
    mutating func completeTwo(_ candidates: [Candidate], value: Double, mask: UInt64) {
      own.removeAll(keepingCapacity: true)
      // The heaviest pair any of them has with anyone.
      var heaviest = 0.0
      for c in candidates {
        let u = c.unit
        let weight = unitWeight[u] + c.joined
        if problem.sizes[u] == 2 {
          let joined = mask & problem.masks[u]
          guard value + weight > threshold, SharedMask.satisfies(joined, slots: problem.needSlots),
            fits(u)
          else { continue }
          chosen.append(u)
          record(value + weight)
          chosen.removeLast()
        } else if problem.sizes[u] == 1 {
          own.append((u, weight))
          let sums = pricer.topSums[u]
          if sums.count > 1 { heaviest = max(heaviest, sums[1]) }
        }
      }
      own.sort { $0.weight > $1.weight || ($0.weight == $1.weight && $0.unit < $1.unit) }
      heaviest *= scale
      for i in own.indices {
        guard i + 1 < own.count else { return }
        // Own weights only fall along the order, so no later first choice can do better.
        if value + own[i].weight + own[i + 1].weight + heaviest <= threshold { return }
        if stopWhenFull && found.count >= maxColumns { return }
        let u = own[i].unit
        let first = mask & problem.masks[u]
        guard SharedMask.satisfies(first, slots: problem.needSlots), fits(u) else { continue }
        let sums = pricer.topSums[u]
        let best = scale * (sums.count > 1 ? sums[1] : 0)
        count(u, 1)
        chosen.append(u)
        for j in (i + 1)..<own.count {
          let start = value + own[i].weight + own[j].weight
          if start + best <= threshold { break }
          let v = own[j].unit
          guard problem.compatible(u, v) else { continue }
          let cost = start + pairWeight(u, v)
          guard cost > threshold,
            SharedMask.satisfies(first & problem.masks[v], slots: problem.needSlots), fits(v)
          else { continue }
          chosen.append(v)
          record(cost)
          chosen.removeLast()
        }
        chosen.removeLast()
        count(u, -1)
      }
    }

    /// Scratch space for ``completeTwo(_:value:mask:)``.
    var own: [(unit: Int, weight: Double)] = []

    /// The sum of the `count` largest cross weights from `u` to compatible candidates that
    /// fit in `room` people beside it (only positive weights count): the first of `u`'s
    /// neighbours, heaviest first, that are marked as candidates of this node.
    func largestPairs(of u: Int, count: Int, room: Int) -> Double {
      let list = pricer.neighbours[u]
      var sum = 0.0
      var taken = 0
      for v in list {
        let b = Int(v)
        guard marks[b] == mark, problem.sizes[b] <= room else { continue }
        sum += problem.crossDiversity(u, b)
        taken += 1
        if taken == count { return sum }
      }
      // A list cut at the limit: the pairs past it weigh at most its last one.
      if list.count == pricer.neighbourLimit, let last = list.last {
        sum += Double(count - taken) * problem.crossDiversity(u, Int(last))
      }
      return sum
    }

    /// Marks this node's candidates with `mark`, for ``largestPairs(of:count:room:)``.
    mutating func markCandidates(_ candidates: [Candidate]) {
      if marks.isEmpty { marks = [Int](repeating: -1, count: problem.count) }
      mark += 1
      for c in candidates { marks[c.unit] = mark }
    }

    var marks: [Int] = []
    var mark = 0

    /// For each position `i` of `scored`, a bound on every group that adds `remaining` people
    /// from the candidates at `i` and after: the larger of the `fewest…remaining` largest
    /// gains, and, with the pair structure, the largest own weights (the unit's weight and its
    /// pairs with the members chosen) plus the most the pairs among the newcomers can add.
    mutating func suffixBounds(
      _ scored: [(candidate: Candidate, gain: Double)], value: Double, remaining: Int,
      fewest: Int
    ) -> [Double] {
      let structure = problem.structure
      var bounds = [Double](repeating: -.infinity, count: scored.count)
      if topGain.count < remaining {
        topGain = [Double](repeating: 0, count: remaining)
        topOwn = [Double](repeating: 0, count: remaining)
      }
      for m in 0..<remaining {
        topGain[m] = -.infinity
        topOwn[m] = -.infinity
      }
      if let structure { suffixCodes.start(structure) }
      // The pair structure's bound changes only when a new code or a wider span of years
      // joins the suffix.
      var pairs = 0.0
      var stale = true
      for i in scored.indices.reversed() {
        let c = scored[i].candidate
        Self.insert(scored[i].gain, into: &topGain, count: remaining)
        if let structure {
          Self.insert(unitWeight[c.unit] + c.joined, into: &topOwn, count: remaining)
          if suffixCodes.add(c.unit, structure) { stale = true }
        }
        let available = scored.count - i
        guard available >= fewest else { continue }
        let most = min(remaining, available)
        bounds[i] = value + Self.bestSum(of: topGain, fewest: fewest, most: most)
        guard let structure else { continue }
        if stale {
          pairs = structure.pairBound(
            people: remaining, distinct: suffixCodes.distinct, spread: suffixCodes.spread)
          stale = false
        }
        bounds[i] = min(
          bounds[i],
          value + Self.bestSum(of: topOwn, fewest: fewest, most: most) + scale * pairs)
      }
      return bounds
    }

    /// The largest sum of the first `m` values of the descending list `top`, over
    /// `fewest…most` values.
    @inline(__always)
    static func bestSum(of top: [Double], fewest: Int, most: Int) -> Double {
      var sum = 0.0
      var best = -Double.infinity
      for m in 1...most {
        sum += top[m - 1]
        if m >= fewest { best = max(best, sum) }
      }
      return best
    }

    /// Inserts `x` into the descending list `top` of `count` values if it is among them.
    @inline(__always)
    static func insert(_ x: Double, into top: inout [Double], count: Int) {
      let last = count - 1
      guard x > top[last] else { return }
      var k = last
      while k > 0 && top[k - 1] < x {
        top[k] = top[k - 1]
        k -= 1
      }
      top[k] = x
    }

    /// Scratch space for ``suffixBounds(_:value:remaining:fewest:structure:)``.
    var topGain: [Double] = []
    var topOwn: [Double] = []
    /// The codes and years of a suffix of candidates, for both node bounds.
    var suffixCodes = SuffixCodes()

    /// The distinct codes of each categorical term and the span of years among candidates
    /// added one by one (a suffix of a node's list), with storage kept from node to node.
    struct SuffixCodes {
      /// Per categorical term, how many of its codes the candidates added have.
      var distinct: [Int] = []
      var stamps: [[Int32]] = []
      var stamp: Int32 = 0
      var yearsLow = Double.infinity
      var yearsHigh = -Double.infinity
      /// The span of the added candidates' years.
      var spread: Double { yearsHigh - yearsLow }

      /// Starts an empty suffix.
      mutating func start(_ structure: PairStructure) {
        if stamps.isEmpty {
          stamps = structure.categorical.map { [Int32](repeating: 0, count: max(1, $0.values)) }
          distinct = [Int](repeating: 0, count: structure.categorical.count)
        }
        // A stamp marks the codes seen in this suffix, so nothing is cleared between nodes
        // until the stamps run out.
        if stamp == Int32.max {
          for t in stamps.indices { for v in stamps[t].indices { stamps[t][v] = 0 } }
          stamp = 0
        }
        stamp += 1
        for t in distinct.indices { distinct[t] = 0 }
        yearsLow = .infinity
        yearsHigh = -.infinity
      }

      /// Adds unit `u`; returns whether it brought a new code or widened the span of years
      /// (only then can a bound over the suffix change).
      mutating func add(_ u: Int, _ structure: PairStructure) -> Bool {
        var fresh = false
        for t in structure.categorical.indices {
          for code in structure.categorical[t].codes[u] where stamps[t][Int(code)] != stamp {
            stamps[t][Int(code)] = stamp
            distinct[t] += 1
            fresh = true
          }
        }
        let years = structure.years[u]
        if years.high > yearsHigh || years.low < yearsLow {
          yearsHigh = max(yearsHigh, years.high)
          yearsLow = min(yearsLow, years.low)
          fresh = true
        }
        return fresh
      }
    }

    mutating func record(_ cost: Double) {
      guard cost > GroupPricer.tolerance else { return }
      best = max(best, cost)
      sizeBest = max(sizeBest, cost)
      let group = chosen.sorted()
      guard !exclude.contains(group), !foundSet.contains(group) else { return }
      // Keep the `maxColumns` best: replace the weakest kept one when full.
      if found.count < maxColumns {
        found.append((group, cost))
        foundSet.insert(group)
        if found.count == maxColumns { findWeakest() }
      } else if cost > weakest.cost {
        foundSet.remove(found[weakest.index].group)
        found[weakest.index] = (group, cost)
        foundSet.insert(group)
        findWeakest()
      }
    }

    /// The position and cost of the weakest kept column.
    var weakest: (index: Int, cost: Double) = (0, .infinity)

    mutating func findWeakest() {
      weakest = (0, .infinity)
      for (k, f) in found.enumerated() where f.cost < weakest.cost { weakest = (k, f.cost) }
    }

    func fits(_ u: Int) -> Bool {
      for a in problem.limits.indices {
        for entry in problem.tallies[a][u]
        where Int(tally[a][Int(entry.value)]) + entry.count > problem.limits[a] {
          return false
        }
      }
      return true
    }

    mutating func count(_ u: Int, _ sign: Int32) {
      for a in problem.limits.indices {
        for entry in problem.tallies[a][u] {
          tally[a][Int(entry.value)] += sign * Int32(entry.count)
        }
      }
    }
  }
}
