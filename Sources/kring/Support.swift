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

  /// Invalid input: every diagnostic, one per line (at most ``Messages/limit``), exit code 1.
  static func input(_ diagnostics: [Diagnostic]) -> CommandFailure {
    CommandFailure(message: DiagnosticLines.lines(diagnostics).joined(separator: "\n"), code: 1)
  }
}

/// How diagnostics are printed: one line each, escaped for the terminal, and at most
/// ``limit`` of them, the rest counted, so that a file with a million bad rows prints a page,
/// not a million lines.
enum DiagnosticLines {
  static let limit = 200

  /// The lines for `diagnostics`, with `prefix` before each (such as `skipped: `).
  static func lines(_ diagnostics: [Diagnostic], prefix: String = "") -> [String] {
    var lines = diagnostics.prefix(limit).map {
      prefix + TextSafety.escapedForTerminal($0.description, keepingLines: false)
    }
    if diagnostics.count > limit {
      let rest = diagnostics.count - limit
      lines.append("… and \(rest) more message\(rest == 1 ? "" : "s") not shown")
    }
    return lines
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

/// Writes a line to standard error, every control character escaped.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((TextSafety.escapedForTerminal(text) + "\n").utf8))
}

/// Writes text to standard output, every control character escaped (line ends kept), so that
/// names and messages from a file cannot drive the terminal.
func printOut(_ text: String, terminator: String = "\n") {
  print(TextSafety.escapedForTerminal(text), terminator: terminator)
}

/// Writes JSON to standard output, with the controls JSON allows raw written as escapes.
func printJSON(_ json: String) {
  print(TextSafety.escapedJSON(json), terminator: "")
}

/// The seconds of a `--time-limit` (`90`, `30s`, `2m`, `1h30m`): above 0 and at most a year.
func checkedTimeLimit(_ text: String?) throws(ValidationError) -> Double? {
  guard let text else { return nil }
  guard let seconds = parseDuration(text), seconds > 0 else {
    throw ValidationError(
      "--time-limit \"\(text)\" is not a positive duration; use e.g. 90, 30s, 2m or 1h30m")
  }
  guard seconds <= largestDuration else {
    throw ValidationError("--time-limit \"\(text)\" is longer than a year; use at most 8760h")
  }
  return seconds
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
    _ = try checkedTimeLimit(timeLimit)
    if let iterations, !(1...GroupsConfig.largestIterations).contains(iterations) {
      throw ValidationError(
        "--iterations must be from 1 to \(GroupsConfig.largestIterations), got \(iterations)")
    }
  }

  var timeLimitSeconds: Double? { try? checkedTimeLimit(timeLimit) }
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
  for line in DiagnosticLines.lines(warnings) + DiagnosticLines.lines(skipped, prefix: "skipped: ")
  {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}

/// Checks the output folder before a solve, so that a refusal costs nothing: foreign files
/// without `force`, an input where an output goes, or an earlier run that cannot be replaced.
func checkOutput(_ path: String, inputs: [String], force: Bool) throws(CommandFailure) {
  try checkedOutput { () throws(Diagnostic) in
    try OutputFolder(path: path, inputs: inputs, force: force).check()
  }
}

/// Writes a job's whole run into the output folder, or nothing.
func writeOutputs(
  _ files: [OutputFile], to path: String, inputs: [String], force: Bool
) throws(CommandFailure) {
  try checkedOutput { () throws(Diagnostic) in
    try OutputFolder(path: path, inputs: inputs, force: force).write(files)
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
  printJSON(files.first { $0.name == "plan.json" }?.contents ?? "{}")
}

/// Ends the process on SIGINT (exit 130) or SIGTERM (exit 143) after removing whatever a
/// write in progress has staged, so that the output folder is left as it was (or, when the
/// signal came during the final swap, complete).
enum SignalExit {
  nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

  static func install() {
    for (number, code, name) in [(SIGINT, Int32(130), "SIGINT"), (SIGTERM, Int32(143), "SIGTERM")] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        PendingWrites.shared.abandonAll()
        let note = (standardErrorIsTerminal ? "\r\u{1B}[K" : "") + "kring: stopped by \(name)\n"
        FileHandle.standardError.write(Data(note.utf8))
        _exit(code)
      }
      source.resume()
      sources.append(source)
    }
  }
}
