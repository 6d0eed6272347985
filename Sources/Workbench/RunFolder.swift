import Foundation
import Intake
import Pipeline
import Reports

/// A cohort's files laid out in a folder for one solve, so that the jobs read them exactly
/// as `kring plan` reads files on disk (same readers, same limits, same messages).
///
/// Messages and the plan's recorded rules name the files as the coordinator uploaded them
/// (`intake.csv:3: sector: …`), never the folder, which is removed after the solve.
struct RunFolder {
  let path: String

  init(workspace: String, name: String) throws(WorkbenchError) {
    path = (workspace as NSString).appendingPathComponent("runs/\(name)")
    do {
      try? FileManager.default.removeItem(atPath: path)
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw WorkbenchError(
        status: 500, code: "workspace-error", message: "cannot prepare the solve: \(error)")
    }
  }

  /// Writes `content` as `name` (a bare file name) and returns its path.
  @discardableResult
  func write(_ content: [UInt8], as name: String) throws(WorkbenchError) -> String {
    let target = (path as NSString).appendingPathComponent(Uploads.safeName(name))
    guard FileManager.default.createFile(atPath: target, contents: Data(content)) else {
      throw WorkbenchError(
        status: 500, code: "workspace-error", message: "cannot write \(name) for the solve")
    }
    return target
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }

  /// Removes what solves of a server that stopped mid-solve left behind (only the
  /// workspace's owner may: a running solve's folder is in there too).
  static func removeLeftovers(workspace: String) {
    try? FileManager.default.removeItem(
      atPath: (workspace as NSString).appendingPathComponent("runs"))
  }

  /// A name as the coordinator knows it: the folder's prefix taken off.
  func relative(_ text: String) -> String {
    text.replacingOccurrences(of: path + "/", with: "")
  }

  /// Problems with file names as uploaded.
  func relative(_ list: DiagnosticList) -> [Problem] {
    list.diagnostics.map { d in
      var d = d
      d.file = relative(d.file)
      d.message = relative(d.message)
      return Problem(d)
    }
  }

  /// The plan with the paths in its recorded rules (facilitators and rooms files) as
  /// uploaded.
  func relative(_ plan: PlanDocument) -> PlanDocument {
    var plan = plan
    plan.kring.config = relative(plan.kring.config)
    return plan
  }

  private func relative(_ value: ConfigValue) -> ConfigValue {
    switch value {
    case .string(let text): return .string(relative(text))
    case .list(let items): return .list(items.map(relative))
    case .map(let entries): return .map(entries.mapValues(relative))
    default: return value
    }
  }
}

/// What uploads may be called and how large they may be.
public enum Uploads {
  /// The largest intake file: the intake reader's own limit.
  public static let intakeLimit = IntakeReader.Options().maxFileBytes
  /// The largest `kring.yaml`.
  public static let configLimit = 1_000_000
  /// The largest facilitators or rooms file.
  public static let resourceLimit = 50_000_000

  /// A bare file name: no folders, no leading dots, nothing but letters, digits, `-_. `.
  public static func safeName(_ name: String) -> String {
    let base = (name as NSString).lastPathComponent
    let cleaned = String(
      base.unicodeScalars.map { scalar -> Character in
        CharacterSet.alphanumerics.contains(scalar) || "-_. ".unicodeScalars.contains(scalar)
          ? Character(scalar) : "_"
      }
    ).trimmingCharacters(in: CharacterSet(charactersIn: ". "))
    return cleaned.isEmpty ? "file" : String(cleaned.prefix(120))
  }
}
