/// The names and folders that outputs show for people and ids: real names, or stable
/// pseudonyms under `--pseudonymize`, and folder names no id can escape from.
///
/// The reports, contracts, facilitator packs and calendars all take their names from here, so
/// one person carries the same name (or pseudonym) in every file of a run.
public struct ShareableNames: Sendable {
  private let people: [String: (name: String, email: String?)]
  private let facilitators: [String: (name: String, email: String?)]
  private let pseudonyms: Pseudonyms?
  private let groupFolders: [String: String]
  private let facilitatorFolders: [String: String]

  public init(plan: PlanDocument, pseudonymize: Bool) {
    people = Dictionary(
      plan.people.map { ($0.id, (name: $0.name, email: $0.email)) }, uniquingKeysWith: { a, _ in a }
    )
    facilitators = Dictionary(
      plan.facilitators.map { ($0.id, (name: $0.name, email: $0.email)) },
      uniquingKeysWith: { a, _ in a })
    let facilitatorIDs = Set(plan.facilitators.map(\.id))
      .union(plan.schedule.compactMap(\.facilitator))
      .union(plan.schedule.flatMap { ($0.sessions + $0.cancelled).compactMap(\.facilitator) })
      .union(
        plan.schedule.flatMap {
          $0.replacedFacilitators + ($0.sessions + $0.cancelled).flatMap(\.formerFacilitators)
        }
      ).sorted()
    pseudonyms =
      pseudonymize
      ? Pseudonyms(people: plan.people.map(\.id), facilitators: facilitatorIDs) : nil
    groupFolders = Self.folders(for: plan.groups.map(\.id) + plan.schedule.map(\.group))
    facilitatorFolders = Self.folders(for: facilitatorIDs)
  }

  /// A candidate's name as shown, or the id for someone the plan does not hold.
  public func person(_ id: String) -> String {
    pseudonyms?.person(id)?.name ?? people[id]?.name ?? id
  }

  public func personEmail(_ id: String) -> String? {
    if let p = pseudonyms?.person(id) { return p.email }
    return people[id]?.email
  }

  /// A facilitator's name as shown, or the id for one the plan does not hold.
  public func facilitator(_ id: String) -> String {
    pseudonyms?.facilitator(id)?.name ?? facilitators[id]?.name ?? id
  }

  public func facilitatorEmail(_ id: String) -> String? {
    if let p = pseudonyms?.facilitator(id) { return p.email }
    return facilitators[id]?.email
  }

  /// The folder name under `groups/` for a group id.
  public func groupFolder(_ id: String) -> String {
    groupFolders[id] ?? Escape.pathComponent(id)
  }

  /// The folder name under `facilitators/` for a facilitator id.
  public func facilitatorFolder(_ id: String) -> String {
    facilitatorFolders[id] ?? Escape.pathComponent(id)
  }

  /// Unique safe folder names; a clash after sanitising (or differing only in case, which
  /// some file systems ignore) gets `-2`, `-3`, … in the order the ids come.
  static func folders(for ids: [String]) -> [String: String] {
    var used = Set<String>()
    var result: [String: String] = [:]
    for id in ids where result[id] == nil {
      let base = Escape.pathComponent(id)
      var name = base
      var k = 2
      while used.contains(name.lowercased()) {
        name = "\(base)-\(k)"
        k += 1
      }
      used.insert(name.lowercased())
      result[id] = name
    }
    return result
  }
}
