import Grouping
import Intake
import Reports

/// What each rule costs: when ready candidates are left out, re-solve with one rule relaxed
/// at a time and report how many more people that places — measured, never guessed.
///
/// Safety rules (reporting lines, `avoid`, `keep_apart`) are never relaxed or suggested.
public enum Diagnosis {
  /// The measured what-ifs, and those there was no time to measure.
  public struct Outcome: Sendable {
    /// The relaxations that place more people, best first.
    public var found: [PlanDocument.Diagnosis] = []
    /// The what-ifs not measured because the deadline came first.
    public var skipped: [String] = []

    /// `skipped` for the plan: `nil` when the diagnosis ran in full.
    public var skippedForPlan: [String]? { skipped.isEmpty ? nil : skipped }
  }

  /// One relaxation to try: the rule, the `--set` that expresses it and the config it gives.
  struct Relaxation {
    var rule: HardRule
    var set: String
    var config: GroupsConfig
  }

  /// The relaxations of `config` worth trying, in a fixed order: each enforced rule that can
  /// be loosened one step, asked of the rule itself (never a safety rule).
  static func relaxations(of config: GroupsConfig) -> [Relaxation] {
    let order: [HardRule] =
      [.levelGap, .sizeMin, .sizeMax, .commonSlots]
      + config.separate.keys.sorted().map(HardRule.separate) + config.match.map(HardRule.match)
    return order.compactMap { rule in
      rule.relaxed(in: config).map { Relaxation(rule: rule, set: $0.set, config: $0.config) }
    }
  }

  /// Re-solves once per relaxation, on a small fixed budget, and keeps those that place more
  /// people than `result` does, best first.
  ///
  /// Only the components (under the relaxed rules) that hold someone unplaced are re-solved:
  /// every other group stays valid, since a relaxation only loosens rules, so the gain there
  /// is the whole gain. It shares the command's `deadline`: a what-if it has no time for (or
  /// that the deadline cut short, so that its gain would be a guess) is listed as skipped.
  public static func run(
    problem: GroupingProblem, result: GroupingResult, iterations: Int, timeLimitPerWhatIf: Double,
    deadline: Deadline = .none
  ) -> Outcome {
    let placedIDs = Set(result.groups.flatMap(\.members))
    let left = problem.participants.subtracting(placedIDs)
    guard !left.isEmpty else { return Outcome() }
    var outcome = Outcome()
    var found: [(Int, Int, PlanDocument.Diagnosis)] = []
    for (order, relaxation) in relaxations(of: problem.config).enumerated() {
      var relaxed = problem
      relaxed.config = relaxation.config
      guard
        let more = gain(
          of: relaxed, around: left, placedIDs: placedIDs, iterations: iterations,
          timeLimit: timeLimitPerWhatIf, deadline: deadline)
      else {
        outcome.skipped.append(relaxation.set)
        continue
      }
      guard more > 0 else { continue }
      found.append(
        (
          more, order,
          PlanDocument.Diagnosis(
            kind: "config", set: relaxation.set, placesMore: more, code: relaxation.rule.code,
            message: "")
        ))
    }
    found.sort { ($0.0, -$0.1) > ($1.0, -$1.1) }
    outcome.found = found.map(\.2)
    sharedSlotProposals(
      problem: problem, result: result, placedIDs: placedIDs, iterations: iterations,
      timeLimitPerWhatIf: timeLimitPerWhatIf, deadline: deadline, into: &outcome)
    return outcome
  }

  /// How many more people `relaxed` places than the current plan, re-solving only the
  /// components (under the relaxed rules) that hold someone in `ids`: every other group stays
  /// valid, since a relaxation only loosens rules.
  ///
  /// `nil` when the deadline has passed, or stopped the re-solve before its budget was spent.
  static func gain(
    of relaxed: GroupingProblem, around ids: Set<CandidateID>, placedIDs: Set<CandidateID>,
    iterations: Int, timeLimit: Double, deadline: Deadline
  ) -> Int? {
    guard !deadline.hasPassed else { return nil }
    var scoped = relaxed
    scoped.participants = GroupFormation.componentsHolding(ids, in: relaxed)
    let before = scoped.participants.intersection(placedIDs).count
    let after = GroupFormation.solve(
      scoped,
      options: FormationOptions(
        iterations: iterations, timeLimit: timeLimit, seed: relaxed.config.seed,
        deadline: deadline))
    if after.stoppedBy == .time { return nil }
    return after.groups.reduce(0) { $0 + $1.members.count } - before
  }

  /// For people left out for want of a shared slot: the group that would form if they and
  /// their compatible peers could all meet at one slot, measured by re-solving with that
  /// slot added to their availability.
  static func sharedSlotProposals(
    problem: GroupingProblem, result: GroupingResult, placedIDs: Set<CandidateID>, iterations: Int,
    timeLimitPerWhatIf: Double, deadline: Deadline, into outcome: inout Outcome
  ) {
    let waiting = result.unplaced.filter { $0.code == .noSharedSlot }.map(\.id)
    guard !waiting.isEmpty else { return }
    // Finding the proposals costs a compatibility pass over the batch: not after the deadline.
    guard !deadline.hasPassed else {
      outcome.skipped.append(
        "\(UnplacedCode.noSharedSlot.rawValue): \(waiting.map(\.rawValue).joined(separator: ", "))")
      return
    }
    var withoutSlots = problem
    withoutSlots.config.minCommonSlots = 0
    let byID = Dictionary(
      problem.candidates.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    let target = problem.config.size.target
    let compatible = GroupFormation.pairwiseCompatibility(in: withoutSlots)
    var proposed = Set<CandidateID>()
    var proposals: [PlanDocument.Diagnosis] = []
    for reason in result.unplaced
    where reason.code == .noSharedSlot && !proposed.contains(reason.id) {
      guard proposals.count < 5, let own = byID[reason.id] else { break }
      // Peers under every other rule, not yet placed, and the slot of theirs most share.
      let peers = GroupFormation.compatiblePeers(of: reason.id, in: withoutSlots)
        .filter { !placedIDs.contains($0) && !proposed.contains($0) }
      let person = problem.candidates[own]
      guard
        let slot = person.availability.slots.max(by: { a, b in
          let x = peers.filter {
            byID[$0].map { problem.candidates[$0].availability.contains(a) } ?? false
          }.count
          let y = peers.filter {
            byID[$0].map { problem.candidates[$0].availability.contains(b) } ?? false
          }.count
          return x < y
        })
      else { continue }
      let ranked = peers.sorted { a, b in
        let x = byID[a].map { problem.candidates[$0].availability.contains(slot) } ?? false
        let y = byID[b].map { problem.candidates[$0].availability.contains(slot) } ?? false
        return x && !y
      }
      // Greedily, peers who can all share a group with each other too.
      var group = [reason.id]
      for peer in ranked where group.count < target && group.allSatisfy({ compatible($0, peer) }) {
        group.append(peer)
      }
      guard group.count >= problem.config.size.min else { continue }
      // The what-if: everyone in the proposal can also meet at that slot.
      var relaxed = problem
      for id in group {
        if let k = byID[id] { relaxed.candidates[k].availability.insert(slot) }
      }
      guard
        let more = gain(
          of: relaxed, around: Set(group), placedIDs: placedIDs, iterations: iterations,
          timeLimit: timeLimitPerWhatIf, deadline: deadline)
      else {
        outcome.skipped.append("\(group.map(\.rawValue).joined(separator: ", ")) @ \(slot.token)")
        continue
      }
      guard more > 0 else { continue }
      proposed.formUnion(group)
      proposals.append(
        PlanDocument.Diagnosis(
          kind: "candidates", ids: group.map(\.rawValue), slot: slot.token, placesMore: more,
          code: HardRule.commonSlots.code, message: ""))
    }
    outcome.found += proposals
  }
}
