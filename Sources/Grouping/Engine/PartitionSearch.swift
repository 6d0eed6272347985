import Intake

/// The incremental state of one search on a ``PartitionProblem``: the assignment, each
/// group's members, size, pair sum and value, and for every unit `u` and group `g` the weight
/// `W[u][g]` between `u` and the members of `g` (and, with rules, how many of them `u` may not
/// meet). A move or swap is then checked and scored in O(1) and applied in O(units).
///
/// The buffers are raw and owned by the class, so that the inner loops carry no reference
/// counting, bounds or exclusivity checks. Every change can be journalled and undone, which
/// is how the iterated search returns to its accepted solution.
final class PartitionSearch {
  let problem: PartitionProblem
  /// Units.
  let n: Int
  /// Group slots: the fixed number of groups, or as many as the people allow at `size.min`.
  let groupCount: Int
  /// The most units a group can hold.
  let capacity: Int
  var rng: SeededRandom
  /// Whether a move's gain is `W[u][b] − W[u][a]` (the plain pair sum of single people).
  let linear: Bool
  /// Whether compatibility, slots or counted attributes apply.
  let hasRules: Bool
  let fixed: Bool

  let assign: UnsafeMutablePointer<Int>
  let members: UnsafeMutablePointer<Int32>
  let memberCount: UnsafeMutablePointer<Int>
  let size: UnsafeMutablePointer<Int>
  let lower: UnsafeMutablePointer<Int>
  let upper: UnsafeMutablePointer<Int>
  let sum: UnsafeMutablePointer<Double>
  let met: UnsafeMutablePointer<Double>
  let value: UnsafeMutablePointer<Double>
  let mask: UnsafeMutablePointer<UInt64>
  let w: UnsafeMutablePointer<Double>
  /// Pairs who met before, per unit and group; empty unless `met_before: penalize`.
  let wm: UnsafeMutablePointer<Double>?
  let conflicts: UnsafeMutablePointer<Int32>?
  /// Per counted attribute, `group × value` counts.
  let counts: [UnsafeMutablePointer<Int32>]
  let weights: UnsafeMutablePointer<Double>
  let unitSizes: UnsafeMutablePointer<Int>
  /// Groups changed since the last local search: all it needs to look at again.
  let touched: UnsafeMutablePointer<Bool>

  /// People placed, then their priority and the objective, kept up to date (in buffers, so
  /// that updating them costs no exclusivity check).
  private let placed: UnsafeMutablePointer<Int>
  private let totals: UnsafeMutablePointer<Double>

  var placedPeople: Int { placed.pointee }
  var placedPriority: Double { totals[0] }
  var totalValue: Double { totals[1] }

  var journal: [Step] = []
  var recording = false
  /// Gains below this count as none, so rounding noise is never an improvement.
  let epsilon: Double

  init(problem: PartitionProblem, seed: UInt64) {
    self.problem = problem
    n = problem.count
    rng = SeededRandom(seed: seed)
    fixed = problem.isFixed
    switch problem.groups {
    case .fixed(let lower, _): groupCount = max(1, lower.count)
    case .free(let min, _, _): groupCount = max(1, problem.people / max(1, min))
    }
    capacity = max(1, problem.maxSize)
    linear = problem.isPairSum && problem.sizes.allSatisfy { $0 == 1 }
    hasRules = problem.hasRules
    let cells = n * groupCount
    assign = .allocate(capacity: max(1, n))
    assign.initialize(repeating: -1, count: max(1, n))
    members = .allocate(capacity: groupCount * capacity)
    members.initialize(repeating: -1, count: groupCount * capacity)
    memberCount = .allocate(capacity: groupCount)
    memberCount.initialize(repeating: 0, count: groupCount)
    size = .allocate(capacity: groupCount)
    size.initialize(repeating: 0, count: groupCount)
    lower = .allocate(capacity: groupCount)
    upper = .allocate(capacity: groupCount)
    switch problem.groups {
    case .fixed(let lo, let hi):
      for g in 0..<groupCount {
        lower[g] = g < lo.count ? lo[g] : 0
        upper[g] = g < hi.count ? hi[g] : 0
      }
    case .free(let min, let max, _):
      lower.initialize(repeating: min, count: groupCount)
      upper.initialize(repeating: max, count: groupCount)
    }
    sum = .allocate(capacity: groupCount)
    sum.initialize(repeating: 0, count: groupCount)
    met = .allocate(capacity: groupCount)
    met.initialize(repeating: 0, count: groupCount)
    value = .allocate(capacity: groupCount)
    value.initialize(repeating: 0, count: groupCount)
    mask = .allocate(capacity: groupCount)
    mask.initialize(repeating: SharedMask.everything, count: groupCount)
    w = .allocate(capacity: max(1, cells))
    w.initialize(repeating: 0, count: max(1, cells))
    if problem.metBefore != nil {
      let m = UnsafeMutablePointer<Double>.allocate(capacity: max(1, cells))
      m.initialize(repeating: 0, count: max(1, cells))
      wm = m
    } else {
      wm = nil
    }
    if !problem.bits.isEmpty {
      let c = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, cells))
      c.initialize(repeating: 0, count: max(1, cells))
      conflicts = c
    } else {
      conflicts = nil
    }
    let slotsCount = groupCount
    counts = problem.valueCounts.map { values in
      let c = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, slotsCount * values))
      c.initialize(repeating: 0, count: max(1, slotsCount * values))
      return c
    }
    let units = problem.count
    let matrix = UnsafeMutablePointer<Double>.allocate(capacity: max(1, units * units))
    var largest = 0.0
    for k in 0..<(units * units) {
      matrix[k] = problem.cross[k]
      largest = max(largest, abs(problem.cross[k]))
    }
    weights = matrix
    epsilon = max(largest, 1) * 1e-10
    unitSizes = .allocate(capacity: max(1, n))
    for u in 0..<n { unitSizes[u] = problem.sizes[u] }
    touched = .allocate(capacity: groupCount)
    touched.initialize(repeating: true, count: groupCount)
    placed = .allocate(capacity: 1)
    placed.initialize(to: 0)
    totals = .allocate(capacity: 2)
    totals.initialize(repeating: 0, count: 2)
  }

  deinit {
    assign.deallocate()
    members.deallocate()
    memberCount.deallocate()
    size.deallocate()
    lower.deallocate()
    upper.deallocate()
    sum.deallocate()
    met.deallocate()
    value.deallocate()
    mask.deallocate()
    w.deallocate()
    wm?.deallocate()
    conflicts?.deallocate()
    for c in counts { c.deallocate() }
    weights.deallocate()
    unitSizes.deallocate()
    touched.deallocate()
    placed.deallocate()
    totals.deallocate()
  }

  // MARK: State changes

  /// The value of group `g` with the given sum, size and met pairs.
  @inline(__always)
  func groupValue(_ sum: Double, _ size: Int, _ met: Double) -> Double {
    problem.groupValue(sum: sum, size: size, met: met)
  }

  @inline(__always)
  private func refresh(_ g: Int) {
    let before = value[g]
    value[g] = memberCount[g] == 0 ? 0 : groupValue(sum[g], size[g], met[g])
    totals[1] += value[g] - before
  }

  /// Puts unplaced unit `u` into group `g`.
  func add(_ u: Int, to g: Int) {
    // Every caller checks sizes first; this keeps a slip from corrupting other groups.
    guard memberCount[g] < capacity, assign[u] < 0 else { return }
    if recording { journal.append(Step(unit: u, from: -1)) }
    attach(u, to: g)
    placed.pointee &+= unitSizes[u]
    totals[0] += problem.priority[u]
    refresh(g)
    shiftColumns(u, from: -1, to: g)
  }

  /// Takes placed unit `u` out of its group.
  func remove(_ u: Int) {
    let g = assign[u]
    guard g >= 0 else { return }
    if recording { journal.append(Step(unit: u, from: g)) }
    shiftColumns(u, from: g, to: -1)
    detach(u, from: g)
    placed.pointee &-= unitSizes[u]
    totals[0] -= problem.priority[u]
    refresh(g)
  }

  /// Moves placed unit `u` to group `b` in one pass over the units.
  func move(_ u: Int, to b: Int) {
    let a = assign[u]
    guard a >= 0, a != b, memberCount[b] < capacity else { return }
    if recording { journal.append(Step(unit: u, from: a)) }
    // `W[u][·]` does not count `u` itself, so it is the same before and after the move.
    detach(u, from: a)
    attach(u, to: b)
    refresh(a)
    refresh(b)
    shiftColumns(u, from: a, to: b)
  }

  /// Exchanges placed units `u` and `v` between their groups in one pass over the units.
  func swap(_ u: Int, _ v: Int) {
    let a = assign[u]
    let b = assign[v]
    guard a >= 0, b >= 0, a != b else { return }
    if recording { journal.append(Step(unit: u, from: a, partner: v)) }
    let duv = weights[u &* n &+ v]
    let wua = w[u &* groupCount &+ a]
    let wub = w[u &* groupCount &+ b]
    let wva = w[v &* groupCount &+ a]
    let wvb = w[v &* groupCount &+ b]
    let iu = problem.internalDiversity[u]
    let iv = problem.internalDiversity[v]
    sum[a] += (iv + wva - duv) - (iu + wua)
    sum[b] += (iu + wub - duv) - (iv + wvb)
    if let wm, let metBefore = problem.metBefore {
      let m = metBefore[u &* n &+ v]
      met[a] += (wm[v &* groupCount &+ a] - m) - wm[u &* groupCount &+ a]
      met[b] += (wm[u &* groupCount &+ b] - m) - wm[v &* groupCount &+ b]
    }
    replace(u, by: v, in: a)
    replace(v, by: u, in: b)
    let d = unitSizes[v] - unitSizes[u]
    size[a] &+= d
    size[b] &-= d
    for k in counts.indices {
      let stride = problem.valueCounts[k]
      for entry in problem.tallies[k][u] {
        counts[k][a &* stride &+ Int(entry.value)] &-= Int32(entry.count)
        counts[k][b &* stride &+ Int(entry.value)] &+= Int32(entry.count)
      }
      for entry in problem.tallies[k][v] {
        counts[k][b &* stride &+ Int(entry.value)] &-= Int32(entry.count)
        counts[k][a &* stride &+ Int(entry.value)] &+= Int32(entry.count)
      }
    }
    assign[u] = b
    assign[v] = a
    if hasRules {
      recomputeMask(a)
      recomputeMask(b)
    }
    touched[a] = true
    touched[b] = true
    refresh(a)
    refresh(b)
    // One pass: every unit's weight to `a` gains v and loses u, and the reverse for `b`.
    let rowU = weights + u &* n
    let rowV = weights + v &* n
    var cellA = w + a
    var cellB = w + b
    for x in 0..<n {
      let delta = rowV[x] - rowU[x]
      cellA.pointee += delta
      cellB.pointee -= delta
      cellA += groupCount
      cellB += groupCount
    }
    if let conflicts {
      for x in 0..<n {
        let cu: Int32 = x != u && !problem.compatible(x, u) ? 1 : 0
        let cv: Int32 = x != v && !problem.compatible(x, v) ? 1 : 0
        conflicts[x &* groupCount &+ a] &+= cv &- cu
        conflicts[x &* groupCount &+ b] &+= cu &- cv
      }
    }
    if let wm, let metBefore = problem.metBefore {
      for x in 0..<n {
        let delta = metBefore[x &* n &+ v] - metBefore[x &* n &+ u]
        wm[x &* groupCount &+ a] += delta
        wm[x &* groupCount &+ b] -= delta
      }
    }
  }

  /// One journalled change: `unit` was in `from` (`-1`: unplaced), or, with a `partner`,
  /// the two swapped.
  struct Step {
    var unit: Int
    var from: Int
    var partner: Int = -1
  }

  /// Undoes every change since `mark` in the journal.
  func undo(to mark: Int) {
    let wasRecording = recording
    recording = false
    while journal.count > mark, let step = journal.popLast() {
      if step.partner >= 0 {
        swap(step.unit, step.partner)
      } else if step.from < 0 {
        remove(step.unit)
      } else if assign[step.unit] < 0 {
        add(step.unit, to: step.from)
      } else {
        move(step.unit, to: step.from)
      }
    }
    recording = wasRecording
  }

  // MARK: Bookkeeping

  /// Adds `u` to `g`'s members, sum, size, counts and slots (not to `W`).
  @inline(__always)
  private func attach(_ u: Int, to g: Int) {
    touched[g] = true
    assign[u] = g
    members[g &* capacity &+ memberCount[g]] = Int32(truncatingIfNeeded: u)
    memberCount[g] &+= 1
    sum[g] += problem.internalDiversity[u] + w[u &* groupCount &+ g]
    if let wm { met[g] += wm[u &* groupCount &+ g] }
    size[g] &+= unitSizes[u]
    if hasRules { mask[g] &= problem.masks[u] }
    for k in counts.indices {
      let stride = problem.valueCounts[k]
      for entry in problem.tallies[k][u] {
        counts[k][g &* stride &+ Int(entry.value)] &+= Int32(entry.count)
      }
    }
  }

  /// Takes `u` out of `g`'s members, sum, size, counts and slots (not out of `W`).
  @inline(__always)
  private func detach(_ u: Int, from g: Int) {
    touched[g] = true
    assign[u] = -1
    let base = g &* capacity
    let last = memberCount[g] &- 1
    var k = 0
    while k <= last {
      if members[base &+ k] == Int32(truncatingIfNeeded: u) {
        members[base &+ k] = members[base &+ last]
        break
      }
      k &+= 1
    }
    members[base &+ last] = -1
    memberCount[g] = last
    sum[g] -= problem.internalDiversity[u] + w[u &* groupCount &+ g]
    if let wm { met[g] -= wm[u &* groupCount &+ g] }
    size[g] &-= unitSizes[u]
    for k in counts.indices {
      let stride = problem.valueCounts[k]
      for entry in problem.tallies[k][u] {
        counts[k][g &* stride &+ Int(entry.value)] &-= Int32(entry.count)
      }
    }
    if hasRules { recomputeMask(g) }
    if memberCount[g] == 0 {
      sum[g] = 0
      met[g] = 0
    }
  }

  /// Puts `v` in the member slot of `u` in group `g`.
  @inline(__always)
  private func replace(_ u: Int, by v: Int, in g: Int) {
    let base = g &* capacity
    for k in 0..<memberCount[g] where members[base &+ k] == Int32(truncatingIfNeeded: u) {
      members[base &+ k] = Int32(truncatingIfNeeded: v)
      return
    }
  }

  @inline(__always)
  private func recomputeMask(_ g: Int) {
    var m = SharedMask.everything
    let base = g &* capacity
    for k in 0..<memberCount[g] { m &= problem.masks[Int(members[base &+ k])] }
    mask[g] = m
  }

  /// Moves `u`'s weight (and conflict and met-before counts) from column `a` of every unit
  /// to column `b`, in one pass; `-1` for none.
  @inline(__always)
  private func shiftColumns(_ u: Int, from a: Int, to b: Int) {
    let row = weights + u &* n
    if a >= 0 && b >= 0 {
      var cellA = w + a
      var cellB = w + b
      for x in 0..<n {
        let d = row[x]
        cellA.pointee -= d
        cellB.pointee += d
        cellA += groupCount
        cellB += groupCount
      }
    } else {
      let g = a >= 0 ? a : b
      let sign = a >= 0 ? -1.0 : 1.0
      var cell = w + g
      for x in 0..<n {
        cell.pointee += sign * row[x]
        cell += groupCount
      }
    }
    if let conflicts {
      for x in 0..<n where x != u && !problem.compatible(x, u) {
        if a >= 0 { conflicts[x &* groupCount &+ a] &-= 1 }
        if b >= 0 { conflicts[x &* groupCount &+ b] &+= 1 }
      }
    }
    if let wm, let metBefore = problem.metBefore {
      for x in 0..<n where x != u {
        let m = metBefore[x &* n &+ u]
        if a >= 0 { wm[x &* groupCount &+ a] -= m }
        if b >= 0 { wm[x &* groupCount &+ b] += m }
      }
    }
  }

  /// Empties every group.
  func clear() {
    let wasRecording = recording
    recording = false
    for u in 0..<n where assign[u] >= 0 { remove(u) }
    journal.removeAll(keepingCapacity: true)
    recording = wasRecording
  }

  /// Loads an assignment (`-1` for unplaced), replacing the state.
  func load(_ assignment: [Int]) {
    clear()
    for (u, g) in assignment.enumerated() where g >= 0 && g < groupCount { add(u, to: g) }
  }

  /// The assignment, `-1` for unplaced.
  var assignment: [Int] { (0..<n).map { assign[$0] } }

  // MARK: Checks

  /// The units of group `g`.
  func units(of g: Int) -> [Int] {
    (0..<memberCount[g]).map { Int(members[g &* capacity &+ $0]) }
  }

  /// Groups that hold anyone (every group, for a fixed number of groups).
  var openGroups: [Int] {
    fixed ? Array(0..<groupCount) : (0..<groupCount).filter { memberCount[$0] > 0 }
  }

  /// The slots group `g` would share without unit `x` (all of them for `x = -1`).
  @inline(__always)
  func slots(of g: Int, without x: Int) -> UInt64 {
    guard x >= 0 else { return mask[g] }
    var m = SharedMask.everything
    let base = g &* capacity
    for k in 0..<memberCount[g] {
      let v = Int(members[base &+ k])
      if v != x { m &= problem.masks[v] }
    }
    return m
  }

  @inline(__always)
  private func tallyFits(_ u: Int, into g: Int, without x: Int) -> Bool {
    for a in counts.indices {
      let stride = problem.valueCounts[a]
      for entry in problem.tallies[a][u] {
        var c = Int(counts[a][g &* stride &+ Int(entry.value)]) + entry.count
        if x >= 0 {
          for e in problem.tallies[a][x] where e.value == entry.value { c -= e.count }
        }
        if c > problem.limits[a] { return false }
      }
    }
    return true
  }

  /// Whether `u` may join `g` in place of member `x` (`-1` for none), sizes aside.
  @inline(__always)
  func fits(_ u: Int, into g: Int, replacing x: Int) -> Bool {
    guard hasRules else { return true }
    if let conflicts {
      var c = conflicts[u &* groupCount &+ g]
      if x >= 0 && !problem.compatible(u, x) { c &-= 1 }
      if c != 0 { return false }
    }
    if problem.checksMasks,
      !SharedMask.satisfies(slots(of: g, without: x) & problem.masks[u], slots: problem.needSlots)
    {
      return false
    }
    return counts.isEmpty || tallyFits(u, into: g, without: x)
  }

  // MARK: Gains

  /// The change in the objective if placed unit `u` moves from its group `a` to `b`.
  @inline(__always)
  func moveGain(_ u: Int, from a: Int, to b: Int) -> Double {
    let wa = w[u &* groupCount &+ a]
    let wb = w[u &* groupCount &+ b]
    if linear { return wb - wa }
    let su = unitSizes[u]
    let inside = problem.internalDiversity[u]
    let ma = wm.map { $0[u &* groupCount &+ a] } ?? 0
    let mb = wm.map { $0[u &* groupCount &+ b] } ?? 0
    return groupValue(sum[a] - inside - wa, size[a] - su, met[a] - ma)
      + groupValue(sum[b] + inside + wb, size[b] + su, met[b] + mb) - value[a] - value[b]
  }

  /// The change in the objective if placed units `u` (in `a`) and `v` (in `b`) swap.
  @inline(__always)
  func swapGain(_ u: Int, _ a: Int, _ v: Int, _ b: Int) -> Double {
    let duv = weights[u &* n &+ v]
    let wua = w[u &* groupCount &+ a]
    let wub = w[u &* groupCount &+ b]
    let wva = w[v &* groupCount &+ a]
    let wvb = w[v &* groupCount &+ b]
    if linear { return (wub - wua) + (wva - wvb) - 2 * duv }
    let su = unitSizes[u]
    let sv = unitSizes[v]
    let iu = problem.internalDiversity[u]
    let iv = problem.internalDiversity[v]
    var metA = met[a]
    var metB = met[b]
    if let wm, let mb = problem.metBefore {
      let m = mb[u &* n &+ v]
      metA += wm[v &* groupCount &+ a] - wm[u &* groupCount &+ a] - m
      metB += wm[u &* groupCount &+ b] - wm[v &* groupCount &+ b] - m
    }
    let sumA = sum[a] - iu - wua + iv + wva - duv
    let sumB = sum[b] - iv - wvb + iu + wub - duv
    return groupValue(sumA, size[a] - su + sv, metA) + groupValue(sumB, size[b] - sv + su, metB)
      - value[a] - value[b]
  }

  /// The change in the objective if unplaced unit `u` joins `g`.
  @inline(__always)
  func insertGain(_ u: Int, into g: Int) -> Double {
    let su = unitSizes[u]
    let extra = wm.map { $0[u &* groupCount &+ g] } ?? 0
    return groupValue(
      sum[g] + problem.internalDiversity[u] + w[u &* groupCount &+ g], size[g] + su,
      met[g] + extra) - value[g]
  }

  /// Whether `u` may leave `a` for `b` as far as sizes go.
  @inline(__always)
  func sizesAllowMove(_ u: Int, _ a: Int, _ b: Int) -> Bool {
    let su = unitSizes[u]
    return size[a] - su >= lower[a] && size[b] + su <= upper[b]
  }

  /// Whether `u` (in `a`) and `v` (in `b`) may swap as far as sizes go.
  @inline(__always)
  func sizesAllowSwap(_ u: Int, _ a: Int, _ v: Int, _ b: Int) -> Bool {
    let d = unitSizes[v] - unitSizes[u]
    if d == 0 { return true }
    let newA = size[a] + d
    let newB = size[b] - d
    return newA >= lower[a] && newA <= upper[a] && newB >= lower[b] && newB <= upper[b]
  }

  // MARK: Comparing

  /// The state's rank: people placed, then priority, then value.
  struct Score {
    var people: Int
    var priority: Double
    var value: Double
  }

  var score: Score { Score(people: placedPeople, priority: placedPriority, value: totalValue) }

  /// Whether `a` ranks above `b` by more than rounding noise.
  func isBetter(_ a: Score, than b: Score) -> Bool {
    if a.people != b.people { return a.people > b.people }
    if abs(a.priority - b.priority) > 1e-9 { return a.priority > b.priority }
    return a.value > b.value + epsilon
  }

  /// The current groups as a solution.
  var solution: PartitionSolution {
    PartitionSolution(
      groups: openGroups.map { units(of: $0) }.filter { !$0.isEmpty }, problem: problem)
  }
}
