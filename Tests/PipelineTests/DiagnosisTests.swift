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
      problem: problem, result: result, iterations: 50, timeLimitPerWhatIf: 10
    ).found
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
      problem: problem, result: result, iterations: 50, timeLimitPerWhatIf: 10
    ).found
    for d in diagnosis {
      let set = d.set ?? ""
      #expect(
        !set.contains("avoid") && !set.contains("keep_apart") && !set.contains("reporting"),
        "\(set)")
      #expect(d.placesMore > 0)
    }
  }

  @Test func peopleWithoutASharedSlotGetACandidatesProposal() throws {
    // Six compatible people whose availability overlaps only in pairs: no slot gathers five.
    let slots: [[Slot]] = [
      [Slot(.mon, .am), Slot(.tue, .pm)], [Slot(.mon, .am), Slot(.wed, .eve)],
      [Slot(.tue, .pm), Slot(.wed, .eve)], [Slot(.mon, .am), Slot(.thu, .pm)],
      [Slot(.tue, .pm), Slot(.thu, .pm)], [Slot(.wed, .eve), Slot(.thu, .pm)],
    ]
    var people = batch(directors: 0, managers: 6)
    for k in people.indices { people[k].availability = SlotSet(slots[k]) }
    let problem = GroupingProblem(
      candidates: people, participants: Set(people.map(\.id)), config: GroupsConfig())
    let result = GroupFormation.solve(problem)
    #expect(result.groups.isEmpty)
    #expect(result.unplaced.contains { $0.code == .noSharedSlot })
    let diagnosis = Diagnosis.run(
      problem: problem, result: result, iterations: 50, timeLimitPerWhatIf: 10
    ).found
    let proposal = try #require(diagnosis.first { $0.kind == "candidates" })
    let ids = try #require(proposal.ids)
    #expect(ids.count >= 5)
    #expect(proposal.placesMore >= 5)
    // Giving them the named slot really lets that group form.
    #expect(proposal.code == "common-slots")
    let slot = try #require(proposal.slot.flatMap { Slot(token: $0) })
    var relaxed = problem
    for k in relaxed.candidates.indices where ids.contains(relaxed.candidates[k].id.rawValue) {
      relaxed.candidates[k].availability.insert(slot)
    }
    #expect(
      GroupFormation.solve(relaxed).groups.reduce(0) { $0 + $1.members.count }
        >= proposal.placesMore)
  }

  @Test func nothingToDiagnoseWhenEveryoneIsPlaced() {
    let people = batch(directors: 6, managers: 0)
    let problem = GroupingProblem(
      candidates: people, participants: Set(people.map(\.id)), config: GroupsConfig())
    let result = GroupFormation.solve(problem)
    #expect(result.groups.count == 1)
    #expect(
      Diagnosis.run(problem: problem, result: result, iterations: 50, timeLimitPerWhatIf: 10).found
        .isEmpty)
  }
}

extension Slot {
  /// Every slot token, for matching messages in tests.
  static var allTokens: [String] { (0..<21).compactMap { Slot(index: $0)?.token } }
}
