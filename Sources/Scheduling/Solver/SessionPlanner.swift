import Intake

/// The session level of a schedule: the real date of every session still to come, and who
/// guides it where, once the assignment model has given each group its weekly slot, week
/// phase, main facilitator and main room.
///
/// A session whose date is blocked (a blackout, the main facilitator away or booked, the main
/// room closed or booked) moves to the first free week after it, as long as no gap between
/// two sessions grows beyond `max_gap` (weeks inside blackouts do not count); where moving
/// would break that, the session keeps its date with a stand-in facilitator or another room.
/// Each group's sessions are one shortest-path problem over the candidate days of each
/// session, costed lexicographically: changes against the earlier schedule (moves, facilitators
/// and rooms changed, people affected), then stand-ins (and what the other groups would need),
/// then other rooms, then weeks late. Groups are planned one by one against what the others
/// booked, then each is planned again against all the others while that improves it.
struct SessionPlanner {
  let problem: ScheduleProblem
  let calendar: SessionCalendar
  let candidates: [GroupCandidates]
  let histories: [GroupHistory]
  let absences: Absences
  let facilitatorIndex: [FacilitatorID: Int]
  let roomIndex: [RoomID: Int]

  /// One planned session (indices into the problem's facilitators and rooms).
  struct Planned: Hashable {
    var number: Int
    var time: SessionTime
    var facilitator: Int?
    var room: Int?
    var format: ScheduleConfig.SessionFormat
  }

  /// A group's sessions still to come, with what they cost.
  struct GroupPlan: Hashable {
    var sessions: [Planned]
    var cost: Int
  }

  /// Why a group's sessions cannot all be placed.
  struct Failure: Hashable, Error {
    enum Kind: Hashable, Error {
      /// Nobody can guide these sessions.
      case facilitator
      /// No room is free for these in-person sessions.
      case room
    }

    var kind: Kind
    /// The group's weekly slot.
    var slot: Slot
    /// The session that could not be placed.
    var number: Int
    /// The dates it could have taken.
    var days: [Int]
  }

  private static let changeUnit = 1_000_000_000
  private static let standInUnit = 1_000_000
  private static let roomUnit = 1_000

  // MARK: - All groups

  /// Plans every assigned group; groups with no session-level solution come back as
  /// failures.
  func plan(_ assignments: [Int: Assignment]) -> (plans: [Int: GroupPlan], failures: [Int: Failure])
  {
    var base = SessionBookings(
      facilitators: problem.facilitators.count, rooms: problem.rooms.count)
    bookHeld(into: &base)

    var ideal: [Int: GroupPlan] = [:]
    for g in assignments.keys.sorted() {
      if let a = assignments[g], case .success(let plan) = best(g, a, against: base, soft: nil) {
        ideal[g] = plan
      }
    }
    // What every group would take on its own: others avoid it where they can.
    var soft = SessionBookings(
      facilitators: problem.facilitators.count, rooms: problem.rooms.count)
    for plan in ideal.values { book(plan, into: &soft) }

    var hard = base
    var plans: [Int: GroupPlan] = [:]
    var failures: [Int: Failure] = [:]
    // Groups that keep everything on their own go first, so that a facilitator away or a
    // blocked date changes the groups it concerns, not a chain of others.
    let order = assignments.keys.sorted {
      (ideal[$0]?.cost ?? Int.max, $0) < (ideal[$1]?.cost ?? Int.max, $1)
    }
    for g in order {
      guard let a = assignments[g] else { continue }
      if let own = ideal[g] { unbook(own, from: &soft) }
      switch best(g, a, against: hard, soft: soft) {
      case .success(let plan):
        book(plan, into: &hard)
        plans[g] = plan
      case .failure(let failure):
        failures[g] = failure
      }
    }
    improve(&plans, assignments: assignments, bookings: &hard)
    // A group left without a plan may still fit if the groups in its way plan around it.
    for g in failures.keys.sorted() {
      guard let a = assignments[g],
        case .success(let wanted) = best(g, a, against: base, soft: nil)
      else { continue }
      if ripUp(g, wanted, assignments: assignments, plans: &plans, bookings: &hard) {
        failures[g] = nil
      }
    }
    return (plans, failures)
  }

  /// Plans each group again against all the others while that lowers its cost.
  private func improve(
    _ plans: inout [Int: GroupPlan], assignments: [Int: Assignment],
    bookings: inout SessionBookings
  ) {
    for _ in 0..<3 {
      var improved = false
      for g in plans.keys.sorted() {
        guard let old = plans[g], old.cost > 0, let a = assignments[g] else { continue }
        unbook(old, from: &bookings)
        if case .success(let new) = best(g, a, against: bookings, soft: nil), new.cost < old.cost {
          plans[g] = new
          improved = true
        }
        book(plans[g] ?? old, into: &bookings)
      }
      if !improved { break }
    }
  }

  /// Books `wanted` for group `g`, planning the groups it displaces again; undoes everything
  /// and returns `false` when one of them then has no plan.
  private func ripUp(
    _ g: Int, _ wanted: GroupPlan, assignments: [Int: Assignment],
    plans: inout [Int: GroupPlan], bookings: inout SessionBookings
  ) -> Bool {
    let saved = (plans, bookings)
    let displaced = plans.keys.sorted().filter { h in
      guard let plan = plans[h] else { return false }
      return plan.sessions.contains { mine in
        wanted.sessions.contains { theirs in
          mine.time.overlaps(theirs.time)
            && ((mine.facilitator != nil && mine.facilitator == theirs.facilitator)
              || (mine.room != nil && mine.room == theirs.room))
        }
      }
    }
    for h in displaced {
      if let plan = plans[h] { unbook(plan, from: &bookings) }
      plans[h] = nil
    }
    guard fits(wanted, in: bookings) else {
      (plans, bookings) = saved
      return false
    }
    book(wanted, into: &bookings)
    plans[g] = wanted
    for h in displaced {
      guard let a = assignments[h],
        case .success(let plan) = best(h, a, against: bookings, soft: nil)
      else {
        (plans, bookings) = saved
        return false
      }
      book(plan, into: &bookings)
      plans[h] = plan
    }
    return true
  }

  /// Whether every session of `plan` is still free in `bookings`.
  private func fits(_ plan: GroupPlan, in bookings: SessionBookings) -> Bool {
    plan.sessions.allSatisfy { session in
      (session.facilitator.map { canGuide($0, at: session.time, bookings: bookings) } ?? true)
        && (session.room.map { !bookings.roomBusy($0, at: session.time) } ?? true)
    }
  }

  // MARK: - Bookings

  /// Books every held session: its facilitator's time and its room.
  private func bookHeld(into bookings: inout SessionBookings) {
    for history in histories {
      for session in history.held {
        guard let time = SessionTime(startText: session.startText, endText: session.endText)
        else { continue }
        if session.facilitated, let id = session.facilitator, let f = facilitatorIndex[id] {
          bookings.bookFacilitator(f, at: time)
        }
        if session.format == .inPerson, let id = session.room, let r = roomIndex[id] {
          bookings.bookRoom(r, at: time)
        }
      }
    }
  }

  /// Books a plan's times.
  private func book(_ plan: GroupPlan, into bookings: inout SessionBookings) {
    for session in plan.sessions {
      if let f = session.facilitator { bookings.bookFacilitator(f, at: session.time) }
      if let r = session.room { bookings.bookRoom(r, at: session.time) }
    }
  }

  private func unbook(_ plan: GroupPlan, from bookings: inout SessionBookings) {
    for session in plan.sessions {
      if let f = session.facilitator { bookings.unbookFacilitator(f, at: session.time) }
      if let r = session.room { bookings.unbookRoom(r, at: session.time) }
    }
  }

  // MARK: - One group

  /// The cheapest plan for group `g` with assignment `a` against `bookings`, avoiding where it
  /// can what `soft` holds for the other groups.
  func best(
    _ g: Int, _ a: Assignment, against bookings: SessionBookings, soft: SessionBookings?
  ) -> Result<GroupPlan, Failure> {
    let entry = candidates[g]
    let history = histories[g]
    let slot = TimeGrid.slot(of: a.time)
    let phase = TimeGrid.phase(of: a.time)
    let config = problem.config
    let members = entry.group.members.count
    let hasRoom = a.room != nil
    let option = entry.all.first { $0.time == a.time }
    let standIns = entry.suitable.filter {
      $0 != a.facilitator && problem.facilitators[$0].availability.contains(slot)
    }
    let otherRooms = (option?.rooms ?? []).filter { $0 != a.room }
    let maxGap = config.effectiveMaxGapWeeks

    struct State {
      var day: Int
      var cost: Int
      var parent: Int
      var session: Planned?
    }
    // The earlier schedule's times, read once.
    var earlierTimes: [Int: SessionTime] = [:]
    for (number, session) in history.upcoming {
      earlierTimes[number] = SessionTime(startText: session.startText, endText: session.endText)
    }
    var layers: [[State]] = [[State(day: history.lastHeldDay ?? Int.min, cost: 0, parent: -1)]]
    for number in entry.futureNumbers {
      let format = calendar.sessionFormat(number, group: entry.group.format, hasRoom: hasRoom)
      let earlier = history.upcoming[number]
      var next: [Int: State] = [:]
      var tried: [Int] = []
      var lacking: Failure.Kind = .facilitator
      for (index, state) in (layers.last ?? []).enumerated() {
        let previous = state.day == Int.min ? nil : state.day
        let free = calendar.nominalDay(
          number: number, slot: slot, phase: phase, previous: previous)
        let nominal =
          number == entry.futureNumbers.first
          ? calendar.nominalDay(
            number: number, slot: slot, phase: phase, previous: previous,
            notBefore: history.sinceDay)
          : free
        // The gap is counted from the session before, or, where there is none or `since`
        // pushed this one later, from a cadence before its first possible date.
        let cadenceBefore = nominal - 7 * config.cadenceWeeks
        let from =
          nominal != free || previous == nil
          ? max(previous ?? cadenceBefore, cadenceBefore) : (previous ?? cadenceBefore)
        // The candidate days: from where the series puts the session, a week at a time while
        // max_gap allows; and the session's date in the earlier schedule, which changes
        // nothing, when it still fits after the session before.
        var days: [(day: Int, late: Int)] = []
        var day = nominal
        var late = 0
        for _ in 0..<60 {
          defer { day += 7 }
          if calendar.isBlackout(day) { continue }
          if !days.isEmpty && calendar.gapWeeks(from: from, to: day) > maxGap { break }
          days.append((day, late))
          late += 1
        }
        if let earlier, let before = CivilDay.parse(earlier.date), before < nominal,
          CivilDay.weekday(before) == slot.weekday, before - (previous ?? Int.min) >= 7,
          history.sinceDay.map({ before >= $0 }) ?? true, !calendar.isBlackout(before),
          previous.map({ calendar.gapWeeks(from: $0, to: before) <= maxGap }) ?? true
        {
          days.insert((before, 0), at: 0)
        }
        for (day, late) in days {
          tried.append(day)
          let time = SessionTime(
            day: day, start: calendar.minutes(day: day, slot: slot).start,
            end: calendar.minutes(day: day, slot: slot).end)
          switch session(
            number: number, time: time, format: format, main: a, entry: entry,
            standIns: standIns, otherRooms: otherRooms, earlier: earlier,
            earlierTime: earlierTimes[number], members: members, bookings: bookings, soft: soft)
          {
          case .success(let (planned, cost)):
            // The first week late keeps the group with its facilitator and room; each week
            // beyond that weighs more than a stand-in in another room, so that no break grows
            // more than a week past what blocks it unless nothing else is free.
            let total = state.cost + cost + late + max(0, late - 1) * 2 * Self.standInUnit
            if let known = next[day], known.cost <= total {
            } else {
              next[day] = State(day: day, cost: total, parent: index, session: planned)
            }
          case .failure(let kind):
            lacking = kind
          }
        }
      }
      guard !next.isEmpty else {
        return .failure(
          Failure(kind: lacking, slot: slot, number: number, days: Array(Set(tried)).sorted()))
      }
      layers.append(next.values.sorted { ($0.cost, $0.day) < ($1.cost, $1.day) })
    }
    guard let last = layers.last?.first else {
      return .success(GroupPlan(sessions: [], cost: 0))
    }
    var sessions: [Planned] = []
    var state = last
    var depth = layers.count - 1
    while depth > 0, let planned = state.session {
      sessions.append(planned)
      depth -= 1
      state = layers[depth][state.parent]
    }
    sessions.reverse()
    sessions = fewestStandIns(
      sessions, main: a.facilitator, standIns: standIns, history: history, bookings: bookings)
    return .success(GroupPlan(sessions: sessions, cost: last.cost))
  }

  /// The cheapest facilitator and room for one session at `time`, with its cost, or what is
  /// lacking.
  private func session(
    number: Int, time: SessionTime, format: ScheduleConfig.SessionFormat, main: Assignment,
    entry: GroupCandidates, standIns: [Int], otherRooms: [Int], earlier: PreviousSession?,
    earlierTime: SessionTime?, members: Int, bookings: SessionBookings, soft: SessionBookings?
  ) -> Result<(Planned, Int), Failure.Kind> {
    let moved = earlier != nil && earlierTime != time
    var standIn = 0
    var facilitator: Int?
    if problem.config.isFacilitated(number) {
      let wanted = earlier?.facilitator.flatMap { facilitatorIndex[$0] }
      let pick: Int?
      // The main facilitator, when nothing earlier says otherwise, beats everyone.
      if earlier == nil || wanted == main.facilitator,
        canGuide(main.facilitator, at: time, bookings: bookings)
      {
        pick = main.facilitator
      } else {
        pick = ([main.facilitator] + standIns).filter {
          canGuide($0, at: time, bookings: bookings)
        }.min { a, b in
          func key(_ f: Int) -> (Int, Int, Int, Int) {
            let change = earlier != nil && f != wanted ? 1 : 0
            let conflict = soft?.facilitatorBusy(f, at: time) ?? false ? 1 : 0
            return (change, f == main.facilitator ? 0 : 1, conflict, f)
          }
          return key(a) < key(b)
        }
      }
      guard let pick else { return .failure(.facilitator) }
      facilitator = pick
      if pick != main.facilitator { standIn += 1 }
      if soft?.facilitatorBusy(pick, at: time) ?? false { standIn += 1 }
    }
    var room: Int?
    var actual = format
    var roomSwitch = 0
    if format == .inPerson, let mainRoom = main.room {
      let wanted = earlier.flatMap { $0.format == .inPerson ? $0.room : nil }.flatMap {
        roomIndex[$0]
      }
      let pick = ([mainRoom] + otherRooms).filter { r in
        !absences.room(r, isClosedOn: time.day) && !bookings.roomBusy(r, at: time)
      }.min { a, b in
        func key(_ r: Int) -> (Int, Int, Int, Int) {
          let change = earlier != nil && r != wanted ? 1 : 0
          let conflict = soft?.roomBusy(r, at: time) ?? false ? 1 : 0
          return (change, r == mainRoom ? 0 : 1, conflict, r)
        }
        return key(a) < key(b)
      }
      if let pick {
        room = pick
        if pick != mainRoom { roomSwitch += 1 }
        if soft?.roomBusy(pick, at: time) ?? false { standIn += 1 }
      } else if entry.needsRoom {
        return .failure(.room)
      } else {
        // An `either` group meets online when no room is free that day.
        actual = .online
        roomSwitch += 1
      }
    }
    let changes =
      earlier.map { earlier in
        Self.changeWeight(
          moved: moved, earlier: earlier, facilitator: facilitator, room: room, format: actual,
          members: members, facilitatorIndex: facilitatorIndex, roomIndex: roomIndex)
      } ?? 0
    let cost = changes * Self.changeUnit + standIn * Self.standInUnit + roomSwitch * Self.roomUnit
    return .success(
      (
        Planned(number: number, time: time, facilitator: facilitator, room: room, format: actual),
        cost
      ))
  }

  /// The weight of the changes to one session (``ChangeWeights``), counted as `kring diff`
  /// and `changes.md` count them.
  static func changeWeight(
    moved: Bool, earlier: PreviousSession, facilitator: Int?, room: Int?,
    format: ScheduleConfig.SessionFormat, members: Int, facilitatorIndex: [FacilitatorID: Int],
    roomIndex: [RoomID: Int]
  ) -> Int {
    let before = earlier.facilitator.flatMap { facilitatorIndex[$0] }
    let facilitatorChanged = before != facilitator
    let earlierRoom = earlier.format == .inPerson ? earlier.room.flatMap { roomIndex[$0] } : nil
    let roomChanged = earlierRoom != room || earlier.format != format
    guard moved || facilitatorChanged || roomChanged else { return 0 }
    let facilitators = Set([before, facilitator].compactMap { $0 }).count
    let people = moved || roomChanged ? members + facilitators : facilitators
    return (moved ? ChangeWeights.moved : 0)
      + (facilitatorChanged ? ChangeWeights.facilitator : 0)
      + (roomChanged ? ChangeWeights.room : 0) + people
  }

  /// Whether facilitator `f` can guide a session at `time`: not away, not booked, and within
  /// their sessions per day and per week (``Facilitator/weeklyLimit``).
  private func canGuide(_ f: Int, at time: SessionTime, bookings: SessionBookings) -> Bool {
    let person = problem.facilitators[f]
    guard !absences.facilitator(f, isAwayOn: time.day), !bookings.facilitatorBusy(f, at: time)
    else { return false }
    let (day, week) = bookings.sessions(of: f, dayOf: time)
    if let most = person.maxSessionsPerDay, day >= most { return false }
    return week < person.weeklyLimit
  }

  /// The plan's stand-in sessions given to as few stand-ins as possible: a stand-in the
  /// earlier schedule had for a session keeps it, then whoever can take the most of the rest.
  private func fewestStandIns(
    _ sessions: [Planned], main: Int, standIns: [Int], history: GroupHistory,
    bookings: SessionBookings
  ) -> [Planned] {
    let open = sessions.indices.filter { i in
      guard let f = sessions[i].facilitator, f != main else { return false }
      let earlier = history.upcoming[sessions[i].number]?.facilitator.flatMap {
        facilitatorIndex[$0]
      }
      return earlier != f
    }
    guard open.count > 1 else { return sessions }
    var result = sessions
    var taken: [Int: Int] = [:]
    for i in sessions.indices {
      if let f = sessions[i].facilitator, f != main, !open.contains(i) { taken[f, default: 0] += 1 }
    }
    let able: [Int: [Int]] = Dictionary(
      uniqueKeysWithValues: open.map { i in
        (i, standIns.filter { canGuide($0, at: sessions[i].time, bookings: bookings) })
      })
    var remaining = open
    while let i = remaining.first {
      let options = able[i] ?? []
      let coverage = { (f: Int) in remaining.filter { (able[$0] ?? []).contains(f) }.count }
      if let pick = options.min(by: {
        ((taken[$0] ?? 0) > 0 ? 0 : 1, -coverage($0), $0) < (
          (taken[$1] ?? 0) > 0 ? 0 : 1, -coverage($1), $1
        )
      }) {
        result[i].facilitator = pick
        taken[pick, default: 0] += 1
      } else if let f = sessions[i].facilitator {
        taken[f, default: 0] += 1
      }
      remaining.removeFirst()
    }
    return result
  }
}
