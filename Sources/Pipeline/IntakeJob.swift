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
    let batch = try reader.read(path: intakePath)
    return (config, withRuleWarnings(batch, config: config, configFile: configPath ?? "kring.yaml"))
  }

  /// Reads and validates an intake file held in memory (an upload) under `config`, as
  /// ``check(intakePath:configPath:overrides:skipInvalid:)`` reads one on disk.
  public static func check(
    bytes: [UInt8], fileName: String, config: KringConfig, skipInvalid: Bool = false
  ) throws(DiagnosticList) -> IntakeBatch {
    let reader = IntakeReader(
      config: config.intake,
      options: .init(requireLevel: config.usesHierarchy, skipInvalid: skipInvalid))
    return withRuleWarnings(
      try reader.read(bytes: bytes, fileName: fileName), config: config, configFile: "kring.yaml")
  }

  /// The batch with warnings about what the rules name that it lacks: worth knowing before
  /// any solve.
  static func withRuleWarnings(_ batch: IntakeBatch, config: KringConfig, configFile: String)
    -> IntakeBatch
  {
    var batch = batch
    batch.warnings += PreparedBatch.ruleWarnings(
      RuleSet(
        candidates: batch.candidates, config: config.groups, reportingLines: batch.reportingLines),
      batch: batch, configFile: configFile)
    return batch
  }

  /// Scores a batch and forecasts who can be placed under the config's group rules.
  public static func score(
    intakePath: String, configPath: String?, overrides: [String], skipInvalid: Bool,
    includeFollowUp: Bool
  ) throws(DiagnosticList) -> (batch: IntakeBatch, report: IntakeScoreReport) {
    let (config, batch) = try check(
      intakePath: intakePath, configPath: configPath, overrides: overrides, skipInvalid: skipInvalid
    )
    return (batch, report(batch, config: config, includeFollowUp: includeFollowUp))
  }

  /// Scores a batch already read and forecasts who can be placed under the config's rules.
  public static func report(
    _ batch: IntakeBatch, config: KringConfig, includeFollowUp: Bool,
    language: OutputLanguage = .en
  ) -> IntakeScoreReport {
    let scores = IntakeScorer(config: config.intake).score(batch)
    let (participants, readiness) = scores.participation(
      readyAt: config.intake.readiness.readyAt, includeFollowUp: includeFollowUp)
    let forecast = FeasibilityForecast.analyse(
      GroupingProblem(
        candidates: batch.candidates, participants: participants, readiness: readiness,
        defaultReadiness: config.intake.readiness.readyAt,
        reportingLines: batch.reportingLines, config: config.groups))
    return IntakeScoreReport(
      batch: batch, scores: scores, forecast: forecast, language: language)
  }
}

extension IntakeScores {
  /// Who takes part in grouping (ready candidates, and follow-ups on request) and the readiness
  /// that breaks placement ties.
  ///
  /// A candidate without ratings ranks as just ready, at the configured `ready_at`.
  func participation(readyAt: Double, includeFollowUp: Bool)
    -> (participants: Set<CandidateID>, readiness: [CandidateID: Double])
  {
    var participants = Set<CandidateID>()
    var readiness: [CandidateID: Double] = [:]
    for score in candidates {
      readiness[score.id] = score.readiness ?? readyAt
      if score.status == .ready || (includeFollowUp && score.status == .followUp) {
        participants.insert(score.id)
      }
    }
    return (participants, readiness)
  }
}
