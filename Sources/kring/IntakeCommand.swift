import ArgumentParser
import Foundation
import Intake
import Pipeline
import Reports

/// `kring intake`: check and score an intake batch without forming groups.
struct IntakeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "intake",
    abstract: "Check or score an intake batch, or draft a kring.yaml from a form export.",
    subcommands: [Check.self, Score.self, Init.self]
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

  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Draft a commented kring.yaml from a raw form export.",
      discussion: """
        Reads a Microsoft Forms or Google Forms export as downloaded (.xlsx, or CSV in \
        UTF-8, UTF-16 or Windows-1252), maps its questions to Kring's fields, lists every \
        answer of the categorical questions with the value Kring reads it as, and writes a \
        draft that plans as written. Lines marked REVIEW were guessed. When the output file \
        exists, its edits are kept and only new answers are added.
        """)

    @Argument(help: "The form export (.xlsx, .csv or .json).")
    var export: String

    @Option(
      name: [.short, .customLong("output")], help: "The config to write (merged when it exists).")
    var output: String = "kring.yaml"

    @Flag(help: "Print only what could not be decided.")
    var quiet = false

    func run() throws {
      let outcome = try checkedInput { () throws(DiagnosticList) in
        try IntakeInitJob.run(exportPath: export, output: output)
      }
      // The draft replaces the file it merged (the coordinator's edits are in it), never the
      // export it was read from.
      try checkedOutput { () throws(Diagnostic) in
        try OutputFiles.write(
          [(path: output, contents: outcome.yaml)], overwrite: true, inputs: [export])
      }
      if !quiet {
        printOut(outcome.draft.summary.joined(separator: "\n"))
        for note in outcome.notes { printError(note.description) }
      }
      for line in outcome.undecided { printError("to decide: \(line)") }
      for problem in outcome.problems.prefix(20) { printError(problem.description) }
      if outcome.problems.count > 20 {
        printError("… and \(outcome.problems.count - 20) more rows the draft does not read yet")
      }
      if !quiet {
        let verb = outcome.merged ? "Updated" : "Wrote"
        let rows = Set(outcome.problems.compactMap(\.line)).count
        let result =
          outcome.problems.isEmpty
          ? "it reads every row. Next: kring plan \(export) -c \(output)"
          // A problem of the whole file (a required column missing) is no row's.
          : outcome.problems.contains { $0.line == nil }
            ? "it cannot read the export yet (listed above); fix \(output) and run this again"
            : "\(rows) row(s) still need an answer mapped (listed above)."
        print("\(verb) \(output); \(result)")
      }
    }
  }
}
