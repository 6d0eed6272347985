import Foundation
import Intake

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A folder Kring writes a run's outputs into, whole or not at all.
///
/// The run is staged in a private folder beside the outputs and swapped in at the end, and
/// every output of an earlier run that the new run does not write is removed with it, so the
/// folder always holds exactly one complete run: the earlier one or the new one. No name
/// inside the folder is resolved through a symlink (a planted `groups` or `plan.json` link
/// is replaced, never followed). A folder holding files Kring did not write is refused unless
/// `force` is set, and nothing is ever written over, or removed from under, an input file.
public struct OutputFolder: Sendable {
  /// The names a run writes at the top of an output folder; an earlier run's entries by these
  /// names are replaced or removed by the next run.
  public static let runNames: Set<String> = [
    "plan.json", "run.json", "report.html", "report.md", "groups.csv", "schedule.csv",
    "unplaced.csv", "plan.xlsx", "changes.md", "facilitators", "groups",
  ]

  /// Every name that does not make a folder foreign: a run's outputs, the scores a
  /// coordinator may have written beside them, and the Finder's litter.
  public static let knownNames: Set<String> = runNames.union(["scores.csv", ".DS_Store"])

  /// The folder as the user named it.
  public let path: String
  let inputs: [String]
  let force: Bool
  /// Injected faults, for tests only; the real binary reads `KRING_TEST_FAULTS`.
  package var faults: WriteFaults? = WriteFaults.fromEnvironment()

  /// A folder to write into; nothing is checked or created yet.
  ///
  /// - Parameters:
  ///   - inputs: paths of the files the run read; none of them is ever overwritten or removed.
  ///   - force: write even when the folder holds files Kring did not write.
  public init(path: String, inputs: [String], force: Bool) {
    self.path = path
    self.inputs = inputs.map(Self.resolved)
    self.force = force
  }

  /// Checks, without writing anything, that a run could be written here: the folder (if it
  /// exists) holds nothing foreign, no input lies where an output goes, and the earlier run's
  /// files can be replaced.
  public func check() throws(Diagnostic) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
    guard isDirectory.boolValue else {
      throw Diagnostic(
        file: path, code: "output-not-a-folder",
        message: "the output path is a file, not a folder; choose a folder with -o")
    }
    let root: DirectoryHandle
    do {
      root = try DirectoryHandle(path: path)
    } catch {
      throw Self.diagnostic(error)
    }
    try check(root)
  }

  private func check(_ root: DirectoryHandle) throws(Diagnostic) {
    let entries: [String]
    do {
      entries = try root.names()
    } catch {
      throw Self.diagnostic(error)
    }
    let foreign = entries.filter {
      !Self.knownNames.contains($0) && !$0.hasPrefix(StagedWrite.workPrefix)
    }
    if !foreign.isEmpty && !force {
      let shown = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", …" : "")
      throw Diagnostic(
        file: path, code: "output-not-empty",
        message:
          "the output folder holds files Kring did not write (\(shown)); choose an empty folder or add --force"
      )
    }
    let folder = Self.resolved(path)
    for name in Self.runNames.sorted() {
      let target = folder + "/" + name
      if inputs.contains(where: { $0 == target || $0.hasPrefix(target + "/") }) {
        throw Diagnostic(
          file: URL(fileURLWithPath: path).appendingPathComponent(name).standardizedFileURL.path,
          code: "output-is-input",
          message: "refusing to write over an input file; choose another output folder")
      }
    }
    guard faccessat(root.fd, ".", W_OK | X_OK, AT_EACCESS) == 0 else {
      throw Diagnostic(
        file: path, code: "output-unwritable",
        message: "cannot write into the output folder: \(String(cString: strerror(errno)))")
    }
    for name in entries where Self.runNames.contains(name) {
      if let blocked = root.firstUnremovable(under: name) {
        throw Diagnostic(
          file: blocked, code: "output-unwritable",
          message:
            "the earlier run's files here cannot be replaced (read-only); make them writable or choose another output folder"
        )
      }
    }
  }

  /// Writes a whole run: `files` (paths relative to the folder, `groups/G01/contract.md`)
  /// replace every output of the earlier run, or, when anything fails, nothing changes.
  ///
  /// - Throws: `output-disk-full` when the disk is full, `output-unwritable` when the folder
  ///   cannot be written, and the refusals of ``check()``; the folder is then as it was.
  public func write(_ files: [OutputFile]) throws(Diagnostic) {
    for file in files {
      let top = String(file.name.prefix { $0 != "/" })
      guard Self.runNames.contains(top) else {
        throw Diagnostic(
          file: path, code: "internal",
          message: "\(file.name) is not one of the outputs of a run; nothing was written")
      }
    }
    try check()
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw Diagnostic(
        file: path, code: "output-unwritable",
        message: "cannot create the output folder: \(error.localizedDescription)")
    }
    let root: DirectoryHandle
    let staged: StagedWrite
    do {
      root = try DirectoryHandle(path: path)
      staged = try StagedWrite(root: root, faults: faults)
    } catch {
      throw Self.diagnostic(error)
    }
    // Checked again under the folder's lock (the solve may have taken a while); a refusal
    // leaves the staging folder to `staged`, which removes it.
    try check(root)
    do {
      for file in files { try staged.add(file.name, file.bytes) }
      try staged.commit(replacing: Self.runNames)
    } catch {
      throw Self.diagnostic(error)
    }
  }

  /// A path with `.`, `..` and every symlink resolved, to compare inputs with outputs.
  static func resolved(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  /// The diagnostic of a failed write: one clear message, and the promise that nothing
  /// changed.
  static func diagnostic(_ failure: WriteFailure) -> Diagnostic {
    if failure.isDiskFull {
      return Diagnostic(
        file: failure.path, code: "output-disk-full",
        message:
          "the disk is full (\(failure.reason)); nothing was written and earlier outputs are as they were"
      )
    }
    return Diagnostic(
      file: failure.path, code: "output-unwritable",
      message:
        "cannot \(failure.operation): \(failure.reason); nothing was written and earlier outputs are as they were"
    )
  }
}
