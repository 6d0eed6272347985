import Benchmark
import Foundation
import Generator
import Pipeline
import Reports

/// `kring plan --time-limit T` on 2 000 generated candidates with facilitators and rooms.
///
/// End to end in process: reading, grouping, scheduling, the diagnosis, rendering and
/// writing the output folder. The wall clock is what the time limit bounds (within 10 % + 1 s);
/// `wall / limit` reports it as parts per thousand of the limit (1 100 + 1 000 / T is the
/// bound). `FaultTests` judges the same run by its status, bound and processor time.
private let ratioMetric = BenchmarkMetric.custom(
  "wall / limit (‰)", polarity: .prefersSmaller, useScalingFactor: false)

/// The generated batch, written once to a temporary folder as `kring generate` writes it.
private let batch: (intake: String, config: String, folder: URL)? = {
  guard
    let generated = try? BatchGenerator.generate(
      GeneratorOptions(
        candidates: 2_000, seed: 1, profile: .realistic, facilitators: .auto, rooms: .auto))
  else { return nil }
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "kring-time-limit-bench-\(getpid())")
  try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  for file in BatchWriter.files(for: generated, output: folder.path + "/") {
    guard (try? Data(file.contents.utf8).write(to: URL(fileURLWithPath: file.path))) != nil
    else { return nil }
  }
  return (folder.path + "/intake.csv", folder.path + "/kring.yaml", folder)
}()

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .cpuTotal, .peakMemoryResident, ratioMetric],
    maxDuration: .seconds(120), maxIterations: 3)
  guard let batch else { return }
  for limit in [3.0, 5.0, 10.0] {
    Benchmark("plan 2000 with resources, --time-limit \(Int(limit))s") { benchmark in
      for _ in benchmark.scaledIterations {
        let started = ContinuousClock.now
        let out = batch.folder.appendingPathComponent("out-\(Int(limit))").path
        guard
          let outcome = try? PlanJob.run(
            PlanRequest(
              form: FormRequest(
                intakePath: batch.intake, configPath: batch.config, timeLimit: limit)))
        else { continue }
        try? OutputFolder(path: out, inputs: [], force: true).write(outcome.files)
        let wall = ContinuousClock.now - started
        let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18
        benchmark.measurement(ratioMetric, Int((seconds / limit * 1000).rounded()))
        blackHole(outcome)
      }
    }
  }
}
