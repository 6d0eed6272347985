import Intake

/// Everything group formation needs: the batch, who takes part, and the rules.
public struct GroupingProblem: Sendable {
  /// The whole batch in file order; reporting chains are followed through every row.
  public var candidates: [Candidate]
  /// The ids that take part (ready candidates, plus follow-ups on request).
  public var participants: Set<CandidateID>
  /// Readiness score per candidate, for placement ties; `nil` when no rating was given.
  public var readiness: [CandidateID: Double]
  /// The readiness of a participant missing from `readiness`: they rank as if just ready.
  public var defaultReadiness: Double
  /// Pairs who met in an earlier plan (`groups.history`).
  public var metBefore: [(CandidateID, CandidateID)]
  /// Manager links of every row of the intake file, skipped rows included; `nil` takes the
  /// candidates' own `manager_id`.
  public var reportingLines: [CandidateID: CandidateID]?
  public var config: GroupsConfig

  public init(
    candidates: [Candidate], participants: Set<CandidateID>, readiness: [CandidateID: Double] = [:],
    defaultReadiness: Double = ReadinessConfig().readyAt,
    metBefore: [(CandidateID, CandidateID)] = [],
    reportingLines: [CandidateID: CandidateID]? = nil, config: GroupsConfig
  ) {
    self.candidates = candidates
    self.participants = participants
    self.readiness = readiness
    self.defaultReadiness = defaultReadiness
    self.metBefore = metBefore
    self.reportingLines = reportingLines
    self.config = config
  }

  /// The hard rules of this problem, compiled.
  public func ruleSet() -> RuleSet {
    RuleSet(
      candidates: candidates, config: config, reportingLines: reportingLines,
      metBefore: metBefore)
  }
}
