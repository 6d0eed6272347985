import Foundation
import Testing

/// The sample plan, made once per test process: `kring plan` takes seconds, and every
/// schedule test starts from it.
enum SamplePlan {
  struct Run: Sendable {
    var folder: URL
    var result: CLI.Output
  }

  static let config = CLI.fixture("sample/kring.yaml")
  static let intake = CLI.fixture("sample-en.csv")

  private static let made: Result<Run, any Error> = Result {
    let folder = try CLI.temporaryFolder().appendingPathComponent("plan")
    let result = try CLI.run(["plan", intake, "-c", config, "-o", folder.path])
    return Run(folder: folder, result: result)
  }

  /// The sample's plan folder; the plan must have succeeded.
  static func folder() throws -> URL {
    let run = try made.get()
    try #require(run.result.status == 0, "kring plan failed: \(run.result.stderr)")
    return run.folder
  }

  static func output() throws -> CLI.Output { try made.get().result }
}

/// plan.json read as plain JSON, so the tests do not trust Kring's own Codable types.
struct PlanJSON {
  struct Session: Equatable {
    var number: Int
    var uid: String
    var sequence: Int
    var start: Date
    var end: Date
    var facilitated: Bool
    var facilitator: String?
    var room: String?
    var held: Bool
    var formerFacilitators: [String]
  }

  struct Entry {
    var group: String
    var facilitator: String?
    var room: String?
    var sessions: [Session]
    var cancelled: [Session]
  }

  var raw: [String: Any]
  var schedule: [Entry]

  init(_ url: URL) throws {
    raw = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let entries = try #require(raw["schedule"] as? [[String: Any]])
    schedule = try entries.map { e in
      Entry(
        group: try #require(e["group"] as? String), facilitator: e["facilitator"] as? String,
        room: e["room"] as? String,
        sessions: try Self.sessions(e["sessions"]), cancelled: try Self.sessions(e["cancelled"]))
    }
  }

  static func sessions(_ value: Any?) throws -> [Session] {
    let list = try #require(value as? [[String: Any]])
    let iso = ISO8601DateFormatter()
    return try list.map { s in
      Session(
        number: try #require(s["number"] as? Int), uid: try #require(s["uid"] as? String),
        sequence: try #require(s["sequence"] as? Int),
        start: try #require(iso.date(from: s["start"] as? String ?? "")),
        end: try #require(iso.date(from: s["end"] as? String ?? "")),
        facilitated: try #require(s["facilitated"] as? Bool),
        facilitator: s["facilitator"] as? String, room: s["room"] as? String,
        held: s["held"] as? Bool ?? false,
        formerFacilitators: s["former_facilitators"] as? [String] ?? [])
    }
  }

  var unscheduled: [[String: Any]] { raw["unscheduled"] as? [[String: Any]] ?? [] }
  var diagnosis: [[String: Any]] { raw["diagnosis"] as? [[String: Any]] ?? [] }
  var groupCount: Int { (raw["groups"] as? [Any])?.count ?? 0 }

  /// Every pair of sessions that share a facilitator or a room and overlap in time.
  var conflicts: [String] {
    var found: [String] = []
    let booked = schedule.flatMap { e in e.sessions.map { (e, $0) } }
    for (i, (a, sa)) in booked.enumerated() {
      for (b, sb) in booked[(i + 1)...] where sa.start < sb.end && sb.start < sa.end {
        if let f = sa.facilitator, f == sb.facilitator {
          found.append("facilitator \(f): \(a.group)/\(sa.number) and \(b.group)/\(sb.number)")
        }
        if let r = sa.room, r == sb.room {
          found.append("room \(r): \(a.group)/\(sa.number) and \(b.group)/\(sb.number)")
        }
      }
    }
    return found
  }
}

/// The events of an .ics file, read from its text (unfolded) without Kring's writer.
struct ICSEvent: Equatable {
  var uid: String
  var sequence: Int
  var status: String

  static func parse(_ url: URL) throws -> [ICSEvent] {
    let text = try String(contentsOf: url, encoding: .utf8)
      .replacingOccurrences(of: "\r\n ", with: "")
    var events: [ICSEvent] = []
    var current: [String: String]?
    for line in text.components(separatedBy: "\r\n") {
      if line == "BEGIN:VEVENT" {
        current = [:]
      } else if line == "END:VEVENT", let fields = current {
        events.append(
          ICSEvent(
            uid: fields["UID"] ?? "", sequence: Int(fields["SEQUENCE"] ?? "") ?? -1,
            status: fields["STATUS"] ?? ""))
        current = nil
      } else if current != nil, let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].split(separator: ";").first.map(String.init) ?? ""
        current?[name] = String(line[line.index(after: colon)...])
      }
    }
    return events
  }
}

/// Runs `Scripts/check-ics.py` (Python's `icalendar`); required when
/// `KRING_REQUIRE_ICALENDAR=1`, skipped when the library is missing otherwise.
enum ICalendarCheck {
  static let required = ProcessInfo.processInfo.environment["KRING_REQUIRE_ICALENDAR"] == "1"
  static let available: Bool = run(["python3", "-c", "import icalendar"])?.status == 0
  static var shouldRun: Bool { required || available }

  static func run(_ arguments: [String]) -> (status: Int32, output: String)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = CLI.packageRoot
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do {
      try process.run()
    } catch {
      return nil
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// Checks one calendar, expecting exactly `events` VEVENTs.
  static func check(_ file: URL, events: Int) throws {
    let result = try #require(
      run(["python3", "Scripts/check-ics.py", "--expect-events", String(events), file.path]))
    #expect(result.status == 0, "\(file.path): \(result.output)")
  }
}

/// Helpers shared by the plan and schedule suites.
enum PlanFiles {
  /// Every regular file under `folder`, as relative paths, sorted.
  static func list(_ folder: URL) -> [String] {
    let base = folder.standardizedFileURL.resolvingSymlinksInPath().path + "/"
    let walker = FileManager.default.enumerator(atPath: base)
    var files: [String] = []
    while let name = walker?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: base + name, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        files.append(name)
      }
    }
    return files.sorted()
  }

  /// A copy of the sample's kring.yaml, rooms.csv and facilitators.csv in `folder`, with the
  /// facilitators' lines passed through `edit` (the header stays).
  static func sampleConfig(
    in folder: URL, editFacilitators edit: ([String]) throws -> [String] = { $0 }
  ) throws -> String {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in ["kring.yaml", "rooms.csv"] {
      try FileManager.default.copyItem(
        atPath: CLI.fixture("sample/\(name)"), toPath: folder.appendingPathComponent(name).path)
    }
    let lines = try String(contentsOfFile: CLI.fixture("sample/facilitators.csv"), encoding: .utf8)
      .split(separator: "\n").map(String.init)
    let header = try #require(lines.first)
    let edited = try edit(Array(lines.dropFirst()))
    try ([header] + edited).joined(separator: "\n").appending("\n").write(
      to: folder.appendingPathComponent("facilitators.csv"), atomically: true, encoding: .utf8)
    return folder.appendingPathComponent("kring.yaml").path
  }
}

extension PlanFiles {
  /// Reschedules the sample plan into `folder/s` with the facilitators who speak English
  /// left out: the English group loses its schedule and another group changes facilitator.
  static func rescheduleWithoutEnglish(in folder: URL, _ extra: [String] = []) throws -> (
    result: CLI.Output, output: URL
  ) {
    let planFolder = try SamplePlan.folder()
    let config = try sampleConfig(in: folder.appendingPathComponent("cfg")) { rows in
      rows.filter { !$0.contains(",nl en,") }
    }
    let out = folder.appendingPathComponent("s")
    let result = try CLI.run(
      [
        "schedule", planFolder.appendingPathComponent("plan.json").path, "-c", config, "-o",
        out.path,
      ] + beforeTheCohort + extra)
    return (result, out)
  }

  /// `--since` the sample cohort's first day: nothing is held, whatever the day the tests run.
  static let beforeTheCohort = ["--since", "2027-01-11"]
}

@Suite("kring plan", .serialized)
struct PlanCLITests {
  @Test func theSamplePlanWritesEveryOutput() throws {
    let folder = try SamplePlan.folder()
    let output = try SamplePlan.output()
    #expect(output.stdout.contains("rules broken 0, conflicts 0"), "\(output.stdout)")
    #expect(!output.stderr.contains("audit:"), "\(output.stderr)")
    let files = Set(PlanFiles.list(folder))
    for name in [
      "plan.json", "run.json", "report.html", "report.md", "groups.csv", "schedule.csv",
      "unplaced.csv",
    ] {
      #expect(files.contains(name), "missing \(name)")
    }
    let plan = try PlanJSON(folder.appendingPathComponent("plan.json"))
    #expect(plan.schedule.count == plan.groupCount && plan.groupCount > 0)
    #expect(plan.unscheduled.isEmpty)
    #expect(plan.conflicts.isEmpty, "\(plan.conflicts)")
    var facilitated: [String: Set<String>] = [:]
    for entry in plan.schedule where !entry.sessions.isEmpty {
      #expect(files.contains("groups/\(entry.group)/calendar.ics"), "\(entry.group)")
      #expect(files.contains("groups/\(entry.group)/contract.md"), "\(entry.group)")
      let events = try ICSEvent.parse(
        folder.appendingPathComponent("groups/\(entry.group)/calendar.ics"))
      #expect(events.map(\.uid) == entry.sessions.map(\.uid), "\(entry.group)")
      #expect(events.allSatisfy { $0.status == "CONFIRMED" && $0.sequence == 0 })
      if let f = entry.facilitator {
        facilitated[f, default: []].formUnion(entry.sessions.filter(\.facilitated).map(\.uid))
      }
    }
    #expect(!facilitated.isEmpty)
    for (f, uids) in facilitated {
      #expect(files.contains("facilitators/\(f)/index.md"), "\(f)")
      let events = try ICSEvent.parse(
        folder.appendingPathComponent("facilitators/\(f)/calendar.ics"))
      #expect(events.count == uids.count, "\(f) has a session twice or a foreign one")
      #expect(Set(events.map(\.uid)) == uids, "\(f)")
    }
    // No calendar for someone who facilitates nothing.
    let facilitatorFolders = Set(
      files.filter { $0.hasPrefix("facilitators/") && $0.hasSuffix("/calendar.ics") }
        .map { $0.split(separator: "/")[1] }.map(String.init))
    #expect(facilitatorFolders == Set(facilitated.keys))
  }

  @Test func jsonPrintsThePlanAndTheOutputsAreByteIdenticalAcrossProcesses() throws {
    let first = try SamplePlan.folder()
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let second = folder.appendingPathComponent("b")
    let result = try CLI.run([
      "plan", SamplePlan.intake, "-c", SamplePlan.config, "-o", second.path, "--json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let written = try String(
      contentsOf: second.appendingPathComponent("plan.json"), encoding: .utf8)
    #expect(result.stdout == written)
    #expect(!result.stdout.contains("Formed "))
    let names = PlanFiles.list(first)
    #expect(PlanFiles.list(second) == names)
    for name in names where name != "run.json" {
      let a = try Data(contentsOf: first.appendingPathComponent(name))
      let b = try Data(contentsOf: second.appendingPathComponent(name))
      #expect(a == b, "\(name) differs between two runs")
    }
  }

  @Test func quietPrintsNothingOnStandardOutput() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("q")
    let result = try CLI.run([
      "plan", SamplePlan.intake, "-c", SamplePlan.config, "-o", out.path, "--quiet",
      "--no-diagnosis",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.isEmpty, "\(result.stdout)")
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("plan.json").path))
  }

  @Test(arguments: [
    (["--language", "xx"], "--language \"xx\" is not supported; use nl or en"),
    (["--now", "yesterday"], "--now \"yesterday\" is not an ISO 8601 time"),
    (["--time-limit", "abc"], "--time-limit \"abc\" is not a positive duration"),
  ])
  func usageErrorsExitTwo(arguments: [String], message: String) throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try CLI.run(
      [
        "plan", SamplePlan.intake, "-c", SamplePlan.config, "-o",
        folder.appendingPathComponent("o").path,
      ]
        + arguments)
    #expect(result.status == 2)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("o").path))
  }

  @Test func aMissingFacilitatorsFileIsNamed() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try PlanFiles.sampleConfig(in: folder.appendingPathComponent("cfg"))
    let text = try String(contentsOfFile: config, encoding: .utf8)
      .replacingOccurrences(of: "facilitators: facilitators.csv", with: "facilitators: nobody.csv")
    try text.write(toFile: config, atomically: true, encoding: .utf8)
    let result = try CLI.run([
      "plan", SamplePlan.intake, "-c", config, "-o", folder.appendingPathComponent("o").path,
    ])
    #expect(result.status == 1)
    let missing = folder.appendingPathComponent("cfg/nobody.csv").standardizedFileURL.path
    #expect(result.stderr.contains("nobody.csv: cannot open the file"), "\(result.stderr)")
    #expect(result.stderr.contains(missing) || result.stderr.contains("cfg/nobody.csv"))
  }

  @Test func aBadFacilitatorRowGivesFileLineAndColumn() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // The second facilitator (line 3 of the file) gets a max_groups that is not a number.
    let config = try PlanFiles.sampleConfig(in: folder.appendingPathComponent("cfg")) { rows in
      var rows = rows
      try #require(rows.count > 1)
      var cells = rows[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      try #require(cells.count == 8)
      cells[6] = "many"
      rows[1] = cells.joined(separator: ",")
      return rows
    }
    let result = try CLI.run([
      "plan", SamplePlan.intake, "-c", config, "-o", folder.appendingPathComponent("o").path,
    ])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "facilitators.csv:3: max_groups: max_groups must be a whole number from 1 to 50, got \"many\""
      ), "\(result.stderr)")
  }

  @Test func anOutputFolderWithForeignFilesNeedsForce() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "mine".write(
      to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    let result = try CLI.run([
      "plan", SamplePlan.intake, "-c", SamplePlan.config, "-o", folder.path,
    ])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "the output folder holds files Kring did not write (notes.txt); choose an empty folder or add --force"
      ), "\(result.stderr)")
    #expect(PlanFiles.list(folder) == ["notes.txt"])
  }

  /// An intake named like an output, inside the output folder: nothing is written at all
  /// (before the fix a new plan.json was written beside it before the refusal).
  @Test func anInputInsideTheOutputFolderIsNeverOverwritten() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let intake = folder.appendingPathComponent("groups.csv")
    try FileManager.default.copyItem(atPath: SamplePlan.intake, toPath: intake.path)
    let before = try Data(contentsOf: intake)
    let result = try CLI.run(["plan", intake.path, "-c", SamplePlan.config, "-o", folder.path])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "groups.csv: refusing to write over an input file; choose another output folder"),
      "\(result.stderr)")
    #expect(try Data(contentsOf: intake) == before)
    #expect(PlanFiles.list(folder) == ["groups.csv"])
  }

  /// `kring form --keep` into the kept plan's own folder is refused before the solve.
  @Test func aRefillCannotWriteOverTheKeptPlan() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let kept = folder.appendingPathComponent("plan.json")
    try FileManager.default.copyItem(
      at: try SamplePlan.folder().appendingPathComponent("plan.json"), to: kept)
    let before = try Data(contentsOf: kept)
    let result = try CLI.run([
      "form", SamplePlan.intake, "--keep", kept.path, "--left", "c5", "-o", folder.path,
    ])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "plan.json: refusing to write over an input file; choose another output folder"),
      "\(result.stderr)")
    #expect(try Data(contentsOf: kept) == before)
    #expect(PlanFiles.list(folder) == ["plan.json"])
  }

  @Test func anOutOfRangeOverrideNamesTheKeyAndTheAllowedValues() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try CLI.run([
      "plan", SamplePlan.intake, "-c", SamplePlan.config, "-o",
      folder.appendingPathComponent("o").path,
      "--set", "schedule.quorum=2",
    ])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "--set: schedule.quorum: 2 is out of range; allowed: more than 0 and at most 1"),
      "\(result.stderr)")
  }

  @Test func strictExitsThreeWhenAGroupCannotBeScheduled() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // Without the facilitators who speak English, no English group can be served.
    let config = try PlanFiles.sampleConfig(in: folder.appendingPathComponent("cfg")) { rows in
      rows.filter { !$0.contains(",nl en,") && !$0.contains(",en,") }
    }
    let out = folder.appendingPathComponent("o")
    let result = try CLI.run([
      "plan", SamplePlan.intake, "-c", config, "-o", out.path, "--strict",
    ])
    #expect(result.status == 3, "\(result.stderr)")
    let plan = try PlanJSON(out.appendingPathComponent("plan.json"))
    let english = try #require(
      plan.unscheduled.first {
        ($0["need"] as? String)?.hasPrefix("facilitator language=en") == true
      }, "\(plan.unscheduled)")
    #expect(english["code"] as? String == "no-facilitator")
    let group = try #require(english["group"] as? String)
    #expect(result.stdout.contains("Unscheduled \(group) (no-facilitator)"))
    let resource = plan.diagnosis.filter { $0["kind"] as? String == "resource" }
    #expect(
      resource.contains { ($0["groups"] as? [String])?.contains(group) == true },
      "\(plan.diagnosis)")
    // The unscheduled group has no calendar with sessions in it.
    #expect(!plan.schedule.contains { $0.group == group && !$0.sessions.isEmpty })
  }
}

@Suite(
  "kring plan calendars pass icalendar",
  .enabled(
    if: ICalendarCheck.shouldRun, "needs python3 with icalendar (Scripts/ensure-test-tools.sh)"))
struct PlanCalendarLibraryTests {
  @Test func everyCalendarParsesWithTheRightNumberOfEvents() throws {
    #expect(
      ICalendarCheck.available, "python3 cannot import icalendar; run Scripts/ensure-test-tools.sh")
    let folder = try SamplePlan.folder()
    let plan = try PlanJSON(folder.appendingPathComponent("plan.json"))
    var facilitated: [String: Int] = [:]
    for entry in plan.schedule where !entry.sessions.isEmpty {
      try ICalendarCheck.check(
        folder.appendingPathComponent("groups/\(entry.group)/calendar.ics"),
        events: entry.sessions.count)
      if let f = entry.facilitator {
        facilitated[f, default: 0] += entry.sessions.filter(\.facilitated).count
      }
    }
    for (f, count) in facilitated.sorted(by: { $0.key < $1.key }) {
      try ICalendarCheck.check(
        folder.appendingPathComponent("facilitators/\(f)/calendar.ics"), events: count)
    }
  }
}

@Suite(
  "kring schedule calendars pass icalendar",
  .enabled(
    if: ICalendarCheck.shouldRun, "needs python3 with icalendar (Scripts/ensure-test-tools.sh)"))
struct ScheduleCalendarLibraryTests {
  /// Cancelled and handed-over sessions, too, make calendars the library accepts.
  @Test func rescheduledCalendarsParseWithTheRightNumberOfEvents() throws {
    #expect(
      ICalendarCheck.available, "python3 cannot import icalendar; run Scripts/ensure-test-tools.sh")
    let old = try PlanJSON(try SamplePlan.folder().appendingPathComponent("plan.json"))
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (result, out) = try PlanFiles.rescheduleWithoutEnglish(in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    let new = try PlanJSON(out.appendingPathComponent("plan.json"))
    let previous = Dictionary(uniqueKeysWithValues: old.schedule.map { ($0.group, $0) })
    var expected: [String: Int] = [:]
    for entry in new.schedule {
      try ICalendarCheck.check(
        out.appendingPathComponent("groups/\(entry.group)/calendar.ics"),
        events: entry.sessions.count + entry.cancelled.count)
      // Each session is in the calendar of whoever guides it; a facilitator who guided it in
      // the earlier plan and no longer does keeps it, cancelled.
      let before = Dictionary(
        uniqueKeysWithValues: (previous[entry.group]?.sessions ?? []).map { ($0.number, $0) })
      for session in entry.sessions + entry.cancelled {
        var holders = Set([session.facilitator].compactMap { $0 })
        if let prior = before[session.number]?.facilitator { holders.insert(prior) }
        for f in holders { expected[f, default: 0] += 1 }
      }
    }
    #expect(!expected.isEmpty)
    for (f, count) in expected.sorted(by: { $0.key < $1.key }) {
      try ICalendarCheck.check(
        out.appendingPathComponent("facilitators/\(f)/calendar.ics"), events: count)
    }
  }
}

@Suite("kring schedule", .serialized)
struct ScheduleCLITests {
  /// Every calendar under `groups/` and `facilitators/`, relative path → bytes.
  func calendars(_ folder: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for name in PlanFiles.list(folder) where name.hasSuffix(".ics") {
      result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    return result
  }

  @Test func anUnchangedPlanChangesNothing() throws {
    let plan = try SamplePlan.folder()
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("s")
    let result = try CLI.run(
      [
        "schedule", plan.appendingPathComponent("plan.json").path, "-o", out.path,
      ] + PlanFiles.beforeTheCohort)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains("as they were; rules broken 0, conflicts 0.\nNo session changed."),
      "\(result.stdout)")
    let before = try calendars(plan)
    #expect(!before.isEmpty)
    #expect(try calendars(out) == before)
    let written = try Data(contentsOf: out.appendingPathComponent("plan.json"))
    #expect(written == (try Data(contentsOf: plan.appendingPathComponent("plan.json"))))

    let quiet = try CLI.run(
      [
        "schedule", plan.appendingPathComponent("plan.json").path, "-o",
        folder.appendingPathComponent("q").path, "--quiet",
      ] + PlanFiles.beforeTheCohort)
    #expect(quiet.status == 0, "\(quiet.stderr)")
    #expect(quiet.stdout.isEmpty, "\(quiet.stdout)")
    let json = try CLI.run(
      [
        "schedule", plan.appendingPathComponent("plan.json").path, "-o",
        folder.appendingPathComponent("j").path, "--json",
      ] + PlanFiles.beforeTheCohort)
    #expect(json.status == 0, "\(json.stderr)")
    #expect(Data(json.stdout.utf8) == written)
  }

  @Test func aFacilitatorWhoBecomesUnavailableMovesTheSessionsWithTheirUIDs() throws {
    let planFolder = try SamplePlan.folder()
    let old = try PlanJSON(planFolder.appendingPathComponent("plan.json"))
    let entry = try #require(old.schedule.first { $0.facilitator != nil && $0.sessions.count >= 3 })
    let facilitator = try #require(entry.facilitator)
    let session = entry.sessions[2]
    let day = DateFormatter()
    day.dateFormat = "yyyy-MM-dd"
    day.timeZone = TimeZone(identifier: "Europe/Amsterdam")
    let date = day.string(from: session.start)

    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try PlanFiles.sampleConfig(in: folder.appendingPathComponent("cfg")) { rows in
      try rows.map { row in
        guard row.hasPrefix("\(facilitator),") else { return row }
        var cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        try #require(cells.count == 8)
        cells[7] = cells[7].isEmpty ? date : cells[7] + " " + date
        return cells.joined(separator: ",")
      }
    }
    let out = folder.appendingPathComponent("s")
    let result = try CLI.run(
      [
        "schedule", planFolder.appendingPathComponent("plan.json").path, "-c", config, "-o",
        out.path,
      ] + PlanFiles.beforeTheCohort)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stdout.contains("No session changed."), "\(result.stdout)")
    #expect(result.stdout.contains("rules broken 0, conflicts 0."), "\(result.stdout)")
    #expect(!result.stderr.contains("audit:"), "\(result.stderr)")
    // The session moved or has a stand-in; either way it is listed under its group.
    let section = result.stdout.components(separatedBy: "\n  \(entry.group) · ").dropFirst().first
    #expect(
      section?.contains("\n    session \(session.number) (") == true, "\(result.stdout)")

    let new = try PlanJSON(out.appendingPathComponent("plan.json"))
    #expect(new.unscheduled.isEmpty)
    #expect(new.conflicts.isEmpty, "\(new.conflicts)")
    // Nobody is booked on the day they are away.
    #expect(
      !new.schedule.contains { e in
        e.sessions.contains { $0.facilitator == facilitator && day.string(from: $0.start) == date }
      })
    let oldEntries = Dictionary(uniqueKeysWithValues: old.schedule.map { ($0.group, $0) })
    var moved = 0
    for now in new.schedule {
      let before = try #require(oldEntries[now.group])
      let events = try ICSEvent.parse(
        out.appendingPathComponent("groups/\(now.group)/calendar.ics"))
      let byUID = Dictionary(uniqueKeysWithValues: events.map { ($0.uid, $0) })
      for s in now.sessions {
        let prior = try #require(before.sessions.first { $0.number == s.number })
        #expect(s.uid == prior.uid, "\(now.group)/\(s.number) lost its UID")
        let changed =
          s.start != prior.start || s.end != prior.end || s.facilitator != prior.facilitator
          || s.room != prior.room
        #expect(s.sequence == (changed ? prior.sequence + 1 : prior.sequence))
        #expect(byUID[s.uid]?.sequence == s.sequence, "\(now.group)/\(s.number) in the .ics")
        if changed {
          moved += 1
          #expect(s.sequence >= 1)
        }
      }
    }
    #expect(moved >= 1)
  }

  @Test func freshReschedulesEveryGroupWithoutConflicts() throws {
    let plan = try SamplePlan.folder()
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("s")
    let result = try CLI.run(
      [
        "schedule", plan.appendingPathComponent("plan.json").path, "--fresh", "-o", out.path,
      ] + PlanFiles.beforeTheCohort)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Scheduled "), "\(result.stdout)")
    let new = try PlanJSON(out.appendingPathComponent("plan.json"))
    #expect(new.schedule.filter { !$0.sessions.isEmpty }.count == new.groupCount)
    #expect(new.conflicts.isEmpty, "\(new.conflicts)")
    for entry in new.schedule {
      let events = try ICSEvent.parse(
        out.appendingPathComponent("groups/\(entry.group)/calendar.ics"))
      #expect(events.map(\.uid) == entry.sessions.map(\.uid) + entry.cancelled.map(\.uid))
    }
  }

  @Test func aGroupThatLosesItsScheduleIsSentCancellations() throws {
    let planFolder = try SamplePlan.folder()
    let old = try PlanJSON(planFolder.appendingPathComponent("plan.json"))
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (result, out) = try PlanFiles.rescheduleWithoutEnglish(in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    let new = try PlanJSON(out.appendingPathComponent("plan.json"))
    let dropped = new.schedule.filter { $0.sessions.isEmpty }
    #expect(!dropped.isEmpty)
    #expect(Set(dropped.map(\.group)) == Set(new.unscheduled.compactMap { $0["group"] as? String }))
    let oldEntries = Dictionary(uniqueKeysWithValues: old.schedule.map { ($0.group, $0) })
    for entry in dropped {
      let before = try #require(oldEntries[entry.group])
      #expect(entry.cancelled.map(\.uid) == before.sessions.map(\.uid))
      let section = result.stdout.components(separatedBy: "\n  \(entry.group) · ").dropFirst().first
      #expect(section?.contains("\n    lost its schedule\n") == true, "\(result.stdout)")
      let events = try ICSEvent.parse(
        out.appendingPathComponent("groups/\(entry.group)/calendar.ics"))
      #expect(events.map(\.uid) == before.sessions.map(\.uid))
      for (event, prior) in zip(events, before.sessions) {
        #expect(event.status == "CANCELLED")
        #expect(event.sequence > prior.sequence)
      }
    }
    let strict = try PlanFiles.rescheduleWithoutEnglish(
      in: folder.appendingPathComponent("strict"), ["--strict"])
    #expect(strict.result.status == 3, "\(strict.result.stderr)")
  }

  /// A facilitator who hands a group over is sent its sessions as cancelled (same UID, the
  /// group's new SEQUENCE), so they leave a calendar that imported them; the new facilitator
  /// gets them as confirmed.
  @Test func aFacilitatorWhoLosesAGroupIsSentCancellations() throws {
    let planFolder = try SamplePlan.folder()
    let old = try PlanJSON(planFolder.appendingPathComponent("plan.json"))
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (result, out) = try PlanFiles.rescheduleWithoutEnglish(in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    let new = try PlanJSON(out.appendingPathComponent("plan.json"))
    let oldEntries = Dictionary(uniqueKeysWithValues: old.schedule.map { ($0.group, $0) })
    let handedOver = new.schedule.filter { e in
      guard let before = oldEntries[e.group]?.facilitator, let now = e.facilitator else {
        return false
      }
      return before != now && !e.sessions.isEmpty
    }
    try #require(!handedOver.isEmpty, "the scenario no longer hands a group over")
    for entry in handedOver {
      let previous = try #require(oldEntries[entry.group])
      let before = try #require(previous.facilitator)
      let now = try #require(entry.facilitator)
      let oldCalendar = try ICSEvent.parse(
        out.appendingPathComponent("facilitators/\(before)/calendar.ics"))
      let newCalendar = try ICSEvent.parse(
        out.appendingPathComponent("facilitators/\(now)/calendar.ics"))
      let sequences = Dictionary(uniqueKeysWithValues: entry.sessions.map { ($0.uid, $0.sequence) })
      for session in previous.sessions where session.facilitated {
        let gone = oldCalendar.filter { $0.uid == session.uid }
        #expect(gone.map(\.status) == ["CANCELLED"], "\(before): \(session.uid)")
        #expect(gone.first?.sequence == sequences[session.uid], "\(before): \(session.uid)")
        let came = newCalendar.filter { $0.uid == session.uid }
        #expect(came.map(\.status) == ["CONFIRMED"], "\(now): \(session.uid)")
        #expect(came.first?.sequence == sequences[session.uid])
      }
    }
  }

  @Test func scheduleErrorsExitWithOne() throws {
    let planFolder = try SamplePlan.folder()
    let planPath = planFolder.appendingPathComponent("plan.json").path
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }

    let missing = try CLI.run([
      "schedule", folder.appendingPathComponent("none.json").path, "-o",
      folder.appendingPathComponent("a").path,
    ])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("none.json: cannot read this plan"), "\(missing.stderr)")

    let other = folder.appendingPathComponent("other.json")
    try #"{"people": []}"#.write(to: other, atomically: true, encoding: .utf8)
    let notAPlan = try CLI.run([
      "schedule", other.path, "-o", folder.appendingPathComponent("b").path,
    ])
    #expect(notAPlan.status == 1)
    #expect(
      notAPlan.stderr.contains("other.json: not a plan.json written by Kring"), "\(notAPlan.stderr)"
    )

    let set = try CLI.run([
      "schedule", planPath, "--set", "schedule.quorum=0.5", "-o",
      folder.appendingPathComponent("c").path,
    ])
    #expect(set.status == 1)
    #expect(set.stderr.contains("--set needs -c kring.yaml with kring schedule"), "\(set.stderr)")

    let limit = try CLI.run([
      "schedule", planPath, "--time-limit", "abc", "-o", folder.appendingPathComponent("d").path,
    ])
    #expect(limit.status == 2)
    #expect(
      limit.stderr.contains("--time-limit \"abc\" is not a positive duration"), "\(limit.stderr)")
  }

  /// `-o` the plan's own folder would overwrite plan.json: refused, and nothing there changes.
  @Test func theOutputCannotBeThePlansOwnFolder() throws {
    let planFolder = try SamplePlan.folder()
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let copy = folder.appendingPathComponent("plan")
    try FileManager.default.copyItem(at: planFolder, to: copy)
    var before: [String: Data] = [:]
    for name in PlanFiles.list(copy) {
      before[name] = try Data(contentsOf: copy.appendingPathComponent(name))
    }
    let result = try CLI.run([
      "schedule", copy.appendingPathComponent("plan.json").path, "-o", copy.path, "--fresh",
    ])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "plan.json: refusing to write over an input file; choose another output folder"),
      "\(result.stderr)")
    var after: [String: Data] = [:]
    for name in PlanFiles.list(copy) {
      after[name] = try Data(contentsOf: copy.appendingPathComponent(name))
    }
    #expect(after == before)
  }
}
