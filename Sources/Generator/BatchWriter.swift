import Foundation
import Intake

/// A file the generator writes: where, and its whole text.
public struct OutputFile: Hashable, Sendable {
  public var path: String
  public var contents: String

  public init(path: String, contents: String) {
    self.path = path
    self.contents = contents
  }
}

/// Lays a generated batch out as files; the command line writes them with the output writer.
public enum BatchWriter {
  /// The files of a batch written to `output`.
  ///
  /// With facilitators or rooms, `output` is a directory holding `intake.csv`,
  /// `facilitators.csv`, `rooms.csv`, `kring.yaml` and, for `planted`, `planted.json`.
  /// Otherwise `output` is the intake CSV, and a planted batch adds `planted.json` beside it.
  public static func files(for batch: GeneratedBatch, output: String) -> [OutputFile] {
    var files: [OutputFile] = []
    if batch.options.includesResources {
      let directory = output.hasSuffix("/") ? String(output.dropLast()) : output
      func inside(_ name: String) -> String { directory.isEmpty ? name : "\(directory)/\(name)" }
      files.append(OutputFile(path: inside("intake.csv"), contents: batch.intakeCSV()))
      if batch.options.facilitators != nil {
        files.append(
          OutputFile(path: inside("facilitators.csv"), contents: batch.facilitatorsCSV()))
      }
      if batch.options.rooms != nil {
        files.append(OutputFile(path: inside("rooms.csv"), contents: batch.roomsCSV()))
      }
      files.append(OutputFile(path: inside("kring.yaml"), contents: batch.configYAML()))
      if let json = batch.plantedJSON() {
        files.append(OutputFile(path: inside("planted.json"), contents: json))
      }
    } else {
      files.append(OutputFile(path: output, contents: batch.intakeCSV()))
      if let json = batch.plantedJSON() {
        let directory = (output as NSString).deletingLastPathComponent
        let sidecar = directory.isEmpty ? "planted.json" : "\(directory)/planted.json"
        files.append(OutputFile(path: sidecar, contents: json))
      }
    }
    return files
  }
}
