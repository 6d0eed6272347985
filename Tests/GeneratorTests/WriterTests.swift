import Foundation
import Intake
import Testing

@testable import Generator

@Suite("Laying out generated files")
struct WriterTests {
  @Test("a directory batch holds the intake, resources, config and planted solution")
  func directoryLayout() throws {
    let batch = try generate(60, seed: 1, .planted, facilitators: .auto, rooms: .auto)
    let files = BatchWriter.files(for: batch, output: "root/out/")
    #expect(
      files.map(\.path)
        == ["intake.csv", "facilitators.csv", "rooms.csv", "kring.yaml", "planted.json"]
        .map { "root/out/" + $0 })
    #expect(files[0].contents == batch.intakeCSV())
    #expect(files.allSatisfy { !$0.contents.isEmpty })
  }

  @Test("a single planted file gets planted.json beside it")
  func sidecar() throws {
    let batch = try generate(12, seed: 1, .planted)
    #expect(
      BatchWriter.files(for: batch, output: "a/b/batch.csv").map(\.path) == [
        "a/b/batch.csv", "a/b/planted.json",
      ])
    #expect(
      BatchWriter.files(for: batch, output: "batch.csv").map(\.path) == [
        "batch.csv", "planted.json",
      ])
    let realistic = try generate(12, seed: 1, .realistic)
    #expect(BatchWriter.files(for: realistic, output: "batch.csv").map(\.path) == ["batch.csv"])
  }
}
