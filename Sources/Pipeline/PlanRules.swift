import Foundation
import Grouping
import Intake
import Reports

/// A plan under its own recorded rules: the one place where a `plan.json` meets the
/// ``RuleSet``, for the audit, plan validation, `kring explain` and hand moves.
struct PlanRules {
  let plan: PlanDocument
  let config: KringConfig
  let rules: RuleSet
  /// What could not be checked, such as earlier plans for `met_before` that cannot be read.
  let notes: [String]

  /// The rules of `plan`, read from its `kring.config`.
  ///
  /// - Parameters:
  ///   - file: the plan's path, for messages.
  ///   - followHistory: whether to read the earlier plans `met_before` names.
  init(_ plan: PlanDocument, file: String, followHistory: Bool = true) throws(DiagnosticList) {
    let config = try KringConfig(normalized: plan.kring.config, fileName: file)
    var notes: [String] = []
    var metBefore: [(CandidateID, CandidateID)] = []
    if followHistory, config.groups.history.metBefore != .ignore,
      !config.groups.history.plans.isEmpty
    {
      do {
        let people = plan.people.map {
          PersonDirectory.Person(
            id: CandidateID($0.id), name: $0.name, email: $0.email, line: $0.line)
        }
        metBefore = try FormJob.metBefore(
          in: config.groups.history.plans, people: PersonDirectory(people))
      } catch {
        notes.append("earlier plans could not be read, so met_before is not checked")
      }
    }
    self.plan = plan
    self.config = config
    self.notes = notes
    rules = RuleSet(
      candidates: plan.people.map { $0.candidate(levels: config.intake.levels) },
      config: config.groups, reportingLines: plan.reportingLinkIDs, metBefore: metBefore)
  }

  /// The members of a group as indices into the rule set (unknown ids left out).
  func members(_ group: PlanDocument.Group) -> [Int] {
    group.members.compactMap { rules.index[CandidateID($0)] }
  }

  /// The weekly slot a group is scheduled at, if it is.
  func scheduledSlot(_ group: String) -> Slot? {
    plan.schedule.first { $0.group == group }.flatMap { Slot(token: $0.slot) }
  }
}

extension PlanDocument {
  /// The manager links the rules follow: every person's own, plus those of rows the run left
  /// out (`reporting_lines`), so that a chain through a skipped row still counts.
  var reportingLinkIDs: [CandidateID: CandidateID] {
    var links: [CandidateID: CandidateID] = [:]
    for (id, manager) in reportingLines ?? [:] { links[CandidateID(id)] = CandidateID(manager) }
    for p in people { if let m = p.managerId { links[CandidateID(p.id)] = CandidateID(m) } }
    return links
  }
}

/// What moving one person into another group would break and cost, by the one rule set and
/// the one objective: the check behind `kring explain`'s moves and a hand move.
struct MoveEvaluation {
  /// The group they would join.
  var group: String
  /// Every rule the move breaks: in the group they join, in the group they leave (below
  /// `size.min`), and `keep_together` partners left behind.
  var violations: [RuleViolation]
  /// The size of the group they join, after the move.
  var size: Int
  var deltaDiversity: Double
  var deltaSizePenalty: Double
  var deltaHistoryPenalty: Double
  var deltaObjective: Double
}

extension PlanRules {
  /// Evaluates moving person `who` (an index) into `target`, out of the group they are in.
  func evaluateMove(_ who: Int, to target: PlanDocument.Group) -> MoveEvaluation {
    let me = rules.candidates[who].id
    let home = plan.groups.first { g in g.members.contains { CandidateID($0) == me } }
    let homeMembers = home.map(members) ?? []
    let rest = homeMembers.filter { $0 != who }
    let joined = members(target).filter { $0 != who }
    var violations = rules.violations(
      of: joined + [who], scheduledSlot: scheduledSlot(target.id))
    if let home, rest.count < rules.config.size.min {
      violations.append(
        RuleViolation(
          rule: .sizeMin,
          evidence: [
            "group": .text(home.id), "size": .int(rest.count),
            "limit": .int(rules.config.size.min),
          ]))
    }
    let apart = rules.keepTogetherPartners(of: who).filter { !joined.contains($0) }
      .filter { partner in
        // A partner binds when they take part: placed, or ready.
        let id = rules.candidates[partner].id
        return plan.groups.contains { $0.members.contains { CandidateID($0) == id } }
          || plan.people.contains { CandidateID($0.id) == id && $0.status == "ready" }
      }
    if !apart.isEmpty {
      violations.append(
        RuleViolation(rule: .keepTogether, people: [me] + apart.map { rules.candidates[$0].id }))
    }
    let objective = rules.objective
    func parts(_ indices: [Int]) -> (diversity: Double, size: Double, value: Double) {
      let score = rules.score(indices)
      return (score.diversity, indices.isEmpty ? 0 : objective.sizeCost(indices.count), score.value)
    }
    var before = [parts(joined)]
    var after = [parts(joined + [who])]
    if home != nil {
      before.append(parts(homeMembers))
      after.append(parts(rest))
    }
    let dDiversity = after.reduce(0) { $0 + $1.diversity } - before.reduce(0) { $0 + $1.diversity }
    let dSize = after.reduce(0) { $0 + $1.size } - before.reduce(0) { $0 + $1.size }
    let dValue = after.reduce(0) { $0 + $1.value } - before.reduce(0) { $0 + $1.value }
    return MoveEvaluation(
      group: target.id, violations: violations.sorted { $0.rule < $1.rule },
      size: joined.count + 1, deltaDiversity: dDiversity, deltaSizePenalty: dSize,
      deltaHistoryPenalty: dDiversity - dSize - dValue, deltaObjective: dValue)
  }
}
