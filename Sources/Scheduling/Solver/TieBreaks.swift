/// A local search for the tie-breakers: fewer facilitator working days, then fewer room
/// changes (a facilitator guiding two groups on one day in different rooms).
///
/// It only swaps facilitators and rooms between groups at the same times, or moves a group to
/// a free qualifying facilitator or room, so slots, attendance and the number of scheduled
/// groups stay as the assignment model chose them. Kept assignments are never touched.
enum TieBreaks {
  /// Improves the tie-breakers until no step helps, or until `deadline` (whatever is found
  /// by then is kept: every step keeps the schedule valid).
  static func improve(
    _ assignments: [Int: Assignment], candidates: [GroupCandidates], fixed: [Int: Assignment],
    problem: ScheduleProblem, grid: TimeGrid, deadline: ContinuousClock.Instant? = nil
  ) -> [Int: Assignment] {
    var current = assignments
    var best = cost(current)
    let groups = current.keys.sorted()
    let movable = groups.filter { fixed[$0] == nil }
    func overlaps(_ a: Assignment, _ b: Assignment) -> Bool {
      grid.conflicts[a.time] & (1 << UInt64(b.time)) != 0
    }
    func option(_ g: Int, _ time: Int) -> GroupOption? {
      candidates[g].all.first { $0.time == time }
    }
    func accept(_ trial: [Int: Assignment]) -> Bool {
      let value = cost(trial)
      guard value.lexicographicallyPrecedes(best) else { return false }
      current = trial
      best = value
      return true
    }
    for _ in 0..<20 {
      var improved = false
      for g in movable {
        if let deadline, ContinuousClock.now >= deadline { return current }
        guard let mine = current[g], let choices = option(g, mine.time) else { continue }
        // Another facilitator: free at this time with capacity left, or swapped with the one
        // group that blocks them at exactly this time.
        for f in choices.facilitators where f != mine.facilitator {
          let others = groups.filter { $0 != g && current[$0]?.facilitator == f }
          let blocking = others.filter { h in current[h].map { overlaps(mine, $0) } ?? false }
          var trial = current
          if blocking.isEmpty && others.count < problem.facilitators[f].maxGroups {
            trial[g]?.facilitator = f
          } else if blocking.count == 1, let h = blocking.first, fixed[h] == nil,
            let theirs = current[h], theirs.time == mine.time,
            option(h, theirs.time)?.facilitators.contains(mine.facilitator) ?? false
          {
            trial[g]?.facilitator = f
            trial[h]?.facilitator = mine.facilitator
          } else {
            continue
          }
          if accept(trial) {
            improved = true
            break
          }
        }
        guard let now = current[g], let room = now.room else { continue }
        for other in choices.rooms where other != room {
          let holders = groups.filter { h in
            guard h != g, let a = current[h], a.room == other else { return false }
            return overlaps(now, a)
          }
          var trial = current
          if holders.isEmpty {
            trial[g]?.room = other
          } else if holders.count == 1, let h = holders.first, fixed[h] == nil,
            let theirs = current[h], theirs.time == now.time,
            option(h, theirs.time)?.rooms.contains(room) ?? false
          {
            trial[g]?.room = other
            trial[h]?.room = room
          } else {
            continue
          }
          if accept(trial) {
            improved = true
            break
          }
        }
      }
      if !improved { break }
    }
    return current
  }

  /// The tie-breakers' cost: (facilitator working days, room changes).
  ///
  /// A working day is a facilitator on one weekday of one week phase: one set of real dates.
  static func cost(_ assignments: [Int: Assignment]) -> [Int] {
    var rooms: [Int: Set<Int>] = [:]
    var days = Set<Int>()
    for a in assignments.values {
      let key = a.facilitator * 64 + TimeGrid.day(of: a.time)
      days.insert(key)
      if let room = a.room { rooms[key, default: []].insert(room) }
    }
    return [days.count, rooms.values.reduce(0) { $0 + $1.count - 1 }]
  }
}
