import Intake

/// Everything group formation needs: the batch, who takes part, and the rules.
public struct GroupingProblem: Sendable {
  /// The whole batch in file order; reporting chains are followed through every row.
  public var candidates: [Candidate]
  /// The ids that take part (ready candidates, plus follow-ups on request).
  public var participants: Set<CandidateID>
  /// Readiness score per candidate, for placement ties; `nil` when no rating was given.
  public var readiness: [CandidateID: Double]
  /// Pairs who met in an earlier plan (`groups.history`).
  public var metBefore: [(CandidateID, CandidateID)]
  public var config: GroupsConfig

  public init(
    candidates: [Candidate], participants: Set<CandidateID>, readiness: [CandidateID: Double] = [:],
    metBefore: [(CandidateID, CandidateID)] = [], config: GroupsConfig
  ) {
    self.candidates = candidates
    self.participants = participants
    self.readiness = readiness
    self.metBefore = metBefore
    self.config = config
  }
}

/// The pairwise diversity `d_ij` of DESIGN.md: a weighted sum over `groups.diversify`.
///
/// Years of experience count `min(|x_i − x_j|, 15) / 15`; any other attribute counts 1 when
/// the two values differ (two blank values are equal).
public struct DiversityMeasure: Sendable {
  public var terms: [AttributeWeight]

  public init(_ terms: [AttributeWeight]) { self.terms = terms }

  /// `d_ij` for two candidates.
  public func distance(_ a: Candidate, _ b: Candidate) -> Double {
    var d = 0.0
    for term in terms where term.weight != 0 {
      if term.attribute == "years_experience" {
        d += term.weight * min(abs(a.yearsExperience - b.yearsExperience), 15) / 15
      } else if a.attribute(term.attribute) != b.attribute(term.attribute) {
        d += term.weight
      }
    }
    return d
  }

  /// The largest `d_ij` possible.
  public var maximum: Double { terms.reduce(0) { $0 + max(0, $1.weight) } }
}

/// Computes `D(g) = Σ_{i<j∈g} d_ij / (|g| − 1)`, the size-neutral diversity of one group.
public func groupDiversity(_ members: [Candidate], measure: DiversityMeasure) -> Double {
  guard members.count > 1 else { return 0 }
  var sum = 0.0
  for i in members.indices {
    for j in members.indices where j > i { sum += measure.distance(members[i], members[j]) }
  }
  return sum / Double(members.count - 1)
}
