import Intake
import Scheduling

/// Stand-ins for a resource file the config does not name.
///
/// One unlimited facilitator or room per group, so that dates are still scheduled when a
/// programme has no facilitators or rooms to assign. Their ids never reach an output.
enum ResourcePlaceholders {
  static let prefix = "~none-"

  static func isPlaceholder(_ id: String) -> Bool { id.hasPrefix(prefix) }

  private static func facilitators(for groups: [GroupToSchedule]) -> [Facilitator] {
    groups.map { g in
      Facilitator(
        id: FacilitatorID(prefix + g.id), name: "", languages: g.language.map { [$0] } ?? [],
        availability: SlotSet(mask: 0x1F_FFFF), maxGroups: 1)
    }
  }

  private static func rooms(for groups: [GroupToSchedule]) -> [Room] {
    groups.filter { $0.format != .online }.map { g in
      Room(
        id: RoomID(prefix + g.id), name: "", capacity: 1_000, accessible: true,
        availability: SlotSet(mask: 0x1F_FFFF))
    }
  }

  /// Schedules `problem` with placeholders where a resource file is missing, and returns the
  /// result without them; a scheduling failure becomes a diagnostic on `file`.
  static func schedule(
    _ problem: ScheduleProblem, requiresFacilitator: Bool, requiresRoom: Bool,
    options: ScheduleOptions, file: String
  ) throws(DiagnosticList) -> ScheduleResult {
    let completed = complete(
      problem, requiresFacilitator: requiresFacilitator, requiresRoom: requiresRoom)
    var options = options
    // Placeholders are per group, so an earlier schedule without a resource had its own.
    for (group, earlier) in options.previous {
      var earlier = earlier
      let facilitator = FacilitatorID(prefix + group)
      let room = completed.rooms.first(where: { $0.id.rawValue == prefix + group })?.id
      if !requiresFacilitator { earlier.facilitator = facilitator }
      if !requiresRoom, earlier.room == nil { earlier.room = room }
      earlier.sessions = earlier.sessions.map { session in
        var session = session
        if !requiresFacilitator && session.facilitated { session.facilitator = facilitator }
        if !requiresRoom && session.format == .inPerson && session.room == nil {
          session.room = room
        }
        return session
      }
      options.previous[group] = earlier
    }
    do {
      return strip(try Scheduler.solve(completed, options: options))
    } catch {
      throw DiagnosticList([
        Diagnostic(file: file, column: "schedule", code: error.code, message: error.message)
      ])
    }
  }

  /// The problem with placeholders added where a resource file is missing.
  private static func complete(
    _ problem: ScheduleProblem, requiresFacilitator: Bool, requiresRoom: Bool
  ) -> ScheduleProblem {
    var problem = problem
    if !requiresFacilitator { problem.facilitators = facilitators(for: problem.groups) }
    if !requiresRoom { problem.rooms = rooms(for: problem.groups) }
    return problem
  }

  /// The result without placeholder ids.
  private static func strip(_ result: ScheduleResult) -> ScheduleResult {
    var result = result
    result.scheduled = result.scheduled.map { s in
      var s = s
      if let f = s.facilitator, isPlaceholder(f.rawValue) { s.facilitator = nil }
      if let r = s.room, isPlaceholder(r.rawValue) { s.room = nil }
      s.sessions = s.sessions.map { session in
        var session = session
        if let f = session.facilitator, isPlaceholder(f.rawValue) { session.facilitator = nil }
        if let r = session.room, isPlaceholder(r.rawValue) { session.room = nil }
        return session
      }
      return s
    }
    return result
  }
}
