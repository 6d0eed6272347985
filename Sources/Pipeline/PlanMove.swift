import Foundation
import Grouping
import Intake
import Reports

/// A hand move refused: every hard rule it would break, and every schedule conflict.
public struct MoveRefusal: Error, Sendable, Hashable, Codable {
  public var candidate: String
  public var group: String
  /// The grouping rules it breaks, one per rule, asked of the plan's ``RuleSet``.
  public var breaks: [PlanInspection.BrokenRule]
  /// What the group's schedule could no longer keep (a room too small, a facilitator from
  /// the newcomer's organisation), as Kring's audit finds it.
  public var conflicts: [PlanAudit.Finding]

  /// One sentence per broken rule or conflict.
  public var messages: [String] { breaks.map(\.message) + conflicts.map(\.message) }
}

/// Why a hand move cannot even be judged, or that it was refused.
public enum PlanMoveError: Error, Sendable {
  /// An unknown person or group, a move into their own group, a plan whose rules are unreadable.
  case invalid(DiagnosticList)
  /// The move breaks rules: nothing changed.
  case refused(MoveRefusal)
}

/// A hand move applied: the new plan, and what it changed.
public struct MoveOutcome: Sendable {
  public var plan: PlanDocument
  public var move: PlanDocument.HandMove
  /// The objective's change, by the one objective (as `kring explain --candidate` reports).
  public var change: PlanInspection.Move
  /// The groups the move touched, before and after (`from` is absent for someone unplaced).
  public var before: [PlanDocument.Group]
  public var after: [PlanDocument.Group]
  /// Kring's audit of the new plan: a finding here is a bug (exit 4).
  public var audit: PlanAudit
}

/// `kring move` and the workbench's drag and drop: one person into another group, checked by
/// the plan's own rule set (``PlanRules/evaluateMove(_:to:)``, the check behind
/// `kring explain --candidate`) and by the audit of the schedule, then applied with both
/// groups described anew.
public enum PlanMove {
  /// Moves `candidate` into `group`, or throws why not.
  ///
  /// - Parameter file: the plan's name, for messages.
  public static func apply(
    _ plan: PlanDocument, candidate: String, to group: String, file: String,
    language: OutputLanguage
  ) throws(PlanMoveError) -> MoveOutcome {
    let planRules: PlanRules
    do {
      planRules = try PlanRules(plan, file: file)
    } catch {
      throw .invalid(error)
    }
    let rules = planRules.rules
    let id = CandidateID(candidate)
    func invalid(_ code: String, _ message: String) -> PlanMoveError {
      .invalid(DiagnosticList([Diagnostic(file: file, code: code, message: message)]))
    }
    guard let who = rules.index[id],
      let person = plan.people.first(where: { CandidateID($0.id) == id })
    else { throw invalid("unknown-candidate", "no candidate \"\(candidate)\" in this plan") }
    guard let targetIndex = plan.groupIndex(typed: group) else {
      throw invalid(
        "unknown-group",
        "no group \"\(group)\"; the plan has \(plan.groups.map(\.id).prefix(12).joined(separator: ", "))"
      )
    }
    let group = plan.groups[targetIndex].id
    let homeIndex = plan.groups.firstIndex { g in g.members.contains { CandidateID($0) == id } }
    if homeIndex == targetIndex {
      throw invalid("same-group", "\(person.id) is already in \(group)")
    }
    if person.status == "left" {
      throw invalid("candidate-left", "\(person.id) left the programme")
    }

    let evaluation = planRules.evaluateMove(who, to: plan.groups[targetIndex])
    let change = PlanInspection.Move(evaluation, language: language)
    if !evaluation.violations.isEmpty {
      throw .refused(
        MoveRefusal(candidate: person.id, group: group, breaks: change.breaks, conflicts: []))
    }

    var moved = plan
    let touched = [homeIndex, targetIndex].compactMap { $0 }
    let before = touched.map { plan.groups[$0] }
    if let homeIndex {
      moved.groups[homeIndex].members.removeAll { CandidateID($0) == id }
    }
    moved.groups[targetIndex].members.append(person.id)
    for k in touched {
      let members = planRules.members(moved.groups[k])
      moved.groups[k] = PlanDocument.Group(rules.describe(id: moved.groups[k].id, members: members))
    }
    // Someone placed by hand who was not taking part (not ready) takes part now.
    let joins = plan.unplaced.contains { CandidateID($0.id) == id && $0.code == "not-ready" }
    moved.unplaced.removeAll { CandidateID($0.id) == id }
    updateAvailability(&moved, groups: touched.map { moved.groups[$0] }, rules: rules)
    let record = PlanDocument.HandMove(
      candidate: person.id, from: homeIndex.map { plan.groups[$0].id }, to: group)
    moved.moves = (plan.moves ?? []) + [record]
    // The solver's proof was for its own groups, not for groups changed by hand.
    var summary = moved.solver.grouping
    summary.objective =
      (moved.groups.map { rules.score(planRules.members($0)).value }
      .reduce(0, +) * 1e6).rounded() / 1e6
    summary.placed = moved.groups.reduce(0) { $0 + $1.members.count }
    if joins { summary.participants += 1 }
    if summary.status == GroupingStatus.optimal.rawValue {
      summary.status = GroupingStatus.feasible.rawValue
    }
    summary.bound = nil
    summary.gap = nil
    moved.solver.grouping = summary

    let audit = PlanAudit.seal(&moved, language: language)
    // A conflict in the schedule is the move's doing (the plan was judged whole before).
    let conflicts = audit.conflicts.filter { finding in
      finding.group.map { id in touched.contains { plan.groups[$0].id == id } } ?? false
    }
    if !conflicts.isEmpty {
      throw .refused(
        MoveRefusal(candidate: person.id, group: group, breaks: [], conflicts: conflicts))
    }
    return MoveOutcome(
      plan: moved, move: record, change: change, before: before,
      after: touched.map { moved.groups[$0] }, audit: audit)
  }

  /// Brings each session's list of members available at the group's slot up to date.
  static func updateAvailability(
    _ plan: inout PlanDocument, groups: [PlanDocument.Group], rules: RuleSet
  ) {
    for group in groups {
      guard let k = plan.schedule.firstIndex(where: { $0.group == group.id }) else { continue }
      let slot = Slot(token: plan.schedule[k].slot)
      let available = group.members.filter { id in
        slot.map { rules.candidate(CandidateID(id))?.availability.contains($0) ?? false } ?? true
      }
      for s in plan.schedule[k].sessions.indices {
        plan.schedule[k].sessions[s].available = available
      }
    }
  }
}

/// Every output file of a plan, from the plan alone: what `kring move` and `kring export`
/// write and what the workbench zips, through the same writer as `kring plan`.
public enum PlanExport {
  /// The plan's output folder: `plan.json`, the reports, CSV files, contracts and calendars.
  ///
  /// - Parameters:
  ///   - language: `nil` takes the plan's own `language`.
  ///   - now: the calendars' DTSTAMP; `nil` stamps them at the cohort's start.
  public static func files(
    _ plan: PlanDocument, file: String = "plan.json", language: OutputLanguage? = nil,
    pseudonymize: Bool = false, now: Date? = nil
  ) throws(DiagnosticList) -> [OutputFile] {
    let config = try KringConfig(normalized: plan.kring.config, fileName: file)
    return try PlanOutputs.files(
      plan: plan, config: config, language: language ?? config.language,
      pseudonymize: pseudonymize, stamp: now ?? PlanRecords.defaultStamp(config.schedule))
  }

  /// The plan's output language, as recorded in its rules.
  public static func language(of plan: PlanDocument) -> OutputLanguage {
    (try? KringConfig(normalized: plan.kring.config))?.language ?? .nl
  }
}
