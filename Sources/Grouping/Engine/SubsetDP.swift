/// An exact solver for components of at most ~20 units: dynamic programming over subsets.
///
/// `best[S]` is the best packing of groups inside unit set `S`, compared lexicographically by
/// people placed, then placement priority, then objective value. The lowest unit of `S` is
/// either left out or placed in one of the valid groups that contain it and fit in `S`. Every
/// term is additive over groups, so the recursion is exact. This is where GLPK's set packing
/// is weakest (proving that one more person cannot be placed), so it takes those components.
struct SubsetDP {
  static let maximumUnits = 20

  /// Whether the DP is cheap enough for `units` units and `groups` valid groups.
  static func fits(units: Int, groups: Int) -> Bool {
    guard units <= maximumUnits else { return false }
    // Work ≈ 2^n masks × the groups that start at a mask's lowest unit.
    let work = Double(1 << units) * Double(groups) / Double(max(1, units))
    return work <= 6e8
  }

  /// The optimal groups (local unit indices) of `model` over all units in `pool`.
  static func solve(model: PartitionProblem, pool: GroupPool) -> [[Int]] {
    let n = model.count
    let full = (1 << n) - 1
    var byLowest = [[(mask: Int, people: Int32, priority: Double, value: Double, index: Int32)]](
      repeating: [], count: n)
    for k in 0..<pool.count {
      let group = pool.group(k).map(Int.init)
      let e = model.evaluate(group)
      let mask = group.reduce(0) { $0 | (1 << $1) }
      guard let low = group.min() else { continue }
      byLowest[low].append((mask, Int32(e.people), e.priority, e.value, Int32(k)))
    }
    var people = [Int32](repeating: 0, count: full + 1)
    var priority = [Double](repeating: 0, count: full + 1)
    var value = [Double](repeating: 0, count: full + 1)
    // -1: the lowest unit is left out; otherwise the pool index of its group.
    var choice = [Int32](repeating: -1, count: full + 1)
    for mask in 1...full {
      let low = mask.trailingZeroBitCount
      let rest = mask & (mask - 1)
      var bp = people[rest]
      var bq = priority[rest]
      var bv = value[rest]
      var bc: Int32 = -1
      for g in byLowest[low] where g.mask & ~mask == 0 {
        let r = mask & ~g.mask
        let p = people[r] + g.people
        let q = priority[r] + g.priority
        let v = value[r] + g.value
        if p > bp || (p == bp && (q > bq + 1e-12 || (abs(q - bq) <= 1e-12 && v > bv + 1e-12))) {
          bp = p
          bq = q
          bv = v
          bc = g.index
        }
      }
      people[mask] = bp
      priority[mask] = bq
      value[mask] = bv
      choice[mask] = bc
    }
    var groups: [[Int]] = []
    var mask = full
    while mask != 0 {
      let c = choice[mask]
      if c < 0 {
        mask &= mask - 1
      } else {
        let group = pool.group(Int(c)).map(Int.init)
        groups.append(group)
        for u in group { mask &= ~(1 << u) }
      }
    }
    return groups
  }

  /// The most people placeable when unit `u` must be placed, from a fresh DP on counts only.
  static func mostPeople(model: PartitionProblem, pool: GroupPool, including u: Int) -> Int? {
    let n = model.count
    let full = (1 << n) - 1
    var byLowest = [[(mask: Int, people: Int32)]](repeating: [], count: n)
    var holding: [(mask: Int, people: Int32)] = []
    for k in 0..<pool.count {
      let group = pool.group(k).map(Int.init)
      let mask = group.reduce(0) { $0 | (1 << $1) }
      let size = Int32(group.reduce(0) { $0 + model.sizes[$1] })
      guard let low = group.min() else { continue }
      byLowest[low].append((mask, size))
      if mask & (1 << u) != 0 { holding.append((mask, size)) }
    }
    var best = [Int32](repeating: 0, count: full + 1)
    for mask in 1...full {
      let low = mask.trailingZeroBitCount
      var b = best[mask & (mask - 1)]
      for g in byLowest[low] where g.mask & ~mask == 0 {
        b = max(b, best[mask & ~g.mask] + g.people)
      }
      best[mask] = b
    }
    var result: Int32? = nil
    for g in holding {
      let total = best[full & ~g.mask] + g.people
      result = max(result ?? 0, total)
    }
    return result.map(Int.init)
  }
}
