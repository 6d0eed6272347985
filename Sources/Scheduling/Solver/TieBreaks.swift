/// A local search for the tie-breakers: keep what an earlier schedule had, fewer sessions a
/// main facilitator or room is away for, fewer facilitator working days, then fewer room
/// changes (a facilitator guiding two groups on one day in different rooms).
///
/// It only swaps facilitators and rooms between groups at the same times, or moves a group to
/// a free qualifying facilitator or room, so slots, attendance and the number of scheduled
/// groups stay as the assignment model chose them. Each trial is costed by updating running
/// totals for the one or two groups it changes.
enum TieBreaks {
  /// Improves the tie-breakers until no step helps, or until `deadline` (whatever is found
  /// by then is kept: every step keeps the schedule valid).
  static func improve(
    _ assignments: [Int: Assignment], candidates: [GroupCandidates],
    preferences: [AssignmentModel.Preference], problem: ScheduleProblem, grid: TimeGrid,
    deadline: ContinuousClock.Instant? = nil
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
    var totals = Totals()
    func count(_ g: Int, _ a: Assignment, _ sign: Int) {
      let choices = option(g, a.time)
      totals.kept += sign * preferences[g].kept(a)
      totals.away +=
        sign
        * ((choices?.missed(a.facilitator) ?? 0)
          + (a.room.map { choices?.roomMissed($0) ?? 0 } ?? 0))
      totals.count(a, sign)
    }
    for (g, a) in current { count(g, a, 1) }
    var best = totals.cost
    let groups = current.keys.sorted()
    var groupsOf: [Int: Int] = [:]
    for a in current.values { groupsOf[a.facilitator, default: 0] += 1 }
    func overlaps(_ a: Assignment, _ b: Assignment) -> Bool {
      grid.conflicts[a.time] & (1 << UInt64(b.time)) != 0
    }
    /// Applies `trial` to the groups in `changed`; keeps it when it costs less and every rule
    /// holds, else undoes it.
    func accept(_ trial: [Int: Assignment], changed: [Int]) -> Bool {
      for g in changed { if let a = current[g] { count(g, a, -1) } }
      for g in changed { if let a = trial[g] { count(g, a, 1) } }
      let value = totals.cost
      if value.lexicographicallyPrecedes(best),
        Bookings.valid(trial, grid: grid, problem: problem)
      {
        for g in changed {
          if let a = current[g] { groupsOf[a.facilitator, default: 0] -= 1 }
          if let a = trial[g] { groupsOf[a.facilitator, default: 0] += 1 }
        }
        current = trial
        best = value
        return true
      }
      for g in changed { if let a = trial[g] { count(g, a, -1) } }
      for g in changed { if let a = current[g] { count(g, a, 1) } }
      return false
    }
    for _ in 0..<20 {
      var improved = false
      for g in groups {
        if let deadline, ContinuousClock.now >= deadline { return current }
        guard let mine = current[g], let choices = option(g, mine.time) else { continue }
        // Another facilitator: free at this time with a group to spare, or swapped with the
        // one group that blocks them at exactly this time.
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
          } else if groupsOf[f, default: 0] >= problem.facilitators[f].maxGroups {
            continue
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

  /// The running totals a trial changes: points kept, sessions away, working days and room
  /// changes.
  ///
  /// A working day is a facilitator on one weekday of one week phase: one set of real dates.
  /// A room change is a facilitator guiding in another room on one working day.
  struct Totals {
    var kept = 0
    var away = 0
    private var groupsPerDay: [Int: Int] = [:]
    private var roomsPerDay: [Int: [Int: Int]] = [:]
    private var days = 0
    private var roomChanges = 0

    /// (−kept, away, working days, room changes): smaller is better.
    var cost: [Int] { [-kept, away, days, roomChanges] }

    /// Adds (`sign` 1) or removes (−1) one group's assignment.
    mutating func count(_ a: Assignment, _ sign: Int) {
      let key = a.facilitator * 64 + TimeGrid.day(of: a.time)
      let before = groupsPerDay[key, default: 0]
      groupsPerDay[key] = before + sign
      if before == 0 && sign > 0 { days += 1 }
      if before + sign == 0 { days -= 1 }
      guard let room = a.room else { return }
      let distinct = roomsPerDay[key]?.count ?? 0
      let inRoom = roomsPerDay[key]?[room, default: 0] ?? 0
      roomsPerDay[key, default: [:]][room] = inRoom + sign == 0 ? nil : inRoom + sign
      let after = roomsPerDay[key]?.count ?? 0
      roomChanges += max(0, after - 1) - max(0, distinct - 1)
    }
  }
}
