/// A local search for the tie-breakers: keep what an earlier schedule had, fewer sessions a
/// main facilitator or room is away for, fewer facilitator working days, then fewer room
/// changes (a facilitator guiding two groups on one day in different rooms).
///
/// It only swaps facilitators and rooms between groups at the same times, or moves a group to
/// a free qualifying facilitator or room, so slots, attendance and the number of scheduled
/// groups stay as the assignment model chose them.
enum TieBreaks {
  static func improve(
    _ assignments: [Int: Assignment], candidates: [GroupCandidates],
    preferences: [AssignmentModel.Preference], problem: ScheduleProblem, grid: TimeGrid
  ) -> [Int: Assignment] {
    var current = assignments
    // Each group's options by time, so that a trial costs a lookup per group.
    let byTime: [[Int: Int]] = candidates.map { entry in
      Dictionary(
        entry.all.enumerated().map { ($1.time, $0) }, uniquingKeysWith: { first, _ in first })
    }
    func option(_ g: Int, _ time: Int) -> GroupOption? {
      byTime[g][time].map { candidates[g].all[$0] }
    }
    /// What each group contributes to the first two costs: points kept, sessions away.
    func own(_ g: Int, _ a: Assignment) -> (kept: Int, away: Int) {
      guard let choices = option(g, a.time) else { return (preferences[g].kept(a), 0) }
      return (
        preferences[g].kept(a),
        choices.missed(a.facilitator) + (a.room.map(choices.roomMissed) ?? 0)
      )
    }
    var kept = 0
    var away = 0
    for (g, a) in current {
      let part = own(g, a)
      kept += part.kept
      away += part.away
    }
    /// The cost of `current` with the groups in `changed` reassigned as in `trial`.
    func cost(_ trial: [Int: Assignment], changed: [Int]) -> [Int] {
      var k = kept
      var w = away
      for g in changed {
        if let a = current[g] {
          let part = own(g, a)
          k -= part.kept
          w -= part.away
        }
        if let a = trial[g] {
          let part = own(g, a)
          k += part.kept
          w += part.away
        }
      }
      return [-k, w] + Self.cost(trial)
    }
    var best = cost(current, changed: [])
    let groups = current.keys.sorted()
    func overlaps(_ a: Assignment, _ b: Assignment) -> Bool {
      grid.conflicts[a.time] & (1 << UInt64(b.time)) != 0
    }
    func accept(_ trial: [Int: Assignment], changed: [Int]) -> Bool {
      let value = cost(trial, changed: changed)
      guard value.lexicographicallyPrecedes(best),
        Bookings.valid(trial, grid: grid, problem: problem)
      else { return false }
      for g in changed {
        if let a = current[g] {
          let part = own(g, a)
          kept -= part.kept
          away -= part.away
        }
        if let a = trial[g] {
          let part = own(g, a)
          kept += part.kept
          away += part.away
        }
      }
      current = trial
      best = value
      return true
    }
    for _ in 0..<20 {
      var improved = false
      for g in groups {
        guard let mine = current[g], let choices = option(g, mine.time) else { continue }
        // Another facilitator: free at this time, or swapped with the one group that blocks
        // them at exactly this time.
        for f in choices.facilitators where f != mine.facilitator {
          let blocking = groups.filter { h in
            guard h != g, let a = current[h], a.facilitator == f else { return false }
            return overlaps(mine, a)
          }
          var trial = current
          trial[g]?.facilitator = f
          var changed = [g]
          if let h = blocking.first {
            guard blocking.count == 1, let theirs = current[h], theirs.time == mine.time,
              option(h, theirs.time)?.facilitators.contains(mine.facilitator) ?? false
            else { continue }
            trial[h]?.facilitator = mine.facilitator
            changed.append(h)
          }
          if accept(trial, changed: changed) {
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
          trial[g]?.room = other
          var changed = [g]
          if let h = holders.first {
            guard holders.count == 1, let theirs = current[h], theirs.time == now.time,
              option(h, theirs.time)?.rooms.contains(room) ?? false
            else { continue }
            trial[h]?.room = room
            changed.append(h)
          }
          if accept(trial, changed: changed) {
            improved = true
            break
          }
        }
      }
      if !improved { break }
    }
    return current
  }

  /// The working-day cost: (facilitator working days, room changes).
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
