import Foundation
import Grouping
import Intake
import Pipeline
import Reports

/// The coordinator's workbench: cohorts, their files and plan versions in a workspace, and
/// everything the pages and the API of `kring serve` do with them.
///
/// It holds no rule of its own. Uploads go through the readers `kring plan` uses, solves run
/// the same jobs, a hand move is checked by ``PlanMove`` (the plan's one rule set), and the
/// downloads are the files `kring plan` writes.
public final class Workbench: Sendable {
  public let store: WorkspaceStore
  let queue: SolveQueue
  let settings: Settings
  /// The owner's claim on the workspace, held as long as the workbench lives.
  private let claim: WorkspaceLock?

  /// How solves run.
  public struct Settings: Sendable {
    /// Solves running at once, over all cohorts (each cohort runs one at a time).
    public var concurrentSolves: Int
    /// The grouping search's iteration budget; `nil` takes the cohort's config.
    public var iterations: Int?
    /// Run the diagnosis (re-solving with rules relaxed) after each solve.
    public var diagnosis: Bool
    /// Who made a change when a request names nobody.
    public var defaultAuthor: String

    public init(
      concurrentSolves: Int = 1, iterations: Int? = nil, diagnosis: Bool = true,
      defaultAuthor: String = ProcessInfo.processInfo.environment["USER"] ?? "coordinator"
    ) {
      self.concurrentSolves = concurrentSolves
      self.iterations = iterations
      self.diagnosis = diagnosis
      self.defaultAuthor = defaultAuthor
    }
  }

  /// How a workbench uses its workspace.
  public enum Access: Sendable {
    /// `kring serve`: the one owner, which solves. It claims the workspace (a second server
    /// on it is refused) and fails the solves an earlier server left unfinished.
    case owner
    /// `kring export`: reads beside a running server and leaves its solves alone.
    case reader
  }

  /// Opens the workspace in `folder` (created when missing).
  public init(folder: String, settings: Settings = Settings(), access: Access = .owner)
    throws(WorkbenchError)
  {
    let store = try WorkspaceStore(folder: folder)
    if access == .owner {
      claim = try WorkspaceLock(folder: folder)
      // A solve that was running when the server last stopped can never finish now.
      try store.abandonUnfinished()
      RunFolder.removeLeftovers(workspace: folder)
    } else {
      claim = nil
    }
    self.store = store
    self.settings = settings
    queue = SolveQueue(
      width: settings.concurrentSolves,
      started: { id in try? store.setPlanStatus(id, .running) },
      finished: { id, event in Workbench.record(event, plan: id, store: store) })
  }

  /// The author to record: the one named, trimmed and bounded, else the default.
  public func author(_ name: String?) -> String {
    let trimmed = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    return trimmed.isEmpty ? settings.defaultAuthor : String(trimmed.prefix(80))
  }

  // MARK: Cohorts

  /// A cohort with what the pages show in a list.
  public struct CohortListing: Codable, Sendable {
    public var id: Int64
    public var name: String
    public var created: String
    public var versions: Int
    public var latest: VersionInfo?
  }

  public func createCohort(name: String, author: String?) throws(WorkbenchError) -> Cohort {
    let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, trimmed.count <= 200 else {
      throw WorkbenchError(
        status: 422, code: "invalid-name", message: "a cohort needs a name of 1 to 200 characters")
    }
    return try store.createCohort(name: trimmed, author: self.author(author))
  }

  public func cohorts() throws(WorkbenchError) -> [CohortListing] {
    var listings: [CohortListing] = []
    for cohort in try store.cohorts() {
      let versions = try store.plans(cohort: cohort.id)
      listings.append(
        CohortListing(
          id: cohort.id, name: cohort.name, created: cohort.created, versions: versions.count,
          latest: versions.first?.info))
    }
    return listings
  }

  /// A cohort with its files, rules and versions.
  public struct CohortDetail: Codable, Sendable {
    public var id: Int64
    public var name: String
    public var created: String
    public var language: String
    public var program: String
    public var intake: FileInfo?
    public var config: FileInfo?
    /// The files the rules name (`schedule.facilitators`, `schedule.rooms`) and whether each
    /// is uploaded.
    public var resources: [ResourceStatus]
    public var files: [FileInfo]
    public var versions: [VersionInfo]
    public var log: [LogEntry]
  }

  /// A file the rules name, and the version uploaded (if any).
  public struct ResourceStatus: Codable, Sendable {
    public var role: String
    public var name: String
    public var uploaded: FileInfo?
  }

  public func cohort(_ id: Int64) throws(WorkbenchError) -> CohortDetail {
    let cohort = try store.cohort(id)
    let config = try currentConfig(id)
    var resources: [ResourceStatus] = []
    for (role, name) in Self.namedResources(config) {
      resources.append(
        ResourceStatus(
          role: role, name: name,
          uploaded: try store.latestUpload(cohort: id, kind: .resource, name: name)?.info))
    }
    return CohortDetail(
      id: cohort.id, name: cohort.name, created: cohort.created, language: config.language.rawValue,
      program: config.program.rawValue,
      intake: try store.latestUpload(cohort: id, kind: .intake)?.info,
      config: try store.latestUpload(cohort: id, kind: .config)?.info, resources: resources,
      files: try store.uploads(cohort: id).map(\.info),
      versions: try store.plans(cohort: id).map(\.info),
      log: try store.logEntries(cohort: id, limit: 50))
  }

  // MARK: Rules

  /// The cohort's `kring.yaml` text: the newest upload, or empty (the defaults).
  public func configText(_ cohort: Int64) throws(WorkbenchError) -> String {
    _ = try store.cohort(cohort)
    return try store.latestUpload(cohort: cohort, kind: .config).map {
      String(decoding: $0.content, as: UTF8.self)
    } ?? ""
  }

  /// The cohort's rules as the loader reads them.
  public func currentConfig(_ cohort: Int64) throws(WorkbenchError) -> KringConfig {
    let text = try configText(cohort)
    do {
      return try KringConfig.parse(
        yaml: text, fileName: "kring.yaml", baseDirectory: "", overrides: [])
    } catch {
      // Stored configs were valid when uploaded; this only happens across Kring versions.
      throw WorkbenchError.invalid(
        "config-invalid", "the cohort's kring.yaml no longer loads; upload a corrected one", error)
    }
  }

  /// The facilitators and rooms files the rules name, as (role, bare name).
  static func namedResources(_ config: KringConfig) -> [(String, String)] {
    [("facilitators", config.schedule.facilitators), ("rooms", config.schedule.rooms)]
      .compactMap { role, path in path.map { (role, ($0 as NSString).lastPathComponent) } }
  }

  /// Stores a new version of `kring.yaml` after the loader's own checks, and the
  /// workbench's: files are named by bare names (they are uploaded beside it), and earlier
  /// plans for `groups.history` are not read from the server's disk.
  public func putConfig(_ cohort: Int64, bytes: [UInt8], author: String?) throws(WorkbenchError)
    -> FileInfo
  {
    _ = try store.cohort(cohort)
    guard bytes.count <= Uploads.configLimit else {
      throw WorkbenchError(
        status: 413, code: "upload-too-large",
        message:
          "kring.yaml is \(bytes.count) bytes; the most Kring reads is \(Uploads.configLimit)",
        details: .init(limit: Uploads.configLimit))
    }
    var data = bytes
    if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw WorkbenchError(
        status: 422, code: "config-encoding",
        message: "kring.yaml is not UTF-8 text; save it as UTF-8",
        details: .init(problems: [
          Problem(code: "config-encoding", message: "the config file is not UTF-8 text")
        ]))
    }
    let config: KringConfig
    do {
      config = try KringConfig.parse(
        yaml: text, fileName: "kring.yaml", baseDirectory: "", overrides: [])
    } catch {
      throw WorkbenchError.invalid(
        "config-invalid", "kring.yaml has \(error.diagnostics.count) problem(s)", error)
    }
    var problems: [Diagnostic] = []
    for (key, path) in [
      ("schedule.facilitators", config.schedule.facilitators),
      ("schedule.rooms", config.schedule.rooms),
    ] {
      guard let path, path != Uploads.safeName(path) else { continue }
      problems.append(
        Diagnostic(
          file: "kring.yaml", column: key, code: "config-workbench-path",
          message:
            "in the workbench, \(key) names a file you upload beside kring.yaml: write just its name, such as \(Uploads.safeName(path))"
        ))
    }
    if !config.groups.history.plans.isEmpty {
      problems.append(
        Diagnostic(
          file: "kring.yaml", column: "groups.history.plans", code: "config-workbench-history",
          message:
            "the workbench does not read earlier plans from disk; leave groups.history.plans empty here and use kring form on the command line for history"
        ))
    }
    if !problems.isEmpty {
      throw WorkbenchError.invalid(
        "config-invalid", "kring.yaml has \(problems.count) problem(s)", DiagnosticList(problems))
    }
    return try store.addUpload(
      cohort: cohort, kind: .config, name: "kring.yaml", content: Array(text.utf8),
      author: self.author(author)
    ).info
  }

  /// Writes rule changes from the rules form (`KEY=VALUE`, as `--set`) into a new version of
  /// `kring.yaml`: the effective rules in canonical form, checked by the loader first.
  public func setRules(_ cohort: Int64, settings: [String], author: String?)
    throws(WorkbenchError) -> FileInfo
  {
    let text = try configText(cohort)
    let config: KringConfig
    do {
      config = try KringConfig.parse(
        yaml: text, fileName: "kring.yaml", baseDirectory: "", overrides: settings)
    } catch {
      throw WorkbenchError.invalid(
        "config-invalid", "the rules have \(error.diagnostics.count) problem(s)", error)
    }
    let yaml =
      "# Written by the Kring workbench from the rules form; every key is listed.\n"
      + config.normalizedYAML()
    return try putConfig(cohort, bytes: Array(yaml.utf8), author: author)
  }

  // MARK: Intake and resources

  /// What an accepted upload holds.
  public struct Accepted: Codable, Sendable {
    public var file: FileInfo
    /// Candidates read (intake) or rows read (resources).
    public var rows: Int
    public var warnings: [Problem]
  }

  /// Stores a new version of the intake after reading it exactly as `kring intake check`
  /// reads a file (same reader, same limit, every problem at once).
  ///
  /// - Parameter fileName: the name the coordinator's file had; it picks the format (`.json`,
  ///   `.csv`, and `.xlsx` once the intake reader reads spreadsheets) and names the file in
  ///   messages.
  public func putIntake(_ cohort: Int64, bytes: [UInt8], fileName: String, author: String?)
    throws(WorkbenchError) -> Accepted
  {
    let config = try currentConfig(cohort)
    let name = Uploads.safeName(fileName)
    guard bytes.count <= Uploads.intakeLimit else {
      throw WorkbenchError(
        status: 413, code: "upload-too-large",
        message: "\(name) is \(bytes.count) bytes; at most \(Uploads.intakeLimit) is accepted",
        details: .init(limit: Uploads.intakeLimit))
    }
    // TODO(intake init, wt-forms): when `IntakeInit` is on main, a raw form export whose
    // headers the rules do not map can be answered here with its draft kring.yaml (offered to
    // the coordinator on the intake page) instead of only the missing-column problems.
    let batch: IntakeBatch
    do {
      batch = try IntakeJob.check(bytes: bytes, fileName: name, config: config)
    } catch {
      let errors = error.diagnostics.filter { $0.severity == .error }.count
      throw WorkbenchError.invalid(
        "intake-invalid", "\(name) has \(errors) problem(s); nothing was stored", error)
    }
    let file = try store.addUpload(
      cohort: cohort, kind: .intake, name: name, content: bytes, author: self.author(author))
    return Accepted(
      file: file.info, rows: batch.candidates.count, warnings: batch.warnings.map(Problem.init))
  }

  /// Stores a facilitators or rooms file the rules name, after reading it as `kring plan`
  /// reads it.
  public func putResource(_ cohort: Int64, name: String, bytes: [UInt8], author: String?)
    throws(WorkbenchError) -> Accepted
  {
    let config = try currentConfig(cohort)
    let safe = Uploads.safeName(name)
    let named = Self.namedResources(config)
    guard let role = named.first(where: { $0.1 == safe })?.0 else {
      throw WorkbenchError(
        status: 422, code: "resource-not-named",
        message:
          "kring.yaml names no file \(safe); set schedule.facilitators or schedule.rooms to it first",
        details: .init(allowed: named.map(\.1)))
    }
    guard bytes.count <= Uploads.resourceLimit else {
      throw WorkbenchError(
        status: 413, code: "upload-too-large",
        message: "\(safe) is \(bytes.count) bytes; at most \(Uploads.resourceLimit) is accepted",
        details: .init(limit: Uploads.resourceLimit))
    }
    let rows: Int
    let warnings: [Diagnostic]
    do {
      (rows, warnings) = try ResourceCheck.read(role: role, bytes: bytes, fileName: safe)
    } catch {
      throw WorkbenchError.invalid(
        "resource-invalid", "\(safe) has \(error.diagnostics.count) problem(s); nothing was stored",
        error)
    }
    let file = try store.addUpload(
      cohort: cohort, kind: .resource, name: safe, content: bytes, author: self.author(author))
    return Accepted(file: file.info, rows: rows, warnings: warnings.map(Problem.init))
  }

  /// The cohort's intake as the intake page shows it: problems (under the current rules),
  /// readiness per candidate and the forecast.
  public struct IntakeView: Sendable {
    public var file: FileInfo?
    public var problems: [Problem]
    public var report: IntakeScoreReport?
  }

  public func intakeView(_ cohort: Int64) throws(WorkbenchError) -> IntakeView {
    let config = try currentConfig(cohort)
    guard let upload = try store.latestUpload(cohort: cohort, kind: .intake) else {
      return IntakeView(file: nil, problems: [], report: nil)
    }
    do {
      let batch = try IntakeJob.check(bytes: upload.content, fileName: upload.name, config: config)
      return IntakeView(
        file: upload.info, problems: batch.warnings.map(Problem.init),
        report: IntakeJob.report(
          batch, config: config, includeFollowUp: false, language: config.language))
    } catch {
      // The rules changed since the upload: the same file may no longer read.
      return IntakeView(
        file: upload.info, problems: error.diagnostics.map(Problem.init), report: nil)
    }
  }
}
