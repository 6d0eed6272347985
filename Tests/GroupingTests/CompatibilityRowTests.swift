import Foundation
import Intake
import PropertyBased
import Testing

@testable import Grouping

/// Batches in which every pairwise rule and every corner of the bulk rows bites: blanks in
/// every attribute, unknown and far-apart levels, more languages than the shared mask holds,
/// people with no slot or no language, manager chains, avoid lists, `keep_apart`,
/// `keep_together` and pairs who met before.
enum WildBatch {
  static func make(seed: UInt64, people: Int)
    -> (people: [Candidate], config: GroupsConfig, met: [(CandidateID, CandidateID)])
  {
    var r = SeededRandom(seed: seed)
    var list = MessyBatch.make(seed: seed, people: people)
    // More languages than the mask's 32 bits in some batches: languages then match by value.
    let languageCount = [2, 5, 40][r.below(3)]
    let levelSpan = [3, 40][r.below(2)]
    let density = 1 + r.below(3)
    for k in list.indices {
      var mask: UInt32 = 0
      for s in 0..<21 where r.below(6) < density { mask |= 1 << UInt32(s) }
      if r.below(12) == 0 { mask = 0 }
      list[k].availability = SlotSet(mask: mask)
      list[k].level = r.below(6) == 0 ? nil : r.below(levelSpan)
      list[k].language =
        r.below(15) == 0 ? "  " : MessyBatch.spell("Lang\(r.below(languageCount))", &r)
      list[k].otherLanguages =
        r.below(3) == 0 ? [MessyBatch.spell("lang\(r.below(languageCount))", &r)] : []
      list[k].region = r.below(4) == 0 ? nil : MessyBatch.spell(["Noord", "Zuid"][r.below(2)], &r)
      if k > 0 && r.below(5) == 0 { list[k].managerID = CandidateID("p\(1 + r.below(people))") }
      if r.below(6) == 0 { list[k].avoid.append(CandidateID("P\(1 + r.below(people))")) }
    }
    func someIDs(_ count: Int) -> [CandidateID] {
      (0..<count).map { _ in
        r.below(10) == 0 ? CandidateID("nobody") : CandidateID("p\(1 + r.below(people))")
      }
    }
    var config = GroupsConfig(size: .init(min: 3, max: 5, target: 4))
    let attributes = ["language", "format", "region", "team", "level", "sector"]
    config.match = attributes.filter { _ in r.below(3) == 0 }
    config.separate = [:]
    for attribute in ["organization", "department", "team", "region"] where r.below(2) == 0 {
      config.separate[attribute] = 1 + r.below(2)
    }
    config.hierarchy.maxLevelGap = [nil, 0, 1, 3][r.below(4)]
    config.hierarchy.separateReportingLines = r.below(4) != 0
    config.minCommonSlots = r.below(5)
    config.keepApart = (0..<r.below(4)).map { _ in someIDs(2 + r.below(3)) }
    config.keepTogether = (0..<r.below(5)).map { _ in someIDs(2 + r.below(2)) }
    config.history.metBefore = [.avoid, .penalize, .ignore][r.below(3)]
    let met = (0..<r.below(people)).map { _ in
      (CandidateID("p\(1 + r.below(people))"), CandidateID("P\(1 + r.below(people))"))
    }
    return (list, config, met)
  }
}

@Suite("Bulk compatibility rows")
struct CompatibilityRowTests {
  /// The bulk row of every person, over everyone and over a shuffled part of the batch,
  /// equals the scalar check for every pair (itself included).
  @Test(arguments: [9, 70, 150])
  func rowsEqualThePairCheck(people count: Int) async {
    await propertyCheck(count: 30, input: Gen.uint64(in: 1...1_000_000)) { seed in
      let (people, config, met) = WildBatch.make(seed: seed, people: count)
      let rules = RuleSet(candidates: people, config: config, metBefore: met)
      var r = SeededRandom(seed: seed ^ 0x5EED)
      var part = people.indices.filter { _ in r.below(3) != 0 }
      part.shuffle(using: &r)
      for list in [Array(people.indices), part] {
        let index = rules.compatibilityIndex(over: list)
        var row: [UInt64] = []
        for i in people.indices {
          rules.compatibleRow(of: i, in: index, into: &row)
          #expect(row.count == index.words)
          for (p, j) in list.enumerated() {
            let bit = row[p / 64] & (1 << UInt64(p % 64)) != 0
            #expect(bit == rules.compatible(i, j), "seed \(seed): \(i) and \(j)")
          }
          // No bit beyond the list.
          for p in list.count..<(index.words * 64) {
            #expect(row[p / 64] & (1 << UInt64(p % 64)) == 0, "seed \(seed)")
          }
        }
      }
      for i in people.indices {
        for j in people.indices where j > i {
          #expect(rules.compatible(i, j) == rules.compatible(j, i), "seed \(seed): \(i) \(j)")
        }
      }
    }
  }

  /// The compatibility graph built from rows equals the scalar definition of unit
  /// compatibility, with `keep_together` units of several people and without.
  @Test(arguments: [12, 90])
  func graphEqualsThePairCheck(people count: Int) async {
    await propertyCheck(count: 30, input: Gen.uint64(in: 1...1_000_000)) { seed in
      let (people, config, met) = WildBatch.make(seed: seed, people: count)
      var r = SeededRandom(seed: seed ^ 0xC0FFEE)
      let participants = Set(people.filter { _ in r.below(5) != 0 }.map(\.id))
      let problem = GroupingProblem(
        candidates: people, participants: participants, metBefore: met, config: config)
      let rules = problem.ruleSet()
      let graph = CompatibilityGraph(problem: problem, rules: rules)
      for (u, a) in graph.units.enumerated() {
        for (v, b) in graph.units.enumerated() {
          let expected =
            u != v && a.selfConflict == nil && b.selfConflict == nil
            && a.members.allSatisfy { i in b.members.allSatisfy { rules.compatible(i, $0) } }
            && SharedMask.satisfies(a.mask & b.mask, slots: config.minCommonSlots)
          #expect(graph.compatible(u, v) == expected, "seed \(seed): units \(u) \(v)")
        }
      }
    }
  }
}
