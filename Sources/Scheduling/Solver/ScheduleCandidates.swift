import Foundation
import Intake

/// The weekly grid of (slot, phase) time options and which of them overlap in time.
struct TimeGrid {
  /// The number of week phases (1 or 2).
  let phases: Int
  /// Time option index → the options it overlaps (itself included), as a bit mask.
  let conflicts: [UInt64]
  /// Maximal sets of pairwise overlapping options; every overlapping pair lies in one.
  let cliques: [[Int]]

  var count: Int { phases * 21 }

  static func index(slot: Slot, phase: Int) -> Int { phase * 21 + slot.index }

  static func slot(of index: Int) -> Slot { Slot(index: index % 21) ?? Slot(.mon, .am) }

  static func phase(of index: Int) -> Int { index / 21 }

  /// The (weekday, phase) a time option falls on: one working day of a facilitator.
  static func day(of index: Int) -> Int { (index / 21) * 7 + (index % 21) / 3 }

  init(calendar: SessionCalendar) {
    phases = calendar.phaseCount
    let total = phases * 21
    let cycle = phases * 7 * 1440
    let windows = (0..<total).map {
      calendar.window(slot: Self.slot(of: $0), phase: Self.phase(of: $0))
    }
    // Arcs on a cycle of `phases` weeks; a long evening session may run into the next day.
    func contains(_ window: (start: Int, length: Int), _ point: Int) -> Bool {
      window.length >= cycle || ((point - window.start) % cycle + cycle) % cycle < window.length
    }
    var cliqueMasks: [UInt64] = []
    for a in 0..<total {
      var mask: UInt64 = 0
      for b in 0..<total where contains(windows[b], windows[a].start) { mask |= 1 << UInt64(b) }
      cliqueMasks.append(mask)
    }
    var masks: [UInt64] = Array(repeating: 0, count: total)
    for a in 0..<total {
      for b in 0..<total
      where contains(windows[b], windows[a].start) || contains(windows[a], windows[b].start) {
        masks[a] |= 1 << UInt64(b)
      }
    }
    conflicts = masks
    // Two overlapping arcs both contain the later start, so the cliques at the starts cover
    // every conflict; cliques inside others add nothing.
    var unique = Array(Set(cliqueMasks)).sorted()
    unique = unique.filter { mask in !unique.contains { $0 != mask && $0 & mask == mask } }
    cliques = unique.map { mask in (0..<total).filter { mask & (1 << UInt64($0)) != 0 } }
  }
}

/// One (slot, phase) a group can meet at, with the resources that qualify there.
struct GroupOption {
  var time: Int
  /// Members available at the slot.
  var attendance: Int
  /// Indices into the problem's facilitators who could be the group's main facilitator here.
  var facilitators: [Int]
  /// Per facilitator (aligned): the future facilitated sessions they are away for, which a
  /// stand-in (or a moved date) must cover.
  var missed: [Int]
  /// Indices into the problem's rooms; empty for online groups.
  var rooms: [Int]
  /// Per room (aligned): the future in-person sessions on which it is closed.
  var roomMissed: [Int]

  func missed(_ f: Int) -> Int { facilitators.firstIndex(of: f).map { missed[$0] } ?? 0 }
  func roomMissed(_ r: Int) -> Int { rooms.firstIndex(of: r).map { roomMissed[$0] } ?? 0 }
}

/// What one group can do, computed once from the group alone.
struct GroupCandidates {
  var group: GroupToSchedule
  /// Members needed at a slot for the quorum.
  var quorum: Int
  /// Slots with a quorum (after excluded slots), with their attendance, best first.
  var quorumSlots: [(slot: Slot, attendance: Int)]
  /// Every quorum option with its qualifying resources, including ones that lack a resource.
  var all: [GroupOption]
  /// Facilitators who speak the group's language and work at no member's organisation: the
  /// group's main facilitator and its stand-ins come from them (at their weekly slots).
  var suitable: [Int]
  /// The sessions still to schedule (after the held ones), in order.
  var futureNumbers: [Int]
  /// How many of them a facilitator guides: the load the main facilitator takes on.
  var load: Int
  var needsRoom: Bool { group.format == .inPerson }
  var mayUseRoom: Bool { group.format != .online }

  /// Options that have a facilitator and, for in-person groups, a room.
  var usable: [GroupOption] {
    all.filter { !$0.facilitators.isEmpty && (!needsRoom || !$0.rooms.isEmpty) }
  }

  init(
    group: GroupToSchedule, problem: ScheduleProblem, calendar: SessionCalendar,
    excluded: SlotSet, history: GroupHistory, absences: Absences, banned: Set<Ban>
  ) {
    self.group = group
    let size = group.members.count
    quorum = max(1, Int((problem.config.quorum * Double(size) - 1e-9).rounded(.up)))
    var slots: [(slot: Slot, attendance: Int)] = []
    for index in 0..<21 {
      guard let slot = Slot(index: index), !excluded.contains(slot) else { continue }
      let present = group.availability.filter { $0.contains(slot) }.count
      if present >= quorum { slots.append((slot, present)) }
    }
    // Best attendance first, then the week order, so that ties break the same way each run.
    slots.sort { ($1.attendance, $0.slot.index) < ($0.attendance, $1.slot.index) }
    quorumSlots = slots
    futureNumbers = history.futureNumbers
    load = futureNumbers.filter(problem.config.isFacilitated).count
    // Language and organisations depend on the group alone, so they are checked once here.
    // The cheap slot test goes first: most facilitators work at none of the group's slots.
    let usableSlots = SlotSet(slots.map(\.slot))
    let organizations = Set(group.organizations.compactMap { $0.map(Facilitator.key) })
    suitable = problem.facilitators.indices.filter { index in
      let f = problem.facilitators[index]
      return f.maxGroups > 0 && !f.availability.intersection(usableSlots).isEmpty
        && f.speaks(group.language) && !f.worksAt(anyOf: organizations)
    }
    var options: [GroupOption] = []
    for (slot, present) in slots {
      for phase in 0..<calendar.phaseCount {
        let time = TimeGrid.index(slot: slot, phase: phase)
        // The dates the series would take if nothing but blackouts blocked it: a main
        // facilitator or room away on some of them leaves those to a stand-in or a move.
        let days = calendar.baseDays(
          slot: slot, phase: phase, first: (futureNumbers.first ?? 1),
          previous: history.lastHeldDay, notBefore: history.sinceDay)
        let numbered = Array(zip(futureNumbers, days))
        let guided = numbered.filter { problem.config.isFacilitated($0.0) }.map(\.1)
        var facilitators: [Int] = []
        var missed: [Int] = []
        for f in suitable where problem.facilitators[f].availability.contains(slot) {
          guard !banned.contains(Ban(group: group.id, time: time, facilitator: f)) else {
            continue
          }
          let away = guided.filter { absences.facilitator(f, isAwayOn: $0) }.count
          // A main facilitator guides at least one of the group's sessions, held ones included:
          // whoever led the sessions so far stays the group's facilitator while away.
          let led = history.held.filter {
            $0.facilitated && $0.facilitator == problem.facilitators[f].id
          }
          if away < guided.count || guided.isEmpty || !led.isEmpty {
            facilitators.append(f)
            missed.append(away)
          }
        }
        var rooms: [Int] = []
        var roomMissed: [Int] = []
        if group.format != .online {
          let inPerson = numbered.filter {
            calendar.sessionFormat($0.0, group: .inPerson, hasRoom: true) == .inPerson
          }.map(\.1)
          for r in problem.rooms.indices {
            let room = problem.rooms[r]
            guard room.capacity >= size + 1, room.accessible || !group.needsAccessible,
              room.availability.contains(slot),
              !banned.contains(Ban(group: group.id, time: time, room: r))
            else { continue }
            let closed = inPerson.filter { absences.room(r, isClosedOn: $0) }.count
            if closed < inPerson.count || inPerson.isEmpty {
              rooms.append(r)
              roomMissed.append(closed)
            }
          }
        }
        options.append(
          GroupOption(
            time: time, attendance: present, facilitators: facilitators, missed: missed,
            rooms: rooms, roomMissed: roomMissed))
      }
    }
    all = options
  }
}

/// A main facilitator or room that the session planner found cannot carry a group at a time:
/// the assignment model leaves it out in the next round.
struct Ban: Hashable {
  var group: String
  var time: Int
  var facilitator: Int = -1
  var room: Int = -1
}

/// The facilitators' and rooms' own dates off, as day numbers, read once per solve.
struct Absences {
  private let facilitators: [[ClosedRange<Int>]]
  private let rooms: [[ClosedRange<Int>]]

  init(_ problem: ScheduleProblem) {
    func days(_ ranges: [DateRange]) -> [ClosedRange<Int>] {
      ranges.compactMap { range in
        guard let first = CivilDay.parse(range.first), let last = CivilDay.parse(range.last),
          first <= last
        else { return nil }
        return first...last
      }
    }
    facilitators = problem.facilitators.map { days($0.unavailable) }
    rooms = problem.rooms.map { days($0.unavailable) }
  }

  /// Whether facilitator `f` is unavailable on `day`.
  func facilitator(_ f: Int, isAwayOn day: Int) -> Bool {
    facilitators[f].contains { $0.contains(day) }
  }

  /// Whether room `r` cannot be booked on `day`.
  func room(_ r: Int, isClosedOn day: Int) -> Bool { rooms[r].contains { $0.contains(day) } }
}

/// What a group carries over from an earlier schedule: the sessions already held and, when
/// changes are minimised, the rest of its earlier schedule.
struct GroupHistory {
  /// Sessions before `since`, by number: kept as they were.
  var held: [PreviousSession]
  /// The day of the last held session.
  var lastHeldDay: Int?
  /// The first day a new session may take.
  var sinceDay: Int?
  /// The earlier schedule to stay close to; `nil` for a fresh schedule.
  var previous: PreviousSchedule?
  /// The earlier schedule's sessions still to come, by number.
  var upcoming: [Int: PreviousSession]
  /// The sessions still to schedule.
  var futureNumbers: [Int]

  init(previous: PreviousSchedule?, sinceDay: Int?, sessions: Int, minimizeChanges: Bool) {
    self.sinceDay = sinceDay
    let sorted = (previous?.sessions ?? []).sorted { $0.number < $1.number }
    var held: [PreviousSession] = []
    if let sinceDay {
      for session in sorted {
        guard let day = CivilDay.parse(session.date), day < sinceDay else { break }
        held.append(session)
      }
    }
    self.held = held
    lastHeldDay = held.last.flatMap { CivilDay.parse($0.date) }
    let next = (held.last?.number ?? 0) + 1
    futureNumbers = next <= sessions ? Array(next...sessions) : []
    self.previous = minimizeChanges ? previous : nil
    var upcoming: [Int: PreviousSession] = [:]
    if minimizeChanges {
      for session in sorted.dropFirst(held.count) { upcoming[session.number] = session }
    }
    self.upcoming = upcoming
  }
}
