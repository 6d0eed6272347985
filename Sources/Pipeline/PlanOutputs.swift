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
  ) throws(DiagnosticList) -> [OutputFile] {
    var files = try FormJob.coordinatorFiles(plan, language: language)
    let options = ReportOptions(language: language, pseudonymize: pseudonymize)
    let text =
      ReportBuilder.files(for: plan, options: options)
      + calendars(plan: plan, timezone: config.schedule.timezone, options: options, stamp: stamp)
    files += text.map { OutputFile(name: $0.name, contents: $0.contents) }
    return files
  }

  /// `groups/<id>/calendar.ics` and `facilitators/<id>/calendar.ics`.
  static func calendars(
    plan: PlanDocument, timezone: String, options: ReportOptions, stamp: Date
  ) -> [(name: String, contents: String)] {
    let names = ShareableNames(plan: plan, pseudonymize: options.pseudonymize)
    let rooms = Dictionary(plan.rooms.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let program = plan.kring.program.prefix(1).uppercased() + plan.kring.program.dropFirst()
    var byFacilitator: [String: [CalendarEvent]] = [:]
    var files: [(name: String, contents: String)] = []
    for entry in plan.schedule {
      let location = entry.room.flatMap { rooms[$0] }.map { room in
        [room.name, room.region].compactMap { $0 }.joined(separator: ", ")
      }
      func event(_ session: PlanDocument.Session, cancelled: Bool) -> CalendarEvent? {
        guard let start = ISOTime.date(session.start), let end = ISOTime.date(session.end)
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

/// Parses the plan's ISO 8601 local times with offset.
enum ISOTime {
  static func date(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)
  }
}
