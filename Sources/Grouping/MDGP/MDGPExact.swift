/// Exact MDGP for small instances (placeholder until LinearSolver lands).
enum MDGPExact {
  struct Result {
    var assignment: [Int]
    var proven: Bool
  }

  static func solve(_ problem: GroupingProblem, timeLimit: Double) -> Result? { nil }
}
