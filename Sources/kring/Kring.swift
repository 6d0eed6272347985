import ArgumentParser
import Foundation
import Pipeline

/// The `kring` command: parses arguments, runs a subcommand, and maps failures to the exit
/// codes of DESIGN.md (1 for bad input, 2 for a usage error, 3 for `--strict`, 130 and 143
/// when stopped by SIGINT or SIGTERM).
@main
struct Kring: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kring",
    abstract: "Form and schedule peer-learning groups from intake interviews.",
    discussion: """
      Kring reads an intake batch (CSV or JSON), checks and scores every candidate, forms \
      groups that follow the programme's rules, and schedules their sessions. Rules live in \
      one kring.yaml; see the README.
      """,
    version: KringInfo.version,
    subcommands: [
      PlanCommand.self, FormCommand.self, ScheduleCommand.self, IntakeCommand.self,
      GenerateCommand.self, MDGPCommand.self,
      ExplainCommand.self, DiffCommand.self, MoveCommand.self, ServeCommand.self,
      ExportCommand.self,
    ]
  )

  static func main() {
    SignalExit.install()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let failure as CommandFailure {
      if !failure.message.isEmpty { printError(failure.message) }
      Foundation.exit(failure.code)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        exit(withError: error)
      }
      if let exit = error as? ExitCode {
        Foundation.exit(exit.rawValue)
      }
      printError(fullMessage(for: error))
      Foundation.exit(2)
    }
  }
}
