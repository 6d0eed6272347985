/// One group's choice: a time option, a main facilitator and perhaps a main room (indices
/// into the problem).
struct Assignment: Hashable {
  var time: Int
  var facilitator: Int
  var room: Int?
}

/// Who is booked when on the weekly grid: the state the greedy start, the tie-breakers and
/// the reason finder work against.
///
/// A facilitator's load is counted in sessions (``Facilitator/sessionCapacity(_:)``): the
/// held sessions they guided and the sessions still to come of the groups they lead.
struct Bookings {
  let grid: TimeGrid
  let problem: ScheduleProblem
  /// The sessions each group still has for its main facilitator, by group index.
  let loads: [Int]
  private(set) var facilitatorLoad: [Int]
  private(set) var facilitatorTimes: [UInt64]
  private(set) var roomTimes: [UInt64]
  /// Groups per facilitator and grid day (phase × 7 + weekday), for `max_sessions_per_day`.
  private var perDay: [[Int: Int]]
  /// Groups per facilitator and phase, for `max_sessions_per_week`.
  private var perWeek: [[Int: Int]]

  /// - Parameters:
  ///   - loads: the future facilitated sessions of each group.
  ///   - heldLoads: the sessions each facilitator already guided (held sessions).
  init(grid: TimeGrid, problem: ScheduleProblem, loads: [Int], heldLoads: [Int]) {
    self.grid = grid
    self.problem = problem
    self.loads = loads
    facilitatorLoad = heldLoads
    facilitatorTimes = Array(repeating: 0, count: problem.facilitators.count)
    roomTimes = Array(repeating: 0, count: problem.rooms.count)
    perDay = Array(repeating: [:], count: problem.facilitators.count)
    perWeek = Array(repeating: [:], count: problem.facilitators.count)
  }

  /// Whether facilitator `f` can lead group `g` at `time`: capacity left for its sessions,
  /// nothing overlapping, and within their sessions per day and per week.
  func facilitatorFree(_ f: Int, for g: Int, at time: Int) -> Bool {
    let person = problem.facilitators[f]
    guard facilitatorLoad[f] + loads[g] <= person.sessionCapacity(problem.config),
      facilitatorTimes[f] & grid.conflicts[time] == 0
    else { return false }
    if let most = person.maxSessionsPerDay, perDay[f][TimeGrid.day(of: time), default: 0] >= most {
      return false
    }
    if let most = person.maxSessionsPerWeek,
      perWeek[f][TimeGrid.phase(of: time), default: 0] >= most
    {
      return false
    }
    return true
  }

  /// Whether the room has nothing overlapping at `time`.
  func roomFree(_ r: Int, at time: Int) -> Bool { roomTimes[r] & grid.conflicts[time] == 0 }

  /// Whether the facilitator already works on the day of `time`.
  func works(_ f: Int, onDayOf time: Int) -> Bool {
    perDay[f][TimeGrid.day(of: time), default: 0] > 0
  }

  func canBook(_ a: Assignment, for g: Int) -> Bool {
    facilitatorFree(a.facilitator, for: g, at: a.time)
      && (a.room.map { roomFree($0, at: a.time) } ?? true)
  }

  mutating func book(_ a: Assignment, for g: Int) {
    let f = a.facilitator
    facilitatorLoad[f] += loads[g]
    facilitatorTimes[f] |= 1 << UInt64(a.time)
    perDay[f][TimeGrid.day(of: a.time), default: 0] += 1
    perWeek[f][TimeGrid.phase(of: a.time), default: 0] += 1
    if let r = a.room { roomTimes[r] |= 1 << UInt64(a.time) }
  }

  /// Whether a whole set of assignments can be booked together.
  static func valid(
    _ assignments: [Int: Assignment], grid: TimeGrid, problem: ScheduleProblem, loads: [Int],
    heldLoads: [Int]
  ) -> Bool {
    var bookings = Bookings(grid: grid, problem: problem, loads: loads, heldLoads: heldLoads)
    for g in assignments.keys.sorted() {
      guard let a = assignments[g], bookings.canBook(a, for: g) else { return false }
      bookings.book(a, for: g)
    }
    return true
  }

  /// The best assignment for a group on its own against these bookings: best attendance,
  /// then the facilitator away for the fewest sessions, one who already works that day, and
  /// the smallest fitting room.
  func bestFit(_ candidates: GroupCandidates, group g: Int, options: [GroupOption])
    -> Assignment?
  {
    for option in options {
      let free = option.facilitators.indices.filter {
        facilitatorFree(option.facilitators[$0], for: g, at: option.time)
      }
      guard
        let pick = free.min(by: {
          let a = option.facilitators[$0]
          let b = option.facilitators[$1]
          return (option.missed[$0], works(a, onDayOf: option.time) ? 0 : 1, a)
            < (option.missed[$1], works(b, onDayOf: option.time) ? 0 : 1, b)
        })
      else { continue }
      let room = option.rooms.indices.filter { roomFree(option.rooms[$0], at: option.time) }
        .min {
          (option.roomMissed[$0], problem.rooms[option.rooms[$0]].capacity, option.rooms[$0])
            < (option.roomMissed[$1], problem.rooms[option.rooms[$1]].capacity, option.rooms[$1])
        }.map { option.rooms[$0] }
      if candidates.needsRoom && room == nil { continue }
      return Assignment(time: option.time, facilitator: option.facilitators[pick], room: room)
    }
    return nil
  }
}
