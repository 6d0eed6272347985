/// The draft as commented YAML, and the merge with the coordinator's earlier file.
extension IntakeDraft {
  /// Drafts the config of the export at `path` (any format Kring reads), merged with the
  /// coordinator's earlier config when `existing` holds its text.
  ///
  /// - Throws: the export's file-level problems, or the earlier config's YAML errors (the
  ///   file is then left alone).
  public static func make(
    exportPath: String, sheet: String? = nil, existing: (text: String, file: String)? = nil
  ) throws(DiagnosticList) -> IntakeDraft {
    let bytes = try InputFile.contents(path: exportPath, maxBytes: 100_000_000)
    return try make(bytes: bytes, fileName: exportPath, sheet: sheet, existing: existing)
  }

  /// Drafts the config of an export held in memory; `fileName` names it and picks the format.
  public static func make(
    bytes: [UInt8], fileName: String, sheet: String? = nil,
    existing: (text: String, file: String)? = nil
  ) throws(DiagnosticList) -> IntakeDraft {
    var chosenSheet = sheet
    if sheet == nil, let existing,
      case .success(let node) = ConfigNode.parse(
        yaml: existing.text, file: existing.file), let named = node["intake"]?["sheet"]?.scalarText,
      !named.isEmpty
    {
      chosenSheet = named
    }
    let table: RawTable
    switch InputFile.table(
      bytes, file: fileName, sheet: chosenSheet, empty: "expected a header row and answers",
      limit: RowLimit(rows: IntakeConfig.largestMaxRows, key: nil))
    {
    case .success(let read): table = read.table
    case .failure(let list): throw list
    }
    guard !table.records.isEmpty else {
      throw DiagnosticList([
        Diagnostic(
          file: fileName, code: "no-candidates", message: "the file has a header but no answers")
      ])
    }
    var draft = IntakeDraft(table: table, source: fileName, sheet: chosenSheet)
    if let existing { try draft.merge(existing.text, file: existing.file) }
    return draft
  }

  // MARK: Merge

  /// Keeps every choice of the coordinator's earlier config: its column mapping, ignored
  /// columns, none words, answer values, levels and sectors win; answers and sectors only
  /// this export has are added; every other section is kept as written, comments included.
  mutating func merge(_ text: String, file: String) throws(DiagnosticList) {
    let root: ConfigNode
    switch ConfigNode.parse(yaml: text, file: file) {
    case .success(let node): root = node
    case .failure(let problem): throw DiagnosticList([problem])
    }
    guard case .mapping(let top) = root.content else { return }
    var scratch = ConfigDiagnostics()
    for entry in top {
      switch entry.key {
      case "program": if let t = entry.node.scalarText, !t.isEmpty { program = t }
      case "language": if let t = entry.node.scalarText, !t.isEmpty { language = t }
      case "intake": break
      default: break
      }
    }
    let lines = text.components(separatedBy: "\n")
    keptText = Self.sections(of: lines, indent: 0).filter {
      !["program", "language", "intake"].contains($0.key)
    }.map(\.text)
    guard let intake = root["intake"], case .mapping(let entries) = intake.content else { return }
    let owned = ["columns", "sheet", "ignore", "none", "values", "levels", "sectors"]
    if let block = Self.sections(of: lines, indent: 0).first(where: { $0.key == "intake" }) {
      let inner = block.text.components(separatedBy: "\n").dropFirst()
      keptIntakeText = Self.sections(of: Array(inner), indent: 2).filter {
        !owned.contains($0.key)
      }.map(\.text)
    }
    for entry in entries {
      let node = entry.node
      switch entry.key {
      case "columns":
        for column in node.entries(diagnostics: &scratch) {
          let headers = Self.texts(column.node, &scratch)
          guard !headers.isEmpty else { continue }
          columns.removeAll { c in
            c.field == column.key || c.headers.contains { headers.contains($0) }
          }
          columns.append((column.key, headers))
          unmapped.removeAll { headers.contains($0) }
          ignore.removeAll { headers.contains($0) }
        }
        let order = IntakeConfig.knownColumnFields
        columns.sort {
          (order.firstIndex(of: $0.field) ?? order.count)
            < (order.firstIndex(of: $1.field) ?? order.count)
        }
        usesLevels = columns.contains { $0.field == "level" }
      case "sheet":
        sheet = node.isNull ? nil : node.scalarText
      case "ignore":
        ignore = Self.texts(node, &scratch)
        unmapped.removeAll { ignore.contains($0) }
      case "none":
        none = Self.texts(node, &scratch)
      case "levels":
        let theirs = Self.texts(node, &scratch)
        if !theirs.isEmpty { levels = theirs }
      case "values":
        for field in node.entries(diagnostics: &scratch) {
          var kept: [Answer] = []
          for answer in field.node.entries(diagnostics: &scratch) {
            let canonical: [String]
            if answer.node.isNull {
              canonical = []
            } else if let t = answer.node.scalarText {
              canonical = TextMatching.fold(t) == "none" ? [] : [t]
            } else {
              canonical = Self.texts(answer.node, &scratch)
            }
            var entry = Answer(text: answer.key, canonical: canonical, kept: true)
            // The comment on the line stays as the coordinator left it (a REVIEW they kept
            // or removed).
            if let line = answer.node.line, line >= 1, line <= lines.count {
              entry.comment = Self.comment(of: lines[line - 1])
            }
            kept.append(entry)
          }
          let keys = Set(kept.map { AnswerValues.key($0.text) })
          let fresh = (values.first { $0.field == field.key }?.answers ?? []).filter {
            !keys.contains(AnswerValues.key($0.text))
          }
          values.removeAll { $0.field == field.key }
          values.append((field.key, kept + fresh))
        }
      case "sectors":
        var theirs: [Sector] = []
        for sector in node.entries(diagnostics: &scratch) {
          theirs.append(
            Sector(name: sector.key, aliases: Self.texts(sector.node, &scratch), kept: true))
        }
        var known = Set<String>()
        for s in theirs { for n in [s.name] + s.aliases { known.insert(TextMatching.fold(n)) } }
        var added: [Sector] = []
        for mine in sectors {
          let spellings = ([mine.name] + mine.aliases).filter {
            !known.contains(TextMatching.fold($0))
          }
          guard !spellings.isEmpty else { continue }
          // A new spelling of a sector the coordinator already has joins it.
          let covered = ([mine.name] + mine.aliases).contains {
            known.contains(TextMatching.fold($0))
          }
          if covered,
            let k = theirs.firstIndex(where: { s in
              ([s.name] + s.aliases).contains { n in
                ([mine.name] + mine.aliases).contains {
                  TextMatching.fold($0) == TextMatching.fold(n)
                }
              }
            })
          {
            theirs[k].aliases += spellings
          } else {
            added.append(Sector(name: spellings[0], aliases: Array(spellings.dropFirst())))
          }
        }
        sectors = theirs + added
      default:
        break
      }
    }
    // A level the draft proposes that the coordinator's levels lack: the nearest they have.
    if let k = values.firstIndex(where: { $0.field == "level" }) {
      for (i, answer) in values[k].answers.enumerated() where !answer.kept {
        guard let name = answer.canonical.first, !levels.contains(name) else { continue }
        let rung = LevelLadder.rungs.firstIndex(of: name) ?? 0
        values[k].answers[i].canonical = [levels[min(rung, levels.count - 1)]]
        values[k].answers[i].review = "a new answer; check its level"
      }
    }
  }

  /// The comment at the end of a YAML line (after a `#` outside quotes), or `nil`.
  static func comment(of line: String) -> String? {
    var quoted = false
    var previous: Character = " "
    for (offset, c) in line.enumerated() {
      if c == "\"" && previous != "\\" { quoted.toggle() }
      if c == "#" && !quoted && (previous == " " || previous == "\t") {
        return String(line.dropFirst(offset + 1)).trimmingCharacters(in: .whitespaces)
      }
      previous = c
    }
    return nil
  }

  private static func texts(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics)
    -> [String]
  {
    if node.isNull { return [] }
    if let t = node.scalarText { return [t] }
    return (node.items(&diagnostics) ?? []).compactMap(\.scalarText)
  }

  /// The keyed sections of a YAML text at one indentation: each key's line, its value's
  /// lines, and the comment lines just above it.
  static func sections(of lines: [String], indent: Int) -> [(key: String, text: String)] {
    var starts: [(Int, String)] = []
    for (k, line) in lines.enumerated() {
      let leading = line.prefix { $0 == " " }.count
      guard leading == indent else { continue }
      let rest = line.dropFirst(indent)
      guard let first = rest.first, first != "#", first != "-", first != " ",
        let colon = rest.firstIndex(of: ":")
      else { continue }
      var key = String(rest[..<colon]).trimmingCharacters(in: .whitespaces)
      if key.hasPrefix("\""), key.hasSuffix("\""), key.count >= 2 {
        key = String(key.dropFirst().dropLast())
      }
      starts.append((k, key))
    }
    var result: [(String, String)] = []
    for (n, (start, key)) in starts.enumerated() {
      var end = n + 1 < starts.count ? starts[n + 1].0 : lines.count
      // Comments right above the next key belong to it.
      while end > start + 1 {
        let t = lines[end - 1].trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t.hasPrefix("#") { end -= 1 } else { break }
      }
      var begin = start
      while begin > 0 {
        let previous = lines[begin - 1]
        let t = previous.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("#") && previous.prefix(while: { $0 == " " }).count == indent {
          begin -= 1
        } else {
          break
        }
      }
      // A comment above the first key may be the file's heading; it is not kept.
      if n == 0 { begin = start }
      result.append((key, lines[begin..<end].joined(separator: "\n")))
    }
    return result
  }

  // MARK: Text

  /// The draft as a commented `kring.yaml`.
  public func yaml(output: String = "kring.yaml") -> String {
    var y: [String] = []
    y.append("# kring.yaml drafted by `kring intake init` from \(source) (\(rows) rows).")
    y.append("# Check the lines marked REVIEW, then plan: kring plan \(source) -c \(output)")
    y.append(
      "# Run `kring intake init` again on a later export: your edits stay, new answers are added.")
    y.append("program: \(Self.plain(program))")
    y.append("# The language of reports, contracts and these files' messages: nl | en.")
    y.append("language: \(Self.plain(language))")
    y.append("")
    y.append("intake:")
    if let sheet {
      y.append("  # The sheet of the workbook to read.")
      y.append("  sheet: \(Self.quoted(sheet))")
    }
    y.append(
      "  # Which column holds which field: Kring's field: the question as the export heads it.")
    y.append("  columns:")
    if columns.isEmpty { y.append("    {}") }
    for (field, headers) in columns {
      let value =
        headers.count == 1
        ? Self.quoted(headers[0]) : "[\(headers.map(Self.quoted).joined(separator: ", "))]"
      y.append("    \(field): \(value)")
    }
    if !unmapped.isEmpty {
      y.append("  # Not mapped to a field: kept with each person, so that rules can use them")
      y.append("  # (groups.separate, groups.diversify). List one under `ignore` to leave it out.")
      for header in unmapped { y.append("  #   \(Self.quoted(header))") }
    }
    y.append("  # Columns Kring leaves alone (the form tool's own bookkeeping).")
    y.append("  ignore: [\(ignore.map(Self.quoted).joined(separator: ", "))]")
    y.append("  # Answers that mean \"no value\", in any column.")
    y.append("  none: [\(none.map(Self.quoted).joined(separator: ", "))]")
    y.append("  # Each answer found, and what Kring reads it as: change the right-hand side to")
    y.append("  # correct it; `none` is no value. Organisations that are `none` share nobody's")
    y.append("  # organisation (two freelancers are not colleagues).")
    y.append("  values:")
    let shown = values.filter { !$0.answers.isEmpty }
    if shown.isEmpty { y.append("    {}") }
    for (field, answers) in shown {
      y.append("    \(field):")
      for answer in answers {
        var line =
          "      \(Self.quoted(answer.text)): \(Self.canonical(answer.canonical, field: field))"
        if let review = answer.review {
          line += "  # REVIEW: \(review)"
        } else if let comment = answer.comment, !comment.isEmpty {
          line += "  # \(comment)"
        }
        y.append(line)
      }
    }
    if usesLevels {
      y.append("  # The job levels, lowest first (Kring's ladder of common job-level words:")
      y.append("  # medewerker < senior < teamleider < manager < directeur).")
      y.append("  levels: [\(levels.map(Self.plain).joined(separator: ", "))]")
    }
    if !sectors.isEmpty {
      y.append(
        "  # Sectors as people wrote them, grouped: the sector's name and its other spellings.")
      y.append("  # Split a group by giving a spelling its own line.")
      y.append("  sectors:")
      for sector in sectors {
        y.append(
          "    \(Self.quoted(sector.name)): [\(sector.aliases.map(Self.quoted).joined(separator: ", "))]"
        )
      }
    }
    for block in keptIntakeText { y.append(block) }
    if keptText.isEmpty {
      if !usesLevels {
        y.append("# The export asks no job level, so levels are not used.")
        y.append("groups:")
        y.append("  hierarchy:")
        y.append("    max_level_gap: none")
      }
    } else {
      y.append("")
      for block in keptText { y.append(block) }
    }
    return y.joined(separator: "\n") + "\n"
  }

  /// What the draft decided, one line each, for the terminal.
  public var summary: [String] {
    var lines = [
      "\(source): \(rows) rows, \(columns.count) columns mapped"
        + (unmapped.isEmpty ? "" : ", \(unmapped.count) kept as attributes")
        + (ignore.isEmpty ? "" : ", \(ignore.count) ignored") + "."
    ]
    for (field, headers) in columns {
      lines.append("  \(field) ← " + headers.map { "\"\($0)\"" }.joined(separator: " + "))
    }
    return lines
  }

  /// A YAML double-quoted string (the config writer's own quoting).
  static func quoted(_ text: String) -> String { ConfigValue.doubleQuoted(text) }

  /// A word as a plain YAML scalar when it is one, else quoted.
  static func plain(_ text: String) -> String {
    let safe =
      !text.isEmpty
      && text.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
          || $0 == "-" || $0 == "_"
      }
    let special: Set<String> = [
      "yes", "no", "on", "off", "true", "false", "null", "y", "n", "none",
    ]
    return safe && !special.contains(text.lowercased()) && text.first != "-" ? text : quoted(text)
  }

  /// The canonical values of an answer: `none`, one value, or a list.
  static func canonical(_ values: [String], field: String) -> String {
    switch values.count {
    case 0: return "none"
    case 1: return plain(values[0])
    default: return "[\(values.map(plain).joined(separator: ", "))]"
    }
  }
}
