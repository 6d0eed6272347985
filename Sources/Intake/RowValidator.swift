/// Turns a `RawTable` into an `IntakeBatch`: maps headers to fields, normalises and checks
/// every row, then checks what spans rows (duplicate ids, references, reporting cycles).
struct RowValidator {
  let config: IntakeConfig
  let options: IntakeReader.Options
  let file: String

  /// Column index per field (`IntakeField.allCases` order), `nil` when absent.
  private var columnOf: [Int?] = Array(repeating: nil, count: IntakeField.allCases.count)
  private var headers: [String] = []
  /// The key under which each column is kept in `Candidate.attributes`.
  private var attributeKeys: [String] = []

  // Caches, because the same sector, level, language and slot lists recur on many rows.
  private var sectorCache: [String: Result<String, FieldProblem>] = [:]
  private var firstSpelling: [String: String] = [:]
  private var levelCache: [String: Result<(Int, String), FieldProblem>] = [:]
  private var languageCache: [String: Result<String, FieldProblem>] = [:]
  private var formatCache: [String: Result<MeetingFormat, FieldProblem>] = [:]
  private var booleanCache: [String: Result<Bool, FieldProblem>] = [:]
  private var availabilityCache: [String: (SlotSet, [FieldProblem])] = [:]
  private let sectorLookup: [String: String]
  private let sectorNames: [String]
  private let levelLookup: [String: Int]
  private let defaultLanguage: String

  init(config: IntakeConfig, options: IntakeReader.Options, file: String) {
    self.config = config
    self.options = options
    self.file = file
    var lookup: [String: String] = [:]
    var names: [String] = []
    for canonical in config.sectors.keys.sorted() {
      lookup[TextMatching.fold(canonical)] = canonical
      names.append(canonical)
    }
    for canonical in config.sectors.keys.sorted() {
      for alias in config.sectors[canonical] ?? [] where lookup[TextMatching.fold(alias)] == nil {
        lookup[TextMatching.fold(alias)] = canonical
        names.append(alias)
      }
    }
    sectorLookup = lookup
    sectorNames = names
    var levels: [String: Int] = [:]
    for (rank, name) in config.levels.enumerated() where levels[TextMatching.fold(name)] == nil {
      levels[TextMatching.fold(name)] = rank
    }
    levelLookup = levels
    defaultLanguage = TextMatching.asciiLower(config.defaultLanguage)
  }

  mutating func batch(from table: RawTable) throws(DiagnosticList) -> IntakeBatch {
    // Checked before the header: an empty JSON array has no keys to map.
    if table.records.isEmpty {
      throw DiagnosticList([
        Diagnostic(
          file: file, code: "no-candidates", message: "the file has a header but no candidates")
      ])
    }
    try mapHeaders(table.headers, line: table.headerLine)

    var rows: [Candidate?] = []
    var rowDiagnostics: [[Diagnostic]] = []
    rows.reserveCapacity(table.records.count)
    rowDiagnostics.reserveCapacity(table.records.count)
    let strict = Set(
      [IntakeField.id, .name, .managerID, .avoid].compactMap { columnOf[$0.hashIndex] })
    for var record in table.records {
      var problems = record.problems
      var screened: [Diagnostic] = []
      if problems.isEmpty {
        (record.fields, screened) = TextSafety.screen(
          record.fields, strict: strict, headers: headers, file: file, line: record.line)
      }
      // A row whose bytes or shape are wrong has misplaced or mangled values; checking them
      // would only repeat the one real problem.
      let plain = !screened.contains { $0.severity == .error }
      let candidate = problems.isEmpty && plain ? normalise(record, into: &problems) : nil
      problems += screened
      rows.append(problems.contains(where: { $0.severity == .error }) ? nil : candidate)
      rowDiagnostics.append(problems)
    }
    let reportingLines = checkAcrossRows(table.records, rows: &rows, diagnostics: &rowDiagnostics)

    var candidates: [Candidate] = []
    candidates.reserveCapacity(rows.count)
    var warnings: [Diagnostic] = []
    var errors: [Diagnostic] = []
    var skipped: [Diagnostic] = []
    for (index, diagnostics) in rowDiagnostics.enumerated() {
      let rowErrors = diagnostics.filter { $0.severity == .error }
      warnings.append(contentsOf: diagnostics.filter { $0.severity != .error })
      if rowErrors.isEmpty, let candidate = rows[index] {
        candidates.append(candidate)
      } else {
        errors.append(contentsOf: rowErrors)
        skipped.append(contentsOf: rowErrors)
      }
    }
    if !errors.isEmpty && !options.skipInvalid {
      var all: [Diagnostic] = []
      for diagnostics in rowDiagnostics { all.append(contentsOf: diagnostics) }
      throw DiagnosticList(all)
    }
    warnings += spellingNotes(candidates)
    return IntakeBatch(
      source: file, candidates: candidates, warnings: warnings, skipped: skipped,
      reportingLines: reportingLines)
  }

  /// One note per organisation or department written in more than one way, naming the
  /// spellings the rules take as one (case, spacing, Unicode form).
  private func spellingNotes(_ candidates: [Candidate]) -> [Diagnostic] {
    var notes: [Diagnostic] = []
    for (field, noun) in [(IntakeField.organization, "organisation"), (.department, "department")]
    where columnOf[field.hashIndex] != nil {
      var spellings: [ValueKey: [(text: String, line: Int)]] = [:]
      var order: [ValueKey] = []
      for c in candidates {
        guard let text = c.attribute(field.rawValue), let key = c.key(field.rawValue) else {
          continue
        }
        if spellings[key] == nil { order.append(key) }
        if !(spellings[key] ?? []).contains(where: { $0.text == text }) {
          spellings[key, default: []].append((text, c.line))
        }
      }
      for key in order {
        guard let list = spellings[key], list.count > 1 else { continue }
        let names = list.map { "'\($0.text)'" }
        let joined = names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        notes.append(
          Diagnostic(
            file: file, line: list[1].line, column: column(field), code: "same-\(noun)",
            message: "\(joined) are taken as one \(noun)", severity: .note))
      }
    }
    return notes
  }

  // MARK: Headers

  private mutating func mapHeaders(_ rawHeaders: [String], line: Int) throws(DiagnosticList) {
    headers = rawHeaders
    var custom: [String: IntakeField] = [:]
    for field in IntakeField.allCases {
      if let header = config.columns[field.rawValue] { custom[IntakeField.key(header)] = field }
    }
    var builtIn: [String: IntakeField] = [:]
    for field in IntakeField.allCases where config.columns[field.rawValue] == nil {
      builtIn[IntakeField.key(field.header)] = field
      for alias in field.aliases where builtIn[IntakeField.key(alias)] == nil {
        builtIn[IntakeField.key(alias)] = field
      }
    }
    var problems: [Diagnostic] = []
    attributeKeys = []
    for (index, header) in rawHeaders.enumerated() {
      let key = IntakeField.key(header)
      guard !key.isEmpty else {
        attributeKeys.append("")
        continue
      }
      if let field = custom[key] ?? builtIn[key] {
        if let first = columnOf[field.hashIndex] {
          problems.append(
            Diagnostic(
              file: file, line: line, column: header, code: "duplicate-column",
              message:
                "a second column for \(field.rawValue); the first is \"\(headers[first])\". Remove or rename one"
            ))
        } else {
          columnOf[field.hashIndex] = index
        }
        attributeKeys.append(field.rawValue)
      } else {
        attributeKeys.append(header.lowercased())
      }
    }
    var required: [IntakeField] = [.id, .name, .sector, .yearsExperience, .availability]
    if options.requireLevel { required.append(.level) }
    for field in required where columnOf[field.hashIndex] == nil {
      let message: String
      if let custom = config.columns[field.rawValue] {
        message =
          "missing required column \"\(custom)\" (mapped to \(field.rawValue) in intake.columns)"
      } else if let alias = field.aliases.first {
        message = "missing required column \"\(field.rawValue)\" (or \"\(alias)\")"
      } else {
        message = "missing required column \"\(field.rawValue)\""
      }
      let near = rawHeaders.filter {
        !$0.isEmpty && custom[IntakeField.key($0)] == nil && builtIn[IntakeField.key($0)] == nil
      }
      problems.append(
        Diagnostic(
          file: file, code: "missing-column", message: message,
          suggestion: TextMatching.suggestion(for: field.rawValue, among: near)))
    }
    if !problems.isEmpty { throw DiagnosticList(problems) }
  }

  // MARK: Rows

  private func value(_ field: IntakeField, _ record: RawRecord) -> String {
    guard let index = columnOf[field.hashIndex], index < record.fields.count else { return "" }
    return record.fields[index]
  }

  private func column(_ field: IntakeField) -> String {
    guard let index = columnOf[field.hashIndex], index < headers.count else {
      return field.rawValue
    }
    return headers[index]
  }

  private func problem(_ record: RawRecord, _ field: IntakeField, _ p: FieldProblem) -> Diagnostic {
    Diagnostic(
      file: file, line: record.line, column: column(field), code: p.code, message: p.message,
      suggestion: p.suggestion)
  }

  private func missing(_ record: RawRecord, _ field: IntakeField, _ what: String) -> Diagnostic {
    Diagnostic(
      file: file, line: record.line, column: column(field), code: "missing-value",
      message: "\(what) is required")
  }

  /// The number of characters of `text`, counted only when its bytes could exceed `limit`.
  private func exceeds(_ text: String, _ limit: Int) -> Int? {
    guard text.utf8.count > limit else { return nil }
    let count = text.unicodeScalars.count
    return count > limit ? count : nil
  }

  private mutating func normalise(_ record: RawRecord, into problems: inout [Diagnostic])
    -> Candidate?
  {
    var attributes: [String: String] = [:]
    var tooLong = Set<Int>()
    for (index, text) in record.fields.enumerated()
    where !text.isEmpty && index < attributeKeys.count {
      let key = attributeKeys[index]
      if key.isEmpty { continue }
      let limit =
        key == IntakeField.name.rawValue ? IntakeReader.maxNameLength : IntakeReader.maxFieldLength
      if let length = exceeds(text, limit) {
        tooLong.insert(index)
        problems.append(
          Diagnostic(
            file: file, line: record.line, column: headers[index], code: "field-too-long",
            message: "the value is \(length) characters long; at most \(limit) are allowed"))
        continue
      }
      attributes[key] = text
    }
    func get(_ field: IntakeField) -> String? {
      guard let index = columnOf[field.hashIndex] else { return "" }
      return tooLong.contains(index) ? nil : value(field, record)
    }
    var ok = true
    func fail(_ d: Diagnostic) {
      problems.append(d)
      ok = false
    }

    // Identity.
    let idText = get(.id)
    if idText?.isEmpty == true { fail(missing(record, .id, "id")) }
    let nameText = get(.name)
    if nameText?.isEmpty == true { fail(missing(record, .name, "name")) }
    let email = get(.email) ?? ""
    if !email.isEmpty && !FieldParsers.isValidEmail(email) {
      fail(
        Diagnostic(
          file: file, line: record.line, column: column(.email), code: "invalid-email",
          message: "invalid email address \"\(email)\""))
    }

    // Sector.
    var sector = ""
    if let text = get(.sector) {
      if text.isEmpty {
        fail(missing(record, .sector, "sector"))
      } else {
        switch normaliseSector(text) {
        case .success(let s): sector = s
        case .failure(let p): fail(problem(record, .sector, p))
        }
      }
    }

    // Level.
    var level: Int? = nil
    var levelName: String? = nil
    if let text = get(.level) {
      if text.isEmpty {
        if options.requireLevel {
          fail(
            Diagnostic(
              file: file, line: record.line, column: column(.level), code: "missing-value",
              message: "level is required because the programme uses hierarchy"))
        }
      } else {
        switch normaliseLevel(text) {
        case .success(let (rank, name)):
          level = rank
          levelName = name
        case .failure(let p): fail(problem(record, .level, p))
        }
      }
    }

    // Experience.
    var years = 0.0
    if let text = get(.yearsExperience) {
      if text.isEmpty {
        fail(missing(record, .yearsExperience, "years of experience"))
      } else {
        switch FieldParsers.years(text) {
        case .success(let y): years = y
        case .failure(let p): fail(problem(record, .yearsExperience, p))
        }
      }
    }

    // Language and format.
    var language = defaultLanguage
    if let text = get(.language), !text.isEmpty {
      let result = languageCache[text] ?? FieldParsers.language(text)
      languageCache[text] = result
      switch result {
      case .success(let l): language = l
      case .failure(let p): fail(problem(record, .language, p))
      }
    }
    var format = MeetingFormat.either
    if let text = get(.format), !text.isEmpty {
      let result = formatCache[text] ?? FieldParsers.format(text)
      formatCache[text] = result
      switch result {
      case .success(let f): format = f
      case .failure(let p): fail(problem(record, .format, p))
      }
    }

    // Availability.
    var availability = SlotSet()
    if let text = get(.availability) {
      if text.isEmpty {
        fail(
          Diagnostic(
            file: file, line: record.line, column: column(.availability), code: "missing-value",
            message: "availability is required: list weekly slots such as tue-pm or di-middag"))
      } else {
        let parsed = availabilityCache[text] ?? FieldParsers.availability(text)
        availabilityCache[text] = parsed
        availability = parsed.0
        for p in parsed.1 { fail(problem(record, .availability, p)) }
      }
    }

    var needsAccessible = false
    if let text = get(.needsAccessible), !text.isEmpty {
      let result = booleanCache[text] ?? FieldParsers.boolean(text)
      booleanCache[text] = result
      switch result {
      case .success(let b): needsAccessible = b
      case .failure(let p): fail(problem(record, .needsAccessible, p))
      }
    }

    var ratings = InterviewRatings()
    for field in [IntakeField.motivation, .commitment, .openness] {
      guard let text = get(field), !text.isEmpty else { continue }
      switch FieldParsers.rating(text) {
      case .success(let r):
        switch field {
        case .motivation: ratings.motivation = r
        case .commitment: ratings.commitment = r
        default: ratings.openness = r
        }
      case .failure(let p): fail(problem(record, field, p))
      }
    }

    var intakeDate: String? = nil
    if let text = get(.intakeDate), !text.isEmpty {
      switch FieldParsers.date(text) {
      case .success(let d): intakeDate = d
      case .failure(let p): fail(problem(record, .intakeDate, p))
      }
    }

    guard ok, let idText, let nameText else { return nil }
    func optional(_ field: IntakeField) -> String? {
      guard let text = get(field), !text.isEmpty else { return nil }
      return text
    }
    return Candidate(
      id: CandidateID(idText), name: nameText, email: email.isEmpty ? nil : email,
      organization: optional(.organization), department: optional(.department), sector: sector,
      profession: optional(.profession), level: level, levelName: levelName,
      managerID: optional(.managerID).map { CandidateID($0) }, yearsExperience: years,
      language: language, format: format, region: optional(.region), availability: availability,
      needsAccessible: needsAccessible, ratings: ratings,
      avoid: optional(.avoid).map(FieldParsers.ids) ?? [], learningGoal: optional(.learningGoal),
      intakeDate: intakeDate, line: record.line, attributes: attributes)
  }

  private mutating func normaliseSector(_ text: String) -> Result<String, FieldProblem> {
    if let cached = sectorCache[text] { return cached }
    let folded = TextMatching.fold(text)
    let result: Result<String, FieldProblem>
    if config.sectors.isEmpty {
      if let first = firstSpelling[folded] {
        result = .success(first)
      } else {
        firstSpelling[folded] = text
        result = .success(text)
      }
    } else if let canonical = sectorLookup[folded] {
      result = .success(canonical)
    } else {
      let suggestion = TextMatching.suggestion(for: text, among: sectorNames)
      let known = config.sectors.keys.sorted().joined(separator: ", ")
      result = .failure(
        FieldProblem(
          code: "unknown-sector",
          message: suggestion == nil
            ? "unknown sector \"\(text)\"; known sectors are \(known) (add it to intake.sectors)"
            : "unknown sector \"\(text)\"",
          suggestion: suggestion))
    }
    sectorCache[text] = result
    return result
  }

  private mutating func normaliseLevel(_ text: String) -> Result<(Int, String), FieldProblem> {
    if let cached = levelCache[text] { return cached }
    let levels = config.levels
    let result: Result<(Int, String), FieldProblem>
    if let rank = levelLookup[TextMatching.fold(text)] {
      result = .success((rank, levels[rank]))
    } else if let n = Int(text), n >= 1, levels.isEmpty || n <= levels.count {
      result = .success((n - 1, levels.isEmpty ? String(n) : levels[n - 1]))
    } else if levels.isEmpty {
      result = .failure(
        FieldProblem(
          code: "unknown-level", message: "expected a level number 1 or higher, got \"\(text)\""))
    } else {
      result = .failure(
        FieldProblem(
          code: "unknown-level",
          message:
            "unknown level \"\(text)\"; expected one of \(levels.joined(separator: ", ")) or a number 1–\(levels.count)",
          suggestion: TextMatching.suggestion(for: text, among: levels)))
    }
    levelCache[text] = result
    return result
  }

  // MARK: Across rows

  /// Checks ids, references and reporting lines over every row of the file, and returns the
  /// reporting lines (id → manager id) of every row with an id.
  private func checkAcrossRows(
    _ records: [RawRecord], rows: inout [Candidate?], diagnostics: inout [[Diagnostic]]
  ) -> [CandidateID: CandidateID] {
    // Ids compare by their key: "C12" in a manager column names the person with id "c12".
    var firstLine: [CandidateID: Int] = [:]
    var firstSpelling: [CandidateID: String] = [:]
    var managers: [CandidateID: CandidateID] = [:]
    var order: [CandidateID] = []
    for (index, record) in records.enumerated() {
      let text = value(.id, record)
      guard !text.isEmpty, text.utf8.count <= IntakeReader.maxFieldLength else { continue }
      let id = CandidateID(text)
      if let first = firstLine[id] {
        let spelling = firstSpelling[id].map { $0 == text ? "" : " as \"\($0)\"" } ?? ""
        diagnostics[index].append(
          Diagnostic(
            file: file, line: record.line, column: column(.id), code: "duplicate-id",
            message: "duplicate id \"\(text)\" (first used on line \(first)\(spelling))"))
        rows[index] = nil
        continue
      }
      firstLine[id] = record.line
      firstSpelling[id] = text
      order.append(id)
      let manager = value(.managerID, record)
      if !manager.isEmpty && manager.utf8.count <= IntakeReader.maxFieldLength {
        managers[id] = CandidateID(manager)
      }
    }

    for (index, record) in records.enumerated() {
      let manager = value(.managerID, record)
      if !manager.isEmpty, firstLine[CandidateID(manager)] == nil,
        manager.utf8.count <= IntakeReader.maxFieldLength
      {
        diagnostics[index].append(
          Diagnostic(
            file: file, line: record.line, column: column(.managerID), code: "unknown-manager",
            message: "manager \"\(manager)\" is not in this file; the reporting line stops here",
            severity: .warning))
      }
      let avoid = value(.avoid, record)
      if !avoid.isEmpty && avoid.utf8.count <= IntakeReader.maxFieldLength {
        for other in FieldParsers.ids(avoid) where firstLine[other] == nil {
          diagnostics[index].append(
            Diagnostic(
              file: file, line: record.line, column: column(.avoid), code: "unknown-avoid",
              message: "id \"\(other.rawValue)\" to avoid is not in this file", severity: .warning))
        }
        let own = value(.id, record)
        if !own.isEmpty, FieldParsers.ids(avoid).contains(CandidateID(own)) {
          diagnostics[index].append(
            Diagnostic(
              file: file, line: record.line, column: column(.avoid), code: "self-avoid",
              message: "\"\(own)\" lists themself to avoid; that entry is ignored",
              severity: .warning))
        }
      }
    }

    // Reporting cycles: follow each chain once; a chain that meets itself is a cycle.
    var state: [CandidateID: UInt8] = [:]  // 1 = on the current path, 2 = finished
    var indexOfLine: [Int: Int] = [:]
    for (index, record) in records.enumerated() where indexOfLine[record.line] == nil {
      indexOfLine[record.line] = index
    }
    for start in order where state[start] == nil {
      var path: [CandidateID] = []
      var current: CandidateID? = start
      while let node = current, state[node] == nil {
        state[node] = 1
        path.append(node)
        current = managers[node]
      }
      if let node = current, state[node] == 1, let at = path.firstIndex(of: node) {
        var cycle = Array(path[at...])
        // Start the chain at the member listed first in the file, so the message is stable.
        if let first = cycle.indices.min(by: {
          (firstLine[cycle[$0]] ?? 0) < (firstLine[cycle[$1]] ?? 0)
        }) {
          cycle = Array(cycle[first...] + cycle[..<first])
        }
        let chain = (cycle + [cycle[0]]).map(\.rawValue).joined(separator: " → ")
        for member in cycle {
          guard let line = firstLine[member], let index = indexOfLine[line] else {
            continue
          }
          diagnostics[index].append(
            Diagnostic(
              file: file, line: line, column: column(.managerID), code: "reporting-cycle",
              message: "reporting-line cycle: \(chain)"))
          rows[index] = nil
        }
      }
      for node in path { state[node] = 2 }
    }
    return managers
  }
}

extension IntakeField {
  /// The field's position in `allCases`, for array-indexed lookups.
  fileprivate var hashIndex: Int {
    switch self {
    case .id: 0
    case .name: 1
    case .email: 2
    case .organization: 3
    case .department: 4
    case .sector: 5
    case .profession: 6
    case .level: 7
    case .managerID: 8
    case .yearsExperience: 9
    case .language: 10
    case .format: 11
    case .region: 12
    case .availability: 13
    case .needsAccessible: 14
    case .motivation: 15
    case .commitment: 16
    case .openness: 17
    case .avoid: 18
    case .learningGoal: 19
    case .intakeDate: 20
    }
  }
}
