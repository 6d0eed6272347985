import Foundation
import Intake

/// Turns a weekly slot and a week phase into the real dates and times of a group's sessions.
///
/// The series starts on the first date on or after `start` that falls on the slot's weekday,
/// `phase` weeks later, and repeats every `cadenceWeeks` weeks. A session whose date is
/// blocked moves to the first free week after it, on the same weekday and daypart; with
/// `after_break: keep-cadence` later sessions keep the cadence from the moved one, with
/// `catch-up` they return to their original dates (at least a week after the one before).
/// Here only blackouts block a date; the session planner adds the facilitators' and rooms'
/// own dates and the other groups' bookings.
public struct SessionCalendar: Sendable {
  public let config: ScheduleConfig
  private let timeZone: TimeZone
  private let calendar: Calendar
  /// Days since 1970-01-01 of `start`.
  private let startDay: Int
  /// The Monday of the week `start` falls in: week 0 of the cohort.
  private let startMonday: Int
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
    self.startMonday = start - CivilDay.weekday(start).rawValue
    self.startMinutes = minutes
    self.blackout = ranges
  }

  /// The number of week phases: 2 when the cadence is 2 weeks or more (week parity), else 1.
  public var phaseCount: Int { config.cadenceWeeks >= 2 ? 2 : 1 }

  /// The ISO local dates of the series at `slot` in week `phase`, with blackouts moved.
  public func dates(slot: Slot, phase: Int) -> [String] {
    baseDays(slot: slot, phase: phase).map(CivilDay.iso)
  }

  /// Whether the facilitator guides session `number` (1-based).
  public func isFacilitated(_ number: Int) -> Bool { config.isFacilitated(number) }

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

  /// A group's sessions at `slot` in week `phase`, on the dates blackouts leave.
  public func sessions(
    for group: GroupToSchedule, slot: Slot, phase: Int, hasRoom: Bool
  ) -> [ScheduledSession] {
    baseDays(slot: slot, phase: phase).enumerated().map { index, day in
      session(
        number: index + 1, day: day, slot: slot, group: group,
        format: sessionFormat(index + 1, group: group.format, hasRoom: hasRoom))
    }
  }

  /// Session `number` of `group` on `day` at `slot`'s daypart, without resources yet.
  public func session(
    number: Int, day: Int, slot: Slot, group: GroupToSchedule,
    format: ScheduleConfig.SessionFormat
  ) -> ScheduledSession {
    let available = zip(group.members, group.availability).compactMap { member, slots in
      slots.contains(slot) ? member : nil
    }
    let start = instant(day: day, minutes: startMinutes[slot.daypart] ?? 0)
    let end = start.addingTimeInterval(config.duration)
    return ScheduledSession(
      number: number, date: CivilDay.iso(day), start: start, end: end,
      startText: localText(start), endText: localText(end), format: format,
      facilitated: isFacilitated(number), available: available)
  }

  /// A session at `slot` on `day` as local minutes since 1970-01-01 00:00: `[start, end)`,
  /// for overlap tests between real sessions.
  func minutes(day: Int, slot: Slot) -> (start: Int, end: Int) {
    let start = day * 1440 + (startMinutes[slot.daypart] ?? 0)
    return (start, start + lengthMinutes)
  }

  /// A session's length in whole minutes, at least one.
  var lengthMinutes: Int { max(1, Int((config.duration / 60).rounded(.up))) }

  /// Where a session at `slot` sits in a cycle of `phaseCount` weeks, in minutes from Monday
  /// 00:00 of phase 0: `[start, start + duration)`, for overlap tests.
  func window(slot: Slot, phase: Int) -> (start: Int, length: Int) {
    let minutes = startMinutes[slot.daypart] ?? 0
    let start = (phase * 7 + slot.weekday.rawValue) * 1440 + minutes
    return (start, max(1, Int((config.duration / 60).rounded(.up))))
  }

  // MARK: - Dates

  /// The cohort week (0 = the week of `start`, Monday to Sunday) that `day` falls in.
  func week(of day: Int) -> Int { Int((Double(day - startMonday) / 7).rounded(.down)) }

  /// The day of `weekday` in cohort week `week`.
  func day(week: Int, _ weekday: Weekday) -> Int { startMonday + 7 * week + weekday.rawValue }

  /// Whether `day` lies in a blackout range.
  public func isBlackout(_ day: Int) -> Bool { blackout.contains { $0.contains(day) } }

  /// The cohort week of session `number` on the original grid at `slot` and `phase`.
  func gridWeek(slot: Slot, phase: Int, number: Int) -> Int {
    let first = slot.weekday.rawValue >= CivilDay.weekday(startDay).rawValue ? 0 : 1
    return first + phase + config.cadenceWeeks * (number - 1)
  }

  /// Where session `number` would fall before anything blocks it: the cadence from the
  /// session before (`keep-cadence`) or its original date, at least a week after the one
  /// before (`catch-up`); the first session takes the grid. Never before `notBefore`.
  func nominalDay(
    number: Int, slot: Slot, phase: Int, previous: Int?, notBefore: Int? = nil
  ) -> Int {
    let grid = gridWeek(slot: slot, phase: phase, number: number)
    var week: Int
    switch (previous, config.afterBreak) {
    case (let previous?, .keepCadence): week = self.week(of: previous) + config.cadenceWeeks
    case (let previous?, .catchUp): week = max(grid, self.week(of: previous) + 1)
    case (nil, _): week = grid
    }
    var result = day(week: week, slot.weekday)
    if let notBefore, result < notBefore {
      // Sessions after a pause start again on the first slot day from `notBefore`; a series
      // that has not started yet keeps its place on the grid.
      week = self.week(of: notBefore)
      if previous == nil {
        while day(week: week, slot.weekday) < notBefore || (week - grid) % config.cadenceWeeks != 0
        {
          week += 1
        }
      } else if day(week: week, slot.weekday) < notBefore {
        week += 1
      }
      result = day(week: week, slot.weekday)
    }
    return result
  }

  /// The first day from `day` on, in steps of a week, that no blackout blocks.
  func firstOpenDay(from day: Int) -> Int {
    var day = day
    // Blackouts are finite, so the loop ends; the cap only guards against absurd input.
    var steps = 0
    while isBlackout(day) && steps < 10_000 {
      day += 7
      steps += 1
    }
    return day
  }

  /// The weeks from one session to the next that count towards `max_gap`: the weeks between
  /// them, less the weeks whose date at the later session's weekday is blacked out.
  public func gapWeeks(from earlier: Int, to later: Int) -> Int {
    let weeks = Int((Double(later - earlier) / 7).rounded(.up))
    var blocked = 0
    var day = later - 7
    while day > earlier {
      if isBlackout(day) { blocked += 1 }
      day -= 7
    }
    return weeks - blocked
  }

  /// The session days at `slot` and `phase` when only blackouts block dates: sessions
  /// `first...` after the session on `previous`, never before `notBefore`.
  func baseDays(
    slot: Slot, phase: Int, first: Int = 1, previous: Int? = nil, notBefore: Int? = nil
  ) -> [Int] {
    var days: [Int] = []
    var last = previous
    for number in stride(from: first, through: config.sessions, by: 1) {
      let day = firstOpenDay(
        from: nominalDay(
          number: number, slot: slot, phase: phase, previous: last,
          notBefore: days.isEmpty ? notBefore : nil))
      days.append(day)
      last = day
    }
    return days
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
