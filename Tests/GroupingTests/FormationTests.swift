import Grouping
import Intake
import PropertyBased
import Testing

@Suite("Group formation")
struct FormationTests {
  static let config = GroupsConfig(size: .init(min: 3, max: 5, target: 4))

  func run(
    _ candidates: [Candidate], config: GroupsConfig = config,
    options: FormationOptions = FormationOptions()
  )
    -> (GroupingResult, RuleChecker)
  {
    let ids = Set(candidates.map(\.id))
    let problem = GroupingProblem(candidates: candidates, participants: ids, config: config)
    let result = GroupFormation.solve(problem, options: options)
    return (result, RuleChecker(candidates: candidates, config: config, participants: ids))
  }

  @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
  func smallBatchesAreSolvedExactlyAndMatchBruteForce(seed: UInt64) throws {
    let candidates = RandomBatch.make(seed: seed, people: 9, organizations: 9, levels: 1, slots: 3)
    let (result, checker) = run(candidates)
    let groups = result.groups.map(\.members)
    #expect(checker.violations(groups).isEmpty, "\(checker.violations(groups))")
    #expect(result.status == .optimal)
    let brute = BruteForce(candidates: candidates, checker: checker).best()
    let placed = groups.reduce(0) { $0 + $1.count }
    #expect(placed == brute.people)
    #expect(abs(checker.objective(groups) - brute.value) < 1e-6 || placed == 0)
  }

  @Test func everyParticipantIsPlacedOrHasAReason() {
    let candidates = RandomBatch.make(seed: 42, people: 80, organizations: 12, levels: 3)
    let (result, checker) = run(candidates)
    let placed = Set(result.groups.flatMap(\.members))
    let reasons = Set(result.unplaced.map(\.id))
    #expect(placed.isDisjoint(with: reasons))
    #expect(placed.union(reasons) == Set(candidates.map(\.id)))
    #expect(checker.violations(result.groups.map(\.members)).isEmpty)
    #expect(abs(result.objective - checker.objective(result.groups.map(\.members))) < 1e-6)
  }

  @Test func sameSeedGivesTheSameGroups() {
    let candidates = RandomBatch.make(seed: 7, people: 120, organizations: 30, levels: 2)
    let options = FormationOptions(iterations: 30, exactUnitLimit: 0)
    let a = run(candidates, options: options).0
    let b = run(candidates, options: options).0
    #expect(a.groups == b.groups)
    #expect(a.objective == b.objective)
  }

  @Test func randomBatchesNeverBreakAHardRule() async {
    await propertyCheck(count: 15, input: Gen.int(in: 1...1_000_000)) { seed in
      let candidates = RandomBatch.make(
        seed: UInt64(seed), people: 30 + seed % 50, organizations: 10, levels: 3)
      var config = Self.config
      config.keepApart = [[candidates[0].id, candidates[1].id]]
      config.keepTogether = [[candidates[2].id, candidates[3].id]]
      config.separate = ["organization": 1 + seed % 2]
      let (result, checker) = run(
        candidates, config: config, options: FormationOptions(iterations: 20))
      let groups = result.groups.map(\.members)
      #expect(checker.violations(groups).isEmpty, "seed \(seed): \(checker.violations(groups))")
      #expect(abs(result.objective - checker.objective(groups)) < 1e-6)
      let placed = Set(groups.flatMap { $0 })
      #expect(placed.union(result.unplaced.map(\.id)) == Set(candidates.map(\.id)))
    }
  }
}

/// Exhaustive search over every packing of a tiny batch: the most people, then DESIGN.md's
/// placement tie-break (with equal readiness and no intake dates, earlier rows first), then
/// the best objective among packings that place those people.
struct BruteForce {
  let candidates: [Candidate]
  let checker: RuleChecker

  func best() -> (people: Int, value: Double) {
    let n = candidates.count
    var validGroups: [[Int]] = []
    for mask in 1..<(1 << n) {
      let members = (0..<n).filter { mask & (1 << $0) != 0 }
      if checker.violations([members.map { candidates[$0].id }]).isEmpty {
        validGroups.append(members)
      }
    }
    var bestPeople = 0
    var bestPriority = 0.0
    var bestValue = 0.0
    func search(_ start: Int, _ used: Int, _ chosen: [[Int]]) {
      let people = chosen.reduce(0) { $0 + $1.count }
      let priority = chosen.joined().reduce(0.0) { $0 + Double(n - $1) / Double(n + 1) }
      let value = checker.objective(chosen.map { $0.map { candidates[$0].id } })
      if people > bestPeople
        || (people == bestPeople && priority > bestPriority + 1e-9)
        || (people == bestPeople && abs(priority - bestPriority) <= 1e-9
          && value > bestValue + 1e-12)
      {
        bestPeople = people
        bestPriority = priority
        bestValue = value
      }
      for k in start..<validGroups.count {
        let g = validGroups[k]
        let bits = g.reduce(0) { $0 | (1 << $1) }
        if used & bits == 0 { search(k + 1, used | bits, chosen + [g]) }
      }
    }
    search(0, 0, [])
    return (bestPeople, bestValue)
  }
}
