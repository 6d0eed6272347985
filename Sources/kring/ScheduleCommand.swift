import ArgumentParser
import Foundation
import Intake
import Pipeline
import Reports

/// `kring schedule`: re-schedules a plan's groups, keeping every session that is still valid.
struct ScheduleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule",
    abstract: "(Re)schedule a plan's groups; keeps every still-valid session unless --fresh.",
    discussion: """
      Reads plan.json (and, with -c, a kring.yaml whose schedule: section and facilitators \
      and rooms files replace the plan's), schedules the groups again and writes the plan's \
      outputs into -o. Sessions keep their calendar UIDs; a moved session gets a higher \
      SEQUENCE and a removed one is sent as cancelled. Prints what moved.
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

  @Flag(help: "Ignore the current schedule instead of keeping its still-valid sessions.")
  var fresh = false

  @Option(help: "A safety-net time limit for the scheduler: 90, 30s, 2m.")
  var timeLimit: String?

  @Flag(help: "Print nothing but errors.")
  var quiet = false

  @OptionGroup var outputs: OutputOptionsGroup

  func validate() throws {
    _ = try checkedTimeLimit(timeLimit)
  }

  func run() throws {
    let inputs = [plan] + (config.map { [$0] } ?? [])
    let output = outputs.output
    try checkOutput(output, inputs: inputs, force: outputs.force)
    let request = ScheduleRequest(
      planPath: plan, configPath: config, overrides: overrides, fresh: fresh,
      language: outputs.languageChoice, pseudonymize: outputs.pseudonymize, now: outputs.nowDate,
      timeLimit: try checkedTimeLimit(timeLimit))
    let outcome = try checkedInput { () throws(DiagnosticList) in try ScheduleJob.run(request) }
    if !quiet && !outputs.json { printWarnings(outcome.warnings) }
    try writeOutputs(outcome.files, to: output, inputs: inputs, force: outputs.force)
    if outputs.json {
      printPlanJSON(outcome.files)
    } else if !quiet {
      let audit = outcome.audit
      let scheduled = outcome.plan.schedule.filter { !$0.sessions.isEmpty }.count
      printOut(
        "Scheduled \(scheduled) of \(outcome.plan.groups.count) groups; kept \(outcome.kept) as they were; \(outcome.changes.count) session\(outcome.changes.count == 1 ? "" : "s") changed; rules broken \(audit.rules.count), conflicts \(audit.conflicts.count)."
      )
      for change in outcome.changes.prefix(40) {
        let what: String
        switch (change.from, change.to) {
        case (let from?, let to?):
          what = from == to ? "same time" : "\(from) → \(to)"
        case (let from?, nil): what = "cancelled (was \(from))"
        case (nil, let to?): what = "new at \(to)"
        case (nil, nil): what = "changed"
        }
        printOut(
          "  \(change.group) session \(change.number): \(what)"
            + (change.detail.map { ", \($0)" } ?? ""))
      }
      if outcome.changes.count > 40 { printOut("  … and \(outcome.changes.count - 40) more") }
      for u in outcome.plan.unscheduled {
        printOut("Unscheduled \(u.group) (\(u.code)): \(u.message)")
      }
      printOut("Wrote \(output)/.")
    }
    try failOnAudit(outcome.audit)
    if outputs.strict && !outcome.plan.unscheduled.isEmpty {
      throw CommandFailure(message: "", code: 3)
    }
  }
}
