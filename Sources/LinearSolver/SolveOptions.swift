import CGLPK
import Synchronization

/// Settings of one solve.
public struct SolveOptions: Sendable {
  /// Wall-clock limit in seconds; `nil` for none.
  public var timeLimit: Double?
  /// A moment the solve must end by, whatever `timeLimit` says; `nil` for none.
  ///
  /// It carries the remaining time of the command that asked for the solve.
  public var deadline: ContinuousClock.Instant?
  /// Relative MIP gap at which branch-and-bound stops (0 proves optimality).
  public var relativeGap: Double
  /// Stops the solve from another thread or task.
  public var stopToken: StopToken?
  /// Called from the solving thread with the incumbent and bound as they improve, and
  /// at most every `progressInterval` seconds otherwise.
  public var progress: (@Sendable (SolveProgress) -> Void)?
  /// Seconds between progress reports while nothing improves.
  public var progressInterval: Double
  /// A known feasible assignment (a warm start); variables not listed take 0.
  ///
  /// GLPK does not check it, so `solve` does, and refuses an infeasible one.
  public var start: [Variable: Double]?
  /// Whether to use GLPK's cut generators (cover, clique, MIR) in branch-and-bound.
  public var cuts: Bool
  /// Whether GLPK's own log is kept in ``Solution/log`` (it never goes to stdout).
  public var captureLog: Bool
  /// The most branch-and-bound subproblems GLPK may take up before it stops with
  /// ``SolveStatus/nodeLimit``; `nil` for no limit.
  ///
  /// A work limit ends at the same point on every machine and under any load, which a time
  /// limit does not: callers that must give byte-identical results use this and keep
  /// `timeLimit` as a safety net only.
  public var nodeLimit: Int?
  /// A basis to start the simplex from.
  ///
  /// Take it from the solution of a model this one grew from
  /// (``SimplexBasis/addingColumns(_:)``). It is ignored when its sizes do not fit the model;
  /// when GLPK finds it unusable the simplex starts from scratch.
  public var basis: SimplexBasis?
  /// How branch-and-bound picks the variable to branch on.
  public var branching: Branching

  public init(
    timeLimit: Double? = nil, relativeGap: Double = 0, stopToken: StopToken? = nil,
    progress: (@Sendable (SolveProgress) -> Void)? = nil, progressInterval: Double = 0.5,
    start: [Variable: Double]? = nil, cuts: Bool = true, captureLog: Bool = false,
    nodeLimit: Int? = nil, deadline: ContinuousClock.Instant? = nil,
    branching: Branching = .driebeckTomlin
  ) {
    self.nodeLimit = nodeLimit
    self.branching = branching
    self.deadline = deadline
    self.timeLimit = timeLimit
    self.relativeGap = relativeGap
    self.stopToken = stopToken
    self.progress = progress
    self.progressInterval = progressInterval
    self.start = start
    self.cuts = cuts
    self.captureLog = captureLog
  }
}

/// The rule branch-and-bound uses to choose a fractional variable to branch on.
public enum Branching: Sendable, Hashable, CaseIterable {
  /// Driebeck and Tomlin's penalty heuristic, GLPK's default: good choices, but each costs
  /// about a pass over the simplex tableau, which dominates on models with many columns.
  case driebeckTomlin
  /// The variable whose value is nearest one half: nearly free to choose, and on set
  /// partitioning over many candidate groups it proves in fewer seconds.
  case mostFractional
}

/// What a progress callback is told.
public struct SolveProgress: Sendable, Hashable {
  /// The best objective found so far.
  public var incumbent: Double?
  /// The best bound proven so far.
  public var bound: Double?
  /// The relative gap between them.
  public var gap: Double?
  /// Seconds since the solve started.
  public var elapsed: Double
}

/// A flag that stops a running solve; safe to set from any thread.
public final class StopToken: Sendable {
  private let flag = Atomic<Bool>(false)

  public init() {}

  /// Asks every solve holding this token to stop and return its incumbent.
  public func stop() { flag.store(true, ordering: .relaxed) }

  /// Whether ``stop()`` was called.
  public var isStopped: Bool { flag.load(ordering: .relaxed) }
}

/// How a solve ended.
public enum SolveStatus: String, Hashable, Sendable {
  /// Proven optimal (within GLPK's tolerances).
  case optimal
  /// Stopped at the requested relative gap, with a solution within it.
  case withinGap
  /// A feasible solution without a proof of optimality.
  case feasible
  /// Proven to have no feasible solution.
  case infeasible
  /// The objective is unbounded (or the LP relaxation is, for a MIP).
  case unbounded
  /// The time limit ended the solve; values are present if an incumbent was found.
  case timeLimit
  /// A stop token or task cancellation ended the solve; values as for `timeLimit`.
  case stopped
  /// ``SolveOptions/nodeLimit`` ended the solve; values as for `timeLimit`.
  case nodeLimit
}

/// The status of every row and column in a simplex basis, as GLPK reports it.
///
/// Re-solving an LP after adding columns from the previous optimal basis takes a few pivots
/// instead of a solve from scratch, which is what column generation does round after round.
public struct SimplexBasis: Sendable, Hashable {
  /// GLPK's status (`GLP_BS`, `GLP_NL`, …) of each row.
  var rows: [Int32]
  /// GLPK's status of each column.
  var columns: [Int32]

  /// The basis of the model with `count` more columns appended, each nonbasic at its lower
  /// bound (the basis stays a basis, and primal feasible when those bounds are 0).
  public func addingColumns(_ count: Int) -> SimplexBasis {
    SimplexBasis(
      rows: rows, columns: columns + [Int32](repeating: Int32(GLP_NL), count: max(0, count)))
  }
}

/// The outcome of a solve: status, objective, bound, gap and values by handle.
public struct Solution: Sendable {
  public var status: SolveStatus
  /// The objective of the returned values, when there are values.
  public var objective: Double?
  /// The best proven bound on the optimum, when known.
  public var bound: Double?
  /// `|objective − bound| / |objective|`, when both are known.
  public var gap: Double?
  /// Seconds the solve took.
  public var elapsed: Double
  /// GLPK's log when ``SolveOptions/captureLog`` was set.
  public var log: String
  let values: [Double]
  /// Row duals of a pure LP solved to optimality; empty otherwise.
  var duals: [Double] = []
  /// The final basis of a pure LP solved to optimality, to start a later solve from.
  public internal(set) var basis: SimplexBasis?
  let modelID: UInt64

  /// Whether the solution holds values (optimal, within gap, feasible, or an incumbent).
  public var hasValues: Bool { !values.isEmpty }

  /// The value of a variable, or 0 when there are no values.
  public subscript(variable: Variable) -> Double {
    guard variable.modelID == modelID, values.indices.contains(variable.index) else { return 0 }
    return values[variable.index]
  }

  /// The value of an expression under this solution.
  public func value(of expression: LinearExpression) -> Double {
    var total = expression.constant
    for (v, c) in zip(expression.variables, expression.coefficients) { total += c * self[v] }
    return total
  }

  /// The dual value (shadow price) of a constraint in an LP solved to optimality, or 0 when
  /// there is none (a mixed-integer model, or no optimum).
  ///
  /// Its sign follows the objective's direction: in a maximisation a binding `≤` row has a
  /// dual `≥ 0` and a binding `≥` row a dual `≤ 0`.
  public func dual(of constraint: Constraint) -> Double {
    guard constraint.modelID == modelID, duals.indices.contains(constraint.index) else { return 0 }
    return duals[constraint.index]
  }

  /// The value of a binary variable, rounded.
  public func isSet(_ variable: Variable) -> Bool { self[variable] > 0.5 }
}
