extension PartitionSearch {
  /// First-improvement ascent in sweeps, until a sweep improves nothing: every move, then
  /// every swap, each applied as soon as it improves.
  ///
  /// A sweep only evaluates steps that involve a group changed since the previous sweep
  /// (every group with `full`): every other step was already found not to improve, since its
  /// gain and feasibility depend only on the two groups involved. Each swap is evaluated once.
  /// Returns the number of steps applied.
  @discardableResult
  func localSearch(full: Bool = false) -> Int {
    var steps = 0
    let groups = openGroups
    guard groups.count > 1 else {
      for g in 0..<groupCount { touched[g] = false }
      return 0
    }
    var focus = [Bool](repeating: full, count: groupCount)
    if !full { for g in 0..<groupCount where touched[g] { focus[g] = true } }
    for g in 0..<groupCount { touched[g] = false }
    var sweeps = 0
    while sweeps < 100 {
      sweeps += 1
      let focused = groups.filter { focus[$0] }
      if focused.isEmpty { break }
      // Moves: from a changed group anywhere, from any group into a changed one.
      for u in 0..<n {
        let a0 = assign[u]
        guard a0 >= 0 else { continue }
        let targets = focus[a0] ? groups : focused
        for b in targets {
          let a = assign[u]
          guard b != a, sizesAllowMove(u, a, b) else { continue }
          if moveGain(u, from: a, to: b) > epsilon && fits(u, into: b, replacing: -1) {
            move(u, to: b)
            steps &+= 1
          }
        }
      }
      // Swaps: each pair once, from its lower unit, when either group changed.
      for u in 0..<n {
        guard assign[u] >= 0 else { continue }
        if focus[assign[u]] {
          swapScan(u, from: u &+ 1, &steps)
        } else {
          for b in focused {
            // Members move as swaps happen: walk the group's slots as they are now.
            var k = 0
            while k < memberCount[b] {
              let v = Int(members[b &* capacity &+ k])
              if v > u { _ = trySwap(u, v, &steps) }
              k &+= 1
            }
          }
        }
      }
      var changed = false
      for g in 0..<groupCount {
        focus[g] = touched[g]
        changed = changed || touched[g]
        touched[g] = false
      }
      if !changed { break }
    }
    return steps
  }

  /// Tries every swap of `u` with a later unit, applying each that improves.
  @inline(__always)
  private func swapScan(_ u: Int, from first: Int, _ steps: inout Int) {
    guard linear && !hasRules else {
      var v = first
      while v < n {
        _ = trySwap(u, v, &steps)
        v &+= 1
      }
      return
    }
    // The plain sum of pairs: the gain is four reads of W and one weight, so the scan stays
    // tight, and sizes are never in the way of a swap of two single people.
    var a = assign[u]
    var rowU = w + u &* groupCount
    var ownU = rowU[a]
    let du = weights + u &* n
    var v = first
    while v < n {
      let b = assign[v]
      if b != a {
        let rowV = w + v &* groupCount
        let gain = (rowU[b] - ownU) + (rowV[a] - rowV[b]) - 2 * du[v]
        if gain > epsilon {
          swap(u, v)
          steps &+= 1
          a = b
          rowU = w + u &* groupCount
          ownU = rowU[a]
        }
      }
      v &+= 1
    }
  }

  /// Swaps `u` and `v` when that improves and keeps every rule; returns whether it did.
  @inline(__always)
  private func trySwap(_ u: Int, _ v: Int, _ steps: inout Int) -> Bool {
    let a = assign[u]
    let b = assign[v]
    guard a >= 0, b >= 0, a != b else { return false }
    if linear && !hasRules {
      let rowU = w + u &* groupCount
      let rowV = w + v &* groupCount
      guard (rowU[b] - rowU[a]) + (rowV[a] - rowV[b]) - 2 * weights[u &* n &+ v] > epsilon
      else { return false }
    } else {
      guard sizesAllowSwap(u, a, v, b), swapGain(u, a, v, b) > epsilon,
        fits(v, into: a, replacing: u), fits(u, into: b, replacing: v)
      else { return false }
    }
    swap(u, v)
    steps &+= 1
    return true
  }

  /// Applies `strength` feasible moves or swaps between groups, each the best of `samples`
  /// random ones (improving or not): a perturbation that leaves a local optimum by the least
  /// damaging ways out among a few (`samples = 1`: at random).
  ///
  /// A sample is drawn uniformly over the whole neighbourhood: a unit and a group for a move,
  /// two units for a swap, in proportion to how many of each there are.
  func perturb(strength: Int, samples: Int) {
    let groups = openGroups
    guard groups.count > 1 else { return }
    let placedUnits = (0..<n).filter { assign[$0] >= 0 }
    guard placedUnits.count > 1 else { return }
    // A local generator, written back at the end: no exclusivity check per draw.
    var rng = self.rng
    defer { self.rng = rng }
    let moves = placedUnits.count * groups.count
    let swaps = placedUnits.count * (placedUnits.count - 1) / 2
    let total = UInt64(moves + swaps)
    for _ in 0..<strength {
      var bestGain = -Double.infinity
      var best: (u: Int, v: Int, b: Int)? = nil
      var seen = 0
      var tries = 0
      while seen < samples && tries < 8 * samples + 16 {
        tries += 1
        let u = placedUnits[rng.below(placedUnits.count)]
        let a = assign[u]
        if Int(truncatingIfNeeded: rng.next(upperBound: total)) < moves {
          let b = groups[rng.below(groups.count)]
          guard b != a, sizesAllowMove(u, a, b), fits(u, into: b, replacing: -1) else { continue }
          seen += 1
          let gain = moveGain(u, from: a, to: b)
          if gain > bestGain {
            bestGain = gain
            best = (u, -1, b)
          }
        } else {
          let v = placedUnits[rng.below(placedUnits.count)]
          let b = assign[v]
          guard a != b, sizesAllowSwap(u, a, v, b), fits(v, into: a, replacing: u),
            fits(u, into: b, replacing: v)
          else { continue }
          seen += 1
          let gain = swapGain(u, a, v, b)
          if gain > bestGain {
            bestGain = gain
            best = (u, v, b)
          }
        }
      }
      guard let best else { return }
      if best.v >= 0 { swap(best.u, best.v) } else { move(best.u, to: best.b) }
    }
  }
}
