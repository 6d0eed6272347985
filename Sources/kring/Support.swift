import ArgumentParser
import Foundation
import Grouping
import Intake
import Reports

/// A failure with a message for standard error and one of Kring's exit codes.
struct CommandFailure: Error {
  var message: String
  var code: Int32

  /// Invalid input: every diagnostic, one per line, exit code 1.
  static func input(_ diagnostics: [Diagnostic]) -> CommandFailure {
    CommandFailure(message: diagnostics.map(\.description).joined(separator: "\n"), code: 1)
  }
}

/// Runs `body`, turning its diagnostics into an input failure (exit code 1).
func checkedInput<T>(_ body: () throws(DiagnosticList) -> T) throws(CommandFailure) -> T {
  do {
    return try body()
  } catch {
    throw CommandFailure.input(error.diagnostics)
  }
}

/// Runs `body`, turning its diagnostic into an input failure (exit code 1).
func checkedOutput<T>(_ body: () throws(Diagnostic) -> T) throws(CommandFailure) -> T {
  do {
    return try body()
  } catch {
    throw CommandFailure.input([error])
  }
}

/// Writes a line to standard error.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Whether standard error is a terminal (progress bars go there only).
var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

/// Options every solving command shares.
struct SolveOptionsGroup: ParsableArguments {
  @Option(
    name: [.short, .customLong("config")], help: "The kring.yaml with the programme's rules.")
  var config: String?

  @Option(
    name: .customLong("set"),
    help: "Override a kring.yaml key, e.g. groups.size.min=4 (repeatable).")
  var overrides: [String] = []

  @Option(help: "A safety-net time limit: 90, 30s, 2m, 1h30m.")
  var timeLimit: String?

  @Option(help: "The search budget per searched component (the reproducible stopping rule).")
  var iterations: Int?

  @Option(help: "The random seed; the same seed and budget give byte-identical outputs.")
  var seed: UInt64?

  @Flag(help: "Print nothing but errors.")
  var quiet = false

  func validate() throws {
    if let timeLimit, parseDuration(timeLimit) == nil {
      throw ValidationError(
        "--time-limit \"\(timeLimit)\" is not a duration; use e.g. 90, 30s, 2m or 1h30m")
    }
    if let iterations, iterations < 1 {
      throw ValidationError("--iterations must be at least 1, got \(iterations)")
    }
  }

  var timeLimitSeconds: Double? { timeLimit.flatMap(parseDuration) }
}

/// A one-line progress bar on standard error, shown only on a terminal and only once a
/// solve has run for a second.
final class ProgressBar: @unchecked Sendable {
  private let lock = NSLock()
  private let enabled: Bool
  private var shown = false

  init(enabled: Bool) { self.enabled = enabled && standardErrorIsTerminal }

  func update(_ p: FormationProgress) {
    guard enabled else { return }
    lock.withLock {
      guard p.elapsed >= 1 || shown else { return }
      shown = true
      let width = 24
      let fraction = p.people > 0 ? Double(p.peopleDone) / Double(p.people) : 1
      let filled = Int((fraction * Double(width)).rounded())
      let bar =
        String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
      let line = String(
        format: "\r%@ %d/%d components · objective %.3f · %.1fs", bar, p.componentsDone,
        p.components,
        p.objective, p.elapsed)
      FileHandle.standardError.write(Data(line.utf8))
    }
  }

  func finish() {
    guard enabled else { return }
    lock.withLock {
      if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
  }
}

/// ANSI colours for the summary, only when standard output is a terminal and `NO_COLOR` is
/// unset, so that files and pipes get plain text.
enum Style {
  static let enabled: Bool =
    isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

  static func good(_ text: String) -> String { paint(text, "32") }
  static func warn(_ text: String) -> String { paint(text, "33") }
  static func bold(_ text: String) -> String { paint(text, "1") }

  private static func paint(_ text: String, _ code: String) -> String {
    enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}

/// Runs a solving job with the progress bar, which is cleared whether the job succeeds or not.
func solving<T>(_ bar: ProgressBar, _ body: () throws(DiagnosticList) -> T) throws(CommandFailure)
  -> T
{
  defer { bar.finish() }
  return try checkedInput(body)
}

/// Prints reading warnings and the rows left out by `--skip-invalid` to standard error.
func printWarnings(_ warnings: [Diagnostic], skipped: [Diagnostic] = []) {
  for warning in warnings { printError(warning.description) }
  for row in skipped { printError("skipped: \(row)") }
}

/// Opens the output folder (refusing foreign files unless `force`, never over an input).
func openOutput(_ path: String, inputs: [String], force: Bool) throws(CommandFailure)
  -> OutputFolder
{
  try checkedOutput { () throws(Diagnostic) in
    try OutputFolder(path: path, inputs: inputs, force: force)
  }
}

/// Writes every file of a job into the output folder.
func write(_ files: [(name: String, contents: String)], to folder: OutputFolder)
  throws(CommandFailure)
{
  try checkedOutput { () throws(Diagnostic) in
    for file in files { try folder.write(file.contents, to: file.name) }
  }
}

/// Prints `plan.json` on standard output, for `--json`.
func printPlanJSON(_ files: [(name: String, contents: String)]) {
  print(files.first { $0.name == "plan.json" }?.contents ?? "{}", terminator: "")
}
