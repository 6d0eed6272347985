import Foundation
import Intake
import Scheduling

/// `groups/<id>/calendar.ics` and `facilitators/<id>/calendar.ics`, in the output language.
///
/// A group's calendar holds all its sessions. A facilitator's holds the sessions they guide,
/// their own groups' and those they stand in for; a session they no longer guide (a stand-in
/// took it, or it is gone) comes as cancelled. Without an organiser the calendars are a feed
/// (`METHOD:PUBLISH`, cancelled events marked `STATUS:CANCELLED`); with `schedule.organizer`
/// they are invitations (`METHOD:REQUEST` with ORGANIZER and an ATTENDEE per member and
/// facilitator with an email address), and cancellations go out as `METHOD:CANCEL` in
/// `cancellations.ics` beside them.
public enum CalendarFiles {
  public static func files(
    plan: PlanDocument, timezone: String, organizer: Organizer?, options: ReportOptions,
    stamp: Date
  ) -> [(name: String, contents: String)] {
    let context = ReportContext(plan: plan, options: options)
    let catalog = context.catalog
    let words = catalog.changes
    let names = context.names
    let program = (catalog.programs[plan.kring.program] ?? plan.kring.program).capitalizedFirst
    let groups = Dictionary(plan.groups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var byFacilitator: [String: [CalendarEvent]] = [:]
    var files: [(name: String, contents: String)] = []

    for entry in plan.schedule {
      let members = groups[entry.group]?.members ?? []
      let total = max(
        entry.sessions.count + entry.cancelled.count,
        (entry.sessions + entry.cancelled).map(\.number).max() ?? 0)
      /// The session as an event; `onlyFor` names the one facilitator it is withdrawn from
      /// while it still takes place (an invitation then cancels it for them alone).
      func event(_ session: PlanDocument.Session, cancelled: Bool, onlyFor: String? = nil)
        -> CalendarEvent?
      {
        guard let start = ISOTime.date(session.start), let end = ISOTime.date(session.end)
        else { return nil }
        var description = "\(program) \(entry.group), \(words.session) \(session.number)"
        if let id = session.facilitator {
          let standIn = entry.facilitator.map { $0 != id } ?? false
          description +=
            "\n\(catalog.text(.facilitator)): \(names.facilitator(id))"
            + (standIn ? " (\(words.standIn))" : "")
        } else {
          description += "\n\(words.withoutFacilitator)"
        }
        let online = session.format == "online"
        if online, let link = entry.onlineLink { description += "\n\(words.link): \(link)" }
        var location: String?
        if online {
          location = entry.onlineLink ?? catalog.text(.online).capitalizedFirst
        } else if let id = session.room, let room = context.rooms[id] {
          location = [room.name, room.region].compactMap { $0 }.joined(separator: ", ")
        }
        var attendees: [CalendarAttendee] = []
        if organizer != nil, let id = onlyFor {
          if let email = names.facilitatorEmail(id) {
            attendees.append(CalendarAttendee(name: names.facilitator(id), email: email))
          }
        } else if organizer != nil {
          if let id = session.facilitator, let email = names.facilitatorEmail(id) {
            attendees.append(
              CalendarAttendee(name: names.facilitator(id), email: email, chair: true))
          }
          for member in members {
            if let email = names.personEmail(member) {
              attendees.append(CalendarAttendee(name: names.person(member), email: email))
            }
          }
        }
        return CalendarEvent(
          uid: session.uid, sequence: session.sequence, start: start, end: end,
          summary: words.eventSummary(program, entry.group, session.number, total),
          description: description, location: location, cancelled: cancelled,
          url: online ? entry.onlineLink : nil, attendees: attendees)
      }
      let active = entry.sessions.compactMap { event($0, cancelled: false) }
      let gone = entry.cancelled.compactMap { event($0, cancelled: true) }
      files += documents(
        folder: "groups/\(names.groupFolder(entry.group))", name: "\(program) \(entry.group)",
        active: active, cancelled: gone, timezone: timezone, organizer: organizer, stamp: stamp)

      // Who held each session before: the session's own record, and for plans written before
      // sessions had one, the group's replaced facilitators.
      func former(_ session: PlanDocument.Session) -> [String] {
        (session.formerFacilitators + entry.replacedFacilitators).filter {
          $0 != session.facilitator
        }
      }
      for session in entry.sessions {
        if let id = session.facilitator, let e = event(session, cancelled: false) {
          byFacilitator[id, default: []].append(e)
        }
        for id in Set(former(session)) {
          if let e = event(session, cancelled: true, onlyFor: id) {
            byFacilitator[id, default: []].append(e)
          }
        }
      }
      for session in entry.cancelled {
        for id in Set([session.facilitator].compactMap { $0 } + former(session)) {
          if let e = event(session, cancelled: true) { byFacilitator[id, default: []].append(e) }
        }
      }
    }
    for id in byFacilitator.keys.sorted(by: naturalLess) {
      let events = byFacilitator[id] ?? []
      files += documents(
        folder: "facilitators/\(names.facilitatorFolder(id))",
        name: "\(program) – \(names.facilitator(id))",
        active: events.filter { !$0.cancelled }, cancelled: events.filter { $0.cancelled },
        timezone: timezone, organizer: organizer, stamp: stamp)
    }
    return files
  }

  /// One calendar: a feed with the cancelled events in it, or, with an organiser, an
  /// invitation and a separate cancellation.
  private static func documents(
    folder: String, name: String, active: [CalendarEvent], cancelled: [CalendarEvent],
    timezone: String, organizer: Organizer?, stamp: Date
  ) -> [(name: String, contents: String)] {
    let writer = ICSWriter(timezone: timezone, name: name, stamp: stamp, organizer: organizer)
    guard organizer != nil else {
      return [("\(folder)/calendar.ics", writer.document(events: active + cancelled))]
    }
    var files = [("\(folder)/calendar.ics", writer.document(events: active, method: .request))]
    if !cancelled.isEmpty {
      files.append(
        ("\(folder)/cancellations.ics", writer.document(events: cancelled, method: .cancel)))
    }
    return files
  }
}
