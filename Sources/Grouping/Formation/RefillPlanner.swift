import Intake
import LinearSolver

/// A group of an earlier plan whose remaining members stay together.
public struct KeptGroup: Sendable, Hashable {
  public var id: String
  /// The members who stay (those who left are already removed).
  public var members: [CandidateID]
  /// The weekly slot the group meets at, when the plan scheduled it: fillers must have it.
  public var scheduledSlot: Slot?
  /// A locked group (`groups.lock`) is never filled or topped up: it stays exactly as it is.
  public var locked: Bool

  public init(
    id: String, members: [CandidateID], scheduledSlot: Slot? = nil, locked: Bool = false
  ) {
    self.id = id
    self.members = members
    self.scheduledSlot = scheduledSlot
    self.locked = locked
  }
}

/// A refill: kept groups that never change their members, and a pool of new and waiting
/// candidates to fill their vacancies and form new groups.
public struct RefillProblem: Sendable {
  /// Everyone known (kept members included); `participants` are the ready candidates, of
  /// whom those not in a kept group form the pool.
  public var base: GroupingProblem
  public var kept: [KeptGroup]
  /// Group ids no new group may take, such as groups of the plan that everyone left.
  public var reservedIDs: Set<String>

  public init(base: GroupingProblem, kept: [KeptGroup], reservedIDs: Set<String> = []) {
    self.base = base
    self.kept = kept
    self.reservedIDs = reservedIDs
  }
}

/// A way to bring a group below `size.min` up to strength.
public struct RefillOption: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable { case merge, fill }
  public var kind: Kind
  /// The group to merge with (`merge` only).
  public var group: String?
  /// The candidates who would join (`fill` only), best first.
  public var ids: [CandidateID]
  /// The group's size after the option.
  public var size: Int
  /// The rule that would have to be relaxed (`fill` only), never a safety rule.
  public var relax: HardRule?
}

/// A kept group that stays below `size.min`: reported, never dissolved or changed silently.
public struct BelowMinimum: Sendable, Hashable {
  public var group: String
  public var size: Int
  public var min: Int
  /// Merges under every rule first, then fills that need one rule relaxed.
  public var options: [RefillOption]
  public var code: String
}

/// The candidates added to one kept group.
public struct RefillFill: Sendable, Hashable {
  public var group: String
  public var added: [CandidateID]
}

/// The outcome of a refill.
public struct RefillOutcome: Sendable {
  /// Kept groups (in the plan's order, filled) followed by the new groups; the unplaced are
  /// pool candidates left out.
  public var result: GroupingResult
  public var filled: [RefillFill]
  public var belowMinimum: [BelowMinimum]
  /// `exact` when every filler set was enumerated and packed with GLPK, `search` when there
  /// were more than ``Refill/enumerationLimit`` sets.
  public var fillMethod: String
  /// The new groups' own problem and result (whoever remained after filling).
  public var remaining: GroupingProblem
  public var remainingResult: GroupingResult
}

/// Refill: vacancies first, then new groups from whoever remains, then top-ups.
///
/// 1. Each kept group's vacancies up to `size.target` are filled from the pool under every
///    hard rule (with the kept members and at the group's scheduled slot). Filler sets are
///    enumerated per group and packed across groups exactly (GLPK: the most people, then the
///    best objective); beyond the enumeration limit a greedy fill with swap search runs.
///    A group is only filled when that brings it to `size.min`.
/// 2. Whoever remains forms new groups with ``GroupFormation/solve(_:options:)``.
/// 3. Anyone still unplaced may join a kept group up to `size.max` (placement first, ties to
///    readiness as in formation, then the objective).
///
/// Vacancies come first because kept groups already meet: the coordinator's promise to them
/// outranks a slightly better partition of the newcomers.
public enum Refill {
  /// The most filler sets enumerated over all kept groups before the search takes over.
  public static let enumerationLimit = 20_000

  /// Fills, forms and tops up; never moves a kept member and never breaks a hard rule.
  public static func solve(_ problem: RefillProblem, options: FormationOptions = FormationOptions())
    -> RefillOutcome
  {
    let base = problem.base
    let config = base.config
    let rules = base.ruleSet()
    let index = rules.index
    let keptIDs = Set(problem.kept.flatMap(\.members))
    let pool = base.participants.subtracting(keptIDs)
    let poolIndices = base.candidates.indices.filter { pool.contains(base.candidates[$0].id) }
    let ranks = CompatibilityGraph.priorityRanks(problem: base, participants: poolIndices)
    let units = makeUnits(problem: problem, rules: rules, pool: pool, ranks: ranks)
    var context = FillContext(rules: rules, config: config, units: units, kept: problem.kept)
    context.deadline = options.deadline.instant

    // 1. Vacancies up to the target.
    var members = problem.kept.map(\.members)
    var vacancies = context
    vacancies.byReadiness = false
    let first = vacancies.fill(
      members: members,
      caps: members.indices.map {
        problem.kept[$0].locked ? 0 : config.size.target - members[$0].count
      },
      available: Set(
        units.indices.filter { !units[$0].blocked }))
    var assigned = Set<Int>()
    for (k, chosen) in first.assignment.enumerated() {
      for u in chosen {
        members[k] += units[u].members
        assigned.insert(u)
      }
    }

    // 2. New groups from whoever remains (units tied to a kept group cannot join them).
    var remaining = base
    remaining.participants = Set(
      units.indices.filter { !assigned.contains($0) && units[$0].free }.flatMap {
        units[$0].members
      })
    let formed = GroupFormation.solve(remaining, options: options)

    // 3. Top-ups to size.max for anyone still unplaced.
    let placedNew = Set(formed.groups.flatMap(\.members))
    let leftOver = Set(
      units.indices.filter { u in
        !assigned.contains(u) && !units[u].blocked
          && !units[u].members.contains { placedNew.contains($0) }
      })
    let second = context.fill(
      members: members,
      caps: members.indices.map {
        problem.kept[$0].locked ? 0 : config.size.max - members[$0].count
      },
      available: leftOver)
    var added = first.assignment
    for (k, chosen) in second.assignment.enumerated() {
      for u in chosen {
        members[k] += units[u].members
        assigned.insert(u)
        added[k].append(u)
      }
    }
    let toppedUp = Set(second.assignment.flatMap { $0.flatMap { units[$0].members } })

    // The groups: kept ones first under their own ids, then the new ones under fresh ids.
    var used = problem.reservedIDs.union(problem.kept.map(\.id))
    var groups: [FormedGroup] = []
    for (k, kept) in problem.kept.enumerated() {
      groups.append(
        rules.describe(id: kept.id, members: members[k].compactMap { index[$0] }))
    }
    var next = 1
    let width = max(2, String(problem.kept.count + formed.groups.count + used.count).count)
    for g in formed.groups {
      var id = ""
      repeat {
        let number = String(next)
        id = "G" + String(repeating: "0", count: max(0, width - number.count)) + number
        next += 1
      } while used.contains(id)
      used.insert(id)
      var renamed = g
      renamed.id = id
      groups.append(renamed)
    }

    // The unplaced: the new solve's reasons (minus top-ups), and units bound to a kept group.
    // Their reasons were found among the new groups' pool; no kept group could take them
    // either (full, or a rule breaks), which the evidence says.
    var unplaced = formed.unplaced.filter { !toppedUp.contains($0.id) }.map { reason in
      var r = reason
      r.evidence["kept_groups"] = .text("full or breaking a rule")
      return r
    }
    for (u, unit) in units.enumerated() where !assigned.contains(u) && !unit.free {
      for id in unit.members {
        unplaced.append(
          UnplacedCandidate(
            id: id, code: .noCompatiblePeers, rule: .keepTogether,
            evidence: [
              "keep_together": .list(unit.members.map(\.rawValue)),
              "kept_groups": .list(unit.tiedGroups.map { problem.kept[$0].id }),
            ]))
      }
    }
    unplaced.sort { (index[$0.id] ?? 0) < (index[$1.id] ?? 0) }

    let filled = problem.kept.indices.compactMap { k -> RefillFill? in
      let ids = added[k].flatMap { units[$0].members }.sorted()
      return ids.isEmpty ? nil : RefillFill(group: problem.kept[k].id, added: ids)
    }
    let unplacedUnits = units.indices.filter { u in
      !assigned.contains(u) && !units[u].blocked
        && !units[u].members.contains { placedNew.contains($0) }
    }
    var below: [BelowMinimum] = []
    for (k, kept) in problem.kept.enumerated() where members[k].count < config.size.min {
      below.append(
        belowMinimum(
          k, kept: kept, members: members[k], groups: groups, context: context,
          unplacedUnits: unplacedUnits))
    }
    let objective = groups.reduce(0.0) { $0 + $1.value }
    let exact = first.exact && second.exact
    let result = GroupingResult(
      groups: groups, unplaced: unplaced, status: .feasible, stoppedBy: formed.stoppedBy,
      objective: objective, bound: nil, components: formed.components,
      componentsExact: formed.componentsExact, reports: formed.reports,
      iterations: formed.iterations)
    return RefillOutcome(
      result: result, filled: filled, belowMinimum: below, fillMethod: exact ? "exact" : "search",
      remaining: remaining, remainingResult: formed)
  }

  /// Pool units: people tied by `keep_together` are placed as a whole, and a unit tied to a
  /// kept member may only join that member's group.
  static func makeUnits(
    problem: RefillProblem, rules: RuleSet, pool: Set<CandidateID>, ranks: [Int: Double]
  ) -> [FillUnit] {
    let index = rules.index
    var groupOf: [CandidateID: Int] = [:]
    for (k, g) in problem.kept.enumerated() { for id in g.members { groupOf[id] = k } }
    let present = pool.union(groupOf.keys).compactMap { index[$0] }.sorted()
    var units: [FillUnit] = []
    for unit in rules.keepTogetherUnits(among: present) {
      let ids = unit.map { rules.candidates[$0].id }
      let people = ids.filter { pool.contains($0) }
      guard !people.isEmpty else { continue }
      let tied = Set(ids.compactMap { groupOf[$0] })
      units.append(
        FillUnit(
          members: people,
          priority: people.reduce(0.0) { $0 + (index[$1].flatMap { ranks[$0] } ?? 0) },
          tiedTo: tied.count == 1 ? tied.first : nil, tiedGroups: tied.sorted()))
    }
    units.sort { (index[$0.members[0]] ?? 0) < (index[$1.members[0]] ?? 0) }
    return units
  }

  /// The report of a kept group that stays below `size.min`, with merge and fill options.
  static func belowMinimum(
    _ k: Int, kept: KeptGroup, members: [CandidateID], groups: [FormedGroup], context: FillContext,
    unplacedUnits: [Int]
  ) -> BelowMinimum {
    let config = context.config
    let rules = context.rules
    var options: [(Double, RefillOption)] = []
    for other in groups where other.id != kept.id {
      let merged = members + other.members
      let otherSlot = context.kept.first { $0.id == other.id }?.scheduledSlot
      let slots = [kept.scheduledSlot, otherSlot].compactMap { $0 }
      let fits =
        slots.isEmpty
        ? rules.violations(ofGroup: merged).isEmpty
        : slots.contains { rules.violations(ofGroup: merged, scheduledSlot: $0).isEmpty }
      guard fits else { continue }
      options.append(
        (
          rules.score(ofGroup: merged).value,
          RefillOption(kind: .merge, group: other.id, ids: [], size: merged.count, relax: nil)
        ))
    }
    options.sort { $0.0 != $1.0 ? $0.0 > $1.0 : ($0.1.group ?? "") < ($1.1.group ?? "") }
    var result = Array(options.prefix(3).map(\.1))

    // Fills that need one (non-safety) rule relaxed, each checked for the group as a whole.
    let byPriority = unplacedUnits.sorted {
      context.units[$0].priority != context.units[$1].priority
        ? context.units[$0].priority > context.units[$1].priority : $0 < $1
    }
    var relaxable = Set<HardRule>()
    for u in byPriority {
      let breaks = rules.violations(
        ofGroup: members + context.units[u].members, scheduledSlot: kept.scheduledSlot)
      if breaks.count == 1, let only = breaks.first?.rule, !only.isSafety, only != .sizeMax {
        relaxable.insert(only)
      }
    }
    for rule in relaxable.sorted() {
      var group = members
      var ids: [CandidateID] = []
      for u in byPriority where group.count < config.size.target {
        let unit = context.units[u]
        if let tied = unit.tiedTo, tied != k { continue }
        let breaks = rules.violations(
          ofGroup: group + unit.members, scheduledSlot: kept.scheduledSlot)
        if breaks.allSatisfy({ $0.rule == rule }) {
          group += unit.members
          ids += unit.members
        }
      }
      guard group.count >= config.size.min else { continue }
      result.append(RefillOption(kind: .fill, group: nil, ids: ids, size: group.count, relax: rule))
    }
    return BelowMinimum(
      group: kept.id, size: members.count, min: config.size.min, options: result,
      code: "below-minimum")
  }
}

/// People placed as a whole when filling.
struct FillUnit: Sendable {
  var members: [CandidateID]
  var priority: Double
  /// The kept group this unit is bound to by `keep_together`.
  var tiedTo: Int?
  /// Every kept group `keep_together` binds the unit to.
  var tiedGroups: [Int]
  /// Whether the unit may form new groups (it is tied to no kept member).
  var free: Bool { tiedGroups.isEmpty }
  /// Whether the unit can join no group at all: `keep_together` binds it to members of two
  /// kept groups.
  var blocked: Bool { tiedGroups.count > 1 }
}

/// The filling step: which units join which kept group.
struct FillContext {
  let rules: RuleSet
  let config: GroupsConfig
  let units: [FillUnit]
  let kept: [KeptGroup]
  /// Whether readiness decides between filler sets that place as many people.
  ///
  /// Vacancies leave it out: whoever does not fill one still joins a new group, so diversity decides.
  /// Top-ups keep it: whoever is not added stays unplaced, a placement tie.
  var byReadiness = true
  /// The command's deadline, which the exact fill stops by (the greedy fill takes over).
  var deadline: ContinuousClock.Instant? = nil

  /// A candidate set for one group: the units added and how it scores.
  struct Option {
    var units: [Int]
    var people: Int
    var priority: Double
    var value: Double
  }

  /// What the fill chose per group, and whether it is proven best.
  struct Outcome {
    var assignment: [[Int]]
    var exact: Bool
  }

  func score(_ members: [CandidateID], units chosen: [Int]) -> Option {
    Option(
      units: chosen, people: chosen.reduce(0) { $0 + units[$1].members.count },
      priority: byReadiness ? chosen.reduce(0.0) { $0 + units[$1].priority } : 0,
      value: rules.score(ofGroup: members).value)
  }

  /// Whether `unit` may join group `k` with `members` under every rule.
  func fits(_ unit: Int, _ k: Int, _ members: [CandidateID], cap: Int, added: Int) -> Bool {
    let u = units[unit]
    if u.blocked || added + u.members.count > cap { return false }
    if let tied = u.tiedTo, tied != k { return false }
    return rules.isValid(
      (members + u.members).compactMap { rules.index[$0] }, scheduledSlot: kept[k].scheduledSlot)
  }

  /// Chooses units from `available` for each group, adding at most `caps[k]` people, only
  /// where the group then reaches `size.min`; placement first, then readiness, then value.
  func fill(members: [[CandidateID]], caps: [Int], available: Set<Int>) -> Outcome {
    let order = available.sorted()
    var options: [[Option]] = []
    var total = 0
    var visited = 0
    for k in members.indices {
      var list = [score(members[k], units: [])]
      let cap = max(0, caps[k])
      if cap > 0 {
        let eligible = order.filter { fits($0, k, members[k], cap: cap, added: 0) }
        var chosen: [Int] = []
        var overflow = false
        func extend(from start: Int, group: [CandidateID], added: Int) {
          for position in start..<eligible.count {
            visited += 1
            // The walk is bounded too: below-minimum prefixes are visited but not recorded.
            if visited > 10 * Refill.enumerationLimit { overflow = true }
            if overflow { return }
            let u = eligible[position]
            guard fits(u, k, group, cap: cap, added: added) else { continue }
            chosen.append(u)
            let grown = group + units[u].members
            if grown.count >= config.size.min {
              list.append(score(grown, units: chosen))
              total += 1
              if total > Refill.enumerationLimit { overflow = true }
            }
            extend(from: position + 1, group: grown, added: added + units[u].members.count)
            chosen.removeLast()
          }
        }
        extend(from: 0, group: members[k], added: 0)
        if overflow { return greedy(members: members, caps: caps, order: order) }
      }
      options.append(list)
    }
    if let packed = pack(options) { return Outcome(assignment: packed, exact: true) }
    return greedy(members: members, caps: caps, order: order)
  }

  /// Exact packing of one option per group with GLPK: the most people, then (for top-ups)
  /// the highest readiness among those, then the best objective among those.
  func pack(_ options: [[Option]]) -> [[Int]]? {
    func build() -> (Model, [[Variable]]) {
      var m = Model(name: "refill")
      var vars: [[Variable]] = []
      var uses: [Int: LinearExpression] = [:]
      for list in options {
        let x = m.addVariables(list.count, kind: .binary)
        m.addConstraint(.equal(LinearExpression.sum(x), 1))
        for (o, option) in list.enumerated() {
          for u in option.units { uses[u, default: LinearExpression()].add(x[o]) }
        }
        vars.append(x)
      }
      for u in uses.keys.sorted() { if let row = uses[u] { m.addConstraint(row <= 1) } }
      return (m, vars)
    }
    func expression(_ vars: [[Variable]], _ weight: (Option) -> Double) -> LinearExpression {
      LinearExpression(
        terms: options.indices.flatMap { k in
          options[k].indices.map { (vars[k][$0], weight(options[k][$0])) }
        })
    }
    var (model, vars) = build()
    let people = expression(vars) { Double($0.people) }
    model.maximize(people)
    let exact = SolveOptions(relativeGap: 0, deadline: deadline)
    guard let most = try? model.solve(exact), most.status == .optimal,
      let count = most.objective
    else { return nil }
    model.addConstraint(people >= count.rounded() - 0.5)
    if byReadiness {
      let priority = expression(vars) { $0.priority }
      model.maximize(priority)
      guard let ranked = try? model.solve(exact),
        ranked.status == .optimal, let best = ranked.objective
      else { return nil }
      model.addConstraint(priority >= best - 1e-7)
    }
    model.maximize(expression(vars) { $0.value })
    guard let final = try? model.solve(exact), final.status == .optimal
    else { return nil }
    return options.indices.map { k in
      options[k].indices.first { final.isSet(vars[k][$0]) }.map { options[k][$0].units } ?? []
    }
  }

  /// Greedy fill per group (best readiness first for top-ups, then the best value), kept only
  /// when the group reaches `size.min`, then swaps of a filler for an outsider that raise
  /// readiness or value; deterministic.
  func greedy(members: [[CandidateID]], caps: [Int], order: [Int]) -> Outcome {
    var taken = Set<Int>()
    var assignment = [[Int]](repeating: [], count: members.count)
    for k in members.indices {
      var group = members[k]
      var chosen: [Int] = []
      var added = 0
      while true {
        var best: (Int, Option)? = nil
        for u in order where !taken.contains(u) && !chosen.contains(u) {
          guard fits(u, k, group, cap: max(0, caps[k]), added: added) else { continue }
          let option = score(group + units[u].members, units: chosen + [u])
          if let b = best?.1,
            (b.people, b.priority, b.value) >= (option.people, option.priority, option.value)
          {
            continue
          }
          best = (u, option)
        }
        guard let (u, _) = best else { break }
        chosen.append(u)
        group += units[u].members
        added += units[u].members.count
      }
      guard group.count >= config.size.min, !chosen.isEmpty else { continue }
      // Swaps: replace one filler by an outsider of the same size when that ranks higher.
      var improved = true
      var rounds = 0
      while improved && rounds < 50 {
        improved = false
        rounds += 1
        let current = score(group, units: chosen)
        search: for (position, f) in chosen.enumerated() {
          let without = chosen.enumerated().filter { $0.offset != position }.flatMap {
            units[$0.element].members
          }
          for u in order
          where !taken.contains(u) && !chosen.contains(u)
            && units[u].members.count == units[f].members.count
          {
            let trial = members[k] + without
            guard fits(u, k, trial, cap: max(0, caps[k]), added: without.count) else { continue }
            var next = chosen
            next[position] = u
            let option = score(trial + units[u].members, units: next)
            let better =
              option.priority > current.priority + 1e-12
              || (option.priority > current.priority - 1e-12 && option.value > current.value + 1e-9)
            if better {
              chosen = next
              group = trial + units[u].members
              improved = true
              break search
            }
          }
        }
      }
      taken.formUnion(chosen)
      assignment[k] = chosen
    }
    return Outcome(assignment: assignment, exact: false)
  }
}
