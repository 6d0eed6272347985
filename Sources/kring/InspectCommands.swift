import ArgumentParser
import Foundation
import Intake
import Pipeline
import Reports

/// `kring explain`: why a group looks as it does, or where a candidate stands.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Explain a group's diversity or a candidate's placement in a plan.")

  @Argument(help: "A plan.json written by kring form.")
  var plan: String

  @Option(help: "The group to explain, e.g. G03.")
  var group: String?

  @Option(
    help:
      "The candidate to explain, e.g. c17: their group or reason, their contribution, and what moving them to each other group would break or cost."
  )
  var candidate: String?

  @Flag(help: "Print JSON.")
  var json = false

  func validate() throws {
    if (group == nil) == (candidate == nil) {
      throw ValidationError("give exactly one of --group ID or --candidate ID")
    }
  }

  func run() throws {
    let (document, problems) = try checkedInput { () throws(DiagnosticList) in
      try PlanFile.inspect(plan)
    }
    // A plan that breaks a rule is still explained, but what it breaks comes first.
    printWarnings(problems)
    if let group {
      let explanation = try checkedInput { () throws(DiagnosticList) in
        try PlanInspection.explain(group: group, in: document, file: plan)
      }
      try show(explanation, json: json, text: explanation.text())
    } else if let candidate {
      let explanation = try checkedInput { () throws(DiagnosticList) in
        try PlanInspection.explain(candidate: candidate, in: document, file: plan)
      }
      try show(explanation, json: json, text: explanation.text())
    }
  }
}

/// `kring diff`: who moved between two plans, and what changed in the groups and sessions.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract:
      "Show who moved between two plans, how the groups changed and every session that moved or changed facilitator or room."
  )

  @Argument(help: "The earlier plan.json.")
  var before: String

  @Argument(help: "The later plan.json.")
  var after: String

  @Flag(help: "Print JSON.")
  var json = false

  @Option(help: "The language of the text: nl or en (default: language: of the later plan).")
  var language: String?

  @Flag(help: "Replace names by stable pseudonyms.")
  var pseudonymize = false

  func validate() throws {
    if let language, OutputLanguage(rawValue: language) == nil {
      throw ValidationError("--language \"\(language)\" is not supported; use nl or en")
    }
  }

  func run() throws {
    let (a, problemsA) = try checkedInput { () throws(DiagnosticList) in
      try PlanFile.inspect(before)
    }
    let (b, problemsB) = try checkedInput { () throws(DiagnosticList) in
      try PlanFile.inspect(after)
    }
    printWarnings(problemsA + problemsB)
    let diff = PlanDiff(from: a, to: b)
    let chosen =
      language.flatMap(OutputLanguage.init(rawValue:))
      ?? (try? KringConfig(normalized: b.kring.config).language) ?? .en
    try show(
      diff, json: json,
      text: diff.text(
        before: a, after: b,
        options: ReportOptions(language: chosen, pseudonymize: pseudonymize)))
  }
}

/// Prints `value` as Kring's JSON or as `text`, escaped for the terminal either way.
func show<T: Encodable>(_ value: T, json: Bool, text: String) throws(CommandFailure) {
  if json {
    printJSON(try checkedOutput { () throws(Diagnostic) in try kringJSON(value, file: "JSON") })
  } else {
    printOut(text, terminator: "")
  }
}
