import Foundation
import Intake
import PropertyBased
import Scheduling
import Testing

/// One way to schedule a group, enumerated by the test from the rules alone.
struct BruteChoice {
  var slot: Slot
  var phase: Int
  var facilitator: Int
  var room: Int?
  var attendance: Int
  var sessions: [ScheduledSession]
}

/// Every way each group could be scheduled on its own, from the design's rules.
func aloneChoices(_ problem: ScheduleProblem, excluded: [String: SlotSet] = [:]) throws
  -> [[BruteChoice]]
{
  let calendar = try SessionCalendar(problem.config)
  let phases = problem.config.cadenceWeeks >= 2 ? 2 : 1
  return problem.groups.map { group in
    var list: [BruteChoice] = []
    let size = group.members.count
    for slot in (0..<21).compactMap({ Slot(index: $0) }) {
      if excluded[group.id]?.contains(slot) ?? false { continue }
      let present = group.availability.filter { $0.contains(slot) }.count
      guard Double(present) >= problem.config.quorum * Double(size) - 1e-9 else { continue }
      for phase in 0..<phases {
        let rooms: [Int?]
        let eligibleRooms = problem.rooms.indices.filter { r in
          let room = problem.rooms[r]
          return room.capacity > size && room.availability.contains(slot)
            && (room.accessible || !group.needsAccessible)
        }
        switch group.format {
        case .online: rooms = [nil]
        case .inPerson: rooms = eligibleRooms
        case .either: rooms = [nil] + eligibleRooms
        }
        for (f, person) in problem.facilitators.enumerated() {
          let sessions = calendar.sessions(
            for: group, slot: slot, phase: phase, hasRoom: true)
          let speaks =
            group.language.map { l in
              person.languages.contains { $0.lowercased() == l.lowercased() }
            }
            ?? true
          let ownOrganization = group.organizations.contains {
            $0 != nil && $0?.lowercased() == person.organization?.lowercased()
          }
          // A main facilitator must be able to guide at least one session; a stand-in or a
          // moved date covers the others.
          let guided = sessions.filter(\.facilitated)
          let away =
            !guided.isEmpty && guided.allSatisfy { person.isUnavailable(on: $0.date) }
          guard speaks, !ownOrganization, !away, person.maxGroups > 0,
            person.availability.contains(slot)
          else { continue }
          for room in rooms {
            list.append(
              BruteChoice(
                slot: slot, phase: phase, facilitator: f, room: room, attendance: present,
                sessions: sessions))
          }
        }
      }
    }
    return list
  }
}

/// The best (scheduled groups, attendance) over all combinations, by depth-first search.
func bruteForceBest(_ problem: ScheduleProblem) throws -> (count: Int, attendance: Int) {
  let choices = try aloneChoices(problem)
  func clash(_ a: BruteChoice, _ b: BruteChoice) -> Bool {
    func overlap(_ x: [ScheduledSession], _ y: [ScheduledSession]) -> Bool {
      x.contains { s in y.contains { t in s.start < t.end && t.start < s.end } }
    }
    if a.facilitator == b.facilitator
      && overlap(a.sessions.filter(\.facilitated), b.sessions.filter(\.facilitated))
    {
      return true
    }
    if let r = a.room, r == b.room, overlap(a.sessions, b.sessions) { return true }
    return false
  }
  var best = (count: 0, attendance: 0)
  var chosen: [BruteChoice] = []
  let most = choices.map { $0.map(\.attendance).max() ?? 0 }
  func search(_ g: Int, _ count: Int, _ attendance: Int) {
    if g == choices.count {
      if (count, attendance) > best { best = (count, attendance) }
      return
    }
    // Even scheduling every remaining group at its best slot cannot beat the best.
    let rest = (g..<choices.count).filter { !choices[$0].isEmpty }
    let hope = (count + rest.count, attendance + rest.reduce(0) { $0 + most[$1] })
    if hope <= best { return }
    for choice in choices[g] {
      let load = chosen.filter { $0.facilitator == choice.facilitator }.count
      guard load < problem.facilitators[choice.facilitator].maxGroups,
        !chosen.contains(where: { clash($0, choice) })
      else { continue }
      chosen.append(choice)
      search(g + 1, count + 1, attendance + choice.attendance)
      chosen.removeLast()
    }
    search(g + 1, count, attendance)
  }
  search(0, 0, 0)
  return best
}

func attendance(_ result: ScheduleResult, _ problem: ScheduleProblem) -> Int {
  let groups = Dictionary(uniqueKeysWithValues: problem.groups.map { ($0.id, $0) })
  return result.scheduled.reduce(0) { total, s in
    total + (groups[s.group]?.availability.filter { $0.contains(s.slot) }.count ?? 0)
  }
}

@Suite struct AssignmentBruteForceTests {
  static let menu = [Slot(.mon, .pm), Slot(.tue, .eve), Slot(.thu, .am)]

  /// Without dates off, every session can take its resources, so the best weekly assignment
  /// is the best schedule; brute force over the weekly choices must agree.
  @Test func tinyInstancesMatchBruteForce() async {
    await propertyCheck(count: 25, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      var config = ScheduleConfig(sessions: 3)
      config.cadenceWeeks = seed % 2 == 0 ? 4 : 1
      var problem = Instances.random(
        seed: seed, groups: 4, facilitators: 3, rooms: 2, menu: Self.menu, config: config)
      for f in problem.facilitators.indices { problem.facilitators[f].unavailable = [] }
      let result = try Scheduler.solve(problem)
      let best = try bruteForceBest(problem)
      #expect(result.scheduled.count == best.count, "seed \(seed)")
      #expect(attendance(result, problem) == best.attendance, "seed \(seed)")
      #expect(ScheduleChecker(problem: problem).violations(result) == [], "seed \(seed)")
      #expect(result.status == .optimal || result.scheduled.isEmpty, "seed \(seed)")
    }
  }

  @Test func randomInstancesObeyEveryRule() async {
    await propertyCheck(count: 20, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      var config = ScheduleConfig(sessions: 5, facilitated: .first(3))
      config.cadenceWeeks = [1, 2, 4][Int(seed % 3)]
      config.blackout = [DateRange(first: "2027-03-01", last: "2027-03-07")]
      let menu = Self.menu + [Slot(.mon, .eve), Slot(.wed, .pm)]
      let problem = Instances.random(
        seed: seed, groups: 16, facilitators: 8, rooms: 4, menu: menu, config: config)
      let excluded = ["g0": SlotSet([Slot(.mon, .pm)])]
      let result = try Scheduler.solve(problem, options: ScheduleOptions(excludedSlots: excluded))
      var checker = ScheduleChecker(problem: problem)
      checker.excluded = excluded
      #expect(checker.violations(result) == [], "seed \(seed)")
      // Reasons agree with what each group could do on its own.
      let alone = try aloneChoices(problem, excluded: excluded)
      for reason in result.unscheduled {
        let index = try #require(problem.groups.firstIndex { $0.id == reason.group })
        let choices = alone[index]
        switch reason.code {
        case .noQuorumSlot, .noFacilitator, .noRoom, .noCommonSlot:
          #expect(choices.isEmpty, "seed \(seed): \(reason.group) \(reason.code) yet it fits alone")
        case .facilitatorsFull, .roomsFull, .noStandIn, .noRoomOnDate:
          #expect(
            !choices.isEmpty, "seed \(seed): \(reason.group) \(reason.code) yet it never fits")
        }
      }
      // Same input, same output.
      let again = try Scheduler.solve(
        problem, options: ScheduleOptions(excludedSlots: excluded))
      #expect(again.scheduled == result.scheduled)
      #expect(again.unscheduled == result.unscheduled)
    }
  }
}
