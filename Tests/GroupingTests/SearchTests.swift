import Intake
import Testing

@testable import Grouping

@Suite struct SearchTests {
  @Test func sameSeedAndIterationsGiveTheSameResult() throws {
    let problem = try randomProblem(seed: 5, items: 40, groups: 5, negative: true)
    let options = SearchOptions(seed: 9, iterations: 300)
    let first = try GroupingSearch.run(problem, options: options)
    let second = try GroupingSearch.run(problem, options: options)
    #expect(first.assignment == second.assignment)
    #expect(first.objective == second.objective)
    #expect(first.iterations == 300)
    #expect(first.stoppedBy == .iterations)
    #expect(problem.isFeasible(first.assignment))
    #expect(first.objective == problem.objective(of: first.assignment))
  }

  @Test func resultsAreFeasibleForEverySeed() throws {
    for seed in UInt64(0)..<8 {
      let problem = try randomProblem(seed: seed, items: 30, groups: 4)
      let result = try GroupingSearch.run(
        problem, options: SearchOptions(seed: seed, iterations: 50))
      #expect(problem.isFeasible(result.assignment))
    }
  }

  @Test func moreIterationsNeverHurt() throws {
    let problem = try randomProblem(seed: 8, items: 36, groups: 4)
    let short = try GroupingSearch.run(problem, options: SearchOptions(seed: 2, iterations: 20))
    let long = try GroupingSearch.run(problem, options: SearchOptions(seed: 2, iterations: 400))
    #expect(long.objective >= short.objective)
  }

  @Test func timeLimitOnlyModeStopsByTime() throws {
    let problem = try randomProblem(seed: 1, items: 30, groups: 3)
    let result = try GroupingSearch.run(problem, options: SearchOptions(timeLimit: 0.05))
    #expect(result.stoppedBy == .time)
    #expect(result.iterations > 0)
    #expect(problem.isFeasible(result.assignment))
  }

  @Test func aBudgetIsRequired() throws {
    let problem = try randomProblem(seed: 1, items: 10, groups: 2)
    #expect(throws: GroupingSearchError.invalidBudget) {
      try GroupingSearch.run(problem, options: SearchOptions())
    }
  }

  @Test func aFeasibleStartIsUsed() throws {
    let problem = try randomProblem(seed: 4, items: 12, groups: 3)
    let brute = bruteForceOptimum(problem)
    let result = try GroupingSearch.run(
      problem, options: SearchOptions(iterations: 0, start: brute.assignment))
    #expect(result.objective == problem.objective(of: brute.assignment))
  }

  @Test func searchFindsTheOptimumOfSmallProblems() throws {
    for seed in UInt64(20)..<26 {
      let problem = try randomProblem(seed: seed, items: 11, groups: 3)
      let brute = bruteForceOptimum(problem)
      let result = try GroupingSearch.run(
        problem, options: SearchOptions(seed: seed, iterations: 300))
      #expect(abs(result.objective - brute.objective) < 1e-6)
    }
  }

  @Test func iterationRateScalesWithSize() {
    #expect(GroupingSearch.iterations(equivalentTo: 3, itemCount: 120) > 30_000)
    #expect(
      GroupingSearch.iterations(equivalentTo: 1, itemCount: 240)
        < GroupingSearch.iterations(equivalentTo: 1, itemCount: 120))
  }
}

@Suite struct MDGPSolverTests {
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
    var assignment = [Int](repeating: -1, count: 120)
    for (g, members) in first.groups.enumerated() {
      #expect(members == members.sorted())
      for i in members { assignment[i] = g }
    }
    #expect(instance.problem.isFeasible(assignment))
    #expect(first.objective == instance.problem.objective(of: assignment))
  }

  @Test func literatureTimesMatchTheReadme() {
    #expect(MDGPSolver.literatureSeconds(itemCount: 120) == 3)
    #expect(MDGPSolver.literatureSeconds(itemCount: 240) == 20)
    #expect(MDGPSolver.literatureSeconds(itemCount: 480) == 120)
    #expect(MDGPSolver.literatureSeconds(itemCount: 960) == 600)
  }
}
