import Intake

/// Who could ever share a group with whom, under the hard rules of one batch.
///
/// People tied by `keep_together` form one *unit* that is placed as a whole. Two units are
/// compatible when every pair across them passes the pairwise rules: `match`, the level
/// window, reporting lines, `avoid`/`keep_apart`, `met_before: avoid`, `separate` with a
/// limit of 1, and enough shared slots. Rules that count a whole group (`separate` above 1
/// and `min_common_slots`) are checked when groups are built.
struct CompatibilityGraph: Sendable {
  /// A set of people placed together (usually one person).
  struct Unit: Sendable {
    /// Indices into the batch, in file order.
    var members: [Int]
    /// The slots every member has.
    var mask: UInt32
    /// `Σ d_ij` over pairs inside the unit.
    var internalDiversity: Double
    /// Placement priority: higher is placed first when not everyone can be.
    var priority: Double
    /// Why the unit can never be placed, if that is known from its own rows.
    var selfConflict: String?
  }

  let candidates: [Candidate]
  let config: GroupsConfig
  let measure: DiversityMeasure
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
    let config = problem.config
    let candidates = problem.candidates
    let measure = DiversityMeasure(config.diversify)
    self.candidates = candidates
    self.config = config
    self.measure = measure
    let index = Dictionary(
      problem.candidates.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    let participants = problem.candidates.indices.filter {
      problem.participants.contains(problem.candidates[$0].id)
    }

    // Units: union-find over keep_together among participants.
    var parent = Dictionary(uniqueKeysWithValues: participants.map { ($0, $0) })
    func find(_ x: Int) -> Int {
      var r = x
      while let p = parent[r], p != r { r = p }
      var y = x
      while let p = parent[y], p != r {
        parent[y] = r
        y = p
      }
      return r
    }
    for list in config.keepTogether {
      let present = list.compactMap { index[$0] }.filter { parent[$0] != nil }
      for pair in zip(present, present.dropFirst()) {
        let a = find(pair.0)
        let b = find(pair.1)
        if a != b { parent[max(a, b)] = min(a, b) }
      }
    }
    var groupsByRoot: [Int: [Int]] = [:]
    for p in participants { groupsByRoot[find(p), default: []].append(p) }
    let unitMembers = groupsByRoot.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }

    // Reporting chains, followed through every row of the file.
    var ancestors = [[Int]](repeating: [], count: candidates.count)
    if config.hierarchy.separateReportingLines {
      for i in candidates.indices {
        var seen: Set<Int> = [i]
        var current = candidates[i].managerID.flatMap { index[$0] }
        while let m = current, !seen.contains(m) {
          seen.insert(m)
          ancestors[i].append(m)
          current = candidates[m].managerID.flatMap { index[$0] }
        }
      }
    }

    // Explicitly forbidden pairs: avoid, keep_apart, met before, reporting lines.
    var forbidden = Set<PairKey>()
    for (i, c) in candidates.enumerated() {
      for other in c.avoid { if let j = index[other], j != i { forbidden.insert(PairKey(i, j)) } }
      for a in ancestors[i] { forbidden.insert(PairKey(i, a)) }
    }
    for list in config.keepApart {
      let present = list.compactMap { index[$0] }
      for a in present.indices {
        for b in present.indices where b > a && present[a] != present[b] {
          forbidden.insert(PairKey(present[a], present[b]))
        }
      }
    }
    if config.history.metBefore == .avoid {
      for (a, b) in problem.metBefore {
        if let i = index[a], let j = index[b], i != j { forbidden.insert(PairKey(i, j)) }
      }
    }

    // Value codes for match and separate attributes, so the pair loop compares integers.
    func codes(_ attribute: String) -> [Int32] {
      var table: [String: Int32] = [:]
      return candidates.map { c in
        guard let v = c.attribute(attribute) else { return -1 }
        if let code = table[v] { return code }
        let code = Int32(table.count)
        table[v] = code
        return code
      }
    }
    let matchFormat = config.match.contains("format")
    let matchCodes = config.match.filter { $0 != "format" }.map(codes)
    let separatePairs = config.separate.filter { $0.value <= 1 }.keys.sorted().map(codes)
    let counted = config.separate.filter { $0.value > 1 }.sorted { $0.key < $1.key }
    let countedCodes = counted.map { codes($0.key) }
    let gap = config.hierarchy.maxLevelGap
    let needSlots = config.minCommonSlots

    // Per-person codes, so the pair test copies no Candidate (and touches no strings).
    let formats: [UInt8] = candidates.map {
      switch $0.format {
      case .online: 1
      case .inPerson: 2
      case .either: 0
      }
    }
    let levels: [Int] = candidates.map { $0.level ?? -1 }
    let availability: [UInt32] = candidates.map(\.availability.mask)
    let forbiddenByPerson: [[Int]] = {
      var lists = [[Int]](repeating: [], count: candidates.count)
      for pair in forbidden {
        lists[pair.a].append(pair.b)
        lists[pair.b].append(pair.a)
      }
      return lists
    }()

    func personCompatible(_ i: Int, _ j: Int) -> Bool {
      if matchFormat {
        let fa = formats[i]
        let fb = formats[j]
        if fa != fb && fa != 0 && fb != 0 { return false }
      }
      for m in matchCodes where m[i] != m[j] { return false }
      for s in separatePairs where s[i] >= 0 && s[i] == s[j] { return false }
      if let gap, levels[i] >= 0, levels[j] >= 0, abs(levels[i] - levels[j]) > gap { return false }
      if (availability[i] & availability[j]).nonzeroBitCount < needSlots { return false }
      return forbiddenByPerson[i].isEmpty || !forbiddenByPerson[i].contains(j)
    }

    // Build units with their own feasibility.
    var builtUnits: [Unit] = []
    let ranks = Self.priorityRanks(problem: problem, participants: participants)
    for members in unitMembers {
      var mask: UInt32 = 0x1F_FFFF
      var inside = 0.0
      var conflict: String? = nil
      for (k, i) in members.enumerated() {
        mask &= candidates[i].availability.mask
        for j in members[..<k] {
          inside += measure.distance(candidates[i], candidates[j])
          if conflict == nil && !personCompatible(i, j) {
            conflict =
              "keep_together puts \(candidates[j].id) with \(candidates[i].id), whom the rules keep apart"
          }
        }
      }
      if conflict == nil && mask.nonzeroBitCount < needSlots {
        conflict =
          members.count == 1
          ? "\(candidates[members[0]].id) has fewer than \(needSlots) weekly slot(s) to meet in"
          : "keep_together group shares fewer than \(needSlots) slot(s)"
      }
      if conflict == nil && members.count > config.size.max {
        conflict =
          "keep_together group of \(members.count) is larger than size.max \(config.size.max)"
      }
      for (a, attribute) in counted.enumerated() where conflict == nil {
        var tally: [Int32: Int] = [:]
        for i in members where countedCodes[a][i] >= 0 {
          tally[countedCodes[a][i], default: 0] += 1
        }
        if let worst = tally.values.max(), worst > attribute.value {
          conflict = "keep_together group has \(worst) people sharing one \(attribute.key)"
        }
      }
      let priority = members.reduce(0.0) { $0 + ranks[$1, default: 0] }
      builtUnits.append(
        Unit(
          members: members, mask: mask, internalDiversity: inside, priority: priority,
          selfConflict: conflict))
    }
    units = builtUnits
    countedAttributes = counted.map { ($0.key, $0.value) }
    countedValues = candidates.indices.map { i in countedCodes.map { $0[i] } }
    countedValueCounts = countedCodes.map { Int(($0.max() ?? -1) + 1) }

    let n = builtUnits.count
    let words = (n + 63) / 64
    self.words = words
    var bits = [UInt64](repeating: 0, count: n * words)
    for u in 0..<n where builtUnits[u].selfConflict == nil {
      for v in (u + 1)..<n where builtUnits[v].selfConflict == nil {
        if (builtUnits[u].mask & builtUnits[v].mask).nonzeroBitCount < needSlots { continue }
        var ok = true
        outer: for i in builtUnits[u].members {
          for j in builtUnits[v].members where !personCompatible(i, j) {
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
    // Callers pass every participant's readiness; this fallback only serves library users
    // who leave someone out, ranking them at the default ready_at.
    let readyAt = 3.5
    let order = participants.sorted { a, b in
      let ca = problem.candidates[a]
      let cb = problem.candidates[b]
      let ra = problem.readiness[ca.id] ?? readyAt
      let rb = problem.readiness[cb.id] ?? readyAt
      if ra != rb { return ra > rb }
      switch (ca.intakeDate, cb.intakeDate) {
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

/// An unordered pair of indices.
struct PairKey: Hashable, Sendable {
  let a: Int
  let b: Int
  init(_ x: Int, _ y: Int) {
    a = min(x, y)
    b = max(x, y)
  }
}
