/// A decision variable of a ``Model``: a typed handle, valid only in the model that made it.
public struct Variable: Hashable, Sendable {
  /// The 0-based column index in the model.
  public let index: Int
  let modelID: UInt64
}

/// A linear constraint of a ``Model``: a typed handle, valid only in the model that made it.
public struct Constraint: Hashable, Sendable {
  /// The 0-based row index in the model.
  public let index: Int
  let modelID: UInt64
}

/// A linear expression `Σ c_j · x_j + constant`.
///
/// Terms are kept in the order they were added; duplicates are merged when the expression
/// enters a model, so building with `+` and `+=` stays cheap.
public struct LinearExpression: Sendable {
  var variables: [Variable]
  var coefficients: [Double]
  /// The constant part.
  public var constant: Double

  /// An empty expression (zero).
  public init() {
    variables = []
    coefficients = []
    constant = 0
  }

  /// The constant expression `value`.
  public init(_ value: Double) {
    self.init()
    constant = value
  }

  /// The expression `coefficient · variable`.
  public init(_ variable: Variable, _ coefficient: Double = 1) {
    variables = [variable]
    coefficients = [coefficient]
    constant = 0
  }

  /// The expression `Σ c · x` over the given pairs.
  public init<S: Sequence>(terms: S, constant: Double = 0) where S.Element == (Variable, Double) {
    variables = []
    coefficients = []
    for (v, c) in terms {
      variables.append(v)
      coefficients.append(c)
    }
    self.constant = constant
  }

  /// The sum of the given variables, each with coefficient 1.
  public static func sum<S: Sequence>(_ variables: S) -> LinearExpression
  where S.Element == Variable {
    var e = LinearExpression()
    e.variables.append(contentsOf: variables)
    e.coefficients = Array(repeating: 1, count: e.variables.count)
    return e
  }

  /// The sum of the given expressions.
  public static func sum<S: Sequence>(_ expressions: S) -> LinearExpression
  where S.Element == LinearExpression {
    var e = LinearExpression()
    for x in expressions { e += x }
    return e
  }

  /// The number of terms before merging duplicates.
  public var termCount: Int { variables.count }

  /// Adds `coefficient · variable` in place.
  public mutating func add(_ variable: Variable, _ coefficient: Double = 1) {
    variables.append(variable)
    coefficients.append(coefficient)
  }

  /// The terms with duplicates merged and zero coefficients dropped, sorted by column.
  public var mergedTerms: [(variable: Variable, coefficient: Double)] {
    let order = variables.indices.sorted { variables[$0].index < variables[$1].index }
    var result: [(variable: Variable, coefficient: Double)] = []
    result.reserveCapacity(order.count)
    for k in order {
      if let last = result.last, last.variable == variables[k] {
        result[result.count - 1].coefficient += coefficients[k]
      } else {
        result.append((variables[k], coefficients[k]))
      }
    }
    return result.filter { $0.coefficient != 0 || !$0.coefficient.isFinite }
  }

  public static func += (lhs: inout LinearExpression, rhs: LinearExpression) {
    lhs.variables.append(contentsOf: rhs.variables)
    lhs.coefficients.append(contentsOf: rhs.coefficients)
    lhs.constant += rhs.constant
  }

  public static func -= (lhs: inout LinearExpression, rhs: LinearExpression) {
    lhs += -rhs
  }

  public static func += (lhs: inout LinearExpression, rhs: Variable) { lhs.add(rhs) }

  public static prefix func - (e: LinearExpression) -> LinearExpression { -1 * e }

  public static func + (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    var e = lhs
    e += rhs
    return e
  }

  public static func - (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    lhs + -rhs
  }

  public static func * (lhs: Double, rhs: LinearExpression) -> LinearExpression {
    var e = rhs
    for k in e.coefficients.indices { e.coefficients[k] *= lhs }
    e.constant *= lhs
    return e
  }

  public static func * (lhs: LinearExpression, rhs: Double) -> LinearExpression { rhs * lhs }

  public static func + (lhs: LinearExpression, rhs: Double) -> LinearExpression {
    lhs + LinearExpression(rhs)
  }

  public static func - (lhs: LinearExpression, rhs: Double) -> LinearExpression {
    lhs + LinearExpression(-rhs)
  }
}

/// Lets a variable stand wherever an expression is expected.
extension Variable {
  public static func * (lhs: Double, rhs: Variable) -> LinearExpression {
    LinearExpression(rhs, lhs)
  }
  public static func * (lhs: Variable, rhs: Double) -> LinearExpression {
    LinearExpression(lhs, rhs)
  }
  public static func + (lhs: Variable, rhs: Variable) -> LinearExpression {
    LinearExpression(lhs) + LinearExpression(rhs)
  }
  public static func - (lhs: Variable, rhs: Variable) -> LinearExpression {
    LinearExpression(lhs) - LinearExpression(rhs)
  }
  public static func + (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
    lhs + LinearExpression(rhs)
  }
  public static func + (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
    LinearExpression(lhs) + rhs
  }
  public static func - (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
    lhs - LinearExpression(rhs)
  }
  public static func - (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
    LinearExpression(lhs) - rhs
  }
  public static func + (lhs: Variable, rhs: Double) -> LinearExpression {
    LinearExpression(lhs) + LinearExpression(rhs)
  }
  public static prefix func - (v: Variable) -> LinearExpression { LinearExpression(v, -1) }
}

/// How the two sides of a constraint relate.
public enum Relation: String, Hashable, Sendable {
  case lessOrEqual = "<="
  case greaterOrEqual = ">="
  case equal = "="
}

/// A constraint `expression relation rhs` that is not yet part of a model.
///
/// Build one with `<=`, `>=`, or ``equal(_:_:)`` (there is no `==` operator, which Swift
/// reserves for comparing values).
public struct LinearConstraint: Sendable {
  public var expression: LinearExpression
  public var relation: Relation
  public var rhs: Double

  public init(_ expression: LinearExpression, _ relation: Relation, _ rhs: Double) {
    self.expression = expression
    self.relation = relation
    self.rhs = rhs
  }

  /// `lhs = rhs`.
  public static func equal(_ lhs: LinearExpression, _ rhs: Double) -> LinearConstraint {
    LinearConstraint(lhs, .equal, rhs)
  }

  /// `lhs ≤ rhs`.
  public static func lessOrEqual(_ lhs: LinearExpression, _ rhs: Double) -> LinearConstraint {
    LinearConstraint(lhs, .lessOrEqual, rhs)
  }

  /// `lhs ≥ rhs`.
  public static func greaterOrEqual(_ lhs: LinearExpression, _ rhs: Double) -> LinearConstraint {
    LinearConstraint(lhs, .greaterOrEqual, rhs)
  }
}

public func <= (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
  LinearConstraint(lhs, .lessOrEqual, rhs)
}
public func >= (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
  LinearConstraint(lhs, .greaterOrEqual, rhs)
}
public func <= (lhs: Variable, rhs: Double) -> LinearConstraint {
  LinearConstraint(LinearExpression(lhs), .lessOrEqual, rhs)
}
public func >= (lhs: Variable, rhs: Double) -> LinearConstraint {
  LinearConstraint(LinearExpression(lhs), .greaterOrEqual, rhs)
}
/// `lhs ≤ rhs` between two expressions (moves every term to the left).
public func <= (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
  LinearConstraint(lhs - rhs, .lessOrEqual, 0)
}
/// `lhs ≥ rhs` between two expressions (moves every term to the left).
public func >= (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
  LinearConstraint(lhs - rhs, .greaterOrEqual, 0)
}
