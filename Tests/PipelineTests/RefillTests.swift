import Grouping
import Intake
import Testing

/// An independent statement of DESIGN.md's hard rules for one group, written for the tests.
struct RuleChecker {
  var people: [CandidateID: Candidate]
  var config: GroupsConfig

  init(_ candidates: [Candidate], _ config: GroupsConfig) {
    people = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, $0) })
    self.config = config
  }

  /// Whether `a` is above `b` in `b`'s reporting chain.
  func manages(_ a: CandidateID, _ b: CandidateID) -> Bool {
    var current = people[b]?.managerID
    var steps = 0
    while let m = current, steps < people.count {
      if m == a { return true }
      current = people[m]?.managerID
      steps += 1
    }
    return false
  }

  /// The names of the rules the group breaks (empty when it keeps every rule).
  func broken(_ ids: [CandidateID], slot: Slot? = nil) -> Set<String> {
    var out = Set<String>()
    let group = ids.compactMap { people[$0] }
    if group.count > config.size.max { out.insert("size") }
    if config.match.contains("language"), let first = group.first,
      group.reduce(Set(first.languages), { $0.intersection($1.languages) }).isEmpty
    {
      out.insert("language")
    }
    for (k, a) in group.enumerated() {
      for b in group[(k + 1)...] {
        if config.match.contains("format"), a.format != .either, b.format != .either,
          a.format != b.format
        {
          out.insert("format")
        }
        if let gap = config.hierarchy.maxLevelGap, let x = a.level, let y = b.level,
          abs(x - y) > gap
        {
          out.insert("level")
        }
        if config.hierarchy.separateReportingLines && (manages(a.id, b.id) || manages(b.id, a.id)) {
          out.insert("reporting")
        }
        if a.avoid.contains(b.id) || b.avoid.contains(a.id) { out.insert("avoid") }
        if config.keepApart.contains(where: { $0.contains(a.id) && $0.contains(b.id) }) {
          out.insert("keep_apart")
        }
      }
    }
    for (attribute, limit) in config.separate {
      var count: [String: Int] = [:]
      for c in group {
        if let v = c.attribute(attribute) { count[v, default: 0] += 1 }
      }
      if count.values.contains(where: { $0 > limit }) { out.insert("separate") }
    }
    let common = group.reduce(SlotSet(mask: 0x1F_FFFF)) { $0.intersection($1.availability) }
    if common.count < config.minCommonSlots { out.insert("slots") }
    if let slot, group.contains(where: { !$0.availability.contains(slot) }) {
      out.insert("scheduled")
    }
    return out
  }
}

/// Builds one candidate for the refill scenarios.
func person(
  _ id: String, org: String? = nil, sector: String = "Zorg", years: Double = 5,
  language: String = "nl", level: Int = 1, manager: String? = nil, avoid: [String] = [],
  slots: [Slot] = [Slot(.tue, .pm)]
) -> Candidate {
  Candidate(
    id: CandidateID(id), name: "Person \(id)", organization: org ?? "Org-\(id)", sector: sector,
    level: level, levelName: "L\(level)", managerID: manager.map { CandidateID($0) },
    yearsExperience: years, language: language, availability: SlotSet(slots),
    avoid: avoid.map { CandidateID($0) })
}

@Suite("Refill: kept groups never move, vacancies filled under every rule")
struct RefillTests {
  let config = GroupsConfig(size: .init(min: 4, max: 6, target: 5))

  /// Two kept groups with vacancies and a pool where most newcomers break one rule.
  func scenario() -> (candidates: [Candidate], kept: [KeptGroup], pool: [CandidateID]) {
    let sectors = ["Zorg", "Onderwijs", "ICT", "Finance", "Retail"]
    var people: [Candidate] = []
    for k in 1...4 {
      people.append(person("a\(k)", sector: sectors[k % 5], years: Double(3 * k)))
    }
    for k in 1...3 {
      people.append(person("b\(k)", sector: sectors[k % 5], years: Double(4 * k), language: "en"))
    }
    people += [
      person("n1", org: "Org-a1", sector: "ICT", years: 20),  // separate: shares a1's organisation
      person("n2", sector: "Finance", years: 1, language: "en"),  // fits b only
      person("n3", sector: "Retail", years: 12, manager: "a2"),  // reports to a2
      person("n4", sector: "Zorg", years: 30, avoid: ["a3"]),  // avoids a3
      person("n5", sector: "Retail", years: 14),  // fits a
      person("n6", sector: "ICT", years: 9, slots: [Slot(.mon, .am)]),  // no shared slot
      person("n7", sector: "Onderwijs", years: 2, level: 4),  // level gap
      person("n8", sector: "ICT", years: 25, language: "en", slots: [Slot(.wed, .am)]),  // slot
    ]
    let kept = [
      KeptGroup(id: "G01", members: ["a1", "a2", "a3", "a4"]),
      KeptGroup(id: "G02", members: ["b1", "b2", "b3"], scheduledSlot: Slot(.tue, .pm)),
    ]
    let pool = (1...8).map { CandidateID("n\($0)") }
    return (people, kept, pool)
  }

  func solve(_ s: (candidates: [Candidate], kept: [KeptGroup], pool: [CandidateID]))
    -> RefillOutcome
  {
    let problem = GroupingProblem(
      candidates: s.candidates,
      participants: Set(s.pool + s.kept.flatMap(\.members)), config: config)
    return Refill.solve(
      RefillProblem(base: problem, kept: s.kept), options: FormationOptions(iterations: 50))
  }

  @Test func keptMembersNeverMoveAndEveryGroupKeepsTheRules() throws {
    let s = scenario()
    let outcome = solve(s)
    let checker = RuleChecker(s.candidates, config)
    for kept in s.kept {
      let group = try #require(outcome.result.groups.first { $0.id == kept.id })
      #expect(Set(kept.members).isSubset(of: Set(group.members)), "\(kept.id) lost a member")
      #expect(checker.broken(group.members, slot: kept.scheduledSlot).isEmpty, "\(group.members)")
    }
    for group in outcome.result.groups {
      #expect(checker.broken(group.members).isEmpty, "\(group.id): \(group.members)")
    }
    // Nobody is in two groups, and nobody kept is counted unplaced.
    let all = outcome.result.groups.flatMap(\.members)
    #expect(all.count == Set(all).count)
    #expect(outcome.result.unplaced.allSatisfy { !s.kept.flatMap(\.members).contains($0.id) })
  }

  @Test func vacanciesAreFilledWhereTheRulesAllowAndOnlyThere() throws {
    let s = scenario()
    let outcome = solve(s)
    let checker = RuleChecker(s.candidates, config)
    let g1 = try #require(outcome.result.groups.first { $0.id == "G01" })
    #expect(g1.members.contains("n5"), "n5 keeps every rule with G01")
    // Placement where the rules allow: no unplaced newcomer fits any kept group with room.
    let placed = Set(outcome.result.groups.flatMap(\.members))
    for id in s.pool where !placed.contains(id) {
      for kept in s.kept {
        guard let group = outcome.result.groups.first(where: { $0.id == kept.id }),
          group.members.count >= config.size.min
        else { continue }
        #expect(
          !checker.broken(group.members + [id], slot: kept.scheduledSlot).isEmpty,
          "\(id) could have joined \(kept.id)")
      }
    }
    // The refill record names exactly the added people.
    let added = Set(outcome.filled.flatMap(\.added))
    let grown = Set(
      outcome.result.groups.filter { g in s.kept.contains { $0.id == g.id } }.flatMap(\.members)
    )
    .subtracting(s.kept.flatMap(\.members))
    #expect(added == grown)
  }

  @Test func theScheduledSlotBindsFillers() throws {
    var s = scenario()
    // n2 fits G02 in every way but meets only on Wednesday; G02 meets on Tuesday afternoon.
    if let k = s.candidates.firstIndex(where: { $0.id == "n2" }) {
      s.candidates[k].availability = SlotSet([Slot(.wed, .am), Slot(.tue, .am)])
    }
    for k in s.candidates.indices where s.candidates[k].id.rawValue.hasPrefix("b") {
      s.candidates[k].availability = SlotSet([Slot(.tue, .pm), Slot(.wed, .am)])
    }
    let outcome = solve(s)
    let g2 = try #require(outcome.result.groups.first { $0.id == "G02" })
    #expect(!g2.members.contains("n2"))
    // Without the schedule the same person fills the group.
    s.kept[1].scheduledSlot = nil
    let free = solve(s)
    let g2free = try #require(free.result.groups.first { $0.id == "G02" })
    #expect(g2free.members.contains("n2"))
  }

  @Test func aGroupBelowItsMinimumIsReportedWithItsOptions() throws {
    var s = scenario()
    // G02 has three English speakers; with n2 gone to another level only n8 (at another
    // slot) could join.
    if let k = s.candidates.firstIndex(where: { $0.id == "n2" }) { s.candidates[k].level = 3 }
    for k in s.candidates.indices where s.candidates[k].id.rawValue.hasPrefix("b") {
      s.candidates[k].availability = SlotSet([Slot(.tue, .pm), Slot(.wed, .am)])
    }
    let outcome = solve(s)
    let g2 = try #require(outcome.result.groups.first { $0.id == "G02" })
    #expect(g2.members.count < config.size.min)
    #expect(Set(g2.members) == Set(s.kept[1].members), "a group that cannot reach min is unchanged")
    let report = try #require(outcome.belowMinimum.first { $0.group == "G02" })
    #expect(report.code == "below-minimum")
    #expect(report.size == 3 && report.min == 4)
    // n8 only lacks the scheduled slot: relaxing it fills the group.
    let fill = try #require(report.options.first { $0.relax == .scheduledSlot })
    #expect(fill.kind == .fill)
    #expect(fill.ids == ["n8"])
    // And n2, a level apart, fills it if the level gap were relaxed.
    let level = try #require(report.options.first { $0.relax == .levelGap })
    #expect(level.ids == ["n2"])
    #expect(fill.size >= config.size.min)
    #expect(
      report.options.allSatisfy { !($0.relax?.isSafety ?? false) })
  }

  @Test func aMergeOptionKeepsEveryRule() throws {
    var s = scenario()
    // Two kept pairs of a level nobody in the pool has: they cannot be filled, but merged.
    s.candidates += [
      person("c1", sector: "Finance", years: 40, level: 3), person("c2", sector: "ICT", level: 3),
      person("d1", sector: "Zorg", years: 20, level: 3), person("d2", sector: "Retail", level: 3),
    ]
    s.kept.append(KeptGroup(id: "G03", members: ["c1", "c2"]))
    s.kept.append(KeptGroup(id: "G04", members: ["d1", "d2"]))
    let outcome = solve(s)
    let report = try #require(outcome.belowMinimum.first { $0.group == "G03" })
    let checker = RuleChecker(s.candidates, config)
    let merges = report.options.filter { $0.kind == .merge }
    #expect(merges.first?.group == "G04")
    for merge in merges {
      let other = try #require(outcome.result.groups.first { $0.id == merge.group })
      #expect(checker.broken(other.members + ["c1", "c2"]).isEmpty)
      #expect(merge.size == other.members.count + 2)
    }
    // Every group that could merge under the rules is offered (up to three).
    let possible = outcome.result.groups.filter {
      $0.id != "G03" && checker.broken($0.members + ["c1", "c2"]).isEmpty
    }
    #expect(merges.count == min(3, possible.count))
  }

  @Test func newGroupsFormFromWhoeverRemainsUnderFreshIDs() throws {
    var s = scenario()
    // Six compatible newcomers who fit no kept group (another language) form a new group.
    let extra = (1...6).map {
      person(
        "f\($0)", sector: ["Zorg", "ICT", "Retail"][$0 % 3], years: Double($0 * 3), language: "de")
    }
    s.candidates += extra
    s.pool += extra.map(\.id)
    let problem = GroupingProblem(
      candidates: s.candidates, participants: Set(s.pool + s.kept.flatMap(\.members)),
      config: config)
    let outcome = Refill.solve(
      RefillProblem(base: problem, kept: s.kept, reservedIDs: ["G01", "G02", "G03"]),
      options: FormationOptions(iterations: 50))
    let fresh = outcome.result.groups.filter { !["G01", "G02"].contains($0.id) }
    #expect(!fresh.isEmpty)
    #expect(fresh.allSatisfy { $0.id != "G03" }, "a reserved id is never reused")
    #expect(Set(outcome.result.groups.map(\.id)).count == outcome.result.groups.count)
    #expect(fresh.flatMap(\.members).allSatisfy { $0.rawValue.hasPrefix("f") })
  }

  @Test func fillersMaximiseTheGroupsDiversity() throws {
    // One kept group with two vacancies, six newcomers who all fit: the pair that joins is
    // the one whose group is most diverse (checked by brute force over every pair).
    let keptPeople = (1...3).map { person("k\($0)", sector: "Zorg", years: Double($0)) }
    let pool = [
      person("p1", sector: "Zorg", years: 2), person("p2", sector: "ICT", years: 20),
      person("p3", sector: "Retail", years: 10), person("p4", sector: "Zorg", years: 14),
      person("p5", sector: "Finance", years: 30), person("p6", sector: "ICT", years: 5),
    ]
    let everyone = keptPeople + pool
    func d(_ a: Candidate, _ b: Candidate) -> Double {
      min(abs(a.yearsExperience - b.yearsExperience), 15) / 15 + (a.sector == b.sector ? 0 : 0.5)
    }
    func diversity(_ g: [Candidate]) -> Double {
      var sum = 0.0
      for i in g.indices { for j in g.indices where j > i { sum += d(g[i], g[j]) } }
      return sum / Double(g.count - 1)
    }
    var best: (Double, Set<CandidateID>) = (-1, [])
    for i in pool.indices {
      for j in pool.indices where j > i {
        let value = diversity(keptPeople + [pool[i], pool[j]])
        if value > best.0 { best = (value, [pool[i].id, pool[j].id]) }
      }
    }
    let problem = GroupingProblem(
      candidates: everyone, participants: Set(everyone.map(\.id)), config: config)
    let outcome = Refill.solve(
      RefillProblem(base: problem, kept: [KeptGroup(id: "G01", members: ["k1", "k2", "k3"])]),
      options: FormationOptions(iterations: 30))
    let fill = try #require(outcome.filled.first)
    #expect(Set(fill.added) == best.1)
    let g1 = try #require(outcome.result.groups.first { $0.id == "G01" })
    #expect(abs(g1.diversity - best.0) < 1e-9)
  }

  @Test func theRefillIsDeterministic() {
    let a = solve(scenario())
    let b = solve(scenario())
    #expect(a.result.groups == b.result.groups)
    #expect(a.result.unplaced == b.result.unplaced)
    #expect(a.belowMinimum == b.belowMinimum)
  }

  @Test(arguments: [false, true])
  func greedyAndExactFillsBothKeepTheRules(large: Bool) throws {
    // Enough interchangeable newcomers that the filler sets exceed the enumeration limit.
    let count = large ? 60 : 8
    var people = (1...3).map { person("k\($0)", sector: "Zorg", years: Double($0)) }
    let pool = (1...count).map {
      person(
        "p\($0)", sector: ["ICT", "Retail", "Finance", "Onderwijs"][$0 % 4], years: Double($0 % 25))
    }
    people += pool
    let kept = [KeptGroup(id: "G01", members: ["k1", "k2", "k3"])]
    let problem = GroupingProblem(
      candidates: people, participants: Set(people.map(\.id)),
      config: GroupsConfig(size: .init(min: 4, max: 6, target: 6)))
    let outcome = Refill.solve(
      RefillProblem(base: problem, kept: kept), options: FormationOptions(iterations: 30))
    #expect(outcome.fillMethod == (large ? "search" : "exact"))
    let g1 = try #require(outcome.result.groups.first { $0.id == "G01" })
    #expect(g1.members.count == 6)
    let checker = RuleChecker(people, problem.config)
    for g in outcome.result.groups { #expect(checker.broken(g.members).isEmpty) }
  }
}
