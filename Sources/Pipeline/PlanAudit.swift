import Foundation
import Grouping
import Intake
import Reports

/// An independent re-check of a finished plan: every hard rule of its groups and every
/// booking of its schedule, from `plan.json` alone.
///
/// It shares no code with the solvers on purpose, so that the summary's "rules broken" and
/// "conflicts" are measured, not asserted.
public struct PlanAudit: Sendable, Hashable, Codable {
  /// One broken rule or conflict, with the group(s) and people or resources involved.
  public struct Finding: Sendable, Hashable, Codable {
    public var code: String
    public var message: String
  }

  /// Hard grouping rules broken.
  public var rules: [Finding]
  /// Double bookings, capacity or language mismatches in the schedule.
  public var conflicts: [Finding]

  /// Audits `plan` against its own recorded rules.
  public static func check(_ plan: PlanDocument) -> PlanAudit {
    var audit = PlanAudit(rules: [], conflicts: [])
    guard let config = try? KringConfig(normalized: plan.kring.config) else {
      audit.rules.append(Finding(code: "config", message: "the plan's rules cannot be read"))
      return audit
    }
    audit.checkGroups(plan, config)
    audit.checkSchedule(plan)
    return audit
  }

  private mutating func checkGroups(_ plan: PlanDocument, _ config: KringConfig) {
    let limits = config.groups
    let people = Dictionary(plan.people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let levels = config.intake.levels
    func rank(_ p: PlanDocument.Person) -> Int? {
      guard let level = p.level else { return nil }
      return levels.firstIndex(of: level) ?? Int(level).map { $0 - 1 }
    }
    func chain(_ id: String) -> Set<String> {
      var seen: Set<String> = []
      var next = people[id]?.managerId
      while let manager = next, !seen.contains(manager) {
        seen.insert(manager)
        next = people[manager]?.managerId
      }
      return seen
    }
    var placed: [String: String] = [:]
    for g in plan.groups {
      let members = g.members.compactMap { people[$0] }
      func broken(_ code: String, _ message: String) {
        rules.append(Finding(code: code, message: "\(g.id): \(message)"))
      }
      for id in g.members {
        if let other = placed[id] { broken("placed-twice", "\(id) is also in \(other)") }
        placed[id] = g.id
      }
      if members.count < limits.size.min || members.count > limits.size.max {
        broken("size", "\(members.count) members, allowed \(limits.size.min)…\(limits.size.max)")
      }
      if limits.match.contains("language") && Set(members.map(\.language)).count > 1 {
        broken("language", "members speak different languages")
      }
      if limits.match.contains("format") {
        let formats = Set(members.map(\.format)).subtracting(["either"])
        if formats.count > 1 { broken("format", "members need both online and in-person") }
      }
      for (attribute, limit) in limits.separate {
        var counts: [String: Int] = [:]
        for p in members {
          let value: String? =
            switch attribute {
            case "organization": p.organization
            case "department": p.department.map { "\(p.organization ?? "")/\($0)" }
            case "sector": p.sector
            case "profession": p.profession
            case "region": p.region
            default: nil
            }
          if let value, !value.isEmpty { counts[value.lowercased(), default: 0] += 1 }
        }
        for (value, count) in counts where count > limit {
          broken("separate", "\(count) share \(attribute) \(value), at most \(limit) allowed")
        }
      }
      if let gap = limits.hierarchy.maxLevelGap {
        let ranks = members.compactMap(rank)
        if let low = ranks.min(), let high = ranks.max(), high - low > gap {
          broken("level-gap", "levels differ by \(high - low), at most \(gap) allowed")
        }
      }
      let ids = Set(g.members)
      for p in members {
        if limits.hierarchy.separateReportingLines, !chain(p.id).isDisjoint(with: ids) {
          broken("reporting-line", "\(p.id) is in the same group as someone they report to")
        }
        for other in p.avoid where ids.contains(other) {
          broken("avoid", "\(p.id) asked not to be with \(other)")
        }
      }
      for pair in limits.keepApart where pair.filter({ ids.contains($0.rawValue) }).count > 1 {
        broken("keep-apart", "\(pair.map(\.rawValue).joined(separator: ", ")) must be apart")
      }
      var shared = SlotSet(mask: 0x1F_FFFF)
      for p in members {
        shared = shared.intersection(SlotSet(p.availability.compactMap(Slot.init(token:))))
      }
      if shared.count < limits.minCommonSlots {
        broken(
          "common-slots", "the members share \(shared.count) slots, \(limits.minCommonSlots) needed"
        )
      }
    }
    for together in limits.keepTogether {
      let groups = Set(together.map { placed[$0.rawValue] ?? "unplaced" })
      if groups.count > 1 {
        rules.append(
          Finding(
            code: "keep-together",
            message: "\(together.map(\.rawValue).joined(separator: ", ")) are split"))
      }
    }
  }

  private mutating func checkSchedule(_ plan: PlanDocument) {
    let groups = Dictionary(plan.groups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let people = Dictionary(plan.people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let facilitators = Dictionary(
      plan.facilitators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let rooms = Dictionary(plan.rooms.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var bookings: [String: [(start: Date, end: Date, label: String)]] = [:]
    var load: [String: Int] = [:]
    let iso = ISOTime()
    for entry in plan.schedule where !entry.sessions.isEmpty {
      let members = groups[entry.group]?.members.compactMap { people[$0] } ?? []
      func conflict(_ code: String, _ message: String) {
        conflicts.append(Finding(code: code, message: "\(entry.group): \(message)"))
      }
      if let id = entry.facilitator {
        load[id, default: 0] += 1
        if let f = facilitators[id] {
          if let language = groups[entry.group]?.language, !f.languages.contains(language) {
            conflict("facilitator-language", "\(id) does not speak \(language)")
          }
          if !f.availability.contains(entry.slot) {
            conflict("facilitator-slot", "\(id) is not available on \(entry.slot)")
          }
          let organizations = Set(members.compactMap { $0.organization?.lowercased() })
          if let own = f.organization?.lowercased(), organizations.contains(own) {
            conflict("facilitator-organization", "\(id) works at a member's organisation")
          }
        } else {
          conflict("facilitator-unknown", "\(id) is not among the plan's facilitators")
        }
      }
      if let id = entry.room {
        if let r = rooms[id] {
          if r.capacity < members.count + 1 {
            conflict(
              "room-capacity", "\(id) seats \(r.capacity), the group needs \(members.count + 1)")
          }
          if members.contains(where: \.needsAccessible) && !r.accessible {
            conflict("room-accessible", "\(id) is not accessible")
          }
          if !r.availability.contains(entry.slot) {
            conflict("room-slot", "\(id) is not available on \(entry.slot)")
          }
        } else {
          conflict("room-unknown", "\(id) is not among the plan's rooms")
        }
      }
      for session in entry.sessions {
        guard let start = iso.date(session.start), let end = iso.date(session.end)
        else {
          conflict("session-time", "session \(session.number) has no valid time")
          continue
        }
        let label = "\(entry.group) session \(session.number)"
        if let id = entry.facilitator, session.facilitated {
          bookings["facilitator \(id)", default: []].append((start, end, label))
          let day = String(session.start.prefix(10))
          if let f = facilitators[id],
            f.unavailable.contains(where: { range in
              let parts = range.components(separatedBy: "..")
              return (parts.first ?? range) <= day && day <= (parts.last ?? range)
            })
          {
            conflict("facilitator-unavailable", "\(id) is unavailable on \(day)")
          }
        }
        if let id = entry.room, session.format == "in-person" {
          bookings["room \(id)", default: []].append((start, end, label))
        }
      }
    }
    for (id, count) in load {
      if let f = facilitators[id], count > f.maxGroups {
        conflicts.append(
          Finding(
            code: "facilitator-load", message: "\(id) has \(count) groups, at most \(f.maxGroups)"))
      }
    }
    for (resource, list) in bookings {
      let sorted = list.sorted { ($0.start, $0.label) < ($1.start, $1.label) }
      // The booking that ends last so far: any later start before its end overlaps it.
      var latest: (end: Date, label: String)? = nil
      for b in sorted {
        if let a = latest, b.start < a.end {
          conflicts.append(
            Finding(
              code: "double-booking", message: "\(resource): \(a.label) overlaps \(b.label)"))
        }
        if latest.map({ b.end > $0.end }) ?? true { latest = (b.end, b.label) }
      }
    }
    conflicts.sort { ($0.code, $0.message) < ($1.code, $1.message) }
  }
}
