import Foundation
import Intake

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file the generator writes: where, and its whole text.
public struct OutputFile: Hashable, Sendable {
  public var path: String
  public var contents: String

  public init(path: String, contents: String) {
    self.path = path
    self.contents = contents
  }
}

/// Lays a generated batch out as files and writes them atomically.
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

  /// Writes every file through a temporary file and a rename, creating missing directories.
  ///
  /// Nothing is written when any target exists and `force` is false, so a refused run leaves
  /// no half-written batch behind.
  public static func write(_ files: [OutputFile], force: Bool) throws(Diagnostic) {
    let manager = FileManager.default
    var existing: [String] = []
    for file in files {
      var isDirectory: ObjCBool = false
      if manager.fileExists(atPath: file.path, isDirectory: &isDirectory) {
        if isDirectory.boolValue {
          throw Diagnostic(
            file: file.path, code: "output-is-directory",
            message: "is a directory; give a file name for the output")
        }
        existing.append(file.path)
      }
    }
    if !existing.isEmpty && !force {
      throw Diagnostic(
        file: existing[0], code: "output-exists",
        message: "already exists"
          + (existing.count > 1 ? " (and \(existing.count - 1) more of the output files)" : "")
          + "; pass --force to overwrite")
    }
    for file in files {
      let url = URL(fileURLWithPath: file.path)
      let directory = url.deletingLastPathComponent()
      do {
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
      } catch {
        throw Diagnostic(
          file: directory.path, code: "output-unwritable",
          message: "cannot create the directory: \(error.localizedDescription)")
      }
      let temporary = directory.appendingPathComponent(
        ".\(url.lastPathComponent).kring-\(getpid()).tmp")
      // A temporary file left by a crashed run with the same process id is ours to replace.
      try? manager.removeItem(at: temporary)
      do {
        try Data(file.contents.utf8).write(to: temporary, options: [.withoutOverwriting])
      } catch {
        throw Diagnostic(
          file: file.path, code: "output-unwritable",
          message: "cannot write: \(error.localizedDescription)")
      }
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? manager.removeItem(at: temporary)
        throw Diagnostic(
          file: file.path, code: "output-unwritable", message: "cannot write: \(reason)")
      }
    }
  }
}
