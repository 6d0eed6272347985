import Intake

/// A native local search for one component: construction, placement repair, and an iterated
/// local search over move and swap steps whose effect is computed in O(1).
///
/// The state keeps, for every unit `u` and group `g`, the diversity `W[u][g]` between `u` and
/// the members of `g` and the number of members of `g` that `u` may not meet. A step is then
/// checked and scored without touching the groups; applying it costs O(units).
struct ComponentSearch {
  /// GLPK work limits, in branch-and-bound subproblems, for the pair re-optimisation.
  ///
  /// Work limits rather than time limits keep every result reproducible on any machine and
  /// under any load; the figures were chosen so that each call costs about what the time
  /// budgets they replaced did.
  static let reoptimizationNodes = 200
  /// A first try at a proof where the subset DP can take over.
  static let shortTryNodes = 200
  /// A component too large for the subset DP: GLPK's one chance at a proof.
  static let proofNodes = 20_000
  /// Recombining the elite solutions' groups.
  static let recombinationNodes = 5_000
  /// The time limit behind the work limits: reached only on a pathological instance.
  static let safetyNet = 30.0

  let model: ComponentModel
  /// The command's deadline, which every GLPK call of the search also stops by.
  var deadline: ContinuousClock.Instant?
  var rng: SeededRandom
  let maxGroups: Int
  var assign: [Int]
  /// Members of group `g` are `slots[g * capacity ..< g * capacity + memberCount[g]]`: flat
  /// storage, so the inner loops touch no nested arrays (and no reference counts).
  let capacity: Int
  var slots: [Int32]
  var memberCount: [Int32]
  var size: [Int]
  var sum: [Double]
  var met: [Double]
  var mask: [UInt32]
  var current: [Double]
  var w: [Double]
  var wm: [Double]
  var conflicts: [Int32]
  /// Counted `separate` attributes: per attribute, `group × value` counts.
  var counts: [[Int32]]
  var journal: [(unit: Int, from: Int)] = []
  /// Groups changed since the last local search, which is all it needs to look at again.
  var touched: [Bool]
  var recording = false

  init(model: ComponentModel, seed: UInt64) {
    self.model = model
    rng = SeededRandom(seed: seed)
    let people = model.sizes.reduce(0, +)
    let maxGroups = max(1, people / max(1, model.minSize))
    self.maxGroups = maxGroups
    let n = model.count
    assign = [Int](repeating: -1, count: n)
    capacity = max(1, model.maxSize)
    slots = [Int32](repeating: -1, count: maxGroups * max(1, model.maxSize))
    memberCount = [Int32](repeating: 0, count: maxGroups)
    size = [Int](repeating: 0, count: maxGroups)
    sum = [Double](repeating: 0, count: maxGroups)
    met = [Double](repeating: 0, count: maxGroups)
    mask = [UInt32](repeating: 0x1F_FFFF, count: maxGroups)
    current = [Double](repeating: 0, count: maxGroups)
    w = [Double](repeating: 0, count: n * maxGroups)
    wm = model.metBefore == nil ? [] : [Double](repeating: 0, count: n * maxGroups)
    conflicts = [Int32](repeating: 0, count: n * maxGroups)
    counts = model.valueCounts.map { [Int32](repeating: 0, count: maxGroups * max(1, $0)) }
    touched = [Bool](repeating: true, count: maxGroups)
  }

  // MARK: State changes

  /// Puts unplaced unit `u` into group `g`.
  mutating func add(_ u: Int, to g: Int) {
    // Every caller checks sizes first; this keeps a slip from corrupting other groups.
    guard Int(memberCount[g]) < capacity, assign[u] < 0 else { return }
    if recording { journal.append((u, -1)) }
    touched[g] = true
    assign[u] = g
    slots[g * capacity + Int(memberCount[g])] = Int32(u)
    memberCount[g] += 1
    sum[g] += model.internalDiversity[u] + w[u * maxGroups + g]
    if !wm.isEmpty { met[g] += wm[u * maxGroups + g] }
    size[g] += model.sizes[u]
    mask[g] &= model.masks[u]
    for a in counts.indices {
      for entry in model.tallies[a][u] {
        counts[a][g * model.valueCounts[a] + Int(entry.value)] += Int32(entry.count)
      }
    }
    current[g] = model.groupValue(sum: sum[g], size: size[g], met: met[g])
    let n = model.count
    for v in 0..<n where v != u {
      w[v * maxGroups + g] += model.cross[v * n + u]
      if !model.compatible(v, u) { conflicts[v * maxGroups + g] += 1 }
    }
    if !wm.isEmpty, let metBefore = model.metBefore {
      for v in 0..<n where v != u { wm[v * maxGroups + g] += metBefore[v * n + u] }
    }
  }

  /// Takes placed unit `u` out of its group.
  mutating func remove(_ u: Int) {
    let g = assign[u]
    guard g >= 0 else { return }
    if recording { journal.append((u, g)) }
    touched[g] = true
    assign[u] = -1
    let base = g * capacity
    let last = Int(memberCount[g]) - 1
    for k in 0...max(0, last) where slots[base + k] == Int32(u) {
      slots[base + k] = slots[base + last]
      break
    }
    slots[base + last] = -1
    memberCount[g] -= 1
    let n = model.count
    for v in 0..<n where v != u {
      w[v * maxGroups + g] -= model.cross[v * n + u]
      if !model.compatible(v, u) { conflicts[v * maxGroups + g] -= 1 }
    }
    if !wm.isEmpty, let metBefore = model.metBefore {
      for v in 0..<n where v != u { wm[v * maxGroups + g] -= metBefore[v * n + u] }
    }
    sum[g] -= model.internalDiversity[u] + w[u * maxGroups + g]
    if !wm.isEmpty { met[g] -= wm[u * maxGroups + g] }
    size[g] -= model.sizes[u]
    for a in counts.indices {
      for entry in model.tallies[a][u] {
        counts[a][g * model.valueCounts[a] + Int(entry.value)] -= Int32(entry.count)
      }
    }
    var m: UInt32 = 0x1F_FFFF
    for k in 0..<Int(memberCount[g]) { m &= model.masks[Int(slots[base + k])] }
    mask[g] = m
    if memberCount[g] == 0 {
      sum[g] = 0
      met[g] = 0
    }
    current[g] = model.groupValue(sum: sum[g], size: size[g], met: met[g])
  }

  mutating func move(_ u: Int, to g: Int) {
    remove(u)
    add(u, to: g)
  }

  /// Exchanges two placed units between their groups.
  ///
  /// Both leave before either joins, so no group ever holds more than its maximum, not even for a
  /// moment (nor when undone).
  mutating func swap(_ u: Int, _ v: Int) {
    let a = assign[u]
    let b = assign[v]
    remove(u)
    remove(v)
    add(u, to: b)
    add(v, to: a)
  }

  /// Undoes every change since `mark` in the journal.
  mutating func undo(to mark: Int) {
    let wasRecording = recording
    recording = false
    while journal.count > mark, let step = journal.popLast() {
      if step.from == -1 {
        remove(step.unit)
      } else {
        remove(step.unit)
        add(step.unit, to: step.from)
      }
    }
    recording = wasRecording
  }

  // MARK: Checks

  @inline(__always)
  func tallyFits(_ u: Int, into g: Int, without x: Int) -> Bool {
    for a in counts.indices {
      let stride = model.valueCounts[a]
      for entry in model.tallies[a][u] {
        var c = Int(counts[a][g * stride + Int(entry.value)]) + entry.count
        if x >= 0 {
          for e in model.tallies[a][x] where e.value == entry.value { c -= e.count }
        }
        if c > model.limits[a] { return false }
      }
    }
    return true
  }

  /// The slots group `g` would share without unit `x` (all of them for `x = -1`).
  @inline(__always)
  func mask(of g: Int, without x: Int) -> UInt32 {
    guard x >= 0 else { return mask[g] }
    var m: UInt32 = 0x1F_FFFF
    let base = g * capacity
    for k in 0..<Int(memberCount[g]) {
      let v = Int(slots[base + k])
      if v != x { m &= model.masks[v] }
    }
    return m
  }

  /// Whether `u` may join `g` in place of member `x` (`-1` for none), sizes aside.
  @inline(__always)
  func fits(_ u: Int, into g: Int, replacing x: Int) -> Bool {
    var c = conflicts[u * maxGroups + g]
    if x >= 0 && !model.compatible(u, x) { c -= 1 }
    if c != 0 { return false }
    if (mask(of: g, without: x) & model.masks[u]).nonzeroBitCount < model.needSlots { return false }
    return counts.isEmpty || tallyFits(u, into: g, without: x)
  }

  var openGroups: [Int] { (0..<maxGroups).filter { size[$0] > 0 } }

  /// The units of group `g` (a copy, for code off the hot path).
  func members(_ g: Int) -> [Int] {
    (0..<Int(memberCount[g])).map { Int(slots[g * capacity + $0]) }
  }

  var solution: ComponentSolution {
    ComponentSolution(groups: openGroups.map { members($0) }, model: model)
  }

  var totalValue: Double { openGroups.reduce(0) { $0 + current[$1] } }

  // MARK: Construction and placement

  /// Builds groups from scratch, hardest units first, then repairs placement.
  mutating func construct() {
    let n = model.count
    let degree = (0..<n).map { u in
      (0..<n).reduce(0) { $0 + (model.compatible(u, $1) ? model.sizes[$1] : 0) }
    }
    let people = model.sizes.reduce(0, +)
    let wanted = max(1, min(maxGroups, Int((Double(people) / Double(model.target)).rounded())))
    let order = (0..<n).sorted {
      (degree[$0], -model.priority[$0], $0) < (degree[$1], -model.priority[$1], $1)
    }
    for u in order {
      var best = -1
      var bestScore = -Double.infinity
      for g in 0..<maxGroups where size[g] > 0 && size[g] + model.sizes[u] <= model.maxSize {
        guard fits(u, into: g, replacing: -1) else { continue }
        let below = size[g] < model.target ? 1000.0 : 0
        let score = below + w[u * maxGroups + g] / Double(max(1, size[g]))
        if score > bestScore {
          bestScore = score
          best = g
        }
      }
      let open = openGroups.count
      if best < 0 || (open < wanted && size[best] >= model.minSize) {
        if let empty = (0..<maxGroups).first(where: { size[$0] == 0 }), open < wanted || best < 0 {
          add(u, to: empty)
          continue
        }
      }
      if best >= 0 { add(u, to: best) }
    }
    dissolveSmallGroups()
    repairPlacement()
  }

  /// Unplaces the members of groups below the minimum size.
  mutating func dissolveSmallGroups() {
    for g in 0..<maxGroups where size[g] > 0 && size[g] < model.minSize {
      for u in members(g) { remove(u) }
    }
  }

  /// Places unplaced units where the rules allow, and returns whether anything changed.
  ///
  /// The moves are insertion, exchange for a lower-priority member, or a new group built
  /// around them.
  @discardableResult
  mutating func repairPlacement() -> Bool {
    var changedAny = false
    var changed = true
    var rounds = 0
    while changed && rounds < 50 {
      changed = false
      rounds += 1
      let unplaced = (0..<model.count).filter { assign[$0] < 0 }
        .sorted { model.priority[$0] > model.priority[$1] }
      for u in unplaced where assign[u] < 0 {
        if insert(u) || exchange(u) || openGroup(around: u) || relocateAndInsert(u) {
          changed = true
          changedAny = true
        }
      }
    }
    return changedAny
  }

  /// Inserts `u` into the feasible group with room where it adds most.
  mutating func insert(_ u: Int) -> Bool {
    var best = -1
    var bestDelta = -Double.infinity
    for g in 0..<maxGroups where size[g] > 0 && size[g] + model.sizes[u] <= model.maxSize {
      guard fits(u, into: g, replacing: -1) else { continue }
      let after = model.groupValue(
        sum: sum[g] + model.internalDiversity[u] + w[u * maxGroups + g],
        size: size[g] + model.sizes[u],
        met: met[g] + (wm.isEmpty ? 0 : wm[u * maxGroups + g]))
      if after - current[g] > bestDelta {
        bestDelta = after - current[g]
        best = g
      }
    }
    guard best >= 0 else { return false }
    add(u, to: best)
    return true
  }

  /// Swaps unplaced `u` in for a placed member when that places more people or, at equal
  /// people, people of higher priority.
  mutating func exchange(_ u: Int) -> Bool {
    for g in 0..<maxGroups where size[g] > 0 {
      for x in members(g) {
        let people = model.sizes[u] - model.sizes[x]
        guard people > 0 || (people == 0 && model.priority[u] > model.priority[x] + 1e-12) else {
          continue
        }
        let newSize = size[g] + people
        guard newSize >= model.minSize, newSize <= model.maxSize, fits(u, into: g, replacing: x)
        else { continue }
        remove(x)
        add(u, to: g)
        _ = insert(x)
        return true
      }
    }
    return false
  }

  /// Moves one member of a group to another group to make room for `u` (an ejection chain of
  /// length two).
  mutating func relocateAndInsert(_ u: Int) -> Bool {
    for g in 0..<maxGroups where size[g] > 0 {
      for x in members(g) {
        guard fits(u, into: g, replacing: x) else { continue }
        let newSize = size[g] - model.sizes[x] + model.sizes[u]
        guard newSize >= model.minSize, newSize <= model.maxSize else { continue }
        for h in 0..<maxGroups
        where h != g && size[h] > 0 && size[h] + model.sizes[x] <= model.maxSize {
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

  /// Builds a new group around `u` from unplaced units, and from members of groups that can
  /// spare them.
  mutating func openGroup(around u: Int) -> Bool {
    // The first attempt is greedy; the retries add noise, since one greedy order can miss
    // a group that another finds.
    for attempt in 0..<8 where tryOpenGroup(around: u, noise: attempt == 0 ? 0 : 12) {
      return true
    }
    return false
  }

  private mutating func tryOpenGroup(around u: Int, noise: Int) -> Bool {
    guard let empty = (0..<maxGroups).first(where: { size[$0] == 0 }) else { return false }
    var chosen = [u]
    var people = model.sizes[u]
    var m = model.masks[u]
    var pool = (0..<model.count).filter { v in
      v != u && model.compatible(u, v)
        && (assign[v] < 0 || size[assign[v]] - model.sizes[v] >= model.minSize)
    }
    // In a large component, a sample keeps this quadratic step cheap: unplaced units first.
    if pool.count > 64 {
      let free = pool.filter { assign[$0] < 0 }
      var spare = pool.filter { assign[$0] >= 0 }
      spare.shuffle(using: &rng)
      pool = Array((free.prefix(48) + spare.prefix(64 - min(48, free.count))).sorted())
    }
    while people < model.target, !pool.isEmpty {
      // Prefer unplaced units, then the one that keeps most of the pool compatible.
      var bestIndex = -1
      var bestScore = Int.min
      for (k, v) in pool.enumerated() {
        guard people + model.sizes[v] <= model.maxSize,
          (m & model.masks[v]).nonzeroBitCount >= model.needSlots,
          chosen.allSatisfy({ model.compatible($0, v) })
        else { continue }
        if !counts.isEmpty {
          let trial = chosen + [v]
          if !tallyAllowed(trial) { continue }
        }
        let keep = pool.reduce(0) { $0 + (model.compatible(v, $1) ? 1 : 0) }
        let score =
          (assign[v] < 0 ? 1_000_000 : 0) + keep * 16 + Int(model.priority[v] * 8)
          + (noise > 0 ? rng.below(noise * 16) : 0)
        if score > bestScore {
          bestScore = score
          bestIndex = k
        }
      }
      guard bestIndex >= 0 else { break }
      let v = pool.remove(at: bestIndex)
      chosen.append(v)
      people += model.sizes[v]
      m &= model.masks[v]
      pool.removeAll { !model.compatible(v, $0) }
    }
    guard people >= model.minSize else { return false }
    // Only units taken from groups that can still spare them, counted per group.
    var taken: [Int: Int] = [:]
    for v in chosen where assign[v] >= 0 { taken[assign[v], default: 0] += model.sizes[v] }
    for (g, n) in taken where size[g] - n < model.minSize { return false }
    for v in chosen {
      if assign[v] >= 0 { remove(v) }
      add(v, to: empty)
    }
    return true
  }

  /// Opens a new group from members that groups above the target size can spare, so that
  /// the search can change the number of groups.
  mutating func openFromSpares() -> Bool {
    let spare = (0..<model.count).filter { u in
      let g = assign[u]
      return g >= 0 && size[g] > model.target && size[g] - model.sizes[u] >= model.minSize
    }
    guard !spare.isEmpty else { return false }
    return openGroup(around: spare[rng.below(spare.count)])
  }

  /// Dissolves a group below the target size into the other groups, when all its members
  /// fit elsewhere; otherwise changes nothing.
  mutating func closeGroup() -> Bool {
    let small = openGroups.filter { size[$0] < model.target }
    guard !small.isEmpty else { return false }
    let g = small[rng.below(small.count)]
    let mark = journal.count
    let wasRecording = recording
    recording = true
    let leaving = members(g)
    for u in leaving { remove(u) }
    var placedAll = true
    for u in leaving where !insert(u) { placedAll = false }
    if !placedAll {
      undo(to: mark)
    }
    recording = wasRecording
    if !wasRecording { journal.removeSubrange(mark...) }
    return placedAll
  }

  /// Re-partitions the members of two groups (and unplaced units that fit with them) exactly, with
  /// GLPK set packing over every valid group of those units.
  ///
  /// Applies the result when it places more people or raises the objective. Returns whether it did.
  mutating func reoptimize(
    _ a: Int, _ b: Int, including extra: Int? = nil, nodeLimit: Int = Self.reoptimizationNodes
  ) -> Bool {
    guard a != b, size[a] > 0, size[b] > 0 else { return false }
    var units = members(a) + members(b)
    let inside = units
    if let extra, assign[extra] < 0 { units.append(extra) }
    // Unplaced units compatible with someone in either group may join.
    for u in 0..<model.count where assign[u] < 0 && u != extra && units.count < 22 {
      if inside.contains(where: { model.compatible(u, $0) }) { units.append(u) }
    }
    units.sort()
    guard let pool = GroupPool.enumerate(model, units: units, limit: 20_000), pool.count > 2 else {
      return false
    }
    let before = ComponentSolution(groups: [members(a), members(b)], model: model)
    let solver = SetPackingSolver(
      model: model, pool: pool, units: units, timeLimit: Self.safetyNet, deadline: deadline,
      stopToken: nil,
      nodeLimit: nodeLimit)
    guard let outcome = try? solver.solve(start: before), outcome.solution.isBetter(than: before)
    else {
      return false
    }
    let empties = (0..<maxGroups).filter { size[$0] == 0 && $0 != a && $0 != b }
    guard outcome.solution.groups.count <= 2 + empties.count else { return false }
    for u in inside { remove(u) }
    for (k, group) in outcome.solution.groups.enumerated() {
      let target = k == 0 ? a : (k == 1 ? b : empties[k - 2])
      for u in group { add(u, to: target) }
    }
    return true
  }

  /// For each unplaced unit, highest priority first, lets GLPK re-partition the two groups holding
  /// most of its compatible peers together with it.
  ///
  /// Returns how many calls placed more people or improved the objective.
  mutating func polishPlacement(deadline: ContinuousClock.Instant, clock: ContinuousClock) -> Int {
    var improved = 0
    let unplaced = (0..<model.count).filter { assign[$0] < 0 }.sorted {
      model.priority[$0] > model.priority[$1]
    }
    for u in unplaced where assign[u] < 0 {
      if clock.now >= deadline { break }
      var counted: [(group: Int, peers: Int)] = []
      for g in openGroups {
        let peers = members(g).filter { model.compatible(u, $0) }.count
        if peers > 0 { counted.append((g, peers)) }
      }
      counted.sort { a, b in a.peers != b.peers ? a.peers > b.peers : a.group < b.group }
      let near = counted.prefix(4).map(\.group)
      search: for i in near.indices {
        for j in near.indices where j > i {
          if clock.now >= deadline { break search }
          if reoptimize(near[i], near[j], including: u) {
            improved += 1
            break search
          }
        }
      }
    }
    return improved
  }

  private func tallyAllowed(_ units: [Int]) -> Bool {
    for a in model.limits.indices {
      var tally: [Int32: Int] = [:]
      for u in units { for e in model.tallies[a][u] { tally[e.value, default: 0] += e.count } }
      if let worst = tally.values.max(), worst > model.limits[a] { return false }
    }
    return true
  }

  // MARK: Local search

  /// Steepest ascent over moves and swaps for each placed unit until no step improves.
  ///
  /// A pass only evaluates steps that involve a group changed since the previous pass (all
  /// groups with `full`), since every other step was already found not to improve. Returns
  /// the number of evaluated steps.
  @discardableResult
  mutating func localSearch(order: [Int], full: Bool = false) -> Int {
    var evaluations = 0
    var improved = true
    var passes = 0
    let groups = openGroups
    var focus = full ? [Bool](repeating: true, count: maxGroups) : touched
    for g in touched.indices { touched[g] = false }
    while improved && passes < 100 {
      improved = false
      passes += 1
      let focused = groups.filter { focus[$0] }
      // With many groups, a unit whose own group changed looks at the changed groups and a
      // fresh random sample of the others: the full scan is memory-bound and rarely pays.
      let sampled = groups.count > 96
      // In a very large component, units outside the changed groups are sampled too.
      let thinned = !full && order.count > 600
      for u in order {
        let a = assign[u]
        guard a >= 0 else { continue }
        if thinned && !focus[a] && rng.below(order.count) >= 400 { continue }
        let su = model.sizes[u]
        let baseA = current[a]
        let wua = w[u * maxGroups + a]
        let metUA = wm.isEmpty ? 0 : wm[u * maxGroups + a]
        let sumAwithout = sum[a] - model.internalDiversity[u] - wua
        let metAwithout = met[a] - metUA
        var bestDelta = 1e-9
        var bestGroup = -1
        var bestPartner = -1
        var targets = focused
        if focus[a] {
          if sampled {
            for _ in 0..<64 { targets.append(groups[rng.below(groups.count)]) }
          } else {
            targets = groups
          }
        }
        for b in targets where b != a {
          let baseB = current[b]
          // Move u to b.
          if size[a] - su >= model.minSize && size[b] + su <= model.maxSize {
            evaluations += 1
            if fits(u, into: b, replacing: -1) {
              let delta =
                model.groupValue(sum: sumAwithout, size: size[a] - su, met: metAwithout)
                + model.groupValue(
                  sum: sum[b] + model.internalDiversity[u] + w[u * maxGroups + b],
                  size: size[b] + su,
                  met: met[b] + (wm.isEmpty ? 0 : wm[u * maxGroups + b])) - baseA - baseB
              if delta > bestDelta {
                bestDelta = delta
                bestGroup = b
                bestPartner = -1
              }
            }
          }
          // Swap u with each member of b.
          let baseSlot = b * capacity
          for k in 0..<Int(memberCount[b]) {
            let v = Int(slots[baseSlot + k])
            evaluations += 1
            let sv = model.sizes[v]
            let newA = size[a] - su + sv
            let newB = size[b] - sv + su
            guard newA >= model.minSize, newA <= model.maxSize, newB >= model.minSize,
              newB <= model.maxSize
            else { continue }
            let duv = model.cross[u * model.count + v]
            let sumA = sumAwithout + model.internalDiversity[v] + w[v * maxGroups + a] - duv
            let sumB =
              sum[b] - model.internalDiversity[v] - w[v * maxGroups + b]
              + model.internalDiversity[u]
              + w[u * maxGroups + b] - duv
            var metA = metAwithout
            var metB = met[b]
            if !wm.isEmpty, let mb = model.metBefore {
              let m = mb[u * model.count + v]
              metA += wm[v * maxGroups + a] - m
              metB += -wm[v * maxGroups + b] + wm[u * maxGroups + b] - m
            }
            let delta =
              model.groupValue(sum: sumA, size: newA, met: metA)
              + model.groupValue(sum: sumB, size: newB, met: metB) - baseA - baseB
            guard delta > bestDelta else { continue }
            guard fits(v, into: a, replacing: u), fits(u, into: b, replacing: v) else { continue }
            bestDelta = delta
            bestGroup = b
            bestPartner = v
          }
        }
        if bestGroup >= 0 {
          if bestPartner >= 0 {
            swap(u, bestPartner)
          } else {
            move(u, to: bestGroup)
          }
          improved = true
        }
      }
      focus = touched
      for g in touched.indices { touched[g] = false }
    }
    return evaluations
  }

  /// Applies `strength` random feasible moves or swaps between groups.
  mutating func perturb(strength: Int) {
    let groups = openGroups
    guard groups.count > 1 else { return }
    var done = 0
    var attempts = 0
    while done < strength && attempts < strength * 50 {
      attempts += 1
      let a = groups[rng.below(groups.count)]
      let b = groups[rng.below(groups.count)]
      guard a != b, memberCount[a] > 0, memberCount[b] > 0 else { continue }
      let u = Int(slots[a * capacity + rng.below(Int(memberCount[a]))])
      let v = Int(slots[b * capacity + rng.below(Int(memberCount[b]))])
      let su = model.sizes[u]
      let sv = model.sizes[v]
      if rng.below(3) == 0, size[a] - su >= model.minSize, size[b] + su <= model.maxSize,
        fits(u, into: b, replacing: -1)
      {
        move(u, to: b)
        done += 1
        continue
      }
      let newA = size[a] - su + sv
      let newB = size[b] - sv + su
      guard newA >= model.minSize, newA <= model.maxSize, newB >= model.minSize,
        newB <= model.maxSize,
        fits(v, into: a, replacing: u), fits(u, into: b, replacing: v)
      else { continue }
      swap(u, v)
      done += 1
    }
  }
}
