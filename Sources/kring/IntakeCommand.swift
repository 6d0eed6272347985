import ArgumentParser
import Foundation
import Intake
import Pipeline
import Reports

/// `kring intake`: check and score an intake batch without forming groups.
struct IntakeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "intake",
    abstract: "Check or score an intake batch.",
    subcommands: [Check.self, Score.self]
  )

  struct Common: ParsableArguments {
    @Argument(help: "The intake file (CSV or JSON).")
    var intake: String

    @Option(
      name: [.short, .customLong("config")], help: "The kring.yaml with the programme's rules.")
    var config: String?

    @Option(name: .customLong("set"), help: "Override a kring.yaml key (repeatable).")
    var overrides: [String] = []

    @Flag(help: "Leave out invalid rows (each is listed) instead of stopping.")
    var skipInvalid = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false
  }

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate a batch: exit 0 when valid, 1 with every problem listed.")

    @OptionGroup var common: Common

    func run() throws {
      let (_, batch) = try checkedInput { () throws(DiagnosticList) in
        try IntakeJob.check(
          intakePath: common.intake, configPath: common.config, overrides: common.overrides,
          skipInvalid: common.skipInvalid)
      }
      printWarnings(batch.warnings, skipped: batch.skipped)
      if !common.quiet {
        let skipped = Set(batch.skipped.compactMap(\.line)).count
        printOut(
          "\(common.intake): \(batch.candidates.count) candidates, valid"
            + (batch.warnings.isEmpty ? "" : ", \(batch.warnings.count) warning(s)")
            + (skipped > 0 ? ", \(skipped) row(s) skipped" : "") + ".")
      }
    }
  }

  struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Score every candidate and forecast who can be placed.")

    @OptionGroup var common: Common

    @Flag(help: "Count follow-up candidates as participants in the forecast.")
    var includeFollowUp = false

    @Flag(help: "Print the scores as JSON.")
    var json = false

    @Option(name: [.short, .customLong("output")], help: "Also write the scores to this CSV file.")
    var output: String?

    @Flag(help: "Overwrite the CSV file when it exists.")
    var force = false

    func run() throws {
      let result = try checkedInput { () throws(DiagnosticList) in
        try IntakeJob.score(
          intakePath: common.intake, configPath: common.config, overrides: common.overrides,
          skipInvalid: common.skipInvalid, includeFollowUp: includeFollowUp)
      }
      if !common.quiet {
        printWarnings(result.batch.warnings)
      }
      // Everything is rendered (and checked) before the CSV file is written.
      let text =
        json
        ? try checkedOutput { () throws(Diagnostic) in
          try kringJSON(result.report, file: "JSON")
        } : result.report.text()
      if let output {
        let inputs = [common.intake, common.config].compactMap { $0 }
        try checkedOutput { () throws(Diagnostic) in
          try OutputFiles.write(
            [(output, result.report.csv())], overwrite: force, inputs: inputs)
        }
      }
      if json {
        printJSON(text)
      } else if !common.quiet {
        printOut(text, terminator: "")
      }
    }
  }
}
