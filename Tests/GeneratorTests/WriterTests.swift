import Foundation
import Intake
import Testing

@testable import Generator

@Suite("Writing files")
struct WriterTests {
  private func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "kring-generator-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test("a directory batch holds the intake, resources, config and planted solution")
  func directoryLayout() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let batch = try generate(60, seed: 1, .planted, facilitators: .auto, rooms: .auto)
    let files = BatchWriter.files(for: batch, output: root + "/out")
    #expect(
      files.map(\.path)
        == ["intake.csv", "facilitators.csv", "rooms.csv", "kring.yaml", "planted.json"]
        .map { root + "/out/" + $0 })
    try BatchWriter.write(files, force: false)
    for file in files {
      #expect(try String(contentsOfFile: file.path, encoding: .utf8) == file.contents)
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: root + "/out")
    #expect(
      leftovers.sorted() == [
        "facilitators.csv", "intake.csv", "kring.yaml", "planted.json", "rooms.csv",
      ])
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

  @Test("existing files are kept unless forced")
  func refusesOverwrite() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let path = root + "/batch.csv"
    try "keep me".write(toFile: path, atomically: true, encoding: .utf8)
    let batch = try generate(20, seed: 1, .realistic)
    let files = BatchWriter.files(for: batch, output: path)
    #expect {
      try BatchWriter.write(files, force: false)
    } throws: { error in
      (error as? Diagnostic)?.code == "output-exists"
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    try BatchWriter.write(files, force: true)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == batch.intakeCSV())
  }

  @Test("a directory in the way of a file is an error")
  func directoryInTheWay() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let batch = try generate(20, seed: 1, .realistic)
    #expect {
      try BatchWriter.write(BatchWriter.files(for: batch, output: root), force: true)
    } throws: { error in
      (error as? Diagnostic)?.code == "output-is-directory"
    }
  }
}
