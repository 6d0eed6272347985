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
  /// The deadline of the solving stages: scheduling and the diagnosis end by it, so that
  /// the outputs are written within the command's time limit.
  var deadline: Deadline

  /// How the time limit (`--time-limit`, `groups.time_limit`) is shared between the stages.
  ///
  /// Counted from the command's start, the end is kept for rendering and writing the outputs:
  /// a fifth of the limit, or more for a large batch on a busy machine (twelve times what
  /// reading the batch took, which grows with both), but never more than half. Scheduling and
  /// the diagnosis end where that reserve begins, grouping at 80 % of the time before it. A
  /// stage that runs out falls back: the search keeps its best grouping, the schedule its
  /// checked greedy start, and the diagnosis lists what it had no time for.
  struct TimeShares {
    /// The end of grouping.
    var grouping: Deadline
    /// The end of scheduling and the diagnosis.
    var solving: Deadline

    static let groupingShare = 0.8
    static let minimumReserve = 0.2
    static let maximumReserve = 0.5
    static let readingsPerOutput = 12.0

    init(limit: Double, started: ContinuousClock.Instant, readSeconds: Double) {
      let reserve = min(
        max(limit * Self.minimumReserve, readSeconds * Self.readingsPerOutput),
        limit * Self.maximumReserve)
      grouping = Deadline(seconds: (limit - reserve) * Self.groupingShare, from: started)
      solving = Deadline(seconds: limit - reserve, from: started)
    }
  }

  /// Loads the config, the intake and (when asked) the resource files, reporting the problems
  /// of all of them at once.
  static func load(
    _ request: FormRequest, requireResources: Bool,
    started: ContinuousClock.Instant = ContinuousClock.now
  ) throws(DiagnosticList) -> PreparedBatch {
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
    let directory = PersonDirectory(candidates: batch.candidates)
    let configFile = request.configPath ?? "kring.yaml"
    let nameWarnings = Self.resolveNames(in: &groupsConfig, directory, configFile: configFile)
    let (participants, readiness) = scores.participation(
      readyAt: config.intake.readiness.readyAt, includeFollowUp: request.includeFollowUp)
    let problem = GroupingProblem(
      candidates: batch.candidates, participants: participants, readiness: readiness,
      defaultReadiness: config.intake.readiness.readyAt,
      metBefore: try FormJob.metBefore(in: groupsConfig.history.plans, people: directory),
      reportingLines: batch.reportingLines, config: groupsConfig)
    var iterations: Int? = nil
    if case .count(let n) = groupsConfig.iterations { iterations = n }
    if let n = request.iterations { iterations = n }
    let limit = request.timeLimit ?? groupsConfig.timeLimit
    let shares = TimeShares(
      limit: limit, started: started, readSeconds: (ContinuousClock.now - started).seconds)
    let options = FormationOptions(
      iterations: iterations, timeLimit: limit, seed: groupsConfig.seed,
      progress: request.progress, stopToken: request.stopToken, deadline: shares.grouping)
    var effective = config
    effective.groups = groupsConfig
    let ruleWarnings =
      nameWarnings
      + Self.ruleWarnings(problem.ruleSet(), batch: batch, configFile: configFile)
    if request.strict {
      let safety = (batch.warnings + ruleWarnings).filter {
        Self.unresolvedSafetyCodes.contains($0.code)
      }
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
      configFile: configFile, batch: batch, scores: scores,
      participants: participants, problem: problem, formationOptions: options,
      resources: resources,
      candidates: Dictionary(batch.candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
      ruleWarnings: ruleWarnings, deadline: shares.solving)
  }

  /// The warnings of a safety rule that could not be resolved to people: an id or name that
  /// matches nobody (`keep_apart`, `keep_together`, an avoid column) or several people.
  /// `--strict` makes them errors.
  static let unresolvedSafetyCodes: Set<String> = [
    "unknown-rule-id", "unknown-avoid", "ambiguous-person",
  ]

  /// Resolves the people `keep_apart` and `keep_together` name by email or full name to their
  /// ids, and returns what could not be resolved for certain.
  ///
  /// A name that could mean several people keeps each of them apart from the others of its
  /// `keep_apart` list (safe), but binds nobody in `keep_together` (a wish, not safety). A
  /// reference that matches nobody stays as written: the rule set reports it.
  static func resolveNames(
    in config: inout GroupsConfig, _ directory: PersonDirectory, configFile: String
  ) -> [Diagnostic] {
    var warnings: [Diagnostic] = []
    func alternatives(_ list: [CandidateID], rule: String, apart: Bool) -> [[CandidateID]] {
      list.map { reference in
        switch directory.resolve(reference.rawValue) {
        case .exact(let person): return [person.id]
        case .guess(let person):
          warnings.append(
            Diagnostic(
              file: configFile, column: rule, code: "person-guessed",
              message:
                "\(rule) names \"\(reference.rawValue)\", taken as \(person.described), the only close match; write the full name, email or id to be sure",
              severity: .warning))
          return [person.id]
        case .ambiguous(let people):
          let names = people.map(\.described)
          let listed = names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
          warnings.append(
            Diagnostic(
              file: configFile, column: rule, code: "ambiguous-person",
              message:
                "\(rule) names \"\(reference.rawValue)\", who could mean \(listed); "
                + (apart
                  ? "each is kept apart from the others of the list"
                  : "that part of the rule binds nobody")
                + "; write the full name, email or id to be sure",
              severity: .warning))
          return apart ? people.map(\.id) : [reference]
        case .unknown: return [reference]
        }
      }
    }
    var apart: [[CandidateID]] = []
    for list in config.keepApart {
      let options = alternatives(list, rule: "groups.keep_apart", apart: true)
      if options.allSatisfy({ $0.count == 1 }) {
        apart.append(options.map { $0[0] })
        continue
      }
      // Pairs: every reading of one entry apart from every reading of another.
      for a in options.indices {
        for b in options.indices where b > a {
          for x in options[a] { for y in options[b] where x != y { apart.append([x, y]) } }
        }
      }
    }
    config.keepApart = apart
    config.keepTogether = config.keepTogether.map { list in
      alternatives(list, rule: "groups.keep_together", apart: false).map { $0[0] }
    }
    return warnings
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
  func diagnose(_ problem: GroupingProblem, _ result: GroupingResult) -> Diagnosis.Outcome {
    var outcome = Diagnosis.run(
      problem: problem, result: result, iterations: 60,
      timeLimitPerWhatIf: max(10, formationOptions.timeLimit * 0.25), deadline: deadline)
    outcome.found = outcome.found.map { entry in
      var entry = entry
      entry.message = Messages.diagnosis(entry, language: config.language)
      return entry
    }
    return outcome
  }

  /// A formed group as the scheduler sees it, with its members' full availability.
  func groupToSchedule(_ group: FormedGroup) -> GroupToSchedule {
    GroupToSchedule(
      id: group.id, candidates: group.members.compactMap { candidates[$0] },
      language: group.language, format: group.format, sharedSlots: SlotSet(group.slots))
  }
}
