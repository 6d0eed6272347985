import Intake

/// What changed between two plans: who moved, which groups were gained or lost, and how the
/// scores of groups that kept their members changed.
///
/// Groups are matched by their members, not their ids: ids are numbered by the first member
/// in the file, so they shift when groups change.
public struct PlanDiff: Codable, Sendable, Hashable {
  /// A person whose group (its members) differs between the plans.
  public struct Move: Codable, Sendable, Hashable {
    public var id: String
    /// The group id in the first plan, or nil when unplaced there.
    @Nullable public var from: String?
    /// The group id in the second plan, or nil when unplaced there.
    @Nullable public var to: String?
  }

  /// A group present (by members) in one plan only.
  public struct GroupChange: Codable, Sendable, Hashable {
    public var id: String
    public var members: [String]
    public var diversity: Double
  }

  public var moved: [Move]
  public var gained: [GroupChange]
  public var lost: [GroupChange]
  /// Groups with the same members in both plans.
  public var kept: Int
  public var placedBefore: Int
  public var placedAfter: Int
  public var objectiveBefore: Double
  public var objectiveAfter: Double

  enum CodingKeys: String, CodingKey {
    case moved, gained, lost, kept
    case placedBefore = "placed_before"
    case placedAfter = "placed_after"
    case objectiveBefore = "objective_before"
    case objectiveAfter = "objective_after"
  }

  public init(from a: PlanDocument, to b: PlanDocument) {
    func index(_ plan: PlanDocument) -> [String: PlanDocument.Group] {
      var byPerson: [String: PlanDocument.Group] = [:]
      for g in plan.groups { for m in g.members { byPerson[m] = g } }
      return byPerson
    }
    let before = index(a)
    let after = index(b)
    let people = Set(a.people.map(\.id)).union(b.people.map(\.id))
    moved = people.sorted { naturalLess($0, $1) }.compactMap { id in
      let x = before[id]
      let y = after[id]
      if x?.members == y?.members { return nil }
      return Move(id: id, from: x?.id, to: y?.id)
    }
    let membersA = Set(a.groups.map(\.members))
    let membersB = Set(b.groups.map(\.members))
    gained = b.groups.filter { !membersA.contains($0.members) }.map {
      GroupChange(id: $0.id, members: $0.members, diversity: $0.scores.diversity)
    }
    lost = a.groups.filter { !membersB.contains($0.members) }.map {
      GroupChange(id: $0.id, members: $0.members, diversity: $0.scores.diversity)
    }
    kept = a.groups.filter { membersB.contains($0.members) }.count
    placedBefore = a.groups.reduce(0) { $0 + $1.members.count }
    placedAfter = b.groups.reduce(0) { $0 + $1.members.count }
    objectiveBefore = a.solver.grouping.objective
    objectiveAfter = b.solver.grouping.objective
  }

  /// A readable summary for the terminal.
  public func text() -> String {
    var out = "Placed \(placedBefore) → \(placedAfter); objective "
    out += formatted(objectiveBefore) + " → " + formatted(objectiveAfter) + "\n"
    out +=
      "Groups kept: \(kept), gained: \(gained.count), lost: \(lost.count); people moved: \(moved.count)\n"
    for g in lost {
      out +=
        "  − \(g.id) \(g.members.joined(separator: " ")) (diversity \(formatted(g.diversity)))\n"
    }
    for g in gained {
      out +=
        "  + \(g.id) \(g.members.joined(separator: " ")) (diversity \(formatted(g.diversity)))\n"
    }
    for m in moved { out += "  \(m.id): \(m.from ?? "unplaced") → \(m.to ?? "unplaced")\n" }
    return out
  }
}

func formatted(_ x: Double) -> String { NumberText.rounded(x, places: 3) }
