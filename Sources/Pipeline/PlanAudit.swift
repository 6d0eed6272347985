import Foundation
import Grouping
import Intake
import Reports

/// Kring's audit of a finished plan: every hard rule of its groups, asked of the one
/// ``RuleSet`` under the plan's own recorded rules, every booking of its schedule, and the
/// plan's shape (nobody unknown or placed twice, no group id used twice).
///
/// Run on every plan Kring is about to write (a finding there is a bug: exit 4) and on
/// every plan read from disk (a finding there is invalid input). The tests judge plans with
/// their own checker, which shares no code with this one.
public struct PlanAudit: Sendable {
  /// A finding, as `plan.json` records it.
  public typealias Finding = PlanDocument.Audit.Finding

  /// Hard grouping rules broken, and structural faults.
  public var rules: [Finding]
  /// Double bookings, capacity or language mismatches in the schedule.
  public var conflicts: [Finding]
  /// What could not be checked (earlier plans for `met_before` that cannot be read).
  public var notes: [String]

  /// Whether nothing was found.
  public var isClean: Bool { rules.isEmpty && conflicts.isEmpty }

  /// The findings as `plan.json`'s `audit` section, or `nil` when there are none.
  public var record: PlanDocument.Audit? {
    isClean ? nil : PlanDocument.Audit(rules: rules, conflicts: conflicts)
  }

  /// Audits `plan` against its own recorded rules; messages in `language`.
  ///
  /// - Parameter followHistory: whether `met_before` is checked against the earlier plans
  ///   the plan's rules name.
  public static func check(
    _ plan: PlanDocument, file: String = "plan.json", language: OutputLanguage = .en,
    followHistory: Bool = true
  ) -> PlanAudit {
    var audit = PlanAudit(rules: [], conflicts: [], notes: [])
    do {
      let planRules = try PlanRules(plan, file: file, followHistory: followHistory)
      audit.notes = planRules.notes
      audit.checkGroups(planRules, language: language)
    } catch {
      audit.rules.append(
        Finding(
          code: "config", group: nil,
          message: "the plan's rules cannot be read: \(error.diagnostics.first?.message ?? "")"))
    }
    audit.checkSchedule(plan)
    return audit
  }

  private mutating func checkGroups(_ planRules: PlanRules, language: OutputLanguage) {
    let plan = planRules.plan
    let ruleSet = planRules.rules
    func found(_ code: String, _ group: String?, _ people: [String], _ message: String) {
      rules.append(Finding(code: code, group: group, people: people, message: message))
    }

    // The plan's shape: people and groups named once, members known.
    var seenPeople = Set<CandidateID>()
    for p in plan.people where !seenPeople.insert(CandidateID(p.id)).inserted {
      found("duplicate-person", nil, [p.id], "\(p.id) is listed twice among the people")
    }
    var seenGroups = Set<String>()
    var placed: [CandidateID: String] = [:]
    for g in plan.groups {
      if !seenGroups.insert(g.id).inserted {
        found("duplicate-group", g.id, [], "\(g.id): two groups have this id")
      }
      for id in g.members {
        let key = CandidateID(id)
        if ruleSet.index[key] == nil {
          found("unknown-member", g.id, [id], "\(g.id): \(id) is not among the plan's people")
        }
        if let other = placed[key] {
          found("placed-twice", g.id, [id], "\(g.id): \(id) is also in \(other)")
        } else {
          placed[key] = g.id
        }
      }
    }

    // Every hard rule of every group, by the one rule set.
    for g in plan.groups {
      for v in ruleSet.violations(ofGroup: g.members.map { CandidateID($0) }, checkMinimum: true) {
        found(
          v.rule.code, g.id, v.people.map(\.rawValue),
          "\(g.id): " + Messages.violation(v, language: language))
      }
    }

    // keep_together across groups: everyone of a set who is placed or ready-and-unplaced
    // belongs in one group.
    let ready = Set(plan.people.filter { $0.status == "ready" }.map { CandidateID($0.id) })
    for set in ruleSet.keepTogether {
      let ids = set.map { ruleSet.candidates[$0].id }
      let bound = ids.filter { placed[$0] != nil || ready.contains($0) }
      let where_ = Set(bound.map { placed[$0] ?? "" })
      guard bound.count > 1, where_.count > 1 else { continue }
      let v = RuleViolation(rule: .keepTogether, people: bound)
      found(
        v.rule.code, nil, bound.map(\.rawValue), Messages.violation(v, language: language))
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
        conflicts.append(
          Finding(code: code, group: entry.group, message: "\(entry.group): \(message)"))
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
          let organizations = Set(members.compactMap { ValueKey.of($0.organization) })
          if let own = ValueKey.of(f.organization), organizations.contains(own) {
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
            code: "facilitator-load", group: nil,
            message: "\(id) has \(count) groups, at most \(f.maxGroups)"))
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
              code: "double-booking", group: nil,
              message: "\(resource): \(a.label) overlaps \(b.label)"))
        }
        if latest.map({ b.end > $0.end }) ?? true { latest = (b.end, b.label) }
      }
    }
    conflicts.sort { ($0.code, $0.message) < ($1.code, $1.message) }
  }
}

/// A deliberate fault put into a plan just before its audit, for tests only.
///
/// It tests what Kring does when its own audit finds a broken rule (exit 4, the report's
/// banner, `plan.json`'s `audit`). Only code in this package can set one; no input reaches
/// it.
package typealias PlanFault = @Sendable (inout PlanDocument) -> Void

extension PlanAudit {
  /// Audits a plan Kring is about to write and records any finding in the plan itself, so
  /// that `plan.json` and the reports carry it.
  static func seal(
    _ plan: inout PlanDocument, language: OutputLanguage, fault: PlanFault? = nil
  ) -> PlanAudit {
    fault?(&plan)
    let audit = check(plan, language: language)
    plan.audit = audit.record
    return audit
  }
}
