/// Who each row of a form export is, before any answer is read: its id, whether it is a test
/// submission, and which rows are the same person submitting twice.
///
/// Without an id column, a row's id is its email address (trimmed, lower case) or, when it
/// has none, `r` and its line (`r7`). Rows of one person (one email, or one name where no
/// email is given) are merged: the latest submission by the timestamp column wins, the
/// later line when there is none, and a note names every line. A row whose answers are all
/// empty but for a name, an email or a timestamp is a test submission: left out, with a
/// warning.
struct Submissions {
  /// What the reader knows of the columns.
  struct Columns {
    var id: Int?
    var name: Int?
    var email: Int?
    var timestamp: Int?
    /// The columns holding answers: every column but the identity, the timestamp and the
    /// ignored ones.
    var answers: [Int]
    var headers: [String]
  }

  /// Where an id comes from.
  enum Source: Sendable, Hashable {
    case column, email, row
  }

  /// The id of each row (`nil` for a row that is left out) and where it came from.
  var ids: [String?]
  var sources: [Source]
  /// Rows left out: test submissions (warnings) and merged duplicates.
  var leftOut: Set<Int> = []
  /// Warnings about test submissions, by row.
  var testRows: [Int: Diagnostic] = [:]
  /// Notes about merged submissions, by the row that won.
  var merged: [Int: Diagnostic] = [:]
  /// Notes about the submissions that lost, by row: each is left out, never silently.
  var superseded: [Int: Diagnostic] = [:]

  /// - Parameter fullName: a row's name as the reader reads it (a name asked in parts,
  ///   joined).
  init(
    _ records: [RawRecord], columns: Columns, answers: AnswerValues, file: String,
    fullName: (RawRecord) -> String
  ) {
    func value(_ column: Int?, _ record: RawRecord) -> String {
      guard let column, column < record.fields.count else { return "" }
      let text = record.fields[column]
      return answers.isNone(text) ? "" : text
    }
    func nameOf(_ record: RawRecord) -> String {
      let text = fullName(record)
      return answers.isNone(text) ? "" : text
    }
    ids = []
    sources = []
    ids.reserveCapacity(records.count)
    for record in records {
      if columns.id != nil {
        ids.append(value(columns.id, record))
        sources.append(.column)
        continue
      }
      let email = value(columns.email, record)
      if !email.isEmpty && FieldParsers.isValidEmail(email) {
        ids.append(ValueKey(email).rawValue)
        sources.append(.email)
      } else {
        ids.append("r\(record.line)")
        sources.append(.row)
      }
    }

    // A coordinator's own list (with an id column) has no test submissions: an incomplete
    // row there is an error to fix.
    guard columns.id == nil else { return }
    // Test submissions: nothing but who and when.
    for (k, record) in records.enumerated() {
      let answered = columns.answers.contains { !value($0, record).isEmpty }
      guard !answered else { continue }
      let name = nameOf(record)
      let column = columns.name.map { columns.headers[$0] }
      testRows[k] = Diagnostic(
        file: file, line: record.line, column: name.isEmpty ? nil : column, code: "test-row",
        message: name.isEmpty
          ? "the row holds no answers: taken as a test submission and left out"
          : "only a name (\"\(name)\") is filled in: taken as a test submission and left out",
        severity: .warning)
      leftOut.insert(k)
    }

    // One person: one email; a row without email joins the one email of its name, else the
    // other rows of its name without email.
    var groups: [String: [Int]] = [:]
    var order: [String] = []
    var emailOfName: [String: Set<String>] = [:]
    for (k, record) in records.enumerated() where !leftOut.contains(k) && sources[k] == .email {
      let key = "@" + (ids[k] ?? "")
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(k)
      let name = PersonDirectory.nameKey(nameOf(record))
      if !name.isEmpty { emailOfName[name, default: []].insert(key) }
    }
    for (k, record) in records.enumerated() where !leftOut.contains(k) && sources[k] == .row {
      let name = PersonDirectory.nameKey(nameOf(record))
      guard !name.isEmpty else { continue }
      let key: String
      if let emails = emailOfName[name], emails.count == 1, let only = emails.first {
        key = only
      } else {
        key = "n:" + name
      }
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(k)
    }
    let dayFirst = Self.dayFirst(records.map { value(columns.timestamp, $0) })
    for key in order {
      guard let rows = groups[key], rows.count > 1 else { continue }
      let stamps = rows.map {
        FieldParsers.timestamp(value(columns.timestamp, records[$0]), dayFirst: dayFirst)
      }
      // The latest timestamp wins; without timestamps (or on a tie), the later line.
      var winner = 0
      for i in 1..<rows.count {
        let a = stamps[i] ?? Int.min
        let b = stamps[winner] ?? Int.min
        if a > b || (a == b && records[rows[i]].line > records[rows[winner]].line) { winner = i }
      }
      let winning = rows[winner]
      for k in rows where k != winning {
        leftOut.insert(k)
        superseded[k] = Diagnostic(
          file: file, line: records[k].line, code: "superseded-submission",
          message:
            "an earlier submission of the same person; the answers of line \(records[winning].line) are used",
          severity: .note)
      }
      // The winner keeps the id of its person: the email when any row has one.
      if let emailRow = rows.first(where: { sources[$0] == .email }), sources[winning] == .row {
        ids[winning] = ids[emailRow]
        sources[winning] = .email
      }
      let lines = rows.map { records[$0].line }.sorted()
      let listed =
        lines.dropLast().map(String.init).joined(separator: ", ") + " and \(lines.last ?? 0)"
      let times = rows.count == 2 ? "twice" : "\(rows.count) times"
      let name = nameOf(records[winning])
      let who = name.isEmpty ? (ids[winning] ?? "") : name
      let stamp = value(columns.timestamp, records[winning])
      merged[winning] = Diagnostic(
        file: file, line: records[winning].line, code: "duplicate-submission",
        message:
          "\"\(who)\" submitted the form \(times) (lines \(listed)); the latest answers, line \(records[winning].line)\(stamp.isEmpty ? "" : " (\(stamp))"), are used",
        severity: .note)
    }
  }

  /// Whether a column's dates put the day first (`14-9-2026`) or the month (`9/14/2026`):
  /// a first number above 12 decides for the day, a second above 12 for the month; else the
  /// day, as in Dutch.
  static func dayFirst(_ texts: [String]) -> Bool {
    var monthFirst = false
    for text in texts {
      let numbers = text.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
      guard numbers.count == 2, numbers[0] <= 31 else { continue }
      if numbers[0] > 12 { return true }
      if numbers[1] > 12 { monthFirst = true }
    }
    return !monthFirst
  }
}

extension FieldParsers {
  /// A form's timestamp as seconds since 1970 (the clock as written, no time zone):
  /// `2026-09-14 10:22:31`, `2026-09-14T10:22:31Z`, `2026/09/14 10:22:31 CET`,
  /// `14-9-2026 10:22`, `9/14/2026 10:22:31 PM`; `nil` when it is not one.
  static func timestamp(_ text: String, dayFirst: Bool) -> Int? {
    let lower = TextMatching.asciiLower(text)
    let pm = lower.contains("pm")
    let am = lower.contains("am")
    let numbers = lower.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    guard numbers.count >= 3 else { return nil }
    var year: Int
    var month: Int
    var day: Int
    if numbers[0] > 31 {
      (year, month, day) = (numbers[0], numbers[1], numbers[2])
    } else {
      year = numbers[2]
      (day, month) = dayFirst ? (numbers[0], numbers[1]) : (numbers[1], numbers[0])
      if year < 100 { year += 2000 }
    }
    guard (1900...2200).contains(year), (1...12).contains(month), (1...31).contains(day) else {
      return nil
    }
    var hour = numbers.count > 3 ? numbers[3] : 0
    let minute = numbers.count > 4 ? numbers[4] : 0
    let second = numbers.count > 5 ? numbers[5] : 0
    if pm && hour < 12 { hour += 12 }
    if am && hour == 12 { hour = 0 }
    return (CivilDay.days(year: year, month: month, day: day) * 24 + hour) * 3600 + minute * 60
      + second
  }
}
