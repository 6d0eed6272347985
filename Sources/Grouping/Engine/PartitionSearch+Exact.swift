import Foundation

extension PartitionSearch {
  /// GLPK work limits, in branch-and-bound subproblems.
  ///
  /// Work limits rather than time limits keep every result reproducible on any machine and
  /// under any load.
  enum Nodes {
    /// Re-optimising two groups during the search.
    static let reoptimization = 200
    /// A first try at a proof where the subset DP can take over.
    static let shortTry = 200
    /// A component too large for the subset DP: GLPK's one chance at a proof, fewer
    /// subproblems the more groups each one's LP holds (a node costs about its columns), and
    /// fewer again when the search could not place everyone (the LP bound is weak then).
    ///
    /// `searchWork` is the search's iterations times the component's people. A failed proof
    /// is followed by that search, so the attempt may cost at most about as much: 80 columns
    /// per unit of search work is about 2.5 ms per iteration per 100 people here.
    static func proof(pool: Int, everyonePlaced: Bool, searchWork: Int) -> Int {
      let columns = min(everyonePlaced ? 4_000_000 : 1_000_000, 80 * max(0, searchWork))
      return max(shortTry, min(20_000, columns / max(1, pool)))
    }
    /// Recombining the elite solutions' groups.
    static let recombination = 5_000
  }

  /// The most valid groups a re-partition of two groups enumerates; beyond it the pair is
  /// left as it is, since GLPK's work grows faster than the pool.
  static let reoptimizationPool = 6_000

  /// Re-partitions the members of two groups (and unplaced units that fit with them)
  /// exactly, with GLPK set packing over every valid group of those units.
  ///
  /// Applies the result when it places more people or raises the objective. Returns whether
  /// it did.
  func reoptimize(
    _ a: Int, _ b: Int, including extra: Int? = nil, deadline: ContinuousClock.Instant
  ) -> Bool {
    guard a != b, memberCount[a] > 0, memberCount[b] > 0 else { return false }
    var chosen = units(of: a) + units(of: b)
    let inside = chosen
    if let extra, assign[extra] < 0 { chosen.append(extra) }
    // Unplaced units compatible with someone in either group may join.
    for u in 0..<n where assign[u] < 0 && u != extra && chosen.count < 22 {
      if inside.contains(where: { problem.compatible(u, $0) }) { chosen.append(u) }
    }
    chosen.sort()
    guard let pool = GroupPool.enumerate(problem, units: chosen, limit: Self.reoptimizationPool),
      pool.count > 2
    else { return false }
    let before = PartitionSolution(groups: [units(of: a), units(of: b)], problem: problem)
    let seconds = max(0.01, ContinuousClock().now.duration(to: deadline).seconds)
    var solver = SetPackingSolver(
      model: problem, pool: pool, units: chosen, timeLimit: seconds, deadline: deadline,
      stopToken: nil, nodeLimit: Nodes.reoptimization)
    // On a small pool, GLPK's cut generators cost more than the whole search they shorten.
    solver.cuts = false
    guard let outcome = try? solver.solve(start: before), outcome.solution.isBetter(than: before)
    else { return false }
    let empties = (0..<groupCount).filter { memberCount[$0] == 0 && $0 != a && $0 != b }
    guard outcome.solution.groups.count <= 2 + empties.count else { return false }
    for u in inside { remove(u) }
    for (k, group) in outcome.solution.groups.enumerated() {
      let target = k == 0 ? a : (k == 1 ? b : empties[k - 2])
      for u in group { add(u, to: target) }
    }
    return true
  }

  /// For each unplaced unit, highest priority first, lets GLPK re-partition the two groups
  /// holding most of its compatible peers together with it.
  ///
  /// Returns how many calls placed more people or improved the objective.
  func polishPlacement(deadline: ContinuousClock.Instant) -> Int {
    var improved = 0
    let clock = ContinuousClock()
    let unplaced = (0..<n).filter { assign[$0] < 0 }.sorted {
      problem.priority[$0] > problem.priority[$1]
    }
    for u in unplaced where assign[u] < 0 {
      if clock.now >= deadline { break }
      var counted: [(group: Int, peers: Int)] = []
      for g in openGroups {
        let peers = units(of: g).filter { problem.compatible(u, $0) }.count
        if peers > 0 { counted.append((g, peers)) }
      }
      counted.sort { x, y in x.peers != y.peers ? x.peers > y.peers : x.group < y.group }
      let near = counted.prefix(4).map(\.group)
      search: for i in near.indices {
        for j in near.indices where j > i {
          if clock.now >= deadline { break search }
          if reoptimize(near[i], near[j], including: u, deadline: deadline) {
            improved += 1
            break search
          }
        }
      }
    }
    return improved
  }
}
