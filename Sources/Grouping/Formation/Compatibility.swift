import Intake

/// Who could ever share a group with whom, compiled from the batch's ``RuleSet``.
///
/// People tied by `keep_together` form one *unit* that is placed as a whole. Two units are
/// compatible when every pair across them is ``RuleSet/compatible(_:_:)``. Rules that count a
/// whole group (`separate` above 1, `min_common_slots` and a shared language) are checked when
/// groups are built,
/// from the per-person value codes kept here.
struct CompatibilityGraph: Sendable {
  /// A set of people placed together (usually one person).
  struct Unit: Sendable {
    /// Indices into the batch, in file order.
    var members: [Int]
    /// The slots and languages every member has (``SharedMask``).
    var mask: UInt64
    /// `Σ d_ij` over pairs inside the unit.
    var internalDiversity: Double
    /// Placement priority: higher is placed first when not everyone can be.
    var priority: Double
    /// The rule the unit breaks by itself, if any: it can then never be placed.
    var selfConflict: RuleViolation?
  }

  let rules: RuleSet
  var candidates: [Candidate] { rules.candidates }
  var config: GroupsConfig { rules.config }
  var measure: DiversityMeasure { rules.objective.measure }
  var units: [Unit]
  /// Row-major bit matrix: bit v of row u is set when units u and v are compatible.
  let words: Int
  var bits: [UInt64]
  /// `separate` attributes with a limit above 1, and each person's value id for them.
  let countedAttributes: [(name: String, limit: Int)]
  let countedValues: [[Int32]]
  /// The number of distinct values of each counted attribute.
  let countedValueCounts: [Int]

  init(problem: GroupingProblem) {
    self.init(problem: problem, rules: problem.ruleSet())
  }

  /// Compiles the graph of `problem`'s participants under `rules`.
  ///
  /// With `wide`, a graph of single-person units over a superset of the participants under
  /// the same rules, pairs are read from it instead of checked again, when every unit here is
  /// one person too.
  init(problem: GroupingProblem, rules: RuleSet, wide: CompatibilityGraph? = nil) {
    self.rules = rules
    let candidates = rules.candidates
    let participants = candidates.indices.filter {
      problem.participants.contains(candidates[$0].id)
    }

    // Units: participants tied by keep_together (partners who do not take part do not bind).
    let unitMembers = rules.keepTogetherUnits(among: participants)

    let counted = rules.separated.filter { $0.limit >= 2 }
    let ranks = Self.priorityRanks(problem: problem, participants: participants)
    var builtUnits: [Unit] = []
    builtUnits.reserveCapacity(unitMembers.count)
    for members in unitMembers {
      var mask = SharedMask.everything
      var inside = 0.0
      for (k, i) in members.enumerated() {
        mask &= rules.masks[i]
        for j in members[..<k] {
          inside += rules.distance(i, j)
        }
      }
      builtUnits.append(
        Unit(
          members: members, mask: mask, internalDiversity: inside,
          priority: members.reduce(0.0) { $0 + ranks[$1, default: 0] },
          selfConflict: rules.violations(of: members).first))
    }
    units = builtUnits
    countedAttributes = counted.map { ($0.attribute, $0.limit) }
    countedValues = candidates.indices.map { i in counted.map { $0.codes[i] } }
    countedValueCounts = counted.map(\.valueCount)

    let n = builtUnits.count
    let words = (n + 63) / 64
    self.words = words
    var bits = [UInt64](repeating: 0, count: n * words)
    let members = builtUnits.map(\.members)
    let single = members.allSatisfy { $0.count == 1 }
    if let wide, single, wide.units.allSatisfy({ $0.members.count == 1 }) {
      // Each person's unit in the wide graph, and back.
      var wideUnit = [Int](repeating: -1, count: candidates.count)
      for (w, unit) in wide.units.enumerated() { wideUnit[unit.members[0]] = w }
      var local = [Int](repeating: -1, count: wide.units.count)
      for u in 0..<n { local[wideUnit[members[u][0]]] = u }
      for u in 0..<n where builtUnits[u].selfConflict == nil {
        wide.forEachNeighbour(of: wideUnit[members[u][0]]) { w in
          let v = local[w]
          if v >= 0 && builtUnits[v].selfConflict == nil {
            bits[u * words + v / 64] |= 1 << UInt64(v % 64)
          }
        }
      }
      self.bits = bits
      return
    }
    let needSlots = rules.config.minCommonSlots
    let masks = builtUnits.map(\.mask)
    let alive = builtUnits.map { $0.selfConflict == nil }
    if single {
      // Only people with the same matched values, and levels within the window, can meet:
      // pairs are looked at within such cells only, so that a batch of 10 000 costs far
      // less than its 50 million pairs.
      var cells: [[Int32]: [Int]] = [:]
      for u in 0..<n where alive[u] {
        cells[rules.matched.map { $0.codes[members[u][0]] }, default: []].append(u)
      }
      let gap = rules.config.hierarchy.maxLevelGap
      for key in cells.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
        let cell = cells[key] ?? []
        let level = { (u: Int) in rules.levels[members[u][0]] }
        // Unknown levels meet anyone; known ones only those within `gap`, in level order.
        let unknown = cell.filter { gap == nil || level($0) < 0 }
        let known =
          gap == nil ? [] : cell.filter { level($0) >= 0 }.sorted { level($0) < level($1) }
        func check(_ u: Int, _ v: Int) {
          guard SharedMask.satisfies(masks[u] & masks[v], slots: needSlots),
            rules.compatible(members[u][0], members[v][0])
          else { return }
          bits[u * words + v / 64] |= 1 << UInt64(v % 64)
          bits[v * words + u / 64] |= 1 << UInt64(u % 64)
        }
        for (a, u) in unknown.enumerated() {
          for v in unknown[(a + 1)...] { check(u, v) }
          for v in known { check(u, v) }
        }
        if let gap {
          for (a, u) in known.enumerated() {
            for v in known[(a + 1)...] {
              if level(v) - level(u) > gap { break }
              check(u, v)
            }
          }
        }
      }
      self.bits = bits
      return
    }
    for u in 0..<n where alive[u] {
      for v in (u + 1)..<n where alive[v] {
        guard SharedMask.satisfies(masks[u] & masks[v], slots: needSlots) else { continue }
        var ok = true
        outer: for i in members[u] {
          for j in members[v] where !rules.compatible(i, j) {
            ok = false
            break outer
          }
        }
        if ok {
          bits[u * words + v / 64] |= 1 << UInt64(v % 64)
          bits[v * words + u / 64] |= 1 << UInt64(u % 64)
        }
      }
    }
    self.bits = bits
  }

  /// Placement weights in (0, 1): higher readiness first, then earlier intake, then file order.
  ///
  /// A candidate without ratings (the coordinator decided) ranks as if just ready.
  static func priorityRanks(problem: GroupingProblem, participants: [Int]) -> [Int: Double] {
    let readyAt = problem.defaultReadiness
    // Looked up once per person, not once per comparison.
    var readiness = [Double](repeating: readyAt, count: problem.candidates.count)
    for i in participants { readiness[i] = problem.readiness[problem.candidates[i].id] ?? readyAt }
    let order = participants.sorted { a, b in
      let ra = readiness[a]
      let rb = readiness[b]
      if ra != rb { return ra > rb }
      switch (problem.candidates[a].intakeDate, problem.candidates[b].intakeDate) {
      case (let x?, let y?) where x != y: return x < y
      case (.some, nil): return true
      case (nil, .some): return false
      default: return a < b
      }
    }
    let n = Double(order.count)
    var ranks: [Int: Double] = [:]
    for (rank, i) in order.enumerated() { ranks[i] = (n - Double(rank)) / (n + 1) }
    return ranks
  }

  /// Whether units `u` and `v` may share a group.
  @inline(__always)
  func compatible(_ u: Int, _ v: Int) -> Bool {
    bits[u * words + v / 64] & (1 << UInt64(v % 64)) != 0
  }

  /// The number of people in unit `u`.
  func size(_ u: Int) -> Int { units[u].members.count }

  /// Calls `body` with every unit compatible with `u`, in index order.
  @inline(__always)
  func forEachNeighbour(of u: Int, _ body: (Int) -> Void) {
    for w in 0..<words {
      var word = bits[u * words + w]
      while word != 0 {
        body(w * 64 + word.trailingZeroBitCount)
        word &= word - 1
      }
    }
  }

  /// Connected components of the compatibility graph, each sorted, in order of first unit.
  func components() -> [[Int]] {
    var seen = [Bool](repeating: false, count: units.count)
    var result: [[Int]] = []
    for start in units.indices where !seen[start] {
      var component: [Int] = []
      var stack = [start]
      seen[start] = true
      while let u = stack.popLast() {
        component.append(u)
        forEachNeighbour(of: u) { v in
          if !seen[v] {
            seen[v] = true
            stack.append(v)
          }
        }
      }
      result.append(component.sorted())
    }
    return result
  }

  /// The compatible units of `u` among those still `alive`.
  func neighbours(_ u: Int, alive: [Bool]) -> [Int] {
    var result: [Int] = []
    forEachNeighbour(of: u) { v in if alive[v] { result.append(v) } }
    return result
  }
}
