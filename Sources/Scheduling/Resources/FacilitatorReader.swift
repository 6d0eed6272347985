import Intake

/// Reads `facilitators.csv` (or a JSON array with the same keys) into `Facilitator`s,
/// reporting every problem of the file at once.
///
/// Columns (English header, then the built-in Dutch aliases); header names match without
/// regard to case, spaces, `_` and `-`:
///
/// | column | required | value |
/// |---|---|---|
/// | `id` (`nr`) | yes | unique in the file |
/// | `name` (`naam`) | yes | |
/// | `email` (`e-mail`) | no | validated when present |
/// | `languages` (`talen`, `language`, `taal`) | yes | codes or names, separated by space, comma, semicolon or `\|` |
/// | `organization` (`organisatie`) | no | blank: no organisation to keep apart |
/// | `availability` (`beschikbaarheid`) | yes | weekly slots as in the intake file; blank is an error |
/// | `max_groups` (`max_groepen`) | no | 1–50; blank means `defaultMaxGroups` (2) |
/// | `unavailable` (`afwezig`, `niet_beschikbaar`) | no | dates and ranges `2027-03-01..2027-03-05` |
/// | `max_sessions_per_day` (`max_per_dag`) | no | 1–10; blank: no limit |
/// | `max_sessions_per_week` (`max_per_week`) | no | 1–50; blank: no limit |
/// | `online_link` (`vergaderlink`, `link`) | no | the facilitator's own meeting link |
public struct FacilitatorReader: Sendable {
  /// The groups a facilitator takes on when `max_groups` is blank: two groups, because most
  /// facilitators of a programme guide one or two and a blank should not make anyone idle.
  public static let defaultMaxGroups = 2
  /// The allowed values of `max_groups`.
  public static let maxGroupsRange = 1...50
  /// The allowed values of `max_sessions_per_day`.
  public static let sessionsPerDayRange = 1...10
  /// The allowed values of `max_sessions_per_week`.
  public static let sessionsPerWeekRange = 1...50

  static let columns: [ResourceColumn] = [
    ResourceColumn(name: "id", aliases: ["nr", "nummer"], required: true),
    ResourceColumn(
      name: "name", aliases: ["naam", "full name", "volledige naam"], required: true,
      maxLength: ResourceColumns.maxNameLength),
    ResourceColumn(
      name: "email", aliases: ["e-mail", "e-mailadres", "emailadres", "email address", "mail"],
      required: false),
    ResourceColumn(name: "languages", aliases: ["talen", "language", "taal"], required: true),
    ResourceColumn(
      name: "organization", aliases: ["organisatie", "organisation", "werkgever", "employer"],
      required: false),
    ResourceColumn(name: "availability", aliases: ["beschikbaarheid"], required: true),
    ResourceColumn(
      name: "max_groups", aliases: ["max_groepen", "maximum groepen", "groups"], required: false),
    ResourceColumn(
      name: "unavailable",
      aliases: ["afwezig", "niet_beschikbaar", "afwezigheid", "vakantie"], required: false),
    ResourceColumn(
      name: "max_sessions_per_day",
      aliases: ["max_per_dag", "max_bijeenkomsten_per_dag", "max_per_day"], required: false),
    ResourceColumn(
      name: "max_sessions_per_week",
      aliases: ["max_per_week", "max_bijeenkomsten_per_week"], required: false),
    ResourceColumn(
      name: "online_link",
      aliases: ["vergaderlink", "videolink", "link", "meeting_link"], required: false),
  ]

  /// The largest file accepted, in bytes.
  public var maxFileBytes: Int

  public init(maxFileBytes: Int = 50_000_000) {
    self.maxFileBytes = maxFileBytes
  }

  /// Reads the file at `path`.
  ///
  /// - Throws: every error and warning of the file when it has at least one error.
  public func read(path: String) throws(DiagnosticList) -> ResourceList<Facilitator> {
    try read(table: DataTable.read(path: path, maxBytes: maxFileBytes))
  }

  /// Reads a file held in memory; `fileName` names it in messages and picks the format.
  public func read(bytes: [UInt8], fileName: String) throws(DiagnosticList)
    -> ResourceList<Facilitator>
  {
    try read(table: DataTable.parse(bytes: bytes, file: fileName, maxBytes: maxFileBytes))
  }

  /// Interprets a table already read.
  public func read(table: DataTable) throws(DiagnosticList) -> ResourceList<Facilitator> {
    try ResourceTableReader(
      specs: Self.columns, emptyCode: "no-facilitators",
      emptyMessage: "the file has a header but no facilitators; no group can be facilitated",
      item: Self.facilitator
    ).read(table: table)
  }

  /// The row as a facilitator; its problems are recorded in `row`.
  private static func facilitator(_ row: inout ResourceRow) -> Facilitator {
    let id = row.required("id")
    let name = row.required("name")
    let email = row.value("email") ?? ""
    if !email.isEmpty && !FieldValue.isValidEmail(email) {
      row.fail("email", code: "invalid-email", "invalid email address \"\(email)\"")
    }

    var languages: [String] = []
    if let text = row.value("languages"), row.has("languages") {
      let items = ResourceValues.items(text)
      if items.isEmpty {
        row.fail(
          "languages", code: "missing-value",
          "languages is required: the languages this facilitator can guide a group in")
      }
      for item in items {
        switch FieldValue.language(String(item)) {
        case .success(let code):
          if !languages.contains(code) { languages.append(code) }
        case .failure(var problem):
          problem.suggestion = FieldValue.suggestion(
            for: String(item), among: ResourceValues.languageNames)
          row.fail("languages", problem)
        }
      }
    }

    let organization = row.value("organization") ?? ""
    let availability = row.availability(
      unusable: "a facilitator without weekly slots can never be scheduled")

    var maxGroups = FacilitatorReader.defaultMaxGroups
    if let text = row.value("max_groups"), !text.isEmpty {
      if let value = ResourceValues.integer(text, in: FacilitatorReader.maxGroupsRange) {
        maxGroups = value
      } else {
        row.fail(
          "max_groups", code: "invalid-max-groups",
          "max_groups must be a whole number from \(FacilitatorReader.maxGroupsRange.lowerBound) to \(FacilitatorReader.maxGroupsRange.upperBound), got \"\(text)\""
        )
      }
    }

    let unavailable = row.unavailable()
    let perDay = row.optionalInteger(
      "max_sessions_per_day", in: FacilitatorReader.sessionsPerDayRange,
      code: "invalid-max-sessions", meaning: "sessions on one day")
    let perWeek = row.optionalInteger(
      "max_sessions_per_week", in: FacilitatorReader.sessionsPerWeekRange,
      code: "invalid-max-sessions", meaning: "sessions in one week")
    let link = row.value("online_link") ?? ""
    if !link.isEmpty && link.contains(where: \.isWhitespace) {
      row.fail(
        "online_link", code: "invalid-link",
        "online_link must be a URL without spaces, got \"\(link)\"")
    }

    return Facilitator(
      id: FacilitatorID(id), name: name, email: email.isEmpty ? nil : email,
      languages: languages, organization: organization.isEmpty ? nil : organization,
      availability: availability, maxGroups: maxGroups, unavailable: unavailable,
      maxSessionsPerDay: perDay, maxSessionsPerWeek: perWeek,
      onlineLink: link.isEmpty ? nil : link, line: row.line)
  }
}

/// Dates and inclusive date ranges as written in resource files.
enum DateRanges {
  /// `2027-03-01`, `01-03-2027` or a range `2027-03-01..2027-03-05` (first ≤ last).
  static func parse(_ text: String) -> Result<DateRange, FieldValue.Problem> {
    let parts = text.components(separatedBy: "..")
    guard parts.count <= 2 else {
      return .failure(
        FieldValue.Problem(
          code: "invalid-date",
          message:
            "expected a date as YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, got \"\(text)\""))
    }
    var dates: [String] = []
    for part in parts {
      switch FieldValue.date(part) {
      case .success(let iso): dates.append(iso)
      case .failure(let problem) where problem.code == "date-out-of-range":
        return .failure(problem)
      case .failure:
        return .failure(
          FieldValue.Problem(
            code: "invalid-date",
            message:
              "expected a date as YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, got \"\(text)\""))
      }
    }
    guard let first = dates.first, let last = dates.last else {
      return .failure(
        FieldValue.Problem(code: "invalid-date", message: "expected a date, got \"\(text)\""))
    }
    // ISO dates of equal width compare as text in calendar order.
    guard first <= last else {
      return .failure(
        FieldValue.Problem(
          code: "invalid-date-range",
          message: "the range \"\(text)\" ends before it starts; write the first date first"))
    }
    return .success(DateRange(first: first, last: last))
  }
}
