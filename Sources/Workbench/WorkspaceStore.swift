import Foundation
import GRDB

/// The workspace's SQLite database: cohorts, their uploaded files (every version kept), plan
/// versions with who made each and from what, locks and pins, hand moves, and an audit log.
///
/// Every write is one transaction, so that two browser tabs (or a solve finishing while a
/// page reads) never see half of a change. The database runs in WAL mode (a
/// `DatabasePool`): readers never wait for the writer.
public final class WorkspaceStore: Sendable {
  /// The database file inside the workspace folder.
  public static let fileName = "kring-workspace.sqlite"

  let pool: DatabasePool
  /// The workspace folder.
  public let folder: String

  /// Opens (and creates or migrates) the workspace in `folder`.
  public init(folder: String) throws(WorkbenchError) {
    let manager = FileManager.default
    do {
      try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
      var configuration = Configuration()
      configuration.busyMode = .timeout(10)
      pool = try DatabasePool(
        path: (folder as NSString).appendingPathComponent(Self.fileName),
        configuration: configuration)
      try Self.migrator.migrate(pool)
    } catch {
      throw WorkbenchError(
        status: 500, code: "workspace-unavailable",
        message: "cannot open the workspace in \(folder): \(error)")
    }
    self.folder = folder
  }

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE cohort (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            created TEXT NOT NULL);
          CREATE TABLE upload (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            cohort_id INTEGER NOT NULL REFERENCES cohort(id),
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            content BLOB NOT NULL,
            author TEXT NOT NULL,
            created TEXT NOT NULL);
          CREATE INDEX upload_cohort ON upload(cohort_id, kind, version);
          CREATE TABLE plan (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            cohort_id INTEGER NOT NULL REFERENCES cohort(id),
            number INTEGER NOT NULL,
            parent_id INTEGER REFERENCES plan(id),
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            author TEXT NOT NULL,
            intake_id INTEGER REFERENCES upload(id),
            config_id INTEGER REFERENCES upload(id),
            overrides TEXT NOT NULL,
            note TEXT NOT NULL,
            document BLOB,
            problems TEXT,
            summary TEXT,
            created TEXT NOT NULL,
            finished TEXT);
          CREATE INDEX plan_cohort ON plan(cohort_id, number);
          CREATE TABLE hold (
            plan_id INTEGER NOT NULL REFERENCES plan(id),
            kind TEXT NOT NULL,
            candidate TEXT NOT NULL,
            group_id TEXT NOT NULL,
            PRIMARY KEY (plan_id, kind, candidate, group_id));
          CREATE TABLE hand_move (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            plan_id INTEGER NOT NULL REFERENCES plan(id),
            parent_id INTEGER NOT NULL REFERENCES plan(id),
            candidate TEXT NOT NULL,
            from_group TEXT,
            to_group TEXT NOT NULL,
            author TEXT NOT NULL,
            created TEXT NOT NULL);
          CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            cohort_id INTEGER,
            at TEXT NOT NULL,
            author TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL);
          """)
    }
    return migrator
  }

  func read<T>(_ body: (Database) throws -> T) throws(WorkbenchError) -> T {
    do {
      return try pool.read(body)
    } catch let error as WorkbenchError {
      throw error
    } catch {
      throw WorkbenchError.storage(error)
    }
  }

  func write<T>(_ body: (Database) throws -> T) throws(WorkbenchError) -> T {
    do {
      return try pool.write(body)
    } catch let error as WorkbenchError {
      throw error
    } catch {
      throw WorkbenchError.storage(error)
    }
  }

  // MARK: Cohorts

  func createCohort(name: String, author: String) throws(WorkbenchError) -> Cohort {
    let now = Stamp.now()
    return try write { db in
      try db.execute(
        sql: "INSERT INTO cohort (name, created) VALUES (?, ?)", arguments: [name, now])
      let id = db.lastInsertedRowID
      try Self.log(db, cohort: id, author: author, action: "cohort-created", detail: name)
      return Cohort(id: id, name: name, created: now)
    }
  }

  func cohorts() throws(WorkbenchError) -> [Cohort] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM cohort ORDER BY id").map(Cohort.init(row:))
    }
  }

  func cohort(_ id: Int64) throws(WorkbenchError) -> Cohort {
    let found = try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM cohort WHERE id = ?", arguments: [id])
    }
    guard let found else {
      throw WorkbenchError.notFound("cohort-not-found", "no cohort \(id)")
    }
    return Cohort(row: found)
  }

  // MARK: Uploads

  func addUpload(
    cohort: Int64, kind: Upload.Kind, name: String, content: [UInt8], author: String
  ) throws(WorkbenchError) -> Upload {
    let now = Stamp.now()
    return try write { db in
      // Resources count their versions per file name, the intake and the config per cohort.
      let version =
        (kind == .resource
          ? try Int.fetchOne(
            db,
            sql: "SELECT MAX(version) FROM upload WHERE cohort_id = ? AND kind = ? AND name = ?",
            arguments: [cohort, kind.rawValue, name])
          : try Int.fetchOne(
            db, sql: "SELECT MAX(version) FROM upload WHERE cohort_id = ? AND kind = ?",
            arguments: [cohort, kind.rawValue])) ?? 0
      try db.execute(
        sql: """
          INSERT INTO upload (cohort_id, kind, name, version, content, author, created)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          cohort, kind.rawValue, name, version + 1, Data(content), author, now,
        ])
      let id = db.lastInsertedRowID
      try Self.log(
        db, cohort: cohort, author: author, action: "\(kind.rawValue)-uploaded",
        detail: "\(name) (version \(version + 1), \(content.count) bytes)")
      return Upload(
        id: id, cohort: cohort, kind: kind, name: name, version: version + 1, content: content,
        author: author, created: now)
    }
  }

  /// The newest upload of a kind (and, for resources, of a name).
  func latestUpload(cohort: Int64, kind: Upload.Kind, name: String? = nil) throws(WorkbenchError)
    -> Upload?
  {
    try read { db in
      let row: Row?
      if kind == .resource {
        row = try Row.fetchOne(
          db,
          sql:
            "SELECT * FROM upload WHERE cohort_id = ? AND kind = ? AND name = ? ORDER BY version DESC LIMIT 1",
          arguments: [cohort, kind.rawValue, name ?? ""])
      } else {
        row = try Row.fetchOne(
          db,
          sql: "SELECT * FROM upload WHERE cohort_id = ? AND kind = ? ORDER BY id DESC LIMIT 1",
          arguments: [cohort, kind.rawValue])
      }
      return row.map(Upload.init(row:))
    }
  }

  func upload(_ id: Int64) throws(WorkbenchError) -> Upload? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM upload WHERE id = ?", arguments: [id]).map(
        Upload.init(row:))
    }
  }

  /// Every upload of a cohort, newest first, without contents.
  func uploads(cohort: Int64) throws(WorkbenchError) -> [Upload] {
    try read { db in
      try Row.fetchAll(
        db,
        sql:
          "SELECT id, cohort_id, kind, name, version, X'' AS content, author, created FROM upload WHERE cohort_id = ? ORDER BY id DESC",
        arguments: [cohort]
      ).map(Upload.init(row:))
    }
  }

  /// The newest version of every resource file name of a cohort.
  func latestResources(cohort: Int64) throws(WorkbenchError) -> [Upload] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT u.* FROM upload u
          WHERE u.cohort_id = ? AND u.kind = 'resource' AND u.version =
            (SELECT MAX(version) FROM upload v
             WHERE v.cohort_id = u.cohort_id AND v.kind = 'resource' AND v.name = u.name)
          ORDER BY u.name
          """, arguments: [cohort]
      ).map(Upload.init(row:))
    }
  }

  // MARK: Plans

  func addPlan(_ version: PlanVersion, holds: [Hold] = [], move: HandMoveRecord? = nil)
    throws(WorkbenchError) -> PlanVersion
  {
    try write { db in
      let number =
        (try Int.fetchOne(
          db, sql: "SELECT MAX(number) FROM plan WHERE cohort_id = ?", arguments: [version.cohort])
          ?? 0) + 1
      try db.execute(
        sql: """
          INSERT INTO plan (cohort_id, number, parent_id, kind, status, author, intake_id,
            config_id, overrides, note, document, problems, summary, created, finished)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          version.cohort, number, version.parent, version.kind.rawValue, version.status.rawValue,
          version.author, version.intake, version.config, JSONText.encode(version.overrides),
          version.note, version.document.map { Data($0) }, version.problems.map(JSONText.encode),
          version.summary.map(JSONText.encode), version.created, version.finished,
        ])
      var stored = version
      stored.id = db.lastInsertedRowID
      stored.number = number
      for hold in holds { try Self.insert(hold, plan: stored.id, db) }
      if let move {
        try db.execute(
          sql: """
            INSERT INTO hand_move (plan_id, parent_id, candidate, from_group, to_group, author, created)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            stored.id, move.parent, move.candidate, move.from, move.to, version.author,
            version.created,
          ])
      }
      try Self.log(
        db, cohort: version.cohort, author: version.author, action: "plan-\(version.kind.rawValue)",
        detail: "version \(number)" + (version.note.isEmpty ? "" : ": \(version.note)"))
      return stored
    }
  }

  /// Records how a solve ended.
  func finishPlan(
    _ id: Int64, status: PlanVersion.Status, document: [UInt8]?, problems: [Problem]?,
    summary: PlanSummary?
  ) throws(WorkbenchError) {
    try write { db in
      try db.execute(
        sql: """
          UPDATE plan SET status = ?, document = ?, problems = ?, summary = ?, finished = ?
          WHERE id = ?
          """,
        arguments: [
          status.rawValue, document.map { Data($0) }, problems.map(JSONText.encode),
          summary.map(JSONText.encode), Stamp.now(), id,
        ])
    }
  }

  func setPlanStatus(_ id: Int64, _ status: PlanVersion.Status) throws(WorkbenchError) {
    try write { db in
      try db.execute(
        sql: "UPDATE plan SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
    }
  }

  func plan(_ id: Int64, cohort: Int64) throws(WorkbenchError) -> PlanVersion {
    let found = try read { db in
      try Row.fetchOne(
        db, sql: "SELECT * FROM plan WHERE id = ? AND cohort_id = ?", arguments: [id, cohort])
    }
    guard let found else {
      // Name the cohort when it is the cohort that is missing.
      _ = try self.cohort(cohort)
      throw WorkbenchError.notFound("plan-not-found", "cohort \(cohort) has no plan version \(id)")
    }
    return PlanVersion(row: found)
  }

  /// A plan version by its id alone (for `kring export`).
  func plan(_ id: Int64) throws(WorkbenchError) -> PlanVersion {
    let found = try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM plan WHERE id = ?", arguments: [id])
    }
    guard let found else {
      throw WorkbenchError.notFound("plan-not-found", "no plan version \(id) in this workspace")
    }
    return PlanVersion(row: found)
  }

  /// A cohort's plan versions, newest first, without their documents.
  func plans(cohort: Int64) throws(WorkbenchError) -> [PlanVersion] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT id, cohort_id, number, parent_id, kind, status, author, intake_id, config_id,
            overrides, note, NULL AS document, problems, summary, created, finished
          FROM plan WHERE cohort_id = ? ORDER BY number DESC
          """, arguments: [cohort]
      ).map(PlanVersion.init(row:))
    }
  }

  /// Versions that were queued or running when the server stopped: they never finish.
  func abandonUnfinished() throws(WorkbenchError) {
    try write { db in
      try db.execute(
        sql: """
          UPDATE plan SET status = 'failed', finished = ?,
            problems = '[{"code":"interrupted","message":"the server stopped before this solve finished; start it again"}]'
          WHERE status IN ('queued', 'running')
          """, arguments: [Stamp.now()])
    }
  }

  // MARK: Locks and pins

  static func insert(_ hold: Hold, plan: Int64, _ db: Database) throws {
    try db.execute(
      sql: "INSERT OR REPLACE INTO hold (plan_id, kind, candidate, group_id) VALUES (?, ?, ?, ?)",
      arguments: [plan, hold.kind.rawValue, hold.candidate ?? "", hold.group])
  }

  func holds(plan: Int64) throws(WorkbenchError) -> [Hold] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM hold WHERE plan_id = ? ORDER BY kind, group_id, candidate",
        arguments: [plan]
      ).map(Hold.init(row:))
    }
  }

  func addHold(_ hold: Hold, plan: Int64, cohort: Int64, author: String) throws(WorkbenchError) {
    try write { db in
      if hold.kind == .pin {
        // One pin per person.
        try db.execute(
          sql: "DELETE FROM hold WHERE plan_id = ? AND kind = 'pin' AND candidate = ?",
          arguments: [plan, hold.candidate ?? ""])
      }
      try Self.insert(hold, plan: plan, db)
      try Self.log(
        db, cohort: cohort, author: author, action: "\(hold.kind.rawValue)-added",
        detail: "plan \(plan): " + (hold.candidate.map { "\($0) → " } ?? "") + hold.group)
    }
  }

  func removeHold(_ hold: Hold, plan: Int64, cohort: Int64, author: String) throws(WorkbenchError)
    -> Bool
  {
    try write { db in
      if hold.kind == .pin {
        try db.execute(
          sql: "DELETE FROM hold WHERE plan_id = ? AND kind = 'pin' AND candidate = ?",
          arguments: [plan, hold.candidate ?? ""])
      } else {
        try db.execute(
          sql: "DELETE FROM hold WHERE plan_id = ? AND kind = 'lock' AND group_id = ?",
          arguments: [plan, hold.group])
      }
      let removed = db.changesCount > 0
      if removed {
        try Self.log(
          db, cohort: cohort, author: author, action: "\(hold.kind.rawValue)-removed",
          detail: "plan \(plan): " + (hold.candidate ?? hold.group))
      }
      return removed
    }
  }

  // MARK: Audit log

  static func log(_ db: Database, cohort: Int64?, author: String, action: String, detail: String)
    throws
  {
    try db.execute(
      sql: "INSERT INTO audit_log (cohort_id, at, author, action, detail) VALUES (?, ?, ?, ?, ?)",
      arguments: [cohort, Stamp.now(), author, action, detail])
  }

  func logEntries(cohort: Int64, limit: Int = 200) throws(WorkbenchError) -> [LogEntry] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM audit_log WHERE cohort_id = ? ORDER BY id DESC LIMIT ?",
        arguments: [cohort, limit]
      ).map(LogEntry.init(row:))
    }
  }
}

/// Times in the workspace: ISO 8601 in UTC, to the second.
enum Stamp {
  static func now() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date())
  }
}

/// Small JSON values stored as text columns.
enum JSONText {
  static func encode<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
  }

  static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
    guard let text else { return nil }
    return try? JSONDecoder().decode(type, from: Data(text.utf8))
  }
}
