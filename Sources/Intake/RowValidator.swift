/// Turns a `RawTable` into an `IntakeBatch`: maps headers to fields, normalises and checks
/// every row, then checks what spans rows (duplicate ids, references, reporting cycles).
struct RowValidator {
  let config: IntakeConfig
  let options: IntakeReader.Options
  let file: String

  /// Column index per field (`IntakeField.allCases` order), `nil` when absent.
  private var columnOf: [Int?] = Array(repeating: nil, count: IntakeField.allCases.count)
  /// Every column of a field fed by several (`intake.columns` lists), with its label: the
  /// `[Maandag]` of a grid question's header.
  private var partsOf: [IntakeField: [(index: Int, label: String)]] = [:]
  private var headers: [String] = []
  /// The key under which each column is kept in `Candidate.attributes`.
  private var attributeKeys: [String] = []

  // Caches, because the same sector, level, language and slot lists recur on many rows.
  private var sectorCache: [String: Result<String, FieldProblem>] = [:]
  private var firstSpelling: [String: String] = [:]
  private var levelCache: [String: Result<(Int, String), FieldProblem>] = [:]
  private var languageCache: [String: Result<[String], FieldProblem>] = [:]
  private var formatCache: [String: Result<MeetingFormat, FieldProblem>] = [:]
  private var booleanCache: [String: Result<Bool, FieldProblem>] = [:]
  private var availabilityCache: [String: (SlotSet, [FieldProblem])] = [:]
  private var noneCache: [String: Bool] = [:]
  private var rangeNotes:
    [String: (line: Int, count: Int, value: Double, range: ClosedRange<Double>)] =
      [:]
  private var rangeOrder: [String] = []
  private let sectorLookup: [String: String]
  private let sectorNames: [String]
  private let levelLookup: [String: Int]
  private let defaultLanguage: String
  private let answers: AnswerValues
  /// Lower-cased headers of the columns `intake.ignore` names.
  private let ignored: Set<String>
  /// Who each row is: ids, test submissions and merged duplicates.
  private var submissions: Submissions?

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
    answers = AnswerValues(config: config)
    ignored = Set(config.ignore.map(IntakeField.key))
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
    let identities = Submissions(
      table.records, columns: submissionColumns(), answers: answers, file: file,
      fullName: { value(.name, $0) })
    submissions = identities

    var rows: [Candidate?] = []
    var rowDiagnostics: [[Diagnostic]] = []
    rows.reserveCapacity(table.records.count)
    rowDiagnostics.reserveCapacity(table.records.count)
    let strict = Set(
      [IntakeField.id, .name, .managerID, .avoid].compactMap { columnOf[$0.hashIndex] })
    // Test submissions and superseded duplicates are left out whatever `skipInvalid` says,
    // each with its reason.
    var leftOut: [Diagnostic] = []
    for (index, read) in table.records.enumerated() {
      var record = read
      var problems = record.problems
      if let reason = identities.testRows[index] ?? identities.superseded[index] {
        leftOut.append(reason)
        rows.append(nil)
        rowDiagnostics.append(problems.filter { $0.severity != .error })
        continue
      }
      if let note = identities.merged[index] { problems.append(note) }
      // A row whose bytes or shape are wrong has misplaced or mangled values; checking them
      // would only repeat the one real problem.
      let readable = problems.allSatisfy { $0.severity != .error }
      var screened: [Diagnostic] = []
      if readable {
        (record.fields, screened) = TextSafety.screen(
          record.fields, strict: strict, headers: headers, file: file, line: record.line)
      }
      let plain = !screened.contains { $0.severity == .error }
      let candidate =
        readable && plain
        ? normalise(record, id: identities.ids[index] ?? "", into: &problems) : nil
      problems += screened
      rows.append(problems.contains(where: { $0.severity == .error }) ? nil : candidate)
      rowDiagnostics.append(problems)
    }
    let reportingLines = checkAcrossRows(table.records, rows: &rows, diagnostics: &rowDiagnostics)
    fillMissingYears(table.records, rows: &rows, diagnostics: &rowDiagnostics)

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
    warnings += rangeNoteDiagnostics() + spellingNotes(candidates)
    return IntakeBatch(
      source: file, candidates: candidates, warnings: warnings, skipped: leftOut + skipped,
      reportingLines: reportingLines)
  }

  /// The columns `Submissions` needs to tell who each row is.
  private func submissionColumns() -> Submissions.Columns {
    var identity: Set<Int?> = [
      columnOf[IntakeField.id.hashIndex], columnOf[IntakeField.name.hashIndex],
      columnOf[IntakeField.email.hashIndex], columnOf[IntakeField.timestamp.hashIndex],
    ]
    for part in partsOf[.name] ?? [] { identity.insert(part.index) }
    let gridParts = Set((partsOf[.availability] ?? []).map(\.index))
    let answered = headers.indices.filter { index in
      !identity.contains(index) && (!attributeKeys[index].isEmpty || gridParts.contains(index))
    }
    return Submissions.Columns(
      id: columnOf[IntakeField.id.hashIndex], name: columnOf[IntakeField.name.hashIndex],
      email: columnOf[IntakeField.email.hashIndex],
      timestamp: columnOf[IntakeField.timestamp.hashIndex], answers: answered, headers: headers)
  }

  /// Gives every candidate without years of experience the median of the others, with a
  /// warning that names the value used.
  private func fillMissingYears(
    _ records: [RawRecord], rows: inout [Candidate?], diagnostics: inout [[Diagnostic]]
  ) {
    let missing = rows.indices.filter { rows[$0]?.yearsEstimated == true }
    guard !missing.isEmpty else { return }
    let known = rows.compactMap { $0 }.filter { !$0.yearsEstimated }.map(\.yearsExperience).sorted()
    var median = 0.0
    if !known.isEmpty {
      let mid = known.count / 2
      median = known.count % 2 == 1 ? known[mid] : (known[mid - 1] + known[mid]) / 2
    }
    for index in missing {
      rows[index]?.yearsExperience = median
      let written = value(.yearsExperience, records[index])
      diagnostics[index].append(
        Diagnostic(
          file: file, line: records[index].line, column: column(.yearsExperience),
          code: "missing-years",
          message: (written.isEmpty
            ? "no years of experience given" : "no years of experience (\"\(written)\")")
            + "; grouped as if at the batch median, \(NumberText.rounded(median, places: 1)) years",
          severity: .warning))
    }
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
    var partOf: [String: IntakeField] = [:]
    for field in IntakeField.allCases {
      if let header = config.columns[field.rawValue] { custom[IntakeField.key(header)] = field }
      for header in (config.columnLists[field.rawValue] ?? []).dropFirst() {
        partOf[IntakeField.key(header)] = field
      }
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
      if let field = partOf[key] ?? custom[key], config.columnLists[field.rawValue] != nil {
        partsOf[field, default: []].append((index, Self.label(header)))
      }
      if partOf[key] != nil {
        // A further column of a field: read with the field, not kept on its own.
        attributeKeys.append("")
        continue
      }
      guard !key.isEmpty, custom[key] != nil || !ignored.contains(key) else {
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
    // Without an id column, ids come from the email or the row (see `Submissions`).
    var required: [IntakeField] = [.name, .sector, .yearsExperience, .availability]
    if options.requireLevel { required.append(.level) }
    let found = rawHeaders.filter { !$0.isEmpty }.map { "\"\($0)\"" }
    var firstMissing = true
    for (field, headers) in config.columnLists {
      guard let f = IntakeField(rawValue: field) else { continue }
      let found = Set((partsOf[f] ?? []).map { IntakeField.key(rawHeaders[$0.index]) })
      for header in headers where !found.contains(IntakeField.key(header)) {
        problems.append(
          Diagnostic(
            file: file, code: "missing-column",
            message: "missing column \"\(header)\" (listed for \(field) in intake.columns)"))
      }
    }
    for field in required where columnOf[field.hashIndex] == nil {
      var message: String
      if let custom = config.columns[field.rawValue] {
        message =
          "missing required column \"\(custom)\" (mapped to \(field.rawValue) in intake.columns)"
      } else if let alias = field.aliases.first {
        message = "missing required column \"\(field.rawValue)\" (or \"\(alias)\")"
      } else {
        message = "missing required column \"\(field.rawValue)\""
      }
      // Said once: the headers found, and how to map a form's own questions.
      if firstMissing {
        let shown = found.prefix(12).joined(separator: ", ") + (found.count > 12 ? ", …" : "")
        message +=
          "; the file's columns are \(shown); to map a form's own questions, run kring intake init \(file)"
      }
      firstMissing = false
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
    Self.value(field, record, partsOf: partsOf, columnOf: columnOf)
  }

  /// The text of `field` in `record`, from the validator's column maps.
  private static func value(
    _ field: IntakeField, _ record: RawRecord,
    partsOf: [IntakeField: [(index: Int, label: String)]], columnOf: [Int?]
  ) -> String {
    if let parts = partsOf[field] {
      let answered = parts.filter {
        $0.index < record.fields.count && !record.fields[$0.index].isEmpty
      }
      // A name in parts is joined with spaces; a grid's answers each with their column's day.
      if field == .name {
        return answered.map { record.fields[$0.index] }.joined(separator: " ")
      }
      return answered.map { "\($0.label) \(record.fields[$0.index])" }.joined(separator: "; ")
    }
    guard let index = columnOf[field.hashIndex], index < record.fields.count else { return "" }
    return record.fields[index]
  }

  /// The label of a grid question's column: the text in its last square brackets ("Wanneer
  /// kun je? [Maandag]" → "Maandag"), else the whole header.
  static func label(_ header: String) -> String {
    guard let close = header.lastIndex(of: "]"),
      let open = header[..<close].lastIndex(of: "[")
    else { return header }
    return String(header[header.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
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

  /// Whether a value is one of the `intake.none` words (cached: answers repeat).
  private mutating func isNone(_ text: String) -> Bool {
    // The none words are short; a long answer is never one.
    guard !text.isEmpty, answers.mayBeNone(text) else { return false }
    if let known = noneCache[text] { return known }
    let none = answers.isNone(text)
    noneCache[text] = none
    return none
  }

  private mutating func normalise(
    _ record: RawRecord, id: String, into problems: inout [Diagnostic]
  ) -> Candidate? {
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
    // What the nested functions read, taken once: read through the mutating method's `self`,
    // each call copied the whole validator (a tenth of reading a batch).
    let columnOf = self.columnOf
    let partsOf = self.partsOf
    let answers = self.answers
    /// The value of a field: `nil` when it is too long, blank when absent or a `none` word.
    func get(_ field: IntakeField) -> String? {
      guard let index = columnOf[field.hashIndex] else { return "" }
      if tooLong.contains(index) { return nil }
      let text = Self.value(field, record, partsOf: partsOf, columnOf: columnOf)
      return isNone(text) ? "" : text
    }
    /// The value through `intake.values.<field>`: the canonical value, or blank for none.
    func mapped(_ field: IntakeField) -> String? {
      guard let text = get(field) else { return nil }
      guard !text.isEmpty, let canonical = answers.mapped(field, text) else { return text }
      return canonical.first ?? ""
    }
    var ok = true
    func fail(_ d: Diagnostic) {
      problems.append(d)
      ok = false
    }

    // Identity: an id column's value, else the email's or the row's (see `Submissions`).
    let idText: String? = columnOf[IntakeField.id.hashIndex] == nil ? id : get(.id)
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
    if let text = mapped(.sector) {
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
    if let text = mapped(.level) {
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

    // Experience: a missing value is grouped at the batch median (`fillMissingYears`).
    var years = 0.0
    var yearsEstimated = false
    if columnOf[IntakeField.yearsExperience.hashIndex] != nil, let raw = get(.yearsExperience) {
      let written = value(.yearsExperience, record)
      let text =
        Self.noYears.contains(AnswerValues.key(written)) ? "0" : (mapped(.yearsExperience) ?? raw)
      if text.isEmpty {
        yearsEstimated = true
      } else {
        switch FieldParsers.typedYears(text) {
        case .success(let answer):
          years = answer.value
          if let range = answer.range { noteRange(written, range, answer.value, record) }
        case .failure(let p): fail(problem(record, .yearsExperience, p))
        }
      }
    }

    // Languages and format.
    var languages = [defaultLanguage]
    if let text = get(.language), !text.isEmpty {
      let result: Result<[String], FieldProblem>
      if let cached = languageCache[text] {
        result = cached
      } else if let canonical = answers.mapped(.language, text) {
        result = .success(
          canonical.isEmpty ? [defaultLanguage] : canonical.map(TextMatching.asciiLower))
      } else {
        result = FieldParsers.languages(text)
      }
      languageCache[text] = result
      switch result {
      case .success(let l): languages = l
      case .failure(let p): fail(problem(record, .language, p))
      }
    }
    var format = MeetingFormat.either
    if let text = get(.format), !text.isEmpty {
      let result: Result<MeetingFormat, FieldProblem>
      if let cached = formatCache[text] {
        result = cached
      } else if let canonical = answers.mapped(.format, text) {
        result = canonical.first.map(FieldParsers.format) ?? .success(.either)
      } else {
        result = FieldParsers.typedFormat(text)
      }
      formatCache[text] = result
      switch result {
      case .success(let f): format = f
      case .failure(let p): fail(problem(record, .format, p))
      }
    }

    // Availability.
    var availability = SlotSet()
    if let text = get(.availability) {
      let parsed =
        text.isEmpty ? (SlotSet(), []) : availabilityCache[text] ?? answers.availability(text)
      availabilityCache[text] = parsed
      if text.isEmpty || (parsed.0.isEmpty && parsed.1.isEmpty) {
        fail(
          Diagnostic(
            file: file, line: record.line, column: column(.availability), code: "missing-value",
            message: "availability is required: list weekly slots such as tue-pm or di-middag"))
      } else {
        availability = parsed.0
        for p in parsed.1 { fail(problem(record, .availability, p)) }
      }
    }

    var needsAccessible = false
    if let text = get(.needsAccessible), !text.isEmpty {
      let result: Result<Bool, FieldProblem>
      if let cached = booleanCache[text] {
        result = cached
      } else if let canonical = answers.mapped(.needsAccessible, text) {
        result = canonical.first.map(FieldParsers.boolean) ?? .success(false)
      } else {
        result = FieldParsers.typedBoolean(text)
      }
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
    if var text = get(.intakeDate), !text.isEmpty {
      // A workbook's date cell with a time of day (`2026-09-14 10:22:31`): the date counts.
      if let space = text.firstIndex(of: " "), text[..<space].count == 10,
        text[text.index(after: space)...].contains(":")
      {
        text = String(text[..<space])
      }
      switch FieldParsers.date(text) {
      case .success(let d): intakeDate = d
      case .failure(let p): fail(problem(record, .intakeDate, p))
      }
    }

    guard ok, let idText, let nameText else { return nil }
    func optional(_ field: IntakeField) -> String? {
      guard let text = mapped(field), !text.isEmpty else { return nil }
      return text
    }
    var candidate = Candidate(
      id: CandidateID(idText), name: nameText, email: email.isEmpty ? nil : email,
      organization: optional(.organization), department: optional(.department), sector: sector,
      profession: optional(.profession), level: level, levelName: levelName,
      managerID: nil, yearsExperience: years, language: languages[0], format: format,
      region: optional(.region), availability: availability, needsAccessible: needsAccessible,
      ratings: ratings, avoid: [], learningGoal: optional(.learningGoal), intakeDate: intakeDate,
      line: record.line, attributes: attributes)
    candidate.languages = languages
    candidate.yearsEstimated = yearsEstimated
    return candidate
  }

  /// Answers to the years question that mean none at all: zero years, not a missing answer.
  private static let noYears: Set<String> = [
    "geen", "none", "nul", "zero", "geenervaring", "noexperience", "nog geen", "nieuw",
  ].reduce(into: []) { $0.insert(AnswerValues.key($1)) }

  /// Records that a range answer was read as its middle, for one note per answer.
  private mutating func noteRange(
    _ written: String, _ range: ClosedRange<Double>, _ value: Double, _ record: RawRecord
  ) {
    if let known = rangeNotes[written] {
      rangeNotes[written] = (known.line, known.count + 1, value, range)
    } else {
      rangeNotes[written] = (record.line, 1, value, range)
      rangeOrder.append(written)
    }
  }

  /// One note per range answer ("5-10"): the value it was read as, and how often it occurs.
  private func rangeNoteDiagnostics() -> [Diagnostic] {
    rangeOrder.compactMap { written in
      guard let note = rangeNotes[written] else { return nil }
      let others =
        note.count > 1 ? " (\(note.count - 1) more row\(note.count == 2 ? "" : "s") gave it)" : ""
      return Diagnostic(
        file: file, line: note.line, column: column(.yearsExperience), code: "years-range",
        message:
          "\"\(written)\" is read as \(NumberText.rounded(note.value, places: 2)) years, the middle of \(NumberText.plain(note.range.lowerBound))–\(NumberText.plain(note.range.upperBound))\(others)",
        severity: .note)
    }
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

  /// A reference matched by part of a name or a typo.
  private func guessed(
    _ record: RawRecord, _ field: IntakeField, _ reference: String, _ person: PersonDirectory.Person
  ) -> Diagnostic {
    Diagnostic(
      file: file, line: record.line, column: column(field), code: "person-guessed",
      message:
        "\"\(reference)\" is taken as \(person.described), the only close match; write the full name or email to be sure",
      severity: .warning)
  }

  /// A reference that could mean several people.
  private func ambiguous(
    _ record: RawRecord, _ field: IntakeField, _ reference: String,
    _ people: [PersonDirectory.Person], consequence: String
  ) -> Diagnostic {
    let names = people.map(\.described)
    let listed =
      names.count <= 1
      ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    return Diagnostic(
      file: file, line: record.line, column: column(field), code: "ambiguous-person",
      message:
        "\"\(reference)\" could mean \(listed); \(consequence); write the full name or email to be sure",
      severity: .warning)
  }

  /// Checks ids, references and reporting lines over every row of the file, and returns the
  /// reporting lines (id → manager id) of every row with an id.
  ///
  /// Managers and people to avoid may be named by id, email or full name, matched through
  /// a ``PersonDirectory`` of every row (rows with errors included, so that a chain runs
  /// through them). A name that could mean several people is a warning naming them; the
  /// person is kept apart from all of them.
  private mutating func checkAcrossRows(
    _ records: [RawRecord], rows: inout [Candidate?], diagnostics: inout [[Diagnostic]]
  ) -> [CandidateID: CandidateID] {
    // Ids compare by their key: "C12" in a manager column names the person with id "c12".
    var firstLine: [CandidateID: Int] = [:]
    var firstSpelling: [CandidateID: String] = [:]
    var order: [CandidateID] = []
    var people: [PersonDirectory.Person] = []
    var idOf: [Int: CandidateID] = [:]
    let ids = submissions?.ids ?? records.map { value(.id, $0) }
    let leftOut = submissions?.leftOut ?? []
    for (index, record) in records.enumerated() where !leftOut.contains(index) {
      guard let text = ids[index], !text.isEmpty, text.utf8.count <= IntakeReader.maxFieldLength
      else { continue }
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
      idOf[index] = id
      let name = value(.name, record)
      let email = value(.email, record)
      people.append(
        PersonDirectory.Person(
          id: id, name: isNone(name) ? "" : name,
          email: email.isEmpty || isNone(email) ? nil : email, line: record.line))
    }
    let directory = PersonDirectory(people)

    var managers: [CandidateID: CandidateID] = [:]
    for (index, record) in records.enumerated() {
      guard let own = idOf[index] else { continue }
      let ownName = value(.name, record)
      // The manager: one person.
      let manager = value(.managerID, record)
      if !manager.isEmpty && !isNone(manager) && manager.utf8.count <= IntakeReader.maxFieldLength {
        let match = directory.resolve(manager)
        switch match {
        case .exact(let person), .guess(let person):
          // Oneself as manager is a cycle of one, reported with the other cycles.
          managers[own] = person.id
          if case .guess = match {
            diagnostics[index].append(guessed(record, .managerID, manager, person))
          }
        case .ambiguous(let list):
          let others = list.filter { $0.id != own }
          if var candidate = rows[index] {
            for person in others where !candidate.avoid.contains(person.id) {
              candidate.avoid.append(person.id)
            }
            rows[index] = candidate
          }
          diagnostics[index].append(
            ambiguous(
              record, .managerID, manager, others,
              consequence:
                "kept apart from \(others.count == 2 ? "both" : "all of them"), but the reporting line is not followed further"
            ))
        case .unknown:
          // Kept as written: the plan shows it, and the chain stops there.
          managers[own] = CandidateID(manager)
          diagnostics[index].append(
            Diagnostic(
              file: file, line: record.line, column: column(.managerID), code: "unknown-manager",
              message: "manager \"\(manager)\" is not in this file; the reporting line stops here",
              severity: .warning))
        }
      }
      // People to avoid: a list.
      let avoid = value(.avoid, record)
      guard !avoid.isEmpty, !isNone(avoid), avoid.utf8.count <= IntakeReader.maxFieldLength else {
        continue
      }
      var avoided: [CandidateID] = []
      for reference in directory.references(avoid) where !isNone(reference) {
        let match = directory.resolve(reference)
        switch match {
        case .exact(let person), .guess(let person):
          if person.id == own {
            diagnostics[index].append(
              Diagnostic(
                file: file, line: record.line, column: column(.avoid), code: "self-avoid",
                message: "\"\(reference)\" lists themself to avoid; that entry is ignored",
                severity: .warning))
            continue
          }
          if !avoided.contains(person.id) { avoided.append(person.id) }
          if case .guess = match {
            diagnostics[index].append(guessed(record, .avoid, reference, person))
          }
        case .ambiguous(let list):
          let others = list.filter { $0.id != own }
          for person in others where !avoided.contains(person.id) { avoided.append(person.id) }
          diagnostics[index].append(
            ambiguous(
              record, .avoid, reference, others,
              consequence: "kept apart from \(others.count == 2 ? "both" : "all of them")"))
        case .unknown:
          diagnostics[index].append(
            Diagnostic(
              file: file, line: record.line, column: column(.avoid), code: "unknown-avoid",
              message: "\"\(reference)\" to avoid is not in this file; that entry binds nobody",
              severity: .warning))
        }
      }
      if var candidate = rows[index] {
        for id in avoided where !candidate.avoid.contains(id) { candidate.avoid.append(id) }
        rows[index] = candidate
      }
    }
    for (index, _) in records.enumerated() {
      if let own = idOf[index] { rows[index]?.managerID = managers[own] }
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
    case .timestamp: 21
    }
  }
}
