import Grouping
import Intake
import Reports
import Scheduling

/// `kind: resource` diagnosis: for each resource an unscheduled group lacks, how many groups
/// adding it would schedule, measured by scheduling again with it.
enum ResourceDiagnosis {
  /// Appends the additions that schedule more people to `outcome.found` (after what is there,
  /// best first) and the ones there was no time to measure to `outcome.skipped`.
  static func run(
    groups: [FormedGroup], schedule: ScheduleResult, prepared: PreparedBatch,
    coverage: ResourceCoverage, timeLimit: Double, into outcome: inout Diagnosis.Outcome
  ) {
    var needs: [ResourceNeed] = []
    var waiting: [ResourceNeed: [String]] = [:]
    for u in schedule.unscheduled {
      guard let need = u.need else { continue }
      if waiting[need] == nil { needs.append(need) }
      waiting[need, default: []].append(u.group)
    }
    let scheduledBefore = Set(schedule.scheduled.map(\.group))
    let sizes = Dictionary(
      groups.map { ($0.id, $0.members.count) }, uniquingKeysWith: { a, _ in a })
    var found: [(Int, Int, PlanDocument.Diagnosis)] = []
    for (order, need) in needs.enumerated() {
      // A schedule cut short by the deadline would measure nothing; say so instead.
      guard !prepared.deadline.hasPassed else {
        outcome.skipped.append(need.description)
        continue
      }
      let count = min(4, waiting[need]?.count ?? 1)
      var extraFacilitators: [Facilitator] = []
      var extraRooms: [Room] = []
      switch need.kind {
      case .facilitator:
        extraFacilitators.append(
          Facilitator(
            id: FacilitatorID("+added"), name: "added facilitator",
            languages: need.language.map { [$0] } ?? [], availability: SlotSet([need.slot]),
            maxGroups: count))
      case .room:
        extraRooms.append(
          Room(
            id: RoomID("+added"), name: "added room",
            capacity: max(need.capacity ?? 0, prepared.groupsConfig.size.max + 1),
            accessible: need.accessible, availability: SlotSet([need.slot])))
      }
      guard
        let after = try? PlanJob.scheduleGroups(
          groups, prepared: prepared, coverage: coverage, timeLimit: timeLimit,
          extraFacilitators: extraFacilitators, extraRooms: extraRooms)
      else { continue }
      let gained = after.scheduled.map(\.group).filter { !scheduledBefore.contains($0) }
      let lost = scheduledBefore.subtracting(after.scheduled.map(\.group))
      let people =
        gained.reduce(0) { $0 + (sizes[$1] ?? 0) } - lost.reduce(0) { $0 + (sizes[$1] ?? 0) }
      guard people > 0 else { continue }
      let slot = need.slot.token
      let what =
        need.kind == .facilitator
        ? "a facilitator\(need.language.map { " for language \($0)" } ?? "") on \(slot) (up to \(count) group\(count == 1 ? "" : "s"))"
        : "a room for \(need.capacity.map(String.init) ?? "the group")\(need.accessible ? ", accessible," : "") on \(slot)"
      found.append(
        (
          people, order,
          PlanDocument.Diagnosis(
            kind: "resource", add: need.description, groups: gained.sorted(by: naturalLess),
            placesMore: people,
            code: need.kind == .facilitator ? "add-facilitator" : "add-room",
            message:
              "adding \(what) would schedule \(gained.count) more group\(gained.count == 1 ? "" : "s") (\(gained.sorted(by: naturalLess).joined(separator: ", "))), \(people) people"
          )
        ))
    }
    found.sort { ($0.0, -$0.1) > ($1.0, -$1.1) }
    outcome.found += found.map(\.2)
  }
}
