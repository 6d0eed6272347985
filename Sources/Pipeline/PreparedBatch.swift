import Foundation
import Grouping
import Intake
import Reports
import Scheduling

/// A batch read, scored and turned into a grouping problem, with its resources: the common
/// first half of `kring form` and `kring plan`.
struct PreparedBatch: Sendable {
  var config: KringConfig
  /// The config as the run used it (the seed from the command line included).
  var effectiveConfig: KringConfig
  var groupsConfig: GroupsConfig
  var configFile: String
  var batch: IntakeBatch
  var scores: IntakeScores
  var participants: Set<CandidateID>
  var problem: GroupingProblem
  var formationOptions: FormationOptions
  var resources: LoadedResources
  /// Candidates by id, as read (their full availability, for attendance).
  var candidates: [CandidateID: Candidate]
  /// What the rules found in the batch that does not stop the run: ids in `keep_apart` or
  /// `keep_together` that match nobody, attributes no column holds.
  var ruleWarnings: [Diagnostic]

  /// The intake's warnings and notes, then the rules'.
  var warnings: [Diagnostic] { batch.warnings + ruleWarnings }

  /// Loads the config, the intake and (when asked) the resource files, reporting the problems
  /// of all of them at once.
  static func load(_ request: FormRequest, requireResources: Bool) throws(DiagnosticList)
    -> PreparedBatch
  {
    let config = try KringConfig.load(path: request.configPath, overrides: request.overrides)
    var problems: [Diagnostic] = []
    var resources = LoadedResources(facilitators: [], rooms: [], warnings: [])
    if requireResources {
      do {
        resources = try ResourceLoader.load(config: config.schedule)
      } catch {
        problems += error.diagnostics
      }
    }
    let reader = IntakeReader(
      config: config.intake,
      options: .init(requireLevel: config.usesHierarchy, skipInvalid: request.skipInvalid))
    let batch: IntakeBatch
    do {
      batch = try reader.read(path: request.intakePath)
    } catch {
      throw DiagnosticList(error.diagnostics + problems)
    }
    guard problems.isEmpty else { throw DiagnosticList(problems) }
    let scores = IntakeScorer(config: config.intake).score(batch)

    var groupsConfig = config.groups
    if let seed = request.seed { groupsConfig.seed = seed }
    let (participants, readiness) = scores.participation(
      readyAt: config.intake.readiness.readyAt, includeFollowUp: request.includeFollowUp)
    let problem = GroupingProblem(
      candidates: batch.candidates, participants: participants, readiness: readiness,
      defaultReadiness: config.intake.readiness.readyAt,
      metBefore: try FormJob.metBefore(in: groupsConfig.history.plans),
      reportingLines: batch.reportingLines, config: groupsConfig)
    var iterations: Int? = nil
    if case .count(let n) = groupsConfig.iterations { iterations = n }
    if let n = request.iterations { iterations = n }
    let options = FormationOptions(
      iterations: iterations, timeLimit: request.timeLimit ?? groupsConfig.timeLimit,
      seed: groupsConfig.seed, progress: request.progress, stopToken: request.stopToken)
    var effective = config
    effective.groups = groupsConfig
    let ruleWarnings = Self.ruleWarnings(
      problem.ruleSet(), batch: batch, configFile: request.configPath ?? "kring.yaml")
    if request.strict {
      let safety = ruleWarnings.filter { $0.code == "unknown-rule-id" }
      if !safety.isEmpty {
        throw DiagnosticList(
          safety.map { d in
            var d = d
            d.severity = .error
            return d
          })
      }
    }
    return PreparedBatch(
      config: config, effectiveConfig: effective, groupsConfig: groupsConfig,
      configFile: request.configPath ?? "kring.yaml", batch: batch, scores: scores,
      participants: participants, problem: problem, formationOptions: options,
      resources: resources,
      candidates: Dictionary(batch.candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
      ruleWarnings: ruleWarnings)
  }

  /// Warnings about rules that name what the batch does not hold.
  ///
  /// An id in `keep_apart` or `keep_together` that matches nobody is a safety rule that
  /// binds no one: the coordinator must know (with `--strict` it stops the run). A `match`,
  /// `separate` or `diversify` attribute no column holds has no effect.
  static func ruleWarnings(_ rules: RuleSet, batch: IntakeBatch, configFile: String)
    -> [Diagnostic]
  {
    var warnings: [Diagnostic] = []
    for id in rules.unresolvedIDs {
      let rule =
        rules.config.keepApart.contains { $0.contains(id) }
        ? "groups.keep_apart" : "groups.keep_together"
      warnings.append(
        Diagnostic(
          file: configFile, column: rule, code: "unknown-rule-id",
          message:
            "\(rule) names \"\(id.rawValue)\", who is not in \(batch.source); that part of the rule binds nobody",
          severity: .warning))
    }
    let config = rules.config
    let named = Set(config.match).union(config.separate.keys).union(
      config.diversify.filter { $0.weight != 0 }.map(\.attribute))
    for attribute in named.sorted() where !Candidate.modelAttributes.contains(attribute) {
      guard !batch.candidates.contains(where: { $0.attribute(attribute) != nil }) else { continue }
      warnings.append(
        Diagnostic(
          file: configFile, column: "groups", code: "unknown-rule-attribute",
          message:
            "the rules name the attribute \"\(attribute)\", but no row of \(batch.source) has a value for it, so it has no effect; check the column name",
          severity: .warning))
    }
    return warnings
  }

  /// The grouping diagnosis on a small fixed iteration budget per what-if, which keeps it
  /// reproducible and affordable; the time limit per what-if is only a safety net.
  func diagnose(_ problem: GroupingProblem, _ result: GroupingResult) -> [PlanDocument.Diagnosis] {
    Diagnosis.run(
      problem: problem, result: result, iterations: 60,
      timeLimitPerWhatIf: max(10, formationOptions.timeLimit * 0.25)
    ).map { entry in
      var entry = entry
      entry.message = Messages.diagnosis(entry, language: config.language)
      return entry
    }
  }

  /// A formed group as the scheduler sees it, with its members' full availability.
  func groupToSchedule(_ group: FormedGroup) -> GroupToSchedule {
    GroupToSchedule(
      id: group.id, candidates: group.members.compactMap { candidates[$0] },
      language: group.language, format: group.format, sharedSlots: SlotSet(group.slots))
  }
}

extension Duration {
  /// The duration in seconds, for `run.json`.
  var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) * 1e-18
  }
}
