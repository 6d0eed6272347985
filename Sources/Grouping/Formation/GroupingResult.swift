import Intake

/// A group formed by Kring.
public struct FormedGroup: Sendable, Hashable {
  /// `G01`, `G02`, … in order of the groups' first member in the file.
  public var id: String
  /// Member ids, sorted.
  public var members: [CandidateID]
  /// The members' shared language, when `language` is matched.
  public var language: String?
  /// `online` or `in-person` when any member requires it, otherwise `either`.
  public var format: MeetingFormat
  /// The weekly slots every member has.
  public var slots: [Slot]
  /// `D(g)`: the size-neutral diversity of the group.
  public var diversity: Double
  /// What the group adds to the objective: diversity minus its size and history penalties.
  public var value: Double
  public var distinctSectors: Int
  public var experienceRange: ClosedRange<Double>
  /// The difference between the highest and lowest level rank, when levels are known.
  public var levelGap: Int?
}

/// Why a ready candidate has no group: the closed set of DESIGN.md.
public enum UnplacedCode: String, Sendable, Hashable, Codable, CaseIterable {
  case notReady = "not-ready"
  case noCompatiblePeers = "no-compatible-peers"
  case noSharedSlot = "no-shared-slot"
  case excludedByOptimum = "excluded-by-optimum"
  case notPlacedBySearch = "not-placed-by-search"
  case left
}

/// A value in the evidence of an unplaced reason.
public enum EvidenceValue: Sendable, Hashable, Codable {
  case int(Int)
  case number(Double)
  case text(String)
  case list([String])
  case null

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .int(let v): try c.encode(v)
    case .number(let v): try c.encode(v)
    case .text(let v): try c.encode(v)
    case .list(let v): try c.encode(v)
    case .null: try c.encodeNil()
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() {
      self = .null
    } else if let v = try? c.decode(Int.self) {
      self = .int(v)
    } else if let v = try? c.decode(Double.self) {
      self = .number(v)
    } else if let v = try? c.decode(String.self) {
      self = .text(v)
    } else {
      self = .list(try c.decode([String].self))
    }
  }
}

/// A candidate who takes part but has no group, with the reason and its evidence.
///
/// Typed, not text: the reports' one catalogue renders it in the output language.
public struct UnplacedCandidate: Sendable, Hashable {
  public var id: CandidateID
  public var code: UnplacedCode
  /// The hard rule that binds, where one does: `common-slots` for someone without enough
  /// slots, or the rule a `keep_together` set breaks by itself.
  public var rule: HardRule?
  /// The facts behind the reason; `rule` is repeated here as its code, so that `plan.json`
  /// carries it.
  public var evidence: [String: EvidenceValue]

  public init(
    id: CandidateID, code: UnplacedCode, rule: HardRule? = nil,
    evidence: [String: EvidenceValue]
  ) {
    self.id = id
    self.code = code
    self.rule = rule
    var evidence = evidence
    if let rule { evidence["rule"] = .text(rule.code) }
    self.evidence = evidence
  }

  /// A reason from a rule a person's own unit breaks, with that rule's evidence.
  public init(id: CandidateID, code: UnplacedCode, violation: RuleViolation) {
    var evidence = violation.evidence
    evidence["people"] = .list(violation.people.map(\.rawValue))
    self.init(id: id, code: code, rule: violation.rule, evidence: evidence)
  }
}

/// Whether the grouping is proven optimal.
public enum GroupingStatus: String, Sendable, Hashable, Codable {
  case optimal
  case feasible
}

/// What ended the solve.
public enum StoppedBy: String, Sendable, Hashable, Codable {
  case proof
  case iterations
  case time
}

/// How one component was solved, for `run.json` and the ablation.
public struct ComponentReport: Sendable, Hashable {
  public enum Method: String, Sendable, Hashable, Codable {
    /// Enumerated groups and GLPK set partitioning, proven optimal.
    case exact
    /// Native search, with GLPK recombination where it was enabled.
    case search
  }
  public var people: Int
  public var method: Method
  public var proven: Bool
  public var iterations: Int
  public var enumeratedGroups: Int
  public var poolGroups: Int
  /// Whether GLPK recombination improved on the search's best.
  public var recombinationImproved: Bool
  /// How many exact GLPK re-optimisations of two groups improved the search's state.
  public var reoptimizedPairs: Int = 0
  public var seconds: Double
  /// The component's objective value.
  public var value: Double = 0
  /// A proven upper bound on the component's value, when one was computed.
  public var bound: Double? = nil
  /// How the bound was found.
  public var boundMethod: BoundMethod = .none
  /// The work the column-generation bound did, when it ran.
  public var boundWork: BoundWork? = nil

  /// How far below its bound the component's value is, relative to the bound.
  public var gap: Double? { GroupingResult.relativeGap(objective: value, bound: bound) }
}

/// How a component's upper bound was found.
public enum BoundMethod: String, Sendable, Hashable, Codable {
  /// The component was solved exactly: the bound is its value.
  case exact
  /// The LP relaxation of set packing, by column generation with exact pricing.
  case columnGeneration = "column-generation"
  /// No time was left for the LP: everyone placed in groups as good per person as the best
  /// possible group (loose, but valid).
  case bestGroup = "best-group"
  /// GLPK's branch and bound over every valid group of a small component, stopped at its
  /// work limit before a proof: the best bound among its open subproblems, which is at or
  /// below the LP's. Kept where it is tighter than the column-generation bound.
  case branchAndBound = "branch-and-bound"
  /// No bound was computed (``FormationOptions/bound`` off, or the deadline came first).
  case none
}

/// What the column-generation bound did in one component.
public struct BoundWork: Sendable, Hashable {
  /// Whether the LP relaxation was solved to optimality; when `false` the budget ended it
  /// first and the bound is the best Lagrangian bound seen (still valid, looser).
  public var complete: Bool
  /// Master LP solves.
  public var rounds: Int
  /// Groups in the master at the end.
  public var columns: Int
  /// Branch-and-bound nodes of pricing.
  public var nodes: Int
  public var seconds: Double
}

/// The outcome of group formation.
public struct GroupingResult: Sendable {
  public var groups: [FormedGroup]
  /// Participants without a group, in file order.
  public var unplaced: [UnplacedCandidate]
  public var status: GroupingStatus
  public var stoppedBy: StoppedBy
  /// `Σ D(g) − size_penalty · Σ |size − target|` (minus the history penalty).
  public var objective: Double
  /// A proven upper bound on the objective, when one exists.
  public var bound: Double?
  public var components: Int
  public var componentsExact: Int
  public var reports: [ComponentReport]
  /// The iterations the searches ran, summed.
  public var iterations: Int
}

extension GroupingResult {
  /// `(bound − objective) / |bound|`, at least 0: how far below the best possible an
  /// objective can be; `nil` without a bound.
  public static func relativeGap(objective: Double, bound: Double?) -> Double? {
    guard let bound else { return nil }
    let scale = max(abs(bound), 1e-9)
    return max(0, (bound - objective) / scale)
  }
}
