import Foundation
import Scheduling
import Testing

/// Runs `Scripts/check-ics.py`, which parses calendars with the Python `icalendar` library.
enum ICalendarTool {
  /// The repository root, found from this file's place in `Tests/SchedulingTests/`.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// Whether the check must run: with `KRING_REQUIRE_ICALENDAR=1` a missing library fails
  /// the test instead of skipping it.
  static let required = ProcessInfo.processInfo.environment["KRING_REQUIRE_ICALENDAR"] == "1"

  /// Whether `python3` can import `icalendar` on this machine.
  static let available: Bool = run(["python3", "-c", "import icalendar"])?.status == 0

  static var shouldRun: Bool { required || available }

  /// Runs a command through `env`, returning its exit status and output; `nil` when it
  /// cannot be started.
  static func run(_ arguments: [String]) -> (status: Int32, output: String)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = root
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
}

@Suite(
  .enabled(
    if: ICalendarTool.shouldRun, "needs python3 with icalendar (Scripts/ensure-test-tools.sh)"))
struct ICSLibraryTests {
  private func writeCalendar(_ events: [CalendarEvent], zone: String, to folder: URL, name: String)
    throws -> String
  {
    let text = ICSWriter(
      timezone: zone, name: "Groep 1, intervisie", stamp: Date(timeIntervalSince1970: 1_800_000_000)
    ).document(events: events, method: .publish)
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  private func sessions(from start: String, count: Int) throws -> [CalendarEvent] {
    let first = try #require(ISO8601DateFormatter().date(from: start))
    return (0..<count).map { n in
      let begin = first.addingTimeInterval(TimeInterval(n * 4 * 7 * 86_400))
      return CalendarEvent(
        uid: "G01-\(n + 1)@kring", sequence: n % 2, start: begin,
        end: begin.addingTimeInterval(7200), summary: "Intervisie sessie \(n + 1); ronde, één",
        description: "Casusinbrenger: \(n + 1)\nRuimte: Zaal 1", location: "Zaal 1, Utrecht",
        cancelled: n == count - 1)
    }
  }

  @Test(arguments: ["Europe/Amsterdam", "Asia/Tokyo", "America/New_York"])
  func realLibraryAcceptsTheCalendar(zone: String) throws {
    #expect(
      ICalendarTool.available, "python3 cannot import icalendar; run Scripts/ensure-test-tools.sh")
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kring-ics-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try writeCalendar(
      try sessions(from: "2027-01-12T18:00:00Z", count: 7), zone: zone, to: folder,
      name: "calendar.ics")
    let ok = try #require(
      ICalendarTool.run(["python3", "Scripts/check-ics.py", "--expect-events", "7", path]))
    #expect(ok.status == 0, "\(ok.output)")
    #expect(ok.output.contains("\(path): ok"))
    // The check can fail: the wrong count is refused.
    let wrong = try #require(
      ICalendarTool.run(["python3", "Scripts/check-ics.py", "--expect-events", "6", path]))
    #expect(wrong.status == 1)
    #expect(wrong.output.contains("has 7 events; expected 6"))
  }

  @Test func libraryReadsTheSameInstants() throws {
    // The library's reading of each DTSTART, converted to UTC, must be the event's instant.
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kring-ics-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let events = try sessions(from: "2027-02-23T18:00:00Z", count: 6)
    let path = try writeCalendar(events, zone: "Europe/Amsterdam", to: folder, name: "a.ics")
    let script = """
      import sys, icalendar, datetime
      cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
      for e in cal.walk('VEVENT'):
          print(int(e.get('DTSTART').dt.astimezone(datetime.timezone.utc).timestamp()))
      """
    let run = try #require(ICalendarTool.run(["python3", "-c", script, path]))
    #expect(run.status == 0, "\(run.output)")
    let instants = run.output.split(separator: "\n").compactMap { Int($0) }
    #expect(instants == events.map { Int($0.start.timeIntervalSince1970) })
  }

  @Test func invitationsAndCancellationsParse() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kring-ics-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var events = try sessions(from: "2027-01-12T18:00:00Z", count: 3)
    for k in events.indices {
      events[k].cancelled = false
      events[k].attendees = [
        CalendarAttendee(name: "Joost; van Dam", email: "joost@example.org", chair: true),
        CalendarAttendee(name: "Fleur de Vries", email: "fleur@example.org"),
      ]
      events[k].url = "https://meet.example.org/kring-g01"
    }
    let writer = ICSWriter(
      timezone: "Europe/Amsterdam", name: "G01", stamp: Date(timeIntervalSince1970: 1_800_000_000),
      organizer: Organizer("Kring <kring@example.org>"))
    let request = folder.appendingPathComponent("calendar.ics")
    let cancel = folder.appendingPathComponent("cancellations.ics")
    try Data(writer.document(events: events, method: .request).utf8).write(to: request)
    try Data(writer.document(events: [events[0]], method: .cancel).utf8).write(to: cancel)
    let script = """
      import sys, icalendar
      for path in sys.argv[1:]:
          cal = icalendar.Calendar.from_ical(open(path, 'rb').read())
          for e in cal.walk('VEVENT'):
              attendees = e.get('ATTENDEE')
              attendees = attendees if isinstance(attendees, list) else [attendees]
              print(cal.get('METHOD'), e.get('STATUS'), str(e.get('ORGANIZER')), len(attendees),
                    attendees[0].params.get('CN'), e.get('URL'))
      """
    let run = try #require(ICalendarTool.run(["python3", "-c", script, request.path, cancel.path]))
    #expect(run.status == 0, "\(run.output)")
    let lines = run.output.split(separator: "\n").map(String.init)
    #expect(lines.count == 4, "\(run.output)")
    #expect(
      lines.first
        == "REQUEST CONFIRMED mailto:kring@example.org 2 Joost; van Dam https://meet.example.org/kring-g01"
    )
    #expect(lines.last?.hasPrefix("CANCEL CANCELLED mailto:kring@example.org 2") == true)
    let check = try #require(
      ICalendarTool.run(["python3", "Scripts/check-ics.py", request.path, cancel.path]))
    #expect(check.status == 0, "\(check.output)")
  }
}
