import LinearSolver

/// Proves the optimum of a small grouping problem: set partitioning in GLPK over every
/// feasible group, enumerated explicitly.
///
/// Groups with equal size bounds are interchangeable, so the model has one column per
/// (member set, bound class) and asks each class for as many sets as it has groups. Every
/// item is covered exactly once. Member sets holding a forbidden pair are never enumerated.
public enum ExactGrouping {
  /// A proven (or, if GLPK stopped early, best found) assignment.
  public struct Result: Sendable, Hashable {
    /// `assignment[i]` is item i's group, in the problem's group order.
    public var assignment: [Int]
    /// The objective, recomputed pair by pair.
    public var objective: Double
    /// Whether GLPK proved optimality.
    public var proven: Bool
  }

  /// The most items enumerated (2^n member sets).
  public static let maximumItems = 20
  /// The most columns a model may have before the exact solve declines.
  public static let maximumColumns = 400_000

  /// Solves `problem` exactly, or returns `nil` when it is too large to enumerate, GLPK
  /// failed, or no feasible grouping was found within `timeLimit` seconds.
  public static func solve(_ problem: PairwiseGroupingProblem, timeLimit: Double = 60) -> Result? {
    let n = problem.itemCount
    guard n <= maximumItems else { return nil }
    // Bound classes, in first-appearance order: (lower, upper) → the groups having them.
    var classBounds: [(Int, Int)] = []
    var classGroups: [[Int]] = []
    for g in 0..<problem.groupCount {
      let bounds = (problem.lowerBounds[g], problem.upperBounds[g])
      if let c = classBounds.firstIndex(where: { $0 == bounds }) {
        classGroups[c].append(g)
      } else {
        classBounds.append(bounds)
        classGroups.append([g])
      }
    }
    let smallest = problem.lowerBounds.min() ?? 1
    let largest = problem.upperBounds.max() ?? n
    // Values and validity of every member set, built from the set without its lowest item.
    let setCount = 1 << n
    var value = [Double](repeating: 0, count: setCount)
    var valid = [Bool](repeating: true, count: setCount)
    var columnsNeeded = 0
    for mask in 1..<setCount {
      let low = mask.trailingZeroBitCount
      let rest = mask & (mask - 1)
      var total = value[rest]
      var ok = valid[rest]
      var others = rest
      while others != 0 {
        let j = others.trailingZeroBitCount
        total += problem.weight(low, j)
        if !problem.mayShare(low, j) { ok = false }
        others &= others - 1
      }
      value[mask] = total
      valid[mask] = ok
      let size = mask.nonzeroBitCount
      if ok && size >= smallest && size <= largest {
        for (a, b) in classBounds where size >= a && size <= b { columnsNeeded += 1 }
      }
    }
    guard columnsNeeded > 0, columnsNeeded <= maximumColumns else { return nil }

    var model = Model(name: "exact-grouping")
    var columns: [(mask: Int, bound: Int, variable: Variable)] = []
    columns.reserveCapacity(columnsNeeded)
    var cover = [LinearExpression](repeating: LinearExpression(), count: n)
    var perClass = [LinearExpression](repeating: LinearExpression(), count: classBounds.count)
    var objective = LinearExpression()
    for mask in 1..<setCount where valid[mask] {
      let size = mask.nonzeroBitCount
      guard size >= smallest && size <= largest else { continue }
      for (c, (a, b)) in classBounds.enumerated() where size >= a && size <= b {
        let x = model.addVariable(kind: .binary)
        columns.append((mask, c, x))
        objective.add(x, value[mask])
        perClass[c].add(x)
        var members = mask
        while members != 0 {
          cover[members.trailingZeroBitCount].add(x)
          members &= members - 1
        }
      }
    }
    for i in 0..<n { model.addConstraint(.equal(cover[i], 1)) }
    for c in 0..<classBounds.count {
      model.addConstraint(.equal(perClass[c], Double(classGroups[c].count)))
    }
    model.maximize(objective)
    guard let solution = try? model.solve(SolveOptions(timeLimit: timeLimit)),
      solution.hasValues
    else { return nil }
    var assignment = [Int](repeating: -1, count: n)
    var nextGroup = [Int](repeating: 0, count: classBounds.count)
    for column in columns where solution.isSet(column.variable) {
      let c = column.bound
      guard nextGroup[c] < classGroups[c].count else { return nil }
      let group = classGroups[c][nextGroup[c]]
      nextGroup[c] += 1
      var members = column.mask
      while members != 0 {
        assignment[members.trailingZeroBitCount] = group
        members &= members - 1
      }
    }
    guard problem.isFeasible(assignment) else { return nil }
    return Result(
      assignment: assignment, objective: problem.objective(of: assignment),
      proven: solution.status == .optimal)
  }
}
