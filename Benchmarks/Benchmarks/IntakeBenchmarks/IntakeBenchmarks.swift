import Benchmark
import Generator
import Intake

/// Reading, validating and scoring intake batches: the coordinator's first wait.
///
/// The batches are generated in memory (realistic profile, seed 1) and serialised to CSV
/// once, so the benchmark measures the reader and scorer only.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
    maxDuration: .seconds(10), maxIterations: 50)

  for n in [1_000, 10_000] {
    guard let batch = try? BatchGenerator.generate(GeneratorOptions(candidates: n, seed: 1)) else {
      continue
    }
    let bytes = Array(batch.intakeCSV().utf8)
    let reader = IntakeReader(options: .init(requireLevel: true))
    let scorer = IntakeScorer()
    Benchmark("read + validate + score \(n) rows") { benchmark in
      for _ in benchmark.scaledIterations {
        if let read = try? reader.read(bytes: bytes, fileName: "intake.csv") {
          blackHole(scorer.score(read))
        }
      }
    }
  }
}
