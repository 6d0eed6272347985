import Foundation
import Intake

/// Files written at paths the user names (`kring generate -o batch.csv`, `kring intake score
/// -o scores.csv`), with the output folder's care: each is created exclusively in a private
/// staging folder beside its target, flushed to the disk, and renamed into place only when
/// every file of the command is written, so a failure or a signal leaves the old files.
package enum OutputFiles {
  /// Writes `files`, all or none.
  ///
  /// - Parameters:
  ///   - overwrite: replace existing files (`--force`); otherwise an existing file (or a
  ///     symlink by its name) refuses the whole write.
  ///   - inputs: files the command read; none of them is ever overwritten.
  /// - Throws: `output-exists`, `output-is-directory`, `output-is-input`, `output-disk-full`
  ///   or `output-unwritable`; nothing is written then.
  package static func write(
    _ files: [(path: String, contents: String)], overwrite: Bool, inputs: [String] = [],
    faults: WriteFaults? = WriteFaults.fromEnvironment()
  ) throws(Diagnostic) {
    let protected = Set(inputs.map(OutputFolder.resolved))
    var existing: [String] = []
    var byFolder: [String: [(name: String, contents: String)]] = [:]
    var order: [String] = []
    for file in files {
      let url = URL(fileURLWithPath: file.path)
      let folder = url.deletingLastPathComponent().path
      let name = url.lastPathComponent
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory)
      if exists && isDirectory.boolValue {
        throw Diagnostic(
          file: file.path, code: "output-is-directory",
          message: "is a directory; give a file name for the output")
      }
      if protected.contains(OutputFolder.resolved(file.path)) {
        throw Diagnostic(
          file: file.path, code: "output-is-input",
          message: "refusing to write over an input file; choose another output file")
      }
      // A dangling symlink counts as existing too: it would be replaced.
      if exists || (try? FileManager.default.destinationOfSymbolicLink(atPath: file.path)) != nil {
        existing.append(file.path)
      }
      if byFolder[folder] == nil { order.append(folder) }
      byFolder[folder, default: []].append((name, file.contents))
    }
    if !existing.isEmpty && !overwrite {
      throw Diagnostic(
        file: existing[0], code: "output-exists",
        message: "already exists"
          + (existing.count > 1 ? " (and \(existing.count - 1) more of the output files)" : "")
          + "; pass --force to overwrite")
    }
    for folder in order {
      do {
        try FileManager.default.createDirectory(
          atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw Diagnostic(
          file: folder, code: "output-unwritable",
          message: "cannot create the directory: \(error.localizedDescription)")
      }
      do throws(WriteFailure) {
        let staged = try StagedWrite(root: try DirectoryHandle(path: folder), faults: faults)
        for file in byFolder[folder] ?? [] { try staged.add(file.name, Array(file.contents.utf8)) }
        try staged.commit(replacing: [])
      } catch {
        throw OutputFolder.diagnostic(error)
      }
    }
  }
}
