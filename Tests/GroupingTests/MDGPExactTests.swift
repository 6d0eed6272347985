import Testing

@testable import Grouping

@Suite struct MDGPExactTests {
  static let all: [String] = ["RanReal", "RanInt", "Geo"].flatMap { family in
    ["n010", "n012"].flatMap { size in
      ["ss", "ds"].flatMap { kind in
        (1...5).map { "\(family)_\(size)_\(kind)_0\($0)" }
      }
    }
  }

  /// All 60 instances in a release build (`swift test -c release`).
  ///
  /// A debug build skips the
  /// n = 12 `ds` instances 02–05, whose brute force (millions of labelled assignments, since
  /// groups with different bounds are not interchangeable) takes most of a minute there.
  static let small: [String] = {
    #if DEBUG
      return all.filter { !($0.contains("n012_ds") && !$0.hasSuffix("_01")) }
    #else
      return all
    #endif
  }()

  /// Every n = 10 and 12 instance (see `small`): GLPK's proven optimum equals the brute-force optimum,
  /// and the search finds it too.
  @Test(.enabled(if: MDGPLib.isAvailable), arguments: small)
  func exactAgreesWithBruteForce(_ name: String) throws {
    let instance = try MDGPLib.load(name)
    let problem = instance.problem
    let brute = bruteForceOptimum(problem)
    let solution = try MDGPSolver.solve(instance)
    #expect(solution.method == .exact)
    #expect(solution.provenOptimal)
    #expect(abs(solution.objective - brute.objective) <= 1e-6 * max(1, abs(brute.objective)))
    var assignment = [Int](repeating: -1, count: problem.itemCount)
    for (g, members) in solution.groups.enumerated() {
      for i in members { assignment[i] = g }
    }
    #expect(problem.isFeasible(assignment))
    let searched = try GroupingSearch.run(problem, options: SearchOptions(iterations: 200))
    #expect(abs(searched.objective - brute.objective) <= 1e-6 * max(1, abs(brute.objective)))
  }

  @Test func exactRespectsForbiddenPairs() throws {
    for seed in UInt64(0)..<4 {
      let problem = try randomProblem(seed: seed, items: 10, groups: 3, forbidden: 6)
      let brute = bruteForceOptimum(problem)
      let exact = ExactGrouping.solve(problem)
      if brute.objective == -.infinity {
        #expect(exact == nil)
      } else {
        let result = try #require(exact)
        #expect(result.proven)
        #expect(problem.isFeasible(result.assignment))
        #expect(abs(result.objective - brute.objective) < 1e-6)
      }
    }
  }

  @Test func jsonHasSortedKeysAndSortedGroups() {
    let solution = MDGPSolver.Solution(
      groups: [[3, 1], [0, 2]].map { $0.sorted() }, objective: 12.5, provenOptimal: true,
      method: .exact, iterations: 0, seconds: 0)
    #expect(solution.json == #"{"groups":[[0,2],[1,3]],"objective":12.5}"#)
  }
}
