import Foundation
import Grouping
import Intake
import Pipeline
import Reports
import Testing

private let sampleIntake = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Fixtures/sample-en.csv").path

@Suite("kring explain --candidate against an independent recomputation", .serialized)
struct ExplainCandidateTests {
  func plan(_ overrides: [String] = []) throws -> PlanDocument {
    try FormJob.run(
      FormRequest(
        intakePath: sampleIntake, overrides: overrides, iterations: 50, timeLimit: 5,
        diagnosis: false)
    ).plan
  }

  /// `d_ij` of DESIGN.md under the intervision preset: years 1.0, sector 0.5.
  func distance(_ a: PlanDocument.Person, _ b: PlanDocument.Person) -> Double {
    min(abs(a.yearsExperience - b.yearsExperience), 15) / 15 + (a.sector == b.sector ? 0 : 0.5)
  }

  /// `D(g) = Σ_{i<j} d_ij / (|g| − 1)`.
  func diversity(_ ids: [String], _ people: [String: PlanDocument.Person]) -> Double {
    let group = ids.compactMap { people[$0] }
    guard group.count > 1 else { return 0 }
    var sum = 0.0
    for i in group.indices {
      for j in group.indices where j > i { sum += distance(group[i], group[j]) }
    }
    return sum / Double(group.count - 1)
  }

  /// The plan's people as candidates, converted here rather than by the code under test.
  func candidates(_ plan: PlanDocument) -> [Candidate] {
    let levels = ["professional", "senior", "lead", "manager", "director"]
    return plan.people.map { p in
      Candidate(
        id: CandidateID(p.id), name: p.name, organization: p.organization, sector: p.sector,
        level: p.level.flatMap { levels.firstIndex(of: $0) },
        managerID: p.managerId.map { CandidateID($0) },
        yearsExperience: p.yearsExperience, language: p.language,
        format: MeetingFormat(rawValue: p.format) ?? .either,
        availability: SlotSet(p.availability.compactMap { Slot(token: $0) }),
        avoid: p.avoid.map { CandidateID($0) })
    }
  }

  /// The checker's names for the explanation's rule codes.
  let names: [String: String] = [
    "size-max": "size", "match-language": "language", "match-format": "format",
    "level-gap": "level", "reporting-line": "reporting", "avoid": "avoid",
    "keep-apart": "keep_apart", "separate-organization": "separate", "common-slots": "slots",
  ]

  @Test func everyMoveMatchesTheRulesAndTheObjective() throws {
    let plan = try plan()
    let people = Dictionary(uniqueKeysWithValues: plan.people.map { ($0.id, $0) })
    let checker = RuleChecker(candidates(plan), GroupsConfig())
    var feasibleSeen = 0
    var blockedSeen = 0
    for person in plan.people {
      let e = try PlanInspection.explain(candidate: person.id, in: plan, file: "plan.json")
      let home = plan.groups.first { $0.members.contains(person.id) }
      let rest = home?.members.filter { $0 != person.id } ?? []
      if let home {
        #expect(e.group == home.id)
        #expect(abs((e.diversityWith ?? -1) - diversity(home.members, people)) < 1e-9)
        #expect(abs((e.diversityWithout ?? -1) - diversity(rest, people)) < 1e-9)
        let mean =
          rest.reduce(0.0) { $0 + distance(person, people[$1] ?? person) }
          / Double(max(1, rest.count))
        #expect(abs((e.contribution ?? -1) - mean) < 1e-9)
      } else {
        #expect(e.code == plan.unplaced.first { $0.id == person.id }?.code)
      }
      #expect(e.moves.count == plan.groups.count - (home == nil ? 0 : 1))
      for move in e.moves {
        let target = try #require(plan.groups.first { $0.id == move.group })
        var deltaD =
          diversity(target.members + [person.id], people) - diversity(target.members, people)
        var deltaP = 0.2 * Double(abs(target.members.count + 1 - 6) - abs(target.members.count - 6))
        if let home {
          deltaD += diversity(rest, people) - diversity(home.members, people)
          deltaP += 0.2 * Double(abs(rest.count - 6) - abs(home.members.count - 6))
        }
        #expect(abs(move.deltaDiversity - deltaD) < 1e-9, "\(person.id) → \(move.group)")
        #expect(abs(move.deltaSizePenalty - deltaP) < 1e-9)
        #expect(abs(move.deltaObjective - (deltaD - deltaP)) < 1e-9)
        let broken = checker.broken(
          target.members.map { CandidateID($0) } + [CandidateID(person.id)])
        let sourceTooSmall = home != nil && rest.count < 5
        #expect(
          move.feasible == (broken.isEmpty && !sourceTooSmall), "\(person.id) → \(move.group)")
        #expect(
          Set(move.breaks.compactMap { names[$0.code] }) == broken, "\(person.id) → \(move.group)")
        #expect(move.breaks.contains { $0.code == "size-min" } == sourceTooSmall)
        if move.feasible { feasibleSeen += 1 } else { blockedSeen += 1 }
      }
      // The best move is the feasible one that costs least.
      let feasible = e.moves.filter(\.feasible)
      #expect(e.bestMove?.deltaObjective == feasible.map(\.deltaObjective).max())
      #expect(e.nearestBlocked.count == min(3, e.moves.count - feasible.count))
      if let worst = e.nearestBlocked.last {
        #expect(
          e.moves.filter { !$0.feasible }.allSatisfy {
            $0.breaks.count >= worst.breaks.count || e.nearestBlocked.contains($0)
          })
      }
    }
    #expect(feasibleSeen > 0 && blockedSeen > 0, "the sample exercises both kinds of move")
  }

  @Test func keepTogetherBindsEveryMove() throws {
    let plan = try plan(["groups.keep_together=[[c1, c6]]"])
    let group = try #require(plan.groups.first { $0.members.contains("c1") })
    #expect(group.members.contains("c6"))
    let e = try PlanInspection.explain(candidate: "c1", in: plan, file: "plan.json")
    #expect(e.bestMove == nil)
    #expect(e.moves.allSatisfy { $0.breaks.contains { $0.code == "keep-together" } })
    #expect(e.text().contains("No other group can take them under every rule."))
  }

  @Test func noSafetyRuleIsHiddenFromTheMoves() throws {
    // c3 avoids c8 and c15: any group holding them is blocked by avoid.
    let plan = try plan()
    let e = try PlanInspection.explain(candidate: "c3", in: plan, file: "plan.json")
    for move in e.moves {
      let target = try #require(plan.groups.first { $0.id == move.group })
      let avoided = target.members.contains("c8") || target.members.contains("c15")
      #expect(move.breaks.contains { $0.code == "avoid" } == avoided)
    }
    #expect(e.text().contains("unplaced: not-ready"))
  }
}
