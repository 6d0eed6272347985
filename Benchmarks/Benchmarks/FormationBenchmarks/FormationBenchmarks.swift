import Benchmark
import Foundation
import Generator
import Grouping
import Intake

/// Group formation on generated batches: speed, and quality on an iteration budget, plus an
/// ablation that turns each GLPK component off.
///
/// Batches come from the generator in memory (realistic, hard and planted; 60, 240 and
/// 1 000 candidates; 10 000 with `KRING_BENCH_STRESS=1`). Quality metrics are integers:
/// placed people, the objective ×1 000, components proven optimal, the gap to the bound in
/// parts per million, for planted batches the objective as parts per million of the hidden
/// solution's, and the costliest searched component's time per iteration per 100 people
/// (in µs, without its bound: the target is at most 5 000).
private let placedMetric = BenchmarkMetric.custom(
  "placed", polarity: .prefersLarger, useScalingFactor: false)
private let objectiveMetric = BenchmarkMetric.custom(
  "objective (×1000)", polarity: .prefersLarger, useScalingFactor: false)
private let provenMetric = BenchmarkMetric.custom(
  "components proven", polarity: .prefersLarger, useScalingFactor: false)
private let plantedMetric = BenchmarkMetric.custom(
  "of planted (ppm)", polarity: .prefersLarger, useScalingFactor: false)
private let gapMetric = BenchmarkMetric.custom(
  "gap to bound (ppm)", polarity: .prefersSmaller, useScalingFactor: false)
private let componentMetric = BenchmarkMetric.custom(
  "worst component (µs per iteration per 100 people)", polarity: .prefersSmaller,
  useScalingFactor: false)

/// A batch and the problem built from it with the intervision preset's rules.
private struct Case {
  var name: String
  var problem: GroupingProblem
  var planted: Double?

  init?(profile: GeneratorProfile, candidates: Int, seed: UInt64 = 1) {
    guard
      let batch = try? BatchGenerator.generate(
        GeneratorOptions(candidates: candidates, seed: seed, profile: profile))
    else { return nil }
    let scorer = IntakeScorer()
    var readiness: [CandidateID: Double] = [:]
    var ready = Set<CandidateID>()
    for c in batch.candidates {
      let r = scorer.readiness(of: c.ratings)
      if let score = r.score { readiness[c.id] = score }
      if r.status == .ready { ready.insert(c.id) }
    }
    name = "\(profile.rawValue) \(candidates)"
    problem = GroupingProblem(
      candidates: batch.candidates, participants: ready, readiness: readiness,
      config: GroupsConfig())
    planted = batch.planted?.objective
  }
}

private func record(_ result: GroupingResult, _ c: Case, _ benchmark: Benchmark) {
  benchmark.measurement(placedMetric, result.groups.reduce(0) { $0 + $1.members.count })
  benchmark.measurement(objectiveMetric, Int((result.objective * 1000).rounded()))
  benchmark.measurement(provenMetric, result.componentsExact)
  if let planted = c.planted, planted > 0 {
    benchmark.measurement(plantedMetric, Int((result.objective / planted * 1_000_000).rounded()))
  }
  if let gap = GroupingResult.relativeGap(objective: result.objective, bound: result.bound) {
    benchmark.measurement(gapMetric, Int((gap * 1_000_000).rounded()))
  }
  // The component's time includes its proof attempt, not its bound, which has its own budget.
  let costs = result.reports.filter { $0.iterations > 0 && $0.people > 0 }.map { r in
    (r.seconds - (r.boundWork?.seconds ?? 0)) / Double(r.iterations) / Double(r.people) * 1e8
  }
  if let worst = costs.max() { benchmark.measurement(componentMetric, Int(worst.rounded())) }
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [
      .wallClock, .cpuTotal, .peakMemoryResident, placedMetric, objectiveMetric, provenMetric,
      plantedMetric, gapMetric, componentMetric,
    ],
    maxDuration: .seconds(600), maxIterations: 1)
  var sizes = [60, 240, 1_000]
  if ProcessInfo.processInfo.environment["KRING_BENCH_STRESS"] != nil { sizes.append(10_000) }

  // Speed and quality with the default (auto) iteration budget.
  for profile in GeneratorProfile.allCases {
    for n in sizes {
      guard let c = Case(profile: profile, candidates: n) else { continue }
      Benchmark("form \(c.name)") { benchmark in
        for _ in benchmark.scaledIterations {
          let result = GroupFormation.solve(
            c.problem, options: FormationOptions(timeLimit: 600, seed: 1))
          record(result, c, benchmark)
          blackHole(result)
        }
      }
    }
  }

  // The GLPK ablation, on a fixed iteration budget so the figures do not move with load.
  struct Variant {
    var label: String
    var exact = true
    var recombination = true
    var reoptimization = true
    var dynamic = true
  }
  let variants = [
    Variant(label: "full"),
    Variant(label: "no GLPK exact components", exact: false),
    Variant(label: "no GLPK recombination", recombination: false),
    Variant(label: "no GLPK re-optimisation", reoptimization: false),
    Variant(label: "no GLPK at all", exact: false, recombination: false, reoptimization: false),
    Variant(
      label: "search only", exact: false, recombination: false, reoptimization: false,
      dynamic: false),
  ]
  for (profile, n) in [
    (GeneratorProfile.realistic, 240), (.hard, 240), (.planted, 1_000), (.realistic, 1_000),
  ] {
    guard let c = Case(profile: profile, candidates: n) else { continue }
    for v in variants {
      Benchmark("ablation \(c.name), \(v.label)") { benchmark in
        for _ in benchmark.scaledIterations {
          let result = GroupFormation.solve(
            c.problem,
            options: FormationOptions(
              iterations: 300, timeLimit: 600, seed: 1, exactComponents: v.exact,
              recombination: v.recombination,
              dynamicProgramming: v.dynamic, reoptimization: v.reoptimization))
          record(result, c, benchmark)
          blackHole(result)
        }
      }
    }
  }
}
