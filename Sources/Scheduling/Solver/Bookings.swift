/// One group's choice: a time option, a main facilitator and perhaps a main room (indices
/// into the problem).
struct Assignment: Hashable {
  var time: Int
  var facilitator: Int
  var room: Int?
}

/// Who is booked when on the weekly grid: the state the greedy start, the tie-breakers and
/// the reason finder work against.
struct Bookings {
  let grid: TimeGrid
  let problem: ScheduleProblem
  /// Groups each facilitator leads.
  private(set) var facilitatorLoad: [Int]
  private(set) var facilitatorTimes: [UInt64]
  private(set) var roomTimes: [UInt64]
  /// Groups per facilitator and grid day (phase × 7 + weekday), for `max_sessions_per_day`.
  private var perDay: [[Int: Int]]
  /// Groups per facilitator and phase, for `max_sessions_per_week`.
  private var perWeek: [[Int: Int]]

  init(grid: TimeGrid, problem: ScheduleProblem) {
    self.grid = grid
    self.problem = problem
    facilitatorLoad = Array(repeating: 0, count: problem.facilitators.count)
    facilitatorTimes = Array(repeating: 0, count: problem.facilitators.count)
    roomTimes = Array(repeating: 0, count: problem.rooms.count)
    perDay = Array(repeating: [:], count: problem.facilitators.count)
    perWeek = Array(repeating: [:], count: problem.facilitators.count)
  }

  /// Whether facilitator `f` can lead one more group at `time`: below `max_groups`, nothing
  /// overlapping, and within their sessions per day and per week.
  func facilitatorFree(_ f: Int, at time: Int) -> Bool {
    let person = problem.facilitators[f]
    guard facilitatorLoad[f] < person.maxGroups, facilitatorTimes[f] & grid.conflicts[time] == 0
    else { return false }
    if let most = person.maxSessionsPerDay, perDay[f][TimeGrid.day(of: time), default: 0] >= most {
      return false
    }
    if perWeek[f][TimeGrid.phase(of: time), default: 0] >= person.weeklyLimit { return false }
    return true
  }

  /// Whether the room has nothing overlapping at `time`.
  func roomFree(_ r: Int, at time: Int) -> Bool { roomTimes[r] & grid.conflicts[time] == 0 }

  /// Whether the facilitator already works on the day of `time`.
  func works(_ f: Int, onDayOf time: Int) -> Bool {
    perDay[f][TimeGrid.day(of: time), default: 0] > 0
  }

  func canBook(_ a: Assignment) -> Bool {
    facilitatorFree(a.facilitator, at: a.time)
      && (a.room.map { roomFree($0, at: a.time) } ?? true)
  }

  mutating func book(_ a: Assignment) {
    let f = a.facilitator
    facilitatorLoad[f] += 1
    facilitatorTimes[f] |= 1 << UInt64(a.time)
    perDay[f][TimeGrid.day(of: a.time), default: 0] += 1
    perWeek[f][TimeGrid.phase(of: a.time), default: 0] += 1
    if let r = a.room { roomTimes[r] |= 1 << UInt64(a.time) }
  }

  /// Whether a whole set of assignments can be booked together.
  static func valid(
    _ assignments: [Int: Assignment], grid: TimeGrid, problem: ScheduleProblem
  ) -> Bool {
    var bookings = Bookings(grid: grid, problem: problem)
    for g in assignments.keys.sorted() {
      guard let a = assignments[g], bookings.canBook(a) else { return false }
      bookings.book(a)
    }
    return true
  }

  /// The best assignment for a group on its own against these bookings: best attendance,
  /// then the facilitator away for the fewest sessions, one who already works that day, and
  /// the smallest fitting room.
  func bestFit(_ candidates: GroupCandidates, options: [GroupOption]) -> Assignment? {
    for option in options {
      let free = option.facilitators.indices.filter {
        facilitatorFree(option.facilitators[$0], at: option.time)
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
