import Foundation
import Grouping
import Intake
import Reports

/// `kring form INTAKE --keep PLAN --left IDS`: refill a plan's groups after drop-outs.
///
/// Members who stay never move. A kept member missing from the new intake is still kept,
/// with the plan's own record of them (the plan holds the people), and a warning says so.
/// The refill runs under the current config (`-c`, `--set`); a plan formed under another
/// programme gives a warning, as does a kept group that breaks a current rule (it is kept as
/// it is, and only fills that break nothing are added).
enum RefillJob {
  static func run(
    _ request: FormRequest, prepared: PreparedBatch, started: ContinuousClock.Instant
  ) throws(DiagnosticList) -> FormOutcome {
    let (config, groupsConfig, batch, problem) = (
      prepared.config, prepared.groupsConfig, prepared.batch, prepared.problem
    )
    guard let keepPath = request.keep else {
      throw DiagnosticList([
        Diagnostic(
          file: "--left", code: "left-without-keep",
          message: "--left needs --keep PLAN, the plan the people left")
      ])
    }
    let plan = try loadKept(keepPath)
    let left = parseIDs(request.left)
    let known = Set(plan.people.map(\.id))
    let unknown = left.filter { !known.contains($0) }
    guard unknown.isEmpty else {
      throw DiagnosticList(
        unknown.map {
          Diagnostic(
            file: keepPath, column: "--left", code: "unknown-left",
            message: "\"\($0)\" is not a person in this plan; --left names people of the kept plan")
        })
    }
    let leftSet = Set(left)
    let keepName = URL(fileURLWithPath: keepPath).lastPathComponent
    var warnings: [Diagnostic] = []
    if plan.kring.program != config.program.rawValue {
      warnings.append(
        Diagnostic(
          file: keepPath, code: "keep-other-program",
          message:
            "this plan was formed under program \(plan.kring.program); the refill applies \(config.program.rawValue)'s rules",
          severity: .warning))
    }

    let hold = try Holds(
      plan: plan, config: groupsConfig, left: leftSet, intake: batch, keepPath: keepPath,
      configFile: prepared.configFile)

    // Everyone the refill knows: the intake, plus kept members it no longer lists.
    let inIntake = Set(batch.candidates.map(\.id.rawValue))
    let planPeople = Dictionary(plan.people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var candidates = batch.candidates
    var planOnly: [PlanDocument.Person] = []
    var kept: [KeptGroup] = []
    var emptied: [String] = []
    for group in plan.groups {
      let stay = hold.members(of: group, resolveRest: request.resolveRest)
      guard !stay.isEmpty else {
        if group.members.allSatisfy({ leftSet.contains($0) }) { emptied.append(group.id) }
        continue
      }
      for id in stay where !inIntake.contains(id) {
        guard let person = planPeople[id] else { continue }
        planOnly.append(person)
        candidates.append(person.candidate(levels: config.intake.levels))
        warnings.append(
          Diagnostic(
            file: request.intakePath, code: "kept-not-in-intake",
            message:
              "\(id) of kept group \(group.id) is not in this intake; they stay in \(group.id) with the plan's record",
            severity: .warning))
      }
      let slot = plan.schedule.first { $0.group == group.id }.flatMap { Slot(token: $0.slot) }
      kept.append(
        KeptGroup(
          id: group.id, members: stay.map { CandidateID($0) }, scheduledSlot: slot,
          locked: hold.locked.contains(group.id)))
    }
    let keptIDs = Set(kept.flatMap(\.members))
    let rules = RuleSet(
      candidates: candidates, config: groupsConfig, reportingLines: problem.reportingLines,
      metBefore: problem.metBefore)
    try hold.checkPins(kept, rules: rules, language: config.language)
    for group in kept {
      let breaks = rules.violations(ofGroup: group.members, scheduledSlot: group.scheduledSlot)
      guard !breaks.isEmpty else { continue }
      warnings.append(
        Diagnostic(
          file: keepPath, code: "kept-group-breaks-rule",
          message:
            "kept group \(group.id) breaks \(breaks.map(\.rule.code).joined(separator: ", ")) under the current rules; it is kept as it is",
          severity: .warning))
    }

    var base = problem
    base.candidates = candidates
    base.participants = problem.participants.subtracting(left.map { CandidateID($0) })
      .union(keptIDs)
    // Re-solving the rest frees the ids of the groups it dissolves.
    let reserved = request.resolveRest ? Set(kept.map(\.id)) : Set(plan.groups.map(\.id))
    let outcome = Refill.solve(
      RefillProblem(base: base, kept: kept, reservedIDs: reserved),
      options: prepared.formationOptions)
    try request.checkCancelled()

    let effective = prepared.effectiveConfig
    var extended = batch
    extended.candidates = candidates
    var document = FormJob.makePlan(
      config: effective, batch: extended, scores: prepared.scores, result: outcome.result,
      participants: base.participants,
      input: URL(fileURLWithPath: request.intakePath).lastPathComponent, language: config.language)
    patch(&document, plan: plan, planOnly: planOnly, left: left, keepName: keepName)
    document.refill = PlanDocument.RefillRecord(
      plan: keepName, kept: kept.map(\.id), left: left, emptied: emptied,
      filled: outcome.filled.map { .init(group: $0.group, added: $0.added.map(\.rawValue)) },
      belowMinimum: outcome.belowMinimum.map {
        PlanDocument.RefillRecord.BelowMinimum($0, language: config.language)
      },
      method: outcome.fillMethod,
      note: Messages.refillMethod(
        outcome.fillMethod, limit: Refill.enumerationLimit, language: config.language),
      warnings: warnings.map(\.message))
    carrySchedule(
      &document, from: plan,
      groups: outcome.result.groups.filter { keptGroupIDs(kept).contains($0.id) },
      rules: rules)

    if request.diagnosis {
      // The diagnosis concerns whoever the new groups could not place.
      let toppedUp = Set(outcome.filled.flatMap(\.added))
      var remaining = outcome.remaining
      remaining.participants.subtract(toppedUp)
      var formed = outcome.remainingResult
      formed.unplaced.removeAll { toppedUp.contains($0.id) }
      let diagnosis = prepared.diagnose(remaining, formed)
      document.diagnosis = diagnosis.found
      document.diagnosisSkipped = diagnosis.skippedForPlan
    }
    let audit = PlanAudit.seal(&document, language: config.language, fault: request.fault)
    let seconds = (ContinuousClock().now - started).seconds
    let files =
      try FormJob.coordinatorFiles(document, language: config.language)
      + [
        OutputFile(
          name: "run.json",
          contents: try FormJob.json(
            RunInfo(result: outcome.result, seconds: seconds, batch: extended), "run.json"))
      ]
    return FormOutcome(
      config: effective, batch: extended, result: outcome.result, plan: document, files: files,
      warnings: prepared.warnings + warnings, seconds: seconds, audit: audit)
  }

  /// The ids of the kept groups: only their schedules carry over (a new group may reuse a
  /// dissolved group's id).
  static func keptGroupIDs(_ kept: [KeptGroup]) -> Set<String> { Set(kept.map(\.id)) }

  /// Ids from `--left` values, split on commas, semicolons and spaces, first mention first.
  static func parseIDs(_ values: [String]) -> [String] {
    var seen = Set<String>()
    var ids: [String] = []
    for value in values {
      for part in value.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }) {
        let id = String(part)
        if seen.insert(id).inserted { ids.append(id) }
      }
    }
    return ids
  }

  static func loadKept(_ path: String) throws(DiagnosticList) -> PlanDocument {
    try PlanFile.load(path, purpose: "--keep")
  }

  /// Keeps the plan's record for kept members missing from the intake, marks the people who
  /// left `left` (with the unplaced code `left`) and orders the unplaced as the people.
  static func patch(
    _ document: inout PlanDocument, plan: PlanDocument, planOnly: [PlanDocument.Person],
    left: [String], keepName: String
  ) {
    let planOnlyIDs = Set(planOnly.map(\.id))
    document.people.removeAll { planOnlyIDs.contains($0.id) }
    document.people += planOnly
    let leftSet = Set(left)
    let present = Set(document.people.map(\.id))
    for person in plan.people where leftSet.contains(person.id) && !present.contains(person.id) {
      document.people.append(person)
    }
    for k in document.people.indices where leftSet.contains(document.people[k].id) {
      document.people[k].status = "left"
    }
    document.unplaced.removeAll { leftSet.contains($0.id) }
    for id in left {
      let group = plan.groups.first { $0.members.contains(id) }?.id
      document.unplaced.append(
        PlanDocument.Unplaced(
          id: id, code: UnplacedCode.left.rawValue,
          evidence: ["group": group.map { .text($0) } ?? .null, "plan": .text(keepName)],
          message: group.map { "left the programme; removed from \($0)" }
            ?? "left the programme before being placed"))
    }
    let order = Dictionary(
      document.people.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    document.unplaced.sort { (order[$0.id] ?? 0) < (order[$1.id] ?? 0) }
  }

  /// Keeps the kept groups' schedules (same slot, which every filler has), with each session's
  /// available members brought up to date; new groups are left for `kring schedule`.
  static func carrySchedule(
    _ document: inout PlanDocument, from plan: PlanDocument, groups: [FormedGroup],
    rules: RuleSet
  ) {
    let members = Dictionary(
      groups.map { ($0.id, $0.members) }, uniquingKeysWith: { a, _ in a })
    document.schedule = plan.schedule.compactMap { entry in
      guard let ids = members[entry.group] else { return nil }
      var updated = entry
      let slot = Slot(token: entry.slot)
      let available = ids.filter { id in
        slot.map { rules.candidate(id)?.availability.contains($0) ?? false } ?? true
      }.map(\.rawValue)
      updated.sessions = entry.sessions.map { session in
        var s = session
        s.available = available
        return s
      }
      return updated
    }
    if !document.schedule.isEmpty {
      document.facilitators = plan.facilitators
      document.rooms = plan.rooms
    }
  }
}
