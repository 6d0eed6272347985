/// A local search that moves groups between qualifying rooms so that a facilitator who guides
/// two groups on one day stays in one room where possible.
///
/// The assignment model leaves room changes out (their product of facilitator and room
/// choices would multiply its size); this pass never changes slots, facilitators or the
/// number of groups in rooms, so the model's objective is unchanged.
enum RoomChanges {
  static func reduce(
    _ assignments: [Int: Assignment], candidates: [GroupCandidates], fixed: [Int: Assignment],
    problem: ScheduleProblem, grid: TimeGrid
  ) -> [Int: Assignment] {
    var current = assignments
    var changes = count(current)
    guard changes > 0 else { return current }
    let movable = current.keys.sorted().filter { fixed[$0] == nil && current[$0]?.room != nil }
    for _ in 0..<20 {
      var improved = false
      for g in movable {
        guard let mine = current[g], let room = mine.room,
          let option = candidates[g].all.first(where: { $0.time == mine.time })
        else { continue }
        for other in option.rooms where other != room {
          // Who holds `other` at an overlapping time; a swap needs exactly one such group,
          // meeting at the same time and able to use this group's room.
          let holders = current.keys.sorted().filter { h in
            guard h != g, let a = current[h], a.room == other else { return false }
            return grid.conflicts[mine.time] & (1 << UInt64(a.time)) != 0
          }
          var trial = current
          if holders.isEmpty {
            trial[g]?.room = other
          } else if holders.count == 1, let h = holders.first, fixed[h] == nil,
            let theirs = current[h], theirs.time == mine.time,
            candidates[h].all.first(where: { $0.time == theirs.time })?.rooms.contains(room)
              ?? false
          {
            trial[g]?.room = other
            trial[h]?.room = room
          } else {
            continue
          }
          let trialChanges = count(trial)
          if trialChanges < changes {
            current = trial
            changes = trialChanges
            improved = true
            break
          }
        }
      }
      if !improved || changes == 0 { break }
    }
    return current
  }

  /// Σ over facilitator working days of (distinct rooms that day − 1).
  static func count(_ assignments: [Int: Assignment]) -> Int {
    var rooms: [Int: Set<Int>] = [:]
    for a in assignments.values {
      guard let room = a.room else { continue }
      rooms[a.facilitator * 64 + TimeGrid.day(of: a.time), default: []].insert(room)
    }
    return rooms.values.reduce(0) { $0 + $1.count - 1 }
  }
}
