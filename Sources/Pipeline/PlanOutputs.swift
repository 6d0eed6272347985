import Foundation
import Intake
import Reports
import Scheduling

/// Every file of a plan's output folder, from the plan alone (so that `kring schedule` writes
/// the same files as `kring plan`).
enum PlanOutputs {
  static func files(
    plan: PlanDocument, config: KringConfig, language: OutputLanguage, pseudonymize: Bool,
    stamp: Date
  ) throws(DiagnosticList) -> [(name: String, contents: String)] {
    var files = try FormJob.coordinatorFiles(plan, language: language)
    let options = ReportOptions(language: language, pseudonymize: pseudonymize)
    files += ReportBuilder.files(for: plan, options: options)
    files += calendars(
      plan: plan, timezone: config.schedule.timezone, options: options, stamp: stamp)
    return files
  }

  /// `groups/<id>/calendar.ics` and `facilitators/<id>/calendar.ics`.
  static func calendars(
    plan: PlanDocument, timezone: String, options: ReportOptions, stamp: Date
  ) -> [(name: String, contents: String)] {
    let names = ShareableNames(plan: plan, pseudonymize: options.pseudonymize)
    let rooms = Dictionary(plan.rooms.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let program = plan.kring.program.prefix(1).uppercased() + plan.kring.program.dropFirst()
    let iso = ISOTime()
    var byFacilitator: [String: [CalendarEvent]] = [:]
    var files: [(name: String, contents: String)] = []
    for entry in plan.schedule {
      let location = entry.room.flatMap { rooms[$0] }.map { room in
        [room.name, room.region].compactMap { $0 }.joined(separator: ", ")
      }
      func event(_ session: PlanDocument.Session, cancelled: Bool) -> CalendarEvent? {
        guard let start = iso.date(session.start), let end = iso.date(session.end)
        else { return nil }
        let total = entry.sessions.count + entry.cancelled.count
        var description = "\(program) \(entry.group), session \(session.number)"
        if let facilitator = entry.facilitator {
          description += "\nFacilitator: \(names.facilitator(facilitator))"
        }
        description += session.facilitated ? "" : "\nWithout facilitator"
        return CalendarEvent(
          uid: session.uid, sequence: session.sequence, start: start, end: end,
          summary: "\(program) \(entry.group) – \(session.number)/\(max(total, session.number))",
          description: description,
          location: session.format == "online" ? "Online" : location,
          cancelled: cancelled)
      }
      let facilitated = entry.sessions.filter(\.facilitated)
      let cancelled = entry.cancelled.compactMap { event($0, cancelled: true) }
      let writer = ICSWriter(
        timezone: timezone, name: "\(program) \(entry.group)", stamp: stamp)
      files.append(
        (
          "groups/\(names.groupFolder(entry.group))/calendar.ics",
          writer.document(
            events: entry.sessions.compactMap { event($0, cancelled: false) } + cancelled)
        ))
      // A replaced facilitator's calendar drops the group's sessions as cancelled.
      for replaced in entry.replacedFacilitators {
        byFacilitator[replaced, default: []] +=
          facilitated.compactMap { event($0, cancelled: true) } + cancelled
      }
      if let facilitator = entry.facilitator {
        byFacilitator[facilitator, default: []] +=
          facilitated.compactMap { event($0, cancelled: false) } + cancelled
      }
    }
    for facilitator in byFacilitator.keys.sorted(by: naturalLess) {
      let writer = ICSWriter(
        timezone: timezone, name: "\(program) – \(names.facilitator(facilitator))", stamp: stamp)
      files.append(
        (
          "facilitators/\(names.facilitatorFolder(facilitator))/calendar.ics",
          writer.document(events: byFacilitator[facilitator] ?? [])
        ))
    }
    return files
  }
}

/// Parses the plan's ISO 8601 local times with offset (`2027-01-12T14:00:00+01:00`).
///
/// The plan's own form is read directly (a formatter costs a hundred microseconds a time, and
/// a large plan has thousands of sessions); anything else goes to a formatter made once.
struct ISOTime {
  private let formatter: ISO8601DateFormatter = {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter
  }()

  func date(_ text: String) -> Date? {
    Self.plain(text) ?? formatter.date(from: text)
  }

  /// `YYYY-MM-DDTHH:MM:SS±HH:MM` (or `Z`), or `nil` for any other form.
  static func plain(_ text: String) -> Date? {
    let u = Array(text.utf8)
    guard u.count == 25 || u.count == 20, u[10] == UInt8(ascii: "T"), u[13] == UInt8(ascii: ":"),
      u[16] == UInt8(ascii: ":")
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for k in range {
        guard u[k] >= 0x30 && u[k] <= 0x39 else { return nil }
        value = value * 10 + Int(u[k] - 0x30)
      }
      return value
    }
    guard let day = CivilDay.parse(String(decoding: u[0..<10], as: UTF8.self)),
      let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
      hour < 24, minute < 60, second < 61
    else { return nil }
    var offset = 0
    if u.count == 25 {
      guard u[19] == UInt8(ascii: "+") || u[19] == UInt8(ascii: "-"), u[22] == UInt8(ascii: ":"),
        let h = number(20..<22), let m = number(23..<25)
      else { return nil }
      offset = (u[19] == UInt8(ascii: "-") ? -1 : 1) * (h * 3600 + m * 60)
    } else if u[19] != UInt8(ascii: "Z") {
      return nil
    }
    let seconds = day * 86_400 + hour * 3600 + minute * 60 + second - offset
    return Date(timeIntervalSince1970: TimeInterval(seconds))
  }
}
