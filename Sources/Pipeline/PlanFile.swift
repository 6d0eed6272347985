import Foundation
import Grouping
import Intake
import Reports

/// A `plan.json` read from disk, and judged before anything trusts it.
///
/// `kring schedule`, a refill's `--keep` and `groups.history.plans` act on a plan, so a plan
/// that is not whole (a member nobody knows, someone in two groups, a group id used twice)
/// or that breaks a hard rule under its own recorded rules (a hand edit that put two
/// colleagues together) is invalid input: every fault is reported as
/// `plan.json:line: group: message` and nothing runs. `kring explain` and `kring diff` read such
/// a plan anyway, but say first, in the same words, what it breaks.
public enum PlanFile {
  /// The plan at `path`, decoded but not judged.
  public static func read(_ path: String) throws(DiagnosticList) -> PlanDocument {
    try read(path, purpose: nil).plan
  }

  /// The plan at `path`, judged whole: every fault is an error.
  ///
  /// - Parameter purpose: what the plan is read for, named in the messages
  ///   (`--keep`, `groups.history.plans`).
  ///   - followHistory: whether `met_before` is checked against the plan's own earlier plans
  ///     (off for an earlier plan itself, so that a chain of plans is read once).
  public static func load(_ path: String, purpose: String? = nil, followHistory: Bool = true)
    throws(DiagnosticList) -> PlanDocument
  {
    let (plan, text) = try read(path, purpose: purpose)
    let problems = faults(plan, path: path, text: text, followHistory: followHistory)
    if !problems.isEmpty { throw DiagnosticList(problems) }
    return plan
  }

  /// The plan at `path` and, as warnings, what it breaks: for commands that only read it.
  public static func inspect(_ path: String) throws(DiagnosticList) -> (
    plan: PlanDocument, warnings: [Diagnostic]
  ) {
    let (plan, text) = try read(path, purpose: nil)
    let warnings = faults(plan, path: path, text: text).map { d in
      var w = d
      w.severity = .warning
      return w
    }
    return (plan, warnings)
  }

  /// Reads and decodes, with the file's text for line numbers.
  static func read(_ path: String, purpose: String?) throws(DiagnosticList) -> (
    plan: PlanDocument, text: String
  ) {
    let role = purpose.map { " (\($0))" } ?? ""
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DiagnosticList([
        Diagnostic(file: path, code: "plan-unreadable", message: "cannot read this plan\(role)")
      ])
    }
    let plan: PlanDocument
    do {
      plan = try JSONDecoder().decode(PlanDocument.self, from: data)
    } catch {
      throw DiagnosticList([
        Diagnostic(
          file: path, code: "plan-invalid", message: "not a plan.json written by Kring\(role)")
      ])
    }
    let major = plan.kring.version.split(separator: ".").first.flatMap { Int($0) }
    let ours = KringInfo.version.split(separator: ".").first.flatMap { Int($0) } ?? 0
    guard let major, major <= ours else {
      throw DiagnosticList([
        Diagnostic(
          file: path, column: "kring.version", code: "plan-version",
          message:
            "this plan was written by Kring \(plan.kring.version); this is Kring \(KringInfo.version), which reads plans of version \(ours).x and older"
        )
      ])
    }
    return (plan, String(decoding: data, as: UTF8.self))
  }

  /// Every fault of the plan as `file:line: group: message`, in plan order.
  static func faults(
    _ plan: PlanDocument, path: String, text: String, followHistory: Bool = true
  ) -> [Diagnostic] {
    let audit = PlanAudit.check(plan, file: path, followHistory: followHistory)
    let lines = GroupLines(text)
    return audit.rules.map { finding in
      Diagnostic(
        file: path, line: finding.group.flatMap(lines.line(of:)), column: finding.group,
        code: "plan-\(finding.code)", message: finding.message)
    }
  }
}

/// Where each group's `"id"` stands in a plan's text, for messages with a line number.
struct GroupLines {
  private var lines: [String: Int] = [:]

  init(_ text: String) {
    var inGroups = false
    var depth = 0
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      // Kring writes one key per line, two spaces deep per level: `"groups" : [` at the top.
      if line.hasPrefix("  \"groups\"") {
        inGroups = true
        depth = 0
        continue
      }
      guard inGroups else { continue }
      depth += trimmed.filter { $0 == "[" || $0 == "{" }.count
      depth -= trimmed.filter { $0 == "]" || $0 == "}" }.count
      if depth < 0 { break }
      if depth == 1, trimmed.hasPrefix("\"id\""),
        let value = trimmed.split(separator: ":", maxSplits: 1).last
      {
        let id = value.trimmingCharacters(in: CharacterSet(charactersIn: " \","))
          .replacingOccurrences(
            of: "\\\"", with: "\"")
        if lines[id] == nil { lines[id] = number + 1 }
      }
    }
  }

  /// The 1-based line of the group's id, when the plan is laid out as Kring writes it.
  func line(of group: String) -> Int? { lines[group] }
}
