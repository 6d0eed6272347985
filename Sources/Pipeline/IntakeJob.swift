import Grouping
import Intake
import Reports

/// `kring intake check` and `kring intake score`: read, validate, score and forecast.
public enum IntakeJob {
  /// Reads and validates a batch under the config's rules; throws every problem at once.
  public static func check(
    intakePath: String, configPath: String?, overrides: [String], skipInvalid: Bool
  )
    throws(DiagnosticList) -> (config: KringConfig, batch: IntakeBatch)
  {
    let config = try KringConfig.load(path: configPath, overrides: overrides)
    let reader = IntakeReader(
      config: config.intake,
      options: .init(requireLevel: config.usesHierarchy, skipInvalid: skipInvalid))
    return (config, try reader.read(path: intakePath))
  }

  /// Scores a batch and forecasts who can be placed under the config's group rules.
  public static func score(
    intakePath: String, configPath: String?, overrides: [String], skipInvalid: Bool,
    includeFollowUp: Bool
  ) throws(DiagnosticList) -> (batch: IntakeBatch, report: IntakeScoreReport) {
    let (config, batch) = try check(
      intakePath: intakePath, configPath: configPath, overrides: overrides, skipInvalid: skipInvalid
    )
    let scores = IntakeScorer(config: config.intake).score(batch)
    let participants = Set(
      scores.candidates.filter {
        $0.status == .ready || (includeFollowUp && $0.status == .followUp)
      }.map(\.id))
    var readiness: [CandidateID: Double] = [:]
    for s in scores.candidates { if let r = s.readiness { readiness[s.id] = r } }
    let forecast = FeasibilityForecast.analyse(
      GroupingProblem(
        candidates: batch.candidates, participants: participants, readiness: readiness,
        config: config.groups))
    return (batch, IntakeScoreReport(batch: batch, scores: scores, forecast: forecast))
  }
}
