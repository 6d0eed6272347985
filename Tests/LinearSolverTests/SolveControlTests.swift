import Foundation
import Testing

@testable import LinearSolver

@Suite("Time limits, cancellation, warm starts and progress", .serialized)
struct SolveControlTests {
  @Test func nodeLimitStopsAtTheSamePointEveryTime() throws {
    let (m, start) = hardModel()
    let options = SolveOptions(timeLimit: 60, start: start, nodeLimit: 25)
    let first = try m.solve(options)
    let second = try m.solve(options)
    // The market-split model cannot be closed in 25 subproblems, so the work limit ends it,
    // well before the time limit, with the same incumbent both times.
    #expect(first.status == .nodeLimit)
    #expect(first.hasValues)
    #expect(first.elapsed < 30)
    #expect(second.status == .nodeLimit)
    #expect(first.objective == second.objective)
    #expect(first.bound == second.bound)
  }

  @Test(
    "every branching rule proves the brute-force optimum",
    arguments: Branching.allCases, Array(UInt64(1)...6))
  func everyBranchingRuleProvesTheOptimum(branching: Branching, seed: UInt64) throws {
    let knapsack = Knapsack(seed: seed, items: 16)
    let (m, _) = knapsack.model()
    let s = try m.solve(SolveOptions(cuts: false, branching: branching))
    #expect(s.status == .optimal)
    #expect(s.objective.map { Int($0.rounded()) } == knapsack.bruteForce)
  }

  @Test(
    "a bound left by the node limit is never below the optimum, whatever the branching",
    arguments: Branching.allCases, Array(UInt64(1)...6))
  func aStoppedSolveKeepsAValidBound(branching: Branching, seed: UInt64) throws {
    let knapsack = Knapsack(seed: seed &+ 100, items: 18)
    let (m, _) = knapsack.model()
    let s = try m.solve(SolveOptions(cuts: false, nodeLimit: 2, branching: branching))
    let bound = try #require(s.bound)
    #expect(bound >= Double(knapsack.bruteForce) - 1e-6)
    if let objective = s.objective { #expect(objective <= Double(knapsack.bruteForce) + 1e-6) }
  }

  @Test func aNodeLimitBelowOneIsRefused() {
    let (m, _) = hardModel()
    #expect(throws: LinearSolverError.self) { try m.solve(SolveOptions(nodeLimit: 0)) }
  }

  @Test func timeLimitIsHonouredWithinTwentyPercent() throws {
    let (m, start) = hardModel()
    let limit = 1.5
    let began = Date()
    let s = try m.solve(SolveOptions(timeLimit: limit, start: start))
    let took = Date().timeIntervalSince(began)
    #expect(s.status == .timeLimit)
    #expect(took >= limit * 0.8 && took <= limit * 1.2, "took \(took) s for a \(limit) s limit")
    #expect(s.hasValues)
  }

  @Test func stopTokenEndsTheSolveAndReturnsTheIncumbent() async throws {
    let (m, start) = hardModel(seed: 11)
    let token = StopToken()
    // A thread of its own, not a task: parallel tests can hold every thread of the
    // cooperative pool for longer than the solve's limit.
    Thread.detachNewThread {
      Thread.sleep(forTimeInterval: 0.4)
      token.stop()
    }
    let s = try await m.solve(SolveOptions(timeLimit: 300, stopToken: token, start: start))
    // `.stopped`, not `.timeLimit`: the token ended it. The elapsed time is only bounded by the
    // limit, since a loaded machine can starve the solver thread for seconds.
    #expect(s.status == .stopped)
    #expect(s.hasValues)
    #expect(s.elapsed < 300)
    // The slack of the incumbent is at least one per split (even coefficients, odd sides).
    let objective = try #require(s.objective)
    #expect(objective >= 5)
  }

  @Test func taskCancellationStopsTheSolve() async throws {
    let (m, start) = hardModel(seed: 13)
    // A generous limit: under load the cancelling sleep can wake late, and the test is about
    // who ended the solve, not when. The cancel waits for the solve's first report (its
    // incumbent, the start): on a loaded machine the task may otherwise not have begun, and a
    // solve cancelled before it starts has nothing to return.
    let begun = DispatchSemaphore(value: 0)
    let task = Task {
      try await m.solve(
        SolveOptions(timeLimit: 300, progress: { _ in begun.signal() }, start: start))
    }
    await withCheckedContinuation { (resume: CheckedContinuation<Void, Never>) in
      Thread.detachNewThread {
        begun.wait()
        resume.resume()
      }
    }
    try await Task.sleep(for: .milliseconds(200))
    task.cancel()
    let s = try await task.value
    #expect(s.status == .stopped)
    #expect(s.hasValues)
    #expect(s.elapsed < 300)
  }

  @Test func warmStartIsUsedAsTheFirstIncumbent() throws {
    // A start that is optimal already: branch-and-bound only has to prove it.
    let k = Knapsack(seed: 5, items: 12)
    let (m, x) = k.model()
    let optimum = try m.solve()
    let start = Dictionary(uniqueKeysWithValues: x.map { ($0, optimum[$0]) })
    let progress = ProgressLog()
    let s = try m.solve(SolveOptions(progress: { progress.record($0) }, start: start))
    #expect(s.objective == optimum.objective)
    #expect(progress.first?.incumbent == optimum.objective)
  }

  @Test func infeasibleStartIsRejected() throws {
    let (m, start) = hardModel(seed: 19)
    var wrong = start
    for key in wrong.keys { wrong[key] = 0 }  // zero slack with every x at 0 breaks each split
    #expect {
      _ = try m.solve(SolveOptions(start: wrong))
    } throws: { error in
      (error as? LinearSolverError)?.message.hasPrefix("the start is infeasible: split0") == true
    }
  }

  @Test func progressReportsIncumbentBoundAndGap() throws {
    let (m, start) = hardModel(seed: 17, items: 30, rows: 3)
    let progress = ProgressLog()
    _ = try m.solve(
      SolveOptions(
        timeLimit: 1, progress: { progress.record($0) }, progressInterval: 0.05, start: start))
    let reports = progress.all
    #expect(!reports.isEmpty)
    #expect(reports.allSatisfy { $0.incumbent != nil && $0.bound != nil && $0.gap != nil })
    #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.elapsed <= $1.elapsed })
  }
}

@Suite("Threads and memory")
struct ConcurrencyTests {
  @Test func eightConcurrentSolvesMatchSequentialOnes() async throws {
    let instances = (1...8).map { Knapsack(seed: UInt64(100 + $0), items: 16) }
    var sequential: [Double] = []
    // A synchronous closure picks the synchronous solve on this thread.
    let solveHere: (Model) throws -> Solution = { try $0.solve() }
    for k in instances { sequential.append((try solveHere(k.model().0).objective ?? -1).rounded()) }
    let concurrent = try await withThrowingTaskGroup(of: (Int, Double).self) { group in
      for (i, k) in instances.enumerated() {
        group.addTask { (i, (try await k.model().0.solve().objective ?? -1).rounded()) }
      }
      var result = [Double](repeating: 0, count: instances.count)
      for try await (i, v) in group { result[i] = v }
      return result
    }
    #expect(concurrent == sequential)
    #expect(sequential == instances.map { Double($0.bruteForce) })
  }

  @Test func thousandsOfSolvesKeepMemoryFlat() throws {
    let (m, _) = Knapsack(seed: 9, items: 12).model()
    for _ in 0..<200 { _ = try m.solve() }
    // Resident memory is the whole test process's, and other suites run beside this one, so
    // one reading can grow for their sake. A leak grows every round, though: the quietest of
    // five rounds of 400 solves must stay flat (a leak of 1.3 KB per solve would not).
    var growths: [Int] = []
    for _ in 0..<5 {
      let before = try #require(residentBytes())
      for _ in 0..<400 { _ = try m.solve() }
      let after = try #require(residentBytes())
      growths.append(after - before)
    }
    let quietest = try #require(growths.min())
    #expect(quietest < 512 << 10, "every round grew; growths in KiB: \(growths.map { $0 >> 10 })")
  }
}

/// Collects progress reports from the solving thread.
final class ProgressLog: @unchecked Sendable {
  private let lock = NSLock()
  private var reports: [SolveProgress] = []
  func record(_ p: SolveProgress) { lock.withLock { reports.append(p) } }
  var all: [SolveProgress] { lock.withLock { reports } }
  var first: SolveProgress? { all.first }
}
