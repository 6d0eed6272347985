import Benchmark
import Generator
import Intake

/// Reading, validating and scoring intake batches: the coordinator's first wait.
///
/// The batches are generated in memory (realistic profile, seed 1) and serialised to CSV
/// once, and to an Excel workbook as a form tool downloads it (shared strings, numbers as
/// numbers), so the benchmark measures the readers and the scorer only.
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
    guard let workbook = workbook(csv: bytes) else { continue }
    Benchmark("read \(n) rows of .xlsx") { benchmark in
      for _ in benchmark.scaledIterations {
        blackHole(try? DataTable.parse(bytes: workbook, file: "intake.xlsx"))
      }
    }
    Benchmark("read + validate + score \(n) rows of .xlsx") { benchmark in
      for _ in benchmark.scaledIterations {
        if let read = try? reader.read(bytes: workbook, fileName: "intake.xlsx") {
          blackHole(scorer.score(read))
        }
      }
    }
  }
}

/// The CSV batch as a workbook: numbers as number cells, everything else as shared strings.
func workbook(csv: [UInt8]) -> [UInt8]? {
  guard let table = try? DataTable.parse(bytes: csv, file: "intake.csv") else { return nil }
  let sheet = SpreadsheetTable(
    name: "Form1", header: table.headers,
    rows: table.rows.map { row in
      row.fields.map { text in
        Double(text).map { SpreadsheetCell.number($0) } ?? .text(text)
      }
    })
  return try? XLSXWriter(sharedStrings: true).workbook([sheet])
}
