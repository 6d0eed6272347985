/// One group's choice: a time option, a facilitator and perhaps a room (indices into the problem).
struct Assignment: Hashable {
  var time: Int
  var facilitator: Int
  var room: Int?
}

/// Who is booked when: the state the greedy start and the reason finder work against.
struct Bookings {
  let grid: TimeGrid
  let maxGroups: [Int]
  private(set) var facilitatorLoad: [Int]
  private(set) var facilitatorTimes: [UInt64]
  private(set) var roomTimes: [UInt64]

  init(grid: TimeGrid, problem: ScheduleProblem) {
    self.grid = grid
    maxGroups = problem.facilitators.map(\.maxGroups)
    facilitatorLoad = Array(repeating: 0, count: problem.facilitators.count)
    facilitatorTimes = Array(repeating: 0, count: problem.facilitators.count)
    roomTimes = Array(repeating: 0, count: problem.rooms.count)
  }

  /// Whether the facilitator has capacity left and nothing overlapping at `time`.
  func facilitatorFree(_ f: Int, at time: Int) -> Bool {
    facilitatorLoad[f] < maxGroups[f] && facilitatorTimes[f] & grid.conflicts[time] == 0
  }

  /// Whether the room has nothing overlapping at `time`.
  func roomFree(_ r: Int, at time: Int) -> Bool { roomTimes[r] & grid.conflicts[time] == 0 }

  /// Whether the facilitator already works on the day of `time`.
  func works(_ f: Int, onDayOf time: Int) -> Bool {
    let day = TimeGrid.day(of: time)
    return (0..<grid.count).contains {
      TimeGrid.day(of: $0) == day && facilitatorTimes[f] & (1 << UInt64($0)) != 0
    }
  }

  func canBook(_ a: Assignment) -> Bool {
    facilitatorFree(a.facilitator, at: a.time) && (a.room.map { roomFree($0, at: a.time) } ?? true)
  }

  mutating func book(_ a: Assignment) {
    facilitatorLoad[a.facilitator] += 1
    facilitatorTimes[a.facilitator] |= 1 << UInt64(a.time)
    if let r = a.room { roomTimes[r] |= 1 << UInt64(a.time) }
  }

  /// The best assignment for a group on its own against these bookings: best attendance,
  /// then a facilitator who already works that day, then the smallest fitting room.
  func bestFit(_ candidates: GroupCandidates, options: [GroupOption], rooms: [Room])
    -> Assignment?
  {
    for option in options {
      let free = option.facilitators.filter { facilitatorFree($0, at: option.time) }
      guard
        let f = free.min(by: {
          (works($0, onDayOf: option.time) ? 0 : 1, $0)
            < (works($1, onDayOf: option.time) ? 0 : 1, $1)
        })
      else { continue }
      let room = option.rooms.filter { roomFree($0, at: option.time) }.min {
        (rooms[$0].capacity, $0) < (rooms[$1].capacity, $1)
      }
      if candidates.needsRoom && room == nil { continue }
      return Assignment(time: option.time, facilitator: f, room: room)
    }
    return nil
  }
}
