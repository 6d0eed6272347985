import Intake
import PropertyBased
import Testing

@testable import Grouping

@Suite struct SearchEngineTests {
  /// Recomputes W, sizes and the objective from the assignment and compares them with the
  /// engine's incrementally maintained values.
  static func checkConsistency<Rule: PairRule>(
    _ engine: SearchEngine<Rule>, _ problem: PairwiseGroupingProblem
  ) {
    let n = problem.itemCount
    let m = problem.groupCount
    let assignment = engine.assignment
    #expect(problem.isFeasible(assignment))
    var tolerance = 1e-9
    for value in problem.weights { tolerance = max(tolerance, abs(value) * Double(n) * 1e-12) }
    for i in 0..<n {
      for g in 0..<m {
        var expected = 0.0
        for j in 0..<n where assignment[j] == g { expected += problem.weight(i, j) }
        #expect(abs(engine.w[i * m + g] - expected) <= tolerance)
      }
    }
    for g in 0..<m {
      #expect(engine.size[g] == assignment.filter { $0 == g }.count)
    }
    #expect(abs(engine.objective - problem.objective(of: assignment)) <= tolerance * 10)
  }

  @Test func deltaEvaluationMatchesRecomputationAfterRandomMoves() async {
    await propertyCheck(
      count: 40, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 4...30),
      Gen.int(in: 2...6)
    ) { seed, n, groups in
      let m = min(groups, n / 2)
      let problem = try randomProblem(seed: seed, items: n, groups: m, negative: seed % 2 == 0)
      let engine = SearchEngine(problem: problem, rule: NoPairRule(), seed: seed)
      #expect(engine.constructRandom())
      Self.checkConsistency(engine, problem)
      var rng = SeededRandom(seed: seed ^ 0xABCD)
      for step in 0..<60 {
        // Each gain formula is checked against the objective change it predicts.
        let before = engine.objective
        let i = rng.below(n)
        let j = rng.below(n)
        let gi = engine.assign[i]
        let gj = engine.assign[j]
        if gi != gj {
          if step % 2 == 0, engine.size[gi] > problem.lowerBounds[gi],
            engine.size[gj] < problem.upperBounds[gj]
          {
            let predicted = engine.w[i * m + gj] - engine.w[i * m + gi]
            engine.move(i, to: gj)
            #expect(abs(engine.objective - before - predicted) < 1e-6)
          } else {
            let predicted =
              engine.w[i * m + gj] - engine.w[i * m + gi] + engine.w[j * m + gi]
              - engine.w[j * m + gj] - 2 * problem.weight(i, j)
            engine.swap(i, j)
            #expect(abs(engine.objective - before - predicted) < 1e-6)
          }
        }
        switch step % 4 {
        case 0: engine.randomMove()
        case 1: engine.directedMove(samples: n)
        default: break
        }
      }
      Self.checkConsistency(engine, problem)
      engine.sweep()
      Self.checkConsistency(engine, problem)
      engine.descend()
      Self.checkConsistency(engine, problem)
      #expect(abs(engine.objective - problem.objective(of: engine.assignment)) < 1e-6)
    }
  }

  @Test func saveAndRestoreReturnToTheAcceptedSolution() throws {
    let problem = try randomProblem(seed: 3, items: 24, groups: 4)
    let engine = SearchEngine(problem: problem, rule: NoPairRule(), seed: 3)
    #expect(engine.constructRandom())
    engine.sweep()
    engine.save()
    let saved = engine.assignment
    for _ in 0..<20 { engine.randomMove() }
    engine.restore()
    #expect(engine.assignment == saved)
    Self.checkConsistency(engine, problem)
  }

  @Test func localOptimaHaveNoImprovingMove() throws {
    let problem = try randomProblem(seed: 11, items: 20, groups: 4)
    let engine = SearchEngine(problem: problem, rule: NoPairRule(), seed: 11)
    #expect(engine.constructRandom())
    engine.sweep()
    let base = problem.objective(of: engine.assignment)
    let assignment = engine.assignment
    // Every feasible single move or swap, evaluated from scratch.
    for i in 0..<20 {
      for g in 0..<4 where g != assignment[i] {
        var next = assignment
        next[i] = g
        if problem.isFeasible(next) { #expect(problem.objective(of: next) <= base + 1e-9) }
      }
      for j in (i + 1)..<20 where assignment[j] != assignment[i] {
        var next = assignment
        next.swapAt(i, j)
        #expect(problem.objective(of: next) <= base + 1e-9)
      }
    }
  }

  @Test func forbiddenPairsAreNeverTogether() async {
    await propertyCheck(count: 25, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      let problem = try randomProblem(seed: seed, items: 24, groups: 4, forbidden: 15)
      do {
        let result = try GroupingSearch.run(
          problem, options: SearchOptions(seed: seed, iterations: 200))
        #expect(problem.isFeasible(result.assignment))
        // The incremental conflict counts must agree with the matrix after the run.
        let engine = SearchEngine(
          problem: problem,
          rule: ForbiddenPairRule(itemCount: 24, groupCount: 4, forbidden: problem.forbidden ?? []),
          seed: seed)
        engine.load(result.assignment)
        for _ in 0..<50 { engine.randomMove() }
        engine.sweep()
        #expect(problem.isFeasible(engine.assignment))
        Self.checkConsistency(engine, problem)
      } catch {
        #expect(error as? GroupingSearchError == .noFeasibleStart)
      }
    }
  }

  @Test func unsatisfiableForbiddenPairsAreReported() throws {
    // Three items pairwise forbidden cannot fit into two groups.
    let problem = try PairwiseGroupingProblem(
      itemCount: 4, lowerBounds: [2, 2], upperBounds: [2, 2],
      weights: [Double](repeating: 1, count: 16), forbiddenPairs: [(0, 1), (1, 2), (0, 2)])
    #expect(throws: GroupingSearchError.noFeasibleStart) {
      try GroupingSearch.run(problem, options: SearchOptions(iterations: 10))
    }
  }
}
