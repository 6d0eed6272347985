import Intake
import Testing

@testable import Scheduling

@Suite("Resource coverage: the slots grouping may form groups around")
struct ResourceCoverageTests {
  let tueEve = Slot(.tue, .eve)
  let thuAm = Slot(.thu, .am)
  let monPm = Slot(.mon, .pm)

  func coverage(requiresRoom: Bool = true) -> ResourceCoverage {
    ResourceCoverage(
      facilitators: [
        Facilitator(
          id: FacilitatorID("f1"), name: "A", languages: ["nl"], organization: "Gemeente Utrecht",
          availability: SlotSet([tueEve, thuAm]), maxGroups: 2),
        Facilitator(
          id: FacilitatorID("f2"), name: "B", languages: ["nl", "en"], organization: nil,
          availability: SlotSet([thuAm]), maxGroups: 2),
      ],
      rooms: [
        Room(
          id: RoomID("r1"), name: "Small", capacity: 5, accessible: true,
          availability: SlotSet([tueEve])),
        Room(
          id: RoomID("r2"), name: "Big", capacity: 9, accessible: false,
          availability: SlotSet([thuAm, monPm])),
      ],
      requiresFacilitator: true, requiresRoom: requiresRoom, minimumGroupSize: 5)
  }

  @Test("a slot needs a facilitator who speaks the language")
  func language() {
    let c = coverage()
    #expect(c.slots(language: "en", format: .online, needsAccessible: false) == SlotSet([thuAm]))
    #expect(
      c.slots(language: "nl", format: .online, needsAccessible: false)
        == SlotSet([tueEve, thuAm]))
    #expect(c.slots(language: "de", format: .online, needsAccessible: false).isEmpty)
  }

  @Test("a facilitator from the candidate's own organisation does not count")
  func organisation() {
    let c = coverage()
    // Only f1 works on Tuesday evenings, and f1 is from Gemeente Utrecht (any case or spacing).
    #expect(
      c.slots(
        language: "nl", format: .online, needsAccessible: false,
        organization: " gemeente utrecht ") == SlotSet([thuAm]))
    #expect(
      c.slots(language: "nl", format: .online, needsAccessible: false, organization: "Elders")
        == SlotSet([tueEve, thuAm]))
  }

  @Test("in-person candidates need a room that seats the smallest group plus the facilitator")
  func rooms() {
    let c = coverage()
    // r1 seats 5 < 5 + 1; r2 seats 9 but is not accessible.
    #expect(
      c.slots(language: "nl", format: .inPerson, needsAccessible: false) == SlotSet([thuAm]))
    #expect(c.slots(language: "nl", format: .inPerson, needsAccessible: true).isEmpty)
    // `either` may meet online, so rooms do not narrow it.
    #expect(
      c.slots(language: "nl", format: .either, needsAccessible: true)
        == SlotSet([tueEve, thuAm]))
  }

  @Test("without a rooms file, rooms do not narrow anything")
  func noRoomsFile() {
    let c = coverage(requiresRoom: false)
    #expect(
      c.slots(language: "nl", format: .inPerson, needsAccessible: true)
        == SlotSet([tueEve, thuAm]))
  }
}
