extension PartitionSearch {
  // MARK: Construction

  /// Builds a first solution: for a fixed number of groups, a random assignment that fills
  /// every group to its lower bound; otherwise groups built greedily, hardest units first,
  /// then placement repair. Returns `false` when no start was found.
  @discardableResult
  func construct() -> Bool {
    fixed ? constructFixed() : constructFree()
  }

  /// A random assignment filling every lower bound first; every unit placed.
  private func constructFixed(attempts: Int = 64) -> Bool {
    var order = Array(0..<n)
    var groupOrder = Array(0..<groupCount)
    for _ in 0..<attempts {
      clear()
      order.shuffle(using: &rng)
      groupOrder.shuffle(using: &rng)
      var failed = false
      fill: for g in groupOrder {
        while size[g] < lower[g] {
          guard
            let u = order.first(where: {
              assign[$0] < 0 && size[g] + unitSizes[$0] <= upper[g]
                && fits($0, into: g, replacing: -1)
            })
          else {
            failed = true
            break fill
          }
          add(u, to: g)
        }
      }
      if !failed {
        var open: [Int] = []
        for u in order where assign[u] < 0 {
          open.removeAll(keepingCapacity: true)
          for g in 0..<groupCount
          where size[g] + unitSizes[u] <= upper[g] && fits(u, into: g, replacing: -1) {
            open.append(g)
          }
          guard !open.isEmpty else {
            failed = true
            break
          }
          add(u, to: open[rng.below(open.count)])
        }
      }
      if !failed { return true }
    }
    return false
  }

  /// Greedy groups, hardest units first, then placement repair.
  private func constructFree() -> Bool {
    let degree = (0..<n).map { u in
      (0..<n).reduce(0) { $0 + (problem.compatible(u, $1) && $1 != u ? unitSizes[$1] : 0) }
    }
    let wanted = max(
      1, min(groupCount, Int((Double(problem.people) / Double(problem.target)).rounded())))
    let order = (0..<n).sorted {
      (degree[$0], -problem.priority[$0], $0) < (degree[$1], -problem.priority[$1], $1)
    }
    for u in order {
      var best = -1
      var bestScore = -Double.infinity
      for g in 0..<groupCount where size[g] > 0 && size[g] + unitSizes[u] <= upper[g] {
        guard fits(u, into: g, replacing: -1) else { continue }
        let below = size[g] < problem.target ? 1000.0 : 0
        let score = below + w[u &* groupCount &+ g] / Double(max(1, size[g]))
        if score > bestScore {
          bestScore = score
          best = g
        }
      }
      let open = openGroups.count
      if best < 0 || (open < wanted && size[best] >= problem.minSize) {
        if let empty = (0..<groupCount).first(where: { memberCount[$0] == 0 }),
          open < wanted || best < 0
        {
          add(u, to: empty)
          continue
        }
      }
      if best >= 0 { add(u, to: best) }
    }
    dissolveSmallGroups()
    repairPlacement()
    return true
  }

  /// Unplaces the members of groups below the minimum size.
  func dissolveSmallGroups() {
    for g in 0..<groupCount where memberCount[g] > 0 && size[g] < lower[g] {
      for u in units(of: g) { remove(u) }
    }
  }

  // MARK: Placement repair (a free number of groups)

  /// Places unplaced units where the rules allow, and returns whether anything changed.
  ///
  /// The moves are insertion, exchange for a lower-priority member, a new group built around
  /// them, and an ejection chain of two.
  @discardableResult
  func repairPlacement() -> Bool {
    guard !fixed else { return false }
    var changedAny = false
    var changed = true
    var rounds = 0
    while changed && rounds < 50 {
      changed = false
      rounds += 1
      let unplaced = (0..<n).filter { assign[$0] < 0 }
        .sorted { problem.priority[$0] > problem.priority[$1] }
      if unplaced.isEmpty { break }
      for u in unplaced where assign[u] < 0 {
        if insert(u) || exchange(u) || openGroup(around: u) || relocateAndInsert(u) {
          changed = true
          changedAny = true
        }
      }
    }
    return changedAny
  }

  /// Inserts unplaced `u` into the feasible group with room where it adds most.
  @discardableResult
  func insert(_ u: Int) -> Bool {
    var best = -1
    var bestGain = -Double.infinity
    for g in 0..<groupCount where memberCount[g] > 0 && size[g] + unitSizes[u] <= upper[g] {
      guard fits(u, into: g, replacing: -1) else { continue }
      let gain = insertGain(u, into: g)
      if gain > bestGain {
        bestGain = gain
        best = g
      }
    }
    guard best >= 0 else { return false }
    add(u, to: best)
    return true
  }

  /// Swaps unplaced `u` in for a placed member when that places more people or, at equal
  /// people, people of higher priority.
  func exchange(_ u: Int) -> Bool {
    for g in 0..<groupCount where memberCount[g] > 0 {
      for x in units(of: g) {
        let people = unitSizes[u] - unitSizes[x]
        guard
          people > 0 || (people == 0 && problem.priority[u] > problem.priority[x] + 1e-12)
        else { continue }
        let newSize = size[g] + people
        guard newSize >= lower[g], newSize <= upper[g], fits(u, into: g, replacing: x) else {
          continue
        }
        remove(x)
        add(u, to: g)
        insert(x)
        return true
      }
    }
    return false
  }

  /// Moves one member of a group to another group to make room for `u` (an ejection chain of
  /// length two).
  func relocateAndInsert(_ u: Int) -> Bool {
    for g in 0..<groupCount where memberCount[g] > 0 {
      for x in units(of: g) {
        guard fits(u, into: g, replacing: x) else { continue }
        let newSize = size[g] - unitSizes[x] + unitSizes[u]
        guard newSize >= lower[g], newSize <= upper[g] else { continue }
        for h in 0..<groupCount
        where h != g && memberCount[h] > 0 && size[h] + unitSizes[x] <= upper[h] {
          guard fits(x, into: h, replacing: -1) else { continue }
          remove(x)
          add(x, to: h)
          add(u, to: g)
          return true
        }
      }
    }
    return false
  }

  /// Builds a new group around `u` from unplaced units and members that groups can spare.
  func openGroup(around u: Int) -> Bool {
    // The first attempt is greedy; the retries add noise, since one greedy order can miss
    // a group that another finds.
    for attempt in 0..<8 where tryOpenGroup(around: u, noise: attempt == 0 ? 0 : 12) {
      return true
    }
    return false
  }

  private func tryOpenGroup(around u: Int, noise: Int) -> Bool {
    guard let empty = (0..<groupCount).first(where: { memberCount[$0] == 0 }) else {
      return false
    }
    var chosen = [u]
    var people = unitSizes[u]
    var m = problem.masks[u]
    var pool = (0..<n).filter { v in
      v != u && problem.compatible(u, v)
        && (assign[v] < 0 || size[assign[v]] - unitSizes[v] >= lower[assign[v]])
    }
    // In a large component, a sample keeps this quadratic step cheap: unplaced units first.
    if pool.count > 64 {
      let free = pool.filter { assign[$0] < 0 }
      var spare = pool.filter { assign[$0] >= 0 }
      spare.shuffle(using: &rng)
      pool = Array((free.prefix(48) + spare.prefix(64 - min(48, free.count))).sorted())
    }
    while people < problem.target, !pool.isEmpty {
      // Prefer unplaced units, then the one that keeps most of the pool compatible.
      var bestIndex = -1
      var bestScore = Int.min
      for (k, v) in pool.enumerated() {
        guard people + unitSizes[v] <= upper[empty],
          SharedMask.satisfies(m & problem.masks[v], slots: problem.needSlots),
          chosen.allSatisfy({ problem.compatible($0, v) })
        else { continue }
        if !problem.limits.isEmpty && !tallyAllowed(chosen + [v]) { continue }
        let keep = pool.reduce(0) { $0 + (problem.compatible(v, $1) ? 1 : 0) }
        let score =
          (assign[v] < 0 ? 1_000_000 : 0) + keep * 16 + Int(problem.priority[v] * 8)
          + (noise > 0 ? rng.below(noise * 16) : 0)
        if score > bestScore {
          bestScore = score
          bestIndex = k
        }
      }
      guard bestIndex >= 0 else { break }
      let v = pool.remove(at: bestIndex)
      chosen.append(v)
      people += unitSizes[v]
      m &= problem.masks[v]
      pool.removeAll { !problem.compatible(v, $0) }
    }
    guard people >= lower[empty] else { return false }
    // Only units taken from groups that can still spare them, counted per group.
    var taken: [Int: Int] = [:]
    for v in chosen where assign[v] >= 0 { taken[assign[v], default: 0] += unitSizes[v] }
    for (g, count) in taken where size[g] - count < lower[g] { return false }
    for v in chosen {
      if assign[v] >= 0 { remove(v) }
      add(v, to: empty)
    }
    return true
  }

  private func tallyAllowed(_ units: [Int]) -> Bool {
    for a in problem.limits.indices {
      var tally: [Int32: Int] = [:]
      for u in units { for e in problem.tallies[a][u] { tally[e.value, default: 0] += e.count } }
      if let worst = tally.values.max(), worst > problem.limits[a] { return false }
    }
    return true
  }

  /// Opens a new group from members that groups above the target size can spare, so that
  /// the search can change the number of groups.
  func openFromSpares() -> Bool {
    guard !fixed else { return false }
    let spare = (0..<n).filter { u in
      let g = assign[u]
      return g >= 0 && size[g] > problem.target && size[g] - unitSizes[u] >= lower[g]
    }
    guard !spare.isEmpty else { return false }
    return openGroup(around: spare[rng.below(spare.count)])
  }

  /// Dissolves a group below the target size into the other groups, when all its members
  /// fit elsewhere; otherwise changes nothing.
  func closeGroup() -> Bool {
    guard !fixed else { return false }
    let small = openGroups.filter { size[$0] < problem.target }
    guard !small.isEmpty else { return false }
    let g = small[rng.below(small.count)]
    let mark = journal.count
    let wasRecording = recording
    recording = true
    let leaving = units(of: g)
    for u in leaving { remove(u) }
    var placedAll = true
    for u in leaving where !insert(u) { placedAll = false }
    if !placedAll { undo(to: mark) }
    recording = wasRecording
    if !wasRecording { journal.removeSubrange(mark...) }
    return placedAll
  }
}
