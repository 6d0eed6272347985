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
    var allProven = true
    var stoppedByTime = false
    var totalIterations = 0
    var objective = 0.0
    let totalPeople = components.reduce(0) { $0 + $1.reduce(0) { $0 + graph.size($1) } }
    var peopleDone = 0
    for (index, component) in components.enumerated() {
      let componentStart = clock.now
      let model = ComponentModel(graph: graph, units: component)
      let local = Array(0..<model.count)
      let people = model.sizes.reduce(0, +)
      var report = ComponentReport(
        people: people, method: .search, proven: false, iterations: 0, enumeratedGroups: 0,
        poolGroups: 0,
        recombinationImproved: false, seconds: 0)
      var solution: ComponentSolution? = nil
      var exactSolver: SetPackingSolver? = nil
      let remaining = max(0.5, seconds(deadline - clock.now))

      var fallback: ComponentSolution? = nil
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
            model, seed: options.seed &+ UInt64(index), options: short, deadline: deadline,
            clock: clock)
          // GLPK first: with everyone placeable its LP bound is tight and the proof immediate.
          // Where someone cannot be placed its bound is weak, and the subset DP takes over.
          // A work limit, not a time limit, so that the same input gives the same groups on
          // any machine: where the subset DP can take over, GLPK gets a short try.
          let solver = SetPackingSolver(
            model: model, pool: pool, units: local, timeLimit: remaining, deadline: deadline,
            stopToken: options.stopToken,
            nodeLimit: dynamic ? ComponentSearch.shortTryNodes : ComponentSearch.proofNodes)
          if let outcome = try? solver.solve(start: quick.solution), outcome.proven {
            solution = outcome.solution
            report.method = .exact
            report.proven = true
            exactSolver = solver
          } else {
            fallback = quick.solution
          }
        }
        if solution == nil && dynamic {
          solution = ComponentSolution(
            groups: SubsetDP.solve(model: model, pool: pool), model: model)
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
          clock: clock,
          report: options.progress.map { progress in
            { value, fraction in
              progress(
                FormationProgress(
                  componentsDone: index, components: components.count,
                  peopleDone: done + Int(Double(people) * fraction),
                  people: totalPeople, objective: objectiveSoFar + value,
                  elapsed: seconds(clock.now - started)))
            }
          })
        solution = searched.solution
        if let fallback, fallback.isBetter(than: searched.solution) { solution = fallback }
        report.iterations = searched.iterations
        report.poolGroups = searched.poolGroups
        report.recombinationImproved = searched.recombinationImproved
        report.reoptimizedPairs = searched.reoptimized
        stoppedByTime = stoppedByTime || searched.stoppedByTime
        totalIterations += searched.iterations
      }
      let best = solution ?? ComponentSolution(groups: [], model: model)
      if !report.proven { allProven = false }
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
      report.seconds = seconds(clock.now - componentStart)
      reports.append(report)
      peopleDone += people
      options.progress?(
        FormationProgress(
          componentsDone: index + 1, components: components.count, peopleDone: peopleDone,
          people: totalPeople,
          objective: objective, elapsed: seconds(clock.now - started)))
    }

    let formed = describe(groups: groups, rules: graph.rules)
    let total = formed.reduce(0.0) { $0 + $1.value }
    let proven = allProven && !stoppedByTime
    return GroupingResult(
      groups: formed,
      unplaced: unplaced.keys.sorted().compactMap { unplaced[$0] },
      status: proven ? .optimal : .feasible,
      stoppedBy: proven ? .proof : (stoppedByTime ? .time : .iterations),
      objective: total, bound: proven ? total : nil,
      components: components.count,
      componentsExact: reports.filter(\.proven).count, reports: reports, iterations: totalIterations
    )
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
    var peeled = true
    while peeled {
      peeled = false
      for u in graph.units.indices where alive[u] {
        guard let reason = countingProof(u, graph: graph, alive: alive) else { continue }
        alive[u] = false
        peeled = true
        for i in graph.units[u].members { unplaced[i] = reason(graph.candidates[i].id) }
      }
    }
    return (alive, unplaced)
  }

  /// A reason proven by counting alone, or `nil` when counting cannot rule `u` out.
  static func countingProof(_ u: Int, graph: CompatibilityGraph, alive: [Bool])
    -> ((CandidateID) -> UnplacedCandidate)?
  {
    let config = graph.config
    let peers = graph.neighbours(u, alive: alive)
    let own = graph.size(u)
    let reachable = own + peers.reduce(0) { $0 + graph.size($1) }
    let first = graph.candidates[graph.units[u].members[0]]
    if reachable < config.size.min {
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
    let slots = SlotSet(mask: graph.units[u].mask).slots
    var best = 0
    var bestSlots: [Slot] = []
    var checked = 0
    func visit(_ start: Int, _ chosen: [Slot]) -> Bool {
      if chosen.count == need {
        checked += 1
        let m = SlotSet(chosen).mask
        let count =
          own + peers.reduce(0) { $0 + (graph.units[$1].mask & m == m ? graph.size($1) : 0) }
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

  struct SearchOutcome {
    var solution: ComponentSolution
    var iterations: Int
    var poolGroups: Int
    var recombinationImproved: Bool
    var reoptimized: Int
    var stoppedByTime: Bool
  }

  /// Iterated local search with an undo journal, then GLPK recombination over the pool of
  /// groups seen in local optima.
  static func searchComponent(
    _ model: ComponentModel, seed: UInt64, options: FormationOptions,
    deadline: ContinuousClock.Instant, clock: ContinuousClock,
    report: ((_ objective: Double, _ fraction: Double) -> Void)? = nil
  ) -> SearchOutcome {
    var search = ComponentSearch(model: model, seed: seed)
    search.deadline = deadline
    search.construct()
    var order = Array(0..<model.count)
    search.localSearch(order: order, full: true)
    var best = search.solution
    // The elite: the best distinct local optima seen, whose groups GLPK recombines at the end.
    var elite: [ComponentSolution] = [best]
    func remember(_ solution: ComponentSolution) {
      guard solution.people >= (elite.first?.people ?? 0) else { return }
      if elite.contains(where: { $0.groups == solution.groups }) { return }
      elite.append(solution)
      elite.sort { $0.isBetter(than: $1) }
      if elite.count > 12 { elite.removeLast() }
    }
    let budget =
      options.iterations ?? max(300, min(8_000, 10 * model.count, 1_200_000 / max(1, model.count)))
    var iterations = 0
    var stoppedByTime = false
    var sinceImprovement = 0
    var reoptimized = 0
    var lastReport = clock.now
    while iterations < budget {
      if let report, iterations % 32 == 0, clock.now - lastReport > .milliseconds(500) {
        lastReport = clock.now
        report(best.value, Double(iterations) / Double(max(1, budget)))
      }
      if clock.now >= deadline || options.stopToken?.isStopped == true {
        stoppedByTime = true
        break
      }
      iterations += 1
      let mark = search.journal.count
      search.recording = true
      let strength = 2 + search.rng.below(3 + min(6, sinceImprovement / 20))
      switch search.rng.below(8) {
      case 0: _ = search.openFromSpares()
      case 1: _ = search.closeGroup()
      default: break
      }
      search.perturb(strength: strength)
      order.shuffle(using: &search.rng)
      search.localSearch(order: order)
      if iterations % 8 == 0 || sinceImprovement == 0, search.repairPlacement() {
        search.localSearch(order: order)
      }
      // Now and then GLPK re-partitions two groups exactly: moves of several people at once.
      if options.reoptimization, iterations % 16 == 0 {
        let groups = search.openGroups
        if groups.count > 1 {
          let a = groups[search.rng.below(groups.count)]
          let b = groups[search.rng.below(groups.count)]
          if search.reoptimize(a, b) {
            search.localSearch(order: order)
            reoptimized += 1
          }
        }
      }
      let candidate = search.solution
      remember(candidate)
      if candidate.isBetter(than: best) {
        best = candidate
        sinceImprovement = 0
        search.journal.removeAll(keepingCapacity: true)
      } else {
        sinceImprovement += 1
        // Accept equal or slightly worse states now and then, to drift across plateaus.
        let slack = candidate.people == best.people && candidate.value > best.value - 1e-6
        if slack && search.rng.below(4) == 0 {
          search.journal.removeAll(keepingCapacity: true)
        } else {
          search.undo(to: mark)
          search.journal.removeAll(keepingCapacity: true)
        }
      }
      search.recording = false
    }
    // GLPK's exact placement pass over the best state, for whoever is still unplaced.
    if options.reoptimization, best.people < model.sizes.reduce(0, +) {
      var polish = ComponentSearch(model: model, seed: seed &+ 7)
      polish.deadline = deadline
      for g in best.groups {
        if let empty = (0..<polish.maxGroups).first(where: { polish.size[$0] == 0 }) {
          for u in g { polish.add(u, to: empty) }
        }
      }
      reoptimized += polish.polishPlacement(deadline: deadline, clock: clock)
      polish.localSearch(order: Array(0..<model.count), full: true)
      let polished = polish.solution
      if polished.isBetter(than: best) {
        best = polished
        remember(polished)
      }
    }
    var improved = false
    var pool = Set<[Int]>()
    for solution in elite where solution.people == best.people { pool.formUnion(solution.groups) }
    if options.recombination, pool.count > best.groups.count {
      var flat = GroupPool()
      for g in pool.sorted(by: { $0.lexicographicallyPrecedes($1) }) { flat.append(g) }
      let remaining = seconds(deadline - clock.now)
      if remaining > 0.2 {
        let solver = SetPackingSolver(
          model: model, pool: flat, units: Array(0..<model.count), timeLimit: remaining,
          deadline: deadline, stopToken: options.stopToken,
          nodeLimit: ComponentSearch.recombinationNodes)
        if let outcome = try? solver.solve(start: best), outcome.solution.isBetter(than: best) {
          best = outcome.solution
          improved = true
        }
      }
    }
    return SearchOutcome(
      solution: best, iterations: iterations, poolGroups: pool.count,
      recombinationImproved: improved, reoptimized: reoptimized, stoppedByTime: stoppedByTime)
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

/// Seconds in a duration.
func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
