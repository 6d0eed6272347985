extension HardRule {
  /// The hard rules `config` enforces, in rule order: what a diagnosis may try to loosen and
  /// what a report may list.
  public static func enforced(by config: GroupsConfig) -> [HardRule] {
    var rules: [HardRule] = [.sizeMin, .sizeMax]
    rules += config.match.map(HardRule.match)
    rules += config.separate.keys.sorted().map(HardRule.separate)
    if config.hierarchy.maxLevelGap != nil { rules.append(.levelGap) }
    if config.hierarchy.separateReportingLines { rules.append(.reportingLine) }
    rules += [.avoid, .keepApart, .keepTogether]
    if config.history.metBefore == .avoid { rules.append(.metBefore) }
    if config.minCommonSlots > 0 { rules.append(.commonSlots) }
    return rules
  }

  /// The rule loosened by one step, as a config and the `--set` that expresses it; `nil`
  /// for a safety rule (never relaxed or suggested) and for rules that have no step to
  /// loosen.
  public func relaxed(in config: GroupsConfig) -> (config: GroupsConfig, set: String)? {
    guard !isSafety else { return nil }
    var c = config
    switch self {
    case .levelGap:
      guard let gap = config.hierarchy.maxLevelGap else { return nil }
      c.hierarchy.maxLevelGap = gap + 1
      return (c, "groups.hierarchy.max_level_gap=\(gap + 1)")
    case .sizeMin:
      guard config.size.min > 2 else { return nil }
      c.size.min -= 1
      c.size.target = max(c.size.target, c.size.min)
      return (c, "groups.size.min=\(c.size.min)")
    case .sizeMax:
      guard config.size.max < GroupsConfig.largestSize else { return nil }
      c.size.max += 1
      return (c, "groups.size.max=\(c.size.max)")
    case .commonSlots:
      guard config.minCommonSlots > 1 else { return nil }
      c.minCommonSlots -= 1
      return (c, "groups.min_common_slots=\(c.minCommonSlots)")
    case .separate(let attribute):
      guard let limit = config.separate[attribute] else { return nil }
      c.separate[attribute] = limit + 1
      return (c, "groups.separate.\(attribute)=\(limit + 1)")
    case .match(let attribute):
      guard config.match.contains(attribute) else { return nil }
      c.match.removeAll { $0 == attribute }
      return (c, "groups.match=[\(c.match.joined(separator: ", "))]")
    case .reportingLine, .avoid, .keepApart, .keepTogether, .metBefore, .scheduledSlot:
      // Safety rules are never loosened; keep_together and met_before are the
      // coordinator's own decisions about people, and a scheduled slot is a fact.
      return nil
    }
  }
}
