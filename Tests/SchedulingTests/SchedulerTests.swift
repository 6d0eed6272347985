import Foundation
import Intake
import Scheduling
import Testing

@Suite struct SchedulerTests {
  static let tuePM = Slot(.tue, .pm)
  static let thuEve = Slot(.thu, .eve)
  static let monAM = Slot(.mon, .am)

  private func solve(
    _ groups: [GroupToSchedule], _ facilitators: [Facilitator], _ rooms: [Room],
    config: ScheduleConfig = ScheduleConfig(), options: ScheduleOptions = ScheduleOptions()
  ) throws -> (ScheduleProblem, ScheduleResult) {
    let problem = ScheduleProblem(
      groups: groups, facilitators: facilitators, rooms: rooms, config: config)
    let result = try Scheduler.solve(problem, options: options)
    var checker = ScheduleChecker(problem: problem)
    checker.excluded = options.excludedSlots
    #expect(checker.violations(result) == [])
    return (problem, result)
  }

  private func weekly() -> ScheduleConfig {
    var config = ScheduleConfig()
    config.cadenceWeeks = 1
    return config
  }

  @Test func weekParityLetsTwoGroupsShareAFacilitatorAndRoom() throws {
    let groups = ["a", "b"].map { Instances.group($0, size: 5, slots: [Self.tuePM]) }
    let (_, result) = try solve(
      groups, [Instances.facilitator("f1", slots: [Self.tuePM])],
      [Instances.room("r1", slots: [Self.tuePM])])
    #expect(result.scheduled.count == 2)
    #expect(Set(result.scheduled.map(\.phase)) == [0, 1])
    #expect(Set(result.scheduled.compactMap(\.room)) == [RoomID("r1")])
    #expect(result.status == .optimal)
    #expect(result.objective == 1)
  }

  @Test func weeklyCadenceHasNoParity() throws {
    let groups = ["a", "b"].map { Instances.group($0, size: 5, slots: [Self.tuePM]) }
    let (_, result) = try solve(
      groups, [Instances.facilitator("f1", slots: [Self.tuePM])],
      [Instances.room("r1", slots: [Self.tuePM])], config: weekly())
    #expect(result.scheduled.count == 1)
    #expect(result.unscheduled.map(\.code) == [.facilitatorsFull])
    #expect(result.unscheduled.first?.need?.description == "facilitator language=nl slot=tue-pm")
  }

  @Test func oneEnglishFacilitatorShortNamesExactlyTheAffectedGroup() throws {
    let english = ["e1", "e2", "e3"].map {
      Instances.group($0, size: 6, slots: [Self.thuEve], language: "en")
    }
    let dutch = ["n1", "n2"].map { Instances.group($0, size: 6, slots: [Self.thuEve]) }
    let facilitators = [
      Instances.facilitator("en1", languages: ["en"], slots: [Self.thuEve], maxGroups: 1),
      Instances.facilitator("en2", languages: ["nl", "en"], slots: [Self.thuEve], maxGroups: 1),
      Instances.facilitator("nl1", slots: [Self.thuEve], maxGroups: 1),
      Instances.facilitator("nl2", slots: [Self.thuEve], maxGroups: 1),
    ]
    let rooms = (1...5).map { Instances.room("r\($0)", slots: [Self.thuEve]) }
    let (_, result) = try solve(english + dutch, facilitators, rooms, config: weekly())
    #expect(result.scheduled.count == 4)
    let missing = try #require(result.unscheduled.first)
    #expect(result.unscheduled.count == 1)
    #expect(missing.group.hasPrefix("e"))
    #expect(missing.code == .facilitatorsFull)
    #expect(missing.need?.description == "facilitator language=en slot=thu-eve")
    #expect(missing.message.contains("in en at its slots (thu-eve) are taken"))
    // The Dutch groups got the Dutch facilitators: en2 speaks Dutch too, but is needed.
    for schedule in result.scheduled where schedule.group.hasPrefix("n") {
      #expect(schedule.facilitator?.rawValue.hasPrefix("nl") == true)
    }
  }

  @Test func noFacilitatorSpeaksTheLanguage() throws {
    var group = Instances.group("e1", size: 5, slots: [Self.tuePM, Self.thuEve], language: "en")
    group.availability[0] = SlotSet([Self.thuEve])
    let (_, result) = try solve(
      [group], [Instances.facilitator("nl1", slots: [Self.tuePM, Self.thuEve])],
      [Instances.room("r1", slots: [Self.tuePM, Self.thuEve])])
    let reason = try #require(result.unscheduled.first)
    #expect(reason.code == .noFacilitator)
    // thu-eve has all 5 members, tue-pm only 4: the need names the best slot.
    #expect(reason.need?.description == "facilitator language=en slot=thu-eve")
    #expect(result.status == .infeasible)
  }

  @Test func facilitatorFromAMembersOrganisationIsNotUsed() throws {
    let group = Instances.group(
      "g", size: 5, slots: [Self.tuePM], organizations: ["Acme", nil, nil, nil, nil])
    let (_, result) = try solve(
      [group], [Instances.facilitator("f1", slots: [Self.tuePM], organization: " ACME ")],
      [Instances.room("r1", slots: [Self.tuePM])])
    #expect(result.unscheduled.map(\.code) == [.noFacilitator])
  }

  @Test func unavailableDatesCountOnlyForFacilitatedSessions() throws {
    var config = ScheduleConfig(facilitated: .first(2))
    let group = Instances.group("g", size: 5, slots: [Self.tuePM])
    // Phase 0 dates: 01-12, 02-09, 03-09 …; phase 1: 01-19, 02-16, 03-16 ….
    let away = Instances.facilitator(
      "f1", slots: [Self.tuePM], unavailable: [DateRange(first: "2027-02-09", last: "2027-02-09")])
    let (_, first) = try solve(
      [group], [away], [Instances.room("r1", slots: [Self.tuePM])], config: config)
    #expect(first.scheduled.first?.phase == 1)
    // Away on the third session only, which nobody guides: phase 0 is fine again.
    let later = Instances.facilitator(
      "f1", slots: [Self.tuePM], unavailable: [DateRange(first: "2027-03-09", last: "2027-03-16")])
    let (_, second) = try solve(
      [group], [later], [Instances.room("r1", slots: [Self.tuePM])], config: config)
    #expect(second.scheduled.first?.phase == 0)
    // Away on both second sessions: the second session moves to the first week f1 is back,
    // within max_gap, and f1 guides every session.
    config.facilitated = .all
    let both = Instances.facilitator(
      "f1", slots: [Self.tuePM], unavailable: [DateRange(first: "2027-02-09", last: "2027-02-16")])
    let (_, third) = try solve(
      [group], [both], [Instances.room("r1", slots: [Self.tuePM])], config: config)
    let moved = try #require(third.scheduled.first)
    #expect(moved.sessions.allSatisfy { $0.facilitator == FacilitatorID("f1") })
    #expect(moved.sessions[1].date == "2027-02-23")
    // Away for the whole cohort: nobody can be the group's facilitator.
    let gone = Instances.facilitator(
      "f1", slots: [Self.tuePM], unavailable: [DateRange(first: "2027-01-01", last: "2027-12-31")])
    let (_, fourth) = try solve(
      [group], [gone], [Instances.room("r1", slots: [Self.tuePM])], config: config)
    #expect(fourth.unscheduled.map(\.code) == [.noFacilitator])
  }

  @Test func roomMustSeatTheGroupAndTheFacilitator() throws {
    let group = Instances.group("g", size: 6, slots: [Self.tuePM], accessible: true)
    let (_, result) = try solve(
      [group], [Instances.facilitator("f1", slots: [Self.tuePM])],
      [
        Instances.room("small", capacity: 6, slots: [Self.tuePM]),
        Instances.room("stairs", capacity: 9, accessible: false, slots: [Self.tuePM]),
      ])
    let reason = try #require(result.unscheduled.first)
    #expect(reason.code == .noRoom)
    #expect(reason.need?.description == "room capacity=7 accessible=yes slot=tue-pm")
  }

  @Test func roomsFullWhenAnotherGroupHoldsTheOnlyRoom() throws {
    let groups = ["a", "b"].map { Instances.group($0, size: 5, slots: [Self.tuePM]) }
    let (_, result) = try solve(
      groups,
      [
        Instances.facilitator("f1", slots: [Self.tuePM]),
        Instances.facilitator("f2", slots: [Self.tuePM]),
      ], [Instances.room("r1", slots: [Self.tuePM])], config: weekly())
    #expect(result.unscheduled.map(\.code) == [.roomsFull])
    #expect(result.unscheduled.first?.need?.description == "room capacity=6 slot=tue-pm")
  }

  @Test func facilitatorAndRoomNeverAtTheSameSlot() throws {
    let group = Instances.group("g", size: 5, slots: [Self.tuePM, Self.monAM])
    let (_, result) = try solve(
      [group], [Instances.facilitator("f1", slots: [Self.monAM])],
      [Instances.room("r1", slots: [Self.tuePM])])
    let reason = try #require(result.unscheduled.first)
    #expect(reason.code == .noCommonSlot)
    #expect(reason.need?.description == "facilitator language=nl slot=tue-pm")
  }

  @Test func noQuorumSlot() throws {
    var group = Instances.group("g", size: 5, slots: [Self.tuePM])
    group.availability[0] = SlotSet([Self.monAM])
    group.availability[1] = SlotSet([Self.monAM])
    let (_, result) = try solve(
      [group], [Instances.facilitator("f1", slots: [Self.tuePM, Self.monAM])],
      [Instances.room("r1", slots: [Self.tuePM, Self.monAM])])
    #expect(result.unscheduled.map(\.code) == [.noQuorumSlot])
    #expect(result.unscheduled.first?.need == nil)
  }

  @Test func attendancePrefersTheSlotEveryoneShares() throws {
    var group = Instances.group("g", size: 5, slots: [Self.tuePM, Self.monAM])
    group.availability[4] = SlotSet([Self.monAM])
    let resources = [Self.tuePM, Self.monAM]
    let (_, result) = try solve(
      [group], [Instances.facilitator("f1", slots: resources)],
      [Instances.room("r1", slots: resources)])
    #expect(result.scheduled.first?.slot == Self.monAM)
    #expect(result.scheduled.first?.sessions.first?.available.count == 5)
  }

  @Test func eitherGroupWithoutARoomMeetsOnline() throws {
    let group = Instances.group("g", size: 5, slots: [Self.tuePM], format: .either)
    let (_, result) = try solve([group], [Instances.facilitator("f1", slots: [Self.tuePM])], [])
    let schedule = try #require(result.scheduled.first)
    #expect(schedule.room == nil)
    #expect(schedule.sessions.allSatisfy { $0.format == .online })
    // With a room it meets in person.
    let (_, roomy) = try solve(
      [group], [Instances.facilitator("f1", slots: [Self.tuePM])],
      [Instances.room("r1", slots: [Self.tuePM])])
    #expect(roomy.scheduled.first?.room == RoomID("r1"))
    #expect(roomy.scheduled.first?.sessions.first?.format == .inPerson)
  }

  @Test func tieBreakersKeepAFacilitatorOnOneDayInOneRoom() throws {
    let morning = Instances.group("a", size: 5, slots: [Slot(.mon, .am)])
    let afternoon = Instances.group("b", size: 5, slots: [Slot(.mon, .pm)])
    let both = [Slot(.mon, .am), Slot(.mon, .pm)]
    let (_, result) = try solve(
      [morning, afternoon],
      [
        Instances.facilitator("f1", slots: both, maxGroups: 2),
        Instances.facilitator("f2", slots: both, maxGroups: 2),
      ],
      [Instances.room("r1", slots: both), Instances.room("r2", slots: both)], config: weekly())
    #expect(result.scheduled.count == 2)
    #expect(Set(result.scheduled.compactMap(\.facilitator)).count == 1)
    #expect(Set(result.scheduled.compactMap(\.room)).count == 1)
  }

  /// An earlier schedule of `group` at `slot` and `phase` with these resources, as the
  /// scheduler would have dated it.
  private func earlier(
    _ group: GroupToSchedule, slot: Slot, phase: Int, facilitator: String, room: String?,
    config: ScheduleConfig = ScheduleConfig()
  ) throws -> PreviousSchedule {
    let sessions = try SessionCalendar(config).sessions(
      for: group, slot: slot, phase: phase, hasRoom: room != nil)
    return PreviousSchedule(
      slot: slot, phase: phase, facilitator: FacilitatorID(facilitator),
      room: room.map(RoomID.init),
      sessions: sessions.map { s in
        PreviousSession(
          number: s.number, date: s.date, startText: s.startText, endText: s.endText,
          format: s.format, facilitated: s.facilitated,
          facilitator: s.facilitated ? FacilitatorID(facilitator) : nil,
          room: room.map(RoomID.init), available: s.available)
      })
  }

  @Test func anEarlierScheduleIsKeptWhileItStillFits() throws {
    let groups = ["a", "b"].map { Instances.group($0, size: 5, slots: [Self.tuePM, Self.monAM]) }
    let slots = [Self.tuePM, Self.monAM]
    let facilitators = [
      Instances.facilitator("f1", slots: slots), Instances.facilitator("f2", slots: slots),
    ]
    let rooms = [Instances.room("r1", slots: slots), Instances.room("r2", slots: slots)]
    let previous = [
      "a": try earlier(groups[0], slot: Self.tuePM, phase: 1, facilitator: "f2", room: "r2"),
      // Clashes with a's booking (same facilitator, slot and phase): one of them must change.
      "b": try earlier(groups[1], slot: Self.tuePM, phase: 1, facilitator: "f2", room: "r1"),
    ]
    let (_, result) = try solve(
      groups, facilitators, rooms, options: ScheduleOptions(previous: previous))
    #expect(result.scheduled.count == 2)
    // Only one of the two could keep f2 at that time; the other keeps its slot and room.
    let kept = result.scheduled.filter { $0.slot == Self.tuePM && $0.phase == 1 }
    #expect(kept.count == 2, "\(result.scheduled)")
    #expect(Set(kept.compactMap(\.facilitator)).count == 2)
    let a = try #require(result.scheduled.first { $0.group == "a" })
    #expect(a.facilitator == FacilitatorID("f2") && a.room == RoomID("r2"))
    for schedule in result.scheduled {
      let before = try #require(previous[schedule.group])
      #expect(schedule.sessions.map(\.date) == before.sessions.map(\.date))
    }

    // A facilitator who is no longer available at the slot is replaced; the dates stay.
    var changed = facilitators
    changed[1].availability = SlotSet([Self.monAM])
    let (_, again) = try solve(
      groups, changed, rooms, options: ScheduleOptions(previous: previous))
    let moved = try #require(again.scheduled.first { $0.group == "a" })
    #expect(!(moved.slot == Self.tuePM && moved.facilitator == FacilitatorID("f2")))
    #expect(again.scheduled.count == 2)
  }

  @Test func heldSessionsStayAndTheRestContinue() throws {
    let group = Instances.group("a", size: 5, slots: [Self.tuePM])
    let previous = try earlier(group, slot: Self.tuePM, phase: 0, facilitator: "f1", room: "r1")
    // f1 is away from the fourth session on; f2 can stand in.
    let facilitators = [
      Instances.facilitator(
        "f1", slots: [Self.tuePM],
        unavailable: [DateRange(first: previous.sessions[3].date, last: "2027-12-31")]),
      Instances.facilitator("f2", slots: [Self.tuePM]),
    ]
    let since = previous.sessions[2].date
    let (_, result) = try solve(
      [group], facilitators, [Instances.room("r1", slots: [Self.tuePM])],
      options: ScheduleOptions(previous: ["a": previous], since: since))
    let schedule = try #require(result.scheduled.first)
    #expect(schedule.facilitator == FacilitatorID("f1"))
    #expect(schedule.sessions.map(\.held) == [true, true, false, false, false, false])
    #expect(schedule.sessions.map(\.date) == previous.sessions.map(\.date))
    #expect(
      schedule.sessions.map { $0.facilitator?.rawValue } == ["f1", "f1", "f1", "f2", "f2", "f2"])
  }

  @Test func excludedSlotsAreNotUsed() throws {
    let group = Instances.group("g", size: 5, slots: [Self.tuePM, Self.monAM])
    let slots = [Self.tuePM, Self.monAM]
    let excluded = ["g": SlotSet([Self.monAM])]
    let (_, result) = try solve(
      [group], [Instances.facilitator("f1", slots: slots)], [Instances.room("r1", slots: slots)],
      options: ScheduleOptions(excludedSlots: excluded))
    #expect(result.scheduled.first?.slot == Self.tuePM)
    let (_, none) = try solve(
      [group], [Instances.facilitator("f1", slots: slots)], [Instances.room("r1", slots: slots)],
      options: ScheduleOptions(excludedSlots: ["g": SlotSet(slots)]))
    #expect(none.unscheduled.map(\.code) == [.noQuorumSlot])
  }

  @Test func emptyProblemIsOptimal() throws {
    let result = try Scheduler.solve(
      ScheduleProblem(groups: [], facilitators: [], rooms: [], config: ScheduleConfig()))
    #expect(result.status == .optimal)
    #expect(result.scheduled.isEmpty && result.objective == nil)
  }

  @Test func duplicateGroupIdsAreAnError() {
    let group = Instances.group("g", size: 5, slots: [Self.tuePM])
    let problem = ScheduleProblem(
      groups: [group, group], facilitators: [], rooms: [], config: ScheduleConfig())
    #expect(throws: SchedulingError.self) { try Scheduler.solve(problem) }
    #expect {
      try Scheduler.solve(problem)
    } throws: { ($0 as? SchedulingError)?.code == SchedulingError.duplicateGroup }
  }

  @Test func invalidCalendarIsAnError() {
    var config = ScheduleConfig()
    config.timezone = "Nowhere/Special"
    let problem = ScheduleProblem(groups: [], facilitators: [], rooms: [], config: config)
    #expect {
      try Scheduler.solve(problem)
    } throws: { error in
      let e = error as? SchedulingError
      return e?.code == SchedulingError.invalidCalendar
        && e?.message.contains("Nowhere/Special") == true
    }
  }
}
