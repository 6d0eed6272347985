/// How a problem's pair weights arise from people's attributes, so that pricing can bound the
/// pairs among people not chosen yet by what a group of them can reach at most.
///
/// Kring's `d_ij` is `Σ_t w_t·[code_t(i) ≠ code_t(j)] + w_y·min(|y_i − y_j|, 15)/15` (``DiversityMeasure``). Bounding
/// each person by their own largest weights assumes that everyone in a group is far from
/// everyone else, which years of experience forbid: eight people within 40 years cannot all be
/// 15 years apart. ``pairBound(people:)`` bounds the sum over the pairs of any `r` people drawn
/// from a set by the set's distinct codes per term and its spread of years.
struct PairStructure: Sendable {
  /// A term that counts when two people's codes differ.
  struct Categorical: Sendable {
    var weight: Double
    /// The codes of each unit's people, numbered `0..<values`.
    var codes: [[Int32]]
    var values: Int
  }

  var categorical: [Categorical]
  /// The weight of the years term (0 when years do not count).
  var yearsWeight: Double
  /// The smallest and largest years among each unit's people.
  var years: [(low: Double, high: Double)]
  /// Each unit's value of an attribute no two members of a group may share, or −1.
  ///
  /// The attribute is that of a `separate` rule with a limit of 1, such as the organisation;
  /// −1 stands for blank, a unit of several people, or no such rule. Units of one value are
  /// never compatible; pricing's sequence bound uses it.
  var exclusive: [Int32] = []

  /// The most `Σ d` over the pairs of `r` people can reach when the people come from a set
  /// with `distinct[t]` codes of categorical term `t` and years spanning `spread`.
  ///
  /// A categorical term differs in at most the pairs left when the `r` people spread evenly
  /// over the codes. For years, with the people sorted, the pairs `d` apart in that order add
  /// at most `min((r − d)·cap, d·spread)`: each of the `r − d` pairs is capped, and together
  /// they cover each gap between neighbours at most `d` times.
  func pairBound(people r: Int, distinct: [Int], spread: Double) -> Double {
    guard r > 1 else { return 0 }
    var total = categoricalBound(people: r, distinct: distinct)
    if yearsWeight > 0 {
      var years = 0.0
      for d in 1..<r {
        years += min(Double(r - d) * DiversityMeasure.yearsCap, Double(d) * max(0, spread))
      }
      total += yearsWeight * years / DiversityMeasure.yearsCap
    }
    return total
  }

  /// The most the categorical terms add over the pairs of `r` people.
  ///
  /// The people come from a set with `distinct[t]` codes of term `t`, and a term differs in
  /// at most the pairs left when they spread evenly over its codes. Term `skipped` is left
  /// out.
  func categoricalBound(people r: Int, distinct: [Int], skipping skipped: Int = -1) -> Double {
    guard r > 1 else { return 0 }
    let pairs = r * (r - 1) / 2
    var total = 0.0
    for (t, term) in categorical.enumerated() where term.weight > 0 && t != skipped {
      let c = max(1, distinct[t])
      let q = r / c
      let extra = r % c
      let same = extra * (q + 1) * q / 2 + (c - extra) * q * (q - 1) / 2
      total += term.weight * Double(pairs - same)
    }
    return total
  }
}

extension PairStructure {
  /// The structure of the rule set's `d_ij` for units of the given people (indices into the
  /// rule set's candidates).
  init(rules: RuleSet, members: [[Int]]) {
    var categorical: [Categorical] = []
    var yearsWeight = 0.0
    for term in rules.diversityTerms {
      guard let codes = term.codes else {
        yearsWeight += term.weight
        continue
      }
      // Renumber the codes these units use (a blank is −1, a value of its own) from 0.
      var numbers: [Int32: Int32] = [:]
      let unitCodes = members.map { people in
        people.map { i -> Int32 in
          if let n = numbers[codes[i]] { return n }
          let n = Int32(numbers.count)
          numbers[codes[i]] = n
          return n
        }
      }
      categorical.append(Categorical(weight: term.weight, codes: unitCodes, values: numbers.count))
    }
    self.init(
      categorical: categorical, yearsWeight: yearsWeight,
      years: members.map { people in
        let years = people.map { rules.years[$0] }
        return (years.min() ?? 0, years.max() ?? 0)
      })
    if let rule = rules.separated.first(where: { $0.limit < 2 }) {
      exclusive = members.map { $0.count == 1 ? rule.codes[$0[0]] : -1 }
    }
  }
}
