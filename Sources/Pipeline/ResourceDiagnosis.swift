import Grouping
import Intake
import Reports
import Scheduling

/// `kind: resource` diagnosis: for each resource an unscheduled group lacks, how many groups
/// adding it would schedule, measured by scheduling again with it.
enum ResourceDiagnosis {
  /// A facilitator or room in `need` syntax, such as `facilitator language=en slot=thu-eve`.
  struct Need: Hashable {
    var kind: String
    var fields: [String: String]

    init?(_ text: String) {
      let words = text.split(separator: " ").map(String.init)
      guard let first = words.first, first == "facilitator" || first == "room" else { return nil }
      kind = first
      var fields: [String: String] = [:]
      for word in words.dropFirst() {
        let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
        guard pair.count == 2 else { return nil }
        fields[pair[0]] = pair[1]
      }
      self.fields = fields
    }

    var slot: Slot? { fields["slot"].flatMap(Slot.init(token:)) }
  }

  static func run(
    groups: [FormedGroup], schedule: ScheduleResult, prepared: PreparedBatch,
    coverage: ResourceCoverage, timeLimit: Double
  ) -> [PlanDocument.Diagnosis] {
    var needs: [String] = []
    var waiting: [String: [String]] = [:]
    for u in schedule.unscheduled {
      guard let need = u.need else { continue }
      if waiting[need] == nil { needs.append(need) }
      waiting[need, default: []].append(u.group)
    }
    let scheduledBefore = Set(schedule.scheduled.map(\.group))
    let sizes = Dictionary(
      groups.map { ($0.id, $0.members.count) }, uniquingKeysWith: { a, _ in a })
    var found: [(Int, Int, PlanDocument.Diagnosis)] = []
    for (order, text) in needs.enumerated() {
      guard let need = Need(text), let slot = need.slot else { continue }
      let count = min(4, waiting[text]?.count ?? 1)
      var extraFacilitators: [Facilitator] = []
      var extraRooms: [Room] = []
      if need.kind == "facilitator" {
        extraFacilitators.append(
          Facilitator(
            id: FacilitatorID("+added"), name: "added facilitator",
            languages: need.fields["language"].map { [$0] } ?? [],
            availability: SlotSet([slot]), maxGroups: count))
      } else {
        let capacity = need.fields["capacity"].flatMap(Int.init) ?? 0
        extraRooms.append(
          Room(
            id: RoomID("+added"), name: "added room",
            capacity: max(capacity, prepared.groupsConfig.size.max + 1),
            accessible: need.fields["accessible"] == "yes", availability: SlotSet([slot])))
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
      let what =
        need.kind == "facilitator"
        ? "a facilitator\(need.fields["language"].map { " for language \($0)" } ?? "") on \(slot.token) (up to \(count) group\(count == 1 ? "" : "s"))"
        : "a room for \(need.fields["capacity"] ?? "the group")\(need.fields["accessible"] == "yes" ? ", accessible," : "") on \(slot.token)"
      found.append(
        (
          people, order,
          PlanDocument.Diagnosis(
            kind: "resource", add: text, groups: gained.sorted(by: naturalLess),
            placesMore: people,
            code: need.kind == "facilitator" ? "add-facilitator" : "add-room",
            message:
              "adding \(what) would schedule \(gained.count) more group\(gained.count == 1 ? "" : "s") (\(gained.sorted(by: naturalLess).joined(separator: ", "))), \(people) people"
          )
        ))
    }
    found.sort { ($0.0, -$0.1) > ($1.0, -$1.1) }
    return found.map(\.2)
  }
}
