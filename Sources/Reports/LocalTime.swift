import Intake

/// A local date and time read from an ISO 8601 text such as `2027-01-12T14:00:00+01:00`.
///
/// Reports show the wall-clock time the plan stores and never convert zones, so the arithmetic
/// here is the proleptic Gregorian calendar and nothing else; no `Calendar` or locale enters.
struct LocalTime: Hashable, Comparable, Sendable {
  var year: Int
  var month: Int
  var day: Int
  var hour: Int
  var minute: Int

  /// Reads `YYYY-MM-DD` optionally followed by `THH:MM`; `nil` when the text is not one.
  init?(iso text: String) {
    let scalars = Array(text.utf8)
    func number(_ from: Int, _ count: Int) -> Int? {
      guard from + count <= scalars.count else { return nil }
      var value = 0
      for byte in scalars[from..<(from + count)] {
        guard (48...57).contains(byte) else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      return value
    }
    guard let y = number(0, 4), scalars.count >= 10, scalars[4] == 45, let m = number(5, 2),
      scalars[7] == 45, let d = number(8, 2), (1...12).contains(m),
      (1...LocalTime.daysIn(month: m, year: y)).contains(d)
    else { return nil }
    year = y
    month = m
    day = d
    if scalars.count >= 16, scalars[10] == 84, let h = number(11, 2), scalars[13] == 58,
      let mi = number(14, 2), h < 24, mi < 60
    {
      hour = h
      minute = mi
    } else {
      hour = 0
      minute = 0
    }
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01.
  var dayNumber: Int { CivilDay.days(year: year, month: month, day: day) }

  /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
  var weekday: Int { CivilDay.weekday(dayNumber).rawValue }

  /// The day number of the Monday that starts this date's week.
  var mondayDayNumber: Int { dayNumber - weekday }

  var dateText: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }
  var timeText: String { "\(pad(hour, 2)):\(pad(minute, 2))" }

  static func < (a: LocalTime, b: LocalTime) -> Bool {
    (a.year, a.month, a.day, a.hour, a.minute) < (b.year, b.month, b.day, b.hour, b.minute)
  }

  private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
}

extension Catalog {
  /// `Tue 12 Jan 2027` / `di 12 jan 2027`.
  func date(_ t: LocalTime) -> String {
    "\(weekdays[t.weekday]) \(t.day) \(months[t.month - 1]) \(t.year)"
  }

  /// `12 Jan` / `12 jan`, for chart axes.
  func shortDate(_ t: LocalTime) -> String { "\(t.day) \(months[t.month - 1])" }
}
