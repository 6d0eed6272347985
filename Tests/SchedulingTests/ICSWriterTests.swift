import Foundation
import Scheduling
import Testing

/// Reading back what the writer produced, with rules written from RFC 5545 for the tests.
enum ICSRead {
  /// The physical lines (without their CRLF); fails the test on a bare CR or LF.
  static func physicalLines(_ text: String) -> [String] {
    let bytes = Array(text.utf8)
    var lines: [String] = []
    var current: [UInt8] = []
    var i = 0
    while i < bytes.count {
      if bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A {
        lines.append(String(decoding: current, as: UTF8.self))
        #expect(String(validating: current, as: UTF8.self) != nil, "a fold split a character")
        current = []
        i += 2
        continue
      }
      #expect(bytes[i] != 0x0D && bytes[i] != 0x0A, "a bare CR or LF at byte \(i)")
      current.append(bytes[i])
      i += 1
    }
    #expect(current.isEmpty, "the document does not end in CRLF")
    return lines
  }

  /// The content lines, unfolded.
  static func contentLines(_ text: String) -> [String] {
    var lines: [String] = []
    for line in physicalLines(text) {
      if line.hasPrefix(" "), let last = lines.popLast() {
        lines.append(last + line.dropFirst())
      } else {
        lines.append(line)
      }
    }
    return lines
  }

  /// Undoes TEXT escaping.
  static func unescape(_ text: String) -> String {
    var out = ""
    var escaped = false
    for c in text {
      if escaped {
        out.append(c == "n" || c == "N" ? "\n" : c)
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else {
        out.append(c)
      }
    }
    return out
  }

  /// An observance of a VTIMEZONE.
  struct Observance {
    var kind: String
    var start: String
    var from: Int
    var to: Int
  }

  static func offsetSeconds(_ text: String) -> Int? {
    let sign = text.hasPrefix("-") ? -1 : 1
    let digits = text.dropFirst()
    guard digits.count == 4 || digits.count == 6, let value = Int(digits) else { return nil }
    let h = digits.count == 4 ? value / 100 : value / 10_000
    let m = digits.count == 4 ? value % 100 : value / 100 % 100
    let s = digits.count == 4 ? 0 : value % 100
    return sign * (h * 3600 + m * 60 + s)
  }

  static func observances(_ lines: [String]) -> [Observance] {
    var result: [Observance] = []
    var current: Observance?
    for line in lines {
      if line == "BEGIN:STANDARD" || line == "BEGIN:DAYLIGHT" {
        current = Observance(kind: String(line.dropFirst(6)), start: "", from: 0, to: 0)
      } else if line.hasPrefix("END:STANDARD") || line.hasPrefix("END:DAYLIGHT") {
        if let current { result.append(current) }
        current = nil
      } else if line.hasPrefix("DTSTART:") {
        current?.start = String(line.dropFirst(8))
      } else if line.hasPrefix("TZOFFSETFROM:") {
        current?.from = offsetSeconds(String(line.dropFirst(13))) ?? -99_999
      } else if line.hasPrefix("TZOFFSETTO:") {
        current?.to = offsetSeconds(String(line.dropFirst(11))) ?? -99_999
      }
    }
    return result
  }

  /// Seconds since 1970 of a floating `YYYYMMDDTHHMMSS` read as if it were UTC.
  static func floatingSeconds(_ text: String) -> Int? {
    let digits = text.filter(\.isNumber)
    guard digits.count == 14 else { return nil }
    var components = DateComponents()
    func field(_ from: Int, _ length: Int) -> Int? {
      let start = digits.index(digits.startIndex, offsetBy: from)
      return Int(digits[start..<digits.index(start, offsetBy: length)])
    }
    components.year = field(0, 4)
    components.month = field(4, 2)
    components.day = field(6, 2)
    components.hour = field(8, 2)
    components.minute = field(10, 2)
    components.second = field(12, 2)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = .gmt
    return calendar.date(from: components).map { Int($0.timeIntervalSince1970) }
  }

  /// The instant a local time of the VTIMEZONE means: the offset of the latest observance
  /// whose onset is not after the instant.
  static func instant(local: String, observances: [Observance]) -> Int? {
    guard let wall = floatingSeconds(local) else { return nil }
    let onsets = observances.compactMap { o in floatingSeconds(o.start).map { ($0 - o.from, o) } }
      .sorted { $0.0 < $1.0 }
    for (index, (onset, observance)) in onsets.enumerated() {
      let t = wall - observance.to
      let nextOnset = index + 1 < onsets.count ? onsets[index + 1].0 : Int.max
      if onset <= t && t < nextOnset { return t }
    }
    return nil
  }
}

@Suite struct ICSWriterTests {
  static let stamp = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z

  /// A date from an ISO 8601 text with offset, parsed by Foundation, not by the writer.
  static func date(_ text: String) throws -> Date {
    try #require(ISO8601DateFormatter().date(from: text))
  }

  static func event(
    _ uid: String, _ start: String, _ end: String, summary: String = "Intervisie",
    cancelled: Bool = false, sequence: Int = 0
  ) throws -> CalendarEvent {
    CalendarEvent(
      uid: uid, sequence: sequence, start: try date(start), end: try date(end), summary: summary,
      cancelled: cancelled)
  }

  func amsterdamEvents() throws -> [CalendarEvent] {
    [
      try Self.event("G01-2@kring", "2027-04-01T19:00:00+02:00", "2027-04-01T21:00:00+02:00"),
      try Self.event("G01-1@kring", "2027-03-25T19:00:00+01:00", "2027-03-25T21:00:00+01:00"),
    ]
  }

  @Test func amsterdamAcrossTheSpringChange() throws {
    let writer = ICSWriter(timezone: "Europe/Amsterdam", name: "G01", stamp: Self.stamp)
    let text = writer.document(events: try amsterdamEvents(), method: .publish)
    let lines = ICSRead.contentLines(text)
    #expect(lines.first == "BEGIN:VCALENDAR")
    #expect(lines.last == "END:VCALENDAR")
    #expect(lines.contains("VERSION:2.0"))
    #expect(lines.contains("PRODID:-//Kring//Kring 0.1//EN"))
    #expect(lines.contains("METHOD:PUBLISH"))
    #expect(lines.contains("X-WR-CALNAME:G01"))
    // Both sessions keep their 19:00 wall-clock time, on either side of 28 March.
    let starts = lines.filter { $0.hasPrefix("DTSTART;") }
    #expect(
      starts == [
        "DTSTART;TZID=Europe/Amsterdam:20270325T190000",
        "DTSTART;TZID=Europe/Amsterdam:20270401T190000",
      ])
    #expect(
      lines.filter { $0.hasPrefix("DTEND") } == [
        "DTEND;TZID=Europe/Amsterdam:20270325T210000",
        "DTEND;TZID=Europe/Amsterdam:20270401T210000",
      ])
    #expect(lines.filter { $0.hasPrefix("UID:") } == ["UID:G01-1@kring", "UID:G01-2@kring"])
    #expect(
      lines.filter { $0.hasPrefix("DTSTAMP:") }
        == Array(repeating: "DTSTAMP:20270115T080000Z", count: 2))
    #expect(lines.filter { $0.hasPrefix("STATUS:") } == ["STATUS:CONFIRMED", "STATUS:CONFIRMED"])
    // The daylight observance that starts on 28 March 2027 at 02:00 local.
    let daylight = try #require(lines.firstIndex(of: "DTSTART:20270328T020000"))
    #expect(lines[daylight - 1] == "BEGIN:DAYLIGHT")
    #expect(lines[daylight + 1] == "TZOFFSETFROM:+0100")
    #expect(lines[daylight + 2] == "TZOFFSETTO:+0200")
    // The standard time in force before it: since 25 October 2026, 03:00 summer time.
    let standard = try #require(lines.firstIndex(of: "DTSTART:20261025T030000"))
    #expect(lines[standard - 1] == "BEGIN:STANDARD")
    #expect(lines[standard + 1] == "TZOFFSETFROM:+0200")
    #expect(lines[standard + 2] == "TZOFFSETTO:+0100")
    #expect(lines.contains("TZID:Europe/Amsterdam"))
  }

  /// Every event's local time, read through the document's own VTIMEZONE, is the event's
  /// instant.
  @Test(arguments: ["Europe/Amsterdam", "America/New_York", "Australia/Sydney", "Asia/Tokyo"])
  func localTimesMeanTheRightInstants(zone: String) throws {
    // Weekly sessions over two years, so several changes fall inside the span.
    var events: [CalendarEvent] = []
    let first = try Self.date("2027-01-05T13:30:00Z")
    for week in 0..<104 {
      let start = first.addingTimeInterval(TimeInterval(week * 7 * 86_400))
      events.append(
        CalendarEvent(
          uid: "w\(week)", start: start, end: start.addingTimeInterval(7200), summary: "S"))
    }
    let text = ICSWriter(timezone: zone, name: "x", stamp: Self.stamp).document(
      events: events, method: .publish)
    let lines = ICSRead.contentLines(text)
    let observances = ICSRead.observances(lines)
    #expect(!observances.isEmpty)
    let prefix = "DTSTART;TZID=\(zone):"
    let locals = lines.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    #expect(locals.count == events.count)
    for (local, event) in zip(locals, events) {
      #expect(
        ICSRead.instant(local: local, observances: observances)
          == Int(event.start.timeIntervalSince1970), "\(local)")
    }
    // Each change an observance announces is a real one.
    for o in observances.dropFirst() { #expect(o.from != o.to) }
    if zone == "Asia/Tokyo" {
      #expect(observances.count == 1)
    } else {
      #expect(observances.count >= 5)
    }
  }

  @Test func zoneWithoutDaylightSavingHasOneStandard() throws {
    let start = Date(timeIntervalSince1970: 1_806_000_000)
    let text = ICSWriter(timezone: "Asia/Tokyo", name: "Tokyo", stamp: Self.stamp).document(
      events: [CalendarEvent(uid: "a", start: start, end: start + 3600, summary: "S")],
      method: .publish)
    let lines = ICSRead.contentLines(text)
    let begin = try #require(lines.firstIndex(of: "BEGIN:VTIMEZONE"))
    let end = try #require(lines.firstIndex(of: "END:VTIMEZONE"))
    let zone = Array(lines[begin...end])
    #expect(zone.filter { $0 == "BEGIN:STANDARD" }.count == 1)
    #expect(!zone.contains("BEGIN:DAYLIGHT"))
    #expect(zone.contains("DTSTART:19700101T000000"))
    #expect(zone.contains("TZOFFSETFROM:+0900"))
    #expect(zone.contains("TZOFFSETTO:+0900"))
    // 1_806_000_000 is 2027-03-25T18:40:00Z, 03:40 the next day in Tokyo.
    #expect(lines.contains("DTSTART;TZID=Asia/Tokyo:20270326T034000"))
  }

  @Test func negativeAndHalfHourOffsets() {
    let start = Date(timeIntervalSince1970: 1_806_000_000)
    let event = CalendarEvent(uid: "a", start: start, end: start + 3600, summary: "S")
    let india = ICSRead.contentLines(
      ICSWriter(timezone: "Asia/Kolkata", name: "x", stamp: Self.stamp).document(
        events: [event], method: .publish))
    #expect(india.contains("TZOFFSETTO:+0530"))
    #expect(india.contains("DTSTART;TZID=Asia/Kolkata:20270326T001000"))
    let newYork = ICSRead.contentLines(
      ICSWriter(timezone: "America/New_York", name: "x", stamp: Self.stamp).document(
        events: [event], method: .publish))
    #expect(newYork.contains("TZOFFSETFROM:-0500"))
    #expect(newYork.contains("TZOFFSETTO:-0400"))
    #expect(newYork.contains("DTSTART:20270314T020000"))
  }

  @Test func unknownZoneFallsBackToUTC() throws {
    let text = ICSWriter(timezone: "Mars/Olympus", name: "x", stamp: Self.stamp).document(
      events: try amsterdamEvents(), method: .publish)
    let lines = ICSRead.contentLines(text)
    #expect(!lines.contains("BEGIN:VTIMEZONE"))
    #expect(lines.contains("DTSTART:20270325T180000Z"))
    #expect(lines.contains("DTSTART:20270401T170000Z"))
  }

  @Test func textIsEscaped() throws {
    let event = CalendarEvent(
      uid: "u;1", start: Self.stamp, end: Self.stamp + 60,
      summary: #"Intervisie, ronde 1; "deel" \ A"#, description: "regel 1\nregel 2\r\nregel 3",
      location: "Zaal 1, Utrecht\u{7}")
    let text = ICSWriter(timezone: "Europe/Amsterdam", name: "Groep, 1", stamp: Self.stamp)
      .document(events: [event], method: .publish)
    let lines = ICSRead.contentLines(text)
    #expect(lines.contains(#"SUMMARY:Intervisie\, ronde 1\; "deel" \\ A"#))
    #expect(lines.contains(#"DESCRIPTION:regel 1\nregel 2\nregel 3"#))
    #expect(lines.contains(#"LOCATION:Zaal 1\, Utrecht"#))
    #expect(lines.contains(#"UID:u\;1"#))
    #expect(lines.contains(#"X-WR-CALNAME:Groep\, 1"#))
    let summary = try #require(lines.first { $0.hasPrefix("SUMMARY:") })
    #expect(ICSRead.unescape(String(summary.dropFirst(8))) == event.summary)
  }

  @Test(arguments: [
    String(repeating: "é", count: 100), String(repeating: "🎉", count: 60),
    "ab" + String(repeating: "漢字", count: 50), String(repeating: "a", count: 300),
    "Intervisie " + String(repeating: "x", count: 62) + "é",
  ])
  func longLinesAreFoldedWithoutSplittingCharacters(summary: String) throws {
    let event = CalendarEvent(uid: "u", start: Self.stamp, end: Self.stamp, summary: summary)
    let text = ICSWriter(timezone: "UTC", name: "x", stamp: Self.stamp).document(
      events: [event], method: .publish)
    let physical = ICSRead.physicalLines(text)
    for line in physical { #expect(line.utf8.count <= 75, "\(line.utf8.count) octets: \(line)") }
    let folded = physical.filter { $0.hasPrefix(" ") }
    #expect(!folded.isEmpty)
    // Folds only where needed: every line that is followed by a continuation is full
    // (within one character of 75 octets).
    for (index, line) in physical.enumerated()
    where index + 1 < physical.count && physical[index + 1].hasPrefix(" ") {
      #expect(line.utf8.count > 75 - 4)
    }
    #expect(ICSRead.contentLines(text).contains("SUMMARY:" + summary))
  }

  @Test func exactFoldOfAMultibyteLine() {
    // "SUMMARY:" is 8 octets; 33 two-octet characters fill 74, the 34th would make 76.
    let summary = String(repeating: "é", count: 40)
    let event = CalendarEvent(uid: "u", start: Self.stamp, end: Self.stamp, summary: summary)
    let text = ICSWriter(timezone: "UTC", name: "x", stamp: Self.stamp).document(
      events: [event], method: .publish)
    let expected =
      "SUMMARY:" + String(repeating: "é", count: 33) + "\r\n " + String(repeating: "é", count: 7)
      + "\r\n"
    #expect(text.contains(expected))
  }

  @Test func cancelledSessionsAndTheCancelMethod() throws {
    var events = try amsterdamEvents()
    events[0].cancelled = true
    events[0].sequence = 3
    let publish = ICSRead.contentLines(
      ICSWriter(timezone: "Europe/Amsterdam", name: "G01", stamp: Self.stamp).document(
        events: events, method: .publish))
    #expect(publish.filter { $0.hasPrefix("STATUS:") } == ["STATUS:CONFIRMED", "STATUS:CANCELLED"])
    #expect(publish.filter { $0.hasPrefix("SEQUENCE:") } == ["SEQUENCE:0", "SEQUENCE:3"])
    let cancel = ICSRead.contentLines(
      ICSWriter(timezone: "Europe/Amsterdam", name: "G01", stamp: Self.stamp).document(
        events: events, method: .cancel))
    #expect(cancel.contains("METHOD:CANCEL"))
    #expect(cancel.filter { $0.hasPrefix("STATUS:") } == ["STATUS:CANCELLED", "STATUS:CANCELLED"])
  }

  @Test func invitationsNameTheOrganiserAndEveryAttendee() throws {
    var events = try amsterdamEvents()
    events[0].attendees = [
      CalendarAttendee(name: "Joost van Dam", email: "joost@example.org", chair: true),
      CalendarAttendee(name: "Fleur, \"de\" Vries", email: "fleur@example.org"),
    ]
    events[0].url = "https://meet.example.org/kring-g01"
    let organizer = try #require(Organizer("Kring Office <kring@example.org>"))
    let writer = ICSWriter(
      timezone: "Europe/Amsterdam", name: "G01", stamp: Self.stamp, organizer: organizer)
    let request = ICSRead.contentLines(writer.document(events: events, method: .request))
    #expect(request.contains("METHOD:REQUEST"))
    #expect(request.contains("ORGANIZER;CN=Kring Office:mailto:kring@example.org"))
    #expect(
      request.contains(
        "ATTENDEE;CN=Joost van Dam;ROLE=CHAIR;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:joost@example.org"
      ))
    // A comma needs quotes in a parameter; a double quote cannot be quoted and is dropped.
    #expect(
      request.contains(
        "ATTENDEE;CN=\"Fleur, de Vries\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:fleur@example.org"
      ))
    #expect(request.contains("URL:https://meet.example.org/kring-g01"))
    #expect(request.filter { $0.hasPrefix("ORGANIZER") }.count == events.count)
    let cancel = ICSRead.contentLines(writer.document(events: [events[0]], method: .cancel))
    #expect(cancel.contains("METHOD:CANCEL"))
    #expect(cancel.contains("ORGANIZER;CN=Kring Office:mailto:kring@example.org"))
    #expect(cancel.contains("ATTENDEE;CN=Joost van Dam;ROLE=CHAIR:mailto:joost@example.org"))
    #expect(cancel.contains("STATUS:CANCELLED"))
    // A feed names nobody.
    let publish = ICSRead.contentLines(writer.document(events: events, method: .publish))
    #expect(!publish.contains { $0.hasPrefix("ORGANIZER") || $0.hasPrefix("ATTENDEE") })
  }

  @Test(arguments: [
    ("Kring Office <kring@example.org>", "Kring Office <kring@example.org>"),
    (" kring@example.org ", "kring@example.org"),
    ("<kring@example.org>", "kring@example.org"),
  ])
  func organisersAreRead(text: String, canonical: String) {
    #expect(Organizer(text)?.text == canonical)
  }

  @Test(arguments: ["Kring Office", "Kring <not an address>", "", "a@b"])
  func badOrganisersAreRefused(text: String) {
    #expect(Organizer(text) == nil)
  }

  @Test func onlineLinksTakeTheGroupId() {
    #expect(
      OnlineLink.render("https://meet.example.org/kring-{group}", group: "G01")
        == "https://meet.example.org/kring-g01")
    #expect(
      OnlineLink.render("https://x.example/{group}", group: "Groep é 2")
        == "https://x.example/groep---2")
    #expect(OnlineLink.problem("https://meet.example.org/{group}") == nil)
    #expect(OnlineLink.problem("https://meet.example.org/{team}")?.contains("{team}") == true)
    #expect(OnlineLink.problem("https://meet.example.org/{group") != nil)
    #expect(OnlineLink.problem("https://meet example") != nil)
  }

  @Test func sameInputSameBytesWhateverTheOrder() throws {
    var events = try amsterdamEvents()
    events.append(
      try Self.event("G02-1@kring", "2027-03-25T19:00:00+01:00", "2027-03-25T21:00:00+01:00"))
    let writer = ICSWriter(timezone: "Europe/Amsterdam", name: "all", stamp: Self.stamp)
    let a = writer.document(events: events, method: .publish)
    let b = writer.document(events: events.reversed(), method: .publish)
    let c = writer.document(events: [events[2], events[0], events[1]], method: .publish)
    #expect(Array(a.utf8) == Array(b.utf8))
    #expect(Array(a.utf8) == Array(c.utf8))
    let uids = ICSRead.contentLines(a).filter { $0.hasPrefix("UID:") }
    #expect(uids == ["UID:G01-1@kring", "UID:G02-1@kring", "UID:G01-2@kring"])
  }

  @Test func emptyCalendarStillHasAComponent() {
    let lines = ICSRead.contentLines(
      ICSWriter(timezone: "Europe/Amsterdam", name: "none", stamp: Self.stamp).document(
        events: [], method: .publish))
    #expect(lines.contains("BEGIN:VTIMEZONE"))
    #expect(!lines.contains("BEGIN:VEVENT"))
  }

  @Test func exactSmallDocument() throws {
    let start = try Self.date("2027-07-06T12:00:00Z")
    let text = ICSWriter(
      productID: "-//Test//EN", timezone: "Asia/Tokyo", name: "T", stamp: Self.stamp
    ).document(
      events: [
        CalendarEvent(
          uid: "x@kring", sequence: 1, start: start, end: start + 5400, summary: "S",
          description: "D", location: "L")
      ], method: .publish)
    let expected = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH", "X-WR-CALNAME:T", "X-WR-TIMEZONE:Asia/Tokyo", "BEGIN:VTIMEZONE",
      "TZID:Asia/Tokyo", "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0900",
      "TZOFFSETTO:+0900",
      "TZNAME:\(TimeZone(identifier: "Asia/Tokyo")?.abbreviation(for: start) ?? "")",
      "END:STANDARD", "END:VTIMEZONE", "BEGIN:VEVENT", "UID:x@kring",
      "DTSTAMP:20270115T080000Z", "SEQUENCE:1", "DTSTART;TZID=Asia/Tokyo:20270706T210000",
      "DTEND;TZID=Asia/Tokyo:20270706T223000", "SUMMARY:S", "DESCRIPTION:D", "LOCATION:L",
      "STATUS:CONFIRMED", "END:VEVENT", "END:VCALENDAR",
    ]
    #expect(text == expected.map { $0 + "\r\n" }.joined())
  }
}
