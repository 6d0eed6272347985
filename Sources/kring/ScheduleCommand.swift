import ArgumentParser
import Foundation
import Intake
import Pipeline
import Reports

/// `kring schedule`: re-schedules a plan's groups with as few changes as the rules allow.
struct ScheduleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule",
    abstract: "(Re)schedule a plan's groups with as few changes as possible; held sessions stay.",
    discussion: """
      Reads plan.json (and, with -c, a kring.yaml whose schedule: section and facilitators \
      and rooms files replace the plan's), schedules the groups again and writes the plan's \
      outputs into -o. Sessions before --since (default: today, from --now, once the cohort \
      has started) were held and stay exactly as they were. The rest changes as little as the \
      rules allow (sessions moved, facilitators and rooms changed, people affected), unless \
      --fresh. A session the facilitator cannot guide gets a stand-in. Sessions keep their \
      calendar UIDs; a changed one gets a higher SEQUENCE and a removed one is cancelled. \
      Prints every change per group and per facilitator, and writes them to changes.md.
      """
  )

  @Argument(help: "The plan.json to reschedule.")
  var plan: String

  @Option(
    name: [.short, .customLong("config")],
    help: "A kring.yaml whose schedule: rules and resource files replace the plan's.")
  var config: String?

  @Option(
    name: .customLong("set"),
    help: "Override a kring.yaml key, e.g. schedule.quorum=0.6 (repeatable; needs -c).")
  var overrides: [String] = []

  @Flag(help: "Ignore the current schedule (held sessions aside) instead of changing it little.")
  var fresh = false

  @Option(
    help:
      "The first date not yet held, YYYY-MM-DD: sessions before it are never moved or cancelled (default: today once the cohort has started)."
  )
  var since: String?

  @Option(help: "A safety-net time limit for the scheduler: 90, 30s, 2m.")
  var timeLimit: String?

  @Flag(help: "Print nothing but errors.")
  var quiet = false

  @OptionGroup var outputs: OutputOptionsGroup

  func validate() throws {
    _ = try checkedTimeLimit(timeLimit)
    if let since, CivilDay.parse(since) == nil {
      throw ValidationError("--since \"\(since)\" is not a date; use YYYY-MM-DD, e.g. 2027-05-03")
    }
  }

  func run() throws {
    let inputs = [plan] + (config.map { [$0] } ?? [])
    let output = outputs.output
    try checkOutput(output, inputs: inputs, force: outputs.force)
    let request = ScheduleRequest(
      planPath: plan, configPath: config, overrides: overrides, fresh: fresh,
      language: outputs.languageChoice, pseudonymize: outputs.pseudonymize, now: outputs.nowDate,
      since: since, timeLimit: try checkedTimeLimit(timeLimit))
    let outcome = try checkedInput { () throws(DiagnosticList) in try ScheduleJob.run(request) }
    if !quiet && !outputs.json { printWarnings(outcome.warnings) }
    try writeOutputs(outcome.files, to: output, inputs: inputs, force: outputs.force)
    if outputs.json {
      printPlanJSON(outcome.files)
    } else if !quiet {
      let audit = outcome.audit
      let language = outputs.languageChoice ?? outcome.language
      printOut(
        ChangeReport.summary(
          outcome.changes, plan: outcome.plan, since: outcome.since,
          rulesBroken: audit.rules.count, conflicts: audit.conflicts.count, kept: outcome.kept,
          output: output,
          options: ReportOptions(language: language, pseudonymize: outputs.pseudonymize)),
        terminator: "")
    }
    try failOnAudit(outcome.audit)
    if outputs.strict && !outcome.plan.unscheduled.isEmpty {
      throw CommandFailure(message: "", code: 3)
    }
  }
}
