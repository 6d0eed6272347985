/// One component of the compatibility graph in local indices, with everything the exact
/// solver and the search read in their inner loops laid out flat.
struct ComponentModel: Sendable {
  /// Global unit index of each local unit.
  let globalUnits: [Int]
  let count: Int
  let sizes: [Int]
  let masks: [UInt32]
  let priority: [Double]
  let internalDiversity: [Double]
  /// `count × count` cross diversity between units (sum over member pairs).
  let cross: [Double]
  /// `count × count` number of member pairs who met before (only for `met_before: penalize`).
  let metBefore: [Double]?
  /// The one objective, which scores every group.
  let objective: Objective
  let words: Int
  let bits: [UInt64]
  /// For each counted `separate` attribute: each unit's tally of value ids.
  let tallies: [[[(value: Int32, count: Int)]]]
  let limits: [Int]
  let valueCounts: [Int]
  let minSize: Int
  let maxSize: Int
  let target: Int
  let needSlots: Int

  init(graph: CompatibilityGraph, units global: [Int]) {
    let metBeforePairs = graph.rules.metPairs
    let config = graph.config
    globalUnits = global
    count = global.count
    sizes = global.map { graph.units[$0].members.count }
    masks = global.map { graph.units[$0].mask }
    priority = global.map { graph.units[$0].priority }
    internalDiversity = global.map { graph.units[$0].internalDiversity }
    var cross = [Double](repeating: 0, count: count * count)
    objective = graph.rules.objective
    let penalize = objective.historyPenalty != 0 && !metBeforePairs.isEmpty
    var met = penalize ? [Double](repeating: 0, count: count * count) : []
    for a in 0..<count {
      for b in (a + 1)..<count {
        var d = 0.0
        var m = 0.0
        for i in graph.units[global[a]].members {
          for j in graph.units[global[b]].members {
            d += graph.rules.distance(i, j)
            if penalize && metBeforePairs.contains(PairKey(i, j)) { m += 1 }
          }
        }
        cross[a * count + b] = d
        cross[b * count + a] = d
        if penalize {
          met[a * count + b] = m
          met[b * count + a] = m
        }
      }
    }
    self.cross = cross
    metBefore = penalize ? met : nil
    words = (count + 63) / 64
    var bits = [UInt64](repeating: 0, count: count * words)
    for a in 0..<count {
      for b in 0..<count where a != b && graph.compatible(global[a], global[b]) {
        bits[a * words + b / 64] |= 1 << UInt64(b % 64)
      }
    }
    self.bits = bits
    limits = graph.countedAttributes.map(\.limit)
    valueCounts = graph.countedValueCounts
    tallies = graph.countedAttributes.indices.map { attribute in
      global.map { u in
        var tally: [Int32: Int] = [:]
        for i in graph.units[u].members {
          let v = graph.countedValues[i][attribute]
          if v >= 0 { tally[v, default: 0] += 1 }
        }
        return tally.sorted { $0.key < $1.key }.map { (value: $0.key, count: $0.value) }
      }
    }
    minSize = config.size.min
    maxSize = config.size.max
    target = config.size.target
    needSlots = config.minCommonSlots
  }

  @inline(__always)
  func compatible(_ a: Int, _ b: Int) -> Bool {
    bits[a * words + b / 64] & (1 << UInt64(b % 64)) != 0
  }

  @inline(__always)
  func crossDiversity(_ a: Int, _ b: Int) -> Double { cross[a * count + b] }

  /// The value a group adds to the objective, by the one objective.
  @inline(__always)
  func groupValue(sum: Double, size: Int, met: Double) -> Double {
    objective.value(pairSum: sum, size: size, metPairs: met)
  }

  /// Whether the given local units form a valid group under every hard rule.
  func isValidGroup(_ members: [Int]) -> Bool {
    let size = members.reduce(0) { $0 + sizes[$1] }
    guard size >= minSize, size <= maxSize else { return false }
    var mask: UInt32 = 0x1F_FFFF
    for (k, a) in members.enumerated() {
      mask &= masks[a]
      for b in members[..<k] where !compatible(a, b) { return false }
    }
    guard mask.nonzeroBitCount >= needSlots else { return false }
    for (attribute, limit) in limits.enumerated() {
      var tally: [Int32: Int] = [:]
      for a in members {
        for entry in tallies[attribute][a] { tally[entry.value, default: 0] += entry.count }
      }
      if let worst = tally.values.max(), worst > limit { return false }
    }
    return true
  }

  /// The objective terms of a group of local units: people, priority and value.
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
}

/// A solution of one component: groups of local units, compared lexicographically by
/// people placed, then placement priority, then the objective value.
struct ComponentSolution: Sendable {
  var groups: [[Int]]
  var people: Int
  var priority: Double
  var value: Double

  init(groups: [[Int]], model: ComponentModel) {
    self.groups = groups.map { $0.sorted() }.sorted { ($0.first ?? 0) < ($1.first ?? 0) }
    var people = 0
    var priority = 0.0
    var value = 0.0
    for g in self.groups {
      let e = model.evaluate(g)
      people += e.people
      priority += e.priority
      value += e.value
    }
    self.people = people
    self.priority = priority
    self.value = value
  }

  /// Whether `self` is better than `other` by more than rounding noise.
  func isBetter(than other: ComponentSolution) -> Bool {
    if people != other.people { return people > other.people }
    if abs(priority - other.priority) > 1e-9 { return priority > other.priority }
    return value > other.value + 1e-9
  }
}
