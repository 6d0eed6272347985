import Intake
import Testing

@testable import Grouping

/// The column-generation bound against brute force: pricing finds the best reduced cost of
/// every valid group exactly (or a value above it when cut short), and the bound is never below
/// the best packing that places as many people.
@Suite struct BoundTests {
  /// A small random problem with rules: incompatible pairs, slots to share, multi-person
  /// units, history, and a free number of groups of 3–5.
  ///
  /// A `structured` problem draws a sector and years of experience for every person and
  /// derives the pair weights from them, as a batch does, with its ``PairStructure``.
  ///
  /// A `singles` problem is structured with one person per unit, as most batches are, which
  /// pricing searches in order of years with its sequence bound. Its people have one of 11
  /// sectors (more than the bound follows one by one) and one of 3 professions besides.
  static func problem(
    seed: UInt64, units n: Int, structured: Bool = false, singles: Bool = false
  ) -> PartitionProblem {
    var rng = SeededRandom(seed: seed &* 7_919 &+ 3)
    let structured = structured || singles
    let sizes = (0..<n).map { _ in !singles && rng.below(6) == 0 ? 2 : 1 }
    let sectorValues = singles ? 11 : 4
    // Singles mostly share three sectors (so codes repeat in a group), and a few have one of
    // eight rare ones (past the codes the sequence bound follows one by one).
    let sectors = sizes.map { s in
      (0..<s).map { _ in
        Int32(singles && rng.below(4) != 0 ? rng.below(3) : rng.below(sectorValues))
      }
    }
    let years = sizes.map { s in (0..<s).map { _ in Double(rng.below(36)) } }
    let professions = sizes.map { s in (0..<s).map { _ in Int32(rng.below(3)) } }
    let professionWeight = singles ? 0.2 : 0
    func distance(_ a: Int, _ i: Int, _ b: Int, _ j: Int) -> Double {
      (sectors[a][i] == sectors[b][j] ? 0 : 0.5)
        + DiversityMeasure.yearsTerm(years[a][i], years[b][j])
        + (professions[a][i] == professions[b][j] ? 0 : professionWeight)
    }
    // Singles work at one of five organisations, and two of one never share a group (a
    // `separate` limit of 1); the sequence bound follows the crowded ones.
    var organizationRandom = SeededRandom(seed: seed &+ 4_242)
    let organizations = (0..<n).map { _ in singles ? Int32(organizationRandom.below(5)) : -1 }
    var cross = [Double](repeating: 0, count: n * n)
    var met = [Double](repeating: 0, count: n * n)
    let words = (n + 63) / 64
    var bits = [UInt64](repeating: 0, count: n * words)
    for a in 0..<n {
      for b in (a + 1)..<n {
        var w = Double(rng.below(300)) / 100
        if structured {
          w = 0
          for i in 0..<sizes[a] { for j in 0..<sizes[b] { w += distance(a, i, b, j) } }
        }
        cross[a * n + b] = w
        cross[b * n + a] = w
        let m = rng.below(8) == 0 ? 1.0 : 0
        met[a * n + b] = m
        met[b * n + a] = m
        let free = rng.below(5) != 0
        if free && (organizations[a] < 0 || organizations[a] != organizations[b]) {
          bits[a * words + b / 64] |= 1 << UInt64(b % 64)
          bits[b * words + a / 64] |= 1 << UInt64(a % 64)
        }
      }
    }
    // Three weekly slots; a group must share one.
    let masks = (0..<n).map { _ in
      SharedMask.everything & ~SharedMask.slotBits | UInt64(1 + rng.below(7))
    }
    var config = GroupsConfig(size: .init(min: 3, max: 5, target: 4))
    config.sizePenalty = 0.3
    config.history = .init(metBefore: .penalize, penalty: 0.8)
    let inside = (0..<n).map { a in
      structured ? (sizes[a] > 1 ? distance(a, 0, a, 1) : 0) : (sizes[a] > 1 ? 1.0 : 0)
    }
    var categorical: [PairStructure.Categorical] = [
      .init(weight: 0.5, codes: sectors, values: sectorValues)
    ]
    if singles {
      categorical.append(.init(weight: professionWeight, codes: professions, values: 3))
    }
    var structure = PairStructure(
      categorical: categorical, yearsWeight: 1,
      years: years.map { ($0.min() ?? 0, $0.max() ?? 0) })
    if singles { structure.exclusive = organizations }
    return PartitionProblem(
      globalUnits: Array(0..<n), sizes: sizes, priority: (0..<n).map { _ in 0 },
      internalDiversity: inside, cross: cross, metBefore: met,
      scoring: .objective(Objective(config)), groups: .free(min: 3, max: 5, target: 4),
      bits: bits, masks: masks, needSlots: 1, structure: structured ? structure : nil)
  }

  /// Every valid group, by plain enumeration of subsets.
  static func validGroups(_ problem: PartitionProblem) -> [[Int]] {
    let n = problem.count
    var groups: [[Int]] = []
    for mask in 1..<(1 << n) {
      let members = (0..<n).filter { mask & (1 << $0) != 0 }
      if problem.isValidGroup(members) { groups.append(members) }
    }
    return groups
  }

  /// The best value of a packing of valid groups that places at least `people`, by trying
  /// every packing.
  static func bestPacking(_ problem: PartitionProblem, people: Int) -> Double {
    let groups = validGroups(problem).map { g in
      (
        mask: g.reduce(0) { $0 | 1 << $1 }, people: g.reduce(0) { $0 + problem.sizes[$1] },
        value: problem.evaluate(g).value
      )
    }
    var best = -Double.infinity
    func visit(_ start: Int, _ used: Int, _ placed: Int, _ value: Double) {
      if placed >= people { best = max(best, value) }
      for k in start..<groups.count where groups[k].mask & used == 0 {
        visit(k + 1, used | groups[k].mask, placed + groups[k].people, value + groups[k].value)
      }
    }
    visit(0, 0, 0, 0)
    return best
  }

  /// The engine's search on `problem` without GLPK recombination: a valid plan to bound.
  static func searched(_ problem: PartitionProblem, seed: UInt64, iterations: Int)
    -> PartitionSolution
  {
    var settings = SearchSettings.defaults(
      for: problem, seed: seed, iterations: iterations, deadline: .now + .seconds(30))
    settings.recombination = false
    return IteratedSearch.run(problem, settings: settings).solution
  }

  /// How a test problem's pair weights arise.
  enum Shape: CaseIterable, Sendable {
    /// Random weights.
    case random
    /// From sectors and years, with units of two people among them.
    case structured
    /// From sectors, professions and years, one person per unit (the sequence bound).
    case singles
  }

  static func problem(seed: UInt64, units n: Int, shape: Shape) -> PartitionProblem {
    problem(seed: seed, units: n, structured: shape == .structured, singles: shape == .singles)
  }

  @Test(arguments: Array(UInt64(1)...8), Shape.allCases)
  func pricingFindsTheBestReducedCost(seed: UInt64, shape: Shape) {
    let problem = Self.problem(seed: seed, units: 11, shape: shape)
    var rng = SeededRandom(seed: seed)
    let duals = (0..<problem.count).map { _ in Double(rng.below(120)) / 100 }
    let peopleDual = -Double(rng.below(30)) / 100
    let best =
      Self.validGroups(problem).map { g in
        problem.evaluate(g).value - g.reduce(0) { $0 + duals[$1] }
          - peopleDual * Double(g.reduce(0) { $0 + problem.sizes[$1] })
      }.max() ?? 0
    let pricer = GroupPricer(problem: problem)
    let full = pricer.price(
      unitDuals: duals, peopleDual: peopleDual, nodeBudget: 10_000_000, maxColumns: 1_000,
      exclude: [])
    #expect(full.exhaustive)
    #expect(abs(full.bestBound - max(0, best)) < 1e-9)
    // With each unit's neighbour list cut to two, the node bounds are looser but still
    // bounds: the search stays exact.
    let cut = GroupPricer(problem: problem, neighbourLimit: 2).price(
      unitDuals: duals, peopleDual: peopleDual, nodeBudget: 10_000_000, maxColumns: 1_000,
      exclude: [])
    #expect(cut.exhaustive)
    #expect(abs(cut.bestBound - max(0, best)) < 1e-9)
    // Cut short, the pass still bounds the best from above.
    let short = pricer.price(
      unitDuals: duals, peopleDual: peopleDual, nodeBudget: 12, maxColumns: 1_000, exclude: [])
    #expect(short.bestBound >= max(0, best) - 1e-9)
  }

  /// The sequence bound of a node is never below the best `r` newcomers it bounds: for every
  /// start `i`, every subset of the candidates from `i` on (and every one that takes candidate
  /// `i` first), with random weights for their pairs with members already chosen.
  @Test(arguments: Array(UInt64(1)...12))
  func theSequenceBoundHoldsForEveryChoiceOfNewcomers(seed: UInt64) throws {
    let problem = Self.problem(seed: seed, units: 14, singles: true)
    let structure = try #require(problem.structure)
    let pricer = GroupPricer(problem: problem)
    let order = try #require(pricer.yearsOrder)
    #expect(pricer.exclusiveBits.contains { $0 != 0 }, "no organisation is followed")
    var rng = SeededRandom(seed: seed &+ 99)
    let duals = (0..<problem.count).map { _ in Double(rng.below(120)) / 100 }
    for k in 3...5 {
      var run = GroupPricer.Run(
        problem: problem, pricer: pricer, nodeBudget: 1, maxColumns: 1, exclude: [])
      run.prepare(size: k, unitDuals: duals, peopleDual: -0.1)
      let candidates = order.map { u in
        GroupPricer.Run.Candidate(unit: u, joined: Double(rng.below(100)) / 100 - 0.5)
      }
      for r in 1...k {
        var table = GroupPricer.Run.Table()
        table.fill(candidates, remaining: r, run: &run, structure: structure)
        let n = candidates.count
        var suffixBest = [Double](repeating: -.infinity, count: n)
        var branchBest = [Double](repeating: -.infinity, count: n)
        for mask in 1..<(1 << n) where mask.nonzeroBitCount == r {
          let picked = (0..<n).filter { mask & (1 << $0) != 0 }
          // Two of one organisation never meet; any other pair may count here.
          let codes = picked.map { structure.exclusive[candidates[$0].unit] }
          guard Set(codes).count == codes.count else { continue }
          var value = 0.0
          for (a, i) in picked.enumerated() {
            value += run.unitWeight[candidates[i].unit] + candidates[i].joined
            for j in picked[..<a] {
              value += run.pairWeight(candidates[i].unit, candidates[j].unit)
            }
          }
          let first = picked[0]
          branchBest[first] = max(branchBest[first], value)
          for i in 0...first { suffixBest[i] = max(suffixBest[i], value) }
        }
        for i in 0..<n {
          #expect(table.suffix[i] >= suffixBest[i] - 1e-9, "k \(k) r \(r) i \(i)")
          #expect(table.branch[i] >= branchBest[i] - 1e-9, "k \(k) r \(r) i \(i)")
        }
      }
    }
  }

  /// The pair structure's bound is never below the largest pair sum of any `r` people of a
  /// random set, found by trying every subset.
  @Test(arguments: Array(UInt64(1)...12))
  func thePairBoundHoldsForEverySubset(seed: UInt64) {
    var rng = SeededRandom(seed: seed &* 31 &+ 5)
    let n = 6 + rng.below(7)
    let sectors = (0..<n).map { _ in Int32(rng.below(1 + rng.below(6))) }
    let years = (0..<n).map { _ in Double(rng.below(45)) + Double(rng.below(4)) / 4 }
    let structure = PairStructure(
      categorical: [.init(weight: 0.5, codes: sectors.map { [$0] }, values: 6)],
      yearsWeight: 1, years: years.map { ($0, $0) })
    let distinct = [Set(sectors).count]
    let spread = (years.max() ?? 0) - (years.min() ?? 0)
    for r in 2...min(n, 8) {
      var best = 0.0
      for mask in 1..<(1 << n) where mask.nonzeroBitCount == r {
        let members = (0..<n).filter { mask & (1 << $0) != 0 }
        var sum = 0.0
        for (k, a) in members.enumerated() {
          for b in members[..<k] {
            sum +=
              (sectors[a] == sectors[b] ? 0 : 0.5) + DiversityMeasure.yearsTerm(years[a], years[b])
          }
        }
        best = max(best, sum)
      }
      let bound = structure.pairBound(people: r, distinct: distinct, spread: spread)
      #expect(bound >= best - 1e-9, "r = \(r): \(bound) < \(best)")
    }
  }

  @Test(arguments: Array(UInt64(1)...10), Shape.allCases)
  func theBoundIsNeverBelowTheBestPacking(seed: UInt64, shape: Shape) throws {
    let problem = Self.problem(seed: seed, units: 10, shape: shape)
    let solution = Self.searched(problem, seed: seed, iterations: 50)
    let outcome = try #require(
      PartitionBound(problem: problem).compute(solution: solution))
    let optimum = Self.bestPacking(problem, people: solution.people)
    #expect(outcome.bound >= optimum - 1e-6)
    #expect(outcome.bound >= solution.value)
    #expect(outcome.complete)
  }

  @Test func aTinyBudgetStillGivesAValidBound() throws {
    let problem = Self.problem(seed: 42, units: 10)
    let solution = Self.searched(problem, seed: 1, iterations: 30)
    let budget = PartitionBound.Budget(
      rounds: 2, quickNodes: 5, passNodes: 5, totalNodes: 20, columnsPerPass: 2)
    let outcome = try #require(
      PartitionBound(problem: problem, budget: budget).compute(solution: solution))
    #expect(outcome.bound >= Self.bestPacking(problem, people: solution.people) - 1e-6)
  }

  @Test(arguments: Array(UInt64(1)...8), Shape.allCases)
  func theBestGroupBoundIsNeverBelowTheBestPackingNorTheLP(seed: UInt64, shape: Shape)
    throws
  {
    let problem = Self.problem(seed: seed, units: 10, shape: shape)
    let solution = Self.searched(problem, seed: seed, iterations: 30)
    let bounder = PartitionBound(problem: problem)
    let floor = try #require(bounder.bestGroupBound(solution: solution))
    let lp = try #require(bounder.compute(solution: solution))
    #expect(floor.bound >= Self.bestPacking(problem, people: solution.people) - 1e-6)
    #expect(floor.bound >= lp.bound - 1e-9)
    #expect(floor.rounds == 0 && !floor.complete)
  }

  /// GLPK's branch and bound over every valid group, stopped by its work limit before a
  /// proof, still bounds every packing that places everyone: brute force never beats it.
  @Test func aStoppedProofStillBoundsEveryFullPlacement() throws {
    var stoppedWithABound = 0
    for shape in Shape.allCases {
      for seed in UInt64(1)...24 {
        let problem = Self.problem(seed: seed, units: 12, shape: shape)
        let units = Array(0..<problem.count)
        let pool = try #require(GroupPool.enumerate(problem, units: units, limit: 100_000))
        guard pool.count > 2 else { continue }
        var solver = SetPackingSolver(
          model: problem, pool: pool, units: units, timeLimit: 30, stopToken: nil, nodeLimit: 1)
        solver.cuts = false
        // A short search gives GLPK its start, as in formation.
        let start = Self.searched(problem, seed: seed, iterations: 20)
        let outcome = try #require(try solver.solve(start: start))
        guard let bound = outcome.fullPlacementBound else { continue }
        let best = Self.bestPacking(problem, people: problem.sizes.reduce(0, +))
        #expect(best > -.infinity, "a bound for full placement, yet nobody can place everyone")
        #expect(bound >= best - 1e-6, "seed \(seed): bound \(bound) below the optimum \(best)")
        if !outcome.proven { stoppedWithABound += 1 }
      }
    }
    // Some of these must stop before the proof, or the test shows nothing.
    #expect(stoppedWithABound >= 3)
  }

  /// Past its deadline, formation still bounds every searched component, without the LP.
  @Test(arguments: [false, true])
  func formationReportsABoundForEveryComponent(pastDeadline: Bool) {
    let candidates = RandomBatch.make(seed: 5, people: 90, organizations: 30, levels: 2, slots: 4)
    let ids = Set(candidates.map(\.id))
    let config = GroupsConfig(size: .init(min: 4, max: 6, target: 5))
    let problem = GroupingProblem(candidates: candidates, participants: ids, config: config)
    let result = GroupFormation.solve(
      problem,
      options: FormationOptions(
        iterations: 100, exactUnitLimit: 0,
        deadline: pastDeadline ? Deadline(instant: .now - .seconds(1)) : .none))
    #expect((result.bound ?? -.infinity) >= result.objective - 1e-6)
    #expect(GroupingResult.relativeGap(objective: result.objective, bound: result.bound) != nil)
    #expect((result.stoppedBy == .time) == pastDeadline)
    for report in result.reports {
      #expect((report.bound ?? -.infinity) >= report.value - 1e-9)
      #expect(report.boundMethod != .none)
      if pastDeadline && !report.proven { #expect(report.boundMethod == .bestGroup) }
    }
  }
}
