import Foundation
import Grouping
import Intake
import Reports

/// What a refill must hold on to beyond "members who stay never move": the locked groups
/// (`groups.lock`) and the pinned people (`groups.pin`) of the `--keep` plan.
///
/// A lock keeps a group exactly as it is (no fill either). A pin fixes a person to a group of
/// the plan: someone waiting joins it, someone in another group moves into it. Every lock and
/// pin is checked against the plan first, and a pin that would break a hard rule is refused
/// naming each rule, since it is a new instruction, not a group the coordinator already has.
struct Holds {
  /// Locked group ids.
  var locked: Set<String>
  /// Candidate → group, by the id as compared.
  var pins: [CandidateID: String]
  /// The id as written for each pinned person (the plan's spelling, else the intake's).
  var spelling: [CandidateID: String]
  /// The people who left (`--left`), as written.
  var left: Set<String>
  var keepPath: String
  var configFile: String

  init(
    plan: PlanDocument, config: GroupsConfig, left: Set<String>, intake: IntakeBatch,
    keepPath: String, configFile: String
  ) throws(DiagnosticList) {
    let groups = Dictionary(plan.groups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let keepName = URL(fileURLWithPath: keepPath).lastPathComponent
    var problems: [Diagnostic] = []
    func problem(_ column: String, _ code: String, _ message: String) {
      problems.append(
        Diagnostic(file: configFile, column: column, code: code, message: message))
    }
    for id in config.lock where groups[id] == nil {
      problem(
        "groups.lock", "unknown-lock",
        "\"\(id)\" is not a group of \(keepName); groups.lock names groups of the --keep plan")
    }
    var home: [CandidateID: String] = [:]
    for g in plan.groups { for m in g.members { home[CandidateID(m)] = g.id } }
    var spelling: [CandidateID: String] = [:]
    for p in plan.people { spelling[CandidateID(p.id)] = p.id }
    for c in intake.candidates where spelling[c.id] == nil { spelling[c.id] = c.id.rawValue }
    let leftIDs = Set(left.map { CandidateID($0) })
    let locked = Set(config.lock)
    for (id, group) in config.pin.sorted(by: { $0.key < $1.key }) {
      let column = "groups.pin.\(id.rawValue)"
      if spelling[id] == nil {
        problem(
          column, "unknown-pin",
          "\"\(id.rawValue)\" is neither in the intake nor in \(keepName); a pin names a person")
      } else if groups[group] == nil {
        problem(
          column, "unknown-pin-group",
          "\"\(group)\" is not a group of \(keepName); a pin fixes a person to a group of the --keep plan"
        )
      } else if leftIDs.contains(id) {
        problem(column, "pin-left", "\(id.rawValue) is pinned to \(group) but also in --left")
      } else if let from = home[id], from != group, locked.contains(from) {
        problem(
          column, "pin-locked",
          "\(id.rawValue) is pinned to \(group) but is in \(from), which is locked")
      } else if home[id] != group, locked.contains(group) {
        problem(
          column, "pin-locked",
          "\(id.rawValue) is pinned to \(group), which is locked: a locked group takes nobody new"
        )
      }
    }
    guard problems.isEmpty else { throw DiagnosticList(problems) }
    self.locked = locked
    pins = config.pin
    self.spelling = spelling
    self.left = left
    self.keepPath = keepPath
    self.configFile = configFile
  }

  /// The members `group` keeps: those who did not leave (all of them, or with `resolveRest`
  /// only the pinned ones unless it is locked), without people pinned elsewhere, plus people
  /// pinned to it.
  func members(of group: PlanDocument.Group, resolveRest: Bool) -> [String] {
    var stay = group.members.filter { id in
      if left.contains(id) { return false }
      let key = CandidateID(id)
      if let pinned = pins[key] { return pinned == group.id }
      return !resolveRest || locked.contains(group.id)
    }
    if locked.contains(group.id) { return stay }
    let present = Set(stay.map { CandidateID($0) })
    for (id, target) in pins.sorted(by: { $0.key < $1.key })
    where target == group.id && !present.contains(id) {
      stay.append(spelling[id] ?? id.rawValue)
    }
    return stay
  }

  /// Refuses pins that put someone into a group whose kept members they break a hard rule
  /// with, naming every rule.
  func checkPins(_ kept: [KeptGroup], rules: RuleSet, language: OutputLanguage)
    throws(DiagnosticList)
  {
    var problems: [Diagnostic] = []
    for group in kept {
      let joined = group.members.filter { pins[$0] == group.id }
      guard !joined.isEmpty else { continue }
      // The rules the group breaks only with them: a kept group's own older faults are
      // warned about elsewhere.
      let without = Set(
        rules.violations(
          ofGroup: group.members.filter { !joined.contains($0) }, scheduledSlot: group.scheduledSlot
        ).map(\.rule))
      let breaks = rules.violations(ofGroup: group.members, scheduledSlot: group.scheduledSlot)
        .filter { !without.contains($0.rule) }
      for v in breaks {
        problems.append(
          Diagnostic(
            file: configFile, column: "groups.pin", code: "pin-breaks-rule",
            message:
              "pinning \(joined.map(\.rawValue).joined(separator: ", ")) to \(group.id) breaks \(v.rule.code): \(Messages.violation(v, language: language))"
          ))
      }
    }
    guard problems.isEmpty else { throw DiagnosticList(problems) }
  }
}
