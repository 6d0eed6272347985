import Foundation

extension IntakeConfig {
  /// The canonical intake field names that `intake.columns` may map to a header.
  public static let knownColumnFields = [
    "id", "name", "email", "organization", "department", "sector", "profession", "level",
    "manager_id", "years_experience", "language", "format", "region", "availability",
    "needs_accessible", "motivation", "commitment", "openness", "avoid", "learning_goal",
    "intake_date", "timestamp",
  ]

  /// Overrides this section with the `intake:` mapping of a config, key by key.
  ///
  /// The maps and lists a user writes (`columns`, `sectors`, `levels`) replace the defaults
  /// as a whole; `readiness` merges key by key. Every problem is added to `diagnostics`.
  public mutating func apply(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics) {
    var valuesNode: ConfigNode?
    for entry in node.entries(allowed: Self.configKeys, &diagnostics) {
      let value = entry.node
      switch entry.key {
      case "columns":
        if let (columns, lists) = Self.decodeColumns(value, &diagnostics) {
          self.columns = columns
          columnLists = lists
        }
      case "sheet":
        if value.isNull {
          sheet = nil
        } else if let text = value.text(&diagnostics) {
          sheet = text.isEmpty ? nil : text
        }
      case "ignore":
        if let list = Self.decodeTexts(value, &diagnostics) { ignore = list }
      case "none":
        if let list = Self.decodeTexts(value, &diagnostics) { none = list }
      case "values":
        // Checked once the levels and sectors of the same section are known.
        valuesNode = value
      case "sectors":
        if let sectors = Self.decodeSectors(value, &diagnostics) { self.sectors = sectors }
      case "levels":
        if let levels = Self.decodeLevels(value, &diagnostics) { self.levels = levels }
      case "default_language":
        if let language = Self.decodeLanguage(value, &diagnostics) {
          defaultLanguage = language
        }
      case "max_rows":
        if let rows = value.integer(in: 1...Self.largestMaxRows, &diagnostics) { maxRows = rows }
      default:
        readiness.apply(value, &diagnostics)
      }
    }
    // A field's map replaces that field's defaults; the other fields keep theirs.
    if let valuesNode, let decoded = decodeValues(valuesNode, &diagnostics) {
      values.merge(decoded) { _, written in written }
    }
  }

  /// The keys of `intake:`, in the README's order.
  public static let configKeys = [
    "columns", "sheet", "ignore", "none", "values", "sectors", "levels", "default_language",
    "readiness", "max_rows",
  ]

  /// The fields `intake.values` may map answers for.
  public static let valueFields = [
    "availability", "level", "language", "format", "needs_accessible", "sector", "organization",
    "department", "profession", "region", "years_experience",
  ]

  /// A list of texts (`ignore`, `none`); a single text is a list of one.
  private static func decodeTexts(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics)
    -> [String]?
  {
    if case .scalar = node.content, !node.isNull {
      return node.text(&diagnostics).map { [$0] }
    }
    guard let items = node.items(&diagnostics) else { return nil }
    var texts: [String] = []
    for item in items { if let text = item.text(&diagnostics) { texts.append(text) } }
    return texts.count == items.count ? texts : nil
  }

  /// `intake.values`: field → answer → a canonical value, a list of them, or `none`.
  private func decodeValues(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics)
    -> [String: [String: [String]]]?
  {
    let before = diagnostics.diagnostics.count
    var values: [String: [String: [String]]] = [:]
    for field in node.entries(allowed: Self.valueFields, &diagnostics) {
      var map: [String: [String]] = [:]
      for answer in field.node.entries(diagnostics: &diagnostics) {
        guard let canonical = Self.canonicalValues(answer.node, &diagnostics) else { continue }
        if let problem = check(field: field.key, canonical) {
          diagnostics.error(answer.node, code: "config-invalid-value", problem)
          continue
        }
        map[answer.key] = canonical
      }
      values[field.key] = map
    }
    return diagnostics.diagnostics.count == before ? values : nil
  }

  /// The canonical values of one answer: `none` (or nothing) is an empty list.
  private static func canonicalValues(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics)
    -> [String]?
  {
    if node.isNull { return [] }
    if case .scalar = node.content {
      guard let text = node.text(&diagnostics) else { return nil }
      return TextMatching.fold(text) == "none" ? [] : [text]
    }
    guard let items = node.items(&diagnostics) else { return nil }
    var texts: [String] = []
    for item in items { if let text = item.text(&diagnostics) { texts.append(text) } }
    return texts.count == items.count ? texts : nil
  }

  /// What is wrong with the canonical values of an answer of `field`, or `nil`.
  func check(field: String, _ canonical: [String]) -> String? {
    for value in canonical {
      switch field {
      case "availability":
        for token in value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" })
        where TextMatching.fold(String(token)) != "all" && FieldParsers.slot(token) == nil {
          return
            "\"\(token)\" is not a weekly slot; allowed: slots such as tue-pm or di-middag, all, or none"
        }
      case "level":
        let known = levels.contains { TextMatching.fold($0) == TextMatching.fold(value) }
        let number = Int(value).map { $0 >= 1 && (levels.isEmpty || $0 <= levels.count) } ?? false
        if !known && !number {
          return
            "\"\(value)\" is not a level; allowed: \(levels.isEmpty ? "a number 1 or higher" : levels.joined(separator: ", ")), or none"
        }
      case "language":
        if case .failure(let p) = FieldParsers.language(value) { return p.message }
      case "format":
        if case .failure = FieldParsers.format(value) {
          return "\"\(value)\" is not a format; allowed: online, in-person, either, or none"
        }
      case "needs_accessible":
        if case .failure = FieldParsers.boolean(value) {
          return "\"\(value)\" is not yes or no; allowed: yes, no, or none"
        }
      case "sector":
        let names =
          sectors.keys.map(TextMatching.fold)
          + sectors.values.flatMap { $0.map(TextMatching.fold) }
        if !sectors.isEmpty && !names.contains(TextMatching.fold(value)) {
          return
            "\"\(value)\" is not a sector of intake.sectors; allowed: \(sectors.keys.sorted().joined(separator: ", ")), or none"
        }
      case "years_experience":
        if case .failure(let p) = FieldParsers.years(value) { return p.message }
      default: break
      }
    }
    if canonical.count > 1 && !["availability", "language"].contains(field) {
      return "\(field) takes one value per answer, got \(canonical.count)"
    }
    return nil
  }

  /// The section in canonical form, for `plan.json` and `normalizedYAML()`.
  public var configValue: ConfigValue {
    .map([
      "columns": .map(
        Dictionary(
          uniqueKeysWithValues: columns.map { field, header in
            (field, columnLists[field].map { .list($0.map { .string($0) }) } ?? .string(header))
          })),
      "sheet": sheet.map { .string($0) } ?? .null,
      "ignore": .list(ignore.map { .string($0) }),
      "none": .list(none.map { .string($0) }),
      "values": valuesConfigValue,
      "sectors": .map(sectors.mapValues { .list($0.map { .string($0) }) }),
      "levels": .list(levels.map { .string($0) }),
      "default_language": .string(defaultLanguage),
      "readiness": readiness.configValue,
      "max_rows": .int(maxRows),
    ])
  }

  /// `intake.values` in canonical form: one value as text, none as `none`, several as a list.
  public var valuesConfigValue: ConfigValue {
    .map(
      values.mapValues { answers in
        .map(
          answers.mapValues { canonical in
            switch canonical.count {
            case 0: .string("none")
            case 1: .string(canonical[0])
            default: .list(canonical.map { .string($0) })
            }
          })
      })
  }

  /// The fields `intake.columns` may feed from a list of columns.
  public static let listColumnFields = ["name", "availability"]

  private static func decodeColumns(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics)
    -> ([String: String], [String: [String]])?
  {
    var columns: [String: String] = [:]
    var lists: [String: [String]] = [:]
    var fieldByHeader: [String: String] = [:]
    let before = diagnostics.diagnostics.count
    for entry in node.entries(allowed: knownColumnFields, &diagnostics) {
      var headers: [ConfigNode] = [entry.node]
      if case .sequence(let items) = entry.node.content {
        guard listColumnFields.contains(entry.key), !items.isEmpty else {
          diagnostics.error(
            entry.node, code: "config-wrong-type",
            listColumnFields.contains(entry.key)
              ? "expected one header or a list of headers, got an empty list"
              : "\(entry.key) is read from one column; only \(listColumnFields.joined(separator: " and ")) may list several"
          )
          continue
        }
        headers = items
      }
      var texts: [String] = []
      for item in headers {
        guard let header = item.text(&diagnostics) else { continue }
        let folded = header.lowercased()
        if let other = fieldByHeader[folded] {
          diagnostics.error(
            item, code: "config-duplicate-header",
            "header \"\(header)\" is already mapped to \(other); each header feeds one field")
          continue
        }
        fieldByHeader[folded] = entry.key
        texts.append(header)
      }
      guard let first = texts.first else { continue }
      columns[entry.key] = first
      if texts.count > 1 { lists[entry.key] = texts }
    }
    return diagnostics.diagnostics.count == before ? (columns, lists) : nil
  }

  private static func decodeSectors(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics)
    -> [String: [String]]?
  {
    var sectors: [String: [String]] = [:]
    // Every spelling (canonical names and aliases) may lead to one sector only.
    var owner: [String: String] = [:]
    let before = diagnostics.diagnostics.count
    for entry in node.entries(diagnostics: &diagnostics) {
      let canonical = entry.key.trimmingCharacters(in: .whitespaces)
      let entryNode = entry.node
      guard !canonical.isEmpty else {
        diagnostics.error(entryNode, code: "config-invalid-value", "a sector name is empty")
        continue
      }
      let canonicalKey = foldSpelling(canonical)
      if let other = owner[canonicalKey], other != canonical {
        diagnostics.error(
          entryNode, code: "config-duplicate-alias",
          "sector \"\(canonical)\" is already an alias of \(other)")
        continue
      }
      owner[canonicalKey] = canonical
      guard let items = entryNode.items(&diagnostics) else { continue }
      var aliases: [String] = []
      for item in items {
        guard let alias = item.text(&diagnostics) else { continue }
        let key = foldSpelling(alias)
        if let other = owner[key] {
          if other != canonical {
            diagnostics.error(
              item, code: "config-duplicate-alias",
              "alias \"\(alias)\" is listed under both \(other) and \(canonical)")
          }
          continue
        }
        owner[key] = canonical
        aliases.append(alias)
      }
      sectors[canonical] = aliases
    }
    return diagnostics.diagnostics.count == before ? sectors : nil
  }

  /// Folds case, accents and spacing, as the intake reader does when it matches sectors.
  private static func foldSpelling(_ text: String) -> String {
    text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
      .split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  private static func decodeLevels(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics)
    -> [String]?
  {
    guard let items = node.items(&diagnostics) else { return nil }
    guard !items.isEmpty else {
      diagnostics.error(
        node, code: "config-invalid-value",
        "the list of levels is empty; list them lowest first, e.g. [professional, senior, lead]"
      )
      return nil
    }
    var levels: [String] = []
    var seen: Set<String> = []
    let before = diagnostics.diagnostics.count
    for item in items {
      guard let level = item.text(&diagnostics) else { continue }
      guard seen.insert(foldSpelling(level)).inserted else {
        diagnostics.error(
          item, code: "config-duplicate-value", "level \"\(level)\" is listed more than once")
        continue
      }
      levels.append(level)
    }
    return diagnostics.diagnostics.count == before ? levels : nil
  }

  private static func decodeLanguage(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics)
    -> String?
  {
    guard let text = node.text(&diagnostics) else { return nil }
    let code = text.lowercased()
    let valid =
      (2...8).contains(code.count)
      && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "-" }
      && code.first != "-"
    guard valid else {
      diagnostics.error(
        node, code: "config-invalid-value",
        "\"\(text)\" is not a language code; allowed: a code such as nl or en")
      return nil
    }
    return code
  }
}

extension ReadinessConfig {
  /// The rating names `intake.readiness.weights` may weigh.
  static let ratingNames = ["motivation", "commitment", "openness"]

  /// Overrides this section with an `intake.readiness:` mapping, key by key.
  public mutating func apply(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics) {
    var readyNode: ConfigNode?
    var notNowNode: ConfigNode?
    let scoreRange = "1…5"
    for entry in node.entries(allowed: ["weights", "ready_at", "not_now_below"], &diagnostics) {
      let value = entry.node
      switch entry.key {
      case "weights":
        var weights: [String: Double] = [:]
        let before = diagnostics.diagnostics.count
        for weight in value.entries(allowed: Self.ratingNames, &diagnostics) {
          if let number = weight.node.weight(&diagnostics) {
            weights[weight.key] = number
          }
        }
        guard diagnostics.diagnostics.count == before else { continue }
        guard weights.values.contains(where: { $0 > 0 }) else {
          diagnostics.error(
            value, code: "config-invalid-value",
            "at least one of motivation, commitment, openness needs a weight above 0")
          continue
        }
        self.weights = weights
      case "ready_at":
        if let number = value.number(
          allowed: scoreRange, &diagnostics, where: { (1...5).contains($0) })
        {
          readyAt = number
          readyNode = value
        }
      default:
        if let number = value.number(
          allowed: scoreRange, &diagnostics, where: { (1...5).contains($0) })
        {
          notNowBelow = number
          notNowNode = value
        }
      }
    }
    if readyAt < notNowBelow, let culprit = notNowNode ?? readyNode {
      diagnostics.error(
        culprit, code: "config-out-of-range",
        "ready_at (\(ConfigValue.format(readyAt))) is below not_now_below "
          + "(\(ConfigValue.format(notNowBelow))); ready_at must be at least not_now_below")
    }
  }

  /// The section in canonical form.
  public var configValue: ConfigValue {
    .map([
      "weights": .map(weights.mapValues { .double($0) }),
      "ready_at": .double(readyAt),
      "not_now_below": .double(notNowBelow),
    ])
  }
}
