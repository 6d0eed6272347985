import Foundation
import Generator
import Intake
import Scheduling

/// An independent check of a schedule against every rule, written from the design text and
/// not from the scheduler: it works on the sessions' real instants and dates.
struct ScheduleChecker {
  let problem: ScheduleProblem
  var excluded: [String: SlotSet] = [:]

  /// Every broken rule, in words; empty when the schedule is valid.
  func violations(_ result: ScheduleResult) -> [String] {
    var found: [String] = []
    let config = problem.config
    let groups = Dictionary(uniqueKeysWithValues: problem.groups.map { ($0.id, $0) })
    let facilitators = Dictionary(uniqueKeysWithValues: problem.facilitators.map { ($0.id, $0) })
    let rooms = Dictionary(uniqueKeysWithValues: problem.rooms.map { ($0.id, $0) })
    var load: [FacilitatorID: Int] = [:]
    let ids = result.scheduled.map(\.group) + result.unscheduled.map(\.group)
    if ids.sorted() != problem.groups.map(\.id).sorted() {
      found.append("groups scheduled plus unscheduled are not the problem's groups")
    }
    for schedule in result.scheduled {
      guard let group = groups[schedule.group] else {
        found.append("unknown group \(schedule.group)")
        continue
      }
      let name = group.id
      let size = group.members.count
      let present = group.availability.filter { $0.contains(schedule.slot) }.count
      if Double(present) < config.quorum * Double(size) - 1e-9 {
        found.append("\(name): \(present) of \(size) available at \(schedule.slot), below quorum")
      }
      if excluded[name]?.contains(schedule.slot) ?? false {
        found.append("\(name): uses excluded slot \(schedule.slot)")
      }
      found += checkDates(schedule, name: name)
      for session in schedule.sessions
      where Set(session.available)
        != Set(
          zip(group.members, group.availability).filter {
            $0.1.contains(schedule.slot)
          }.map(\.0))
      {
        found.append("\(name): session \(session.number) lists the wrong available members")
      }
      // Facilitator rules.
      guard let fid = schedule.facilitator, let f = facilitators[fid] else {
        found.append("\(name): no known facilitator")
        continue
      }
      load[fid, default: 0] += 1
      if let language = group.language,
        !f.languages.map({ $0.lowercased() }).contains(language.lowercased())
      {
        found.append("\(name): facilitator \(fid) does not speak \(language)")
      }
      if !f.availability.contains(schedule.slot) {
        found.append("\(name): facilitator \(fid) not available at \(schedule.slot)")
      }
      if let org = f.organization?.lowercased(),
        group.organizations.contains(where: { $0?.lowercased() == org })
      {
        found.append("\(name): facilitator \(fid) from a member's organisation")
      }
      for session in schedule.sessions where session.facilitated {
        if f.unavailable.contains(where: { $0.first <= session.date && session.date <= $0.last }) {
          found.append("\(name): facilitator \(fid) unavailable on \(session.date)")
        }
      }
      // Room rules.
      switch (group.format, schedule.room) {
      case (.online, .some): found.append("\(name): online group with a room")
      case (.inPerson, .none): found.append("\(name): in-person group without a room")
      default: break
      }
      if let rid = schedule.room {
        if let room = rooms[rid] {
          if room.capacity < size + 1 { found.append("\(name): room \(rid) too small") }
          if group.needsAccessible && !room.accessible {
            found.append("\(name): room \(rid) not accessible")
          }
          if !room.availability.contains(schedule.slot) {
            found.append("\(name): room \(rid) not free at \(schedule.slot)")
          }
        } else {
          found.append("\(name): unknown room \(rid)")
        }
      }
    }
    for (fid, count) in load where count > (facilitators[fid]?.maxGroups ?? 0) {
      found.append("facilitator \(fid) has \(count) groups")
    }
    // No overlapping sessions for one facilitator (guided sessions) or one room.
    let list = result.scheduled
    for i in list.indices {
      for j in list.indices where j > i {
        let a = list[i]
        let b = list[j]
        if a.facilitator != nil && a.facilitator == b.facilitator
          && overlap(a.sessions.filter(\.facilitated), b.sessions.filter(\.facilitated))
        {
          found.append(
            "facilitator \(a.facilitator?.rawValue ?? "") double booked: \(a.group), \(b.group)")
        }
        if a.room != nil && a.room == b.room && overlap(a.sessions, b.sessions) {
          found.append("room \(a.room?.rawValue ?? "") double booked: \(a.group), \(b.group)")
        }
      }
    }
    return found
  }

  private func overlap(_ a: [ScheduledSession], _ b: [ScheduledSession]) -> Bool {
    a.contains { x in b.contains { y in x.start < y.end && y.start < x.end } }
  }

  /// The dates must be the first `sessions` non-blackout dates of the series at the slot's
  /// weekday, `phase` weeks after the first such day on or after `start`.
  private func checkDates(_ schedule: GroupSchedule, name: String) -> [String] {
    let config = problem.config
    var utc = Calendar(identifier: .gregorian)
    utc.timeZone = TimeZone(identifier: "UTC") ?? utc.timeZone
    let parser = DateFormatter()
    parser.calendar = utc
    parser.timeZone = utc.timeZone
    parser.locale = Locale(identifier: "en_US_POSIX")
    parser.dateFormat = "yyyy-MM-dd"
    guard var day = parser.date(from: config.start) else { return ["bad start"] }
    // Foundation weekday: Sunday = 1; Kring: Monday = 0.
    while (utc.component(.weekday, from: day) + 5) % 7 != schedule.slot.weekday.rawValue {
      day = utc.date(byAdding: .day, value: 1, to: day) ?? day
    }
    day = utc.date(byAdding: .day, value: 7 * schedule.phase, to: day) ?? day
    var expected: [String] = []
    while expected.count < config.sessions {
      let text = parser.string(from: day)
      if !config.blackout.contains(where: { $0.first <= text && text <= $0.last }) {
        expected.append(text)
      }
      day = utc.date(byAdding: .day, value: 7 * config.cadenceWeeks, to: day) ?? day
    }
    let dates = schedule.sessions.map(\.date)
    return dates == expected ? [] : ["\(name): dates \(dates) differ from \(expected)"]
  }
}

/// Small deterministic instances for tests.
enum Instances {
  static func group(
    _ id: String, size: Int, slots: [Slot], language: String? = "nl",
    format: MeetingFormat = .inPerson, organizations: [String?]? = nil,
    accessible: Bool = false
  ) -> GroupToSchedule {
    let members = (0..<size).map { CandidateID("\(id)m\($0)") }
    let availability = Array(repeating: SlotSet(slots), count: size)
    return GroupToSchedule(
      id: id, members: members, availability: availability,
      organizations: organizations ?? Array(repeating: nil, count: size),
      needsAccessible: accessible, language: language, format: format,
      sharedSlots: SlotSet(slots))
  }

  static func facilitator(
    _ id: String, languages: [String] = ["nl"], slots: [Slot], maxGroups: Int = 3,
    organization: String? = nil, unavailable: [DateRange] = []
  ) -> Facilitator {
    Facilitator(
      id: FacilitatorID(id), name: id, languages: languages, organization: organization,
      availability: SlotSet(slots), maxGroups: maxGroups, unavailable: unavailable)
  }

  static func room(
    _ id: String, capacity: Int = 10, accessible: Bool = true, slots: [Slot]
  ) -> Room {
    Room(
      id: RoomID(id), name: id, capacity: capacity, accessible: accessible,
      availability: SlotSet(slots))
  }

  /// A random instance: groups with member availabilities, facilitators and rooms drawn
  /// from a small slot menu so that they compete.
  static func random(
    seed: UInt64, groups: Int, facilitators: Int, rooms: Int, menu: [Slot],
    config: ScheduleConfig
  ) -> ScheduleProblem {
    var random = SeededRandom(seed: seed)
    func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }
    func chance(_ p: Double) -> Bool { Double(random.next() % 1000) < p * 1000 }
    func someSlots(_ most: Int) -> SlotSet {
      var set = SlotSet()
      for _ in 0..<(1 + Int(random.next() % UInt64(most))) { set.insert(pick(menu)) }
      return set
    }
    let organizations = ["Acme", "Globex", "Initech", nil]
    var list: [GroupToSchedule] = []
    for g in 0..<groups {
      let size = 3 + Int(random.next() % 4)
      let shared = someSlots(2)
      let availability = (0..<size).map { _ in shared.union(chance(0.5) ? someSlots(2) : SlotSet())
      }
      let members = (0..<size).map { CandidateID("g\(g)m\($0)") }
      list.append(
        GroupToSchedule(
          id: "g\(g)", members: members, availability: availability,
          organizations: (0..<size).map { _ in pick(organizations) },
          needsAccessible: chance(0.2), language: pick(["nl", "nl", "en"]),
          format: pick([MeetingFormat.inPerson, .online, .either]), sharedSlots: shared))
    }
    let people = (0..<facilitators).map { f in
      Facilitator(
        id: FacilitatorID("f\(f)"), name: "f\(f)",
        languages: pick([["nl"], ["nl", "en"], ["en"]]),
        organization: pick(["ACME", nil, nil, "Bureau Zuid"]), availability: someSlots(3),
        maxGroups: 1 + Int(random.next() % 2),
        unavailable: chance(0.3) ? [DateRange(first: "2027-02-01", last: "2027-02-14")] : [])
    }
    let places = (0..<rooms).map { r in
      Room(
        id: RoomID("r\(r)"), name: "r\(r)", capacity: 4 + Int(random.next() % 5),
        accessible: chance(0.5), availability: someSlots(3))
    }
    return ScheduleProblem(groups: list, facilitators: people, rooms: places, config: config)
  }

  /// The hidden groups of a generated planted batch, with its facilitators and rooms.
  static func planted(candidates: Int, seed: UInt64) throws -> ScheduleProblem {
    let batch = try BatchGenerator.generate(
      GeneratorOptions(
        candidates: candidates, seed: seed, profile: .planted, facilitators: .auto, rooms: .auto))
    guard let planted = batch.planted else { throw PlantedMissing() }
    let people = Dictionary(uniqueKeysWithValues: batch.candidates.map { ($0.id, $0) })
    let groups = planted.groups.map { g in
      let members = g.members.compactMap { people[$0] }
      let availability = members.map(\.availability)
      return GroupToSchedule(
        id: g.id, members: members.map(\.id), availability: availability,
        organizations: members.map(\.organization),
        needsAccessible: members.contains(where: \.needsAccessible), language: g.language,
        format: MeetingFormat(rawValue: g.format) ?? .either,
        sharedSlots: availability.reduce(SlotSet(mask: 0x1F_FFFF)) { $0.intersection($1) })
    }
    let facilitators = batch.facilitators.map { f in
      Facilitator(
        id: FacilitatorID(f.id), name: f.name, languages: f.languages, organization: f.organization,
        availability: f.availability, maxGroups: f.maxGroups,
        unavailable: f.unavailable.map { DateRange(first: $0, last: $0) })
    }
    let rooms = batch.rooms.map { r in
      Room(
        id: RoomID(r.id), name: r.name, capacity: r.capacity, accessible: r.accessible,
        availability: r.availability)
    }
    // The intervision preset: 6 sessions every 4 weeks, so week parity is available.
    return ScheduleProblem(
      groups: groups, facilitators: facilitators, rooms: rooms, config: ScheduleConfig())
  }

  struct PlantedMissing: Error {}
}
