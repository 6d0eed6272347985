import Foundation
import Intake
import Reports
import Scheduling

/// Conversions from the scheduler's values to `plan.json` records.
enum PlanRecords {
  static func facilitator(_ f: Facilitator) -> PlanDocument.FacilitatorRecord {
    PlanDocument.FacilitatorRecord(
      id: f.id.rawValue, name: f.name, email: f.email, languages: f.languages,
      organization: f.organization, availability: f.availability.slots.map(\.token),
      maxGroups: f.maxGroups, unavailable: f.unavailable.map(\.text),
      maxSessionsPerDay: f.maxSessionsPerDay, maxSessionsPerWeek: f.maxSessionsPerWeek,
      onlineLink: f.onlineLink)
  }

  static func room(_ r: Room) -> PlanDocument.RoomRecord {
    PlanDocument.RoomRecord(
      id: r.id.rawValue, name: r.name, capacity: r.capacity, accessible: r.accessible,
      availability: r.availability.slots.map(\.token), region: r.region,
      unavailable: r.unavailable.map(\.text))
  }

  /// The inverse of `facilitator(_:)`, for rescheduling from a plan alone.
  static func facilitator(_ record: PlanDocument.FacilitatorRecord) -> Facilitator {
    Facilitator(
      id: FacilitatorID(record.id), name: record.name, email: record.email,
      languages: record.languages, organization: record.organization,
      availability: SlotSet(record.availability.compactMap(Slot.init(token:))),
      maxGroups: record.maxGroups,
      unavailable: record.unavailable.map(DateRange.init(text:)),
      maxSessionsPerDay: record.maxSessionsPerDay, maxSessionsPerWeek: record.maxSessionsPerWeek,
      onlineLink: record.onlineLink)
  }

  /// The inverse of `room(_:)`.
  static func room(_ record: PlanDocument.RoomRecord) -> Room {
    Room(
      id: RoomID(record.id), name: record.name, capacity: record.capacity,
      accessible: record.accessible,
      availability: SlotSet(record.availability.compactMap(Slot.init(token:))),
      region: record.region, unavailable: record.unavailable.map(DateRange.init(text:)))
  }

  /// A short, stable key for a cohort: the same input and rules give the same session UIDs.
  static func cohortKey(plan: PlanDocument, schedule: ScheduleConfig) -> String {
    var hasher = StableHash()
    hasher.add(plan.kring.input)
    hasher.add(plan.kring.program)
    hasher.add(schedule.start)
    return hasher.hex
  }

  /// A session's UID: stable for the same group and session number, whatever its date, so
  /// that a calendar updates a moved session instead of adding one.
  static func uid(cohort: String, group: String, members: [String], number: Int) -> String {
    var hasher = StableHash()
    hasher.add(cohort)
    for member in members { hasher.add(member) }
    return "\(group.lowercased())-\(number)-\(hasher.hex)@kring"
  }

  static func scheduled(
    _ s: GroupSchedule, cohort: String, members: [String], onlineLink: String?
  ) -> PlanDocument.ScheduledGroup {
    PlanDocument.ScheduledGroup(
      group: s.group, facilitator: s.facilitator?.rawValue, room: s.room?.rawValue,
      slot: s.slot.token, phase: s.phase,
      sessions: s.sessions.map { session in
        PlanDocument.Session(
          number: session.number,
          uid: uid(cohort: cohort, group: s.group, members: members, number: session.number),
          sequence: 0, start: session.startText, end: session.endText,
          format: session.format.rawValue, facilitated: session.facilitated,
          available: session.available.map(\.rawValue), facilitator: session.facilitator?.rawValue,
          room: session.room?.rawValue, held: session.held)
      },
      onlineLink: s.sessions.contains { $0.format == .online } ? onlineLink : nil)
  }

  /// The link of a group's online sessions: its main facilitator's own link, else
  /// `schedule.online_link` with the group's id filled in.
  static func onlineLink(
    group: String, facilitator: FacilitatorID?, facilitators: [Facilitator],
    config: ScheduleConfig
  ) -> String? {
    if let id = facilitator, let own = facilitators.first(where: { $0.id == id })?.onlineLink {
      return own
    }
    return config.onlineLink.map { OnlineLink.render($0, group: group) }
  }

  /// A recorded session as the scheduler reads an earlier one.
  static func previous(_ session: PlanDocument.Session) -> PreviousSession {
    PreviousSession(
      number: session.number, date: String(session.start.prefix(10)),
      startText: session.start, endText: session.end,
      format: ScheduleConfig.SessionFormat(rawValue: session.format) ?? .inPerson,
      facilitated: session.facilitated, facilitator: session.facilitator.map { FacilitatorID($0) },
      room: session.room.map { RoomID($0) }, available: session.available.map { CandidateID($0) })
  }

  static func unscheduled(_ u: UnscheduledGroup) -> PlanDocument.Unscheduled {
    PlanDocument.Unscheduled(
      group: u.group, code: u.code.rawValue, need: u.need?.description, evidence: u.evidence,
      message: u.message)
  }

  static func summary(_ result: ScheduleResult) -> PlanDocument.SchedulingSummary {
    var gap: Double? = nil
    if let objective = result.objective, let bound = result.bound, bound > 0 {
      gap = max(0, (bound - objective) / bound)
    }
    return PlanDocument.SchedulingSummary(
      status: result.status.rawValue, objective: result.objective, bound: result.bound, gap: gap,
      scheduled: result.scheduled.count, unscheduled: result.unscheduled.count)
  }

  /// The local ISO date of `date` in `timezone` (UTC when the zone is unknown).
  static func localDate(_ date: Date, timezone: String) -> String {
    let zone = TimeZone(identifier: timezone) ?? TimeZone(identifier: "UTC") ?? .current
    let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
    return CivilDay.iso(Int((Double(seconds) / 86_400).rounded(.down)))
  }

  /// The calendars' DTSTAMP when no `--now` is given: midnight UTC of the cohort's start, so
  /// that two runs write the same bytes.
  static func defaultStamp(_ schedule: ScheduleConfig) -> Date {
    let parts = schedule.start.split(separator: "-").compactMap { Int($0) }
    var components = DateComponents()
    components.timeZone = TimeZone(identifier: "UTC")
    components.year = parts.count == 3 ? parts[0] : 2027
    components.month = parts.count == 3 ? parts[1] : 1
    components.day = parts.count == 3 ? parts[2] : 1
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    return calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
  }
}

/// FNV-1a over UTF-8, for identifiers that must not change between runs or machines
/// (Swift's `Hasher` is seeded per process).
struct StableHash {
  private var state: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ text: String) {
    for byte in text.utf8 {
      state ^= UInt64(byte)
      state = state &* 0x100_0000_01b3
    }
    state ^= 0x1f
    state = state &* 0x100_0000_01b3
  }

  var hex: String {
    let text = String(state, radix: 16)
    return String(repeating: "0", count: 16 - text.count) + text
  }
}
