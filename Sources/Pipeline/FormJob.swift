import Foundation
import Grouping
import Intake
import LinearSolver
import Reports

/// What `kring form` is asked to do.
public struct FormRequest: Sendable {
  public var intakePath: String
  public var configPath: String?
  public var overrides: [String]
  public var seed: UInt64?
  public var iterations: Int?
  public var timeLimit: Double?
  public var includeFollowUp: Bool
  public var skipInvalid: Bool
  /// Re-solve with each rule relaxed when ready candidates are left out.
  public var diagnosis: Bool
  public var progress: (@Sendable (FormationProgress) -> Void)?
  /// A refill: the plan whose groups are kept (`--keep`).
  public var keep: String?
  /// A refill: the ids of the people who left (`--left`).
  public var left: [String]
  /// Safety rules that cannot be resolved (an id in `keep_apart` that matches nobody) stop
  /// the run instead of being warned about.
  public var strict: Bool = false
  /// A refill that keeps only the locked groups and the pinned people of the `--keep` plan
  /// (`groups.lock`, `groups.pin`) and groups everyone else anew ("re-solve the rest").
  public var resolveRest: Bool = false
  /// Stops the search early (the workbench's cancel); a stopped run ends with `cancelled`.
  public var stopToken: StopToken?
  /// A fault put into the plan before its audit, for tests only.
  package var fault: PlanFault?

  public init(
    intakePath: String, configPath: String? = nil, overrides: [String] = [], seed: UInt64? = nil,
    iterations: Int? = nil, timeLimit: Double? = nil, includeFollowUp: Bool = false,
    skipInvalid: Bool = false, diagnosis: Bool = true,
    progress: (@Sendable (FormationProgress) -> Void)? = nil, keep: String? = nil,
    left: [String] = []
  ) {
    self.intakePath = intakePath
    self.configPath = configPath
    self.overrides = overrides
    self.seed = seed
    self.iterations = iterations
    self.timeLimit = timeLimit
    self.includeFollowUp = includeFollowUp
    self.skipInvalid = skipInvalid
    self.diagnosis = diagnosis
    self.progress = progress
    self.keep = keep
    self.left = left
  }
}

extension FormRequest {
  /// Throws `cancelled` once the stop token was used, so that a stopped run writes nothing.
  public func checkCancelled() throws(DiagnosticList) {
    guard stopToken?.isStopped == true else { return }
    throw DiagnosticList([
      Diagnostic(file: intakePath, code: "cancelled", message: "the solve was cancelled")
    ])
  }
}

/// The outcome of `kring form`: the plan, run facts, and every output file's contents.
public struct FormOutcome: Sendable {
  public var config: KringConfig
  public var batch: IntakeBatch
  public var result: GroupingResult
  public var plan: PlanDocument
  /// Output file name → contents; `plan.json` and the CSV files are deterministic.
  public var files: [OutputFile]
  /// Warnings from reading the intake (unknown ids in `manager_id` or `avoid`).
  public var warnings: [Diagnostic]
  public var seconds: Double
  /// Kring's audit of the plan: anything found is a bug (exit 4).
  public var audit: PlanAudit
}

/// Intake → grouping → outputs, the job behind `kring form`.
public enum FormJob {
  /// Reads, scores and groups a batch; throws every input problem at once.
  public static func run(_ request: FormRequest) throws(DiagnosticList) -> FormOutcome {
    let clock = ContinuousClock()
    let started = clock.now
    let prepared = try PreparedBatch.load(request, requireResources: false, started: started)
    if request.keep != nil || !request.left.isEmpty {
      return try RefillJob.run(request, prepared: prepared, started: started)
    }
    let result = GroupFormation.solve(prepared.problem, options: prepared.formationOptions)
    try request.checkCancelled()
    var plan = makePlan(
      config: prepared.effectiveConfig, batch: prepared.batch, scores: prepared.scores,
      result: result, participants: prepared.participants,
      input: URL(fileURLWithPath: request.intakePath).lastPathComponent,
      language: prepared.config.language)
    if request.diagnosis {
      let diagnosis = prepared.diagnose(prepared.problem, result)
      plan.diagnosis = diagnosis.found
      plan.diagnosisSkipped = diagnosis.skippedForPlan
    }
    let audit = PlanAudit.seal(&plan, language: prepared.config.language, fault: request.fault)
    let seconds = (clock.now - started).seconds
    let files =
      try coordinatorFiles(plan, language: prepared.config.language)
      + [
        OutputFile(
          name: "run.json",
          contents: try json(
            RunInfo(result: result, seconds: seconds, batch: prepared.batch), "run.json"))
      ]
    return FormOutcome(
      config: prepared.effectiveConfig, batch: prepared.batch, result: result, plan: plan,
      files: files, warnings: prepared.warnings, seconds: seconds, audit: audit)
  }

  /// `plan.json`, `groups.csv`, `unplaced.csv` and `plan.xlsx`: what every command that
  /// makes a plan writes.
  ///
  /// - Throws: `output-not-encodable` when a number of the plan (an objective, a score) is not
  ///   finite, before anything is written.
  static func coordinatorFiles(_ plan: PlanDocument, language: OutputLanguage)
    throws(DiagnosticList) -> [OutputFile]
  {
    let workbook: [UInt8]
    do {
      workbook = try CoordinatorTables.workbook(
        for: plan, options: ReportOptions(language: language))
    } catch {
      throw DiagnosticList([
        Diagnostic(
          file: "plan.xlsx", code: "output-unwritable",
          message: "cannot build the workbook: \(error.reason)")
      ])
    }
    return [
      OutputFile(name: "plan.json", contents: try json(plan, "plan.json")),
      OutputFile(
        name: "groups.csv", contents: ReportBuilder.groupsCSV(for: plan, language: language)),
      OutputFile(
        name: "unplaced.csv", contents: ReportBuilder.unplacedCSV(for: plan, language: language)),
      OutputFile(name: "plan.xlsx", bytes: workbook),
    ]
  }

  /// Kring's JSON of `value` for the output `name`; a value that cannot be encoded (a number
  /// that is not finite: an objective overflowed by huge weights) is an error naming where.
  static func json<T: Encodable>(_ value: T, _ name: String) throws(DiagnosticList) -> String {
    do {
      return try kringJSON(value, file: name)
    } catch {
      var diagnostic = error
      diagnostic.message +=
        " (lower the weights in kring.yaml: groups.diversify, groups.size_penalty, groups.history.penalty)"
      throw DiagnosticList([diagnostic])
    }
  }

  /// Every pair of people here who shared a group in one of the earlier plans.
  ///
  /// A person of an earlier plan is found here by email first, then by id (when the names
  /// agree, so that another file's row ids name nobody by accident), then by exact name:
  /// see ``PersonDirectory/same(as:)``.
  static func metBefore(in plans: [String], people: PersonDirectory) throws(DiagnosticList)
    -> [(CandidateID, CandidateID)]
  {
    var pairs: [(CandidateID, CandidateID)] = []
    var problems: [Diagnostic] = []
    for path in plans {
      let plan: PlanDocument
      do {
        // An earlier plan is judged on its own groups; its own history is not followed.
        plan = try PlanFile.load(path, purpose: "groups.history.plans", followHistory: false)
      } catch {
        problems += error.diagnostics.map { d in
          var d = d
          if d.code == "plan-unreadable" || d.code == "plan-invalid" {
            d.code = "history-" + d.code.dropFirst(5)
          }
          return d
        }
        continue
      }
      var here: [String: CandidateID] = [:]
      for p in plan.people {
        let earlier = PersonDirectory.Person(
          id: CandidateID(p.id), name: p.name, email: p.email, line: p.line)
        if let match = people.same(as: earlier) { here[p.id] = match.id }
      }
      for group in plan.groups {
        let members = group.members.compactMap { here[$0] }
        for (k, a) in members.enumerated() {
          for b in members[(k + 1)...] where a != b { pairs.append((a, b)) }
        }
      }
    }
    guard problems.isEmpty else { throw DiagnosticList(problems) }
    return pairs
  }

  /// The plan of a grouping: the people, the groups, and every unplaced person's reason
  /// rendered in `language`.
  static func makePlan(
    config: KringConfig, batch: IntakeBatch, scores: IntakeScores, result: GroupingResult,
    participants: Set<CandidateID>, input: String, language: OutputLanguage
  ) -> PlanDocument {
    let scoreByID = Dictionary(
      scores.candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let ruleAttributes = config.groups.ruleAttributes
    let people = batch.candidates.map { c in
      PlanDocument.Person(
        candidate: c, readiness: scoreByID[c.id]?.readiness,
        status: scoreByID[c.id]?.status.rawValue ?? "ready", attributes: ruleAttributes)
    }
    var unplaced: [PlanDocument.Unplaced] = []
    let reasons = Dictionary(result.unplaced.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    for c in batch.candidates {
      if let reason = reasons[c.id] {
        unplaced.append(
          .init(
            id: c.id.rawValue, code: reason.code.rawValue, evidence: reason.evidence,
            message: Messages.unplaced(reason, language: language)))
      } else if !participants.contains(c.id), let score = scoreByID[c.id] {
        let reason = UnplacedCandidate(
          id: c.id, code: .notReady,
          evidence: [
            "status": .text(score.status.rawValue),
            "readiness": score.readiness.map { .number($0) } ?? .null,
            "ready_at": .number(config.intake.readiness.readyAt),
          ])
        unplaced.append(
          .init(
            id: c.id.rawValue, code: reason.code.rawValue, evidence: reason.evidence,
            message: Messages.unplaced(reason, language: language)))
      }
    }
    var plan = PlanDocument(
      kring: .init(
        version: KringInfo.version, seed: config.groups.seed, program: config.program.rawValue,
        config: config.normalized, input: input),
      people: people, groups: result.groups.map(PlanDocument.Group.init), unplaced: unplaced,
      solver: .init(grouping: .init(result, participants: participants.count)))
    let listed = Set(batch.candidates.map(\.id))
    let skipped = batch.reportingLines.filter { !listed.contains($0.key) }
    if !skipped.isEmpty {
      plan.reportingLines = Dictionary(
        skipped.map { ($0.key.rawValue, $0.value.rawValue) }, uniquingKeysWith: { a, _ in a })
    }
    return plan
  }
}

/// `run.json`: timings and machine facts, kept out of `plan.json` so that plans compare
/// byte for byte.
struct RunInfo: Encodable {
  var kring = KringInfo.version
  var seconds: Double
  var iterations: Int
  var candidates: Int
  var machine: Machine
  var components: [Component]
  /// Seconds per stage of `kring plan` (read, group, schedule, diagnose, outputs).
  var stages: [String: Double]? = nil
  /// Grouping rounds of `kring plan` (more than one when groups were re-formed).
  var rounds: Int? = nil

  struct Machine: Encodable {
    var processors = ProcessInfo.processInfo.activeProcessorCount
    var memoryBytes = ProcessInfo.processInfo.physicalMemory
    var system = ProcessInfo.processInfo.operatingSystemVersionString
    enum CodingKeys: String, CodingKey {
      case processors
      case memoryBytes = "memory_bytes"
      case system
    }
  }

  struct Component: Encodable {
    var people: Int
    var method: String
    var proven: Bool
    var iterations: Int
    var enumeratedGroups: Int
    var poolGroups: Int
    var recombinationImproved: Bool
    var reoptimizedPairs: Int
    var seconds: Double
    /// The component's value, its proven upper bound and the relative gap between them.
    var value: Double
    var bound: Double?
    var gap: Double?
    var boundMethod: String
    /// Whether the LP relaxation was solved to the end; `false`: the budget stopped it
    /// first, and the bound (still valid) is the best Lagrangian bound seen.
    var boundComplete: Bool?
    var boundRounds: Int?
    var boundColumns: Int?
    var boundNodes: Int?
    var boundSeconds: Double?
    enum CodingKeys: String, CodingKey {
      case people, method, proven, iterations
      case enumeratedGroups = "enumerated_groups"
      case poolGroups = "pool_groups"
      case recombinationImproved = "recombination_improved"
      case reoptimizedPairs = "reoptimized_pairs"
      case seconds, value, bound, gap
      case boundMethod = "bound_method"
      case boundComplete = "bound_complete"
      case boundRounds = "bound_rounds"
      case boundColumns = "bound_columns"
      case boundNodes = "bound_nodes"
      case boundSeconds = "bound_seconds"
    }

    init(_ r: ComponentReport) {
      people = r.people
      method = r.method.rawValue
      proven = r.proven
      iterations = r.iterations
      enumeratedGroups = r.enumeratedGroups
      poolGroups = r.poolGroups
      recombinationImproved = r.recombinationImproved
      reoptimizedPairs = r.reoptimizedPairs
      seconds = r.seconds
      value = r.value
      bound = r.bound
      gap = r.gap
      boundMethod = r.boundMethod.rawValue
      boundComplete = r.boundWork?.complete
      boundRounds = r.boundWork?.rounds
      boundColumns = r.boundWork?.columns
      boundNodes = r.boundWork?.nodes
      boundSeconds = r.boundWork?.seconds
    }
  }

  init(result: GroupingResult, seconds: Double, batch: IntakeBatch) {
    self.seconds = seconds
    iterations = result.iterations
    candidates = batch.candidates.count
    machine = Machine()
    components = result.reports.map(Component.init)
  }
}

/// A number without a trailing `.0` when it is whole.
func formatNumber(_ x: Double) -> String {
  NumberText.plain(x)
}
