import Foundation
import Intake

extension GroupsConfig {
  /// The keys of the `groups:` section, in the order the documentation lists them.
  package static let configKeys = [
    "size", "diversify", "match", "separate", "hierarchy", "keep_apart", "keep_together",
    "min_common_slots", "history", "size_penalty", "iterations", "time_limit", "seed", "lock",
    "pin",
  ]

  /// The largest group size the config accepts.
  static let largestSize = 100
  /// The largest iteration budget the config (and `--iterations`) accepts: far beyond any
  /// useful search, which the time limit would end long before.
  public static let largestIterations = 100_000_000
  /// The largest level gap the config accepts (a programme has a handful of levels).
  static let largestLevelGap = 100

  /// Overrides this section with the `groups:` mapping of a config, key by key.
  ///
  /// Fixed-key mappings (`size`, `hierarchy`, `history`) merge key by key, so a partial
  /// `size: {max: 7}` keeps the preset's `min` and `target`. Attribute maps and lists
  /// (`diversify`, `match`, `separate`, `keep_apart`, `keep_together`) replace the preset's as
  /// a whole. `history.plans` are resolved against `baseDirectory`.
  public mutating func apply(
    _ node: ConfigNode, baseDirectory: String, _ diagnostics: inout ConfigDiagnostics
  ) {
    for entry in node.entries(allowed: Self.configKeys, &diagnostics) {
      let value = entry.node
      switch entry.key {
      case "size": applySize(value, &diagnostics)
      case "diversify":
        if let weights = Self.decodeDiversify(value, &diagnostics) { diversify = weights }
      case "match":
        if let names = Self.decodeAttributeList(value, &diagnostics) { match = names }
      case "separate":
        if let limits = Self.decodeSeparate(value, &diagnostics) { separate = limits }
      case "hierarchy": applyHierarchy(value, &diagnostics)
      case "keep_apart":
        if let sets = Self.decodeIDSets(value, &diagnostics) { keepApart = sets }
      case "keep_together":
        if let sets = Self.decodeIDSets(value, &diagnostics) { keepTogether = sets }
      case "min_common_slots":
        if let count = value.integer(in: 0...21, &diagnostics) { minCommonSlots = count }
      case "history": applyHistory(value, baseDirectory: baseDirectory, &diagnostics)
      case "size_penalty":
        if let penalty = value.weight(&diagnostics) { sizePenalty = penalty }
      case "iterations": decodeIterations(value, &diagnostics)
      case "lock":
        if let ids = Self.decodeGroupIDs(value, &diagnostics) { lock = ids }
      case "pin":
        if let pins = Self.decodePins(value, &diagnostics) { pin = pins }
      case "time_limit":
        if let seconds = value.duration(
          allowed: "a positive duration up to a year (8760h) such as 90, 30s, 2m, 1h 30m",
          &diagnostics)
        {
          timeLimit = seconds
        }
      case "seed":
        decodeSeed(value, &diagnostics)
      default:
        break
      }
    }
  }

  private mutating func applySize(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics) {
    var nodes: [String: ConfigNode] = [:]
    var given: [String: Int] = [:]
    for entry in node.entries(allowed: ["min", "max", "target"], &diagnostics) {
      nodes[entry.key] = entry.node
      if let value = entry.node.integer(in: Int.min...Int.max, &diagnostics) {
        given[entry.key] = value
      }
    }
    var newMax = given["max"] ?? size.max
    if let maxNode = nodes["max"], let value = given["max"] {
      let lowest = given["min"] == nil ? Swift.max(2, size.min) : 2
      if value < lowest || value > Self.largestSize {
        let bound = given["min"] == nil && size.min > 2 ? " (at least groups.size.min)" : ""
        diagnostics.outOfRange(
          maxNode, String(value), allowed: "\(lowest)…\(Self.largestSize)\(bound)")
        newMax = size.max
        given["max"] = nil
      }
    }
    var newMin = given["min"] ?? size.min
    if let minNode = nodes["min"], let value = given["min"] {
      if value < 2 || value > newMax {
        diagnostics.outOfRange(
          minNode, String(value), allowed: "2…\(newMax) (up to groups.size.max)")
        newMin = Swift.min(size.min, newMax)
      }
    }
    var newTarget = given["target"] ?? size.target
    if let targetNode = nodes["target"], let value = given["target"] {
      if value < newMin || value > newMax {
        diagnostics.outOfRange(
          targetNode, String(value),
          allowed: "\(newMin)…\(newMax) (groups.size.min…groups.size.max)")
      }
    } else {
      // A target the user did not write follows the bounds they did write.
      newTarget = Swift.min(Swift.max(newTarget, newMin), newMax)
    }
    size = Size(min: newMin, max: newMax, target: newTarget)
  }

  private mutating func applyHierarchy(
    _ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics
  ) {
    let keys = ["max_level_gap", "separate_reporting_lines"]
    for entry in node.entries(allowed: keys, &diagnostics) {
      let value = entry.node
      if entry.key == "max_level_gap" {
        if value.isNull || value.scalarText?.lowercased() == "none" {
          hierarchy.maxLevelGap = nil
        } else if let gap = value.integer(
          in: 0...Self.largestLevelGap,
          allowed: "a whole number 0…\(Self.largestLevelGap), or none",
          &diagnostics)
        {
          hierarchy.maxLevelGap = gap
        }
      } else if let flag = value.bool(&diagnostics) {
        hierarchy.separateReportingLines = flag
      }
    }
  }

  private mutating func applyHistory(
    _ node: ConfigNode, baseDirectory: String, _ diagnostics: inout ConfigDiagnostics
  ) {
    for entry in node.entries(allowed: ["plans", "met_before", "penalty"], &diagnostics) {
      let value = entry.node
      switch entry.key {
      case "plans":
        guard let items = value.items(&diagnostics) else { continue }
        let paths = items.compactMap { $0.filePath(relativeTo: baseDirectory, &diagnostics) }
        if paths.count == items.count { history.plans = paths }
      case "met_before":
        if let rule = value.choice(MetBefore.self, &diagnostics) { history.metBefore = rule }
      default:
        if let penalty = value.weight(&diagnostics) { history.penalty = penalty }
      }
    }
  }

  private mutating func decodeSeed(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics) {
    guard let text = node.text(&diagnostics) else { return }
    let digits = text.replacingOccurrences(of: "_", with: "")
    if let value = UInt64(digits) {
      seed = value
    } else if let value = Int(digits), value < 0 {
      diagnostics.outOfRange(node, text, allowed: "0…\(UInt64.max)")
    } else {
      diagnostics.wrongType(node, expected: "a whole number")
    }
  }

  private mutating func decodeIterations(
    _ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics
  ) {
    guard let text = node.text(&diagnostics) else { return }
    if text.lowercased() == "auto" {
      iterations = .auto
    } else if let count = Int(text.replacingOccurrences(of: "_", with: "")),
      (1...Self.largestIterations).contains(count)
    {
      iterations = .count(count)
    } else {
      diagnostics.error(
        node, code: "config-invalid-value",
        "\"\(text)\" is not allowed; allowed: auto, or a whole number 1…\(Self.largestIterations)")
    }
  }

  private static func decodeDiversify(
    _ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics
  ) -> [AttributeWeight]? {
    // A list of one-key mappings is the canonical dump's way to keep the written order.
    var entries: [ConfigEntry] = []
    if case .sequence(let items) = node.content {
      for item in items {
        let pairs = item.entries(diagnostics: &diagnostics)
        if pairs.count != 1, case .mapping = item.content {
          diagnostics.wrongType(item, expected: "one attribute: weight pair")
        }
        entries += pairs
      }
    } else {
      entries = node.entries(diagnostics: &diagnostics)
    }
    let before = diagnostics.diagnostics.count
    var weights: [AttributeWeight] = []
    for entry in entries {
      guard checkAttributeName(entry.key, entry.node, &diagnostics),
        let weight = entry.node.weight(&diagnostics)
      else { continue }
      if weights.contains(where: { $0.attribute == entry.key }) {
        diagnostics.error(
          entry.node, code: "config-duplicate-value",
          "attribute \"\(entry.key)\" is listed more than once")
        continue
      }
      weights.append(AttributeWeight(entry.key, weight))
    }
    return diagnostics.diagnostics.count == before ? weights : nil
  }

  private static func decodeAttributeList(
    _ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics
  ) -> [String]? {
    guard let items = node.items(&diagnostics) else { return nil }
    let before = diagnostics.diagnostics.count
    var names: [String] = []
    for item in items {
      guard let name = item.text(&diagnostics), checkAttributeName(name, item, &diagnostics)
      else { continue }
      if names.contains(name) {
        diagnostics.error(
          item, code: "config-duplicate-value", "attribute \"\(name)\" is listed more than once")
        continue
      }
      names.append(name)
    }
    return diagnostics.diagnostics.count == before ? names : nil
  }

  private static func decodeSeparate(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics)
    -> [String: Int]?
  {
    let before = diagnostics.diagnostics.count
    var limits: [String: Int] = [:]
    for entry in node.entries(diagnostics: &diagnostics) {
      guard checkAttributeName(entry.key, entry.node, &diagnostics),
        let limit = entry.node.integer(in: 1...largestSize, &diagnostics)
      else { continue }
      limits[entry.key] = limit
    }
    return diagnostics.diagnostics.count == before ? limits : nil
  }

  /// Attribute names are free (any column of the intake file), but never blank.
  private static func checkAttributeName(
    _ name: String, _ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics
  ) -> Bool {
    guard name.trimmingCharacters(in: .whitespaces).isEmpty else { return true }
    diagnostics.error(node, code: "config-invalid-value", "an attribute name is empty")
    return false
  }

  private static func decodeIDSets(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics)
    -> [[CandidateID]]?
  {
    guard let items = node.items(&diagnostics) else { return nil }
    let before = diagnostics.diagnostics.count
    var sets: [[CandidateID]] = []
    for item in items {
      guard case .sequence(let members) = item.content else {
        // One report for the whole key: a flat list means the brackets of the sets are missing.
        diagnostics.wrongType(node, expected: "a list of id lists such as [[c12, c40]]", got: item)
        return nil
      }
      var ids: [CandidateID] = []
      for member in members {
        guard let id = member.text(&diagnostics) else { continue }
        if ids.contains(CandidateID(id)) {
          diagnostics.error(
            member, code: "config-duplicate-value", "id \"\(id)\" is listed twice in one set")
          continue
        }
        ids.append(CandidateID(id))
      }
      if members.count < 2 {
        diagnostics.error(
          item, code: "config-invalid-value",
          "a set needs at least 2 ids, got \(members.count); write e.g. [c12, c40]")
        continue
      }
      sets.append(ids)
    }
    return diagnostics.diagnostics.count == before ? sets : nil
  }

  /// `lock`: a list of group ids, each once.
  private static func decodeGroupIDs(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics)
    -> [String]?
  {
    guard let items = node.items(&diagnostics) else { return nil }
    let before = diagnostics.diagnostics.count
    var ids: [String] = []
    for item in items {
      guard let id = item.text(&diagnostics) else { continue }
      let trimmed = id.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty {
        diagnostics.error(item, code: "config-invalid-value", "a group id is empty")
      } else if ids.contains(trimmed) {
        diagnostics.error(
          item, code: "config-duplicate-value", "group \"\(trimmed)\" is listed more than once")
      } else {
        ids.append(trimmed)
      }
    }
    return diagnostics.diagnostics.count == before ? ids : nil
  }

  /// `pin`: candidate id → group id, such as `{c7: G03}`.
  private static func decodePins(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics)
    -> [CandidateID: String]?
  {
    let before = diagnostics.diagnostics.count
    var pins: [CandidateID: String] = [:]
    for entry in node.entries(diagnostics: &diagnostics) {
      guard let group = entry.node.text(&diagnostics) else { continue }
      let id = CandidateID(entry.key.trimmingCharacters(in: .whitespaces))
      let trimmed = group.trimmingCharacters(in: .whitespaces)
      if id.rawValue.isEmpty || trimmed.isEmpty {
        diagnostics.error(
          entry.node, code: "config-invalid-value",
          "a pin needs a candidate id and a group id, e.g. {c7: G03}")
      } else if pins[id] != nil {
        diagnostics.error(
          entry.node, code: "config-duplicate-value",
          "candidate \"\(id.rawValue)\" is pinned more than once")
      } else {
        pins[id] = trimmed
      }
    }
    return diagnostics.diagnostics.count == before ? pins : nil
  }

  /// The section in canonical form, for `plan.json` and `normalizedYAML()`.
  public var configValue: ConfigValue {
    let iterationsValue: ConfigValue
    switch iterations {
    case .auto: iterationsValue = .string("auto")
    case .count(let count): iterationsValue = .int(count)
    }
    return .map([
      "size": .map(["min": .int(size.min), "max": .int(size.max), "target": .int(size.target)]),
      "diversify": .list(diversify.map { .map([$0.attribute: .double($0.weight)]) }),
      "match": .list(match.map { .string($0) }),
      "separate": .map(separate.mapValues { .int($0) }),
      "hierarchy": .map([
        "max_level_gap": hierarchy.maxLevelGap.map { .int($0) } ?? .null,
        "separate_reporting_lines": .bool(hierarchy.separateReportingLines),
      ]),
      "keep_apart": .list(keepApart.map { .list($0.map { .string($0.rawValue) }) }),
      "keep_together": .list(keepTogether.map { .list($0.map { .string($0.rawValue) }) }),
      "min_common_slots": .int(minCommonSlots),
      "history": .map([
        "plans": .list(history.plans.map { .string($0) }),
        "met_before": .string(history.metBefore.rawValue),
        "penalty": .double(history.penalty),
      ]),
      "size_penalty": .double(sizePenalty),
      "iterations": iterationsValue,
      "time_limit": .double(timeLimit),
      "seed": seed <= UInt64(Int.max) ? .int(Int(seed)) : .string(String(seed)),
      "lock": .list(lock.map { .string($0) }),
      "pin": .map(
        Dictionary(
          pin.map { ($0.key.rawValue, .string($0.value)) }, uniquingKeysWith: { a, _ in a })),
    ])
  }
}
