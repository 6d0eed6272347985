import ArgumentParser
import Foundation
import Intake
import Pipeline
import Reports

/// `kring form`: intake → groups, written as plan.json, run.json, groups.csv, unplaced.csv.
struct FormCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "form",
    abstract: "Form groups from an intake batch (no scheduling).",
    discussion: """
      Reads and checks the batch, places as many ready candidates as the rules allow in the \
      most diverse groups, and writes plan.json, run.json, groups.csv and unplaced.csv. \
      Everyone left out gets a reason code. Exit 0 even when some are unplaced (use --strict \
      to exit 3 then).
      """
  )

  @Argument(help: "The intake file (CSV or JSON).")
  var intake: String

  @OptionGroup var solve: SolveOptionsGroup

  @Option(name: [.short, .customLong("output")], help: "The output folder.")
  var output: String = "out"

  @Flag(help: "Also place candidates whose readiness is follow-up.")
  var includeFollowUp = false

  @Flag(help: "Leave out invalid rows (each is listed) instead of stopping.")
  var skipInvalid = false

  @Flag(help: "Write into an output folder that holds other files.")
  var force = false

  @Flag(help: "Print the plan as JSON on standard output.")
  var json = false

  @Flag(help: "Exit 3 when a ready candidate is unplaced.")
  var strict = false

  @Flag(help: "Skip the diagnosis (re-solving with each rule relaxed when people are left out).")
  var noDiagnosis = false

  @Option(help: "Refill: keep the groups of this plan.json; members who stay never move.")
  var keep: String?

  @Option(help: "Refill: ids of people who left the kept plan (comma or space separated).")
  var left: [String] = []

  @Flag(
    help:
      "Refill: keep only the groups.lock groups and groups.pin people of --keep; group everyone else anew."
  )
  var resolveRest = false

  func validate() throws {
    if resolveRest && keep == nil {
      throw ValidationError(
        "--resolve-rest needs --keep PLAN, the plan whose locks and pins it keeps")
    }
  }

  func run() throws {
    let bar = ProgressBar(enabled: !solve.quiet && !json)
    var request = FormRequest(
      intakePath: intake, configPath: solve.config, overrides: solve.overrides, seed: solve.seed,
      iterations: solve.iterations, timeLimit: solve.timeLimitSeconds,
      includeFollowUp: includeFollowUp,
      skipInvalid: skipInvalid, diagnosis: !noDiagnosis, progress: { bar.update($0) },
      keep: keep, left: left)
    request.strict = strict
    request.resolveRest = resolveRest
    // Check the output folder before the solve, so a refusal costs nothing.
    try checkOutput(output, inputs: inputs, force: force)
    let outcome = try solving(bar) { () throws(DiagnosticList) in try FormJob.run(request) }
    if !solve.quiet { printWarnings(outcome.warnings, skipped: outcome.batch.skipped) }
    try writeOutputs(outcome.files, to: output, inputs: inputs, force: force)
    let summary = outcome.plan.solver.grouping
    if json {
      printPlanJSON(outcome.files)
    } else if !solve.quiet {
      let plan = outcome.plan
      let language = outcome.config.language
      for line in Summary.grouping(plan, components: true, language: language)
        + Summary.unplaced(plan, language: language)
      {
        print(line)
      }
      print(Summary.audited(outcome.audit, language: language))
      if let refill = plan.refill { printRefill(refill) }
      for line in Summary.diagnosis(
        plan, options: ReportOptions(language: outcome.config.language))
      {
        printOut(line)
      }
      printOut("Wrote \(output)/plan.json, run.json, groups.csv, unplaced.csv.")
    }
    try failOnAudit(outcome.audit)
    if summary.participants > 0 && outcome.plan.groups.isEmpty {
      throw CommandFailure(
        message:
          "\(intake): the rules leave no group that can be formed; every candidate's reason is in \(output)/unplaced.csv",
        code: 1)
    }
    if strict && summary.placed < summary.participants {
      throw CommandFailure(message: "", code: 3)
    }
  }

  private var inputs: [String] {
    [intake] + (solve.config.map { [$0] } ?? []) + (keep.map { [$0] } ?? [])
  }

  /// The refill's summary: what was kept and filled, and each group left below its minimum.
  private func printRefill(_ refill: PlanDocument.RefillRecord) {
    printOut(
      "Refill of \(refill.plan): kept \(refill.kept.count) group(s), \(refill.left.count) left"
        + (refill.emptied.isEmpty ? "" : ", emptied \(refill.emptied.joined(separator: ", "))")
        + ".")
    for fill in refill.filled {
      printOut("  \(fill.group) filled with \(fill.added.joined(separator: ", ")).")
    }
    for below in refill.belowMinimum {
      printOut(
        "  \(below.group) stays below the minimum (\(below.size) of \(below.min)): \(below.message)."
      )
      for option in below.options { printOut("    option: \(option.message)") }
    }
  }
}
