import Foundation
import Intake
import Scheduling
import Testing

@Suite struct RoomReaderTests {
  let header = ResourceTest.roomsHeader

  @Test func readsEveryColumnWithLocationAsRegion() throws {
    let text = """
      \(header)
      r1,Zaal 1,12,yes,tue-pm thu-eve,Utrecht
      r2,,8,nee,di-middag,
      r3,"Room, big",500,JA,mon-am,Amsterdam Zuid
      """
    let list = try ResourceTest.rooms(text).get()
    #expect(list.warnings.isEmpty)
    #expect(
      list.items == [
        Room(
          id: RoomID("r1"), name: "Zaal 1", capacity: 12, accessible: true,
          availability: ResourceTest.slots([(.tue, .pm), (.thu, .eve)]), region: "Utrecht",
          line: 2),
        Room(
          id: RoomID("r2"), name: "r2", capacity: 8, accessible: false,
          availability: ResourceTest.slots([(.tue, .pm)]), region: nil, line: 3),
        Room(
          id: RoomID("r3"), name: "Room, big", capacity: 500, accessible: true,
          availability: ResourceTest.slots([(.mon, .am)]), region: "Amsterdam Zuid", line: 4),
      ])
  }

  @Test(arguments: ["regio", "Region", "locatie", "location"])
  func regionAliases(column: String) throws {
    let text =
      "id;naam;capaciteit;toegankelijk;beschikbaarheid;\(column)\nr1;Zaal;6;ja;wo-avond;Gouda\n"
    let room = try #require(try ResourceTest.rooms(text).get().items.first)
    #expect(room.region == "Gouda")
    #expect(room.accessible)
    #expect(room.capacity == 6)
    #expect(room.availability == ResourceTest.slots([(.wed, .eve)]))
  }

  @Test func closedDatesAreRead() throws {
    let text = """
      id,capacity,availability,gesloten
      r1,10,fri-am,2027-05-05 2027-07-19..2027-08-27
      r2,8,fri-am,2027-02-30
      """
    let result = ResourceTest.rooms(text)
    #expect(
      ResourceTest.errors(result) == [
        #"rooms.csv:3: gesloten: expected a date as YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, got "2027-02-30""#
      ])
    let good =
      "id,capacity,availability,unavailable\nr1,10,fri-am,2027-05-05 2027-07-19..2027-08-27\n"
    let room = try #require(try ResourceTest.rooms(good).get().items.first)
    #expect(
      room.unavailable == [
        DateRange(first: "2027-05-05", last: "2027-05-05"),
        DateRange(first: "2027-07-19", last: "2027-08-27"),
      ])
    #expect(room.isUnavailable(on: "2027-08-01") && !room.isUnavailable(on: "2027-08-28"))
  }

  @Test func accessibleColumnIsOptional() throws {
    let text = "id,capacity,availability\nr1,10,fri-am\n"
    let room = try #require(try ResourceTest.rooms(text).get().items.first)
    #expect(!room.accessible)
    #expect(room.name == "r1")
  }

  @Test func jsonVariant() throws {
    let text = """
      [{"id": "r1", "name": "Zaal", "capacity": 10, "accessible": true,
        "availability": ["tue-pm", "wed-eve"], "location": "Delft"},
       {"id": "r2", "capacity": "4", "availability": "ma-avond"}]
      """
    let list = try ResourceTest.rooms(text, file: "rooms.json").get()
    #expect(list.items.map(\.capacity) == [10, 4])
    #expect(list.items.map(\.accessible) == [true, false])
    #expect(list.items.map(\.line) == [1, 3])
    #expect(list.items[0].availability == ResourceTest.slots([(.tue, .pm), (.wed, .eve)]))
    #expect(list.items[0].region == "Delft")
  }

  @Test(arguments: [
    (",Zaal,8,no,tue-pm,", "missing-value", "rooms.csv:3: id: id is required"),
    (
      "r1,Zaal,8,no,tue-pm,", "duplicate-id",
      #"rooms.csv:3: id: duplicate id "r1" (first used on line 2)"#
    ),
    (
      "r2,Zaal,,no,tue-pm,", "missing-value",
      "rooms.csv:3: capacity: capacity is required: the seats, the facilitator's included"
    ),
    (
      "r2,Zaal,1,no,tue-pm,", "invalid-capacity",
      #"rooms.csv:3: capacity: capacity must be a whole number of seats from 2 to 500, got "1""#
    ),
    (
      "r2,Zaal,501,no,tue-pm,", "invalid-capacity",
      #"rooms.csv:3: capacity: capacity must be a whole number of seats from 2 to 500, got "501""#
    ),
    (
      "r2,Zaal,ten,no,tue-pm,", "invalid-capacity",
      #"rooms.csv:3: capacity: capacity must be a whole number of seats from 2 to 500, got "ten""#
    ),
    (
      "r2,Zaal,99999999999999999999,no,tue-pm,", "invalid-capacity",
      #"rooms.csv:3: capacity: capacity must be a whole number of seats from 2 to 500, got "99999999999999999999""#
    ),
    (
      "r2,Zaal,8,jaa,tue-pm,", "invalid-boolean",
      #"rooms.csv:3: accessible: expected yes or no, got "jaa" (did you mean "ja"?)"#
    ),
    (
      "r2,Zaal,8,no,,", "no-availability",
      "rooms.csv:3: availability: no availability: a room without weekly slots can never be booked"
    ),
    (
      "r2,Zaal,8,no,tue-pm woe-avond,", "unknown-slot",
      #"rooms.csv:3: availability: unknown availability slot "woe-avond"; use tokens such as tue-pm or di-middag (did you mean "wo-avond"?)"#
    ),
    (
      "r2,Zaal,8,no,tue-pm,A,B", "too-many-fields",
      "rooms.csv:3: row has 7 fields but the header has 6"
    ),
  ])
  func badRow(row: String, code: String, expected: String) {
    let text = "\(header)\nr1,Zaal,8,no,tue-pm,\n\(row)\n"
    let result = ResourceTest.rooms(text)
    #expect(ResourceTest.errors(result) == [expected])
    #expect(ResourceTest.codes(result) == [code])
  }

  @Test func missingCapacityColumn() {
    let text = "id,name,seets,availability\nr1,Zaal,8,tue-pm\n"
    #expect(
      ResourceTest.errors(ResourceTest.rooms(text)) == [
        #"rooms.csv:1: seets: warning: unknown column "seets" is ignored (did you mean "seats"?)"#,
        #"rooms.csv:1: missing required column "capacity" (or "capaciteit")"#,
      ])
  }

  @Test func headerOnlyIsAWarning() throws {
    let list = try ResourceTest.rooms(header + "\r\n").get()
    #expect(list.items.isEmpty)
    #expect(
      list.warnings.map(\.description) == [
        "rooms.csv: warning: the file has a header but no rooms; only online groups can be scheduled"
      ])
    #expect(list.warnings.map(\.code) == ["no-rooms"])
  }

  @Test(arguments: [
    (GeneratorProfileCase.realistic, UInt64(1)), (.hard, 3), (.planted, 4),
  ])
  func readsGeneratorOutput(profile: GeneratorProfileCase, seed: UInt64) throws {
    let batch = try GeneratedResources.batch(profile: profile, seed: seed)
    let list = try ResourceTest.rooms(batch.roomsCSV()).get()
    #expect(list.warnings.isEmpty)
    #expect(list.items.count == batch.rooms.count)
    #expect(!list.items.isEmpty)
    for (read, written) in zip(list.items, batch.rooms) {
      #expect(read.id.rawValue == written.id)
      #expect(read.name == written.name)
      #expect(read.capacity == written.capacity)
      #expect(read.accessible == written.accessible)
      #expect(read.availability == written.availability)
      #expect(read.region == (written.location.isEmpty ? nil : written.location))
    }
  }
}
