import Benchmark
import LinearSolver

/// A 0/1 knapsack with deterministic data, the smallest model with a real search.
private func knapsack(items: Int, seed: UInt64) -> Model {
  var state = seed
  func next(_ bound: Int) -> Double {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Double(Int(state >> 33) % bound + 1)
  }
  var model = Model(name: "knapsack")
  let x = model.addVariables(items, prefix: "x", kind: .binary)
  let weights = x.map { _ in next(40) }
  let values = x.map { _ in next(60) }
  model.addConstraint(
    LinearExpression(terms: zip(x, weights)) <= weights.reduce(0, +) / 2, name: "capacity")
  model.maximize(LinearExpression(terms: zip(x, values)))
  return model
}

/// A set-partitioning model over all groups of 2–3 of `people`, the shape of Kring's exact
/// grouping step.
private func setPartitioning(people: Int) -> Model {
  var model = Model(name: "partition")
  var covering = [LinearExpression](repeating: LinearExpression(), count: people)
  var objective = LinearExpression()
  for a in 0..<people {
    for b in (a + 1)..<people {
      let pair = model.addVariable(kind: .binary)
      covering[a].add(pair)
      covering[b].add(pair)
      objective.add(pair, Double((a * 7 + b * 13) % 17))
      for c in (b + 1)..<people {
        let triple = model.addVariable(kind: .binary)
        for p in [a, b, c] { covering[p].add(triple) }
        objective.add(triple, Double((a * 5 + b * 11 + c * 3) % 23))
      }
    }
  }
  for row in covering { model.addConstraint(.equal(row, 1)) }
  model.maximize(objective)
  return model
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
    maxDuration: .seconds(5), maxIterations: 200)

  let small = knapsack(items: 30, seed: 1)
  Benchmark("knapsack 30 items, build + solve") { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try? small.solve())
    }
  }

  Benchmark("LP: build 2 000-row model") { benchmark in
    for _ in benchmark.scaledIterations {
      var model = Model()
      let x = model.addVariables(2_000, kind: .continuous, upperBound: 10)
      for i in 0..<2_000 {
        model.addConstraint(x[i] + x[(i + 1) % 2_000] <= 12)
      }
      model.maximize(LinearExpression.sum(x))
      blackHole(model)
    }
  }

  let partition = setPartitioning(people: 18)
  Benchmark("set partitioning, 18 people, groups of 2–3") { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(try? partition.solve())
    }
  }
}
