import Grouping
import Intake
import Pipeline
import Testing

@Suite("Diagnosis: what each rule costs")
struct DiagnosisTests {
  /// Directors and managers of different organisations who share a slot and a language.
  func batch(directors: Int, managers: Int) -> [Candidate] {
    (0..<(directors + managers)).map { k in
      let director = k < directors
      return Candidate(
        id: CandidateID("p\(k + 1)"), name: "Person \(k + 1)", organization: "Org\(k)",
        sector: ["Zorg", "Onderwijs", "ICT"][k % 3], level: director ? 4 : 3,
        levelName: director ? "director" : "manager", yearsExperience: Double(10 + k),
        availability: SlotSet([Slot(.tue, .pm)]), line: k + 2)
    }
  }

  @Test func aBindingLevelGapIsNamedAndItsGainHolds() throws {
    let people = batch(directors: 3, managers: 3)
    let problem = GroupingProblem(
      candidates: people, participants: Set(people.map(\.id)), config: GroupsConfig())
    let result = GroupFormation.solve(problem)
    #expect(result.groups.isEmpty)
    let diagnosis = Diagnosis.run(
      problem: problem, result: result, iterations: 50, timeLimitPerWhatIf: 10)
    let gap = try #require(diagnosis.first { $0.set == "groups.hierarchy.max_level_gap=1" })
    #expect(gap.kind == "config")
    #expect(gap.placesMore >= 3, "at least the three directors")
    // Applying the relaxation really places that many more.
    var relaxed = problem
    relaxed.config.hierarchy.maxLevelGap = 1
    let again = GroupFormation.solve(relaxed)
    #expect(again.groups.reduce(0) { $0 + $1.members.count } >= gap.placesMore)
  }

  @Test func safetyRulesAreNeverSuggested() {
    var people = batch(directors: 0, managers: 6)
    // Everyone avoids the next person, and p2 reports to p1: the safety rules bind.
    for k in people.indices { people[k].avoid = [CandidateID("p\((k + 1) % people.count + 1)")] }
    people[1].managerID = "p1"
    var config = GroupsConfig()
    config.keepApart = [["p3", "p5"]]
    let problem = GroupingProblem(
      candidates: people, participants: Set(people.map(\.id)), config: config)
    let result = GroupFormation.solve(problem)
    let diagnosis = Diagnosis.run(
      problem: problem, result: result, iterations: 50, timeLimitPerWhatIf: 10)
    for d in diagnosis {
      let set = d.set ?? ""
      #expect(
        !set.contains("avoid") && !set.contains("keep_apart") && !set.contains("reporting"),
        "\(set)")
      #expect(d.placesMore > 0)
    }
  }

  @Test func nothingToDiagnoseWhenEveryoneIsPlaced() {
    let people = batch(directors: 6, managers: 0)
    let problem = GroupingProblem(
      candidates: people, participants: Set(people.map(\.id)), config: GroupsConfig())
    let result = GroupFormation.solve(problem)
    #expect(result.groups.count == 1)
    #expect(
      Diagnosis.run(problem: problem, result: result, iterations: 50, timeLimitPerWhatIf: 10)
        .isEmpty)
  }
}
