import Foundation
import LinearSolver
import Testing

/// A tiny deterministic generator for test data (independent of the code under test).
struct TestRandom {
  var state: UInt64
  init(_ seed: UInt64) { state = seed &* 6_364_136_223_846_793_005 &+ 1 }
  mutating func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return state >> 33
  }
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.count))
  }
}

/// A 0/1 knapsack instance with its optimum found by brute force.
struct Knapsack: Sendable, CustomTestStringConvertible {
  var values: [Int]
  var weights: [Int]
  var capacity: Int
  var testDescription: String { "knapsack n=\(values.count) cap=\(capacity)" }

  init(seed: UInt64, items: Int) {
    var r = TestRandom(seed)
    values = (0..<items).map { _ in r.int(1...60) }
    weights = (0..<items).map { _ in r.int(1...40) }
    capacity = weights.reduce(0, +) / 2
  }

  var bruteForce: Int {
    var best = 0
    for mask in 0..<(1 << values.count) {
      var w = 0
      var v = 0
      for i in values.indices where mask & (1 << i) != 0 {
        w += weights[i]
        v += values[i]
      }
      if w <= capacity { best = max(best, v) }
    }
    return best
  }

  func model() -> (Model, [Variable]) {
    var m = Model(name: "knapsack")
    let x = m.addVariables(values.count, prefix: "x", kind: .binary)
    m.addConstraint(
      LinearExpression(terms: zip(x, weights.map(Double.init))) <= Double(capacity), name: "cap")
    m.maximize(LinearExpression(terms: zip(x, values.map(Double.init))))
    return (m, x)
  }
}

/// A market-split style MIP that GLPK cannot close quickly.
///
/// Even coefficients and odd right-hand sides make every split miss by at least one, while the LP
/// bound stays 0. Slack variables make every point feasible, so the all-zero start is a valid
/// incumbent.
func hardModel(seed: UInt64 = 7, items: Int = 44, rows: Int = 5) -> (Model, [Variable: Double]) {
  var r = TestRandom(seed)
  var m = Model(name: "market-split")
  let x = m.addVariables(items, prefix: "x", kind: .binary)
  var slack = LinearExpression()
  var start: [Variable: Double] = [:]
  for v in x { start[v] = 0 }
  for i in 0..<rows {
    let a = (0..<items).map { _ in Double(2 * r.int(0...49)) }
    let plus = m.addVariable(name: "sp\(i)")
    let minus = m.addVariable(name: "sm\(i)")
    let rhs = 2 * (a.reduce(0, +) / 4).rounded(.down) + 1
    m.addConstraint(
      .equal(LinearExpression(terms: zip(x, a)) + plus - minus, rhs), name: "split\(i)")
    slack += plus + minus
    start[plus] = rhs  // with every x at 0 the whole right-hand side is slack
  }
  m.minimize(slack)
  return (m, start)
}

/// Resident memory of this process in bytes (Linux), or nil elsewhere.
func residentBytes() -> Int? {
  guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else {
    return nil
  }
  let fields = text.split(separator: " ")
  guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
  return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
