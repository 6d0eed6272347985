import Intake
import LinearSolver

/// How one iterated search runs: its budget, its safety net, and how it explores.
struct SearchSettings {
  var seed: UInt64
  /// The iteration budget: the stopping rule, so that the same problem, seed and budget give
  /// the same result on every machine.
  var iterations: Int
  /// A safety net: the search stops here even with budget left (and says so).
  var deadline: ContinuousClock.Instant
  var stopToken: StopToken?
  /// Moves of the usual perturbation; `nil` grows it with the iterations since the last
  /// improvement (2–10).
  var weakStrength: Int?
  /// Random feasible moves sampled per perturbation move; the best is applied (1: random).
  var samples: Int
  /// Iterations without improvement after which a strong perturbation restarts the search
  /// from wherever it lands; `nil` never.
  var stagnation: Int?
  /// Random moves of the strong perturbation.
  var strongStrength: Int
  /// Independent starts before the main run, each of `startIterations` iterations.
  var starts: Int
  var startIterations: Int
  /// Accept, now and then, a result that is no worse in people and within rounding of the
  /// accepted value, to drift across plateaus.
  var drift: Bool
  /// Re-partition two groups exactly with GLPK every 16 iterations (a free number of groups).
  var reoptimization: Bool
  /// Recombine the groups of the best local optima with GLPK set packing at the end.
  var recombination: Bool
  /// Accept a worse local optimum (same people) within this fraction of the accepted value;
  /// 0 never does.
  ///
  /// A walk over nearby local optima between strong perturbations: with strict acceptance the
  /// weak perturbation keeps falling back into the same optimum until stagnation triggers a
  /// strong one, which is wasted budget on MDGP's rugged landscapes.
  var threshold: Double = 0
  /// Told the best value and the fraction of the budget done, at most twice a second.
  var report: ((_ value: Double, _ fraction: Double) -> Void)?

  /// The settings a problem gets by default: iterated maxima search for a fixed number of
  /// groups (MDGP), placement-first iterated local search for a free number.
  static func defaults(
    for problem: PartitionProblem, seed: UInt64, iterations: Int,
    deadline: ContinuousClock.Instant
  ) -> SearchSettings {
    if case .fixed(let lower, _) = problem.groups {
      let starts = 8
      return SearchSettings(
        seed: seed, iterations: iterations, deadline: deadline, weakStrength: 3,
        samples: max(1, problem.count), stagnation: 10,
        strongStrength: max(4, problem.count / max(1, lower.count)), starts: starts,
        startIterations: min(10 * problem.count, max(1, iterations / (5 * starts))),
        drift: false, reoptimization: false, recombination: false,
        // Tuned on MDGPLIB (n = 120–240): 1e-4 wanders too far, 2.5e-5 too little.
        threshold: problem.isPairSum ? 5e-5 : 0)
    }
    return SearchSettings(
      seed: seed, iterations: iterations, deadline: deadline, weakStrength: nil, samples: 1,
      stagnation: nil, strongStrength: 0, starts: 1, startIterations: 0, drift: true,
      reoptimization: true, recombination: true)
  }

}

/// What an iterated search found.
struct SearchOutcome {
  var solution: PartitionSolution
  /// The best state's group of each unit (`-1`: unplaced), in the engine's group slots, which
  /// for a fixed number of groups are the problem's groups.
  var assignment: [Int]
  var iterations: Int
  /// The iteration at which the best solution was found.
  var iterationOfBest: Int
  var poolGroups: Int
  var recombinationImproved: Bool
  var reoptimized: Int
  var stoppedByTime: Bool
  /// The groups of the best local optima kept for recombination.
  var eliteGroups: [[Int]] = []
}

/// The one search of the engine: an iterated local search over moves and swaps with O(1)
/// gains, on any ``PartitionProblem``.
///
/// One iteration is a perturbation, a local search, and (for a free number of groups) now and
/// then placement repair and an exact re-partition of two groups by GLPK; the result replaces
/// the accepted solution when it ranks higher (people, priority, value) or, for a fixed number
/// of groups and a plain pair sum, when it is within `threshold` of it; else the journal
/// undoes it. After `stagnation` iterations without improvement a strong perturbation is
/// accepted as it lands (iterated maxima search, Lai & Hao 2016). Independent starts first
/// guard against a poor basin when the number of groups is fixed. At the end, GLPK
/// recombines the groups of the best local optima.
enum IteratedSearch {
  static func run(_ problem: PartitionProblem, settings: SearchSettings) -> SearchOutcome {
    let clock = ContinuousClock()
    let search = PartitionSearch(problem: problem, seed: settings.seed)
    var state = RunState(budget: settings.iterations)

    // Independent starts (a fixed number of groups), then the main run from the best.
    let starts = max(1, settings.starts)
    for attempt in 0..<starts {
      if attempt > 0 && state.exhausted(settings, clock) { break }
      search.clear()
      guard search.construct() else { continue }
      search.localSearch(full: true)
      state.remember(search)
      if starts > 1 {
        iterate(
          search, &state, settings, clock, until: state.done + settings.startIterations)
      }
    }
    if starts > 1, !state.best.assignment.isEmpty {
      search.load(state.best.assignment)
      search.localSearch(full: true)
    }
    iterate(search, &state, settings, clock, until: Int.max)

    // GLPK's exact placement pass over the best state, for whoever is still unplaced.
    var reoptimized = state.reoptimized
    var best = PartitionSolution(groups: state.bestGroups(search), problem: problem)
    if settings.reoptimization && !problem.isFixed && best.people < problem.people {
      search.load(state.best.assignment)
      reoptimized += search.polishPlacement(deadline: settings.deadline)
      search.localSearch(full: true)
      let polished = search.solution
      if polished.isBetter(than: best) {
        best = polished
        state.elite.remember(polished)
      }
    }
    var improved = false
    var poolSize = 0
    if settings.recombination {
      let pool = state.elite.pool(people: best.people)
      poolSize = pool.count
      if pool.count > best.groups.count, clock.now < settings.deadline {
        let solver = SetPackingSolver(
          model: problem, pool: pool, units: Array(0..<problem.count),
          timeLimit: max(0.01, clock.now.duration(to: settings.deadline).seconds),
          deadline: settings.deadline, stopToken: settings.stopToken,
          nodeLimit: PartitionSearch.Nodes.recombination)
        if let outcome = try? solver.solve(start: best), outcome.solution.isBetter(than: best) {
          best = outcome.solution
          improved = true
        }
      }
    }
    return SearchOutcome(
      solution: best, assignment: state.best.assignment, iterations: state.done,
      iterationOfBest: state.iterationOfBest,
      poolGroups: poolSize, recombinationImproved: improved, reoptimized: reoptimized,
      stoppedByTime: state.stoppedByTime, eliteGroups: state.elite.solutions.flatMap(\.groups))
  }

  /// The bookkeeping of one run.
  struct RunState {
    let budget: Int
    var done = 0
    var best: (score: PartitionSearch.Score, assignment: [Int]) = (
      .init(people: -1, priority: 0, value: -.infinity), []
    )
    var iterationOfBest = 0
    var stoppedByTime = false
    var reoptimized = 0
    var elite = Elite()
    var lastReport: ContinuousClock.Instant? = nil

    init(budget: Int) { self.budget = budget }

    /// Whether the budget, the deadline or a stop request ends the run.
    mutating func exhausted(_ settings: SearchSettings, _ clock: ContinuousClock) -> Bool {
      if done >= budget { return true }
      if clock.now >= settings.deadline || settings.stopToken?.isStopped == true {
        stoppedByTime = true
        return true
      }
      return false
    }

    /// Keeps the state as the best when it ranks higher.
    mutating func remember(_ search: PartitionSearch) {
      let score = search.score
      if best.assignment.isEmpty || search.isBetter(score, than: best.score) {
        best = (score, search.assignment)
        iterationOfBest = done
      }
    }

    /// The best assignment's groups.
    func bestGroups(_ search: PartitionSearch) -> [[Int]] {
      var groups = [[Int]](repeating: [], count: search.groupCount)
      for (u, g) in best.assignment.enumerated() where g >= 0 { groups[g].append(u) }
      return groups.filter { !$0.isEmpty }
    }
  }

  /// The best distinct local optima seen, whose groups GLPK recombines at the end.
  struct Elite {
    var solutions: [PartitionSolution] = []
    /// Values already kept, so that the same local optimum is not stored twice.
    var values: [Double] = []

    /// Whether a state of this score could enter.
    func wants(_ score: PartitionSearch.Score) -> Bool {
      guard let first = solutions.first else { return true }
      if score.people < first.people { return false }
      return solutions.count < 12 || score.value > (solutions.last?.value ?? -.infinity)
    }

    mutating func remember(_ solution: PartitionSolution) {
      guard solution.people >= (solutions.first?.people ?? 0) else { return }
      if solutions.contains(where: { $0.groups == solution.groups }) { return }
      solutions.append(solution)
      solutions.sort { $0.isBetter(than: $1) }
      if solutions.count > 12 { solutions.removeLast() }
    }

    /// Every group of the kept solutions that place `people`.
    func pool(people: Int) -> GroupPool {
      var seen = Set<[Int]>()
      for s in solutions where s.people == people { seen.formUnion(s.groups) }
      var pool = GroupPool()
      for g in seen.sorted(by: { $0.lexicographicallyPrecedes($1) }) { pool.append(g) }
      return pool
    }
  }

  /// Iterations until `limit` in all, the budget, the deadline or a stop request.
  private static func iterate(
    _ search: PartitionSearch, _ state: inout RunState,
    _ settings: SearchSettings, _ clock: ContinuousClock, until limit: Int
  ) {
    let free = !search.problem.isFixed
    var stale = 0
    // The accepted solution's rank: what a new local optimum must beat.
    var accepted = search.score
    search.journal.removeAll(keepingCapacity: true)
    while state.done < limit && !state.exhausted(settings, clock) {
      if let report = settings.report, state.done % 32 == 0 {
        let now = clock.now
        if state.lastReport.map({ $0.duration(to: now) > .milliseconds(500) }) ?? true {
          state.lastReport = now
          report(state.best.score.value, Double(state.done) / Double(max(1, state.budget)))
        }
      }
      state.done += 1
      let mark = search.journal.count
      search.recording = true
      let strong = settings.stagnation.map { stale >= $0 } ?? false
      if strong {
        // Leave this region: random moves, then a new ascent accepted wherever it lands.
        search.perturb(strength: settings.strongStrength, samples: 1)
        search.localSearch()
        if free { repair(search) }
      } else {
        if free {
          switch search.rng.below(8) {
          case 0: _ = search.openFromSpares()
          case 1: _ = search.closeGroup()
          default: break
          }
        }
        let strength = settings.weakStrength ?? (2 + search.rng.below(3 + min(6, stale / 20)))
        search.perturb(strength: strength, samples: settings.samples)
        search.localSearch()
        if free && (state.done % 8 == 0 || stale == 0) { repair(search) }
        if settings.reoptimization && free && state.done % 16 == 0 {
          let groups = search.openGroups
          if groups.count > 1 {
            let a = groups[search.rng.below(groups.count)]
            let b = groups[search.rng.below(groups.count)]
            if search.reoptimize(a, b, deadline: settings.deadline) {
              search.localSearch()
              state.reoptimized += 1
            }
          }
        }
      }
      // The local optimum reached, before it is accepted or undone.
      let score = search.score
      state.remember(search)
      if settings.recombination, state.elite.wants(score) {
        state.elite.remember(search.solution)
      }
      if strong || search.isBetter(score, than: accepted) {
        accepted = score
        stale = 0
      } else {
        stale += 1
        let sideways =
          (settings.drift && score.people == accepted.people
            && score.value > accepted.value - 1e-6 && search.rng.below(4) == 0)
          || (settings.threshold > 0 && score.people == accepted.people
            && score.value > accepted.value - settings.threshold * abs(accepted.value))
        if sideways {
          accepted = score
        } else {
          search.undo(to: mark)
        }
      }
      search.journal.removeAll(keepingCapacity: true)
      search.recording = false
    }
  }

  /// Placement repair, then a local search over what it changed.
  private static func repair(_ search: PartitionSearch) {
    if search.repairPlacement() { search.localSearch() }
  }
}
