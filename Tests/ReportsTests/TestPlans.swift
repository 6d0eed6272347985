import Foundation
import Testing

@testable import Reports

/// Realistic plans for the report tests: a batch with ready, follow-up and not-now people,
/// four scheduled groups over real dates (across the switch to summer time), one unscheduled
/// group, facilitators, rooms, unplaced people and a diagnosis.
enum TestPlans {
  static let sectors = ["Healthcare", "Education", "Government", "Finance", "Retail", "Tech"]
  static let organizations = [
    "Zorggroep Noord", "Hogeschool West", "Gemeente Oost", "Bank Zuid", "Winkelketen",
    "Softwarehuis", "Ziekenhuis Midden", "Provincie",
  ]

  /// A candidate id; three digits so that no id is a substring of another.
  static func id(_ k: Int) -> String { "cand-" + String(format: "%03d", k) }

  /// Readiness values that appear nowhere else in the outputs (two distinctive decimals).
  static func readiness(_ k: Int) -> Double { 3.51 + Double(k % 40) * 0.037 }

  struct PersonSpec {
    var k: Int
    var status: String
    var slots: [String]
    var manager: Int? = nil
    var avoid: [Int] = []
  }

  /// The groups: id, member numbers, slot, format.
  static let groupSpecs: [(id: String, members: [Int], slot: String, format: String)] = [
    ("G01", [1, 2, 3, 4, 5, 6], "tue-pm", "in-person"),
    ("G02", [7, 8, 9, 10, 11, 12, 13], "wed-eve", "in-person"),
    ("G03", [14, 15, 16, 17, 18, 19], "tue-pm", "in-person"),
    ("G04", [20, 21, 22, 23, 24], "thu-am", "online"),
    ("G05", [25, 26, 27, 28, 29], "fri-am", "in-person"),
  ]

  static func person(_ spec: PersonSpec, name: String? = nil, email: String? = nil)
    throws -> PlanDocument.Person
  {
    let k = spec.k
    let json: [String: Any] = [
      "id": id(k), "name": name ?? "Person \(k) Example",
      "email": email ?? "person\(k)@example.org",
      "organization": organizations[k % organizations.count], "department": NSNull(),
      "sector": sectors[k % sectors.count], "profession": NSNull(),
      "level": k % 3 == 0 ? "senior" : "professional",
      "manager_id": spec.manager.map { id($0) } ?? NSNull(),
      "years_experience": Double((k * 7) % 29 + 1), "language": "nl",
      "format": "either", "region": NSNull(), "availability": spec.slots,
      "needs_accessible": k == 3, "avoid": spec.avoid.map { id($0) },
      "learning_goal": "Goal \(k): better conversations with clients",
      "intake_date": "2026-10-\(String(format: "%02d", k % 28 + 1))",
      "readiness": spec.status == "left" ? NSNull() : readiness(k),
      "status": spec.status, "line": k + 1,
    ]
    return try decode(json)
  }

  static func decode<T: Decodable>(_ json: [String: Any]) throws -> T {
    let data = try JSONSerialization.data(withJSONObject: json)
    return try JSONDecoder().decode(T.self, from: data)
  }

  static func group(_ id: String, members: [Int], slot: String, format: String, diversity: Double)
    throws -> PlanDocument.Group
  {
    let years = members.map { Double(($0 * 7) % 29 + 1) }
    return try decode([
      "id": id, "members": members.map(Self.id), "language": "nl", "format": format,
      "slots": [slot],
      "scores": [
        "diversity": diversity, "value": diversity - 0.2, "distinct_sectors": 4,
        "experience_range": [years.min() ?? 0, years.max() ?? 0], "level_gap": 0,
        "size": members.count,
      ] as [String: Any],
    ])
  }

  /// Sessions every `cadenceWeeks` from the first `weekday` on or after 2027-01-11, at the
  /// slot's local time in Amsterdam, written with the offset of that date (so summer time shows).
  static func sessions(
    slot: String, count: Int, cadenceWeeks: Int, members: [String], facilitatedFirst: Int
  ) -> [PlanDocument.Session] {
    var calendar = Calendar(identifier: .gregorian)
    let zone = TimeZone(identifier: "Europe/Amsterdam") ?? .gmt
    calendar.timeZone = zone
    let parts = slot.split(separator: "-").map(String.init)
    let weekdayIndex =
      ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].firstIndex(of: parts[0]) ?? 0
    let hour = ["am": 9, "pm": 14, "eve": 19][parts.count > 1 ? parts[1] : "pm"] ?? 14
    let minute = parts.count > 1 && parts[1] == "am" ? 30 : 0
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = zone
    formatter.formatOptions = [.withInternetDateTime]
    var result: [PlanDocument.Session] = []
    for n in 0..<count {
      let day = 11 + weekdayIndex + n * cadenceWeeks * 7
      guard
        let start = calendar.date(
          from: DateComponents(year: 2027, month: 1, day: day, hour: hour, minute: minute)),
        let end = calendar.date(byAdding: .hour, value: 2, to: start)
      else { continue }
      result.append(
        PlanDocument.Session(
          number: n + 1, uid: "kring-\(slot)-\(n + 1)@example",
          start: formatter.string(from: start),
          end: formatter.string(from: end), format: "in-person", facilitated: n < facilitatedFirst,
          available: n == 2 ? Array(members.dropLast()) : members))
    }
    return result
  }

  /// The realistic plan; `rename` replaces names (by candidate number) to plant hostile text.
  static func plan(
    rename: [Int: String] = [:], facilitatorNames: [String: String] = [:],
    roomNames: [String: String] = [:], learningGoals: [Int: String] = [:],
    facilitatorIDs: [String: String] = [:]
  ) throws -> PlanDocument {
    let slotsByMember: [Int: String] = Dictionary(
      uniqueKeysWithValues: groupSpecs.flatMap { g in g.members.map { ($0, g.slot) } })
    var people: [PlanDocument.Person] = []
    for k in 1...36 {
      let status: String
      switch k {
      case 30, 31: status = "follow-up"
      case 32: status = "not-now"
      case 33: status = "left"
      default: status = "ready"
      }
      let slot = slotsByMember[k] ?? "mon-am"
      let spec = PersonSpec(
        k: k, status: status, slots: [slot, "mon-eve"],
        // Reporting lines and avoid lists cross groups, as they must.
        manager: k == 8 ? 2 : (k == 15 ? 9 : nil),
        avoid: k == 4 ? [16] : (k == 21 ? [34] : []))
      var p = try person(spec, name: rename[k])
      if let goal = learningGoals[k] { p.learningGoal = goal }
      people.append(p)
    }
    let fid = { (f: String) in facilitatorIDs[f] ?? f }
    let groups = try groupSpecs.enumerated().map { k, g in
      try group(
        g.id, members: g.members, slot: g.slot, format: g.format,
        diversity: 2.4 + Double(k) * 0.31 - (g.id == "G03" ? 1.1 : 0))
    }
    let assignment: [String: (facilitator: String?, room: String?, phase: Int)] = [
      "G01": (fid("f1"), "r1", 0), "G02": (fid("f2"), "r2", 0), "G03": (fid("f1"), "r1", 1),
      "G04": (fid("f3"), nil, 0),
    ]
    var schedule: [PlanDocument.ScheduledGroup] = []
    for g in groupSpecs where g.id != "G05" {
      guard let a = assignment[g.id] else { continue }
      let members = g.members.map(id)
      var sessions = Self.sessions(
        slot: g.slot, count: 6, cadenceWeeks: 4, members: members, facilitatedFirst: 2)
      // G03 meets in the alternating weeks of G01's facilitator and room.
      if a.phase == 1 { sessions = shifted(sessions, days: 14) }
      if g.format == "online" {
        sessions = sessions.map { s in
          var s = s
          s.format = "online"
          return s
        }
      }
      // Each session records who guides it and where, as a plan does.
      sessions = sessions.map { s in
        var s = s
        s.facilitator = s.facilitated ? a.facilitator : nil
        s.room = s.format == "in-person" ? a.room : nil
        return s
      }
      schedule.append(
        PlanDocument.ScheduledGroup(
          group: g.id, facilitator: a.facilitator, room: a.room, slot: g.slot, phase: a.phase,
          sessions: sessions))
    }
    let facilitators = ["f1", "f2", "f3", "f4"].map { f in
      PlanDocument.FacilitatorRecord(
        id: fid(f), name: facilitatorNames[f] ?? "Facilitator \(f.uppercased())",
        email: "\(f)@coaches.example", languages: ["nl", "en"], organization: "Coachbureau",
        availability: ["tue-pm", "wed-eve", "thu-am"], maxGroups: 2, unavailable: [])
    }
    let rooms = ["r1", "r2"].map { r in
      PlanDocument.RoomRecord(
        id: r, name: roomNames[r] ?? "Room \(r.uppercased())", capacity: 9, accessible: r == "r1",
        availability: ["tue-pm", "wed-eve"], region: "Utrecht")
    }
    let unplaced: [PlanDocument.Unplaced] = [
      .init(
        id: id(30), code: "not-ready",
        evidence: [
          "status": .text("follow-up"), "readiness": .number(2.91), "ready_at": .number(3.5),
        ],
        message: "readiness 2.91 is below 3.5 (follow-up); a follow-up talk comes first"),
      .init(
        id: id(31), code: "not-ready",
        evidence: [
          "status": .text("follow-up"), "readiness": .number(3.12), "ready_at": .number(3.5),
        ],
        message: "readiness 3.12 is below 3.5"),
      .init(
        id: id(32), code: "not-ready",
        evidence: [
          "status": .text("not-now"), "readiness": .number(1.7), "ready_at": .number(3.5),
        ],
        message: "readiness 1.7 is below 3.5"),
      .init(id: id(33), code: "left", evidence: [:], message: "left"),
      .init(
        id: id(34), code: "no-compatible-peers",
        evidence: [
          "compatible_peers": .int(2), "size_min": .int(5), "peers": .list([id(35), id(36)]),
        ], message: "only 2 ready candidate(s) could ever share a group"),
      .init(
        id: id(35), code: "no-shared-slot",
        evidence: [
          "compatible_peers": .int(7), "most_at_one_slot": .int(3), "best_slots": .list(["mon-am"]),
          "size_min": .int(5),
        ], message: "7 candidates could share a group"),
      .init(
        id: id(36), code: "future-code", evidence: [:],
        message: "a reason this version does not know"),
    ]
    let diagnosis: [PlanDocument.Diagnosis] = [
      .init(
        kind: "config", set: "groups.hierarchy.max_level_gap=1", placesMore: 3, code: "level-gap",
        message: "allowing a level gap of 1 places 3 more"),
      .init(
        kind: "config", set: "groups.separate.organization=2", placesMore: 2,
        code: "separate-organization", message: "allowing 2 per group from one organization"),
      .init(
        kind: "candidates", ids: [id(34), id(35), id(36)], placesMore: 3, code: "shared-slot",
        message: "they would form a group"),
    ]
    let unscheduled: [PlanDocument.Unscheduled] = [
      .init(
        group: "G05", code: "no-facilitator", need: "facilitator language=nl slot=fri-am",
        evidence: ["language": "nl", "slots": "fri-am"], message: "no facilitator")
    ]
    let grouping: PlanDocument.GroupingSummary = try decode([
      "status": "feasible", "stopped_by": "iterations", "objective": 14.8, "bound": 15.3,
      "components": 3, "components_exact": 2, "placed": 29, "participants": 32,
    ])
    return PlanDocument(
      kring: .init(
        version: "0.1.0", seed: 1, program: "intervision",
        config: .map(["schedule": .map(["sessions": .int(6)])]), input: "intake.csv"),
      people: people, groups: groups, unplaced: unplaced, diagnosis: diagnosis,
      schedule: schedule, unscheduled: unscheduled, facilitators: facilitators, rooms: rooms,
      solver: .init(
        grouping: grouping,
        scheduling: .init(
          status: "optimal", objective: 0.97, bound: 0.97, gap: 0, scheduled: 4, unscheduled: 1)))
  }

  static func shifted(_ sessions: [PlanDocument.Session], days: Int) -> [PlanDocument.Session] {
    let formatter = ISO8601DateFormatter()
    let zone = TimeZone(identifier: "Europe/Amsterdam") ?? .gmt
    formatter.timeZone = zone
    formatter.formatOptions = [.withInternetDateTime]
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    return sessions.map { s in
      var s = s
      if let start = formatter.date(from: s.start), let end = formatter.date(from: s.end),
        let a = calendar.date(byAdding: .day, value: days, to: start),
        let b = calendar.date(byAdding: .day, value: days, to: end)
      {
        s.start = formatter.string(from: a)
        s.end = formatter.string(from: b)
        s.uid = s.uid.replacingOccurrences(of: "@", with: "-b@")
      }
      return s
    }
  }

  /// The files of a plan by path.
  static func files(_ plan: PlanDocument, _ options: ReportOptions = ReportOptions()) -> [String:
    String]
  {
    Dictionary(
      ReportBuilder.files(for: plan, options: options).map { ($0.name, $0.contents) },
      uniquingKeysWith: { a, _ in a })
  }

  /// The files facilitators and groups receive.
  static func shareable(_ files: [String: String]) -> [(String, String)] {
    files.filter { $0.key.hasPrefix("facilitators/") || $0.key.hasPrefix("groups/") }
      .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }
}
