import Foundation  // pow only, outside the search loop
import Intake

/// How long a search runs and how it explores.
///
/// The stopping rule is `iterations`: the same problem, seed and iteration count give the same
/// result on every machine. `timeLimit` is a safety net; with `iterations == nil` it becomes
/// the stopping rule (and the result then depends on the machine's speed).
public struct SearchOptions: Sendable, Hashable {
  /// The seed of every random choice.
  public var seed: UInt64
  /// The iteration budget; see `GroupingSearch` for what one iteration is.
  public var iterations: Int?
  /// A wall-clock limit in seconds.
  public var timeLimit: Double?
  /// A starting assignment (`start[i]` is item i's group); ignored unless feasible.
  public var start: [Int]?
  /// Directed moves of the small perturbation between two local optima.
  public var weakStrength: Int
  /// Random feasible moves sampled per directed move, as a multiple of n; the best is applied.
  public var sampleFactor: Double
  /// Random moves of the large perturbation, as a multiple of the mean group size n / m.
  public var strongFactor: Double
  /// Non-improving iterations after which the large perturbation is applied.
  public var stagnationLimit: Int
  /// Steepest ascent instead of first-improvement sweeps in the local search.
  public var steepest: Bool
  /// Independent random starts of the first phase (1 with a warm start).
  public var starts: Int
  /// Iterations of each first-phase start, per item.
  public var startIterationsPerItem: Int

  public init(
    seed: UInt64 = 1, iterations: Int? = nil, timeLimit: Double? = nil, start: [Int]? = nil,
    weakStrength: Int = 3, sampleFactor: Double = 1, strongFactor: Double = 1,
    stagnationLimit: Int = 10, steepest: Bool = false, starts: Int = 8,
    startIterationsPerItem: Int = 10
  ) {
    self.starts = starts
    self.startIterationsPerItem = startIterationsPerItem
    self.sampleFactor = sampleFactor
    self.strongFactor = strongFactor
    self.steepest = steepest
    self.seed = seed
    self.iterations = iterations
    self.timeLimit = timeLimit
    self.start = start
    self.weakStrength = weakStrength
    self.stagnationLimit = stagnationLimit
  }
}

/// The outcome of a search run.
public struct SearchResult: Sendable, Hashable {
  /// Why a run ended.
  public enum StopReason: String, Sendable, Hashable {
    case iterations
    case time
  }

  /// The best assignment found: `assignment[i]` is item i's group in `0..<groupCount`.
  public var assignment: [Int]
  /// Its objective, recomputed pair by pair from the assignment.
  public var objective: Double
  /// Iterations run.
  public var iterations: Int
  /// The iteration that found the best assignment (0: the first local optimum).
  public var iterationOfBest: Int
  /// Wall-clock seconds (not part of the reproducible result).
  public var seconds: Double
  public var stoppedBy: StopReason
}

/// Why a search could not start.
public enum GroupingSearchError: Error, Sendable, Hashable, CustomStringConvertible {
  /// No assignment respecting the size bounds and forbidden pairs was found to start from.
  case noFeasibleStart
  /// Neither an iteration budget nor a time limit was given, or one is not positive.
  case invalidBudget

  public var description: String {
    switch self {
    case .noFeasibleStart:
      return "no grouping that respects the size bounds and forbidden pairs was found"
    case .invalidBudget:
      return "the search needs a positive iteration budget or time limit"
    }
  }
}

/// The native grouping search: multi-start iterated maxima search, after the idea of Lai &
/// Hao (2016), over insertion and swap moves with O(1) gains from a maintained matrix
/// `W[i][g] = Σ_{j ∈ g} d_ij` (see `SearchEngine`).
///
/// One **iteration** is one perturbation followed by one local search (first-improvement
/// sweeps over every insertion and swap, repeated until a sweep improves nothing):
/// - the usual perturbation is `weakStrength` *directed* moves, each the best of
///   `sampleFactor · n` random feasible moves (improving or not), applied to the accepted
///   solution; the new local optimum is accepted only if it is better, else the search returns
///   to the accepted one;
/// - after `stagnationLimit` iterations in a row without improvement, the perturbation is
///   `strongFactor · n / m` random moves, and its local optimum is accepted unconditionally.
///
/// The first phase runs `starts` such searches of `startIterationsPerItem · n` iterations
/// (capped at a fifth of the budget over all starts; in time-only mode, at a fifth of the
/// time limit) from independent random starts (the basin a run starts in, mostly its vector of group
/// sizes when bounds differ, is hard to leave); the second phase continues from the best of
/// them for the rest of the budget. All iterations count against `SearchOptions.iterations`.
///
/// ```swift
/// let problem = try PairwiseGroupingProblem(
///   itemCount: n, lowerBounds: lower, upperBounds: upper, weights: d,
///   forbiddenPairs: [(3, 7)])
/// let result = try GroupingSearch.run(problem, options: SearchOptions(seed: 1, iterations: 50_000))
/// // result.assignment[i] is item i's group; result.objective the recomputed sum of pairs.
/// ```
///
/// The engine is generic over the pair rule, so plain MDGP (no forbidden pairs) runs without
/// any rule check. With forbidden pairs, moves that would seat a forbidden pair together are
/// skipped, and a start is built by randomised greedy placement (`noFeasibleStart` if it
/// fails 64 times).
public enum GroupingSearch {
  /// Runs the search and returns the best assignment found.
  public static func run(_ problem: PairwiseGroupingProblem, options: SearchOptions)
    throws(GroupingSearchError) -> SearchResult
  {
    if let iterations = options.iterations, iterations < 0 { throw .invalidBudget }
    if let limit = options.timeLimit, !(limit > 0) { throw .invalidBudget }
    guard options.iterations != nil || options.timeLimit != nil else { throw .invalidBudget }
    if let forbidden = problem.forbidden {
      let rule = ForbiddenPairRule(
        itemCount: problem.itemCount, groupCount: problem.groupCount, forbidden: forbidden)
      let engine = SearchEngine(problem: problem, rule: rule, seed: options.seed)
      return try iterate(engine, problem: problem, options: options)
    }
    let engine = SearchEngine(problem: problem, rule: NoPairRule(), seed: options.seed)
    return try iterate(engine, problem: problem, options: options)
  }

  /// An iteration budget that takes about `seconds` on the machine this was measured on
  /// (release build, one thread), for a problem of `itemCount` items.
  ///
  /// Measured rates: about 21 000 iterations per second at n = 120 and 7 000 at n = 240
  /// (MDGPLIB, unloaded 2-core x86-64 Linux machine), so the rate falls as about n^1.6.
  public static func iterations(equivalentTo seconds: Double, itemCount: Int) -> Int {
    let scale = 120.0 / Double(max(itemCount, 10))
    let perSecond = 21_000 * pow(scale, 1.6)
    return max(1, Int((perSecond * seconds).rounded()))
  }

  @inline(__always)
  private static func ascend<Rule: PairRule>(_ engine: SearchEngine<Rule>, _ steepest: Bool) {
    if steepest { engine.descend() } else { engine.sweep() }
  }

  /// The bookkeeping of one run: budget, clock, best so far.
  private struct Run {
    let budget: Int
    let deadline: ContinuousClock.Instant?
    let clock = ContinuousClock()
    var done = 0
    var best: [Int] = []
    var bestObjective = -Double.infinity
    var iterationOfBest = 0
    var stoppedBy = SearchResult.StopReason.iterations

    /// Whether another iteration may start; records why not.
    mutating func mayContinue() -> Bool {
      if done >= budget { return false }
      if let deadline, clock.now >= deadline {
        stoppedBy = .time
        return false
      }
      return true
    }
  }

  /// The moves of the two perturbations, from the options and the problem's size.
  private struct Strengths {
    let weak: Int
    let strong: Int
    let samples: Int
    let stagnation: Int
    let steepest: Bool

    init(_ options: SearchOptions, _ problem: PairwiseGroupingProblem) {
      let n = Double(problem.itemCount)
      weak = max(1, options.weakStrength)
      strong = max(weak + 1, Int((options.strongFactor * n / Double(problem.groupCount)).rounded()))
      samples = max(1, Int((options.sampleFactor * n).rounded()))
      stagnation = max(1, options.stagnationLimit)
      steepest = options.steepest
    }
  }

  private static func iterate<Rule: PairRule>(
    _ engine: SearchEngine<Rule>, problem: PairwiseGroupingProblem, options: SearchOptions
  ) throws(GroupingSearchError) -> SearchResult {
    let clock = ContinuousClock()
    let startTime = clock.now
    var run = Run(
      budget: options.iterations ?? Int.max,
      deadline: options.timeLimit.map { startTime.advanced(by: .seconds($0)) })
    let strengths = Strengths(options, problem)
    let warmStart = options.start.flatMap { problem.isFeasible($0) ? $0 : nil }
    // Phase 1: several short runs from different random starts, because the basin a run
    // starts in (for differing bounds, mostly its vector of group sizes) is hard to leave.
    // Phase 2 continues from the best of them.
    let starts = warmStart == nil ? max(1, options.starts) : 1
    // Each start gets at most a fifth of the budget over the starts, so that a small budget
    // still leaves most of it to phase 2; in time-only mode the same holds for the clock.
    var startIterations = starts > 1 ? options.startIterationsPerItem * problem.itemCount : 0
    if let iterations = options.iterations {
      startIterations = min(startIterations, max(1, iterations / (5 * starts)))
    }
    let startSeconds =
      options.iterations == nil ? options.timeLimit.map { $0 / Double(5 * starts) } : nil
    for attempt in 0..<starts {
      if attempt > 0 && !run.mayContinue() { break }
      if let warmStart {
        engine.load(warmStart)
      } else if !engine.constructRandom() {
        throw .noFeasibleStart
      }
      ascend(engine, strengths.steepest)
      engine.save()
      record(engine, &run)
      if starts > 1 {
        search(
          engine, &run, strengths, until: run.done + startIterations,
          before: startSeconds.map { clock.now.advanced(by: .seconds($0)) })
      }
    }
    if starts > 1 {
      engine.load(run.best)
      engine.save()
    }
    search(engine, &run, strengths, until: Int.max)
    let elapsed = clock.now - startTime
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return SearchResult(
      assignment: run.best, objective: problem.objective(of: run.best), iterations: run.done,
      iterationOfBest: run.iterationOfBest, seconds: seconds, stoppedBy: run.stoppedBy)
  }

  @inline(__always)
  private static func record<Rule: PairRule>(_ engine: SearchEngine<Rule>, _ run: inout Run) {
    if engine.objective > run.bestObjective + engine.epsilon {
      run.bestObjective = engine.objective
      run.best = engine.assignment
      run.iterationOfBest = run.done
    }
  }

  /// Iterated maxima search from the engine's accepted solution until `limit` iterations in
  /// all, the budget or the deadline.
  private static func search<Rule: PairRule>(
    _ engine: SearchEngine<Rule>, _ run: inout Run, _ strengths: Strengths, until limit: Int,
    before phaseEnd: ContinuousClock.Instant? = nil
  ) {
    var stale = 0
    while run.done < limit && run.mayContinue() {
      if let phaseEnd, run.clock.now >= phaseEnd { return }
      run.done += 1
      if stale >= strengths.stagnation {
        // Leave this region: random moves, then start a new maxima search from wherever
        // the ascent lands, better or not.
        for _ in 0..<strengths.strong { engine.randomMove() }
        ascend(engine, strengths.steepest)
        engine.save()
        stale = 0
      } else {
        for _ in 0..<strengths.weak { engine.directedMove(samples: strengths.samples) }
        ascend(engine, strengths.steepest)
        if engine.objective > engine.acceptedObjective + engine.epsilon {
          engine.save()
          stale = 0
        } else {
          engine.restore()
          stale += 1
        }
      }
      record(engine, &run)
    }
  }
}
