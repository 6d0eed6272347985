/// A hard rule on which items may share a group, checked by the search before every move.
///
/// The engine is generic over the rule so that the unconstrained MDGP path compiles to code
/// with no rule checks at all (`NoPairRule`), while Kring's domain path pays only for what it
/// uses (`ForbiddenPairRule`). Methods are non-mutating: a rule keeps its counts behind a
/// pointer it owns, which spares the hot loop the exclusivity checks of a mutating call.
protocol PairRule {
  /// Whether `item` may join group `group` as the members now stand.
  func mayJoin(_ item: Int, _ group: Int) -> Bool
  /// Whether `i` (in `gi`) and `j` (in `gj`) may trade places.
  func maySwap(_ i: Int, _ gi: Int, _ j: Int, _ gj: Int) -> Bool
  /// Records that `item` joined `group`.
  func added(_ item: Int, _ group: Int)
  /// Records that `item` left `group`.
  func removed(_ item: Int, _ group: Int)
  /// Forgets every member.
  func clear()
  /// Copies the live counts into the saved slot.
  func save()
  /// Copies the saved counts back into the live slot.
  func restore()
  /// Frees the rule's storage; called once by the engine.
  func deallocate()
}

/// The rule of plain MDGP: every pair may share a group.
struct NoPairRule: PairRule {
  @inline(__always) func mayJoin(_ item: Int, _ group: Int) -> Bool { true }
  @inline(__always) func maySwap(_ i: Int, _ gi: Int, _ j: Int, _ gj: Int) -> Bool { true }
  @inline(__always) func added(_ item: Int, _ group: Int) {}
  @inline(__always) func removed(_ item: Int, _ group: Int) {}
  @inline(__always) func clear() {}
  @inline(__always) func save() {}
  @inline(__always) func restore() {}
  func deallocate() {}
}

/// Forbidden pairs: keeps, per item and group, how many members of the group the item may not
/// meet, so that a move is checked in O(1) and recorded in O(n).
struct ForbiddenPairRule: PairRule {
  private let n: Int
  private let m: Int
  /// `n × n`, 1 where the pair is forbidden.
  private let forbidden: UnsafeMutablePointer<UInt8>
  /// `n × m`: forbidden partners of item i now in group g.
  private let conflicts: UnsafeMutablePointer<Int32>
  private let saved: UnsafeMutablePointer<Int32>

  init(itemCount n: Int, groupCount m: Int, forbidden matrix: [Bool]) {
    self.n = n
    self.m = m
    forbidden = .allocate(capacity: n * n)
    for index in 0..<(n * n) { forbidden[index] = matrix[index] ? 1 : 0 }
    conflicts = .allocate(capacity: n * m)
    conflicts.initialize(repeating: 0, count: n * m)
    saved = .allocate(capacity: n * m)
    saved.initialize(repeating: 0, count: n * m)
  }

  @inline(__always) func mayJoin(_ item: Int, _ group: Int) -> Bool {
    conflicts[item &* m &+ group] == 0
  }

  @inline(__always) func maySwap(_ i: Int, _ gi: Int, _ j: Int, _ gj: Int) -> Bool {
    // j leaves gj as i joins it (and the other way round), so a conflict with the partner of
    // the swap does not count.
    let pair = Int32(forbidden[i &* n &+ j])
    return conflicts[i &* m &+ gj] &- pair == 0 && conflicts[j &* m &+ gi] &- pair == 0
  }

  @inline(__always) func added(_ item: Int, _ group: Int) {
    let row = forbidden + item &* n
    for k in 0..<n where row[k] != 0 { conflicts[k &* m &+ group] &+= 1 }
  }

  @inline(__always) func removed(_ item: Int, _ group: Int) {
    let row = forbidden + item &* n
    for k in 0..<n where row[k] != 0 { conflicts[k &* m &+ group] &-= 1 }
  }

  func clear() { conflicts.update(repeating: 0, count: n * m) }
  func save() { saved.update(from: conflicts, count: n * m) }
  func restore() { conflicts.update(from: saved, count: n * m) }

  func deallocate() {
    forbidden.deallocate()
    conflicts.deallocate()
    saved.deallocate()
  }
}
