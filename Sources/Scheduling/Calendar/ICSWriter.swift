import Foundation

/// One session as a calendar event.
public struct CalendarEvent: Hashable, Sendable {
  /// Stable across re-runs, so that calendar programs update the event instead of adding one.
  public var uid: String
  /// Incremented whenever the session moves or changes, so that the newer copy wins.
  public var sequence: Int
  public var start: Date
  public var end: Date
  public var summary: String
  public var description: String?
  public var location: String?
  /// A session that was removed: published with `STATUS:CANCELLED`.
  public var cancelled: Bool
  /// The meeting link of an online session (`URL`).
  public var url: String?
  /// Who is invited, in an invitation (`METHOD:REQUEST` or `CANCEL`).
  public var attendees: [CalendarAttendee]

  public init(
    uid: String, sequence: Int = 0, start: Date, end: Date, summary: String,
    description: String? = nil, location: String? = nil, cancelled: Bool = false,
    url: String? = nil, attendees: [CalendarAttendee] = []
  ) {
    self.uid = uid
    self.sequence = sequence
    self.start = start
    self.end = end
    self.summary = summary
    self.description = description
    self.location = location
    self.cancelled = cancelled
    self.url = url
    self.attendees = attendees
  }
}

/// Someone invited to a session: a member or a facilitator with an email address.
public struct CalendarAttendee: Hashable, Sendable {
  public var name: String
  public var email: String
  /// `CHAIR` for the session's facilitator, `REQ-PARTICIPANT` for a member.
  public var chair: Bool

  public init(name: String, email: String, chair: Bool = false) {
    self.name = name
    self.email = email
    self.chair = chair
  }
}

/// Writes iCalendar (RFC 5545) documents: CRLF line ends, lines folded at 75 octets, escaped
/// text, and a VTIMEZONE built from the system's time zone data, so that events keep their
/// local wall-clock time across daylight saving changes.
///
/// The output depends only on the events, the zone data and `stamp`: the same input gives the
/// same bytes.
public struct ICSWriter: Sendable {
  /// The `METHOD` of a document (RFC 5546).
  public enum Method: String, Sendable, Hashable {
    /// A feed of the current sessions; removed ones are listed as cancelled.
    case publish = "PUBLISH"
    /// An invitation to the listed sessions, from the organiser to the attendees.
    case request = "REQUEST"
    /// A notice that the listed sessions no longer take place.
    case cancel = "CANCEL"
  }

  /// `PRODID`: who wrote the calendar.
  public var productID: String
  /// The IANA zone of the events' local times, such as `Europe/Amsterdam`.
  ///
  /// When the system does not know it, times are written in UTC and no VTIMEZONE is added.
  public var timezone: String
  /// The calendar's display name (`X-WR-CALNAME`).
  public var name: String
  /// The moment the document was made (`DTSTAMP`); passed in so output is reproducible.
  public var stamp: Date
  /// The organiser of invitations: written as `ORGANIZER`, with each event's attendees, in
  /// `REQUEST` and `CANCEL` documents.
  public var organizer: Organizer?

  public init(
    productID: String = "-//Kring//Kring 0.1//EN", timezone: String, name: String, stamp: Date,
    organizer: Organizer? = nil
  ) {
    self.productID = productID
    self.timezone = timezone
    self.name = name
    self.stamp = stamp
    self.organizer = organizer
  }

  /// The calendar holding `events`, sorted by start, end and uid.
  ///
  /// In a `.cancel` document every event is cancelled; in a `.publish` document an event is
  /// cancelled when its `cancelled` flag says so.
  public func document(events: [CalendarEvent], method: Method = .publish) -> String {
    let sorted = events.sorted { a, b in
      if a.start != b.start { return a.start < b.start }
      if a.end != b.end { return a.end < b.end }
      if a.uid != b.uid { return a.uid < b.uid }
      return a.sequence < b.sequence
    }
    let zone = TimeZone(identifier: timezone)
    var lines: [String] = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:" + ICSText.escape(productID),
      "CALSCALE:GREGORIAN",
      "METHOD:" + method.rawValue,
      "X-WR-CALNAME:" + ICSText.escape(name),
    ]
    if let zone {
      lines.append("X-WR-TIMEZONE:" + ICSText.escape(timezone))
      // The zone's observances over the events' span; an empty calendar still gets its zone,
      // because RFC 5545 requires at least one component.
      let first = sorted.map(\.start).min() ?? stamp
      let last = sorted.map { max($0.start, $0.end) }.max() ?? stamp
      lines.append(contentsOf: VTimeZone.lines(zone: zone, id: timezone, from: first, to: last))
    }
    for event in sorted {
      lines.append("BEGIN:VEVENT")
      lines.append("UID:" + ICSText.escape(event.uid))
      lines.append("DTSTAMP:" + ICSTime.utc(stamp))
      lines.append("SEQUENCE:\(max(0, event.sequence))")
      lines.append(dateTime("DTSTART", event.start, zone))
      lines.append(dateTime("DTEND", max(event.start, event.end), zone))
      lines.append("SUMMARY:" + ICSText.escape(event.summary))
      if let description = event.description {
        lines.append("DESCRIPTION:" + ICSText.escape(description))
      }
      if let location = event.location { lines.append("LOCATION:" + ICSText.escape(location)) }
      if let url = event.url { lines.append("URL:" + ICSText.uri(url)) }
      if let organizer, method != .publish {
        lines.append(
          "ORGANIZER" + (organizer.name.map { ";CN=" + ICSText.parameter($0) } ?? "") + ":mailto:"
            + ICSText.uri(organizer.email))
        for attendee in event.attendees {
          lines.append(
            "ATTENDEE;CN=" + ICSText.parameter(attendee.name) + ";ROLE="
              + (attendee.chair ? "CHAIR" : "REQ-PARTICIPANT")
              + (method == .request ? ";PARTSTAT=NEEDS-ACTION;RSVP=TRUE" : "") + ":mailto:"
              + ICSText.uri(attendee.email))
        }
      }
      let cancelled = event.cancelled || method == .cancel
      lines.append("STATUS:" + (cancelled ? "CANCELLED" : "CONFIRMED"))
      lines.append("END:VEVENT")
    }
    lines.append("END:VCALENDAR")
    var output = ""
    for line in lines { output += ICSText.fold(line) }
    return output
  }

  /// `DTSTART;TZID=…:local` in the zone, or UTC with a `Z` when the zone is unknown.
  private func dateTime(_ property: String, _ date: Date, _ zone: TimeZone?) -> String {
    guard let zone else { return "\(property):" + ICSTime.utc(date) }
    return "\(property);TZID=\(ICSText.parameter(timezone)):"
      + ICSTime.local(date, offset: zone.secondsFromGMT(for: date))
  }
}

/// Text rules of RFC 5545: escaping, parameter quoting and line folding.
enum ICSText {
  /// A TEXT value: `\`, `;` and `,` escaped with a backslash, line breaks as `\n`, other
  /// control characters (which TEXT may not hold) dropped.
  static func escape(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var previousCR = false
    for u in text.unicodeScalars {
      defer { previousCR = u == "\r" }
      switch u {
      case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
      case ";": out.append(contentsOf: "\\;".unicodeScalars)
      case ",": out.append(contentsOf: "\\,".unicodeScalars)
      case "\r": out.append(contentsOf: "\\n".unicodeScalars)
      // CRLF is one line break, already written for the CR.
      case "\n": if !previousCR { out.append(contentsOf: "\\n".unicodeScalars) }
      case "\t": out.append(u)
      default:
        if u.value < 0x20 || u.value == 0x7F { continue }
        out.append(u)
      }
    }
    return String(out)
  }

  /// A parameter value, quoted when it holds `:`, `;` or `,` (double quotes cannot be quoted
  /// and are dropped).
  static func parameter(_ value: String) -> String {
    let clean = value.filter { $0 != "\"" && !$0.isNewline }
    return clean.contains(where: { $0 == ":" || $0 == ";" || $0 == "," })
      ? "\"\(clean)\"" : clean
  }

  /// A URI value (`URL`, `mailto:`): no escaping applies, so characters a URI cannot hold
  /// (spaces, quotes, controls, angle brackets) are dropped.
  static func uri(_ value: String) -> String {
    String(
      String.UnicodeScalarView(
        value.unicodeScalars.filter { u in
          u.value > 0x20 && u.value != 0x7F && u != "\"" && u != "<" && u != ">" && u != "\\"
        }))
  }

  /// The content line folded into lines of at most 75 octets, each ended by CRLF.
  ///
  /// A continuation line starts with one space. A UTF-8 character is never split.
  static func fold(_ line: String) -> String {
    var out = ""
    out.reserveCapacity(line.utf8.count + line.utf8.count / 70 * 3 + 2)
    var octets = 0
    for u in line.unicodeScalars {
      let width = UTF8.width(u)
      if octets + width > 75 {
        out += "\r\n "
        octets = 1
      }
      out.unicodeScalars.append(u)
      octets += width
    }
    out += "\r\n"
    return out
  }
}

/// Date-time texts of RFC 5545, computed with fixed offsets so no locale or clock leaks in.
enum ICSTime {
  /// `YYYYMMDDTHHMMSSZ`.
  static func utc(_ date: Date) -> String { local(date, offset: 0) + "Z" }

  /// The Gregorian calendar at UTC, which turns an instant shifted by an offset into the
  /// wall-clock fields of that offset without consulting the machine's zone or locale.
  private static let gregorian: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = .gmt
    return calendar
  }()

  /// `YYYYMMDDTHHMMSS` of the wall clock at `offset` seconds from UTC.
  static func local(_ date: Date, offset: Int) -> String {
    let seconds = (date.timeIntervalSince1970).rounded(.down) + TimeInterval(offset)
    let c = gregorian.dateComponents(
      [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
    return pad(c.year ?? 0, 4) + pad(c.month ?? 0, 2) + pad(c.day ?? 0, 2) + "T"
      + pad(c.hour ?? 0, 2) + pad(c.minute ?? 0, 2) + pad(c.second ?? 0, 2)
  }

  /// `+HHMM` or `+HHMMSS` (RFC 5545 UTC-OFFSET; zero is `+0000`).
  static func offset(_ seconds: Int) -> String {
    let sign = seconds < 0 ? "-" : "+"
    let a = abs(seconds)
    var text = sign + pad(a / 3600, 2) + pad(a % 3600 / 60, 2)
    if a % 60 != 0 { text += pad(a % 60, 2) }
    return text
  }

  private static func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }
}

/// The VTIMEZONE component of a zone over a span of time.
enum VTimeZone {
  /// How far before the first event to look for the transition that set its offset: more
  /// than a year, so the last change before any date of a yearly-switching zone is found.
  private static let lookback: TimeInterval = 400 * 86_400

  /// The VTIMEZONE lines for the span `from`…`to`.
  ///
  /// One STANDARD or DAYLIGHT observance per offset change, from the last change before
  /// `from` through `to`. A zone that does not change there gets one observance for its
  /// offset. TZNAME is Foundation's abbreviation of the zone at that moment.
  static func lines(zone: TimeZone, id: String, from: Date, to: Date) -> [String] {
    struct Change {
      var at: Date
      var before: Int
      var after: Int
      var daylight: Bool
      var name: String?
    }
    var changes: [Change] = []
    var cursor = from.addingTimeInterval(-lookback)
    // A bound on the loop, in case the zone data reports transitions that do not advance.
    var guardCount = 0
    while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next <= to,
      next > cursor, guardCount < 10_000
    {
      guardCount += 1
      changes.append(
        Change(
          at: next, before: zone.secondsFromGMT(for: next.addingTimeInterval(-1)),
          after: zone.secondsFromGMT(for: next), daylight: zone.isDaylightSavingTime(for: next),
          name: zone.abbreviation(for: next)))
      cursor = next
    }
    // Only the last change at or before the span's start matters for the span.
    if let lastBefore = changes.lastIndex(where: { $0.at <= from }) {
      changes.removeFirst(lastBefore)
    }
    if changes.first.map({ $0.at > from }) ?? true {
      // No change on record before the span: the offset in force then, since 1970.
      let offset = zone.secondsFromGMT(for: from)
      changes.insert(
        Change(
          at: Date(timeIntervalSince1970: TimeInterval(-offset)), before: offset, after: offset,
          daylight: zone.isDaylightSavingTime(for: from), name: zone.abbreviation(for: from)),
        at: 0)
    }
    var lines = ["BEGIN:VTIMEZONE", "TZID:" + ICSText.escape(id)]
    for change in changes {
      let kind = change.daylight ? "DAYLIGHT" : "STANDARD"
      lines.append("BEGIN:" + kind)
      // DTSTART is the wall-clock time of the change in the offset before it (RFC 5545 3.6.5).
      lines.append("DTSTART:" + ICSTime.local(change.at, offset: change.before))
      lines.append("TZOFFSETFROM:" + ICSTime.offset(change.before))
      lines.append("TZOFFSETTO:" + ICSTime.offset(change.after))
      if let name = change.name, !name.isEmpty { lines.append("TZNAME:" + ICSText.escape(name)) }
      lines.append("END:" + kind)
    }
    lines.append("END:VTIMEZONE")
    return lines
  }
}
