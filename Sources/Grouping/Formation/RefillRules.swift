import Intake

/// A hard rule that a set of people would break, named so a coordinator can act on it.
public struct RuleBreak: Sendable, Hashable, Codable {
  /// A stable code: `size-max`, `size-min`, `match-language`, `match-format`, `match-<attr>`,
  /// `separate-<attr>`, `level-gap`, `reporting-line`, `avoid`, `keep-apart`, `met-before`,
  /// `shared-slot`, `scheduled-slot` or `keep-together`.
  public var code: String
  public var message: String

  public init(code: String, message: String) {
    self.code = code
    self.message = message
  }

  /// Whether this is a safety rule, which Kring never relaxes nor suggests relaxing.
  public var isSafety: Bool { ["reporting-line", "avoid", "keep-apart"].contains(code) }
}

/// The hard rules of one batch as checks on a proposed group, each naming what it breaks.
///
/// This is the rule set of DESIGN.md's objective, written out per rule rather than packed
/// into a compatibility bit matrix, so refill and `kring explain` can say *which* rule binds.
public struct GroupRules: Sendable {
  public let config: GroupsConfig
  let people: [CandidateID: Candidate]
  /// Everyone above each person in their reporting chain (when reporting lines are kept apart).
  let ancestors: [CandidateID: Set<CandidateID>]
  let keepApart: Set<PairKeyID>
  let metBefore: Set<PairKeyID>

  /// Builds the checks; `candidates` is everyone known, so reporting chains run through all.
  public init(
    candidates: [Candidate], config: GroupsConfig, metBefore: [(CandidateID, CandidateID)] = []
  ) {
    self.config = config
    let byID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    people = byID
    var chains: [CandidateID: Set<CandidateID>] = [:]
    if config.hierarchy.separateReportingLines {
      for c in candidates {
        var seen: Set<CandidateID> = [c.id]
        var above: Set<CandidateID> = []
        var current = c.managerID
        while let m = current, !seen.contains(m), let manager = byID[m] {
          seen.insert(m)
          above.insert(m)
          current = manager.managerID
        }
        chains[c.id] = above
      }
    }
    ancestors = chains
    var apart = Set<PairKeyID>()
    for list in config.keepApart {
      for a in list.indices {
        for b in list.indices where b > a && list[a] != list[b] {
          apart.insert(PairKeyID(list[a], list[b]))
        }
      }
    }
    keepApart = apart
    self.metBefore =
      config.history.metBefore == .avoid ? Set(metBefore.map { PairKeyID($0.0, $0.1) }) : []
  }

  /// The candidate with this id, if known.
  public func candidate(_ id: CandidateID) -> Candidate? { people[id] }

  /// The pairwise rules `a` and `b` would break by sharing a group, in a fixed order.
  public func pairBreaks(_ a: CandidateID, _ b: CandidateID) -> [RuleBreak] {
    guard let x = people[a], let y = people[b] else { return [] }
    var breaks: [RuleBreak] = []
    for attribute in config.match {
      if attribute == "format" {
        if x.format != y.format && x.format != .either && y.format != .either {
          breaks.append(
            RuleBreak(
              code: "match-format",
              message: "\(a) meets \(x.format.rawValue) and \(b) \(y.format.rawValue)"))
        }
      } else if x.attribute(attribute) != y.attribute(attribute) {
        breaks.append(
          RuleBreak(
            code: "match-\(attribute)",
            message:
              "\(a) has \(attribute) \(x.attribute(attribute) ?? "blank") and \(b) \(y.attribute(attribute) ?? "blank")"
          ))
      }
    }
    if let gap = config.hierarchy.maxLevelGap, let l = x.level, let m = y.level, abs(l - m) > gap {
      breaks.append(
        RuleBreak(
          code: "level-gap",
          message:
            "\(a) (\(x.levelName ?? String(l + 1))) and \(b) (\(y.levelName ?? String(m + 1))) are \(abs(l - m)) level\(abs(l - m) == 1 ? "" : "s") apart; max_level_gap is \(gap)"
        ))
    }
    if ancestors[a]?.contains(b) == true || ancestors[b]?.contains(a) == true {
      breaks.append(
        RuleBreak(code: "reporting-line", message: "\(a) and \(b) share a reporting line"))
    }
    if x.avoid.contains(b) || y.avoid.contains(a) {
      breaks.append(RuleBreak(code: "avoid", message: "\(a) and \(b) asked not to share a group"))
    }
    if keepApart.contains(PairKeyID(a, b)) {
      breaks.append(RuleBreak(code: "keep-apart", message: "keep_apart lists \(a) with \(b)"))
    }
    if metBefore.contains(PairKeyID(a, b)) {
      breaks.append(
        RuleBreak(code: "met-before", message: "\(a) and \(b) met in an earlier plan"))
    }
    return breaks
  }

  /// Every rule the group `members` would break (size max, every pair, separate counts,
  /// shared slots, and the group's scheduled slot when it has one), one entry per rule code.
  public func groupBreaks(_ members: [CandidateID], scheduledSlot: Slot? = nil) -> [RuleBreak] {
    var breaks: [RuleBreak] = []
    var seen = Set<String>()
    func add(_ b: RuleBreak) { if seen.insert(b.code).inserted { breaks.append(b) } }
    if members.count > config.size.max {
      add(
        RuleBreak(
          code: "size-max",
          message: "\(members.count) members is more than size.max \(config.size.max)"))
    }
    for i in members.indices {
      for j in members.indices where j > i { pairBreaks(members[i], members[j]).forEach(add) }
    }
    let known = members.compactMap { people[$0] }
    for (attribute, limit) in config.separate.sorted(by: { $0.key < $1.key }) {
      var tally: [String: Int] = [:]
      for c in known { if let v = c.attribute(attribute) { tally[v, default: 0] += 1 } }
      if let worst = tally.sorted(by: { $0.key < $1.key }).max(by: { $0.value < $1.value }),
        worst.value > limit
      {
        add(
          RuleBreak(
            code: "separate-\(attribute)",
            message:
              "\(worst.value) members share \(attribute) \(worst.key); separate allows \(limit)"))
      }
    }
    var mask: UInt32 = 0x1F_FFFF
    for c in known { mask &= c.availability.mask }
    if mask.nonzeroBitCount < config.minCommonSlots {
      add(
        RuleBreak(
          code: "shared-slot",
          message:
            "the members share \(mask.nonzeroBitCount) slot(s); min_common_slots is \(config.minCommonSlots)"
        ))
    }
    if let slot = scheduledSlot {
      let missing = known.filter { !$0.availability.contains(slot) }.map(\.id.rawValue)
      if !missing.isEmpty {
        add(
          RuleBreak(
            code: "scheduled-slot",
            message:
              "\(missing.joined(separator: ", ")) cannot meet at the group's scheduled slot \(slot.token)"
          ))
      }
    }
    return breaks
  }
}

/// An unordered pair of ids.
struct PairKeyID: Hashable, Sendable {
  let a: CandidateID
  let b: CandidateID
  init(_ x: CandidateID, _ y: CandidateID) {
    a = min(x, y)
    b = max(x, y)
  }
}
