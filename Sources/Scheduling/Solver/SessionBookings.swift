import Foundation
import Intake

/// Reads the ISO 8601 local times with offset that plans hold, such as
/// `2027-01-12T14:00:00+01:00`, as instants: by day arithmetic, without a formatter (making
/// one per session dominated writing calendars); anything else goes to Foundation's parser.
public enum ISOTime {
  public static func date(_ text: String) -> Date? {
    let c = Array(text.utf8)
    func number(_ from: Int, _ count: Int) -> Int? {
      guard from + count <= c.count else { return nil }
      var value = 0
      for byte in c[from..<(from + count)] {
        guard (48...57).contains(byte) else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      return value
    }
    if c.count == 25, c[10] == 84, c[13] == 58, c[16] == 58, c[22] == 58,
      c[19] == 43 || c[19] == 45
    {
      guard let day = CivilDay.parse(String(text.prefix(10))), let h = number(11, 2),
        let m = number(14, 2), let s = number(17, 2), let oh = number(20, 2),
        let om = number(23, 2), h < 24, m < 60, s < 60
      else { return nil }
      let offset = (c[19] == 45 ? -1 : 1) * (oh * 3600 + om * 60)
      return Date(timeIntervalSince1970: Double(day * 86_400 + h * 3600 + m * 60 + s - offset))
    }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)
  }
}

/// A session's place in time: its local day and `[start, end)` in local minutes since
/// 1970-01-01 00:00.
struct SessionTime: Hashable {
  var day: Int
  var start: Int
  var end: Int

  /// The Monday-to-Sunday week `day` falls in (day 0, 1970-01-01, was a Thursday).
  var week: Int { Int((Double(day + 3) / 7).rounded(.down)) }

  /// Reads `2027-01-12T14:00:00+01:00` and its end as local minutes; `nil` when not ISO.
  init?(startText: String, endText: String) {
    guard let start = Self.localMinutes(startText), let end = Self.localMinutes(endText),
      let day = CivilDay.parse(String(startText.prefix(10)))
    else { return nil }
    self.init(day: day, start: start, end: max(end, start + 1))
  }

  init(day: Int, start: Int, end: Int) {
    self.day = day
    self.start = start
    self.end = end
  }

  func overlaps(_ other: SessionTime) -> Bool { start < other.end && other.start < end }

  private static func localMinutes(_ text: String) -> Int? {
    let characters = Array(text)
    guard characters.count >= 16, characters[10] == "T", characters[13] == ":",
      let day = CivilDay.parse(String(characters[0..<10])),
      let hour = Int(String(characters[11..<13])), let minute = Int(String(characters[14..<16]))
    else { return nil }
    return day * 1440 + hour * 60 + minute
  }
}

/// Who is booked at which real session times: the session planner's state.
///
/// A facilitator's capacity is counted per session: every session they guide, their own
/// groups' and stand-in sessions alike, counts in its day and its week.
struct SessionBookings {
  private var facilitatorTimes: [[Int: [SessionTime]]]
  private var roomTimes: [[Int: [SessionTime]]]
  private var perDay: [[Int: Int]]
  private var perWeek: [[Int: Int]]

  init(facilitators: Int, rooms: Int) {
    facilitatorTimes = Array(repeating: [:], count: facilitators)
    roomTimes = Array(repeating: [:], count: rooms)
    perDay = Array(repeating: [:], count: facilitators)
    perWeek = Array(repeating: [:], count: facilitators)
  }

  /// Whether the facilitator guides something that overlaps `time`.
  func facilitatorBusy(_ f: Int, at time: SessionTime) -> Bool {
    Self.busy(facilitatorTimes[f], time)
  }

  /// Whether the room is booked at a time that overlaps `time`.
  func roomBusy(_ r: Int, at time: SessionTime) -> Bool { Self.busy(roomTimes[r], time) }

  /// Sessions the facilitator guides on `time`'s day and in its week.
  func sessions(of f: Int, dayOf time: SessionTime) -> (day: Int, week: Int) {
    (perDay[f][time.day, default: 0], perWeek[f][time.week, default: 0])
  }

  /// Books the facilitator at `time`, counted in its day and week.
  mutating func bookFacilitator(_ f: Int, at time: SessionTime) {
    facilitatorTimes[f][time.day, default: []].append(time)
    perDay[f][time.day, default: 0] += 1
    perWeek[f][time.week, default: 0] += 1
  }

  mutating func unbookFacilitator(_ f: Int, at time: SessionTime) {
    if let index = facilitatorTimes[f][time.day]?.firstIndex(of: time) {
      facilitatorTimes[f][time.day]?.remove(at: index)
      perDay[f][time.day, default: 0] -= 1
      perWeek[f][time.week, default: 0] -= 1
    }
  }

  mutating func bookRoom(_ r: Int, at time: SessionTime) {
    roomTimes[r][time.day, default: []].append(time)
  }

  mutating func unbookRoom(_ r: Int, at time: SessionTime) {
    if let index = roomTimes[r][time.day]?.firstIndex(of: time) {
      roomTimes[r][time.day]?.remove(at: index)
    }
  }

  /// A booking may run past midnight, so the days either side are looked at too.
  private static func busy(_ byDay: [Int: [SessionTime]], _ time: SessionTime) -> Bool {
    for day in (time.day - 1)...(time.day + 1) {
      if byDay[day]?.contains(where: { $0.overlaps(time) }) ?? false { return true }
    }
    return false
  }
}
