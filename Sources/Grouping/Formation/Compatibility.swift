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
  init(problem: GroupingProblem, rules: RuleSet) {
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
    let alive = builtUnits.map { $0.selfConflict == nil }
    // Rows of the rule set's bulk check, not a check per pair: a batch of 10 000 has 50
    // million pairs.
    if members.allSatisfy({ $0.count == 1 }) {
      // Bit u of the index is unit u: a unit's row is its person's, less the units that can
      // never be placed and itself.
      let index = rules.compatibilityIndex(over: members.map { $0[0] })
      var living = [UInt64](repeating: 0, count: words)
      for u in 0..<n where alive[u] { living[u >> 6] |= 1 << UInt64(u & 63) }
      var row: [UInt64] = []
      for u in 0..<n where alive[u] {
        rules.compatibleRow(of: members[u][0], in: index, into: &row)
        row[u >> 6] &= ~(1 << UInt64(u & 63))
        for w in 0..<words { bits[u * words + w] = row[w] & living[w] }
      }
      self.bits = bits
      return
    }
    // Units of several people: the index runs through every unit's members in unit order.
    // Two units are compatible when every pair across them is and they share enough slots
    // and a language as a whole; each unit sets its own row (the rules are symmetric).
    var start = [Int](repeating: 0, count: n + 1)
    for u in 0..<n { start[u + 1] = start[u] + members[u].count }
    let index = rules.compatibilityIndex(over: Array(members.joined()))
    var unitAt = [Int](repeating: -1, count: start[n])
    var heads = [UInt64](repeating: 0, count: index.words)
    for u in 0..<n where alive[u] {
      unitAt[start[u]] = u
      heads[start[u] >> 6] |= 1 << UInt64(start[u] & 63)
    }
    let needSlots = rules.config.minCommonSlots
    var row: [UInt64] = []
    var all: [UInt64] = []
    for u in 0..<n where alive[u] {
      rules.compatibleRow(of: members[u][0], in: index, into: &all)
      for i in members[u].dropFirst() {
        rules.compatibleRow(of: i, in: index, into: &row)
        for w in 0..<index.words { all[w] &= row[w] }
      }
      let has = { (p: Int) in all[p >> 6] & (1 << UInt64(p & 63)) != 0 }
      for w in 0..<index.words {
        var word = all[w] & heads[w]
        while word != 0 {
          let v = unitAt[w * 64 + word.trailingZeroBitCount]
          word &= word - 1
          guard v != u, (start[v] + 1..<start[v + 1]).allSatisfy(has),
            SharedMask.satisfies(builtUnits[u].mask & builtUnits[v].mask, slots: needSlots)
          else { continue }
          bits[u * words + v / 64] |= 1 << UInt64(v % 64)
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

  /// Calls `body` with every unit compatible with `u` among `living` (one bit per unit), in
  /// index order, until it returns `false`.
  @inline(__always)
  func forEachNeighbour(of u: Int, among living: [UInt64], _ body: (Int) -> Bool) {
    for w in 0..<words {
      var word = bits[u * words + w] & living[w]
      while word != 0 {
        if !body(w * 64 + word.trailingZeroBitCount) { return }
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
