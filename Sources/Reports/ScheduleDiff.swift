import Intake
import Scheduling

/// What changed between two schedules, session by session: sessions moved, facilitators and
/// rooms changed, sessions cancelled or added, the people affected, and groups that lost or
/// gained their schedule.
///
/// Groups are matched by their members first, then by id, so that renumbered groups still
/// compare. `kring schedule` prints it and writes it to `changes.md`; `kring diff` shows it
/// beside the grouping changes; the weighted total is what rescheduling minimises.
public struct ScheduleDiff: Codable, Sendable, Hashable {
  /// One session that differs.
  public struct Change: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable {
      /// The session moved or its facilitator, room or format changed.
      case changed
      /// The session was removed.
      case cancelled
      /// The session is new.
      case added
    }

    public var kind: Kind
    /// The group's id in the later plan (the earlier one's for a group that is gone).
    public var group: String
    /// The group's id in the earlier plan, when it differs.
    @Nullable public var formerGroup: String?
    public var number: Int
    /// The earlier start, ISO local time.
    @Nullable public var from: String?
    /// The later start.
    @Nullable public var to: String?
    @Nullable public var facilitatorFrom: String?
    @Nullable public var facilitatorTo: String?
    @Nullable public var roomFrom: String?
    @Nullable public var roomTo: String?
    public var moved: Bool
    public var facilitatorChanged: Bool
    public var roomChanged: Bool
    /// Members and facilitators whose session this is and who must take note.
    public var people: [String]

    enum CodingKeys: String, CodingKey {
      case kind, group
      case formerGroup = "former_group"
      case number, from, to
      case facilitatorFrom = "facilitator_from"
      case facilitatorTo = "facilitator_to"
      case roomFrom = "room_from"
      case roomTo = "room_to"
      case moved
      case facilitatorChanged = "facilitator_changed"
      case roomChanged = "room_changed"
      case people
    }

    /// The change's weight in what rescheduling minimises (``ChangeWeights``).
    public var weight: Int {
      (moved || kind != .changed ? ChangeWeights.moved : 0)
        + (facilitatorChanged ? ChangeWeights.facilitator : 0)
        + (roomChanged ? ChangeWeights.room : 0) + people.count
    }
  }

  public var changes: [Change]
  /// Sessions of the later plan marked held (`--since`): kept exactly.
  public var held: Int
  /// Groups scheduled in the earlier plan and not in the later one.
  public var unscheduled: [String]
  /// Groups scheduled in the later plan and not in the earlier one.
  public var scheduled: [String]
  public var moved: Int
  public var facilitatorsChanged: Int
  public var roomsChanged: Int
  public var cancelled: Int
  public var added: Int
  /// Distinct people with at least one changed session.
  public var peopleAffected: Int
  /// The sum of the changes' weights.
  public var weighted: Int

  enum CodingKeys: String, CodingKey {
    case changes, held, unscheduled, scheduled, moved
    case facilitatorsChanged = "facilitators_changed"
    case roomsChanged = "rooms_changed"
    case cancelled, added
    case peopleAffected = "people_affected"
    case weighted
  }

  /// Whether a session changed in a way its calendar event must show (a higher SEQUENCE):
  /// its time, format, facilitator or room.
  public static func changed(_ a: PlanDocument.Session, _ b: PlanDocument.Session) -> Bool {
    a.start != b.start || a.end != b.end || a.format != b.format
      || a.facilitator != b.facilitator || a.room != b.room
  }

  /// Groups of `b` paired with groups of `a`: same members first, then the same id.
  public static func matches(from a: PlanDocument, to b: PlanDocument) -> [String: String] {
    var pairs: [String: String] = [:]
    var taken = Set<String>()
    let byMembers = Dictionary(
      a.groups.map { (Set($0.members), $0.id) }, uniquingKeysWith: { first, _ in first })
    for group in b.groups {
      if let old = byMembers[Set(group.members)], !taken.contains(old) {
        pairs[group.id] = old
        taken.insert(old)
      }
    }
    // A group whose members changed a little (a refill) keeps its id; an id reused for other
    // people is a different group.
    let membersA = Dictionary(
      a.groups.map { ($0.id, Set($0.members)) }, uniquingKeysWith: { first, _ in first })
    let membersB = Dictionary(
      b.groups.map { ($0.id, Set($0.members)) }, uniquingKeysWith: { first, _ in first })
    let ids = Set(a.groups.map(\.id)).union(a.schedule.map(\.group))
    for id in b.groups.map(\.id) + b.schedule.map(\.group)
    where pairs[id] == nil && ids.contains(id) && !taken.contains(id) {
      let x = membersA[id] ?? []
      let y = membersB[id] ?? []
      guard x.isEmpty || y.isEmpty || 2 * x.intersection(y).count >= min(x.count, y.count) else {
        continue
      }
      pairs[id] = id
      taken.insert(id)
    }
    return pairs
  }

  public init(from a: PlanDocument, to b: PlanDocument) {
    let pairs = Self.matches(from: a, to: b)
    let before = Dictionary(a.schedule.map { ($0.group, $0) }, uniquingKeysWith: { x, _ in x })
    let members = Dictionary(
      b.groups.map { ($0.id, $0.members) } + a.groups.map { ($0.id, $0.members) },
      uniquingKeysWith: { x, _ in x })
    var changes: [Change] = []
    var matchedOld = Set<String>()
    for entry in b.schedule {
      let oldID = pairs[entry.group]
      let old = oldID.flatMap { before[$0] }
      if let oldID { matchedOld.insert(oldID) }
      let oldSessions = Dictionary(
        (old?.sessions ?? []).map { ($0.number, $0) }, uniquingKeysWith: { x, _ in x })
      let crowd = members[entry.group] ?? []
      for session in entry.sessions {
        guard let prior = oldSessions[session.number] else {
          changes.append(
            Self.change(
              .added, group: entry.group, formerGroup: nil, number: session.number, old: nil,
              new: session, members: crowd))
          continue
        }
        guard Self.changed(prior, session) else { continue }
        changes.append(
          Self.change(
            .changed, group: entry.group, formerGroup: oldID == entry.group ? nil : oldID,
            number: session.number, old: prior, new: session, members: crowd))
      }
      let numbers = Set(entry.sessions.map(\.number))
      for prior in (old?.sessions ?? []) where !numbers.contains(prior.number) {
        changes.append(
          Self.change(
            .cancelled, group: entry.group, formerGroup: oldID == entry.group ? nil : oldID,
            number: prior.number, old: prior, new: nil, members: crowd))
      }
    }
    for entry in a.schedule where !matchedOld.contains(entry.group) {
      for prior in entry.sessions {
        changes.append(
          Self.change(
            .cancelled, group: entry.group, formerGroup: nil, number: prior.number, old: prior,
            new: nil, members: members[entry.group] ?? []))
      }
    }
    self.changes = changes
    held = b.schedule.reduce(0) { $0 + $1.sessions.filter(\.held).count }
    let scheduledBefore = Set(a.schedule.filter { !$0.sessions.isEmpty }.map(\.group))
    let scheduledAfter = Set(b.schedule.filter { !$0.sessions.isEmpty }.map(\.group))
    let unscheduledAfter = Set(b.unscheduled.map(\.group))
    unscheduled = a.schedule.filter { !$0.sessions.isEmpty }.map(\.group).filter { old in
      let now = pairs.first { $0.value == old }?.key
      return now.map { unscheduledAfter.contains($0) || !scheduledAfter.contains($0) } ?? true
    }.sorted(by: naturalLess)
    scheduled = b.schedule.filter { !$0.sessions.isEmpty && !unscheduledAfter.contains($0.group) }
      .map(\.group).filter { now in
        pairs[now].map { !scheduledBefore.contains($0) } ?? true
      }.sorted(by: naturalLess)
    moved = changes.filter { $0.kind == .changed && $0.moved }.count
    facilitatorsChanged = changes.filter { $0.kind == .changed && $0.facilitatorChanged }.count
    roomsChanged = changes.filter { $0.kind == .changed && $0.roomChanged }.count
    cancelled = changes.filter { $0.kind == .cancelled }.count
    added = changes.filter { $0.kind == .added }.count
    peopleAffected = Set(changes.flatMap(\.people)).count
    weighted = changes.reduce(0) { $0 + $1.weight }
  }

  /// Whether nothing changed.
  public var isEmpty: Bool { changes.isEmpty && unscheduled.isEmpty && scheduled.isEmpty }

  private static func change(
    _ kind: Change.Kind, group: String, formerGroup: String?, number: Int,
    old: PlanDocument.Session?, new: PlanDocument.Session?, members: [String]
  ) -> Change {
    let moved = old != nil && new != nil && (old?.start != new?.start || old?.end != new?.end)
    let facilitatorChanged = old != nil && new != nil && old?.facilitator != new?.facilitator
    let roomChanged =
      old != nil && new != nil && (old?.room != new?.room || old?.format != new?.format)
    var people: [String] = []
    // Everyone in the session must take note of a new time or place; a new facilitator
    // concerns the two facilitators.
    if kind != .changed || moved || roomChanged { people += members }
    for id in [old?.facilitator, new?.facilitator].compactMap({ $0 }) where !people.contains(id) {
      if kind != .changed || moved || facilitatorChanged || roomChanged { people.append(id) }
    }
    return Change(
      kind: kind, group: group, formerGroup: formerGroup, number: number, from: old?.start,
      to: new?.start, facilitatorFrom: old?.facilitator, facilitatorTo: new?.facilitator,
      roomFrom: old?.room, roomTo: new?.room, moved: moved,
      facilitatorChanged: facilitatorChanged, roomChanged: roomChanged, people: people)
  }
}
