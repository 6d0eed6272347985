import Intake
import LinearSolver

/// Settings of one group formation run.
public struct FormationOptions: Sendable {
  /// Search iterations per searched component; `nil` picks a budget from its size.
  public var iterations: Int?
  /// A safety net in seconds; the iteration budget is the stopping rule.
  public var timeLimit: Double
  public var seed: UInt64
  /// Solve small components exactly (enumeration + GLPK set partitioning).
  public var exactComponents: Bool
  /// Recombine the groups the search found with GLPK set partitioning.
  public var recombination: Bool
  /// Solve small components by dynamic programming over subsets when GLPK gives no proof.
  public var dynamicProgramming: Bool
  /// Re-optimise pairs of groups exactly with GLPK during the search.
  public var reoptimization: Bool
  /// Bound each searched component's value by column generation (see `PartitionBound`).
  public var bound: Bool = true
  /// Components with more units than this are searched, never enumerated.
  public var exactUnitLimit: Int
  /// Enumeration stops (and the component is searched) beyond this many groups.
  public var enumerationLimit: Int
  /// Called after each component with the number done, the total, and the objective so far.
  public var progress: (@Sendable (FormationProgress) -> Void)?
  public var stopToken: StopToken?
  /// The command's deadline: formation stops by it (or by `timeLimit`, whichever is first).
  public var deadline: Deadline

  public init(
    iterations: Int? = nil, timeLimit: Double = 60, seed: UInt64 = 1, exactComponents: Bool = true,
    recombination: Bool = true, dynamicProgramming: Bool = true, reoptimization: Bool = true,
    exactUnitLimit: Int = 48,
    enumerationLimit: Int = 40_000,
    progress: (@Sendable (FormationProgress) -> Void)? = nil, stopToken: StopToken? = nil,
    deadline: Deadline = .none
  ) {
    self.deadline = deadline
    self.iterations = iterations
    self.timeLimit = timeLimit
    self.seed = seed
    self.exactComponents = exactComponents
    self.recombination = recombination
    self.dynamicProgramming = dynamicProgramming
    self.reoptimization = reoptimization
    self.exactUnitLimit = exactUnitLimit
    self.enumerationLimit = enumerationLimit
    self.progress = progress
    self.stopToken = stopToken
  }
}

/// What a progress callback is told during formation.
public struct FormationProgress: Sendable {
  public var componentsDone: Int
  public var components: Int
  public var peopleDone: Int
  public var people: Int
  public var objective: Double
  public var elapsed: Double
}

/// Forms groups: decomposition, counting proofs, exact solving of small components and
/// native search of large ones.
public enum GroupFormation {
  /// Forms groups for `problem`; never breaks a hard rule.
  public static func solve(
    _ problem: GroupingProblem, options: FormationOptions = FormationOptions()
  )
    -> GroupingResult
  {
    let clock = ContinuousClock()
    let started = clock.now
    let own = started.advanced(by: clampedDuration(seconds: options.timeLimit))
    let deadline = options.deadline.instant.map { min($0, own) } ?? own
    let graph = CompatibilityGraph(problem: problem)

    // Counting proofs: peel units that can never be in a group, until nothing changes.
    let peeled = peel(graph)
    let alive = peeled.alive
    var unplaced = peeled.unplaced

    // Components among the units that remain.
    let components = graph.components().map { $0.filter { alive[$0] } }.filter { !$0.isEmpty }
    var groups: [[Int]] = []
    var reports: [ComponentReport] = []
    // Searched components, bounded once every component has its groups, so that the bound
    // never takes time from a search.
    var toBound:
      [(
        report: Int, model: PartitionProblem, solution: PartitionSolution, elite: [[Int]],
        proofBound: Double?
      )] = []
    var stoppedByTime = false
    var totalIterations = 0
    var objective = 0.0
    let totalPeople = components.reduce(0) { $0 + $1.reduce(0) { $0 + graph.size($1) } }
    var peopleDone = 0
    for (index, component) in components.enumerated() {
      let componentStart = clock.now
      let model = PartitionProblem(graph: graph, units: component)
      let local = Array(0..<model.count)
      let people = model.sizes.reduce(0, +)
      var report = ComponentReport(
        people: people, method: .search, proven: false, iterations: 0, enumeratedGroups: 0,
        poolGroups: 0,
        recombinationImproved: false, seconds: 0)
      var solution: PartitionSolution? = nil
      var exactSolver: SetPackingSolver? = nil
      let remaining = max(0.5, (deadline - clock.now).seconds)

      var fallback: PartitionSolution? = nil
      // What a failed proof still shows: a bound on every plan that places everyone.
      var proofBound: Double? = nil
      var searchedGroups: [[Int]] = []
      var dynamicPool: GroupPool? = nil
      // Past the deadline a component gets the search's construction only: no enumeration.
      let timeLeft = clock.now < deadline
      if !timeLeft { stoppedByTime = true }
      if options.exactComponents || options.dynamicProgramming, timeLeft,
        model.count <= options.exactUnitLimit,
        let pool = GroupPool.enumerate(model, units: local, limit: options.enumerationLimit)
      {
        report.enumeratedGroups = pool.count
        let dynamic =
          options.dynamicProgramming && SubsetDP.fits(units: model.count, groups: pool.count)
        if options.exactComponents {
          // A short search gives GLPK a strong start (and the fallback if no proof comes).
          var short = options
          short.iterations = min(options.iterations ?? 100, 100)
          short.recombination = false
          short.reoptimization = false
          let quick = searchComponent(
            model, seed: options.seed &+ UInt64(index), options: short, deadline: deadline)
          // GLPK first: with everyone placeable its LP bound is tight and the proof immediate.
          // Where someone cannot be placed its bound is weak: the subset DP takes over where
          // it fits, and elsewhere GLPK gets fewer subproblems, since a proof there is rare
          // and each subproblem costs about its pool's size. A work limit, not a time limit,
          // so that the same input gives the same groups on any machine.
          let everyonePlaced = quick.solution.people == model.people
          var solver = SetPackingSolver(
            model: model, pool: pool, units: local, timeLimit: remaining, deadline: deadline,
            stopToken: options.stopToken,
            nodeLimit: dynamic
              ? PartitionSearch.Nodes.shortTry
              : PartitionSearch.Nodes.proof(
                pool: pool.count, everyonePlaced: everyonePlaced,
                searchWork: iterations(model, options: options) * people))
          solver.cuts = false
          let outcome = try? solver.solve(start: quick.solution)
          if let outcome, outcome.proven {
            solution = outcome.solution
            report.method = .exact
            report.proven = true
            exactSolver = solver
          } else {
            fallback = quick.solution
            if let outcome, outcome.solution.isBetter(than: quick.solution) {
              fallback = outcome.solution
            }
            proofBound = outcome?.fullPlacementBound
          }
        }
        if solution == nil && dynamic {
          solution = PartitionSolution(
            groups: SubsetDP.solve(model: model, pool: pool), problem: model)
          report.method = .exact
          report.proven = true
          dynamicPool = pool
        }
      }
      if solution == nil {
        let objectiveSoFar = objective
        let done = peopleDone
        let searched = searchComponent(
          model, seed: options.seed &+ UInt64(index), options: options, deadline: deadline,
          report: options.progress.map { progress in
            { value, fraction in
              progress(
                FormationProgress(
                  componentsDone: index, components: components.count,
                  peopleDone: done + Int(Double(people) * fraction),
                  people: totalPeople, objective: objectiveSoFar + value,
                  elapsed: (clock.now - started).seconds))
            }
          })
        solution = searched.solution
        searchedGroups = searched.eliteGroups
        if let fallback, fallback.isBetter(than: searched.solution) { solution = fallback }
        report.iterations = searched.iterations
        report.poolGroups = searched.poolGroups
        report.recombinationImproved = searched.recombinationImproved
        report.reoptimizedPairs = searched.reoptimized
        stoppedByTime = stoppedByTime || searched.stoppedByTime
        totalIterations += searched.iterations
      }
      let best = solution ?? PartitionSolution(groups: [], problem: model)
      report.value = best.value
      if report.proven {
        report.bound = best.value
        report.boundMethod = .exact
      } else if options.bound {
        toBound.append((reports.count, model, best, searchedGroups, proofBound))
      }
      objective += best.value

      // Reasons for the component's unplaced units.
      var placedUnits = Set<Int>()
      for g in best.groups { placedUnits.formUnion(g) }
      for u in local where !placedUnits.contains(u) {
        let global = component[u]
        var reason: (CandidateID) -> UnplacedCandidate = { id in
          UnplacedCandidate(
            id: id, code: .notPlacedBySearch,
            evidence: ["component_size": .int(people), "placed_in_component": .int(best.people)])
        }
        var forced: (people: Int?, proven: Bool)? = nil
        if report.proven, let pool = dynamicPool {
          forced = (SubsetDP.mostPeople(model: model, pool: pool, including: u), true)
        } else if report.proven, let solver = exactSolver {
          forced = try? solver.mostPeople(including: u)
        }
        if let forced, forced.proven {
          var evidence: [String: EvidenceValue] = [
            "component_size": .int(people), "max_placed": .int(best.people),
            "max_placed_with_them": forced.people.map { .int($0) } ?? .null,
          ]
          // Placing them too is possible, but only by leaving out someone ranked higher.
          if let with = forced.people, with >= best.people {
            evidence["tie_break"] = .text("readiness")
          }
          reason = { id in UnplacedCandidate(id: id, code: .excludedByOptimum, evidence: evidence) }
        }
        for i in graph.units[global].members { unplaced[i] = reason(graph.candidates[i].id) }
      }
      groups.append(
        contentsOf: best.groups.map { g in g.flatMap { graph.units[component[$0]].members } })
      report.seconds = (clock.now - componentStart).seconds
      reports.append(report)
      peopleDone += people
      options.progress?(
        FormationProgress(
          componentsDone: index + 1, components: components.count, peopleDone: peopleDone,
          people: totalPeople,
          objective: objective, elapsed: (clock.now - started).seconds))
    }

    // Every searched component gets a bound: the LP's while time is left, and past the
    // deadline the one that needs no LP, so that no plan goes without one. The smallest
    // first: their LP is solved to the end, while a large component's rarely is.
    let bySize = toBound.sorted { ($0.model.people, $0.report) < ($1.model.people, $1.report) }
    for (k, model, solution, elite, proofBound) in bySize {
      let boundStart = clock.now
      let bounder = PartitionBound(
        problem: model,
        budget: .standard(
          units: model.count, iterations: iterations(model, options: options)),
        deadline: deadline, stopToken: options.stopToken)
      let late = clock.now >= deadline || options.stopToken?.isStopped == true
      let outcome =
        late
        ? bounder.bestGroupBound(solution: solution)
        : bounder.compute(solution: solution, extra: elite)
      if let outcome {
        reports[k].bound = outcome.bound
        reports[k].boundMethod = late ? .bestGroup : .columnGeneration
        let seconds = (clock.now - boundStart).seconds
        reports[k].boundWork = BoundWork(
          complete: outcome.complete, rounds: outcome.rounds, columns: outcome.columns,
          nodes: outcome.nodes, seconds: seconds)
        reports[k].seconds += seconds
      }
      // A failed proof's bound holds for every plan that places everyone, as this one does.
      if let proofBound, solution.people == model.people,
        proofBound < reports[k].bound ?? .infinity
      {
        reports[k].bound = proofBound
        reports[k].boundMethod = .branchAndBound
      }
      guard let bound = reports[k].bound else { continue }
      // The bound closes the gap, and nobody is left out: no solution is better.
      let closed = bound - solution.value <= 1e-9 * max(1, abs(solution.value))
      if closed && solution.people == model.people { reports[k].proven = true }
    }
    let allProven = reports.allSatisfy(\.proven)
    let formed = describe(groups: groups, rules: graph.rules)
    let total = formed.reduce(0.0) { $0 + $1.value }
    let proven = allProven && !stoppedByTime
    return GroupingResult(
      groups: formed,
      unplaced: unplaced.keys.sorted().compactMap { unplaced[$0] },
      status: proven ? .optimal : .feasible,
      stoppedBy: proven ? .proof : (stoppedByTime ? .time : .iterations),
      objective: total, bound: proven ? total : Self.bound(reports),
      components: components.count,
      componentsExact: reports.filter(\.proven).count, reports: reports, iterations: totalIterations
    )
  }

  /// The sum of the components' bounds, when every component has one.
  static func bound(_ reports: [ComponentReport]) -> Double? {
    var total = 0.0
    for r in reports {
      guard let b = r.bound else { return nil }
      total += b
    }
    return total
  }

  /// Removes every unit that can never be in a group — a `keep_together` set that breaks a rule
  /// itself, or a unit ruled out by counting — repeating until nothing changes, since each removal
  /// can rule out others.
  ///
  /// Returns which units remain and why the rest cannot.
  static func peel(_ graph: CompatibilityGraph) -> (
    alive: [Bool], unplaced: [Int: UnplacedCandidate]
  ) {
    var alive = graph.units.map { $0.selfConflict == nil }
    var unplaced: [Int: UnplacedCandidate] = [:]
    for (u, unit) in graph.units.enumerated() {
      guard let conflict = unit.selfConflict else { continue }
      // A unit of one has no keep_together rule: its only possible conflict is having too
      // few slots, which no group can then share.
      let code: UnplacedCode = conflict.rule == .commonSlots ? .noSharedSlot : .noCompatiblePeers
      for i in unit.members {
        var reason = UnplacedCandidate(id: graph.candidates[i].id, code: code, violation: conflict)
        if unit.members.count > 1 {
          reason.evidence["keep_together"] = .list(
            unit.members.map { graph.candidates[$0].id.rawValue })
        }
        unplaced[i] = reason
      }
      alive[u] = false
    }
    // The same, one bit per unit, for counting neighbours a word at a time.
    var living = [UInt64](repeating: 0, count: graph.words)
    for u in graph.units.indices where alive[u] { living[u / 64] |= 1 << UInt64(u % 64) }
    var peeled = true
    while peeled {
      peeled = false
      for u in graph.units.indices where alive[u] {
        guard let reason = countingProof(u, graph: graph, living: living) else { continue }
        alive[u] = false
        living[u / 64] &= ~(1 << UInt64(u % 64))
        peeled = true
        for i in graph.units[u].members { unplaced[i] = reason(graph.candidates[i].id) }
      }
    }
    return (alive, unplaced)
  }

  /// A reason proven by counting alone, or `nil` when counting cannot rule `u` out.
  ///
  /// - Parameter living: the units still in play, one bit each.
  static func countingProof(_ u: Int, graph: CompatibilityGraph, living: [UInt64])
    -> ((CandidateID) -> UnplacedCandidate)?
  {
    let config = graph.config
    let own = graph.size(u)
    var reachable = own
    graph.forEachNeighbour(of: u, among: living) { v in
      reachable += graph.size(v)
      return true
    }
    let first = graph.candidates[graph.units[u].members[0]]
    if reachable < config.size.min {
      var peers: [Int] = []
      graph.forEachNeighbour(of: u, among: living) { v in
        peers.append(v)
        return true
      }
      // The cell of people they could ever meet: what the evidence names for the message.
      var cell: [String: EvidenceValue] = [:]
      if config.hierarchy.maxLevelGap != nil, let level = first.levelName {
        cell["level"] = .text(level)
      }
      if config.match.contains("language") { cell["language"] = .text(first.language) }
      if config.match.contains("format") && first.format != .either {
        cell["format"] = .text(first.format.rawValue)
      }
      let evidence = cell.merging([
        "compatible_peers": .int(reachable - 1), "size_min": .int(config.size.min),
        "peers": .list(
          peers.flatMap { graph.units[$0].members.map { graph.candidates[$0].id.rawValue } }
            .sorted(by: naturalLess)),
      ]) { a, _ in a }
      return { id in UnplacedCandidate(id: id, code: .noCompatiblePeers, evidence: evidence) }
    }
    let need = config.minCommonSlots
    guard need > 0 else { return nil }
    let slots = SlotSet(mask: UInt32(truncatingIfNeeded: graph.units[u].mask & SharedMask.slotBits))
      .slots
    var best = 0
    var bestSlots: [Slot] = []
    var checked = 0
    func visit(_ start: Int, _ chosen: [Slot]) -> Bool {
      if chosen.count == need {
        checked += 1
        let m = UInt64(SlotSet(chosen).mask)
        // Counted until a group fits: only a count that never gets there is reported.
        var count = own
        graph.forEachNeighbour(of: u, among: living) { v in
          if graph.units[v].mask & m == m { count += graph.size(v) }
          return count < config.size.min
        }
        if count > best {
          best = count
          bestSlots = chosen
        }
        return count >= config.size.min || checked > 4_000
      }
      guard start < slots.count else { return false }
      for k in start..<slots.count where visit(k + 1, chosen + [slots[k]]) { return true }
      return false
    }
    if visit(0, []) { return nil }
    let evidence: [String: EvidenceValue] = [
      "compatible_peers": .int(reachable - 1), "most_at_one_slot": .int(best),
      "best_slots": .list(bestSlots.map(\.token)), "size_min": .int(config.size.min),
      "limit": .int(need),
    ]
    return { id in
      UnplacedCandidate(id: id, code: .noSharedSlot, rule: .commonSlots, evidence: evidence)
    }
  }

  /// The engine's search on one component, with the formation options' budget.
  static func searchComponent(
    _ model: PartitionProblem, seed: UInt64, options: FormationOptions,
    deadline: ContinuousClock.Instant,
    report: ((_ objective: Double, _ fraction: Double) -> Void)? = nil
  ) -> SearchOutcome {
    var settings = SearchSettings.defaults(
      for: model, seed: seed, iterations: iterations(model, options: options),
      deadline: deadline)
    settings.stopToken = options.stopToken
    settings.reoptimization = options.reoptimization
    settings.recombination = options.recombination
    settings.report = report
    return IteratedSearch.run(model, settings: settings)
  }

  /// The search's iteration budget on `model`.
  ///
  /// It is the options' own, else ``autoIterations(_:)``. The proof attempt and the bound size
  /// their work by it too.
  static func iterations(_ model: PartitionProblem, options: FormationOptions) -> Int {
    options.iterations ?? autoIterations(model)
  }

  /// The `auto` iteration budget of a component: about ten per unit, fewer for very large
  /// components, never below 300.
  static func autoIterations(_ model: PartitionProblem) -> Int {
    max(300, min(8_000, 10 * model.count, 1_200_000 / max(1, model.count)))
  }

  /// Turns groups of batch indices into described groups numbered `G01`, `G02`, … in order
  /// of their first member in the file.
  static func describe(groups: [[Int]], rules: RuleSet) -> [FormedGroup] {
    let sorted = groups.map { $0.sorted() }.sorted { ($0.first ?? 0) < ($1.first ?? 0) }
    let width = max(2, String(sorted.count).count)
    return sorted.enumerated().map { k, indices in
      let number = String(k + 1)
      return rules.describe(
        id: "G" + String(repeating: "0", count: max(0, width - number.count)) + number,
        members: indices)
    }
  }
}
