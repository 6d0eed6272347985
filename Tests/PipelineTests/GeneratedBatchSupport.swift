import Foundation
import Generator
import Intake
import Pipeline
import Reports

/// A generated batch laid out in a fresh temporary folder, removed again by `remove()`.
///
/// The folder's name is unique per call so that parallel tests never share files; nothing
/// in the plans depends on it (plans record only the intake's file name).
struct BatchFolder {
  let path: String
  let batch: GeneratedBatch

  /// Writes `batch` as `kring generate -o DIR` would (intake, resources, `kring.yaml`), with
  /// `configLines` appended to `kring.yaml` (whose last section is `schedule:`).
  init(_ batch: GeneratedBatch, appendingToConfig configLines: [String] = []) throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kring-pipeline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    path = folder.path
    self.batch = batch
    // Always a folder layout: the intake alone is written as intake.csv beside kring.yaml.
    try Data(batch.intakeCSV().utf8).write(to: folder.appendingPathComponent("intake.csv"))
    if batch.options.facilitators != nil {
      try Data(batch.facilitatorsCSV().utf8)
        .write(to: folder.appendingPathComponent("facilitators.csv"))
    }
    if batch.options.rooms != nil {
      try Data(batch.roomsCSV().utf8).write(to: folder.appendingPathComponent("rooms.csv"))
    }
    let config = batch.configYAML() + configLines.map { $0 + "\n" }.joined()
    try Data(config.utf8).write(to: folder.appendingPathComponent("kring.yaml"))
  }

  var intakePath: String { path + "/intake.csv" }
  var configPath: String { path + "/kring.yaml" }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The number of people in a plan's groups.
func placedCount(_ plan: PlanDocument) -> Int {
  plan.groups.reduce(0) { $0 + $1.members.count }
}
