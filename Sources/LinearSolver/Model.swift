import Synchronization

/// The kind of values a variable takes.
public enum VariableKind: String, Hashable, Sendable {
  case continuous
  case integer
  case binary
}

/// Whether the objective is minimised or maximised.
public enum OptimizationDirection: String, Hashable, Sendable {
  case minimize
  case maximize
}

private let nextModelID = Atomic<UInt64>(1)

/// A linear or mixed-integer program, built in Swift and validated before GLPK sees it.
///
/// A model is a value: copy it to try a variant. Handles (``Variable``, ``Constraint``) are
/// checked against the model that made them, so a handle from another model is reported as
/// a problem instead of silently meaning another column.
public struct Model: Sendable {
  struct Column: Sendable {
    var name: String?
    var kind: VariableKind
    var lower: Double?
    var upper: Double?
  }

  struct Row: Sendable {
    var name: String?
    var start: Int
    var count: Int
    var lower: Double?
    var upper: Double?
  }

  /// The model's name, used in exports.
  public var name: String
  let id: UInt64
  var columns: [Column] = []
  var rows: [Row] = []
  var rowVariables: [Int32] = []
  var rowCoefficients: [Double] = []
  var objectiveTerms: [(variable: Variable, coefficient: Double)] = []
  var objectiveConstant: Double = 0
  var direction: OptimizationDirection = .minimize
  /// Problems found while building; reported together by ``validate()``.
  var problems: [String] = []

  /// Creates an empty model (minimise 0).
  public init(name: String = "kring") {
    self.name = name
    self.id = nextModelID.wrappingAdd(1, ordering: .relaxed).oldValue
  }

  /// The number of variables.
  public var variableCount: Int { columns.count }
  /// The number of constraints.
  public var constraintCount: Int { rows.count }
  /// The number of non-zero constraint coefficients.
  public var nonZeroCount: Int { rowVariables.count }
  /// Whether any variable is integer or binary.
  public var isMixedInteger: Bool { columns.contains { $0.kind != .continuous } }

  /// Adds a variable with optional bounds (`nil` is unbounded on that side).
  ///
  /// Continuous and integer variables default to `0...∞`; binary variables are `0...1` and
  /// ignore the bounds given.
  @discardableResult
  public mutating func addVariable(
    name: String? = nil, kind: VariableKind = .continuous, lowerBound: Double? = 0,
    upperBound: Double? = nil
  ) -> Variable {
    let index = columns.count
    let label = name ?? "x\(index + 1)"
    if kind != .binary {
      if let l = lowerBound, l.isNaN || l == .infinity {
        problems.append("variable \(label): lower bound \(l) is not a number below +∞")
      }
      if let u = upperBound, u.isNaN || u == -.infinity {
        problems.append("variable \(label): upper bound \(u) is not a number above −∞")
      }
      if let l = lowerBound, let u = upperBound, l > u {
        problems.append("variable \(label): lower bound \(l) is above upper bound \(u)")
      }
    }
    checkName(name, what: "variable")
    let lower = lowerBound.flatMap { $0 == -.infinity ? nil : $0 }
    let upper = upperBound.flatMap { $0 == .infinity ? nil : $0 }
    columns.append(Column(name: name, kind: kind, lower: lower, upper: upper))
    return Variable(index: index, modelID: id)
  }

  /// Adds `count` variables of one kind, named `prefix[k]` when a prefix is given.
  public mutating func addVariables(
    _ count: Int, prefix: String? = nil, kind: VariableKind = .continuous,
    lowerBound: Double? = 0, upperBound: Double? = nil
  ) -> [Variable] {
    (0..<max(0, count)).map { k in
      addVariable(
        name: prefix.map { "\($0)[\(k)]" }, kind: kind, lowerBound: lowerBound,
        upperBound: upperBound)
    }
  }

  /// Adds a constraint; duplicate terms are merged and the expression's constant moves to
  /// the right-hand side.
  @discardableResult
  public mutating func addConstraint(_ constraint: LinearConstraint, name: String? = nil)
    -> Constraint
  {
    let rhs = constraint.rhs - constraint.expression.constant
    switch constraint.relation {
    case .lessOrEqual: return addRow(constraint.expression, lower: nil, upper: rhs, name: name)
    case .greaterOrEqual: return addRow(constraint.expression, lower: rhs, upper: nil, name: name)
    case .equal: return addRow(constraint.expression, lower: rhs, upper: rhs, name: name)
    }
  }

  /// Adds the ranged constraint `lower ≤ expression ≤ upper`.
  @discardableResult
  public mutating func addConstraint(
    _ expression: LinearExpression, in range: ClosedRange<Double>, name: String? = nil
  ) -> Constraint {
    addRow(
      expression, lower: range.lowerBound - expression.constant,
      upper: range.upperBound - expression.constant, name: name)
  }

  private mutating func addRow(
    _ expression: LinearExpression, lower: Double?, upper: Double?, name: String?
  ) -> Constraint {
    let index = rows.count
    let label = name ?? "r\(index + 1)"
    checkName(name, what: "constraint")
    for bound in [lower, upper] {
      if let b = bound, !b.isFinite {
        problems.append("constraint \(label): right-hand side \(b) is not finite")
      }
    }
    let start = rowVariables.count
    for term in expression.mergedTerms {
      guard checkHandle(term.variable, in: "constraint \(label)") else { continue }
      if !term.coefficient.isFinite {
        problems.append(
          "constraint \(label): coefficient \(term.coefficient) of \(columnLabel(term.variable.index)) is not finite"
        )
        continue
      }
      rowVariables.append(Int32(term.variable.index))
      rowCoefficients.append(term.coefficient)
    }
    rows.append(
      Row(name: name, start: start, count: rowVariables.count - start, lower: lower, upper: upper))
    return Constraint(index: index, modelID: id)
  }

  /// Sets the objective to minimise.
  public mutating func minimize(_ objective: LinearExpression) {
    setObjective(objective, .minimize)
  }

  /// Sets the objective to maximise.
  public mutating func maximize(_ objective: LinearExpression) {
    setObjective(objective, .maximize)
  }

  private mutating func setObjective(
    _ objective: LinearExpression, _ direction: OptimizationDirection
  ) {
    self.direction = direction
    objectiveConstant = objective.constant
    if !objective.constant.isFinite {
      problems.append("objective: constant \(objective.constant) is not finite")
    }
    objectiveTerms = []
    for term in objective.mergedTerms {
      guard checkHandle(term.variable, in: "objective") else { continue }
      if !term.coefficient.isFinite {
        problems.append(
          "objective: coefficient \(term.coefficient) of \(columnLabel(term.variable.index)) is not finite"
        )
        continue
      }
      objectiveTerms.append(term)
    }
  }

  /// Throws every problem found while building, so that GLPK never sees an invalid model.
  public func validate() throws(LinearSolverError) {
    guard problems.isEmpty else {
      throw LinearSolverError(
        code: .invalidModel,
        message: "model \(name) is invalid: " + problems.prefix(20).joined(separator: "; ")
          + (problems.count > 20 ? "; and \(problems.count - 20) more" : ""))
    }
  }

  /// The name of a column for messages.
  func columnLabel(_ index: Int) -> String {
    columns.indices.contains(index) ? (columns[index].name ?? "x\(index + 1)") : "x\(index + 1)"
  }

  private mutating func checkHandle(_ variable: Variable, in place: String) -> Bool {
    guard variable.modelID == id, columns.indices.contains(variable.index) else {
      problems.append("\(place): variable \(variable.index + 1) belongs to another model")
      return false
    }
    return true
  }

  private mutating func checkName(_ name: String?, what: String) {
    // GLPK rejects names over 255 bytes with a fatal error; catch them here instead.
    guard let name else { return }
    if name.utf8.count > 255 || name.isEmpty {
      problems.append("\(what) name \"\(name.prefix(40))…\" must be 1–255 bytes")
    }
  }
}
