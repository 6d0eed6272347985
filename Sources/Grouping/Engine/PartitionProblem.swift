/// What the engine solves: units to place into groups, the weight of every pair, the rules a
/// group must keep, and how a group is scored.
///
/// One type for both of Kring's uses. A component of a batch is a problem with units of one
/// or more people (`keep_together`), rules compiled from the batch's ``RuleSet``, a free number
/// of groups of `min…max` people, units that may stay unplaced, and the objective of DESIGN.md.
/// An MDGPLIB instance is a problem of single-person units, no rules, a fixed number of groups
/// with per-group bounds, everyone placed, and the plain sum of pairs.
///
/// Everything the inner loops read is laid out flat.
struct PartitionProblem: Sendable {
  /// How many groups there are and how large they may be.
  enum Groups: Sendable, Hashable {
    /// Exactly `lower.count` groups; group `g` holds `lower[g]…upper[g]` people, and every
    /// unit is placed.
    case fixed(lower: [Int], upper: [Int])
    /// Any number of groups of `min…max` people, `target` preferred; units may stay
    /// unplaced, and placing more people comes first.
    case free(min: Int, max: Int, target: Int)
  }

  /// How a group adds to the objective.
  enum Scoring: Sendable {
    /// The sum of `d_ij` over the group's pairs (MDGP).
    case pairSum
    /// DESIGN.md's objective: `D(g)` minus the size and history penalties.
    case objective(Objective)
  }

  /// Global index of each unit (a unit of the compatibility graph; the item for MDGP).
  let globalUnits: [Int]
  let count: Int
  /// People per unit.
  let sizes: [Int]
  /// Placement priority of each unit (higher is placed first when not everyone can be).
  let priority: [Double]
  /// `Σ d_ij` over the pairs inside each unit.
  let internalDiversity: [Double]
  /// `count × count` weight between units (the sum over their members' pairs).
  let cross: [Double]
  /// `count × count` pairs who met before (only for `met_before: penalize`).
  let metBefore: [Double]?
  let scoring: Scoring
  let groups: Groups
  /// Row-major compatibility bits (`words` per unit); empty when every pair may meet.
  let words: Int
  let bits: [UInt64]
  /// Each unit's weekly slots and languages (``SharedMask``), and how many slots a group must
  /// share (0: slots do not matter).
  let masks: [UInt64]
  let needSlots: Int
  /// Whether the masks can rule a group out: slots are needed or languages are matched.
  let checksMasks: Bool
  /// For each counted `separate` attribute: each unit's tally of value ids, the limit, and
  /// the number of values.
  let tallies: [[[(value: Int32, count: Int)]]]
  let limits: [Int]
  let valueCounts: [Int]
  /// How `cross` arises from people's attributes, where it does (a batch's components);
  /// pricing bounds pairs tighter with it.
  let structure: PairStructure?

  /// The smallest group size allowed anywhere.
  let minSize: Int
  /// The largest group size allowed anywhere.
  let maxSize: Int
  /// The preferred size (free groups), or the mean size (fixed groups).
  let target: Int

  init(
    globalUnits: [Int], sizes: [Int], priority: [Double], internalDiversity: [Double],
    cross: [Double], metBefore: [Double]? = nil, scoring: Scoring, groups: Groups,
    bits: [UInt64] = [], masks: [UInt64] = [], needSlots: Int = 0,
    tallies: [[[(value: Int32, count: Int)]]] = [], limits: [Int] = [], valueCounts: [Int] = [],
    structure: PairStructure? = nil
  ) {
    count = sizes.count
    self.globalUnits = globalUnits
    self.sizes = sizes
    self.priority = priority
    self.internalDiversity = internalDiversity
    self.cross = cross
    self.metBefore = metBefore
    self.scoring = scoring
    self.groups = groups
    words = (sizes.count + 63) / 64
    self.bits = bits
    self.masks =
      masks.isEmpty ? [UInt64](repeating: SharedMask.everything, count: sizes.count) : masks
    self.needSlots = needSlots
    checksMasks = needSlots > 0 || self.masks.contains { SharedMask.languages($0) != UInt32.max }
    self.tallies = tallies
    self.limits = limits
    self.valueCounts = valueCounts
    self.structure = structure
    switch groups {
    case .fixed(let lower, let upper):
      minSize = lower.min() ?? 1
      maxSize = upper.max() ?? 1
      target = lower.isEmpty ? 1 : max(1, sizes.reduce(0, +) / lower.count)
    case .free(let min, let max, let target):
      minSize = min
      maxSize = max
      self.target = target
    }
  }

  /// Whether every unit must be placed in one of a fixed number of groups.
  var isFixed: Bool {
    if case .fixed = groups { true } else { false }
  }

  /// Whether the objective is the plain sum of pairs, whose change is linear in the weights.
  var isPairSum: Bool {
    if case .pairSum = scoring { true } else { false }
  }

  /// Whether any rule beyond the group sizes applies.
  var hasRules: Bool { !bits.isEmpty || checksMasks || !limits.isEmpty }

  @inline(__always)
  func compatible(_ a: Int, _ b: Int) -> Bool {
    bits.isEmpty || bits[a * words + b / 64] & (1 << UInt64(b % 64)) != 0
  }

  @inline(__always)
  func crossDiversity(_ a: Int, _ b: Int) -> Double { cross[a * count + b] }

  /// The value a group adds to the objective.
  @inline(__always)
  func groupValue(sum: Double, size: Int, met: Double) -> Double {
    switch scoring {
    case .pairSum: sum
    case .objective(let objective): objective.value(pairSum: sum, size: size, metPairs: met)
    }
  }

  /// Whether the given units form a valid group under every rule (any allowed size).
  func isValidGroup(_ members: [Int]) -> Bool {
    let size = members.reduce(0) { $0 + sizes[$1] }
    guard size >= minSize, size <= maxSize else { return false }
    var mask = SharedMask.everything
    for (k, a) in members.enumerated() {
      mask &= masks[a]
      for b in members[..<k] where !compatible(a, b) { return false }
    }
    guard SharedMask.satisfies(mask, slots: needSlots) else { return false }
    for (attribute, limit) in limits.enumerated() {
      var tally: [Int32: Int] = [:]
      for a in members {
        for entry in tallies[attribute][a] { tally[entry.value, default: 0] += entry.count }
      }
      if let worst = tally.values.max(), worst > limit { return false }
    }
    return true
  }

  /// The objective terms of a group of units: people, priority and value.
  func evaluate(_ members: [Int]) -> (people: Int, priority: Double, value: Double) {
    var sum = 0.0
    var met = 0.0
    var people = 0
    var prio = 0.0
    for (k, a) in members.enumerated() {
      sum += internalDiversity[a]
      people += sizes[a]
      prio += priority[a]
      for b in members[..<k] {
        sum += cross[a * count + b]
        if let metBefore { met += metBefore[a * count + b] }
      }
    }
    return (people, prio, groupValue(sum: sum, size: people, met: met))
  }

  /// The number of people in all units.
  var people: Int { sizes.reduce(0, +) }
}

/// A solution of a partition problem: groups of units, compared lexicographically by people
/// placed, then placement priority, then the objective value.
struct PartitionSolution: Sendable {
  var groups: [[Int]]
  var people: Int
  var priority: Double
  var value: Double

  init(groups: [[Int]], problem: PartitionProblem) {
    self.groups = groups.map { $0.sorted() }.sorted { ($0.first ?? 0) < ($1.first ?? 0) }
    var people = 0
    var priority = 0.0
    var value = 0.0
    for g in self.groups {
      let e = problem.evaluate(g)
      people += e.people
      priority += e.priority
      value += e.value
    }
    self.people = people
    self.priority = priority
    self.value = value
  }

  /// Whether `self` is better than `other` by more than rounding noise.
  func isBetter(than other: PartitionSolution) -> Bool {
    if people != other.people { return people > other.people }
    if abs(priority - other.priority) > 1e-9 { return priority > other.priority }
    return value > other.value + 1e-9 * max(1, abs(value))
  }
}
