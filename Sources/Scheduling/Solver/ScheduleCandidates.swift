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
  /// Indices into the problem's facilitators.
  var facilitators: [Int]
  /// Indices into the problem's rooms; empty for online groups.
  var rooms: [Int]
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
  var needsRoom: Bool { group.format == .inPerson }
  var mayUseRoom: Bool { group.format != .online }

  /// Options that have a facilitator and, for in-person groups, a room.
  var usable: [GroupOption] {
    all.filter { !$0.facilitators.isEmpty && (!needsRoom || !$0.rooms.isEmpty) }
  }

  init(
    group: GroupToSchedule, problem: ScheduleProblem, calendar: SessionCalendar,
    excluded: SlotSet, facilitatedDates: [[String]]
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
    // Language and organisations depend on the group alone, so they are checked once here.
    // The cheap slot test goes first: most facilitators work at none of the group's slots.
    let usableSlots = SlotSet(slots.map(\.slot))
    let organizations = Set(group.organizations.compactMap { $0.map(Facilitator.key) })
    let suitable = problem.facilitators.indices.filter { index in
      let f = problem.facilitators[index]
      return f.maxGroups > 0 && !f.availability.intersection(usableSlots).isEmpty
        && f.speaks(group.language) && !f.worksAt(anyOf: organizations)
    }
    var options: [GroupOption] = []
    for (slot, present) in slots {
      for phase in 0..<calendar.phaseCount {
        let time = TimeGrid.index(slot: slot, phase: phase)
        let dates = facilitatedDates[time]
        let facilitators = suitable.filter { index in
          let f = problem.facilitators[index]
          return f.availability.contains(slot) && !dates.contains { f.isUnavailable(on: $0) }
        }
        var rooms: [Int] = []
        if group.format != .online {
          rooms = problem.rooms.indices.filter { index in
            let r = problem.rooms[index]
            return r.capacity >= size + 1 && (r.accessible || !group.needsAccessible)
              && r.availability.contains(slot)
          }
        }
        options.append(
          GroupOption(time: time, attendance: present, facilitators: facilitators, rooms: rooms))
      }
    }
    all = options
  }
}
