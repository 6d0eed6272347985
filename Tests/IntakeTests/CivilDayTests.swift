import Foundation
import Intake
import Testing

/// Calendar arithmetic checked against Foundation's Gregorian calendar in UTC (from 1600 on,
/// since Foundation switches to the Julian calendar before 1582).
@Suite struct CivilDayTests {
  /// Foundation's date, weekday (Monday 0) for a day number.
  private func reference(_ number: Int) -> (iso: String, weekday: Int)? {
    var calendar = Calendar(identifier: .gregorian)
    guard let utc = TimeZone(identifier: "UTC") else { return nil }
    calendar.timeZone = utc
    let date = Date(timeIntervalSince1970: Double(number) * 86_400)
    let c = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
    guard let y = c.year, let m = c.month, let d = c.day, let w = c.weekday else { return nil }
    let iso = String(format: "%04d-%02d-%02d", y, m, d)
    // Foundation counts Sunday as 1.
    return (iso, (w + 5) % 7)
  }

  @Test(arguments: [-135_140, -1, 0, 1, 59, 365, 10_957, 11_016, 20_819, 21_000, 2_932_000])
  func matchesFoundation(around start: Int) throws {
    for number in start..<(start + 400) {
      let expected = try #require(reference(number))
      #expect(CivilDay.iso(number) == expected.iso)
      #expect(CivilDay.weekday(number).rawValue == expected.weekday)
      #expect(CivilDay.parse(expected.iso) == number)
    }
  }

  @Test(arguments: [
    "2027-02-29", "2100-02-29", "2027-04-31", "2027-13-01", "2027-00-10", "2027-1-01",
    "27-01-01", "2027-01-00", "", "2027-01", "2027-01-01-01",
  ])
  func refusesWhatIsNotADate(text: String) {
    #expect(CivilDay.parse(text) == nil)
  }

  @Test func leapDaysAndTheEpoch() {
    #expect(CivilDay.parse("1970-01-01") == 0)
    #expect(CivilDay.parse("2000-02-29") == 11_016)
    #expect(CivilDay.parse("2028-02-29") != nil)
    #expect(CivilDay.weekday(0) == .thu)
    #expect(CivilDay.days(year: 2027, month: 1, day: 32) == CivilDay.parse("2027-02-01"))
  }
}
