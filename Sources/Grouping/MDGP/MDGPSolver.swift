import Foundation
import Intake

/// Solves MDGPLIB instances: exactly when small, by the native search otherwise.
public enum MDGPSolver {
  /// What to run and for how long.
  public struct Options: Sendable, Hashable {
    public var seed: UInt64
    /// The search's iteration budget; `nil` with `timeLimit == nil` picks the budget that
    /// matches the literature's time limit for this size on the reference machine.
    public var iterations: Int?
    /// Seconds; a safety net with `iterations`, the stopping rule without.
    public var timeLimit: Double?
    /// Instances with at most this many items are solved exactly (set partitioning in GLPK).
    public var exactLimit: Int

    public init(
      seed: UInt64 = 1, iterations: Int? = nil, timeLimit: Double? = nil, exactLimit: Int = 14
    ) {
      self.seed = seed
      self.iterations = iterations
      self.timeLimit = timeLimit
      self.exactLimit = exactLimit
    }
  }

  /// How a solution was found.
  public enum Method: String, Sendable, Hashable {
    case exact
    case search
  }

  /// A solved instance.
  public struct Solution: Sendable, Hashable {
    /// The groups, each sorted, in the instance's group order (group g has bounds a_g, b_g).
    public var groups: [[Int]]
    /// The plain sum of d_ij over pairs sharing a group, recomputed from the groups.
    public var objective: Double
    /// Whether the objective is proven optimal.
    public var provenOptimal: Bool
    public var method: Method
    /// Search iterations run (0 for an exact solve).
    public var iterations: Int
    /// Wall-clock seconds; not part of the reproducible result.
    public var seconds: Double

    /// The solution as `{"groups":[[…],…],"objective":…}` with sorted keys, groups sorted by
    /// their first member.
    public var json: String {
      let sorted = groups.filter { !$0.isEmpty }.sorted { ($0.first ?? 0) < ($1.first ?? 0) }
      let body = sorted.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }
        .joined(separator: ",")
      return "{\"groups\":[\(body)],\"objective\":\(objective)}"
    }
  }

  /// The literature's time limit for an instance of `n` items (3 s at 120, 20 s at 240,
  /// 120 s at 480, 600 s at 960), interpolated in between.
  public static func literatureSeconds(itemCount n: Int) -> Double {
    if n <= 120 { return 3 }
    if n <= 240 { return 3 + 17 * Double(n - 120) / 120 }
    if n <= 480 { return 20 + 100 * Double(n - 240) / 240 }
    return 120 + 480 * Double(n - 480) / 480
  }

  /// The most items enumerated for an exact solve.
  public static let maximumExactItems = 20

  /// Solves an instance: exactly (every feasible group enumerated, GLPK set partitioning)
  /// when it is small, else by the engine's iterated search.
  public static func solve(_ instance: MDGPInstance, options: Options = Options())
    throws(MDGPSolverError) -> Solution
  {
    let problem = instance.problem.partitionProblem
    let clock = ContinuousClock()
    let start = clock.now
    let limit = min(options.exactLimit, maximumExactItems)
    if problem.count <= limit,
      let pool = GroupPool.enumerate(problem, units: Array(0..<problem.count), limit: 400_000),
      let exact = try? SetPackingSolver(
        model: problem, pool: pool, units: Array(0..<problem.count),
        timeLimit: options.timeLimit ?? 60, stopToken: nil
      ).partition()
    {
      return Solution(
        groups: exact.groups.map { $0.sorted() },
        objective: instance.problem.objective(of: assignment(exact.groups, count: problem.count)),
        provenOptimal: exact.proven, method: .exact, iterations: 0,
        seconds: (clock.now - start).seconds)
    }
    var iterations = options.iterations
    if iterations == nil && options.timeLimit == nil {
      iterations = self.iterations(
        equivalentTo: literatureSeconds(itemCount: problem.count), itemCount: problem.count)
    }
    let deadline = start.advanced(by: clampedDuration(seconds: options.timeLimit ?? 1e9))
    let settings = SearchSettings.defaults(
      for: problem, seed: options.seed, iterations: iterations ?? Int.max, deadline: deadline)
    let outcome = IteratedSearch.run(problem, settings: settings)
    let assignment = outcome.assignment
    guard assignment.count == problem.count, !assignment.contains(-1) else {
      throw MDGPSolverError(
        code: "mdgp-no-start",
        message: "no grouping that respects the size bounds and forbidden pairs was found")
    }
    var groups = [[Int]](repeating: [], count: instance.problem.groupCount)
    for (item, g) in assignment.enumerated() where g >= 0 { groups[g].append(item) }
    return Solution(
      groups: groups, objective: instance.problem.objective(of: assignment),
      provenOptimal: false, method: .search, iterations: outcome.iterations,
      seconds: (clock.now - start).seconds)
  }

  /// An iteration budget that takes about `seconds` on the machine this was measured on
  /// (release build, one thread), for a problem of `itemCount` items.
  public static func iterations(equivalentTo seconds: Double, itemCount: Int) -> Int {
    let scale = 120.0 / Double(max(itemCount, 10))
    let perSecond = 21_000 * pow(scale, 1.6)
    return max(1, Int((perSecond * seconds).rounded()))
  }

  static func assignment(_ groups: [[Int]], count: Int) -> [Int] {
    var assignment = [Int](repeating: -1, count: count)
    for (g, members) in groups.enumerated() { for u in members { assignment[u] = g } }
    return assignment
  }

  static func groups(of assignment: [Int], count: Int) -> [[Int]] {
    var groups = [[Int]](repeating: [], count: count)
    for (item, group) in assignment.enumerated() where group >= 0 && group < count {
      groups[group].append(item)
    }
    return groups
  }
}

/// Why an instance could not be solved.
public struct MDGPSolverError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A stable code, such as `mdgp-no-start`.
  public var code: String
  public var message: String

  public var description: String { message }
}
