import Intake
import PropertyBased
import Testing

@testable import Grouping

/// The engine's incremental state against a recomputation from scratch that shares no code
/// with it: every move, swap, insertion, removal and undo keeps people, priority and value
/// equal to what the assignment alone implies, and every gain predicts the change it causes.
@Suite struct EngineStateTests {
  /// A random problem of multi-person units: the DESIGN.md objective (with history penalty)
  /// and a free number of groups, or the plain pair sum with a fixed number.
  static func randomProblem(seed: UInt64, units n: Int, fixed: Bool) -> PartitionProblem {
    var rng = SeededRandom(seed: seed)
    let sizes = (0..<n).map { _ in fixed ? 1 : 1 + (rng.below(5) == 0 ? 1 : 0) }
    var cross = [Double](repeating: 0, count: n * n)
    var met = [Double](repeating: 0, count: n * n)
    for a in 0..<n {
      for b in (a + 1)..<n {
        let w = Double(rng.below(1_000)) / 100 - (fixed ? 2 : 0)
        cross[a * n + b] = w
        cross[b * n + a] = w
        let m = rng.below(6) == 0 ? 1.0 : 0
        met[a * n + b] = m
        met[b * n + a] = m
      }
    }
    let inside = sizes.map { $0 > 1 ? Double(rng.below(500)) / 100 : 0 }
    let priority = (0..<n).map { _ in Double(rng.below(3)) }
    if fixed {
      let m = max(2, n / 5)
      let lower = (0..<m).map { g in max(1, n / m + (g < n % m ? 1 : 0) - 1) }
      let upper = (0..<m).map { g in n / m + (g < n % m ? 1 : 0) + 1 }
      return PartitionProblem(
        globalUnits: Array(0..<n), sizes: sizes, priority: priority,
        internalDiversity: inside, cross: cross, scoring: .pairSum,
        groups: .fixed(lower: lower, upper: upper))
    }
    var config = GroupsConfig(size: .init(min: 3, max: 6, target: 5))
    config.sizePenalty = 0.7
    config.history = .init(metBefore: .penalize, penalty: 1.5)
    return PartitionProblem(
      globalUnits: Array(0..<n), sizes: sizes, priority: priority, internalDiversity: inside,
      cross: cross, metBefore: met, scoring: .objective(Objective(config)),
      groups: .free(min: 3, max: 6, target: 5))
  }

  /// People, priority and value of an assignment, computed from the problem's raw arrays.
  static func recompute(_ problem: PartitionProblem, _ assignment: [Int]) -> (
    people: Int, priority: Double, value: Double
  ) {
    let n = problem.count
    var people = 0
    var priority = 0.0
    var value = 0.0
    for g in Set(assignment) where g >= 0 {
      let members = (0..<n).filter { assignment[$0] == g }
      var sum = 0.0
      var met = 0.0
      var size = 0
      for (k, a) in members.enumerated() {
        size += problem.sizes[a]
        priority += problem.priority[a]
        sum += problem.internalDiversity[a]
        for b in members[..<k] {
          sum += problem.cross[a * n + b]
          met += problem.metBefore?[a * n + b] ?? 0
        }
      }
      people += size
      switch problem.scoring {
      case .pairSum:
        value += sum
      case .objective:
        // DESIGN.md: D(g) = Σ d / (|g| − 1), minus 0.7 per person off the target of 5, minus
        // 1.5 per pair who met before.
        value += (size > 1 ? sum / Double(size - 1) : 0) - 0.7 * Double(abs(size - 5)) - 1.5 * met
      }
    }
    return (people, priority, value)
  }

  static func expectConsistent(_ search: PartitionSearch, _ problem: PartitionProblem) {
    let truth = recompute(problem, search.assignment)
    #expect(search.placedPeople == truth.people)
    #expect(abs(search.placedPriority - truth.priority) < 1e-6)
    #expect(abs(search.totalValue - truth.value) < 1e-6 * max(1, abs(truth.value)))
  }

  @Test(arguments: [false, true])
  func everyChangeAndItsGainAgreeWithRecomputation(fixed: Bool) async {
    await propertyCheck(count: 30, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 6...40)) {
      seed, n in
      let problem = Self.randomProblem(seed: seed, units: n, fixed: fixed)
      let search = PartitionSearch(problem: problem, seed: seed)
      var rng = SeededRandom(seed: seed ^ 0x5EED)
      let groups = search.groupCount
      for _ in 0..<200 {
        let u = rng.below(n)
        let before = search.totalValue
        let a = search.assign[u]
        switch rng.below(4) {
        case 0 where a < 0:
          let g = rng.below(groups)
          guard search.memberCount[g] < search.capacity else { continue }
          let predicted = search.insertGain(u, into: g)
          search.add(u, to: g)
          #expect(abs(search.totalValue - before - predicted) < 1e-6)
        case 1 where a >= 0:
          search.remove(u)
        case 2 where a >= 0:
          let b = rng.below(groups)
          guard b != a, search.memberCount[b] < search.capacity else { continue }
          let predicted = search.moveGain(u, from: a, to: b)
          search.move(u, to: b)
          #expect(abs(search.totalValue - before - predicted) < 1e-6)
        case 3 where a >= 0:
          let v = rng.below(n)
          let b = search.assign[v]
          guard b >= 0, b != a else { continue }
          let predicted = search.swapGain(u, a, v, b)
          search.swap(u, v)
          #expect(abs(search.totalValue - before - predicted) < 1e-6)
        default:
          continue
        }
      }
      Self.expectConsistent(search, problem)

      // A journalled stretch of changes, then undone: back to the same state.
      let saved = search.assignment
      let mark = search.journal.count
      search.recording = true
      search.perturb(strength: 4, samples: 1)
      _ = search.localSearch(full: true)
      search.undo(to: mark)
      search.recording = false
      #expect(search.assignment == saved)
      Self.expectConsistent(search, problem)
    }
  }

  @Test func aLocalOptimumHasNoImprovingMoveOrSwap() {
    for seed in UInt64(0)..<6 {
      let problem = Self.randomProblem(seed: seed, units: 20, fixed: true)
      let search = PartitionSearch(problem: problem, seed: seed)
      #expect(search.construct())
      _ = search.localSearch(full: true)
      let assignment = search.assignment
      let base = Self.recompute(problem, assignment).value
      guard case .fixed(let lower, let upper) = problem.groups else { return }
      func feasible(_ next: [Int]) -> Bool {
        lower.indices.allSatisfy { g in
          let size = next.filter { $0 == g }.count
          return size >= lower[g] && size <= upper[g]
        }
      }
      for i in 0..<20 {
        for g in lower.indices where g != assignment[i] {
          var next = assignment
          next[i] = g
          if feasible(next) { #expect(Self.recompute(problem, next).value <= base + 1e-9) }
        }
        for j in (i + 1)..<20 where assignment[j] != assignment[i] {
          var next = assignment
          next.swapAt(i, j)
          #expect(Self.recompute(problem, next).value <= base + 1e-9)
        }
      }
    }
  }

  @Test func theSameSeedAndBudgetGiveTheSameGroups() {
    let problem = Self.randomProblem(seed: 17, units: 36, fixed: false)
    let far = ContinuousClock.now.advanced(by: .seconds(600))
    let settings = SearchSettings.defaults(for: problem, seed: 4, iterations: 150, deadline: far)
    let first = IteratedSearch.run(problem, settings: settings)
    let second = IteratedSearch.run(problem, settings: settings)
    #expect(first.solution.groups == second.solution.groups)
    #expect(first.solution.value == second.solution.value)
    #expect(first.iterations == 150)
    #expect(!first.stoppedByTime)
    for group in first.solution.groups {
      let people = group.reduce(0) { $0 + problem.sizes[$1] }
      #expect((3...6).contains(people))
    }
  }

  @Test func moreIterationsNeverEndWorse() {
    let problem = Self.randomProblem(seed: 8, units: 36, fixed: true)
    let far = ContinuousClock.now.advanced(by: .seconds(600))
    let short = IteratedSearch.run(
      problem, settings: .defaults(for: problem, seed: 2, iterations: 20, deadline: far))
    let long = IteratedSearch.run(
      problem, settings: .defaults(for: problem, seed: 2, iterations: 400, deadline: far))
    #expect(long.solution.value >= short.solution.value - 1e-9)
  }

  @Test func aPastDeadlineStopsTheSearchAndSaysSo() {
    let problem = Self.randomProblem(seed: 1, units: 30, fixed: true)
    let outcome = IteratedSearch.run(
      problem, settings: .defaults(for: problem, seed: 1, iterations: 1_000_000, deadline: .now))
    #expect(outcome.stoppedByTime)
    #expect(outcome.iterations < 1_000_000)
    #expect(!outcome.assignment.contains(-1))
  }
}
