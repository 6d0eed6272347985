import Foundation
import Intake

/// Turns a weekly slot and a week phase into the real dates and times of a group's sessions.
///
/// The series starts on the first date on or after `start` that falls on the slot's weekday,
/// `phase` weeks later, and repeats every `cadenceWeeks` weeks. A date inside a blackout is
/// skipped and the series goes on at the next cadence date, so every group keeps its full
/// number of sessions and its week parity.
public struct SessionCalendar: Sendable {
  public let config: ScheduleConfig
  private let timeZone: TimeZone
  private let calendar: Calendar
  /// Days since 1970-01-01 of `start`.
  private let startDay: Int
  /// Minutes after midnight at which each daypart starts.
  private let startMinutes: [Daypart: Int]
  /// Blackout ranges as inclusive day numbers.
  private let blackout: [ClosedRange<Int>]

  /// Checks the time zone, start date, daypart times and blackout dates of `config`.
  ///
  /// - Throws: a `Diagnostic` naming the `schedule.` key that cannot be used.
  public init(_ config: ScheduleConfig) throws(Diagnostic) {
    self.config = config
    guard let zone = TimeZone(identifier: config.timezone) else {
      throw Self.problem(
        "schedule.timezone", "\"\(config.timezone)\" is not a known time zone")
    }
    guard let start = CivilDay.parse(config.start) else {
      throw Self.problem("schedule.start", "\"\(config.start)\" is not a calendar date YYYY-MM-DD")
    }
    guard config.sessions >= 1, config.cadenceWeeks >= 1 else {
      throw Self.problem(
        "schedule.sessions",
        "a series needs at least 1 session and a cadence of at least 1 week")
    }
    var minutes: [Daypart: Int] = [:]
    for daypart in Daypart.allCases {
      guard let text = config.dayparts[daypart], let value = Self.minutes(text) else {
        throw Self.problem(
          "schedule.dayparts", "daypart \(daypart.token) has no start time HH:MM")
      }
      minutes[daypart] = value
    }
    var ranges: [ClosedRange<Int>] = []
    for range in config.blackout {
      guard let first = CivilDay.parse(range.first), let last = CivilDay.parse(range.last),
        first <= last
      else {
        throw Self.problem(
          "schedule.blackout", "\"\(range.first)..\(range.last)\" is not a range of dates")
      }
      ranges.append(first...last)
    }
    var gregorian = Calendar(identifier: .gregorian)
    gregorian.timeZone = zone
    self.timeZone = zone
    self.calendar = gregorian
    self.startDay = start
    self.startMinutes = minutes
    self.blackout = ranges
  }

  /// The number of week phases: 2 when the cadence is 2 weeks or more (week parity), else 1.
  public var phaseCount: Int { config.cadenceWeeks >= 2 ? 2 : 1 }

  /// The ISO local dates of the series at `slot` in week `phase`.
  public func dates(slot: Slot, phase: Int) -> [String] {
    days(slot: slot, phase: phase).map(CivilDay.iso)
  }

  /// The ISO dates of the sessions a facilitator guides (`schedule.facilitated`).
  public func facilitatedDates(slot: Slot, phase: Int) -> [String] {
    dates(slot: slot, phase: phase).enumerated().compactMap { index, date in
      isFacilitated(index + 1) ? date : nil
    }
  }

  /// Whether the facilitator guides session `number` (1-based).
  public func isFacilitated(_ number: Int) -> Bool {
    switch config.facilitated {
    case .all: true
    case .first(let count): number <= count
    case .sessions(let numbers): numbers.contains(number)
    }
  }

  /// The format of session `number` for a group of `format`, given whether it has a room.
  public func sessionFormat(_ number: Int, group format: MeetingFormat, hasRoom: Bool)
    -> ScheduleConfig.SessionFormat
  {
    switch format {
    case .online: return .online
    case .either where !hasRoom: return .online
    case .inPerson, .either:
      guard !config.formats.isEmpty else { return .inPerson }
      return config.formats[(number - 1) % config.formats.count]
    }
  }

  /// A group's sessions at `slot` in week `phase`.
  public func sessions(
    for group: GroupToSchedule, slot: Slot, phase: Int, hasRoom: Bool
  ) -> [ScheduledSession] {
    let available = zip(group.members, group.availability).compactMap { member, slots in
      slots.contains(slot) ? member : nil
    }
    let minutes = startMinutes[slot.daypart] ?? 0
    return days(slot: slot, phase: phase).enumerated().map { index, day in
      let number = index + 1
      let start = instant(day: day, minutes: minutes)
      let end = start.addingTimeInterval(config.duration)
      return ScheduledSession(
        number: number, date: CivilDay.iso(day), start: start, end: end,
        startText: localText(start), endText: localText(end),
        format: sessionFormat(number, group: group.format, hasRoom: hasRoom),
        facilitated: isFacilitated(number), available: available)
    }
  }

  /// Where a session at `slot` sits in a cycle of `phaseCount` weeks, in minutes from Monday
  /// 00:00 of phase 0: `[start, start + duration)`, for overlap tests.
  func window(slot: Slot, phase: Int) -> (start: Int, length: Int) {
    let minutes = startMinutes[slot.daypart] ?? 0
    let start = (phase * 7 + slot.weekday.rawValue) * 1440 + minutes
    return (start, max(1, Int((config.duration / 60).rounded(.up))))
  }

  // MARK: - Dates

  private func days(slot: Slot, phase: Int) -> [Int] {
    let startWeekday = CivilDay.weekday(startDay).rawValue
    let first = startDay + (slot.weekday.rawValue - startWeekday + 7) % 7 + 7 * phase
    var result: [Int] = []
    var day = first
    // Blackouts are finite, so the loop ends; the cap only guards against absurd input.
    var steps = 0
    while result.count < config.sessions && steps < config.sessions + 10_000 {
      if !blackout.contains(where: { $0.contains(day) }) { result.append(day) }
      day += 7 * config.cadenceWeeks
      steps += 1
    }
    return result
  }

  private func instant(day: Int, minutes: Int) -> Date {
    let (year, month, dayOfMonth) = CivilDay.components(day)
    let parts = DateComponents(
      year: year, month: month, day: dayOfMonth, hour: minutes / 60, minute: minutes % 60)
    if let date = calendar.date(from: parts) { return date }
    // Only a time zone without rules can get here; read the clock time as UTC then.
    return Date(timeIntervalSince1970: Double(day * 86_400 + minutes * 60))
  }

  /// The instant as local ISO 8601 with its UTC offset, built by hand so no locale leaks in.
  private func localText(_ date: Date) -> String {
    let offset = timeZone.secondsFromGMT(for: date)
    let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
    let day = Int((Double(local) / 86_400).rounded(.down))
    let second = local - day * 86_400
    let sign = offset < 0 ? "-" : "+"
    let magnitude = abs(offset) / 60
    return CivilDay.iso(day) + "T" + pad(second / 3600) + ":" + pad(second / 60 % 60) + ":"
      + pad(second % 60) + sign + pad(magnitude / 60) + ":" + pad(magnitude % 60)
  }

  private func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

  private static func minutes(_ text: String) -> Int? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
      (0..<24).contains(hour), (0..<60).contains(minute)
    else { return nil }
    return hour * 60 + minute
  }

  private static func problem(_ key: String, _ message: String) -> Diagnostic {
    Diagnostic(file: "kring.yaml", column: key, code: "schedule-invalid-calendar", message: message)
  }
}
