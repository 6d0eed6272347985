import Foundation
import Intake
import Scheduling
import Testing

@Suite struct SessionCalendarTests {
  /// Start on Monday 2027-01-11, 6 sessions every 4 weeks (the intervision preset).
  let preset = ScheduleConfig()

  @Test func cadenceAndParity() throws {
    let calendar = try SessionCalendar(preset)
    #expect(calendar.phaseCount == 2)
    #expect(
      calendar.dates(slot: Slot(.tue, .pm), phase: 0) == [
        "2027-01-12", "2027-02-09", "2027-03-09", "2027-04-06", "2027-05-04", "2027-06-01",
      ])
    #expect(
      calendar.dates(slot: Slot(.tue, .pm), phase: 1) == [
        "2027-01-19", "2027-02-16", "2027-03-16", "2027-04-13", "2027-05-11", "2027-06-08",
      ])
  }

  @Test func seriesStartsOnStartWhenItIsTheSlotsWeekday() throws {
    let calendar = try SessionCalendar(preset)
    #expect(calendar.dates(slot: Slot(.mon, .am), phase: 0).first == "2027-01-11")
    #expect(calendar.dates(slot: Slot(.sun, .am), phase: 0).first == "2027-01-17")
  }

  @Test(arguments: [(1, 1), (2, 2), (4, 2), (6, 2)])
  func phasesFollowTheCadence(weeks: Int, phases: Int) throws {
    var config = preset
    config.cadenceWeeks = weeks
    #expect(try SessionCalendar(config).phaseCount == phases)
  }

  @Test func aBlackedOutSessionMovesAWeekAndTheCadenceGoesOnFromIt() throws {
    var config = preset
    config.blackout = [
      DateRange(first: "2027-02-15", last: "2027-02-19"),
      DateRange(first: "2027-04-20", last: "2027-04-20"),
    ]
    let dates = try SessionCalendar(config).dates(slot: Slot(.tue, .pm), phase: 1)
    // 02-16 falls in the spring break: the session moves to 02-23 and the next ones keep four
    // weeks from it; 04-20 is blacked out too and moves to 04-27.
    #expect(
      dates == [
        "2027-01-19", "2027-02-23", "2027-03-23", "2027-04-27", "2027-05-25", "2027-06-22",
      ])
  }

  @Test func catchUpReturnsToTheOriginalDates() throws {
    var config = preset
    config.afterBreak = .catchUp
    config.blackout = [DateRange(first: "2027-02-15", last: "2027-03-21")]
    let dates = try SessionCalendar(config).dates(slot: Slot(.tue, .pm), phase: 1)
    // 02-16 and 03-16 fall in a five-week break: they take the first free weeks after it,
    // a week apart, and 04-13 is where it always was.
    #expect(
      dates == [
        "2027-01-19", "2027-03-23", "2027-03-30", "2027-04-13", "2027-05-11", "2027-06-08",
      ])
  }

  @Test(arguments: [1, 3, 7, 14, 21, 42])
  func gapsOutsideBlackoutsNeverExceedTheCadence(days: Int) throws {
    var config = preset
    config.blackout = [
      DateRange(first: "2027-02-01", last: CivilDay.iso(CivilDay.parse("2027-02-01")! + days - 1))
    ]
    let calendar = try SessionCalendar(config)
    for phase in 0..<2 {
      for slot in [Slot(.mon, .am), Slot(.wed, .eve), Slot(.sun, .pm)] {
        let dates = calendar.dates(slot: slot, phase: phase).compactMap(CivilDay.parse)
        for (a, b) in zip(dates, dates.dropFirst()) {
          #expect(calendar.gapWeeks(from: a, to: b) <= config.cadenceWeeks)
          #expect(!calendar.isBlackout(b))
        }
      }
    }
  }

  @Test func daylightSavingTimeChangesTheOffset() throws {
    var config = preset
    config.start = "2027-03-22"
    config.cadenceWeeks = 1
    config.sessions = 2
    let calendar = try SessionCalendar(config)
    let group = Instances.group("g", size: 2, slots: [Slot(.thu, .eve)])
    let sessions = calendar.sessions(for: group, slot: Slot(.thu, .eve), phase: 0, hasRoom: true)
    #expect(
      sessions.map(\.startText) == ["2027-03-25T19:00:00+01:00", "2027-04-01T19:00:00+02:00"])
    #expect(sessions.map(\.endText) == ["2027-03-25T21:00:00+01:00", "2027-04-01T21:00:00+02:00"])
    // 19:00 local is 18:00 UTC before 28 March and 17:00 UTC after it.
    #expect(sessions[0].start == Date(timeIntervalSince1970: 1_805_997_600))
    #expect(sessions[1].start.timeIntervalSince(sessions[0].start) == 7 * 86_400 - 3_600)
    #expect(sessions[0].end.timeIntervalSince(sessions[0].start) == 7_200)
  }

  @Test func negativeOffsetsAndOddDurations() throws {
    var config = preset
    config.timezone = "America/New_York"
    config.duration = 5_400
    config.dayparts[.am] = "09:05"
    let calendar = try SessionCalendar(config)
    let group = Instances.group("g", size: 2, slots: [Slot(.wed, .am)])
    let first = try #require(
      calendar.sessions(for: group, slot: Slot(.wed, .am), phase: 0, hasRoom: true).first)
    #expect(first.startText == "2027-01-13T09:05:00-05:00")
    #expect(first.endText == "2027-01-13T10:35:00-05:00")
  }

  @Test(arguments: [
    (ScheduleConfig.Facilitated.all, [true, true, true, true, true, true]),
    (.first(2), [true, true, false, false, false, false]),
    (.sessions([1, 4, 6]), [true, false, false, true, false, true]),
  ])
  func facilitatedSessions(rule: ScheduleConfig.Facilitated, expected: [Bool]) throws {
    var config = preset
    config.facilitated = rule
    let calendar = try SessionCalendar(config)
    let group = Instances.group("g", size: 2, slots: [Slot(.mon, .pm)])
    let sessions = calendar.sessions(for: group, slot: Slot(.mon, .pm), phase: 0, hasRoom: true)
    #expect(sessions.map(\.facilitated) == expected)
    #expect(sessions.map(\.number) == Array(1...6))
    #expect((1...6).map(config.isFacilitated) == expected)
  }

  @Test(arguments: [
    (MeetingFormat.inPerson, true, ["in-person", "online", "in-person", "online"]),
    (.either, true, ["in-person", "online", "in-person", "online"]),
    (.either, false, ["online", "online", "online", "online"]),
    (.online, false, ["online", "online", "online", "online"]),
  ])
  func formatsAlternate(format: MeetingFormat, hasRoom: Bool, expected: [String]) throws {
    var config = preset
    config.sessions = 4
    config.formats = [.inPerson, .online]
    let calendar = try SessionCalendar(config)
    let group = Instances.group("g", size: 2, slots: [Slot(.mon, .pm)], format: format)
    let sessions = calendar.sessions(
      for: group, slot: Slot(.mon, .pm), phase: 0, hasRoom: hasRoom)
    #expect(sessions.map(\.format.rawValue) == expected)
  }

  @Test func availableMembersAreThoseFreeAtTheSlot() throws {
    let calendar = try SessionCalendar(preset)
    var group = Instances.group("g", size: 3, slots: [Slot(.mon, .pm)])
    group.availability[1] = SlotSet([Slot(.tue, .am)])
    let session = try #require(
      calendar.sessions(for: group, slot: Slot(.mon, .pm), phase: 0, hasRoom: true).first)
    #expect(session.available == [CandidateID("gm0"), CandidateID("gm2")])
  }

  @Test(arguments: [
    ("Mars/Olympus", "2027-01-11", "schedule.timezone"),
    ("Europe/Amsterdam", "2027-02-30", "schedule.start"),
  ])
  func invalidCalendarIsADiagnostic(timezone: String, start: String, key: String) {
    var config = preset
    config.timezone = timezone
    config.start = start
    #expect {
      try SessionCalendar(config)
    } throws: { error in
      (error as? Diagnostic)?.column == key
        && (error as? Diagnostic)?.code == "schedule-invalid-calendar"
    }
  }

  @Test func missingDaypartTimeAndInvertedBlackoutAreDiagnostics() {
    var noEvening = preset
    noEvening.dayparts[.eve] = nil
    #expect {
      try SessionCalendar(noEvening)
    } throws: { ($0 as? Diagnostic)?.column == "schedule.dayparts" }
    var inverted = preset
    inverted.blackout = [DateRange(first: "2027-03-01", last: "2027-02-01")]
    #expect {
      try SessionCalendar(inverted)
    } throws: { ($0 as? Diagnostic)?.column == "schedule.blackout" }
  }
}

@Suite struct ISOTimeTests {
  /// The fast reader agrees with Foundation's parser on every offset and either side of
  /// midnight, and falls back to it for other forms.
  @Test(arguments: [
    "2027-01-12T14:00:00+01:00", "2027-03-28T01:59:59+01:00", "2027-10-31T23:30:00-05:00",
    "2028-02-29T00:00:00+05:45", "1999-12-31T23:59:59+14:00", "2027-06-01T09:30:00Z",
  ])
  func agreesWithFoundation(text: String) throws {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    let expected = try #require(formatter.date(from: text))
    #expect(ISOTime.date(text) == expected)
  }

  @Test(arguments: ["2027-02-30T10:00:00+01:00", "2027-01-12T25:00:00+01:00", "2027-01-12", ""])
  func refusesWhatIsNotATime(text: String) {
    #expect(ISOTime.date(text) == nil)
  }
}
