import ArgumentParser
import Foundation
import Grouping
import Intake
import Pipeline
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

/// Checks the output folder before a solve, so that a refusal costs nothing: foreign files
/// without `force`, or any of Kring's output names landing on an input.
func checkOutput(_ path: String, inputs: [String], force: Bool) throws(CommandFailure) {
  try checkedOutput { () throws(Diagnostic) in
    try refuseInputCollisions(OutputFolder.knownNames.sorted(), output: path, inputs: inputs)
    _ = try OutputFolder(path: path, inputs: inputs, force: force)
  }
}

/// Writes every file of a job into the output folder, or none when one would land on an
/// input.
func writeOutputs(
  _ files: [OutputFile], to path: String, inputs: [String], force: Bool
) throws(CommandFailure) {
  try checkedOutput { () throws(Diagnostic) in
    try refuseInputCollisions(files.map(\.name), output: path, inputs: inputs)
    let folder = try OutputFolder(path: path, inputs: inputs, force: force)
    for file in files { try folder.write(Data(file.bytes), to: file.name) }
  }
}

/// Prints what Kring's own audit found and fails with exit code 4 when it found anything.
///
/// A broken hard rule in a plan Kring just wrote is a bug, never a result. The outputs are
/// already written by then, with the finding in `plan.json` and atop the report.
func failOnAudit(_ audit: PlanAudit) throws(CommandFailure) {
  guard !audit.isClean else { return }
  for finding in audit.rules + audit.conflicts { printError("audit: \(finding.message)") }
  throw CommandFailure(
    message:
      "kring: its own audit found \(audit.rules.count) broken rule(s) and \(audit.conflicts.count) conflict(s) in the plan it wrote; this is a bug in Kring: do not use these groups",
    code: 4)
}

/// Prints `plan.json` on standard output, for `--json`.
func printPlanJSON(_ files: [OutputFile]) {
  print(files.first { $0.name == "plan.json" }?.contents ?? "{}", terminator: "")
}

/// Refuses the whole write when any of `names` would land on one of `inputs`.
///
/// `OutputFolder.write` refuses such a file on its own, but only when its turn comes, after
/// the files before it were written; checking first leaves the folder untouched instead of
/// half-written (for example a new `plan.json` beside the old reports).
func refuseInputCollisions(
  _ names: [String], output: String, inputs: [String]
) throws(Diagnostic) {
  func resolved(_ url: URL) -> String { url.standardizedFileURL.resolvingSymlinksInPath().path }
  let protected = Set(inputs.map { resolved(URL(fileURLWithPath: $0)) })
  let folder = URL(fileURLWithPath: output)
  for name in names {
    let target = folder.appendingPathComponent(name)
    if protected.contains(resolved(target)) {
      throw Diagnostic(
        file: target.standardizedFileURL.path, code: "output-is-input",
        message: "refusing to write over an input file; choose another output folder")
    }
  }
}
