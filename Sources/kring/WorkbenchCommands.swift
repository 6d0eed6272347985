import ArgumentParser
import Foundation
import Intake
import Pipeline
import Reports
import Workbench
import WorkbenchServer

/// `kring serve`: the coordinator's workbench, a local web app.
struct ServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract:
      "The coordinator's workbench: a local web app to plan, move people, lock and re-solve.",
    discussion: """
      Serves the workbench at http://127.0.0.1:PORT/ (and only there: nobody else on the \
      network can reach it). The workspace folder holds a SQLite database with every cohort, \
      upload, plan version, lock, pin and move; `kring export` writes any version to a normal \
      output folder. Stop it with Ctrl-C.
      """
  )

  @Option(help: "The workspace folder (created when missing).")
  var workspace: String = "kring-workspace"

  @Option(help: "The port to listen on.")
  var port: Int = 8080

  @Option(
    help: """
      Serve another address than 127.0.0.1, such as 0.0.0.0. The workbench has no accounts: \
      anyone who can reach the address can read and change every cohort.
      """)
  var host: String?

  @Option(help: "Solves running at once (each cohort runs one at a time).")
  var solves: Int = 1

  func validate() throws {
    guard (1...65535).contains(port) else {
      throw ValidationError("--port must be 1 to 65535, got \(port)")
    }
    guard (1...16).contains(solves) else {
      throw ValidationError("--solves must be 1 to 16, got \(solves)")
    }
  }

  func run() throws {
    let address = host ?? "127.0.0.1"
    if host != nil && !["127.0.0.1", "localhost", "::1"].contains(address) {
      printError(
        "kring serve: warning: serving \(address); the workbench has no accounts, so anyone who reaches it can read and change every cohort"
      )
    }
    let workbench: Workbench
    do {
      workbench = try Workbench(
        folder: workspace, settings: Workbench.Settings(concurrentSolves: solves))
    } catch {
      throw CommandFailure(message: "\(workspace): \(error.message)", code: 1)
    }
    let server = WorkbenchServer(workbench: workbench, host: address, port: port)
    let failure = ServeFailure()
    let done = DispatchSemaphore(value: 0)
    Task {
      do {
        try await server.run { bound in
          let host = address.contains(":") ? "[\(address)]" : address
          // Written at once (not through print's buffer), so that a script reading the
          // output learns the address as soon as the server listens.
          FileHandle.standardOutput.write(
            Data(
              "Kring workbench: http://\(host):\(bound)/ (workspace \(workspace)); Ctrl-C stops it.\n"
                .utf8))
        }
      } catch {
        failure.set("\(error)")
      }
      done.signal()
    }
    done.wait()
    if let message = failure.message {
      let reason =
        message.contains("Address already in use")
        ? "port \(port) on \(address) is already in use (another kring serve?); choose another with --port"
        : message
      throw CommandFailure(message: "kring serve: \(reason)", code: 1)
    }
  }
}

/// The server's failure, handed from its task to the command.
final class ServeFailure: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: String?
  func set(_ text: String) { lock.withLock { stored = text } }
  var message: String? { lock.withLock { stored } }
}

/// `kring move`: one hand move, checked by the plan's own rules, with a full output folder.
struct MoveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "move",
    abstract: "Move one person into another group, checked by the plan's rules, or refuse.",
    discussion: """
      Checks the move with the plan's own rule set (as kring explain --candidate does) and \
      against its schedule; applies it, describes both groups anew, audits the plan and \
      writes a full output folder. A move that breaks a rule is refused with every rule \
      named (exit 1) and nothing is written.
      """
  )

  @Argument(help: "The plan.json to change.")
  var plan: String

  @Argument(help: "The candidate to move, e.g. c17.")
  var candidate: String

  @Argument(help: "The group to move them into, e.g. G03.")
  var group: String

  @OptionGroup var outputs: OutputOptionsGroup

  func run() throws {
    let inputs = [plan]
    try checkOutput(outputs.output, inputs: inputs, force: outputs.force)
    let document = try checkedInput { () throws(DiagnosticList) in try PlanFile.load(plan) }
    let language = outputs.languageChoice ?? PlanExport.language(of: document)
    let outcome: MoveOutcome
    do {
      outcome = try PlanMove.apply(
        document, candidate: candidate, to: group, file: plan, language: language)
    } catch {
      switch error {
      case .invalid(let list): throw CommandFailure.input(list.diagnostics)
      case .refused(let refusal):
        let lines =
          refusal.breaks.map { "\(plan): \(refusal.group): \($0.code): \($0.message)" }
          + refusal.conflicts.map { "\(plan): \(refusal.group): \($0.code): \($0.message)" }
        throw CommandFailure(
          message: lines.joined(separator: "\n")
            + "\nkring move: refused: moving \(refusal.candidate) to \(refusal.group) breaks \(refusal.breaks.count + refusal.conflicts.count) rule(s); nothing was written",
          code: 1)
      }
    }
    let files = try checkedInput { () throws(DiagnosticList) in
      try PlanExport.files(
        outcome.plan, file: plan, language: outputs.languageChoice,
        pseudonymize: outputs.pseudonymize, now: outputs.nowDate)
    }
    try writeOutputs(files, to: outputs.output, inputs: inputs, force: outputs.force)
    if outputs.json {
      printPlanJSON(files)
    } else {
      let before = Dictionary(
        outcome.before.map { ($0.id, $0.scores.diversity) }, uniquingKeysWith: { a, _ in a })
      let changes = outcome.after.map {
        "\($0.id) \(NumberText.rounded(before[$0.id] ?? 0, places: 3)) → \(NumberText.rounded($0.scores.diversity, places: 3))"
      }
      print(
        "Moved \(outcome.move.candidate) from \(outcome.move.from ?? "unplaced") to \(group); diversity \(changes.joined(separator: ", ")); objective \(outcome.change.deltaObjective >= 0 ? "+" : "")\(NumberText.rounded(outcome.change.deltaObjective, places: 3))."
      )
      printOut(
        Summary.audited(
          outcome.audit,
          language: outputs.languageChoice ?? PlanExport.language(of: outcome.plan)))
      printOut("Wrote \(outputs.output)/.")
    }
    try failOnAudit(outcome.audit)
  }
}

/// `kring export`: a plan version from a workspace to a normal output folder.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a plan version of a workbench workspace to a normal output folder.",
    discussion: """
      Without VERSION, lists the workspace's cohorts and their plan versions. With it, writes \
      that version's plan.json, reports, CSV files, contracts and calendars, exactly as \
      kring plan writes them, so that nothing is locked in the workspace.
      """
  )

  @Option(help: "The workspace folder of kring serve.")
  var workspace: String = "kring-workspace"

  @Argument(help: "The plan version's id (as in the workbench's address …/plans/ID).")
  var version: Int64?

  @OptionGroup var outputs: OutputOptionsGroup

  func run() throws {
    guard
      FileManager.default.fileExists(
        atPath: (workspace as NSString).appendingPathComponent(WorkspaceStore.fileName))
    else {
      throw CommandFailure(
        message: "\(workspace): not a workspace of kring serve (no \(WorkspaceStore.fileName))",
        code: 1)
    }
    let workbench: Workbench
    do {
      // A reader: a server running on this workspace keeps its solves.
      workbench = try Workbench(folder: workspace, access: .reader)
    } catch {
      throw CommandFailure(message: "\(workspace): \(error.message)", code: 1)
    }
    guard let version else {
      do {
        for cohort in try workbench.cohorts() {
          print("Cohort \(cohort.id): \(cohort.name)")
          for v in try workbench.versions(cohort.id) {
            print("  \(v.id)\tversion \(v.number)\t\(v.status)\t\(v.author)\t\(v.note)")
          }
        }
      } catch {
        throw CommandFailure(message: "\(workspace): \(error.message)", code: 1)
      }
      return
    }
    try checkOutput(outputs.output, inputs: [], force: outputs.force)
    let files: [OutputFile]
    do {
      let document = try workbench.exportPlan(version)
      files = try PlanExport.files(
        document, language: outputs.languageChoice, pseudonymize: outputs.pseudonymize,
        now: outputs.nowDate)
    } catch let error as WorkbenchError {
      throw CommandFailure(message: "\(workspace): version \(version): \(error.message)", code: 1)
    } catch let error as DiagnosticList {
      throw CommandFailure.input(error.diagnostics)
    }
    try writeOutputs(files, to: outputs.output, inputs: [], force: outputs.force)
    if outputs.json {
      printPlanJSON(files)
    } else {
      print("Wrote version \(version) to \(outputs.output)/ (\(files.count) files).")
    }
  }
}
