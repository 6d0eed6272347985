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
  public var solver: Solver

  public init(
    kring: Header, people: [Person], groups: [Group], unplaced: [Unplaced],
    diagnosis: [Diagnosis] = [],
    schedule: [ScheduledGroup] = [], unscheduled: [Unscheduled] = [], solver: Solver
  ) {
    self.kring = kring
    self.people = people
    self.groups = groups
    self.unplaced = unplaced
    self.diagnosis = diagnosis
    self.schedule = schedule
    self.unscheduled = unscheduled
    self.solver = solver
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
    public var language: String
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

    enum CodingKeys: String, CodingKey {
      case id, name, email, organization, department, sector, profession, level
      case managerId = "manager_id"
      case yearsExperience = "years_experience"
      case language, format, region, availability
      case needsAccessible = "needs_accessible"
      case avoid
      case learningGoal = "learning_goal"
      case intakeDate = "intake_date"
      case readiness, status, line
    }

    public init(candidate c: Candidate, readiness: Double?, status: String) {
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
      language = c.language
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
    public var placesMore: Int
    public var code: String
    public var message: String

    enum CodingKeys: String, CodingKey {
      case kind, set, add, ids
      case placesMore = "places_more"
      case code, message
    }

    public init(
      kind: String, set: String? = nil, add: String? = nil, ids: [String]? = nil, placesMore: Int,
      code: String, message: String
    ) {
      self.kind = kind
      self.set = set
      self.add = add
      self.ids = ids
      self.placesMore = placesMore
      self.code = code
      self.message = message
    }
  }

  /// A group's schedule.
  public struct ScheduledGroup: Codable, Sendable, Hashable {
    public var group: String
    @Nullable public var facilitator: String?
    @Nullable public var room: String?
    public var slot: String
    public var sessions: [Session]
  }

  /// One session of a group.
  public struct Session: Codable, Sendable, Hashable {
    public var number: Int
    public var uid: String
    public var start: String
    public var end: String
    public var format: String
    public var facilitated: Bool
    public var available: [String]
  }

  /// A group that could not be scheduled.
  public struct Unscheduled: Codable, Sendable, Hashable {
    public var group: String
    public var code: String
    public var message: String
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
    @Nullable public var bound: Double?
    public var components: Int
    public var componentsExact: Int
    public var placed: Int
    public var participants: Int

    enum CodingKeys: String, CodingKey {
      case status
      case stoppedBy = "stopped_by"
      case objective, bound, components
      case componentsExact = "components_exact"
      case placed, participants
    }

    public init(_ r: GroupingResult, participants: Int) {
      status = r.status.rawValue
      stoppedBy = r.stoppedBy.rawValue
      objective = rounded(r.objective)
      bound = r.bound.map(rounded)
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
  }
}

/// Rounds to six decimals, so that plan files read well and compare stably.
func rounded(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
