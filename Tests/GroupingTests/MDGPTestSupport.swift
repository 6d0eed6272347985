import Foundation
import Intake

@testable import Grouping

/// Where the MDGPLIB instances live: `MDGPLIB_DIR`, else `../shared/benchmarks/mdgplib`
/// beside the repository; `nil` when absent (those tests are skipped).
enum MDGPLib {
  static let directory: String? = {
    var candidates: [String] = []
    if let env = ProcessInfo.processInfo.environment["MDGPLIB_DIR"] { candidates.append(env) }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(root.appendingPathComponent("../shared/benchmarks/mdgplib").path)
    return candidates.first {
      FileManager.default.fileExists(atPath: $0 + "/instances/RanReal_n010_ss_01.txt")
    }
  }()

  static var isAvailable: Bool { directory != nil }

  static func path(_ name: String) -> String {
    (directory ?? ".") + "/instances/\(name).txt"
  }

  static func load(_ name: String) throws -> MDGPInstance {
    try MDGPInstance.load(path: path(name))
  }
}

/// A random problem for property tests: weights in 0..<100 (some negative when asked),
/// random bounds that hold exactly n items.
func randomProblem(
  seed: UInt64, items n: Int, groups m: Int, negative: Bool = false, forbidden: Int = 0
) throws -> PairwiseGroupingProblem {
  var rng = SeededRandom(seed: seed)
  var weights = [Double](repeating: 0, count: n * n)
  for i in 0..<n {
    for j in (i + 1)..<n {
      let w = Double(rng.below(10_000)) / 100 - (negative ? 30 : 0)
      weights[i * n + j] = w
      weights[j * n + i] = w
    }
  }
  // Sizes: start at an even split, then widen each group's bounds at random.
  var lower: [Int] = []
  var upper: [Int] = []
  for g in 0..<m {
    let share = n / m + (g < n % m ? 1 : 0)
    lower.append(max(1, share - rng.below(3)))
    upper.append(share + rng.below(3))
  }
  var pairs: [(Int, Int)] = []
  for _ in 0..<forbidden {
    let i = rng.below(n)
    let j = rng.below(n)
    if i != j { pairs.append((i, j)) }
  }
  return try PairwiseGroupingProblem(
    itemCount: n, lowerBounds: lower, upperBounds: upper, weights: weights,
    forbiddenPairs: pairs)
}

/// The optimum by exhaustive enumeration of every feasible assignment.
///
/// Groups of equal bounds are interchangeable: an item may open an empty group only if the
/// earlier groups of its bound class are already opened. Independent of the search and GLPK.
func bruteForceOptimum(_ problem: PairwiseGroupingProblem) -> (objective: Double, assignment: [Int])
{
  let n = problem.itemCount
  let m = problem.groupCount
  let lower = problem.lowerBounds
  let upper = problem.upperBounds
  // previousTwin[g]: the last earlier group with the same bounds, or -1.
  var previousTwin = [Int](repeating: -1, count: m)
  for g in 0..<m {
    for h in stride(from: g - 1, through: 0, by: -1)
    where lower[h] == lower[g] && upper[h] == upper[g] {
      previousTwin[g] = h
      break
    }
  }
  var assign = [Int](repeating: -1, count: n)
  var size = [Int](repeating: 0, count: m)
  var best = -Double.infinity
  var bestAssign = assign
  func deficit() -> Int {
    var total = 0
    for g in 0..<m where size[g] < lower[g] { total += lower[g] - size[g] }
    return total
  }
  func recurse(_ i: Int, _ value: Double) {
    if i == n {
      if deficit() == 0 && value > best {
        best = value
        bestAssign = assign
      }
      return
    }
    if deficit() > n - i { return }
    for g in 0..<m where size[g] < upper[g] {
      if size[g] == 0, previousTwin[g] >= 0, size[previousTwin[g]] == 0 { continue }
      var gain = 0.0
      var allowed = true
      for j in 0..<i where assign[j] == g {
        gain += problem.weight(i, j)
        if !problem.mayShare(i, j) { allowed = false }
      }
      if !allowed { continue }
      assign[i] = g
      size[g] += 1
      recurse(i + 1, value + gain)
      size[g] -= 1
      assign[i] = -1
    }
  }
  recurse(0, 0)
  return (best, bestAssign)
}
