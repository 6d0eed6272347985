import Foundation
import Intake
import PropertyBased
import Testing

@testable import Grouping

/// Batches typed as people type them: one organisation in several spellings, departments
/// that repeat across organisations, ids in other case in manager and avoid columns.
enum MessyBatch {
  /// Spellings of one value: other case, extra and odd white space, decomposed accents.
  static func spell(_ value: String, _ r: inout SeededRandom) -> String {
    switch r.below(7) {
    case 0: return value.uppercased()
    case 1: return value.lowercased() + " "
    case 2: return "  " + value.replacingOccurrences(of: " ", with: "  ")
    case 3: return value.replacingOccurrences(of: " ", with: "\u{00A0}")
    case 4: return value.decomposedStringWithCanonicalMapping
    case 5: return value.replacingOccurrences(of: " ", with: "\t")
    default: return value
    }
  }

  static func make(seed: UInt64, people: Int, slots: Int = 4) -> [Candidate] {
    var r = SeededRandom(seed: seed)
    let organizations = ["Gemeente Utrecht", "Zorggroep Noord", "Café de Zon", "Zoë Care", "GGZ"]
    let departments = ["HR", "ICT", "Financiën"]
    let sectors = ["Zorg", "Onderwijs", "ICT"]
    var result: [Candidate] = []
    for k in 0..<people {
      var mask: UInt32 = 0
      for s in 0..<slots where r.below(3) != 0 { mask |= 1 << UInt32(s * 3 % 21) }
      if mask == 0 { mask = 1 }
      let formats: [MeetingFormat] = [.online, .inPerson, .either, .either, .either]
      var c = Candidate(
        id: CandidateID("p\(k + 1)"), name: "Person \(k + 1)",
        organization: r.below(6) == 0
          ? nil : spell(organizations[r.below(organizations.count)], &r),
        department: r.below(3) == 0 ? nil : spell(departments[r.below(departments.count)], &r),
        sector: sectors[r.below(sectors.count)], level: r.below(3),
        yearsExperience: Double(r.below(25)),
        language: r.below(5) == 0 ? spell("EN", &r) : spell("nl", &r),
        format: formats[r.below(formats.count)], availability: SlotSet(mask: mask), line: k + 2,
        attributes: r.below(2) == 0 ? ["team": spell(["Noord", "Zuid"][r.below(2)], &r)] : [:])
      c.levelName = "L\(c.level ?? 0)"
      if k > 2 && r.below(4) == 0 { c.managerID = CandidateID("P\(1 + r.below(k))") }
      if k > 2 && r.below(8) == 0 { c.avoid = [CandidateID(" p\(1 + r.below(k))")] }
      result.append(c)
    }
    return result
  }

  /// A config in which every rule bites.
  static func config(_ r: inout SeededRandom, people: [Candidate]) -> GroupsConfig {
    var config = GroupsConfig(size: .init(min: 3, max: 5, target: 4))
    config.match = [["language", "format"], ["language"], ["format", "team"]][r.below(3)]
    config.separate =
      [
        ["organization": 1], ["organization": 2, "department": 1], ["department": 1, "team": 2],
      ][r.below(3)]
    config.hierarchy.maxLevelGap = [nil, 0, 1][r.below(3)]
    config.hierarchy.separateReportingLines = r.below(4) != 0
    config.minCommonSlots = r.below(3)
    config.keepApart = [[CandidateID("P1"), CandidateID("p2 ")]]
    config.diversify = [
      AttributeWeight("years_experience", 1), AttributeWeight("organization", 0.5),
    ]
    return config
  }
}

/// The independent pairwise rules of DESIGN.md, from the test's own normalisation.
struct PairOracle {
  let people: [Candidate]
  let config: GroupsConfig

  func key(_ id: CandidateID) -> String { TestKey.norm(id.rawValue) ?? "" }

  func chain(_ i: Int) -> Set<String> {
    let byKey = Dictionary(people.map { (key($0.id), $0) }, uniquingKeysWith: { a, _ in a })
    var seen: Set<String> = []
    var next = people[i].managerID.map(key)
    while let m = next, !seen.contains(m), m != key(people[i].id) {
      seen.insert(m)
      next = byKey[m]?.managerID.map(key)
    }
    return seen
  }

  /// Whether `i` and `j` may share a group under every pairwise rule.
  func allowed(_ i: Int, _ j: Int) -> Bool {
    let a = people[i]
    let b = people[j]
    for attribute in config.match {
      if attribute == "format" {
        if a.format != b.format && a.format != .either && b.format != .either { return false }
      } else if attribute == "language" {
        if TestKey.languages(of: a).isDisjoint(with: TestKey.languages(of: b)) { return false }
      } else if TestKey.value(attribute, of: a) != TestKey.value(attribute, of: b) {
        return false
      }
    }
    for (attribute, limit) in config.separate where limit < 2 {
      if let v = TestKey.value(attribute, of: a), v == TestKey.value(attribute, of: b) {
        return false
      }
    }
    if let gap = config.hierarchy.maxLevelGap, let x = a.level, let y = b.level, abs(x - y) > gap {
      return false
    }
    if config.hierarchy.separateReportingLines
      && (chain(i).contains(key(b.id)) || chain(j).contains(key(a.id)))
    {
      return false
    }
    if a.avoid.map(key).contains(key(b.id)) || b.avoid.map(key).contains(key(a.id)) {
      return false
    }
    for set in config.keepApart {
      let keys = Set(set.map(key))
      if keys.contains(key(a.id)) && keys.contains(key(b.id)) { return false }
    }
    return (a.availability.mask & b.availability.mask).nonzeroBitCount >= config.minCommonSlots
  }
}

@Suite("The one rule set")
struct RuleSetTests {
  @Test func messySpellingsAgreeWithTheIndependentRulesEverywhere() async {
    await propertyCheck(count: 40, input: Gen.int(in: 1...1_000_000)) { seed in
      var r = SeededRandom(seed: UInt64(seed))
      let people = MessyBatch.make(seed: UInt64(seed), people: 14 + seed % 10)
      let config = MessyBatch.config(&r, people: people)
      let rules = RuleSet(candidates: people, config: config)
      let oracle = PairOracle(people: people, config: config)
      let problem = GroupingProblem(
        candidates: people, participants: Set(people.map(\.id)), config: config)
      let graph = CompatibilityGraph(problem: problem, rules: rules)
      // Pairs: the rule set, the compiled graph and the independent rules agree.
      for i in people.indices {
        for j in people.indices where j > i {
          let expected = oracle.allowed(i, j)
          #expect(rules.compatible(i, j) == expected, "pair \(i) \(j), seed \(seed)")
          #expect(rules.pairViolations(i, j).isEmpty == expected, "pair \(i) \(j), seed \(seed)")
          let ui = graph.units.firstIndex { $0.members == [i] }
          let uj = graph.units.firstIndex { $0.members == [j] }
          if let ui, let uj, graph.units[ui].selfConflict == nil,
            graph.units[uj].selfConflict == nil
          {
            #expect(graph.compatible(ui, uj) == expected, "graph \(i) \(j), seed \(seed)")
          }
        }
      }
      // Groups: the named violations, the fast check, the component model and the
      // independent checker agree.
      let checker = RuleChecker(
        candidates: people, config: config, participants: Set(people.map(\.id)))
      let alive = graph.units.indices.filter { graph.units[$0].selfConflict == nil }
      let model = PartitionProblem(graph: graph, units: alive)
      for _ in 0..<60 {
        let size = 2 + r.below(5)
        var local: [Int] = []
        while local.count < min(size, alive.count) {
          let u = r.below(alive.count)
          if !local.contains(u) { local.append(u) }
        }
        let members = local.flatMap { graph.units[alive[$0]].members }
        let ids = members.map { people[$0].id }
        let independent = checker.violations([ids]).isEmpty
        #expect(rules.violations(of: members, checkMinimum: true).isEmpty == independent)
        #expect(rules.isValid(members, checkMinimum: true) == independent)
        #expect(model.isValidGroup(local) == independent, "seed \(seed), group \(ids)")
      }
    }
  }

  @Test func formedGroupsKeepEveryRuleOnMessyBatches() async {
    await propertyCheck(count: 12, input: Gen.int(in: 1...1_000_000)) { seed in
      var r = SeededRandom(seed: UInt64(seed))
      let people = MessyBatch.make(seed: UInt64(seed), people: 40 + seed % 60)
      let config = MessyBatch.config(&r, people: people)
      let ids = Set(people.map(\.id))
      let result = GroupFormation.solve(
        GroupingProblem(candidates: people, participants: ids, config: config),
        options: FormationOptions(iterations: 40))
      let checker = RuleChecker(candidates: people, config: config, participants: ids)
      let groups = result.groups.map(\.members)
      #expect(checker.violations(groups).isEmpty, "seed \(seed): \(checker.violations(groups))")
      #expect(abs(result.objective - checker.objective(groups)) < 1e-6)
    }
  }

  @Test func colleaguesTypedDifferentlyAreNeverTogether() {
    // The case that started it: two people of one organisation, typed two ways.
    var people: [Candidate] = []
    let spellings = ["Gemeente Utrecht", "gemeente utrecht ", "GEMEENTE  UTRECHT"]
    for k in 0..<9 {
      people.append(
        Candidate(
          id: CandidateID("c\(k)"), name: "P\(k)",
          organization: k < 3 ? spellings[k] : "Org \(k)", sector: "Zorg",
          yearsExperience: Double(k), availability: SlotSet([Slot(.tue, .pm)])))
    }
    let config = GroupsConfig(size: .init(min: 3, max: 3, target: 3))
    let result = GroupFormation.solve(
      GroupingProblem(candidates: people, participants: Set(people.map(\.id)), config: config))
    #expect(result.status == .optimal)
    for group in result.groups {
      #expect(group.members.filter { ["c0", "c1", "c2"].contains($0.rawValue) }.count <= 1)
    }
    #expect(result.groups.count == 3)
  }

  @Test func everyRuleHasOneCodeThatReadsBack() {
    let rules: [HardRule] = [
      .sizeMin, .sizeMax, .match("language"), .separate("organization"), .levelGap,
      .reportingLine, .avoid, .keepApart, .keepTogether, .metBefore, .commonSlots, .scheduledSlot,
    ]
    #expect(Set(rules.map(\.code)).count == rules.count)
    for rule in rules { #expect(HardRule(code: rule.code) == rule) }
    #expect(rules.filter(\.isSafety) == [.reportingLine, .avoid, .keepApart])
    #expect(HardRule(code: "shared-slot") == nil)
    #expect(HardRule.commonSlots.code == "common-slots")
  }

  @Test func safetyRulesAreNeverRelaxed() {
    var config = GroupsConfig()
    config.minCommonSlots = 2
    for rule in HardRule.enforced(by: config) {
      let relaxed = rule.relaxed(in: config)
      if rule.isSafety { #expect(relaxed == nil) }
    }
    #expect(HardRule.levelGap.relaxed(in: config)?.set == "groups.hierarchy.max_level_gap=1")
    #expect(HardRule.commonSlots.relaxed(in: config)?.set == "groups.min_common_slots=1")
  }
}
