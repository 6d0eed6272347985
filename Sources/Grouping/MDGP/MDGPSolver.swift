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
    /// Search parameters other than seed, budget and start (see `SearchOptions`).
    public var tuning: SearchOptions

    public init(
      seed: UInt64 = 1, iterations: Int? = nil, timeLimit: Double? = nil, exactLimit: Int = 14,
      tuning: SearchOptions = SearchOptions()
    ) {
      self.tuning = tuning
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

  /// Solves an instance.
  public static func solve(_ instance: MDGPInstance, options: Options = Options())
    throws(GroupingSearchError) -> Solution
  {
    let problem = instance.problem
    let clock = ContinuousClock()
    let start = clock.now
    if problem.itemCount <= options.exactLimit,
      let exact = ExactGrouping.solve(problem, timeLimit: options.timeLimit ?? 60)
    {
      let elapsed = clock.now - start
      return Solution(
        groups: groups(of: exact.assignment, count: problem.groupCount),
        objective: exact.objective, provenOptimal: exact.proven,
        method: .exact, iterations: 0,
        seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds)
          * 1e-18)
    }
    var iterations = options.iterations
    if iterations == nil && options.timeLimit == nil {
      iterations = GroupingSearch.iterations(
        equivalentTo: literatureSeconds(itemCount: problem.itemCount),
        itemCount: problem.itemCount)
    }
    var searchOptions = options.tuning
    searchOptions.seed = options.seed
    searchOptions.iterations = iterations
    searchOptions.timeLimit = options.timeLimit
    searchOptions.start = nil
    let result = try GroupingSearch.run(problem, options: searchOptions)
    return Solution(
      groups: groups(of: result.assignment, count: problem.groupCount),
      objective: result.objective, provenOptimal: false, method: .search,
      iterations: result.iterations, seconds: result.seconds)
  }

  static func groups(of assignment: [Int], count: Int) -> [[Int]] {
    var groups = [[Int]](repeating: [], count: count)
    for (item, group) in assignment.enumerated() where group >= 0 && group < count {
      groups[group].append(item)
    }
    return groups
  }
}
