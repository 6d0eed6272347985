import Grouping
import Intake

/// `plan.json`: the contract between Kring's commands and the coordinator's record.
///
/// It holds the normalised people, so that `schedule`, `explain` and `diff` need nothing else.
/// Keys are written sorted and it holds no timings (those go to `run.json`). Fields may be
/// added in later versions; none is removed or renamed.
public struct PlanDocument: Codable, Sendable, Hashable {
  public var kring: Header
  public var people: [Person]
  public var groups: [Group]
  public var unplaced: [Unplaced]
  public var diagnosis: [Diagnosis]
  public var schedule: [ScheduledGroup]
  public var unscheduled: [Unscheduled]
  /// The facilitators the schedule drew from, so that `kring schedule` needs no other file.
  public var facilitators: [FacilitatorRecord]
  /// The rooms the schedule drew from.
  public var rooms: [RoomRecord]
  public var solver: Solver
  /// What a refill (`kring form --keep PLAN --left IDS`) kept, filled and could not fill;
  /// absent from plans formed from scratch.
  public var refill: RefillRecord?
  /// What Kring's own audit found broken; absent when nothing was (the only case that is not
  /// a bug).
  public var audit: Audit?
  /// Manager links of intake rows left out of `people` (`--skip-invalid`), id → manager id,
  /// so that reporting chains through them still keep people apart; absent when there are
  /// none.
  public var reportingLines: [String: String]?
  /// The diagnosis's what-ifs that were not measured because the time limit came first
  /// (`--set` texts, resources to add, proposed groups); absent when it ran in full.
  public var diagnosisSkipped: [String]?
  /// Hand moves made on this plan since it was solved (`kring move`, the workbench), oldest
  /// first; absent from plans as the solver left them.
  public var moves: [HandMove]?

  public init(
    kring: Header, people: [Person], groups: [Group], unplaced: [Unplaced],
    diagnosis: [Diagnosis] = [],
    schedule: [ScheduledGroup] = [], unscheduled: [Unscheduled] = [],
    facilitators: [FacilitatorRecord] = [], rooms: [RoomRecord] = [], solver: Solver,
    refill: RefillRecord? = nil
  ) {
    self.kring = kring
    self.people = people
    self.groups = groups
    self.unplaced = unplaced
    self.diagnosis = diagnosis
    self.schedule = schedule
    self.unscheduled = unscheduled
    self.facilitators = facilitators
    self.rooms = rooms
    self.solver = solver
    self.refill = refill
  }

  enum CodingKeys: String, CodingKey {
    case kring, people, groups, unplaced, diagnosis, schedule, unscheduled, facilitators, rooms
    case solver, refill, audit
    case reportingLines = "reporting_lines"
    case diagnosisSkipped = "diagnosis_skipped"
    case moves
  }

  /// Reads a plan; lists that older plans lack load as empty.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    kring = try c.decode(Header.self, forKey: .kring)
    people = try c.decode([Person].self, forKey: .people)
    groups = try c.decode([Group].self, forKey: .groups)
    unplaced = try c.decodeIfPresent([Unplaced].self, forKey: .unplaced) ?? []
    diagnosis = try c.decodeIfPresent([Diagnosis].self, forKey: .diagnosis) ?? []
    schedule = try c.decodeIfPresent([ScheduledGroup].self, forKey: .schedule) ?? []
    unscheduled = try c.decodeIfPresent([Unscheduled].self, forKey: .unscheduled) ?? []
    facilitators = try c.decodeIfPresent([FacilitatorRecord].self, forKey: .facilitators) ?? []
    rooms = try c.decodeIfPresent([RoomRecord].self, forKey: .rooms) ?? []
    solver = try c.decode(Solver.self, forKey: .solver)
    refill = try c.decodeIfPresent(RefillRecord.self, forKey: .refill)
    audit = try c.decodeIfPresent(Audit.self, forKey: .audit)
    reportingLines = try c.decodeIfPresent([String: String].self, forKey: .reportingLines)
    diagnosisSkipped = try c.decodeIfPresent([String].self, forKey: .diagnosisSkipped)
    moves = try c.decodeIfPresent([HandMove].self, forKey: .moves)
  }

  /// The index of the group a person typed: its id compared as intake values are
  /// (``ValueKey``: `g03 ` is `G03`), as `kring move` and the workbench take it.
  public func groupIndex(typed text: String) -> Int? {
    groups.firstIndex { $0.id == text }
      ?? groups.firstIndex { ValueKey($0.id) == ValueKey(text) }
  }

  /// One person moved by hand, checked by the rules before it was applied.
  public struct HandMove: Codable, Sendable, Hashable {
    public var candidate: String
    /// The group they left, or `nil` when they were unplaced.
    @Nullable public var from: String?
    public var to: String

    public init(candidate: String, from: String?, to: String) {
      self.candidate = candidate
      self.from = from
      self.to = to
    }
  }

  /// Who made the plan, from what, and with which rules.
  public struct Header: Codable, Sendable, Hashable {
    public var version: String
    public var seed: UInt64
    public var program: String
    /// The effective `kring.yaml`, normalised.
    public var config: ConfigValue
    /// The intake file's name (not its path, which differs between machines).
    public var input: String

    public init(version: String, seed: UInt64, program: String, config: ConfigValue, input: String)
    {
      self.version = version
      self.seed = seed
      self.program = program
      self.config = config
      self.input = input
    }
  }

  /// One normalised candidate.
  public struct Person: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    @Nullable public var email: String?
    @Nullable public var organization: String?
    @Nullable public var department: String?
    public var sector: String
    @Nullable public var profession: String?
    @Nullable public var level: String?
    @Nullable public var managerId: String?
    public var yearsExperience: Double
    /// Whether the row gave no years, so that `yearsExperience` is the batch median.
    public var yearsEstimated: Bool?
    public var language: String
    /// Every language the person can join a group in, `language` first.
    public var languages: [String]
    public var format: String
    @Nullable public var region: String?
    public var availability: [String]
    public var needsAccessible: Bool
    public var avoid: [String]
    @Nullable public var learningGoal: String?
    @Nullable public var intakeDate: String?
    @Nullable public var readiness: Double?
    /// `ready`, `follow-up`, `not-now`, `invalid` or `left`.
    public var status: String
    /// The row's line in the intake file.
    public var line: Int
    /// Values of the other columns the rules use (`match`, `separate`, `diversify` on an
    /// attribute that is not a field above), so that a plan can be checked on its own.
    public var attributes: [String: String]

    enum CodingKeys: String, CodingKey {
      case id, name, email, organization, department, sector, profession, level
      case managerId = "manager_id"
      case yearsExperience = "years_experience"
      case yearsEstimated = "years_estimated"
      case language, languages, format, region, availability
      case needsAccessible = "needs_accessible"
      case avoid
      case learningGoal = "learning_goal"
      case intakeDate = "intake_date"
      case readiness, status, line, attributes
    }

    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      id = try c.decode(String.self, forKey: .id)
      name = try c.decode(String.self, forKey: .name)
      _email = try c.decode(Nullable<String>.self, forKey: .email)
      _organization = try c.decode(Nullable<String>.self, forKey: .organization)
      _department =
        try c.decode(Nullable<String>.self, forKey: .department)
      sector = try c.decode(String.self, forKey: .sector)
      _profession =
        try c.decode(Nullable<String>.self, forKey: .profession)
      _level = try c.decode(Nullable<String>.self, forKey: .level)
      _managerId = try c.decode(Nullable<String>.self, forKey: .managerId)
      yearsExperience = try c.decode(Double.self, forKey: .yearsExperience)
      yearsEstimated = try c.decodeIfPresent(Bool.self, forKey: .yearsEstimated)
      language = try c.decode(String.self, forKey: .language)
      languages = try c.decodeIfPresent([String].self, forKey: .languages) ?? [language]
      format = try c.decode(String.self, forKey: .format)
      _region = try c.decode(Nullable<String>.self, forKey: .region)
      availability = try c.decode([String].self, forKey: .availability)
      needsAccessible = try c.decodeIfPresent(Bool.self, forKey: .needsAccessible) ?? false
      avoid = try c.decodeIfPresent([String].self, forKey: .avoid) ?? []
      _learningGoal =
        try c.decode(Nullable<String>.self, forKey: .learningGoal)
      _intakeDate =
        try c.decode(Nullable<String>.self, forKey: .intakeDate)
      _readiness = try c.decode(Nullable<Double>.self, forKey: .readiness)
      status = try c.decode(String.self, forKey: .status)
      line = try c.decodeIfPresent(Int.self, forKey: .line) ?? 0
      attributes = try c.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:]
    }

    /// The person of `c`, with the values of `attributes` that are not fields of the model.
    public init(
      candidate c: Candidate, readiness: Double?, status: String, attributes: Set<String> = []
    ) {
      id = c.id.rawValue
      name = c.name
      email = c.email
      organization = c.organization
      department = c.department
      sector = c.sector
      profession = c.profession
      level = c.levelName
      managerId = c.managerID?.rawValue
      yearsExperience = c.yearsExperience
      yearsEstimated = c.yearsEstimated ? true : nil
      language = c.language
      languages = c.languages
      format = c.format.rawValue
      region = c.region
      availability = c.availability.slots.map(\.token)
      needsAccessible = c.needsAccessible
      avoid = c.avoid.map(\.rawValue)
      learningGoal = c.learningGoal
      intakeDate = c.intakeDate
      self.readiness = readiness.map { ($0 * 100).rounded() / 100 }
      self.status = status
      line = c.line
      var extra: [String: String] = [:]
      for name in attributes where !Candidate.modelAttributes.contains(name) {
        if let value = c.attribute(name) { extra[name] = value }
      }
      self.attributes = extra
    }

    /// The candidate the rules and the objective see, from the plan's record alone.
    ///
    /// `levels` are the plan's ordered levels: a level name's rank is its place among them,
    /// a number's is the number minus one.
    public func candidate(levels: [String]) -> Candidate {
      var level: Int? = nil
      if let name = self.level {
        level = levels.firstIndex(of: name) ?? Int(name).flatMap { $0 >= 1 ? $0 - 1 : nil }
      }
      var candidate = Candidate(
        id: CandidateID(id), name: name, email: email, organization: organization,
        department: department, sector: sector, profession: profession, level: level,
        levelName: self.level, managerID: managerId.map { CandidateID($0) },
        yearsExperience: yearsExperience, language: language,
        format: MeetingFormat(rawValue: format) ?? .either, region: region,
        availability: SlotSet(availability.compactMap { Slot(token: $0) }),
        needsAccessible: needsAccessible, avoid: avoid.map { CandidateID($0) },
        learningGoal: learningGoal, intakeDate: intakeDate, line: line,
        attributes: attributes)
      // `language` is the primary one, whatever order `languages` lists.
      candidate.languages = [language] + languages.filter { $0 != language }
      candidate.yearsEstimated = yearsEstimated ?? false
      return candidate
    }
  }

  /// A formed group.
  public struct Group: Codable, Sendable, Hashable {
    public var id: String
    public var members: [String]
    @Nullable public var language: String?
    public var format: String
    public var slots: [String]
    public var scores: Scores

    public init(_ g: FormedGroup) {
      id = g.id
      members = g.members.map(\.rawValue)
      language = g.language
      format = g.format.rawValue
      slots = g.slots.map(\.token)
      scores = Scores(
        diversity: rounded(g.diversity), value: rounded(g.value),
        distinctSectors: g.distinctSectors,
        experienceRange: [g.experienceRange.lowerBound, g.experienceRange.upperBound],
        levelGap: g.levelGap, size: g.members.count)
    }
  }

  /// A group's scores for the reports.
  public struct Scores: Codable, Sendable, Hashable {
    public var diversity: Double
    /// The group's contribution to the objective (diversity minus penalties).
    public var value: Double
    public var distinctSectors: Int
    public var experienceRange: [Double]
    @Nullable public var levelGap: Int?
    public var size: Int

    enum CodingKeys: String, CodingKey {
      case diversity, value
      case distinctSectors = "distinct_sectors"
      case experienceRange = "experience_range"
      case levelGap = "level_gap"
      case size
    }

    public init(
      diversity: Double, value: Double, distinctSectors: Int, experienceRange: [Double],
      levelGap: Int?,
      size: Int
    ) {
      self.diversity = diversity
      self.value = value
      self.distinctSectors = distinctSectors
      self.experienceRange = experienceRange
      self.levelGap = levelGap
      self.size = size
    }
  }

  /// A candidate without a group, with the reason code and its evidence.
  public struct Unplaced: Codable, Sendable, Hashable {
    public var id: String
    public var code: String
    public var evidence: [String: EvidenceValue]
    public var message: String

    public init(id: String, code: String, evidence: [String: EvidenceValue], message: String) {
      self.id = id
      self.code = code
      self.evidence = evidence
      self.message = message
    }
  }

  /// A relaxation that would place more people, measured by re-solving.
  public struct Diagnosis: Codable, Sendable, Hashable {
    public var kind: String
    @Nullable public var set: String?
    @Nullable public var add: String?
    @Nullable public var ids: [String]?
    /// For `kind: resource`: the groups the addition would schedule.
    @Nullable public var groups: [String]?
    /// For `kind: candidates`: the weekly slot they would all need to share.
    @Nullable public var slot: String?
    public var placesMore: Int
    public var code: String
    public var message: String

    enum CodingKeys: String, CodingKey {
      case kind, set, add, ids, groups, slot
      case placesMore = "places_more"
      case code, message
    }

    public init(
      kind: String, set: String? = nil, add: String? = nil, ids: [String]? = nil,
      groups: [String]? = nil, slot: String? = nil, placesMore: Int, code: String,
      message: String
    ) {
      self.slot = slot
      self.kind = kind
      self.set = set
      self.add = add
      self.ids = ids
      self.groups = groups
      self.placesMore = placesMore
      self.code = code
      self.message = message
    }
  }

  /// A group's schedule.
  public struct ScheduledGroup: Codable, Sendable, Hashable {
    public var group: String
    /// The group's main facilitator; a session may have a stand-in (`sessions[].facilitator`).
    @Nullable public var facilitator: String?
    /// The group's main room; a session may meet elsewhere (`sessions[].room`).
    @Nullable public var room: String?
    public var slot: String
    /// The week offset within the cadence (alternating weeks share a facilitator or room).
    public var phase: Int
    public var sessions: [Session]
    /// Sessions of an earlier schedule that were removed; calendars send them as CANCEL.
    public var cancelled: [Session]
    /// Facilitators who guided this group in an earlier schedule and were replaced; their
    /// calendars receive its sessions as cancelled.
    public var replacedFacilitators: [String]
    /// The link of the group's online sessions (`schedule.online_link` or the main
    /// facilitator's own), when there is one.
    @Nullable public var onlineLink: String?

    public init(
      group: String, facilitator: String?, room: String?, slot: String, phase: Int,
      sessions: [Session], cancelled: [Session] = [], replacedFacilitators: [String] = [],
      onlineLink: String? = nil
    ) {
      self.group = group
      self.facilitator = facilitator
      self.room = room
      self.slot = slot
      self.phase = phase
      self.sessions = sessions
      self.cancelled = cancelled
      self.replacedFacilitators = replacedFacilitators
      self.onlineLink = onlineLink
    }

    enum CodingKeys: String, CodingKey {
      case group, facilitator, room, slot, phase, sessions, cancelled
      case replacedFacilitators = "replaced_facilitators"
      case onlineLink = "online_link"
    }

    /// Reads a group's schedule; a plan written before sessions had their own facilitator and
    /// room gives each session the group's (the facilitator only where it was facilitated).
    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      group = try c.decode(String.self, forKey: .group)
      _facilitator = try c.decode(Nullable<String>.self, forKey: .facilitator)
      _room = try c.decode(Nullable<String>.self, forKey: .room)
      slot = try c.decode(String.self, forKey: .slot)
      phase = try c.decodeIfPresent(Int.self, forKey: .phase) ?? 0
      sessions = try c.decode([Session].self, forKey: .sessions)
      cancelled = try c.decodeIfPresent([Session].self, forKey: .cancelled) ?? []
      replacedFacilitators =
        try c.decodeIfPresent([String].self, forKey: .replacedFacilitators) ?? []
      _onlineLink = try c.decode(Nullable<String>.self, forKey: .onlineLink)
      let main = (facilitator, room)
      func filled(_ session: Session) -> Session {
        guard !session.resourcesRecorded else { return session }
        var session = session
        session.facilitator = session.facilitated ? main.0 : nil
        session.room = session.format == "in-person" ? main.1 : nil
        session.resourcesRecorded = true
        return session
      }
      sessions = sessions.map(filled)
      cancelled = cancelled.map(filled)
    }
  }

  /// One session of a group.
  public struct Session: Codable, Sendable, Hashable {
    public var number: Int
    /// Stable across re-runs, so calendars update the event instead of adding one.
    public var uid: String
    /// RFC 5545 SEQUENCE: raised each time the session moves or its facilitator or room
    /// changes.
    public var sequence: Int
    /// ISO 8601 local time with offset, such as `2027-01-12T14:00:00+01:00`.
    public var start: String
    public var end: String
    /// `in-person` or `online`.
    public var format: String
    public var facilitated: Bool
    /// Members available at the slot.
    public var available: [String]
    /// Who guides this session: the group's facilitator or a stand-in; `null` when it is not
    /// facilitated.
    @Nullable public var facilitator: String?
    /// Where this session meets; `null` online.
    @Nullable public var room: String?
    /// Whether the session had taken place when this schedule was made (`--since`).
    public var held: Bool
    /// Facilitators who had this session in an earlier schedule and no longer do; their
    /// calendars receive it as cancelled.
    public var formerFacilitators: [String]
    /// Whether `facilitator` and `room` were read from the file (plans before they existed
    /// lack them); never written.
    var resourcesRecorded = true

    public init(
      number: Int, uid: String, sequence: Int = 0, start: String, end: String, format: String,
      facilitated: Bool, available: [String], facilitator: String? = nil, room: String? = nil,
      held: Bool = false, formerFacilitators: [String] = []
    ) {
      self.number = number
      self.uid = uid
      self.sequence = sequence
      self.start = start
      self.end = end
      self.format = format
      self.facilitated = facilitated
      self.available = available
      self.facilitator = facilitator
      self.room = room
      self.held = held
      self.formerFacilitators = formerFacilitators
    }

    enum CodingKeys: String, CodingKey {
      case number, uid, sequence, start, end, format, facilitated, available, facilitator, room
      case held
      case formerFacilitators = "former_facilitators"
    }

    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      number = try c.decode(Int.self, forKey: .number)
      uid = try c.decode(String.self, forKey: .uid)
      sequence = try c.decodeIfPresent(Int.self, forKey: .sequence) ?? 0
      start = try c.decode(String.self, forKey: .start)
      end = try c.decode(String.self, forKey: .end)
      format = try c.decode(String.self, forKey: .format)
      facilitated = try c.decode(Bool.self, forKey: .facilitated)
      available = try c.decode([String].self, forKey: .available)
      resourcesRecorded = c.contains(.facilitator) || c.contains(.room)
      _facilitator = try c.decode(Nullable<String>.self, forKey: .facilitator)
      _room = try c.decode(Nullable<String>.self, forKey: .room)
      held = try c.decodeIfPresent(Bool.self, forKey: .held) ?? false
      formerFacilitators =
        try c.decodeIfPresent([String].self, forKey: .formerFacilitators) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(number, forKey: .number)
      try c.encode(uid, forKey: .uid)
      try c.encode(sequence, forKey: .sequence)
      try c.encode(start, forKey: .start)
      try c.encode(end, forKey: .end)
      try c.encode(format, forKey: .format)
      try c.encode(facilitated, forKey: .facilitated)
      try c.encode(available, forKey: .available)
      try c.encode(_facilitator, forKey: .facilitator)
      try c.encode(_room, forKey: .room)
      try c.encode(held, forKey: .held)
      try c.encode(formerFacilitators, forKey: .formerFacilitators)
    }

    /// Equal when everything written is equal.
    public static func == (a: Session, b: Session) -> Bool {
      a.number == b.number && a.uid == b.uid && a.sequence == b.sequence && a.start == b.start
        && a.end == b.end && a.format == b.format && a.facilitated == b.facilitated
        && a.available == b.available && a.facilitator == b.facilitator && a.room == b.room
        && a.held == b.held && a.formerFacilitators == b.formerFacilitators
    }

    public func hash(into hasher: inout Hasher) {
      hasher.combine(uid)
      hasher.combine(sequence)
      hasher.combine(start)
    }
  }

  /// A group that could not be scheduled, with the code and the missing resource.
  public struct Unscheduled: Codable, Sendable, Hashable {
    public var group: String
    public var code: String
    /// The resource that would schedule it, such as `facilitator language=en slot=thu-eve`.
    @Nullable public var need: String?
    public var evidence: [String: String]
    public var message: String

    public init(
      group: String, code: String, need: String?, evidence: [String: String], message: String
    ) {
      self.group = group
      self.code = code
      self.need = need
      self.evidence = evidence
      self.message = message
    }
  }

  /// A facilitator as the plan records them (no availability details beyond the slots).
  public struct FacilitatorRecord: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    @Nullable public var email: String?
    public var languages: [String]
    @Nullable public var organization: String?
    public var availability: [String]
    public var maxGroups: Int
    /// ISO dates and `first..last` ranges.
    public var unavailable: [String]
    @Nullable public var maxSessionsPerDay: Int?
    @Nullable public var maxSessionsPerWeek: Int?
    @Nullable public var onlineLink: String?

    enum CodingKeys: String, CodingKey {
      case id, name, email, languages, organization, availability
      case maxGroups = "max_groups"
      case unavailable
      case maxSessionsPerDay = "max_sessions_per_day"
      case maxSessionsPerWeek = "max_sessions_per_week"
      case onlineLink = "online_link"
    }

    public init(
      id: String, name: String, email: String?, languages: [String], organization: String?,
      availability: [String], maxGroups: Int, unavailable: [String],
      maxSessionsPerDay: Int? = nil, maxSessionsPerWeek: Int? = nil, onlineLink: String? = nil
    ) {
      self.id = id
      self.name = name
      self.email = email
      self.languages = languages
      self.organization = organization
      self.availability = availability
      self.maxGroups = maxGroups
      self.unavailable = unavailable
      self.maxSessionsPerDay = maxSessionsPerDay
      self.maxSessionsPerWeek = maxSessionsPerWeek
      self.onlineLink = onlineLink
    }

    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      id = try c.decode(String.self, forKey: .id)
      name = try c.decode(String.self, forKey: .name)
      _email = try c.decode(Nullable<String>.self, forKey: .email)
      languages = try c.decode([String].self, forKey: .languages)
      _organization = try c.decode(Nullable<String>.self, forKey: .organization)
      availability = try c.decode([String].self, forKey: .availability)
      maxGroups = try c.decode(Int.self, forKey: .maxGroups)
      unavailable = try c.decodeIfPresent([String].self, forKey: .unavailable) ?? []
      _maxSessionsPerDay = try c.decode(Nullable<Int>.self, forKey: .maxSessionsPerDay)
      _maxSessionsPerWeek = try c.decode(Nullable<Int>.self, forKey: .maxSessionsPerWeek)
      _onlineLink = try c.decode(Nullable<String>.self, forKey: .onlineLink)
    }
  }

  /// A room as the plan records it.
  public struct RoomRecord: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var capacity: Int
    public var accessible: Bool
    public var availability: [String]
    @Nullable public var region: String?
    /// ISO dates and `first..last` ranges on which the room cannot be booked.
    public var unavailable: [String]

    public init(
      id: String, name: String, capacity: Int, accessible: Bool, availability: [String],
      region: String?, unavailable: [String] = []
    ) {
      self.id = id
      self.name = name
      self.capacity = capacity
      self.accessible = accessible
      self.availability = availability
      self.region = region
      self.unavailable = unavailable
    }

    enum CodingKeys: String, CodingKey {
      case id, name, capacity, accessible, availability, region, unavailable
    }

    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      id = try c.decode(String.self, forKey: .id)
      name = try c.decode(String.self, forKey: .name)
      capacity = try c.decode(Int.self, forKey: .capacity)
      accessible = try c.decode(Bool.self, forKey: .accessible)
      availability = try c.decode([String].self, forKey: .availability)
      _region = try c.decode(Nullable<String>.self, forKey: .region)
      unavailable = try c.decodeIfPresent([String].self, forKey: .unavailable) ?? []
    }
  }

  /// How the solvers ended.
  public struct Solver: Codable, Sendable, Hashable {
    public var grouping: GroupingSummary
    @Nullable public var scheduling: SchedulingSummary?

    public init(grouping: GroupingSummary, scheduling: SchedulingSummary? = nil) {
      self.grouping = grouping
      self.scheduling = scheduling
    }
  }

  /// The grouping solver's status, objective and proof.
  public struct GroupingSummary: Codable, Sendable, Hashable {
    public var status: String
    public var stoppedBy: String
    public var objective: Double
    /// A proven upper bound on the objective: the sum of every component's proven value or
    /// LP bound; `null` only when a component went without one (`--time-limit` hit first).
    @Nullable public var bound: Double?
    /// `(bound − objective) / bound`: how far from optimal the plan can be, at most.
    @Nullable public var gap: Double?
    public var components: Int
    public var componentsExact: Int
    public var placed: Int
    public var participants: Int

    enum CodingKeys: String, CodingKey {
      case status
      case stoppedBy = "stopped_by"
      case objective, bound, gap, components
      case componentsExact = "components_exact"
      case placed, participants
    }

    public init(_ r: GroupingResult, participants: Int) {
      status = r.status.rawValue
      stoppedBy = r.stoppedBy.rawValue
      objective = rounded(r.objective)
      bound = r.bound.map(rounded)
      gap = GroupingResult.relativeGap(objective: r.objective, bound: r.bound).map(rounded)
      components = r.components
      componentsExact = r.componentsExact
      placed = r.groups.reduce(0) { $0 + $1.members.count }
      self.participants = participants
    }
  }

  /// The scheduling solver's status, objective and bound.
  public struct SchedulingSummary: Codable, Sendable, Hashable {
    public var status: String
    @Nullable public var objective: Double?
    @Nullable public var bound: Double?
    @Nullable public var gap: Double?
    public var scheduled: Int
    public var unscheduled: Int

    public init(
      status: String, objective: Double?, bound: Double?, gap: Double?, scheduled: Int,
      unscheduled: Int
    ) {
      self.status = status
      self.objective = objective.map(rounded)
      self.bound = bound.map(rounded)
      self.gap = gap.map(rounded)
      self.scheduled = scheduled
      self.unscheduled = unscheduled
    }
  }
}

/// Rounds to six decimals, so that plan files read well and compare stably.
func rounded(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
