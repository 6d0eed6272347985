import Intake

/// The `groups:` section of `kring.yaml`: the rules and objective of group formation.
public struct GroupsConfig: Hashable, Sendable {
  /// Group size bounds and the preferred size.
  public struct Size: Hashable, Sendable {
    public var min: Int
    public var max: Int
    public var target: Int
    public init(min: Int = 5, max: Int = 8, target: Int = 6) {
      self.min = min
      self.max = max
      self.target = target
    }
  }

  /// Hierarchy rules: a level window and separated reporting lines.
  public struct Hierarchy: Hashable, Sendable {
    /// Largest allowed difference in level rank within a group; `nil` means levels are not used.
    public var maxLevelGap: Int?
    /// Nobody shares a group with someone above them in their reporting chain.
    public var separateReportingLines: Bool
    public init(maxLevelGap: Int? = 0, separateReportingLines: Bool = true) {
      self.maxLevelGap = maxLevelGap
      self.separateReportingLines = separateReportingLines
    }
  }

  /// What to do with pairs who met in an earlier plan.
  public enum MetBefore: String, Hashable, Sendable, CaseIterable {
    case avoid
    case penalize
    case ignore
  }

  /// Earlier plans whose groups count as "met before".
  public struct History: Hashable, Sendable {
    /// Paths of earlier `plan.json` files, relative to the config file.
    public var plans: [String]
    public var metBefore: MetBefore
    /// Penalty per pair that met before, when `metBefore` is `penalize`.
    public var penalty: Double
    public init(plans: [String] = [], metBefore: MetBefore = .avoid, penalty: Double = 1.0) {
      self.plans = plans
      self.metBefore = metBefore
      self.penalty = penalty
    }
  }

  /// The search budget: a number of iterations, or `auto` (scaled to the batch).
  public enum Iterations: Hashable, Sendable {
    case auto
    case count(Int)
  }

  public var size: Size
  /// Attribute → weight in d_ij, in the order written (the order matters for output only).
  public var diversify: [AttributeWeight]
  /// Attributes that must be equal within a group (`format: either` fits both).
  public var match: [String]
  /// Attribute → the most members of one group that may share a value.
  public var separate: [String: Int]
  public var hierarchy: Hierarchy
  public var keepApart: [[CandidateID]]
  public var keepTogether: [[CandidateID]]
  public var minCommonSlots: Int
  public var history: History
  public var sizePenalty: Double
  public var iterations: Iterations
  /// A safety net in seconds; the iteration budget is the stopping rule.
  public var timeLimit: Double
  public var seed: UInt64
  /// Refill (`--keep`): ids of the kept plan's groups that never change, not even by a fill.
  public var lock: [String] = []
  /// Refill (`--keep`): candidate → the kept plan's group they are fixed to.
  public var pin: [CandidateID: String] = [:]

  public init(
    size: Size = Size(),
    diversify: [AttributeWeight] = [
      AttributeWeight("years_experience", 1.0), AttributeWeight("sector", 0.5),
    ],
    match: [String] = ["language", "format"], separate: [String: Int] = ["organization": 1],
    hierarchy: Hierarchy = Hierarchy(), keepApart: [[CandidateID]] = [],
    keepTogether: [[CandidateID]] = [], minCommonSlots: Int = 1, history: History = History(),
    sizePenalty: Double = 0.2, iterations: Iterations = .auto, timeLimit: Double = 60,
    seed: UInt64 = 1
  ) {
    self.size = size
    self.diversify = diversify
    self.match = match
    self.separate = separate
    self.hierarchy = hierarchy
    self.keepApart = keepApart
    self.keepTogether = keepTogether
    self.minCommonSlots = minCommonSlots
    self.history = history
    self.sizePenalty = sizePenalty
    self.iterations = iterations
    self.timeLimit = timeLimit
    self.seed = seed
  }
}

extension GroupsConfig {
  /// Every attribute a rule or the objective reads: `match`, `separate` and `diversify`.
  public var ruleAttributes: Set<String> {
    Set(match).union(separate.keys).union(diversify.map(\.attribute))
  }
}

/// One term of the pairwise diversity d_ij: an attribute and its weight.
public struct AttributeWeight: Hashable, Sendable {
  public var attribute: String
  public var weight: Double
  public init(_ attribute: String, _ weight: Double) {
    self.attribute = attribute
    self.weight = weight
  }
}
