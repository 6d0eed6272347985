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
    // Away on both second sessions: no facilitator.
    config.facilitated = .all
    let both = Instances.facilitator(
      "f1", slots: [Self.tuePM], unavailable: [DateRange(first: "2027-02-09", last: "2027-02-16")])
    let (_, third) = try solve(
      [group], [both], [Instances.room("r1", slots: [Self.tuePM])], config: config)
    #expect(third.unscheduled.map(\.code) == [.noFacilitator])
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

  @Test func keptAssignmentsAreHonouredWhileValid() throws {
    let groups = ["a", "b"].map { Instances.group($0, size: 5, slots: [Self.tuePM, Self.monAM]) }
    let slots = [Self.tuePM, Self.monAM]
    let facilitators = [
      Instances.facilitator("f1", slots: slots), Instances.facilitator("f2", slots: slots),
    ]
    let rooms = [Instances.room("r1", slots: slots), Instances.room("r2", slots: slots)]
    let keep = [
      "a": KeptAssignment(
        slot: Self.tuePM, phase: 1, facilitator: FacilitatorID("f2"), room: RoomID("r2")),
      // Clashes with a's kept booking (same facilitator, slot and phase): scheduled afresh.
      "b": KeptAssignment(
        slot: Self.tuePM, phase: 1, facilitator: FacilitatorID("f2"), room: RoomID("r1")),
    ]
    let (_, result) = try solve(groups, facilitators, rooms, options: ScheduleOptions(keep: keep))
    let a = try #require(result.scheduled.first { $0.group == "a" })
    #expect(a.slot == Self.tuePM && a.phase == 1)
    #expect(a.facilitator == FacilitatorID("f2") && a.room == RoomID("r2"))
    #expect(result.scheduled.count == 2)

    // A kept facilitator who is no longer available at the slot is replaced.
    var changed = facilitators
    changed[1].availability = SlotSet([Self.monAM])
    let (_, again) = try solve(groups, changed, rooms, options: ScheduleOptions(keep: keep))
    let moved = try #require(again.scheduled.first { $0.group == "a" })
    #expect(!(moved.slot == Self.tuePM && moved.facilitator == FacilitatorID("f2")))
    #expect(again.scheduled.count == 2)
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
