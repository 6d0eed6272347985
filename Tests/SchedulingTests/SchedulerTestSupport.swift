import Foundation
import Generator
import Intake
import Scheduling

/// An independent check of a schedule against every rule, written from the design text and
/// not from the scheduler: it works on the sessions' real instants and dates.
///
/// Per session it checks who guides it (the group's facilitator or a stand-in) and where it
/// meets; per group, that the series is complete, on the slot's weekday and daypart, off
/// blackout dates, in order, and never further apart than `max_gap` (weeks blacked out at
/// that weekday do not count).
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
    let ids = result.scheduled.map(\.group) + result.unscheduled.map(\.group)
    if ids.sorted() != problem.groups.map(\.id).sorted() {
      found.append("groups scheduled plus unscheduled are not the problem's groups")
    }
    var leads: [FacilitatorID: Int] = [:]
    var perDay: [String: Int] = [:]
    var perWeek: [String: Int] = [:]
    var facilitatorTimes: [FacilitatorID: [(Date, Date, String)]] = [:]
    var roomTimes: [RoomID: [(Date, Date, String)]] = [:]
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
      let free = Set(
        zip(group.members, group.availability).filter { $0.1.contains(schedule.slot) }.map(\.0))
      if let main = schedule.facilitator {
        if schedule.sessions.contains(where: { !$0.held }) { leads[main, default: 0] += 1 }
      } else {
        found.append("\(name): no main facilitator")
      }
      switch (group.format, schedule.room) {
      case (.online, .some): found.append("\(name): online group with a room")
      case (.inPerson, .none): found.append("\(name): in-person group without a room")
      default: break
      }
      for session in schedule.sessions {
        let label = "\(name) session \(session.number)"
        if !session.held && Set(session.available) != free {
          found.append("\(label) lists the wrong available members")
        }
        // Who guides it.
        if session.facilitated {
          guard let fid = session.facilitator, let f = facilitators[fid] else {
            if !session.held { found.append("\(label): no known facilitator") }
            continue
          }
          if session.held { continue }
          if let language = group.language,
            !f.languages.map({ $0.lowercased() }).contains(language.lowercased())
          {
            found.append("\(label): facilitator \(fid) does not speak \(language)")
          }
          if !f.availability.contains(schedule.slot) {
            found.append("\(label): facilitator \(fid) not available at \(schedule.slot)")
          }
          if let org = f.organization?.lowercased(),
            group.organizations.contains(where: { $0?.lowercased() == org })
          {
            found.append("\(label): facilitator \(fid) from a member's organisation")
          }
          if f.unavailable.contains(where: { $0.first <= session.date && session.date <= $0.last })
          {
            found.append("\(label): facilitator \(fid) unavailable on \(session.date)")
          }
          perDay["\(fid) \(session.date)", default: 0] += 1
          perWeek["\(fid) \(Self.monday(of: session.date))", default: 0] += 1
          facilitatorTimes[fid, default: []].append((session.start, session.end, label))
        } else if session.facilitator != nil {
          found.append("\(label): a facilitator for a session without one")
        }
        // Where it meets.
        if session.format == .inPerson {
          if group.format == .online { found.append("\(label): an online group in person") }
          guard let rid = session.room, let room = rooms[rid] else {
            if !session.held { found.append("\(label): in person without a known room") }
            continue
          }
          if session.held { continue }
          if room.capacity < size + 1 { found.append("\(label): room \(rid) too small") }
          if group.needsAccessible && !room.accessible {
            found.append("\(label): room \(rid) not accessible")
          }
          if !room.availability.contains(schedule.slot) {
            found.append("\(label): room \(rid) not free at \(schedule.slot)")
          }
          if room.unavailable.contains(where: {
            $0.first <= session.date && session.date <= $0.last
          }) {
            found.append("\(label): room \(rid) closed on \(session.date)")
          }
          roomTimes[rid, default: []].append((session.start, session.end, label))
        } else if session.room != nil {
          found.append("\(label): a room for an online session")
        }
      }
    }
    for (fid, count) in leads where count > (facilitators[fid]?.maxGroups ?? 0) {
      found.append("facilitator \(fid) leads \(count) groups")
    }
    for (key, count) in perDay {
      let id = FacilitatorID(String(key.split(separator: " ")[0]))
      if let most = facilitators[id]?.maxSessionsPerDay, count > most {
        found.append("\(key): \(count) sessions in a day")
      }
    }
    for (key, count) in perWeek {
      let id = FacilitatorID(String(key.split(separator: " ")[0]))
      // Each group meets at most once a week, so max_groups bounds a week's sessions.
      if let f = facilitators[id], count > (f.maxSessionsPerWeek ?? f.maxGroups) {
        found.append("\(key): \(count) sessions in a week")
      }
    }
    // No overlapping sessions for one facilitator or one room.
    for (kind, table) in [
      ("facilitator", facilitatorTimes.map { ($0.key.rawValue, $0.value) }),
      ("room", roomTimes.map { ($0.key.rawValue, $0.value) }),
    ] {
      for (id, list) in table {
        let sorted = list.sorted { $0.0 < $1.0 }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.0 < a.1 {
          found.append("\(kind) \(id) double booked: \(a.2) and \(b.2)")
        }
      }
    }
    return found
  }

  /// The series rules: sessions numbered 1…N in date order, each on the slot's weekday (held
  /// ones aside) and off blackout dates, the first not before `start`, a week apart at least,
  /// and no gap over `max_gap` outside blackout weeks.
  private func checkDates(_ schedule: GroupSchedule, name: String) -> [String] {
    let config = problem.config
    var found: [String] = []
    let days = schedule.sessions.map { Self.day($0.date) }
    if schedule.sessions.map(\.number) != Array(1...max(1, config.sessions))
      || schedule.sessions.count != config.sessions
    {
      found.append("\(name): session numbers \(schedule.sessions.map(\.number))")
    }
    guard let start = Self.day(config.start) else { return ["bad start"] }
    for (session, day) in zip(schedule.sessions, days) {
      guard let day else {
        found.append("\(name): session \(session.number) has no date")
        continue
      }
      if day < start { found.append("\(name): session \(session.number) before the start") }
      if blackedOut(day) { found.append("\(name): session \(session.number) on a blackout date") }
      if !session.held && Self.weekday(day) != schedule.slot.weekday.rawValue {
        found.append("\(name): session \(session.number) is not on the slot's weekday")
      }
    }
    let maxGap = config.maxGapWeeks ?? config.cadenceWeeks + 2
    for (a, b) in zip(days, days.dropFirst()) {
      guard let a, let b else { continue }
      if b - a < 7 { found.append("\(name): sessions \(a) and \(b) less than a week apart") }
      let weeks = (b - a + 6) / 7
      var blocked = 0
      var probe = b - 7
      while probe > a {
        if blackedOut(probe) { blocked += 1 }
        probe -= 7
      }
      if weeks - blocked > maxGap {
        found.append(
          "\(name): \(weeks) weeks between sessions, \(blocked) blacked out, max_gap \(maxGap)")
      }
    }
    return found
  }

  func blackedOut(_ day: Int) -> Bool {
    problem.config.blackout.contains { range in
      guard let first = Self.day(range.first), let last = Self.day(range.last) else { return false }
      return first <= day && day <= last
    }
  }

  /// Days since 1970-01-01 of an ISO date, from Foundation's Gregorian calendar in UTC.
  static func day(_ text: String) -> Int? {
    let parser = DateFormatter()
    parser.calendar = Calendar(identifier: .gregorian)
    parser.timeZone = TimeZone(identifier: "UTC")
    parser.locale = Locale(identifier: "en_US_POSIX")
    parser.dateFormat = "yyyy-MM-dd"
    guard let date = parser.date(from: text) else { return nil }
    return Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
  }

  /// Monday 0 … Sunday 6.
  static func weekday(_ day: Int) -> Int { ((day % 7) + 7 + 3) % 7 }

  static func monday(of date: String) -> Int {
    guard let day = day(date) else { return 0 }
    return day - weekday(day)
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
  static func planted(
    candidates: Int, seed: UInt64, config: ScheduleConfig = ScheduleConfig()
  ) throws -> ScheduleProblem {
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
    // The intervision preset by default: 6 sessions every 4 weeks, with week parity.
    return ScheduleProblem(
      groups: groups, facilitators: facilitators, rooms: rooms, config: config)
  }

  /// A result as the earlier schedule of the next run.
  static func previous(_ result: ScheduleResult) -> [String: PreviousSchedule] {
    Dictionary(
      uniqueKeysWithValues: result.scheduled.map { s in
        (
          s.group,
          PreviousSchedule(
            slot: s.slot, phase: s.phase, facilitator: s.facilitator, room: s.room,
            sessions: s.sessions.map { x in
              PreviousSession(
                number: x.number, date: x.date, startText: x.startText, endText: x.endText,
                format: x.format, facilitated: x.facilitated, facilitator: x.facilitator,
                room: x.room, available: x.available)
            })
        )
      })
  }

  /// The facilitator who leads the most groups in `result`, ties to the first id; with
  /// `problem`, only one whose every group has someone else who could stand in.
  static func busiest(_ result: ScheduleResult, standInFor problem: ScheduleProblem? = nil)
    -> FacilitatorID?
  {
    var counts: [FacilitatorID: Int] = [:]
    for s in result.scheduled { if let f = s.facilitator { counts[f, default: 0] += 1 } }
    if let problem {
      for s in result.scheduled {
        guard let f = s.facilitator, let group = problem.groups.first(where: { $0.id == s.group })
        else { continue }
        if standIns(for: group, at: s.slot, in: problem).allSatisfy({ $0 == f }) {
          counts[f] = nil
        }
      }
    }
    return counts.max { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }?.key
  }

  /// Everyone who could guide a session of `group` at `slot`, judged from the rules here: they
  /// speak its language, work at no member's organisation and work at that slot.
  static func standIns(for group: GroupToSchedule, at slot: Slot, in problem: ScheduleProblem)
    -> [FacilitatorID]
  {
    problem.facilitators.filter { f in
      let speaks =
        group.language.map { l in f.languages.contains { $0.lowercased() == l.lowercased() } }
        ?? true
      let own = group.organizations.contains {
        $0 != nil
          && $0?.trimmingCharacters(in: .whitespaces).lowercased()
            == f.organization?.trimmingCharacters(in: .whitespaces).lowercased()
      }
      return speaks && !own && f.availability.contains(slot) && f.maxGroups > 0
    }.map(\.id)
  }

  /// The problem with facilitator `id` away from `first` to `last` as well.
  static func away(
    _ problem: ScheduleProblem, _ id: FacilitatorID, from first: String, to last: String
  ) -> ScheduleProblem {
    var problem = problem
    for f in problem.facilitators.indices where problem.facilitators[f].id == id {
      problem.facilitators[f].unavailable.append(DateRange(first: first, last: last))
    }
    return problem
  }

  struct PlantedMissing: Error {}
}
