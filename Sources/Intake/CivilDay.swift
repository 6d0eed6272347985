/// Proleptic Gregorian dates as day numbers since 1970-01-01, independent of any locale.
public enum CivilDay {
  /// The years Kring accepts in any date it reads (intake dates, the schedule's start,
  /// blackouts, facilitators' absences): far beyond any real programme, and well inside what
  /// calendars, time zones and the session arithmetic handle (a start in 9999 would run past
  /// the year 10 000, one in year 1 before the time zone database begins).
  public static let supportedYears = 1900...2200

  /// `1900–2200`, for messages.
  public static let supportedYearsText = "1900–2200"

  /// The day number of an ISO `YYYY-MM-DD` date, or `nil` when it is not a real date.
  public static func parse(_ text: String) -> Int? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), day >= 1
    else { return nil }
    let number = days(year: year, month: month, day: day)
    // A day past the month's end would roll over; the round trip catches it.
    guard components(number) == (year, month, day) else { return nil }
    return number
  }

  /// The day number of a calendar date (Hinnant's days-from-civil); a day past the month's
  /// end rolls over into the next month.
  public static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The calendar date of a day number (Hinnant's civil-from-days).
  public static func components(_ number: Int) -> (year: Int, month: Int, day: Int) {
    let z = number + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// The ISO `YYYY-MM-DD` text of a day number (Hinnant's civil-from-days).
  public static func iso(_ number: Int) -> String {
    let (year, month, day) = components(number)
    let y = String(year)
    return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (month < 10 ? "0" : "")
      + "\(month)-" + (day < 10 ? "0" : "") + "\(day)"
  }

  /// The weekday of a day number (1970-01-01 was a Thursday).
  public static func weekday(_ number: Int) -> Weekday {
    Weekday(rawValue: ((number + 3) % 7 + 7) % 7) ?? .mon
  }
}
