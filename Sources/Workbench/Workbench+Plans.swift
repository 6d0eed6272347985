import Foundation
import Grouping
import Intake
import LinearSolver
import Pipeline
import Reports

extension Workbench {
  // MARK: Solving

  /// Queues a solve of the cohort's current files; returns the new version (queued).
  ///
  /// - Parameters:
  ///   - from: a version whose locks and pins are kept ("re-solve the rest"); its `--set`
  ///     overrides are kept too.
  ///   - set: further `KEY=VALUE` overrides, such as a diagnosis's
  ///     `groups.hierarchy.max_level_gap=1`.
  public func startPlan(_ cohort: Int64, from: Int64?, set: [String], author: String?)
    throws(WorkbenchError) -> PlanVersion
  {
    _ = try store.cohort(cohort)
    guard let intake = try store.latestUpload(cohort: cohort, kind: .intake) else {
      throw WorkbenchError(
        status: 409, code: "no-intake", message: "upload the intake file before planning")
    }
    let config = try store.latestUpload(cohort: cohort, kind: .config)
    var overrides: [String] = []
    var holds: [Hold] = []
    var parent: PlanVersion?
    if let from {
      let base = try store.plan(from, cohort: cohort)
      guard base.status == .done, base.document != nil else {
        throw WorkbenchError(
          status: 409, code: "plan-not-ready",
          message:
            "version \(base.number) is \(base.status.rawValue); re-solve from a finished version",
          details: .init(status: base.status.rawValue))
      }
      parent = base
      overrides = base.overrides
      holds = try store.holds(plan: from)
    }
    // The overrides must load now, not fail later in the background.
    let text = config.map { String(decoding: $0.content, as: UTF8.self) } ?? ""
    do {
      _ = try KringConfig.parse(
        yaml: text, fileName: "kring.yaml", baseDirectory: "", overrides: overrides + set)
    } catch {
      throw WorkbenchError.invalid("config-invalid", "the overrides do not load", error)
    }
    overrides += set.filter { !overrides.contains($0) }
    let language = (try? currentConfig(cohort))?.language ?? .nl
    let note: String
    if let parent {
      let kept = holds.filter { $0.kind == .lock }.count
      let pinned = holds.filter { $0.kind == .pin }.count
      note = VersionNote.resolve(
        of: parent.number, locks: kept, pins: pinned, set: set, language: language)
    } else {
      note = VersionNote.solve(set: set, language: language)
    }
    let version = try store.addPlan(
      PlanVersion(
        cohort: cohort, parent: parent?.id, kind: parent == nil ? .solve : .resolve,
        status: .queued, author: self.author(author), intake: intake.id, config: config?.id,
        overrides: overrides, note: note),
      holds: holds)
    let resources = try store.latestResources(cohort: cohort)
    let request = SolveRequest(
      version: version, intake: intake, config: config, resources: resources, parent: parent,
      holds: holds, workspace: store.folder, settings: settings)
    queue.enqueue(
      SolveQueue.Job(plan: version.id, cohort: cohort) { token, report in
        request.run(token: token, report: report)
      })
    return version
  }

  /// Records how a solve ended in the store.
  static func record(_ event: SolveEvent, plan: Int64, store: WorkspaceStore) {
    switch event.type {
    case "done":
      try? store.finishPlan(
        plan, status: .done, document: event.document, problems: nil, summary: event.summary)
    case "cancelled":
      try? store.finishPlan(
        plan, status: .cancelled, document: nil,
        problems: [Problem(code: "cancelled", message: "the solve was cancelled")], summary: nil)
    default:
      try? store.finishPlan(
        plan, status: .failed, document: nil, problems: event.problems, summary: nil)
    }
  }

  /// Stops a queued or running solve.
  public func cancel(_ cohort: Int64, plan: Int64, author: String?) throws(WorkbenchError) {
    let version = try store.plan(plan, cohort: cohort)
    guard queue.cancel(plan) else {
      throw WorkbenchError(
        status: 409, code: "plan-not-running",
        message:
          "version \(version.number) is \(version.status.rawValue); only a queued or running solve can be cancelled",
        details: .init(status: version.status.rawValue))
    }
  }

  /// The events of a solve: its progress, then how it ended. A finished version answers
  /// with its final event alone.
  public func events(_ cohort: Int64, plan: Int64) throws(WorkbenchError) -> AsyncStream<
    SolveEvent
  > {
    let version = try store.plan(plan, cohort: cohort)
    if !version.status.isFinished, let stream = queue.follow(plan) { return stream }
    // Finished (or finished between the two reads): the store has the outcome.
    let stored = try store.plan(plan, cohort: cohort)
    var event = SolveEvent(type: stored.status == .done ? "done" : stored.status.rawValue)
    if !stored.status.isFinished, let stream = queue.follow(plan) { return stream }
    event.summary = stored.summary
    event.problems = stored.problems
    return AsyncStream { continuation in
      continuation.yield(event)
      continuation.finish()
    }
  }

  // MARK: Versions

  public func versions(_ cohort: Int64) throws(WorkbenchError) -> [VersionInfo] {
    _ = try store.cohort(cohort)
    return try store.plans(cohort: cohort).map(\.info)
  }

  public func version(_ cohort: Int64, plan: Int64) throws(WorkbenchError) -> PlanVersion {
    try store.plan(plan, cohort: cohort)
  }

  /// The `plan.json` of a finished version.
  public func planJSON(_ cohort: Int64, plan: Int64) throws(WorkbenchError) -> [UInt8] {
    let version = try store.plan(plan, cohort: cohort)
    return try Self.document(of: version)
  }

  static func document(of version: PlanVersion) throws(WorkbenchError) -> [UInt8] {
    switch version.status {
    case .done:
      if let document = version.document { return document }
    case .failed:
      throw WorkbenchError(
        status: 422, code: "plan-failed",
        message: "version \(version.number) failed: "
          + (version.problems?.first?.message ?? "see the problems"),
        details: .init(problems: version.problems, status: version.status.rawValue))
    default:
      break
    }
    throw WorkbenchError(
      status: 409, code: "plan-not-ready",
      message: "version \(version.number) is \(version.status.rawValue)",
      details: .init(status: version.status.rawValue))
  }

  static func decode(_ bytes: [UInt8]) throws(WorkbenchError) -> PlanDocument {
    do {
      return try JSONDecoder().decode(PlanDocument.self, from: Data(bytes))
    } catch {
      throw WorkbenchError(
        status: 500, code: "workspace-error", message: "a stored plan does not read: \(error)")
    }
  }

  /// A finished version's plan.
  public func plan(_ cohort: Int64, plan: Int64) throws(WorkbenchError) -> (
    PlanVersion, PlanDocument
  ) {
    let version = try store.plan(plan, cohort: cohort)
    return (version, try Self.decode(try Self.document(of: version)))
  }

  // MARK: Hand moves, locks and pins

  /// A hand move applied: the new version, and what changed.
  public struct MoveResult: Codable, Sendable {
    /// The new version's id.
    public var id: Int64
    public var number: Int
    public var candidate: String
    public var from: String?
    public var to: String
    /// The change in the objective and in diversity, by the one objective.
    public var deltaObjective: Double
    public var deltaDiversity: Double
    /// The touched groups' diversity before and after.
    public var groups: [GroupChange]

    public struct GroupChange: Codable, Sendable {
      public var group: String
      public var before: Double
      public var after: Double
    }

    enum CodingKeys: String, CodingKey {
      case id, number, candidate, from, to
      case deltaObjective = "delta_objective"
      case deltaDiversity = "delta_diversity"
      case groups
    }
  }

  /// Moves a person into another group as a new version, or refuses naming every rule
  /// (409, `move-refused`). Locked groups and pinned people bind hand moves too.
  public func move(
    _ cohort: Int64, plan: Int64, candidate: String, to group: String, author: String?
  ) throws(WorkbenchError) -> MoveResult {
    let (version, document) = try self.plan(cohort, plan: plan)
    let holds = try store.holds(plan: plan)
    // The group as the plan spells it, so that `g03` meets G03's lock (an unknown one is
    // left to the move's own check, which lists the plan's groups).
    let group = document.groupIndex(typed: group).map { document.groups[$0].id } ?? group
    let id = CandidateID(candidate)
    let home = document.groups.first { g in g.members.contains { CandidateID($0) == id } }?.id
    for hold in holds {
      if hold.kind == .lock, hold.group == group || hold.group == home {
        throw WorkbenchError(
          status: 409, code: "group-locked",
          message: "\(hold.group) is locked; unlock it before moving anyone in or out",
          details: .init(breaks: [
            RuleBreak(code: "group-locked", people: [candidate], message: "\(hold.group) is locked")
          ]))
      }
      if hold.kind == .pin, let who = hold.candidate, CandidateID(who) == id {
        throw WorkbenchError(
          status: 409, code: "person-pinned",
          message: "\(who) is pinned to \(hold.group); unpin them before moving them",
          details: .init(breaks: [
            RuleBreak(code: "person-pinned", people: [who], message: "pinned to \(hold.group)")
          ]))
      }
    }
    let language = PlanExport.language(of: document)
    let outcome: MoveOutcome
    do {
      outcome = try PlanMove.apply(
        document, candidate: candidate, to: group, file: "version \(version.number)",
        language: language)
    } catch {
      switch error {
      case .invalid(let list):
        let code = list.diagnostics.first?.code ?? "invalid-move"
        let status = code == "unknown-candidate" || code == "unknown-group" ? 404 : 422
        throw WorkbenchError(
          status: status, code: code, message: list.diagnostics.first?.message ?? "invalid move",
          details: .init(problems: list.diagnostics.map(Problem.init)))
      case .refused(let refusal):
        let breaks =
          refusal.breaks.map { RuleBreak(code: $0.code, people: $0.people, message: $0.message) }
          + refusal.conflicts.map {
            RuleBreak(code: $0.code, people: $0.people, message: $0.message)
          }
        throw WorkbenchError(
          status: 409, code: "move-refused",
          message: "moving \(refusal.candidate) to \(refusal.group) would break "
            + breaks.map(\.code).joined(separator: ", "),
          details: .init(breaks: breaks))
      }
    }
    let bytes: [UInt8]
    do {
      bytes = Array(try kringJSON(outcome.plan, file: "plan.json").utf8)
    } catch {
      throw WorkbenchError.invalid(
        error.code, "the moved plan cannot be stored", DiagnosticList([error]))
    }
    let stored = try store.addPlan(
      PlanVersion(
        cohort: cohort, parent: version.id, kind: .move, status: .done,
        author: self.author(author), intake: version.intake, config: version.config,
        overrides: version.overrides,
        note: VersionNote.move(outcome.move, language: language),
        document: bytes, summary: PlanSummary(outcome.plan)),
      holds: holds,
      move: HandMoveRecord(
        parent: version.id, candidate: outcome.move.candidate, from: outcome.move.from, to: group))
    let before = Dictionary(
      outcome.before.map { ($0.id, $0.scores.diversity) }, uniquingKeysWith: { a, _ in a })
    return MoveResult(
      id: stored.id, number: stored.number, candidate: outcome.move.candidate,
      from: outcome.move.from, to: group, deltaObjective: outcome.change.deltaObjective,
      deltaDiversity: outcome.change.deltaDiversity,
      groups: outcome.after.map {
        MoveResult.GroupChange(group: $0.id, before: before[$0.id] ?? 0, after: $0.scores.diversity)
      })
  }

  /// Locks a group of a version: a re-solve from it keeps the group exactly.
  public func lock(_ cohort: Int64, plan: Int64, group: String, author: String?)
    throws(WorkbenchError) -> [Hold]
  {
    let (_, document) = try self.plan(cohort, plan: plan)
    guard let index = document.groupIndex(typed: group) else {
      throw WorkbenchError.notFound("unknown-group", "no group \"\(group)\" in this version")
    }
    let group = document.groups[index].id
    try store.addHold(
      Hold(kind: .lock, group: group), plan: plan, cohort: cohort, author: self.author(author))
    return try store.holds(plan: plan)
  }

  public func unlock(_ cohort: Int64, plan: Int64, group: String, author: String?)
    throws(WorkbenchError) -> [Hold]
  {
    _ = try store.plan(plan, cohort: cohort)
    let locked = try store.holds(plan: plan).first {
      $0.kind == .lock && ValueKey($0.group) == ValueKey(group)
    }
    guard let locked,
      try store.removeHold(locked, plan: plan, cohort: cohort, author: self.author(author))
    else { throw WorkbenchError.notFound("lock-not-found", "\(group) is not locked") }
    return try store.holds(plan: plan)
  }

  /// Pins a person to the group they are in: a re-solve from this version keeps them there.
  public func pin(
    _ cohort: Int64, plan: Int64, candidate: String, group: String, author: String?
  ) throws(WorkbenchError) -> [Hold] {
    let (_, document) = try self.plan(cohort, plan: plan)
    guard let index = document.groupIndex(typed: group) else {
      throw WorkbenchError.notFound("unknown-group", "no group \"\(group)\" in this version")
    }
    let target = document.groups[index]
    let group = target.id
    let id = CandidateID(candidate)
    guard let person = document.people.first(where: { CandidateID($0.id) == id }) else {
      throw WorkbenchError.notFound(
        "unknown-candidate", "no candidate \"\(candidate)\" in this version")
    }
    guard target.members.contains(where: { CandidateID($0) == id }) else {
      let home = document.groups.first { g in g.members.contains { CandidateID($0) == id } }
      throw WorkbenchError(
        status: 409, code: "pin-elsewhere",
        message:
          "\(person.id) is in \(home?.id ?? "no group"), not \(group); move them there first (the move is checked), then pin"
      )
    }
    try store.addHold(
      Hold(kind: .pin, candidate: person.id, group: group), plan: plan, cohort: cohort,
      author: self.author(author))
    return try store.holds(plan: plan)
  }

  public func unpin(_ cohort: Int64, plan: Int64, candidate: String, author: String?)
    throws(WorkbenchError) -> [Hold]
  {
    _ = try store.plan(plan, cohort: cohort)
    let pinned = try store.holds(plan: plan).first {
      $0.kind == .pin && $0.candidate.map { CandidateID($0) } == CandidateID(candidate)
    }
    guard let pinned,
      try store.removeHold(pinned, plan: plan, cohort: cohort, author: self.author(author))
    else { throw WorkbenchError.notFound("pin-not-found", "\(candidate) is not pinned") }
    return try store.holds(plan: plan)
  }

  public func holds(_ cohort: Int64, plan: Int64) throws(WorkbenchError) -> [Hold] {
    _ = try store.plan(plan, cohort: cohort)
    return try store.holds(plan: plan)
  }

  // MARK: Comparing and downloading

  /// Two versions compared: who moved (with names), groups kept, gained and lost.
  public struct Comparison: Codable, Sendable {
    public var from: VersionInfo
    public var to: VersionInfo
    public var diff: PlanDiff
    /// The people who are in another group (by id) or placed or unplaced now: the diff's
    /// moves less those whose group only changed around them.
    public var switched: [PlanDiff.Move]
    /// Id → name, for everyone the diff names.
    public var names: [String: String]
  }

  public func compare(_ cohort: Int64, plan a: Int64, with b: Int64) throws(WorkbenchError)
    -> Comparison
  {
    let (va, pa) = try plan(cohort, plan: a)
    let (vb, pb) = try plan(cohort, plan: b)
    let diff = PlanDiff(from: pa, to: pb)
    var names: [String: String] = [:]
    for p in pa.people + pb.people { names[p.id] = p.name }
    let named = Set(
      diff.moved.map(\.id) + diff.gained.flatMap(\.members) + diff.lost.flatMap(\.members))
    return Comparison(
      from: va.info, to: vb.info, diff: diff, switched: diff.moved.filter { $0.from != $0.to },
      names: names.filter { named.contains($0.key) })
  }

  /// The audiences a download can be for.
  public enum Audience: String, CaseIterable, Sendable {
    case all, coordinator, facilitators, groups
  }

  /// A version's outputs for one audience as a zip: the files `kring plan` writes.
  public func download(_ cohort: Int64, plan: Int64, audience: Audience) throws(WorkbenchError)
    -> (fileName: String, bytes: [UInt8])
  {
    let (version, document) = try self.plan(cohort, plan: plan)
    let files: [OutputFile]
    do {
      files = try PlanExport.files(document)
    } catch {
      throw WorkbenchError.invalid("plan-invalid", "the plan's rules do not load", error)
    }
    let chosen = files.filter { file in
      switch audience {
      case .all: return true
      case .facilitators: return file.name.hasPrefix("facilitators/")
      case .groups: return file.name.hasPrefix("groups/")
      case .coordinator: return !file.name.contains("/")
      }
    }
    let cohortName = try store.cohort(cohort).name
    let folder =
      Uploads.safeName(cohortName).replacingOccurrences(of: " ", with: "-")
      + "-v\(version.number)" + (audience == .all ? "" : "-\(audience.rawValue)")
    let bytes = try ZipWriter.archive(
      chosen.map { ("\(folder)/\($0.name)", $0.bytes) })
    return (folder + ".zip", bytes)
  }
}

extension PlanSummary {
  /// The numbers of a plan.
  init(_ plan: PlanDocument) {
    let grouping = plan.solver.grouping
    groups = plan.groups.count
    placed = grouping.placed
    participants = grouping.participants
    unplaced = plan.unplaced.filter { $0.code != "not-ready" && $0.code != "left" }.count
    objective = grouping.objective
    status = grouping.status
    scheduled = plan.schedule.filter { !$0.sessions.isEmpty }.count
    unscheduled = plan.unscheduled.count
    language = PlanExport.language(of: plan).rawValue
  }
}

/// Everything one solve needs, captured when it was queued (later uploads do not change a
/// queued solve).
struct SolveRequest: Sendable {
  var version: PlanVersion
  var intake: Upload
  var config: Upload?
  var resources: [Upload]
  var parent: PlanVersion?
  var holds: [Hold]
  var workspace: String
  var settings: Workbench.Settings

  /// Runs the solve on the calling thread and returns its final event.
  func run(token: StopToken, report: @escaping @Sendable (SolveEvent) -> Void) -> SolveEvent {
    let folder: RunFolder
    do {
      folder = try RunFolder(workspace: workspace, name: "plan-\(version.id)")
    } catch {
      var event = SolveEvent(type: "failed")
      event.problems = [Problem(code: error.code, message: error.message)]
      return event
    }
    defer { folder.remove() }
    do {
      let plan = try solve(in: folder, token: token, report: report)
      let document = folder.relative(plan)
      var event = SolveEvent(type: "done")
      event.summary = PlanSummary(document)
      event.document = Array(try kringJSON(document, file: "plan.json").utf8)
      return event
    } catch let error as DiagnosticList {
      var event = SolveEvent(type: token.isStopped ? "cancelled" : "failed")
      event.problems = folder.relative(error)
      return event
    } catch let error as WorkbenchError {
      var event = SolveEvent(type: "failed")
      event.problems = [Problem(code: error.code, message: error.message)]
      return event
    } catch {
      var event = SolveEvent(type: "failed")
      event.problems = [Problem(code: "internal", message: "\(error)")]
      return event
    }
  }

  private func solve(
    in folder: RunFolder, token: StopToken, report: @escaping @Sendable (SolveEvent) -> Void
  ) throws -> PlanDocument {
    let intakePath = try folder.write(intake.content, as: intake.name)
    let configPath = try folder.write(config?.content ?? [], as: "kring.yaml")
    for resource in resources { try folder.write(resource.content, as: resource.name) }
    var form = FormRequest(
      intakePath: intakePath, configPath: configPath, overrides: version.overrides,
      iterations: settings.iterations, diagnosis: settings.diagnosis,
      progress: { report(.progress($0)) })
    form.stopToken = token
    guard let parent, let document = parent.document, !holds.isEmpty else {
      // A fresh solve (or a re-solve with nothing to keep): the whole of `kring plan`.
      return try PlanJob.run(PlanRequest(form: form)).plan
    }
    // Re-solve the rest: a refill that keeps only the locked groups and the pinned people,
    // then a schedule that keeps the kept groups' sessions and dates the new groups.
    let keep = try folder.write(document, as: "plan-v\(parent.number).json")
    form.keep = keep
    form.resolveRest = true
    form.overrides += Self.holdOverrides(holds)
    let refilled = try FormJob.run(form)
    try form.checkCancelled()
    let refillPath = try folder.write(
      Array(try kringJSON(refilled.plan, file: "refill.json").utf8), as: "refill.json")
    let scheduled = try ScheduleJob.run(
      ScheduleRequest(planPath: refillPath, configPath: configPath, overrides: version.overrides))
    return scheduled.plan
  }

  /// The locks and pins as `--set` overrides of `groups.lock` and `groups.pin`.
  static func holdOverrides(_ holds: [Hold]) -> [String] {
    func quoted(_ text: String) -> String {
      "\""
        + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
          of: "\"", with: "\\\"") + "\""
    }
    let locks = holds.filter { $0.kind == .lock }.map { quoted($0.group) }
    let pins = holds.filter { $0.kind == .pin }.compactMap { hold in
      hold.candidate.map { "\(quoted($0)): \(quoted(hold.group))" }
    }
    return [
      "groups.lock=[\(locks.joined(separator: ", "))]",
      "groups.pin={\(pins.joined(separator: ", "))}",
    ]
  }
}

extension Workbench {
  /// A finished version's plan by its id alone, for `kring export`.
  public func exportPlan(_ id: Int64) throws(WorkbenchError) -> PlanDocument {
    try Self.decode(try Self.document(of: try store.plan(id)))
  }
}

/// What made a version, in the cohort's language, for the lists and the board.
enum VersionNote {
  static func solve(set: [String], language: OutputLanguage) -> String {
    let with =
      set.isEmpty ? "" : (language == .nl ? " met " : " with ") + set.joined(separator: ", ")
    return (language == .nl ? "oplossing" : "solve") + with
  }

  static func resolve(
    of number: Int, locks: Int, pins: Int, set: [String], language: OutputLanguage
  )
    -> String
  {
    let with =
      set.isEmpty ? "" : (language == .nl ? " met " : " with ") + set.joined(separator: ", ")
    if language == .nl {
      return "heroplossing van versie \(number)"
        + (locks + pins == 0 ? "" : ", met \(locks) vastgezette groep(en) en \(pins) pin(s)") + with
    }
    return "re-solve of version \(number)"
      + (locks + pins == 0 ? "" : " keeping \(locks) locked group(s) and \(pins) pin(s)") + with
  }

  static func move(_ move: PlanDocument.HandMove, language: OutputLanguage) -> String {
    let from = move.from ?? (language == .nl ? "niet geplaatst" : "unplaced")
    return language == .nl
      ? "\(move.candidate) verplaatst van \(from) naar \(move.to)"
      : "moved \(move.candidate) from \(from) to \(move.to)"
  }
}
