/// A grouping problem, independent of any file format: split `itemCount` items into exactly
/// `groupCount` groups, group `g` holding between `lowerBounds[g]` and `upperBounds[g]` items,
/// and maximise the sum of `weight(i, j)` over all pairs that share a group.
///
/// Optional forbidden pairs are a hard rule: two items of a forbidden pair never share a group.
/// The engine solves it as a ``PartitionProblem`` of single-person units with a fixed number
/// of groups (``partitionProblem``).
public struct PairwiseGroupingProblem: Sendable, Hashable {
  /// The number of items, `n`.
  public let itemCount: Int
  /// The number of groups, `m`; every group is formed (it holds at least its lower bound).
  public let groupCount: Int
  /// The least number of items per group.
  public let lowerBounds: [Int]
  /// The most items per group.
  public let upperBounds: [Int]
  /// The symmetric weight matrix, row-major `n × n`, with a zero diagonal.
  public let weights: [Double]
  /// The forbidden-pair matrix, row-major `n × n` (symmetric, `false` diagonal), or `nil`
  /// when no pair is forbidden.
  public let forbidden: [Bool]?

  /// Why a problem cannot be built.
  public enum Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
    /// The item or group count is not positive, or more groups than items are asked for.
    case invalidCounts(items: Int, groups: Int)
    /// The bound arrays do not hold one entry per group, or a bound is negative or inverted.
    case invalidBounds(group: Int)
    /// The bounds cannot hold exactly `itemCount` items.
    case boundsCannotHoldItems(minimum: Int, maximum: Int, items: Int)
    /// The weight matrix has the wrong size or a non-finite entry.
    case invalidWeights
    /// A forbidden pair names an item outside `0..<itemCount` or an item twice.
    case invalidForbiddenPair(Int, Int)

    public var description: String {
      switch self {
      case .invalidCounts(let items, let groups):
        return "cannot split \(items) items into \(groups) groups"
      case .invalidBounds(let group):
        return "group \(group) has invalid size bounds"
      case .boundsCannotHoldItems(let minimum, let maximum, let items):
        return "group sizes allow \(minimum)...\(maximum) items in total, but there are \(items)"
      case .invalidWeights:
        return "the weight matrix must be n × n, symmetric and finite"
      case .invalidForbiddenPair(let i, let j):
        return "forbidden pair (\(i), \(j)) is not a pair of two distinct items"
      }
    }
  }

  /// Creates a problem from a full row-major `n × n` weight matrix.
  ///
  /// The matrix is symmetrised by reading the upper triangle, and its diagonal is ignored.
  public init(
    itemCount: Int, lowerBounds: [Int], upperBounds: [Int], weights: [Double],
    forbiddenPairs: [(Int, Int)] = []
  ) throws(Error) {
    let n = itemCount
    let m = lowerBounds.count
    guard n > 0, m > 0, m <= n else { throw .invalidCounts(items: n, groups: m) }
    guard upperBounds.count == m else { throw .invalidBounds(group: min(m, upperBounds.count)) }
    var minimum = 0
    var maximum = 0
    for g in 0..<m {
      guard lowerBounds[g] >= 1, lowerBounds[g] <= upperBounds[g] else {
        throw .invalidBounds(group: g)
      }
      minimum += lowerBounds[g]
      maximum += min(upperBounds[g], n)
    }
    guard minimum <= n, maximum >= n else {
      throw .boundsCannotHoldItems(minimum: minimum, maximum: maximum, items: n)
    }
    guard weights.count == n * n else { throw .invalidWeights }
    var symmetric = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in (i + 1)..<max(i + 1, n) {
        let w = weights[i * n + j]
        guard w.isFinite else { throw .invalidWeights }
        symmetric[i * n + j] = w
        symmetric[j * n + i] = w
      }
    }
    var forbiddenMatrix: [Bool]? = nil
    if !forbiddenPairs.isEmpty {
      var matrix = [Bool](repeating: false, count: n * n)
      for (i, j) in forbiddenPairs {
        guard i >= 0, j >= 0, i < n, j < n, i != j else { throw .invalidForbiddenPair(i, j) }
        matrix[i * n + j] = true
        matrix[j * n + i] = true
      }
      forbiddenMatrix = matrix
    }
    self.itemCount = n
    self.groupCount = m
    self.lowerBounds = lowerBounds
    self.upperBounds = upperBounds.map { min($0, n) }
    self.weights = symmetric
    self.forbidden = forbiddenMatrix
  }

  /// The weight of the pair `(i, j)`.
  @inlinable public func weight(_ i: Int, _ j: Int) -> Double { weights[i * itemCount + j] }

  /// Whether `i` and `j` may share a group.
  @inlinable public func mayShare(_ i: Int, _ j: Int) -> Bool {
    guard let forbidden else { return true }
    return !forbidden[i * itemCount + j]
  }

  /// The objective of an assignment (`assignment[i]` is item `i`'s group), summed pair by
  /// pair in index order so that the figure is exact and reproducible.
  public func objective(of assignment: [Int]) -> Double {
    let n = itemCount
    guard assignment.count == n else { return -.infinity }
    var total = 0.0
    for i in 0..<n {
      for j in (i + 1)..<max(i + 1, n) where assignment[i] == assignment[j] {
        total += weights[i * n + j]
      }
    }
    return total
  }

  /// Whether an assignment puts every item in a valid group, respects every size bound and
  /// never puts a forbidden pair together.
  public func isFeasible(_ assignment: [Int]) -> Bool {
    let n = itemCount
    guard assignment.count == n else { return false }
    var sizes = [Int](repeating: 0, count: groupCount)
    for g in assignment {
      guard g >= 0, g < groupCount else { return false }
      sizes[g] += 1
    }
    for g in 0..<groupCount where sizes[g] < lowerBounds[g] || sizes[g] > upperBounds[g] {
      return false
    }
    if let forbidden {
      for i in 0..<n {
        for j in (i + 1)..<max(i + 1, n)
        where assignment[i] == assignment[j] && forbidden[i * n + j] {
          return false
        }
      }
    }
    return true
  }
}

extension PairwiseGroupingProblem {
  /// The problem as the engine sees it: single-person units, the plain sum of pairs, a fixed
  /// number of groups with their bounds, and forbidden pairs as incompatibility.
  var partitionProblem: PartitionProblem {
    let n = itemCount
    var bits: [UInt64] = []
    if let forbidden {
      let words = (n + 63) / 64
      bits = [UInt64](repeating: 0, count: n * words)
      for i in 0..<n {
        for j in 0..<n where i != j && !forbidden[i * n + j] {
          bits[i * words + j / 64] |= 1 << UInt64(j % 64)
        }
      }
    }
    return PartitionProblem(
      globalUnits: Array(0..<n), sizes: [Int](repeating: 1, count: n),
      priority: [Double](repeating: 0, count: n),
      internalDiversity: [Double](repeating: 0, count: n),
      cross: weights, scoring: .pairSum, groups: .fixed(lower: lowerBounds, upper: upperBounds),
      bits: bits)
  }
}
