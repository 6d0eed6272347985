import Foundation
import Intake

/// A folder Kring writes its outputs into, safely.
///
/// Every file is written to a temporary name beside it and renamed into place, so a reader
/// never sees half a file. A folder holding files Kring did not write is refused unless
/// `force` is set, and nothing is ever written over one of the run's input files.
public struct OutputFolder: Sendable {
  /// The names Kring writes at the top of an output folder.
  public static let knownNames: Set<String> = [
    "plan.json", "run.json", "report.html", "report.md", "groups.csv", "schedule.csv",
    "unplaced.csv", "plan.xlsx",
    "scores.csv", "facilitators", "groups", ".DS_Store",
  ]

  public let path: String
  let inputs: Set<String>

  /// Opens (and creates) `path` for writing.
  ///
  /// - Parameters:
  ///   - inputs: paths of the files the run read; none of them is ever overwritten.
  ///   - force: write even when the folder holds files Kring did not write.
  public init(path: String, inputs: [String], force: Bool) throws(Diagnostic) {
    let manager = FileManager.default
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    self.path = absolute
    self.inputs = Set(
      inputs.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path })
    var isDirectory: ObjCBool = false
    if manager.fileExists(atPath: absolute, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw Diagnostic(
          file: path, code: "output-not-a-folder",
          message: "the output path is a file, not a folder; choose a folder with -o")
      }
      let entries = ((try? manager.contentsOfDirectory(atPath: absolute)) ?? []).sorted()
      let foreign = entries.filter { !Self.knownNames.contains($0) && !$0.hasPrefix(".kring-") }
      if !foreign.isEmpty && !force {
        let shown = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", …" : "")
        throw Diagnostic(
          file: path, code: "output-not-empty",
          message:
            "the output folder holds files Kring did not write (\(shown)); choose an empty folder or add --force"
        )
      }
    } else {
      do {
        try manager.createDirectory(atPath: absolute, withIntermediateDirectories: true)
      } catch {
        throw Diagnostic(
          file: path, code: "output-unwritable",
          message: "cannot create the output folder: \(error.localizedDescription)")
      }
    }
  }

  /// Writes `contents` to `name` (which may hold subfolders) atomically.
  public func write(_ contents: String, to name: String) throws(Diagnostic) {
    try write(Data(contents.utf8), to: name)
  }

  /// Writes `data` to `name` (which may hold subfolders) atomically.
  public func write(_ data: Data, to name: String) throws(Diagnostic) {
    let target = URL(fileURLWithPath: path).appendingPathComponent(name).standardizedFileURL
    let resolved = target.resolvingSymlinksInPath().path
    if inputs.contains(resolved) || inputs.contains(target.path) {
      throw Diagnostic(
        file: target.path, code: "output-is-input",
        message: "refusing to write over an input file; choose another output folder")
    }
    let folder = target.deletingLastPathComponent()
    let manager = FileManager.default
    do {
      try manager.createDirectory(at: folder, withIntermediateDirectories: true)
      let temporary = folder.appendingPathComponent(
        ".kring-\(target.lastPathComponent).\(getpid()).tmp")
      try data.write(to: temporary)
      if rename(temporary.path, target.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? manager.removeItem(at: temporary)
        throw Diagnostic(
          file: target.path, code: "output-unwritable", message: "cannot write: \(reason)")
      }
    } catch let diagnostic as Diagnostic {
      throw diagnostic
    } catch {
      throw Diagnostic(
        file: target.path, code: "output-unwritable",
        message: "cannot write: \(error.localizedDescription)")
    }
  }
}

/// Encodes values as Kring's JSON: sorted keys, two-space indentation, a final newline.
public func kringJSON<T: Encodable>(_ value: T) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
  guard let data = try? encoder.encode(value) else { return "{}\n" }
  return String(decoding: data, as: UTF8.self) + "\n"
}
