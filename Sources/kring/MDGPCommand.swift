import ArgumentParser
import Foundation
import Grouping
import Intake

/// `kring mdgp FILE`: solves one MDGPLIB instance, for benchmarking the grouping engine.
struct MDGPCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mdgp",
    abstract: "Solve a Maximally Diverse Grouping Problem instance (MDGPLIB format).",
    discussion: """
      Instances of at most 14 items are solved to proven optimality. Larger ones run the \
      native search for --iterations (reproducible), or until --time-limit without \
      --iterations. With neither, the budget matches the literature's time limit for the \
      instance size on the reference machine.
      """
  )

  @Argument(help: "The instance file: `n m ss|ds a_1 b_1 …` then `i j d_ij` lines.")
  var file: String

  @Option(
    help:
      "A duration (90, 30s, 2m, 1h30m): a safety net with --iterations, the stopping rule without."
  )
  var timeLimit: String?

  @Option(help: "Search iterations (one perturbation plus one local search each).")
  var iterations: Int?

  @Option(help: "Random seed.")
  var seed: UInt64 = 1

  @Flag(help: "Print {\"groups\":[[…]],\"objective\":…} only.")
  var json = false

  func validate() throws {
    _ = try checkedTimeLimit(timeLimit)
    if let iterations, !(0...GroupsConfig.largestIterations).contains(iterations) {
      throw ValidationError(
        "--iterations must be from 0 to \(GroupsConfig.largestIterations), got \(iterations)")
    }
  }

  func run() throws {
    let instance: MDGPInstance
    do {
      instance = try MDGPInstance.load(path: file)
    } catch {
      printError(error.description)
      throw ExitCode(1)
    }
    let limit = try checkedTimeLimit(timeLimit)
    let solution: MDGPSolver.Solution
    do {
      solution = try MDGPSolver.solve(
        instance,
        options: MDGPSolver.Options(seed: seed, iterations: iterations, timeLimit: limit))
    } catch {
      printError("\(file): \(error.description)")
      throw ExitCode(1)
    }
    guard solution.objective.isFinite else {
      printError("\(file): the objective is not a finite number (\(solution.objective))")
      throw ExitCode(1)
    }
    if json {
      printOut(solution.json)
      return
    }
    let problem = instance.problem
    print(
      "instance:   \(file) (n = \(problem.itemCount), m = \(problem.groupCount), \(instance.kind.rawValue))"
    )
    print("objective:  \(solution.objective)")
    switch solution.method {
    case .exact:
      print(
        "status:     \(solution.provenOptimal ? "proven optimal" : "feasible (exact solve stopped early)")"
      )
    case .search:
      print("status:     feasible (search; not proven optimal)")
      print("iterations: \(solution.iterations)")
    }
    print("time:       \(formatSeconds(solution.seconds)) s")
  }

  private func formatSeconds(_ seconds: Double) -> String {
    let hundredths = Int((seconds * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
