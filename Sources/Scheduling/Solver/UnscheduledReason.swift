import Intake

/// Decides why a group has no schedule by testing it alone against the resources, then
/// against what the other groups booked.
enum UnscheduledReason {
  static func explain(
    _ entry: GroupCandidates, bookings: Bookings, problem: ScheduleProblem
  ) -> UnscheduledGroup {
    let group = entry.group
    let size = group.members.count
    var evidence: [String: String] = [
      "size": "\(size)", "quorum": "\(entry.quorum)",
    ]
    if let language = group.language { evidence["language"] = language }
    guard let best = entry.quorumSlots.first else {
      let message =
        "Group \(group.id) has no weekly slot where \(entry.quorum) of its \(size) members "
        + "can meet, so it cannot get a recurring slot."
      return UnscheduledGroup(
        group: group.id, code: .noQuorumSlot, need: nil, evidence: evidence, message: message)
    }
    evidence["slots"] = entry.quorumSlots.map(\.slot.token).joined(separator: " ")
    let facilitatorOptions = entry.all.filter { !$0.facilitators.isEmpty }
    let roomOptions = entry.all.filter { !$0.rooms.isEmpty }
    let who = group.language.map { "speaks \($0), " } ?? ""
    if facilitatorOptions.isEmpty {
      return UnscheduledGroup(
        group: group.id, code: .noFacilitator,
        need: facilitatorNeed(group, best.slot), evidence: evidence,
        message:
          "No facilitator \(who)is free at a slot where the quorum of group \(group.id) can meet "
          + "(\(evidence["slots"] ?? "")), can guide at least one of its sessions and is from no "
          + "member's organisation.")
    }
    if entry.needsRoom && roomOptions.isEmpty {
      return UnscheduledGroup(
        group: group.id, code: .noRoom, need: roomNeed(group, best.slot), evidence: evidence,
        message:
          "No room seats \(size + 1) (the group and its facilitator)"
          + (group.needsAccessible ? ", is accessible" : "")
          + " and is free at a slot where the quorum of group \(group.id) can meet "
          + "(\(evidence["slots"] ?? "")).")
    }
    let usable = entry.usable
    if usable.isEmpty, let roomSlot = roomOptions.first {
      let slot = TimeGrid.slot(of: roomSlot.time)
      evidence["facilitator_slots"] = tokens(facilitatorOptions)
      evidence["room_slots"] = tokens(roomOptions)
      return UnscheduledGroup(
        group: group.id, code: .noCommonSlot, need: facilitatorNeed(group, slot),
        evidence: evidence,
        message:
          "Group \(group.id) has a suitable facilitator at \(evidence["facilitator_slots"] ?? "") "
          + "and a suitable room at \(evidence["room_slots"] ?? ""), but never at the same slot.")
    }
    // The group fits on its own, so other groups took what it needs. When a facilitator is
    // still free at a usable slot, the rooms are what ran out.
    let withFreeFacilitator = usable.filter { option in
      option.facilitators.contains { bookings.facilitatorFree($0, at: option.time) }
    }
    if entry.needsRoom, let option = withFreeFacilitator.first {
      let slot = TimeGrid.slot(of: option.time)
      return UnscheduledGroup(
        group: group.id, code: .roomsFull, need: roomNeed(group, slot), evidence: evidence,
        message:
          "Every room that seats \(size + 1)"
          + (group.needsAccessible ? " and is accessible" : "")
          + " is booked by other groups at the slots where group \(group.id) has a facilitator "
          + "(\(tokens(withFreeFacilitator))).")
    }
    let slot = TimeGrid.slot(of: (usable.first ?? facilitatorOptions[0]).time)
    return UnscheduledGroup(
      group: group.id, code: .facilitatorsFull, need: facilitatorNeed(group, slot),
      evidence: evidence,
      message:
        "The facilitators who can guide group \(group.id)"
        + (group.language.map { " in \($0)" } ?? "")
        + " at its slots (\(tokens(usable.isEmpty ? facilitatorOptions : usable))) are taken: "
        + "they guide other groups at that time or have reached their max_groups.")
  }

  /// Why a group whose weekly slot was found still has sessions without a facilitator or a
  /// room: the session that could not be placed and the dates it could have taken.
  static func explain(
    _ entry: GroupCandidates, failure: SessionPlanner.Failure, problem: ScheduleProblem,
    calendar: SessionCalendar
  ) -> UnscheduledGroup {
    let group = entry.group
    let slot = failure.slot
    let dates = failure.days.map(CivilDay.iso)
    var evidence: [String: String] = [
      "size": "\(group.members.count)", "session": "\(failure.number)",
      "dates": dates.joined(separator: " "),
      "max_gap": "\(problem.config.effectiveMaxGapWeeks)", "slots": slot.token,
    ]
    if let language = group.language { evidence["language"] = language }
    let when = dates.isEmpty ? "" : " (\(dates.joined(separator: ", ")))"
    switch failure.kind {
    case .facilitator:
      return UnscheduledGroup(
        group: group.id, code: .noStandIn, need: facilitatorNeed(group, slot),
        evidence: evidence,
        message:
          "Nobody can guide session \(failure.number) of group \(group.id) on any date within "
          + "max_gap\(when): its facilitators are away or booked then and no stand-in"
          + (group.language.map { " who speaks \($0)" } ?? "") + " is free.")
    case .room:
      return UnscheduledGroup(
        group: group.id, code: .noRoomOnDate, need: roomNeed(group, slot), evidence: evidence,
        message:
          "No room that seats \(group.members.count + 1)"
          + (group.needsAccessible ? " and is accessible" : "")
          + " is free for session \(failure.number) of group \(group.id) on any date within "
          + "max_gap\(when).")
    }
  }

  private static func facilitatorNeed(_ group: GroupToSchedule, _ slot: Slot) -> ResourceNeed {
    .facilitator(language: group.language, slot: slot)
  }

  private static func roomNeed(_ group: GroupToSchedule, _ slot: Slot) -> ResourceNeed {
    .room(capacity: group.members.count + 1, accessible: group.needsAccessible, slot: slot)
  }

  /// The distinct slots of some options, in week order.
  private static func tokens(_ options: [GroupOption]) -> String {
    Set(options.map { TimeGrid.slot(of: $0.time) }).sorted().map(\.token).joined(separator: " ")
  }
}
