import Intake

/// One hard rule of group formation: a rule no plan Kring writes may break.
///
/// The closed set of DESIGN.md's objective. Every place that checks, explains, relaxes or
/// audits a rule names it with this type, and its ``code`` is the one spelling of the rule in
/// `plan.json`, `kring explain`, the diagnosis and the audit.
public enum HardRule: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// A group has fewer members than `groups.size.min`.
  case sizeMin
  /// A group has more members than `groups.size.max`.
  case sizeMax
  /// An attribute in `groups.match` differs within a group (`format: either` fits both).
  case match(String)
  /// More members share a value of an attribute in `groups.separate` than it allows.
  case separate(String)
  /// Levels differ by more than `groups.hierarchy.max_level_gap`.
  case levelGap
  /// Someone shares a group with a person above them in their reporting chain.
  case reportingLine
  /// Someone shares a group with a person they asked to avoid.
  case avoid
  /// Two people listed together in `groups.keep_apart` share a group.
  case keepApart
  /// People listed together in `groups.keep_together` are in different groups.
  case keepTogether
  /// Two people who met in an earlier plan share a group (`met_before: avoid`).
  case metBefore
  /// The members share fewer weekly slots than `groups.min_common_slots`.
  case commonSlots
  /// A member cannot meet at the slot the group is scheduled at.
  case scheduledSlot

  /// The stable code, such as `level-gap` or `separate-organization`.
  public var code: String {
    switch self {
    case .sizeMin: "size-min"
    case .sizeMax: "size-max"
    case .match(let attribute): "match-\(attribute)"
    case .separate(let attribute): "separate-\(attribute)"
    case .levelGap: "level-gap"
    case .reportingLine: "reporting-line"
    case .avoid: "avoid"
    case .keepApart: "keep-apart"
    case .keepTogether: "keep-together"
    case .metBefore: "met-before"
    case .commonSlots: "common-slots"
    case .scheduledSlot: "scheduled-slot"
    }
  }

  /// The rule with this code, or `nil` for a code this version does not know.
  public init?(code: String) {
    if code.hasPrefix("match-"), code.count > 6 {
      self = .match(String(code.dropFirst(6)))
      return
    }
    if code.hasPrefix("separate-"), code.count > 9 {
      self = .separate(String(code.dropFirst(9)))
      return
    }
    let fixed: [HardRule] = [
      .sizeMin, .sizeMax, .levelGap, .reportingLine, .avoid, .keepApart, .keepTogether,
      .metBefore, .commonSlots, .scheduledSlot,
    ]
    guard let rule = fixed.first(where: { $0.code == code }) else { return nil }
    self = rule
  }

  /// Whether this is a safety rule, which Kring never relaxes nor suggests relaxing.
  public var isSafety: Bool {
    switch self {
    case .reportingLine, .avoid, .keepApart: true
    default: false
    }
  }

  /// The attribute of a `match` or `separate` rule.
  public var attribute: String? {
    switch self {
    case .match(let attribute), .separate(let attribute): attribute
    default: nil
    }
  }

  /// The `kring.yaml` key that sets the rule.
  public var configKey: String {
    switch self {
    case .sizeMin: "groups.size.min"
    case .sizeMax: "groups.size.max"
    case .match: "groups.match"
    case .separate(let attribute): "groups.separate.\(attribute)"
    case .levelGap: "groups.hierarchy.max_level_gap"
    case .reportingLine: "groups.hierarchy.separate_reporting_lines"
    case .avoid: "avoid"
    case .keepApart: "groups.keep_apart"
    case .keepTogether: "groups.keep_together"
    case .metBefore: "groups.history.met_before"
    case .commonSlots: "groups.min_common_slots"
    case .scheduledSlot: "schedule"
    }
  }

  public var description: String { code }

  /// Orders rules as the documentation lists them, so that every list of broken rules reads
  /// the same way.
  public static func < (lhs: HardRule, rhs: HardRule) -> Bool {
    (lhs.rank, lhs.attribute ?? "") < (rhs.rank, rhs.attribute ?? "")
  }

  private var rank: Int {
    switch self {
    case .sizeMin: 0
    case .sizeMax: 1
    case .match: 2
    case .separate: 3
    case .levelGap: 4
    case .reportingLine: 5
    case .avoid: 6
    case .keepApart: 7
    case .keepTogether: 8
    case .metBefore: 9
    case .commonSlots: 10
    case .scheduledSlot: 11
    }
  }
}

extension HardRule: Codable {
  public init(from decoder: any Decoder) throws {
    let code = try decoder.singleValueContainer().decode(String.self)
    guard let rule = HardRule(code: code) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "unknown rule \(code)"))
    }
    self = rule
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(code)
  }
}

/// A hard rule a group or a pair breaks, with who is involved and the evidence a message is
/// rendered from (in the output language, by the reports' one catalogue).
public struct RuleViolation: Hashable, Sendable {
  public var rule: HardRule
  /// The people involved: the pair for a pairwise rule, those sharing a value for
  /// `separate`, the members missing a slot for `scheduled-slot`.
  public var people: [CandidateID]
  /// The facts behind it, such as `limit` and `size`, or `level_a` and `level_b`.
  public var evidence: [String: EvidenceValue]

  public init(rule: HardRule, people: [CandidateID] = [], evidence: [String: EvidenceValue] = [:])
  {
    self.rule = rule
    self.people = people
    self.evidence = evidence
  }
}
