import ArgumentParser
import Foundation
import Intake
import Pipeline
import Reports

/// `kring plan`: intake → groups → schedule → every output, the main job.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Form groups, schedule their sessions and write every output (the main job).",
    discussion: """
      Reads and checks the batch and the facilitators and rooms named in kring.yaml \
      (schedule.facilitators, schedule.rooms), forms groups only around slots that can be \
      served, gives each group a slot, a facilitator, a room and its session dates, and writes \
      plan.json, run.json, report.html, report.md, groups.csv, schedule.csv, unplaced.csv, \
      groups/<id>/ and facilitators/<id>/ (contracts and calendars). Exit 0 even when some \
      people are unplaced or groups unscheduled (use --strict to exit 3 then).
      """
  )

  @Argument(help: "The intake file (CSV or JSON).")
  var intake: String

  @OptionGroup var solve: SolveOptionsGroup
  @OptionGroup var outputs: OutputOptionsGroup

  @Flag(help: "Also place candidates whose readiness is follow-up.")
  var includeFollowUp = false

  @Flag(help: "Leave out invalid rows (each is listed) instead of stopping.")
  var skipInvalid = false

  @Flag(help: "Skip the diagnosis (re-solving with rules relaxed or resources added).")
  var noDiagnosis = false

  func run() throws {
    let json = outputs.json
    let bar = ProgressBar(enabled: !solve.quiet && !json)
    var form = FormRequest(
      intakePath: intake, configPath: solve.config, overrides: solve.overrides, seed: solve.seed,
      iterations: solve.iterations, timeLimit: solve.timeLimitSeconds,
      includeFollowUp: includeFollowUp, skipInvalid: skipInvalid, diagnosis: !noDiagnosis,
      progress: { bar.update($0) })
    form.strict = outputs.strict
    let request = PlanRequest(
      form: form, language: outputs.languageChoice, pseudonymize: outputs.pseudonymize,
      now: outputs.nowDate)
    let output = outputs.output
    try checkOutput(output, inputs: inputs, force: outputs.force)
    let outcome = try solving(bar) { () throws(DiagnosticList) in try PlanJob.run(request) }
    if !solve.quiet { printWarnings(outcome.warnings, skipped: outcome.batch.skipped) }
    try writeOutputs(
      outcome.files, to: output, inputs: inputs + resourceInputs(outcome), force: outputs.force)
    let plan = outcome.plan
    if json {
      printPlanJSON(outcome.files)
    } else if !solve.quiet {
      let language = outputs.languageChoice ?? outcome.config.language
      printOut(
        Summary.plan(
          plan, output: output, audit: outcome.audit,
          options: ReportOptions(language: language, pseudonymize: outputs.pseudonymize)))
    }
    try failOnAudit(outcome.audit)
    let grouping = plan.solver.grouping
    if grouping.participants > 0 && plan.groups.isEmpty {
      throw CommandFailure(
        message:
          "\(intake): the rules leave no group that can be formed; every candidate's reason is in \(output)/unplaced.csv",
        code: 1)
    }
    if outputs.strict && (grouping.placed < grouping.participants || !plan.unscheduled.isEmpty) {
      throw CommandFailure(message: "", code: 3)
    }
  }

  private var inputs: [String] { [intake] + (solve.config.map { [$0] } ?? []) }

  private func resourceInputs(_ outcome: PlanOutcome) -> [String] {
    [outcome.config.schedule.facilitators, outcome.config.schedule.rooms].compactMap { $0 }
  }
}

/// Options of the commands that write a plan's outputs.
struct OutputOptionsGroup: ParsableArguments {
  @Option(name: [.short, .customLong("output")], help: "The output folder.")
  var output: String = "out"

  @Flag(help: "Write into an output folder that holds other files.")
  var force = false

  @Flag(help: "Print the plan as JSON on standard output.")
  var json = false

  @Flag(help: "Exit 3 when a ready candidate is unplaced or a group unscheduled.")
  var strict = false

  @Option(
    help: "The language of messages and reports: nl or en (default: language: in kring.yaml).")
  var language: String?

  @Flag(help: "Replace names and emails by stable pseudonyms in every shareable output.")
  var pseudonymize = false

  @Option(
    help:
      "The time calendars are stamped with and, for kring schedule, today: ISO 8601 (e.g. 2027-01-04T09:00:00Z)."
  )
  var now: String?

  func validate() throws {
    if let language, OutputLanguage(rawValue: language) == nil {
      throw ValidationError("--language \"\(language)\" is not supported; use nl or en")
    }
    if let now, ISO8601DateFormatter().date(from: now) == nil {
      throw ValidationError(
        "--now \"\(now)\" is not an ISO 8601 time; use e.g. 2027-01-04T09:00:00Z")
    }
  }

  var languageChoice: OutputLanguage? { language.flatMap(OutputLanguage.init(rawValue:)) }
  var nowDate: Date? { now.flatMap { ISO8601DateFormatter().date(from: $0) } }
}

/// The short summaries printed at the end of a command.
enum Summary {
  private static func checked(_ text: String, _ audit: PlanAudit) -> String {
    audit.rules.isEmpty && audit.conflicts.isEmpty ? Style.good(text) : Style.warn(text)
  }

  /// The audit's line: a good sign, or the count of what it found.
  static func audited(_ audit: PlanAudit, language: OutputLanguage) -> String {
    checked(Messages.summary(language).auditLine(audit.rules.count, audit.conflicts.count), audit)
  }

  static func plan(
    _ plan: PlanDocument, output: String, audit: PlanAudit, options: ReportOptions
  ) -> String {
    let words = Messages.summary(options.language)
    var lines = grouping(plan, components: false, language: options.language)
    let sessions = plan.schedule.reduce(0) { $0 + $1.sessions.count }
    if let scheduling = plan.solver.scheduling {
      let gap =
        scheduling.gap.map {
          String(format: ", \(Messages.label(.gap, options.language)) %.2f%%", $0 * 100)
        } ?? ""
      lines.append(
        words.scheduledSessions(
          plan.schedule.count, plan.groups.count, sessions, "\(scheduling.status)\(gap)")
          + "; " + checked(words.audit(audit.rules.count, audit.conflicts.count), audit) + ".")
    }
    for u in plan.unscheduled {
      lines.append(
        Style.warn(
          "\(words.unscheduled) \(u.group) (\(u.code)): \(Messages.unscheduled(u, language: options.language))"
        ))
    }
    lines += unplaced(plan, language: options.language) + diagnosis(plan, options: options)
    lines.append(words.wrotePlan(Style.bold(output)))
    return lines.joined(separator: "\n")
  }

  /// Groups formed and people placed, then the objective and its proof.
  static func grouping(_ plan: PlanDocument, components: Bool, language: OutputLanguage)
    -> [String]
  {
    let words = Messages.summary(language)
    let grouping = plan.solver.grouping
    let notReady = plan.unplaced.filter { $0.code == "not-ready" }.count
    let solved =
      components
      ? " (\(grouping.componentsExact) \(Messages.label(.of, language)) \(grouping.components) \(Messages.label(.components, language)))"
      : ""
    return [
      words.formed(plan.groups.count, grouping.placed, grouping.participants, notReady),
      words.objective(
        String(format: "%.4f", grouping.objective), grouping.status == "optimal",
        grouping.stoppedBy, solved),
    ]
  }

  /// The unplaced ready people, counted per reason code.
  static func unplaced(_ plan: PlanDocument, language: OutputLanguage) -> [String] {
    var codes: [String: Int] = [:]
    for u in plan.unplaced where u.code != "not-ready" { codes[u.code, default: 0] += 1 }
    let word = Messages.summary(language).unplaced
    return codes.sorted(by: { $0.key < $1.key }).map { "\(word), \($0.key): \($0.value)" }
  }

  /// Every what-if of the diagnosis, resource needs included, in the output language.
  static func diagnosis(_ plan: PlanDocument, options: ReportOptions) -> [String] {
    let word = Messages.summary(options.language).whatIf
    return ChangeReport.diagnosis(plan, options: options).map { "\(word): \($0)." }
      + (plan.diagnosisSkipped.map {
        [
          Style.warn(
            "Not measured, the time limit came first: \($0.prefix(5).joined(separator: "; "))"
              + ($0.count > 5 ? "; … (\($0.count) in all)" : "") + ".")
        ]
      } ?? [])
  }
}
