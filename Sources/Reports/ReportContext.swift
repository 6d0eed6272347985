import Intake

/// How the reports are written: language and pseudonyms.
public struct ReportOptions: Sendable, Hashable {
  public var language: OutputLanguage
  /// Replace names and email addresses with stable pseudonyms in every output that names people.
  public var pseudonymize: Bool

  public init(language: OutputLanguage = .nl, pseudonymize: Bool = false) {
    self.language = language
    self.pseudonymize = pseudonymize
  }
}

/// A plan with everything the renderers look up: people by id, names as they are shown, dates
/// parsed, and safe folder names.
struct ReportContext {
  let plan: PlanDocument
  let options: ReportOptions
  let catalog: Catalog
  let people: [String: PlanDocument.Person]
  let facilitators: [String: PlanDocument.FacilitatorRecord]
  let rooms: [String: PlanDocument.RoomRecord]
  let schedules: [String: PlanDocument.ScheduledGroup]
  let unscheduled: [String: PlanDocument.Unscheduled]
  /// Names as shown (real or pseudonyms) and folder names.
  let names: ShareableNames

  init(plan: PlanDocument, options: ReportOptions) {
    self.plan = plan
    self.options = options
    catalog = Catalog.of(options.language)
    people = Dictionary(plan.people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    facilitators = Dictionary(
      plan.facilitators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    rooms = Dictionary(plan.rooms.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    schedules = Dictionary(plan.schedule.map { ($0.group, $0) }, uniquingKeysWith: { a, _ in a })
    unscheduled = Dictionary(
      plan.unscheduled.map { ($0.group, $0) }, uniquingKeysWith: { a, _ in a })
    names = ShareableNames(plan: plan, pseudonymize: options.pseudonymize)
  }

  func text(_ label: Label) -> String { catalog.text(label) }

  func name(of id: String) -> String { names.person(id) }
  func email(of id: String) -> String? { names.personEmail(id) }
  func facilitatorName(_ id: String) -> String { names.facilitator(id) }
  func facilitatorEmail(_ id: String) -> String? { names.facilitatorEmail(id) }

  func roomName(_ id: String) -> String { rooms[id]?.name ?? id }

  /// The groups in plan order.
  var groups: [PlanDocument.Group] { plan.groups }

  /// The number of sessions in the config, for groups without a schedule.
  var configuredSessions: Int {
    if case .map(let root) = plan.kring.config, case .map(let schedule)? = root["schedule"] {
      if case .int(let n)? = schedule["sessions"], n > 0 { return n }
    }
    return 6
  }

  /// The sessions of `group`, or none when it is unscheduled.
  func sessions(of group: String) -> [PlanDocument.Session] {
    schedules[group]?.sessions ?? []
  }

  func number(_ value: Double) -> String { catalog.number(value) }

  /// `Tue 12 Jan 2027`, or the stored text when it is not ISO.
  func date(_ session: PlanDocument.Session) -> String {
    LocalTime(iso: session.start).map(catalog.date) ?? session.start
  }

  /// `14:00–16:00`.
  func time(_ session: PlanDocument.Session) -> String {
    guard let s = LocalTime(iso: session.start), let e = LocalTime(iso: session.end) else {
      return ""
    }
    return "\(s.timeText)–\(e.timeText)"
  }

  func yesNo(_ value: Bool) -> String { text(value ? .yes : .no) }

  /// What one group looks like: the numbers the report and its charts show.
  func profile(of group: PlanDocument.Group) -> GroupProfile {
    let members = group.members.compactMap { people[$0] }
    var sectorCounts: [String: Int] = [:]
    for m in members { sectorCounts[m.sector, default: 0] += 1 }
    let years = members.map(\.yearsExperience)
    let organizations = members.map { $0.organization ?? "" }.filter { !$0.isEmpty }
    let levels = members.compactMap(\.level)
    return GroupProfile(
      id: group.id, size: group.members.count,
      sectors: sectorCounts.map { ($0.key, $0.value) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) },
      years: years.sorted(),
      levels: unique(levels),
      distinctOrganizations: Set(organizations).count, organizationsKnown: organizations.count)
  }

  private func unique(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
  }

  /// The group with the least diversity (ties to the earlier id), for the summary.
  var weakestGroup: PlanDocument.Group? {
    plan.groups.min { ($0.scores.diversity, $0.id) < ($1.scores.diversity, $1.id) }
  }

  /// Ready candidates per slot token.
  var availabilityCounts: [String: Int] {
    var counts: [String: Int] = [:]
    for p in plan.people where p.status == "ready" {
      for slot in Set(p.availability) { counts[slot, default: 0] += 1 }
    }
    return counts
  }
}

/// The numbers one group's line in the report shows.
struct GroupProfile {
  var id: String
  var size: Int
  /// Sector and member count, most common first.
  var sectors: [(String, Int)]
  var years: [Double]
  var levels: [String]
  var distinctOrganizations: Int
  var organizationsKnown: Int
}
