/// Valid groups of a set of units, stored flat.
struct GroupPool: Sendable {
  var members: [Int32] = []
  var offsets: [Int] = [0]

  var count: Int { offsets.count - 1 }

  func group(_ k: Int) -> ArraySlice<Int32> { members[offsets[k]..<offsets[k + 1]] }

  mutating func append<S: Sequence>(_ group: S) where S.Element == Int {
    for u in group { members.append(Int32(u)) }
    offsets.append(members.count)
  }

  /// Every valid group over `units` (at most 64 of them), or `nil` when there are more than
  /// `limit` or the walk takes more than `work` steps.
  ///
  /// A depth-first walk over bit sets: each step keeps the candidates compatible with every
  /// member so far, so no invalid pair is ever tried and nothing is allocated per step. The
  /// work bound keeps a dense component from costing seconds before it is found too large.
  static func enumerate(
    _ problem: PartitionProblem, units: [Int], limit: Int, work: Int? = nil
  ) -> GroupPool? {
    let sorted = units.sorted()
    let k = sorted.count
    guard k <= 64 else { return nil }
    // Compatibility among the chosen units, as rows of 64-bit sets over their positions.
    var rows = [UInt64](repeating: 0, count: k)
    for a in 0..<k {
      for b in 0..<k where a != b && problem.compatible(sorted[a], sorted[b]) {
        rows[a] |= 1 << UInt64(b)
      }
    }
    let sizes = sorted.map { problem.sizes[$0] }
    let masks = sorted.map { problem.masks[$0] }
    let attributes = problem.limits.count
    let tallies = (0..<attributes).map { a in sorted.map { problem.tallies[a][$0] } }
    var tally = (0..<attributes).map {
      [Int32](repeating: 0, count: max(1, problem.valueCounts[$0]))
    }
    var pool = GroupPool()
    var current: [Int] = []
    var steps = 0
    let budget = work ?? max(100_000, 40 * limit)
    var overflow = false

    func fits(_ c: Int) -> Bool {
      for a in 0..<attributes {
        for entry in tallies[a][c]
        where Int(tally[a][Int(entry.value)]) + entry.count > problem.limits[a] {
          return false
        }
      }
      return true
    }
    func count(_ c: Int, _ sign: Int32) {
      for a in 0..<attributes {
        for entry in tallies[a][c] { tally[a][Int(entry.value)] += sign * Int32(entry.count) }
      }
    }
    func extend(_ candidates: UInt64, size: Int, mask: UInt64) {
      steps += 1
      if steps > budget { overflow = true }
      if overflow { return }
      if size >= problem.minSize {
        if pool.count >= limit {
          overflow = true
          return
        }
        pool.append(current.map { sorted[$0] })
      }
      var reachable = size
      var rest = candidates
      while rest != 0 {
        reachable += sizes[rest.trailingZeroBitCount]
        rest &= rest - 1
      }
      if reachable < problem.minSize { return }
      rest = candidates
      while rest != 0 {
        let c = rest.trailingZeroBitCount
        rest &= rest - 1
        let newSize = size + sizes[c]
        if newSize > problem.maxSize { continue }
        let newMask = mask & masks[c]
        if !SharedMask.satisfies(newMask, slots: problem.needSlots) { continue }
        if attributes > 0 && !fits(c) { continue }
        if attributes > 0 { count(c, 1) }
        current.append(c)
        // Later candidates only, and only those compatible with `c`.
        extend(rest & rows[c], size: newSize, mask: newMask)
        current.removeLast()
        if attributes > 0 { count(c, -1) }
        if overflow { return }
      }
    }
    let all: UInt64 = k == 64 ? ~0 : (1 << UInt64(k)) - 1
    extend(all, size: 0, mask: SharedMask.everything)
    return overflow ? nil : pool
  }
}
