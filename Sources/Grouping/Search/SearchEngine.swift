import Intake

/// The mutable state of one search run: the assignment, group sizes and the gain matrix
/// `W[i][g] = Σ_{j ∈ g} d_ij`, all in raw buffers so that the hot loops carry no ARC traffic,
/// no bounds checks and no exclusivity checks.
///
/// Moves:
/// - insertion: item `i` from `gi` to `g` (room in `g`, `gi` above its lower bound),
///   gain `W[i][g] − W[i][gi]`;
/// - swap: `i ∈ gi` with `j ∈ gj`, gain `W[i][gj] − W[i][gi] + W[j][gi] − W[j][gj] − 2 d_ij`.
/// Every gain is O(1); applying a move updates two columns of `W` in O(n).
final class SearchEngine<Rule: PairRule> {
  let n: Int
  let m: Int
  let rule: Rule
  var rng: SeededRandom
  private(set) var objective: Double = 0

  let d: UnsafeMutablePointer<Double>
  let w: UnsafeMutablePointer<Double>
  let assign: UnsafeMutablePointer<Int>
  let size: UnsafeMutablePointer<Int>
  let lower: UnsafeMutablePointer<Int>
  let upper: UnsafeMutablePointer<Int>

  // The accepted ("current") solution of the iterated search, restored after a rejected try.
  private let savedW: UnsafeMutablePointer<Double>
  private let savedAssign: UnsafeMutablePointer<Int>
  private let savedSize: UnsafeMutablePointer<Int>
  private var savedObjective: Double = 0

  /// Gains below this are treated as zero, so rounding noise never counts as an improvement.
  let epsilon: Double

  init(problem: PairwiseGroupingProblem, rule: Rule, seed: UInt64) {
    n = problem.itemCount
    m = problem.groupCount
    self.rule = rule
    rng = SeededRandom(seed: seed)
    let count = problem.itemCount * problem.itemCount
    let matrix = UnsafeMutablePointer<Double>.allocate(capacity: count)
    var largest = 0.0
    problem.weights.withUnsafeBufferPointer { source in
      for index in 0..<count {
        matrix[index] = source[index]
        largest = max(largest, abs(source[index]))
      }
    }
    d = matrix
    epsilon = max(largest, 1) * 1e-10
    w = .allocate(capacity: n * m)
    w.initialize(repeating: 0, count: n * m)
    assign = .allocate(capacity: n)
    assign.initialize(repeating: -1, count: n)
    size = .allocate(capacity: m)
    size.initialize(repeating: 0, count: m)
    lower = .allocate(capacity: m)
    upper = .allocate(capacity: m)
    for g in 0..<m {
      lower[g] = problem.lowerBounds[g]
      upper[g] = problem.upperBounds[g]
    }
    savedW = .allocate(capacity: n * m)
    savedW.initialize(repeating: 0, count: n * m)
    savedAssign = .allocate(capacity: n)
    savedAssign.initialize(repeating: 0, count: n)
    savedSize = .allocate(capacity: m)
    savedSize.initialize(repeating: 0, count: m)
  }

  deinit {
    d.deallocate()
    w.deallocate()
    assign.deallocate()
    size.deallocate()
    lower.deallocate()
    upper.deallocate()
    savedW.deallocate()
    savedAssign.deallocate()
    savedSize.deallocate()
    rule.deallocate()
  }

  /// The current assignment as an array.
  var assignment: [Int] { (0..<n).map { assign[$0] } }

  // MARK: Loading

  /// Loads a complete assignment and rebuilds `W`, sizes, rule counts and the objective.
  func load(_ groups: [Int]) {
    rule.clear()
    size.update(repeating: 0, count: m)
    for i in 0..<n {
      assign[i] = groups[i]
      size[groups[i]] += 1
      rule.added(i, groups[i])
    }
    rebuildWeights()
  }

  /// Recomputes `W` and the objective from the assignment, in O(n²).
  func rebuildWeights() {
    w.update(repeating: 0, count: n * m)
    var total = 0.0
    for i in 0..<n {
      let row = d + i * n
      let gi = assign[i]
      for j in 0..<n {
        w[j * m + gi] += row[j]
      }
    }
    for i in 0..<n { total += w[i * m + assign[i]] }
    objective = total / 2
  }

  /// Builds a random feasible assignment.
  ///
  /// First every group is filled up to its lower bound, then the remaining items go into
  /// random groups with room. Returns `false` when the rule blocked every attempt.
  func constructRandom(attempts: Int = 64) -> Bool {
    var order = Array(0..<n)
    var groupOrder = Array(0..<m)
    for _ in 0..<attempts {
      order.shuffle(using: &rng)
      groupOrder.shuffle(using: &rng)
      rule.clear()
      size.update(repeating: 0, count: m)
      assign.update(repeating: -1, count: n)
      var failed = false
      var next = 0
      // Fill lower bounds, scanning the shuffled items for ones the rule lets in.
      fill: for g in groupOrder {
        while size[g] < lower[g] {
          var placed = false
          for k in next..<n where assign[order[k]] < 0 && rule.mayJoin(order[k], g) {
            place(order[k], g)
            placed = true
            if k == next { next += 1 }
            break
          }
          if !placed {
            failed = true
            break fill
          }
        }
      }
      if !failed {
        var open: [Int] = []
        for i in order where assign[i] < 0 {
          open.removeAll(keepingCapacity: true)
          for g in 0..<m where size[g] < upper[g] && rule.mayJoin(i, g) { open.append(g) }
          guard !open.isEmpty else {
            failed = true
            break
          }
          place(i, open[rng.below(open.count)])
        }
      }
      if !failed {
        rebuildWeights()
        return true
      }
    }
    return false
  }

  @inline(__always) private func place(_ i: Int, _ g: Int) {
    assign[i] = g
    size[g] += 1
    rule.added(i, g)
  }

  // MARK: Saving

  /// Remembers the live state as the accepted solution.
  func save() {
    savedW.update(from: w, count: n * m)
    savedAssign.update(from: assign, count: n)
    savedSize.update(from: size, count: m)
    savedObjective = objective
    rule.save()
  }

  /// Returns to the accepted solution.
  func restore() {
    w.update(from: savedW, count: n * m)
    assign.update(from: savedAssign, count: n)
    size.update(from: savedSize, count: m)
    objective = savedObjective
    rule.restore()
  }

  var acceptedObjective: Double { savedObjective }

  // MARK: Moves

  /// Moves item `i` to group `g` (no checks), updating `W` in O(n).
  @inline(__always) func move(_ i: Int, to g: Int) {
    let m = self.m
    let w = self.w
    let from = assign[i]
    objective += w[i &* m &+ g] - w[i &* m &+ from]
    let row = d + i &* n
    var cell = w
    for k in 0..<n {
      let value = row[k]
      cell[from] -= value
      cell[g] += value
      cell += m
    }
    size[from] &-= 1
    size[g] &+= 1
    assign[i] = g
    rule.removed(i, from)
    rule.added(i, g)
  }

  /// Swaps the groups of `i` and `j`.
  @inline(__always) func swap(_ i: Int, _ j: Int) {
    let gi = assign[i]
    let gj = assign[j]
    move(i, to: gj)
    move(j, to: gi)
  }

  /// Steepest ascent over the insertion and swap neighbourhoods until no move improves.
  ///
  /// Returns the number of moves applied.
  @discardableResult
  func descend() -> Int {
    let n = self.n
    let m = self.m
    let w = self.w
    let d = self.d
    let assign = self.assign
    let size = self.size
    let lower = self.lower
    let upper = self.upper
    let rule = self.rule
    var steps = 0
    while true {
      var bestGain = epsilon
      var bestI = -1
      var bestJ = -1
      var bestGroup = -1
      // Insertion: only groups with room, only from groups above their lower bound.
      for i in 0..<n {
        let gi = assign[i]
        if size[gi] <= lower[gi] { continue }
        let row = w + i &* m
        let own = row[gi]
        for g in 0..<m where g != gi && size[g] < upper[g] {
          let gain = row[g] - own
          if gain > bestGain && rule.mayJoin(i, g) {
            bestGain = gain
            bestI = i
            bestJ = -1
            bestGroup = g
          }
        }
      }
      for i in 0..<n {
        let gi = assign[i]
        let rowI = w + i &* m
        let ownI = rowI[gi]
        let di = d + i &* n
        var j = i &+ 1
        while j < n {
          let gj = assign[j]
          if gj != gi {
            let rowJ = w + j &* m
            let gain = (rowI[gj] - ownI) + (rowJ[gi] - rowJ[gj]) - 2 * di[j]
            if gain > bestGain && rule.maySwap(i, gi, j, gj) {
              bestGain = gain
              bestI = i
              bestJ = j
            }
          }
          j &+= 1
        }
      }
      if bestI < 0 { return steps }
      if bestJ < 0 {
        move(bestI, to: bestGroup)
      } else {
        swap(bestI, bestJ)
      }
      steps &+= 1
    }
  }

  /// First-improvement ascent in sweeps until a whole sweep improves nothing.
  ///
  /// A sweep tries every insertion, then every swap, and applies each improving move at once.
  /// Returns the moves applied.
  @discardableResult
  func sweep() -> Int {
    let n = self.n
    let m = self.m
    let w = self.w
    let d = self.d
    let assign = self.assign
    let size = self.size
    let lower = self.lower
    let upper = self.upper
    let rule = self.rule
    let epsilon = self.epsilon
    var steps = 0
    var improved = true
    while improved {
      improved = false
      for i in 0..<n {
        for g in 0..<m {
          let gi = assign[i]
          if g == gi || size[gi] <= lower[gi] || size[g] >= upper[g] { continue }
          let row = w + i &* m
          if row[g] - row[gi] > epsilon && rule.mayJoin(i, g) {
            move(i, to: g)
            steps &+= 1
            improved = true
          }
        }
      }
      for i in 0..<n {
        let rowI = w + i &* m
        let di = d + i &* n
        var j = i &+ 1
        while j < n {
          let gi = assign[i]
          let gj = assign[j]
          if gj != gi {
            let rowJ = w + j &* m
            let gain = (rowI[gj] - rowI[gi]) + (rowJ[gi] - rowJ[gj]) - 2 * di[j]
            if gain > epsilon && rule.maySwap(i, gi, j, gj) {
              swap(i, j)
              steps &+= 1
              improved = true
            }
          }
          j &+= 1
        }
      }
    }
    return steps
  }

  /// Applies the best of `samples` random feasible moves, improving or not: a perturbation
  /// that leaves a local optimum by the least damaging way out among a random few.
  @discardableResult
  func directedMove(samples: Int) -> Bool {
    let insertions = n * m
    let total = UInt64(insertions + n * (n - 1) / 2)
    var bestGain = -Double.infinity
    var bestI = -1
    var bestJ = -1
    var bestGroup = -1
    var seen = 0
    var tries = 0
    while seen < samples && tries < 8 * samples {
      tries += 1
      let pick = Int(truncatingIfNeeded: rng.next(upperBound: total))
      if pick < insertions {
        let i = pick / m
        let g = pick - i * m
        let gi = assign[i]
        guard g != gi, size[gi] > lower[gi], size[g] < upper[g], rule.mayJoin(i, g) else {
          continue
        }
        seen += 1
        let gain = w[i * m + g] - w[i * m + gi]
        if gain > bestGain {
          bestGain = gain
          bestI = i
          bestJ = -1
          bestGroup = g
        }
      } else {
        let i = rng.below(n)
        let j = rng.below(n)
        let gi = assign[i]
        let gj = assign[j]
        guard gi != gj, rule.maySwap(i, gi, j, gj) else { continue }
        seen += 1
        let gain =
          (w[i * m + gj] - w[i * m + gi]) + (w[j * m + gi] - w[j * m + gj]) - 2 * d[i * n + j]
        if gain > bestGain {
          bestGain = gain
          bestI = i
          bestJ = j
        }
      }
    }
    if bestI < 0 { return false }
    if bestJ < 0 {
      move(bestI, to: bestGroup)
    } else {
      swap(bestI, bestJ)
    }
    return true
  }

  /// Applies one random feasible move.
  ///
  /// An insertion or a swap, half and half where both are possible. Returns `false` if none
  /// was found in a few tries.
  @discardableResult
  func randomMove() -> Bool {
    for _ in 0..<64 {
      let i = rng.below(n)
      let j = rng.below(n)
      let gi = assign[i]
      let gj = assign[j]
      if gi == gj { continue }
      if rng.next() & 1 == 0, size[gi] > lower[gi], size[gj] < upper[gj], rule.mayJoin(i, gj) {
        move(i, to: gj)
        return true
      }
      if rule.maySwap(i, gi, j, gj) {
        swap(i, j)
        return true
      }
    }
    return false
  }
}
