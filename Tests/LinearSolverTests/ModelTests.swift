import Testing

@testable import LinearSolver

@Suite("Solving LPs and MIPs with known optima")
struct KnownOptimaTests {
  @Test func textbookLP() throws {
    // max 3x + 5y  s.t.  x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18  →  (2, 6), 36.
    var m = Model(name: "wyndor")
    let x = m.addVariable(name: "x")
    let y = m.addVariable(name: "y")
    m.addConstraint(x <= 4)
    m.addConstraint(2 * y <= 12)
    m.addConstraint(3 * x + 2 * y <= 18)
    m.maximize(3 * x + 5 * y)
    let s = try m.solve()
    #expect(s.status == .optimal)
    #expect(abs((s.objective ?? 0) - 36) < 1e-9)
    #expect(abs(s[x] - 2) < 1e-9)
    #expect(abs(s[y] - 6) < 1e-9)
    #expect(s.bound == s.objective)
  }

  @Test func minimisationWithEqualityAndRange() throws {
    // min x + 2y  s.t.  x + y = 10, 2 ≤ x − y ≤ 4  →  x = 7, y = 3, 13.
    var m = Model()
    let x = m.addVariable()
    let y = m.addVariable()
    m.addConstraint(.equal(x + y, 10))
    m.addConstraint(x - y, in: 2...4)
    m.minimize(x + 2 * y)
    let s = try m.solve()
    #expect(s.status == .optimal)
    #expect(abs((s.objective ?? 0) - 13) < 1e-9)
  }

  @Test func integerProgramDiffersFromItsRelaxation() throws {
    // max 5x + 4y  s.t.  6x + 4y ≤ 24, x + 2y ≤ 6, x, y ∈ ℤ≥0: LP 21 at (3, 1.5); MIP 20 at (4, 0).
    var m = Model()
    let x = m.addVariable(kind: .integer)
    let y = m.addVariable(kind: .integer)
    m.addConstraint(6 * x + 4 * y <= 24)
    m.addConstraint(x + 2 * y <= 6)
    m.maximize(5 * x + 4 * y)
    let s = try m.solve()
    #expect(s.status == .optimal)
    #expect(s.objective == 20)
    #expect(s[x] == 4 && s[y] == 0)
    #expect(s.gap == 0)
  }

  @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
  func knapsackMatchesBruteForce(seed: UInt64) throws {
    let k = Knapsack(seed: seed, items: 14)
    let (m, x) = k.model()
    let s = try m.solve()
    #expect(s.status == .optimal)
    #expect(Int((s.objective ?? -1).rounded()) == k.bruteForce)
    // The values are a real selection: recompute weight and value from them.
    let chosen = x.indices.filter { s.isSet(x[$0]) }
    #expect(chosen.map { k.weights[$0] }.reduce(0, +) <= k.capacity)
    #expect(chosen.map { k.values[$0] }.reduce(0, +) == k.bruteForce)
  }

  @Test func objectiveConstantAndMergedTerms() throws {
    var m = Model()
    let x = m.addVariable(upperBound: 10)
    // x + x ≤ 8 is 2x ≤ 8 after merging; the constant 5 moves into the objective value.
    m.addConstraint(x + x <= 8)
    m.maximize(x + 5)
    let s = try m.solve()
    #expect(s.objective == 9)
    #expect(s[x] == 4)
    #expect(s.value(of: 3 * x + 1) == 13)
  }
}

@Suite("Infeasible and unbounded models")
struct InfeasibleUnboundedTests {
  @Test func infeasibleLP() throws {
    var m = Model()
    let x = m.addVariable()
    m.addConstraint(x >= 5)
    m.addConstraint(x <= 3)
    m.minimize(LinearExpression(x))
    let s = try m.solve()
    #expect(s.status == .infeasible)
    #expect(!s.hasValues)
    #expect(s.objective == nil)
  }

  @Test func infeasibleMIPWithFeasibleRelaxation() throws {
    var m = Model()
    let x = m.addVariable(kind: .integer, upperBound: 10)
    m.addConstraint(.equal(2 * x, 1))
    m.minimize(LinearExpression(x))
    let s = try m.solve()
    #expect(s.status == .infeasible)
    #expect(!s.hasValues)
  }

  @Test func unboundedLP() throws {
    var m = Model()
    let x = m.addVariable()
    let y = m.addVariable()
    m.addConstraint(x - y <= 1)
    m.maximize(x + y)
    #expect(try m.solve().status == .unbounded)
  }

  @Test func unboundedMIP() throws {
    var m = Model()
    let x = m.addVariable(kind: .integer)
    m.maximize(LinearExpression(x))
    #expect(try m.solve().status == .unbounded)
  }
}

@Suite("Validation before GLPK sees a model")
struct ValidationTests {
  @Test func nanCoefficientIsRejected() {
    var m = Model()
    let x = m.addVariable(name: "x")
    m.addConstraint(Double.nan * x <= 1, name: "bad")
    m.minimize(LinearExpression(x))
    #expect {
      _ = try m.solve()
    } throws: { error in
      guard let e = error as? LinearSolverError else { return false }
      return e.code == .invalidModel && e.message.contains("constraint bad")
    }
  }

  @Test func infiniteRightHandSideAndObjective() {
    var m = Model()
    let x = m.addVariable()
    m.addConstraint(x <= .infinity)
    m.minimize(Double.infinity * x)
    #expect(throws: LinearSolverError.self) { try m.validate() }
  }

  @Test func invertedBoundsAreRejected() {
    var m = Model()
    _ = m.addVariable(name: "y", lowerBound: 3, upperBound: 1)
    #expect {
      try m.validate()
    } throws: { error in
      (error as? LinearSolverError)?.message.contains("lower bound 3.0 is above upper bound 1.0")
        == true
    }
  }

  @Test func handleFromAnotherModelIsRejected() {
    var a = Model()
    var b = Model()
    let x = a.addVariable()
    _ = b.addVariable()
    b.addConstraint(x <= 1)
    #expect(throws: LinearSolverError.self) { try b.validate() }
  }

  @Test func overlongNameIsRejectedInsteadOfAborting() {
    var m = Model()
    _ = m.addVariable(name: String(repeating: "n", count: 300))
    #expect(throws: LinearSolverError.self) { try m.lpFormat() }
  }

  @Test func badOptionsAreRejected() {
    var m = Model()
    let x = m.addVariable(upperBound: 1)
    m.maximize(LinearExpression(x))
    #expect(throws: LinearSolverError.self) { try m.solve(SolveOptions(timeLimit: -1)) }
    #expect(throws: LinearSolverError.self) { try m.solve(SolveOptions(relativeGap: .nan)) }
    #expect(throws: LinearSolverError.self) {
      try m.solve(SolveOptions(start: [x: .infinity]))
    }
  }

  @Test func boundsAreRespected() throws {
    var m = Model()
    let x = m.addVariable(kind: .integer, lowerBound: -5, upperBound: 7)
    let y = m.addVariable(lowerBound: nil, upperBound: 2.5)
    m.maximize(x + y)
    let s = try m.solve()
    #expect(s.objective == 9.5)
    m.minimize(LinearExpression(x))
    #expect(try m.solve().objective == -5)
  }
}

@Suite("GLPK errors become Swift errors")
struct GuardTests {
  @Test func provokedErrorIsRecoveredAndTheThreadSolvesAgain() throws {
    // Both calls run synchronously, so they share one thread and its GLPK environment.
    #expect(GLPKEngine.provokeError())
    let (m, _) = Knapsack(seed: 3, items: 10).model()
    let s = try m.solve()
    #expect(s.status == .optimal)
    #expect(GLPKEngine.provokeError())
    #expect(try m.solve().objective == s.objective)
  }
}

@Suite("Export for debugging")
struct ExportTests {
  @Test func lpAndMpsExports() throws {
    var m = Model(name: "export")
    let x = m.addVariable(name: "apples", kind: .integer, upperBound: 3)
    let y = m.addVariable(name: "pears")
    m.addConstraint(x + 2 * y <= 4, name: "budget")
    m.maximize(x + y)
    let lp = try m.lpFormat()
    #expect(lp.contains("Maximize"))
    #expect(lp.contains("budget"))
    #expect(lp.contains("apples"))
    let mps = try m.mpsFormat()
    #expect(mps.contains("ROWS"))
    #expect(mps.contains("pears"))
  }
}

@Suite("Starting the simplex from an earlier basis")
struct WarmStartTests {
  /// A packing LP `max Σ v_k x_k, Σ_{k ∋ r} x_k ≤ 1` over the first `count` random columns.
  static func packing(seed: UInt64, rows: Int, count: Int) -> Model {
    var r = TestRandom(seed)
    let columns = (0..<40).map { _ in
      (rows: Set((0..<r.int(1...4)).map { _ in r.int(0...(rows - 1)) }), value: r.int(1...30))
    }
    var m = Model()
    let x = m.addVariables(count)
    for row in 0..<rows {
      let terms = (0..<count).filter { columns[$0].rows.contains(row) }.map { (x[$0], 1.0) }
      m.addConstraint(LinearExpression(terms: terms) <= 1)
    }
    m.maximize(LinearExpression(terms: (0..<count).map { (x[$0], Double(columns[$0].value)) }))
    return m
  }

  /// Column generation's pattern: each round adds columns and starts from the last basis; the
  /// optimum is the one a solve from scratch finds.
  @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
  func growingModelsReachTheColdOptimum(seed: UInt64) throws {
    var basis: SimplexBasis? = nil
    var previous = 0
    for count in stride(from: 10, through: 40, by: 6) {
      let model = Self.packing(seed: seed, rows: 12, count: count)
      let cold = try model.solve()
      var options = SolveOptions()
      options.basis = basis?.addingColumns(count - previous)
      let warm = try model.solve(options)
      #expect(warm.status == .optimal)
      #expect(abs((warm.objective ?? -1) - (cold.objective ?? -2)) < 1e-7)
      basis = try #require(warm.basis)
      previous = count
    }
  }

  /// A basis that does not fit the model (other sizes, or every row and column basic) is
  /// set aside, and the solve starts from scratch.
  @Test func anUnusableBasisFallsBackToAColdStart() throws {
    let model = Self.packing(seed: 9, rows: 12, count: 20)
    let cold = try model.solve()
    let fitted = try #require(cold.basis)
    for basis in [
      fitted.addingColumns(3),
      SimplexBasis(
        rows: [Int32](repeating: 1, count: 12), columns: [Int32](repeating: 1, count: 20)),
    ] {
      var options = SolveOptions()
      options.basis = basis
      let warm = try model.solve(options)
      #expect(warm.status == .optimal)
      #expect(abs((warm.objective ?? -1) - (cold.objective ?? -2)) < 1e-7)
    }
  }
}
