import Foundation
import GRDB
import Intake

/// A workbench error as the API answers it: `{code, message, details}` with an HTTP status.
public struct WorkbenchError: Error, Sendable, Encodable {
  /// The HTTP status (400, 404, 409, 413, 415, 422, 500, …).
  public var status: Int
  /// A stable, machine-readable code such as `intake-invalid`.
  public var code: String
  /// A sentence for the coordinator.
  public var message: String
  /// The facts behind it: problems with line and column, broken rules, …
  public var details: Details?

  /// What an error carries beyond its message.
  public struct Details: Sendable, Encodable {
    public var problems: [Problem]?
    public var breaks: [RuleBreak]?
    public var status: String?
    public var limit: Int?
    public var allowed: [String]?

    public init(
      problems: [Problem]? = nil, breaks: [RuleBreak]? = nil, status: String? = nil,
      limit: Int? = nil, allowed: [String]? = nil
    ) {
      self.problems = problems
      self.breaks = breaks
      self.status = status
      self.limit = limit
      self.allowed = allowed
    }
  }

  public init(status: Int, code: String, message: String, details: Details? = nil) {
    self.status = status
    self.code = code
    self.message = message
    self.details = details
  }

  enum CodingKeys: String, CodingKey { case code, message, details }

  static func notFound(_ code: String, _ message: String) -> WorkbenchError {
    WorkbenchError(status: 404, code: code, message: message)
  }

  static func storage(_ error: any Error) -> WorkbenchError {
    WorkbenchError(
      status: 500, code: "workspace-error", message: "the workspace database failed: \(error)")
  }

  /// Input problems (an upload, a config): 422 with every problem listed.
  static func invalid(_ code: String, _ message: String, _ list: DiagnosticList) -> WorkbenchError {
    WorkbenchError(
      status: 422, code: code, message: message,
      details: Details(problems: list.diagnostics.map(Problem.init)))
  }
}

/// One problem of an input, as `file:line: column: message`, split into its parts.
public struct Problem: Codable, Sendable, Hashable {
  public var file: String?
  public var line: Int?
  public var column: String?
  public var code: String
  public var message: String
  public var suggestion: String?
  /// `error`, `warning` or `note`.
  public var severity: String?
  /// The whole line as the command line prints it.
  public var text: String?

  public init(_ d: Diagnostic) {
    file = d.file
    line = d.line
    column = d.column
    code = d.code
    message = d.message
    suggestion = d.suggestion
    severity = d.severity.rawValue
    text = d.description
  }

  public init(code: String, message: String) {
    self.code = code
    self.message = message
  }
}

/// A rule a hand move would break, or a schedule conflict it would cause.
public struct RuleBreak: Codable, Sendable, Hashable {
  /// The rule's code (`level-gap`, `separate-organization`, `room-capacity`, …).
  public var code: String
  public var people: [String]
  public var message: String
}

/// A cohort: one intake round with its files and plan versions.
public struct Cohort: Codable, Sendable, Hashable {
  public var id: Int64
  public var name: String
  public var created: String

  init(id: Int64, name: String, created: String) {
    self.id = id
    self.name = name
    self.created = created
  }

  init(row: Row) {
    id = row["id"]
    name = row["name"]
    created = row["created"]
  }
}

/// An uploaded file, one version of it.
public struct Upload: Sendable, Hashable {
  public enum Kind: String, Sendable, Codable {
    case intake, config, resource
  }
  public var id: Int64
  public var cohort: Int64
  public var kind: Kind
  public var name: String
  public var version: Int
  public var content: [UInt8]
  public var author: String
  public var created: String

  init(
    id: Int64, cohort: Int64, kind: Kind, name: String, version: Int, content: [UInt8],
    author: String, created: String
  ) {
    self.id = id
    self.cohort = cohort
    self.kind = kind
    self.name = name
    self.version = version
    self.content = content
    self.author = author
    self.created = created
  }

  init(row: Row) {
    id = row["id"]
    cohort = row["cohort_id"]
    kind = Kind(rawValue: row["kind"]) ?? .resource
    name = row["name"]
    version = row["version"]
    let data: Data = row["content"] ?? Data()
    content = [UInt8](data)
    author = row["author"]
    created = row["created"]
  }

  /// The file as a list entry, without its contents.
  public var info: FileInfo {
    FileInfo(
      id: id, kind: kind.rawValue, name: name, version: version, author: author, created: created)
  }
}

/// An uploaded file as the API lists it.
public struct FileInfo: Codable, Sendable, Hashable {
  public var id: Int64
  public var kind: String
  public var name: String
  public var version: Int
  public var author: String
  public var created: String
}

/// A locked group or a pinned person of a plan version.
public struct Hold: Codable, Sendable, Hashable {
  public enum Kind: String, Sendable, Codable { case lock, pin }
  public var kind: Kind
  /// The pinned person (pins only).
  public var candidate: String?
  public var group: String

  public init(kind: Kind, candidate: String? = nil, group: String) {
    self.kind = kind
    self.candidate = candidate
    self.group = group
  }

  init(row: Row) {
    kind = Kind(rawValue: row["kind"]) ?? .lock
    let who: String = row["candidate"]
    candidate = who.isEmpty ? nil : who
    group = row["group_id"]
  }
}

/// A hand move as the workspace records it.
struct HandMoveRecord: Sendable {
  var parent: Int64
  var candidate: String
  var from: String?
  var to: String
}

/// What a plan version holds in numbers, for lists and the board's header.
public struct PlanSummary: Codable, Sendable, Hashable {
  public var groups: Int
  public var placed: Int
  public var participants: Int
  public var unplaced: Int
  public var objective: Double
  public var status: String
  public var scheduled: Int
  public var unscheduled: Int
  public var language: String
}

/// A plan version: the plan a solve, a re-solve or a hand move made, and from what.
public struct PlanVersion: Sendable, Hashable {
  public enum Kind: String, Sendable, Codable {
    /// A solve from the cohort's files.
    case solve
    /// A re-solve keeping the locks and pins of another version.
    case resolve
    /// A hand move on another version.
    case move
  }
  public enum Status: String, Sendable, Codable {
    case queued, running, done, failed, cancelled
    public var isFinished: Bool { self == .done || self == .failed || self == .cancelled }
  }

  public var id: Int64
  public var cohort: Int64
  /// 1, 2, 3 … within the cohort.
  public var number: Int
  public var parent: Int64?
  public var kind: Kind
  public var status: Status
  public var author: String
  public var intake: Int64?
  public var config: Int64?
  /// `--set` overrides the solve ran with (from a diagnosis, or inherited from the parent).
  public var overrides: [String]
  /// What made it, for people: "moved c7 from G02 to G05".
  public var note: String
  /// `plan.json`, once done.
  public var document: [UInt8]?
  public var problems: [Problem]?
  public var summary: PlanSummary?
  public var created: String
  public var finished: String?

  init(
    cohort: Int64, parent: Int64?, kind: Kind, status: Status, author: String, intake: Int64?,
    config: Int64?, overrides: [String], note: String, document: [UInt8]? = nil,
    summary: PlanSummary? = nil
  ) {
    id = 0
    self.cohort = cohort
    number = 0
    self.parent = parent
    self.kind = kind
    self.status = status
    self.author = author
    self.intake = intake
    self.config = config
    self.overrides = overrides
    self.note = note
    self.document = document
    self.problems = nil
    self.summary = summary
    created = Stamp.now()
    finished = document == nil ? nil : created
  }

  init(row: Row) {
    id = row["id"]
    cohort = row["cohort_id"]
    number = row["number"]
    parent = row["parent_id"]
    kind = Kind(rawValue: row["kind"]) ?? .solve
    status = Status(rawValue: row["status"]) ?? .failed
    author = row["author"]
    intake = row["intake_id"]
    config = row["config_id"]
    overrides = JSONText.decode([String].self, row["overrides"]) ?? []
    note = row["note"]
    let data: Data? = row["document"]
    document = data.map { [UInt8]($0) }
    problems = JSONText.decode([Problem].self, row["problems"])
    summary = JSONText.decode(PlanSummary.self, row["summary"])
    created = row["created"]
    finished = row["finished"]
  }

  /// The version as the API lists it.
  public var info: VersionInfo {
    VersionInfo(
      id: id, number: number, parent: parent, kind: kind.rawValue, status: status.rawValue,
      author: author, overrides: overrides, note: note, summary: summary, problems: problems,
      created: created, finished: finished)
  }
}

/// A plan version as the API lists it.
public struct VersionInfo: Codable, Sendable, Hashable {
  public var id: Int64
  public var number: Int
  public var parent: Int64?
  public var kind: String
  public var status: String
  public var author: String
  public var overrides: [String]
  public var note: String
  public var summary: PlanSummary?
  public var problems: [Problem]?
  public var created: String
  public var finished: String?
}

/// One line of a cohort's audit log.
public struct LogEntry: Codable, Sendable, Hashable {
  public var at: String
  public var author: String
  public var action: String
  public var detail: String

  init(row: Row) {
    at = row["at"]
    author = row["author"]
    action = row["action"]
    detail = row["detail"]
  }
}
