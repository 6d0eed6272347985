extension PartitionProblem {
  /// One component of a batch's compatibility graph as a partition problem: its units in
  /// local indices, the rules compiled from the batch's rule set, a free number of groups,
  /// and the one objective.
  init(graph: CompatibilityGraph, units global: [Int]) {
    let rules = graph.rules
    let config = graph.config
    let count = global.count
    let objective = rules.objective
    let penalize = objective.historyPenalty != 0 && !rules.metPairs.isEmpty
    var cross = [Double](repeating: 0, count: count * count)
    var met = penalize ? [Double](repeating: 0, count: count * count) : []
    for a in 0..<count {
      for b in (a + 1)..<count {
        var d = 0.0
        var m = 0.0
        for i in graph.units[global[a]].members {
          for j in graph.units[global[b]].members {
            d += rules.distance(i, j)
            if penalize && rules.metPairs.contains(PairKey(i, j)) { m += 1 }
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
    let words = (count + 63) / 64
    var bits = [UInt64](repeating: 0, count: count * words)
    for a in 0..<count {
      for b in 0..<count where a != b && graph.compatible(global[a], global[b]) {
        bits[a * words + b / 64] |= 1 << UInt64(b % 64)
      }
    }
    let tallies = graph.countedAttributes.indices.map { attribute in
      global.map { u in
        var tally: [Int32: Int] = [:]
        for i in graph.units[u].members {
          let v = graph.countedValues[i][attribute]
          if v >= 0 { tally[v, default: 0] += 1 }
        }
        return tally.sorted { $0.key < $1.key }.map { (value: $0.key, count: $0.value) }
      }
    }
    self.init(
      globalUnits: global, sizes: global.map { graph.units[$0].members.count },
      priority: global.map { graph.units[$0].priority },
      internalDiversity: global.map { graph.units[$0].internalDiversity }, cross: cross,
      metBefore: penalize ? met : nil, scoring: .objective(objective),
      groups: .free(min: config.size.min, max: config.size.max, target: config.size.target),
      bits: bits, masks: global.map { graph.units[$0].mask }, needSlots: config.minCommonSlots,
      tallies: tallies, limits: graph.countedAttributes.map(\.limit),
      valueCounts: graph.countedValueCounts,
      structure: PairStructure(rules: rules, members: global.map { graph.units[$0].members }))
  }
}
