import Intake
import PropertyBased
import Testing

@testable import Grouping

/// MDGP on the one engine: GLPK's exact set partitioning and the iterated search against
/// brute force, forbidden pairs as a hard rule, reproducibility.
@Suite struct MDGPSolverTests {
  static let all: [String] = ["RanReal", "RanInt", "Geo"].flatMap { family in
    ["n010", "n012"].flatMap { size in
      ["ss", "ds"].flatMap { kind in (1...5).map { "\(family)_\(size)_\(kind)_0\($0)" } }
    }
  }

  /// All 60 instances in a release build; a debug build skips the n = 12 `ds` instances
  /// 02–05, whose brute force (groups of different bounds are not interchangeable) takes
  /// most of a minute there.
  static let small: [String] = {
    #if DEBUG
      return all.filter { !($0.contains("n012_ds") && !$0.hasSuffix("_01")) }
    #else
      return all
    #endif
  }()

  static func assignment(_ groups: [[Int]], count: Int) -> [Int] {
    var assignment = [Int](repeating: -1, count: count)
    for (g, members) in groups.enumerated() { for i in members { assignment[i] = g } }
    return assignment
  }

  /// Every n = 10 and 12 instance: GLPK's proven optimum equals the brute-force optimum, and
  /// the search alone finds it too.
  @Test(.enabled(if: MDGPLib.isAvailable), arguments: small)
  func exactAndSearchAgreeWithBruteForce(_ name: String) throws {
    let instance = try MDGPLib.load(name)
    let problem = instance.problem
    let brute = bruteForceOptimum(problem)
    let tolerance = 1e-6 * max(1, abs(brute.objective))
    let exact = try MDGPSolver.solve(instance)
    #expect(exact.method == .exact)
    #expect(exact.provenOptimal)
    #expect(abs(exact.objective - brute.objective) <= tolerance)
    #expect(problem.isFeasible(Self.assignment(exact.groups, count: problem.itemCount)))
    let searched = try MDGPSolver.solve(
      instance, options: .init(seed: 1, iterations: 300, exactLimit: 0))
    #expect(searched.method == .search)
    #expect(abs(searched.objective - brute.objective) <= tolerance)
  }

  @Test func forbiddenPairsAreNeverTogetherAndTheOptimumIsFound() async {
    await propertyCheck(count: 12, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      let problem = try randomProblem(seed: seed, items: 10, groups: 3, forbidden: 6)
      let brute = bruteForceOptimum(problem)
      let engine = problem.partitionProblem
      let far = ContinuousClock.now.advanced(by: .seconds(600))
      let outcome = IteratedSearch.run(
        engine, settings: .defaults(for: engine, seed: seed, iterations: 300, deadline: far))
      if brute.objective == -.infinity {
        #expect(outcome.assignment.isEmpty || outcome.assignment.contains(-1))
        return
      }
      #expect(problem.isFeasible(outcome.assignment))
      #expect(abs(problem.objective(of: outcome.assignment) - brute.objective) < 1e-6)
      let pool = try #require(GroupPool.enumerate(engine, units: Array(0..<10), limit: 100_000))
      let exact = try #require(
        try SetPackingSolver(
          model: engine, pool: pool, units: Array(0..<10), timeLimit: 60, stopToken: nil
        )
        .partition())
      #expect(exact.proven)
      let exactAssignment = Self.assignment(exact.groups, count: 10)
      #expect(problem.isFeasible(exactAssignment))
      #expect(abs(problem.objective(of: exactAssignment) - brute.objective) < 1e-6)
    }
  }

  @Test func searchFindsTheOptimumOfSmallRandomProblems() throws {
    for seed in UInt64(20)..<26 {
      let problem = try randomProblem(seed: seed, items: 11, groups: 3, negative: seed % 2 == 0)
      let brute = bruteForceOptimum(problem)
      let engine = problem.partitionProblem
      let far = ContinuousClock.now.advanced(by: .seconds(600))
      let outcome = IteratedSearch.run(
        engine, settings: .defaults(for: engine, seed: seed, iterations: 300, deadline: far))
      #expect(abs(problem.objective(of: outcome.assignment) - brute.objective) < 1e-6)
    }
  }

  @Test func unsatisfiableForbiddenPairsAreAClearError() throws {
    // Three items pairwise forbidden cannot fit into two groups.
    let problem = try PairwiseGroupingProblem(
      itemCount: 4, lowerBounds: [2, 2], upperBounds: [2, 2],
      weights: [Double](repeating: 1, count: 16), forbiddenPairs: [(0, 1), (1, 2), (0, 2)])
    let instance = MDGPInstance(file: "impossible", kind: .sameSize, problem: problem)
    let error = #expect(throws: MDGPSolverError.self) {
      try MDGPSolver.solve(instance, options: .init(iterations: 10, exactLimit: 0))
    }
    #expect(error?.code == "mdgp-no-start")
  }

  @Test(.enabled(if: MDGPLib.isAvailable))
  func libraryInstanceIsReproducibleAndFeasible() throws {
    let instance = try MDGPLib.load("RanReal_n120_ds_01")
    let options = MDGPSolver.Options(seed: 3, iterations: 60)
    let first = try MDGPSolver.solve(instance, options: options)
    let second = try MDGPSolver.solve(instance, options: options)
    #expect(first.groups == second.groups)
    #expect(first.json == second.json)
    #expect(first.method == .search)
    #expect(!first.provenOptimal)
    #expect(first.iterations == 60)
    let assignment = Self.assignment(first.groups, count: 120)
    for members in first.groups { #expect(members == members.sorted()) }
    #expect(instance.problem.isFeasible(assignment))
    #expect(first.objective == instance.problem.objective(of: assignment))
  }

  @Test func jsonHasSortedKeysAndSortedGroups() {
    let solution = MDGPSolver.Solution(
      groups: [[1, 3], [0, 2]], objective: 12.5, provenOptimal: true, method: .exact,
      iterations: 0, seconds: 0)
    #expect(solution.json == #"{"groups":[[0,2],[1,3]],"objective":12.5}"#)
  }

  @Test func literatureTimesMatchTheReadme() {
    #expect(MDGPSolver.literatureSeconds(itemCount: 120) == 3)
    #expect(MDGPSolver.literatureSeconds(itemCount: 240) == 20)
    #expect(MDGPSolver.literatureSeconds(itemCount: 480) == 120)
    #expect(MDGPSolver.literatureSeconds(itemCount: 960) == 600)
    #expect(
      MDGPSolver.iterations(equivalentTo: 1, itemCount: 240)
        < MDGPSolver.iterations(equivalentTo: 1, itemCount: 120))
  }
}
