import Grouping
import Intake
import Testing

@Suite("Reasons for unplaced candidates hold up")
struct ReasonTests {
  static let config = GroupsConfig(size: .init(min: 3, max: 5, target: 4))

  /// Whether two people could share some group, checked with the independent rule checker.
  func pairCompatible(_ a: Candidate, _ b: Candidate, checker: RuleChecker) -> Bool {
    var relaxed = checker.config
    relaxed.size = .init(min: 1, max: 100, target: 2)
    relaxed.keepTogether = []
    let pairChecker = RuleChecker(
      candidates: checker.candidates, config: relaxed, participants: checker.participants)
    return pairChecker.violations([[a.id, b.id]]).isEmpty
  }

  @Test(arguments: [UInt64(11), 12, 13, 14, 15, 16, 17, 18])
  func evidenceMatchesAnIndependentRecount(seed: UInt64) throws {
    let candidates = RandomBatch.make(seed: seed, people: 60, organizations: 8, levels: 4, slots: 6)
    let ids = Set(candidates.map(\.id))
    let problem = GroupingProblem(candidates: candidates, participants: ids, config: Self.config)
    let result = GroupFormation.solve(problem, options: FormationOptions(iterations: 50))
    let checker = RuleChecker(candidates: candidates, config: Self.config, participants: ids)
    #expect(checker.violations(result.groups.map(\.members)).isEmpty)
    let byID = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, $0) })
    for u in result.unplaced {
      let person = try #require(byID[u.id])
      let peers = candidates.filter {
        $0.id != u.id && pairCompatible(person, $0, checker: checker)
      }
      switch u.code {
      case .noCompatiblePeers:
        // Peeling can only lower the count, so the independent count bounds it from above.
        guard case .int(let reported)? = u.evidence["compatible_peers"] else {
          Issue.record("no compatible_peers evidence for \(u.id)")
          continue
        }
        #expect(reported <= peers.count)
        #expect(reported + 1 < Self.config.size.min)
      case .noSharedSlot:
        // At every slot of theirs, too few compatible peers are available with them.
        for slot in person.availability.slots {
          let there = peers.filter { $0.availability.contains(slot) }.count
          #expect(there + 1 < Self.config.size.min || peers.count + 1 >= Self.config.size.min)
        }
      case .excludedByOptimum, .notPlacedBySearch:
        #expect(peers.count + 1 >= Self.config.size.min)
      default:
        Issue.record("unexpected code \(u.code) for \(u.id)")
      }
      #expect(!u.evidence.isEmpty)
    }
  }

  @Test(arguments: [UInt64(21), 22, 23, 24, 25, 26, 27, 28, 29, 30])
  func excludedByOptimumAgreesWithBruteForce(seed: UInt64) throws {
    let candidates = RandomBatch.make(seed: seed, people: 8, organizations: 8, levels: 1, slots: 2)
    let ids = Set(candidates.map(\.id))
    let problem = GroupingProblem(candidates: candidates, participants: ids, config: Self.config)
    let result = GroupFormation.solve(problem)
    let checker = RuleChecker(candidates: candidates, config: Self.config, participants: ids)
    let brute = BruteForce(candidates: candidates, checker: checker)
    let best = brute.best()
    #expect(result.status == .optimal)
    #expect(result.groups.reduce(0) { $0 + $1.members.count } == best.people)
    for u in result.unplaced where u.code == .excludedByOptimum {
      let index = try #require(candidates.firstIndex { $0.id == u.id })
      let forced = brute.most(including: index)
      // The evidence counts within their component; components are independent, so the
      // loss from forcing them in is the same over the whole batch.
      guard case .int(let most)? = u.evidence["max_placed"] else {
        Issue.record("no max_placed for \(u.id)")
        continue
      }
      switch (u.evidence["max_placed_with_them"], forced) {
      case (.int(let with)?, let f?): #expect(best.people - (most - with) == f)
      case (.null?, nil): break
      default:
        Issue.record(
          "evidence \(u.evidence) disagrees with brute force \(String(describing: forced))")
      }
      #expect((forced ?? -1) <= best.people)
    }
  }

  @Test func keepTogetherAndMetBeforeAreHonoured() {
    let candidates = RandomBatch.make(seed: 99, people: 40, organizations: 20, levels: 1, slots: 2)
    var config = Self.config
    config.keepTogether = [[candidates[0].id, candidates[1].id, candidates[2].id]]
    config.history.metBefore = .avoid
    let met = [(candidates[3].id, candidates[4].id), (candidates[5].id, candidates[6].id)]
    let ids = Set(candidates.map(\.id))
    let result = GroupFormation.solve(
      GroupingProblem(candidates: candidates, participants: ids, metBefore: met, config: config))
    let checker = RuleChecker(candidates: candidates, config: config, participants: ids)
    #expect(checker.violations(result.groups.map(\.members)).isEmpty)
    for group in result.groups {
      let set = Set(group.members)
      for (a, b) in met { #expect(!(set.contains(a) && set.contains(b))) }
    }
  }

  @Test func searchNeverBeatsTheProvenOptimum() {
    for seed in UInt64(40)..<UInt64(46) {
      let candidates = RandomBatch.make(
        seed: seed, people: 14, organizations: 14, levels: 1, slots: 2)
      let ids = Set(candidates.map(\.id))
      let problem = GroupingProblem(candidates: candidates, participants: ids, config: Self.config)
      let exact = GroupFormation.solve(problem)
      let search = GroupFormation.solve(
        problem,
        options: FormationOptions(
          iterations: 200, exactComponents: false, recombination: false, dynamicProgramming: false))
      #expect(exact.status == .optimal)
      #expect(search.status == .feasible)
      let placedExact = exact.groups.reduce(0) { $0 + $1.members.count }
      let placedSearch = search.groups.reduce(0) { $0 + $1.members.count }
      #expect(placedSearch <= placedExact)
      if placedSearch == placedExact { #expect(search.objective <= exact.objective + 1e-9) }
    }
  }
}

extension BruteForce {
  /// The most people placeable when candidate `index` must be placed; nil if impossible.
  func most(including index: Int) -> Int? {
    let n = candidates.count
    var valid: [[Int]] = []
    for mask in 1..<(1 << n) {
      let members = (0..<n).filter { mask & (1 << $0) != 0 }
      if checker.violations([members.map { candidates[$0].id }]).isEmpty { valid.append(members) }
    }
    var best: Int? = nil
    func search(_ start: Int, _ used: Int, _ people: Int) {
      if used & (1 << index) != 0 { best = max(best ?? 0, people) }
      for k in start..<valid.count {
        let bits = valid[k].reduce(0) { $0 | (1 << $1) }
        if used & bits == 0 { search(k + 1, used | bits, people + valid[k].count) }
      }
    }
    search(0, 0, 0)
    return best
  }
}
