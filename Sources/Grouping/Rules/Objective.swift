import Intake

/// The pairwise diversity `d_ij` of DESIGN.md: a weighted sum over `groups.diversify`.
///
/// Years of experience count `min(|x_i − x_j|, 15) / 15`; any other attribute counts 1 when
/// the two values' keys differ (two blank values are equal), so "Zorg" and "zorg " are one
/// sector here as in every rule.
public struct DiversityMeasure: Sendable {
  public var terms: [AttributeWeight]

  public init(_ terms: [AttributeWeight]) { self.terms = terms }

  /// `d_ij` for two candidates.
  public func distance(_ a: Candidate, _ b: Candidate) -> Double {
    var d = 0.0
    for term in terms where term.weight != 0 {
      if term.attribute == "years_experience" {
        d += term.weight * Self.yearsTerm(a.yearsExperience, b.yearsExperience)
      } else if a.key(term.attribute) != b.key(term.attribute) {
        d += term.weight
      }
    }
    return d
  }

  /// The years term of `d_ij`: the difference capped at 15 years, scaled to 0…1.
  @inline(__always)
  public static func yearsTerm(_ x: Double, _ y: Double) -> Double {
    min(abs(x - y), yearsCap) / yearsCap
  }

  /// The difference in years of experience above which the years term no longer grows.
  public static let yearsCap = 15.0

  /// The largest `d_ij` possible.
  public var maximum: Double { terms.reduce(0) { $0 + max(0, $1.weight) } }

  /// `Σ d_ij` over the pairs of `members`.
  public func pairSum(_ members: [Candidate]) -> Double {
    var sum = 0.0
    for i in members.indices {
      for j in members.indices where j > i { sum += distance(members[i], members[j]) }
    }
    return sum
  }
}

/// The objective of DESIGN.md, in one place: `Σ_g D(g) − size_penalty · Σ_g |size_g − target|`
/// minus the history penalty per pair who met before (`met_before: penalize`).
///
/// `D(g) = Σ_{i<j∈g} d_ij / (|g| − 1)`, so a group's size does not buy diversity. The
/// search's incremental state, the exact solvers, refill, `kring explain`, the reports and the
/// audit all score a group through ``value(pairSum:size:metPairs:)``.
public struct Objective: Sendable {
  public let measure: DiversityMeasure
  public let sizePenalty: Double
  public let target: Int
  /// The penalty per pair who met before; 0 unless `met_before: penalize`.
  public let historyPenalty: Double

  public init(_ config: GroupsConfig) {
    measure = DiversityMeasure(config.diversify)
    sizePenalty = config.sizePenalty
    target = config.size.target
    historyPenalty = config.history.metBefore == .penalize ? config.history.penalty : 0
  }

  /// `D(g)` from the sum of `d_ij` over the group's pairs.
  @inline(__always)
  public static func diversity(pairSum: Double, size: Int) -> Double {
    size > 1 ? pairSum / Double(size - 1) : 0
  }

  /// The size penalty of a group of `size`.
  @inline(__always)
  public func sizeCost(_ size: Int) -> Double {
    sizePenalty * Double(abs(size - target))
  }

  /// What a group adds to the objective: `D(g) − λ·|size − target| − penalty · met pairs`.
  @inline(__always)
  public func value(pairSum: Double, size: Int, metPairs: Double) -> Double {
    guard size > 0 else { return 0 }
    return Self.diversity(pairSum: pairSum, size: size) - sizeCost(size)
      - historyPenalty * metPairs
  }

  /// `D(g)` of a group of candidates.
  public func diversity(_ members: [Candidate]) -> Double {
    groupDiversity(members, measure: measure)
  }

  /// A group's diversity and its value, with `metPairs` pairs who met before.
  public func score(_ members: [Candidate], metPairs: Int = 0) -> (diversity: Double, value: Double)
  {
    let sum = measure.pairSum(members)
    return (
      Self.diversity(pairSum: sum, size: members.count),
      value(pairSum: sum, size: members.count, metPairs: Double(metPairs))
    )
  }
}

/// Computes `D(g) = Σ_{i<j∈g} d_ij / (|g| − 1)`, the size-neutral diversity of one group.
public func groupDiversity(_ members: [Candidate], measure: DiversityMeasure) -> Double {
  Objective.diversity(pairSum: measure.pairSum(members), size: members.count)
}
