import Intake

/// The coordinator's tables of a plan: the groups with their members, the schedule, who is
/// unplaced and why, and the diagnosis. They are written as `groups.csv`, `schedule.csv` and
/// `unplaced.csv`, and together as the sheets of `plan.xlsx`.
///
/// The CSV files keep their field names as headers (scripts read them); the workbook, made
/// for people, shows the headers and sheet names in the output language. Both hold the same
/// rows. Names are the real ones: these files are for the coordinator, never shared as-is.
public enum CoordinatorTables {
  /// How a table's header row reads.
  public enum Headers: Sendable {
    /// Field names such as `years_experience`, stable for scripts.
    case keys
    /// Labels in the output language, for people.
    case labels
  }

  /// The CSV writer of the coordinator's files: formulas neutralised; under Dutch, `;`
  /// between fields and a byte-order mark, so that Excel in a Dutch locale opens the file in
  /// columns (it expects `;` there, and UTF-8 only with the mark).
  public static func csvWriter(_ language: OutputLanguage) -> CSVWriter {
    CSVWriter(
      delimiter: language == .nl ? ";" : ",", neutralizesFormulas: true,
      byteOrderMark: language == .nl)
  }

  /// `plan.xlsx`: one sheet per table.
  public static func workbook(for plan: PlanDocument, options: ReportOptions) throws(XLSXWriter
    .Failure) -> [UInt8]
  {
    let context = ReportContext(plan: plan, options: options)
    return try XLSXWriter().workbook([
      groups(context, .labels), schedule(context, .labels), unplaced(context, .labels),
      diagnosis(context, .labels),
    ])
  }

  private static func header(
    _ context: ReportContext, _ headers: Headers, _ columns: [(String, Label)]
  ) -> [String] {
    columns.map { headers == .keys ? $0.0 : context.text($0.1) }
  }

  /// Every member of every group, one row each.
  static func groups(_ context: ReportContext, _ headers: Headers) -> SpreadsheetTable {
    let plan = context.plan
    var rows: [[SpreadsheetCell]] = []
    for g in plan.groups {
      for id in g.members {
        guard let p = context.people[id] else { continue }
        rows.append([
          .text(g.id), .text(p.id), .text(p.name), .text(p.email ?? ""),
          .text(p.organization ?? ""), .text(p.sector), .text(p.level ?? ""),
          .number(p.yearsExperience), .text(p.language), .text(g.format),
          .text(g.slots.joined(separator: " ")),
        ])
      }
    }
    return SpreadsheetTable(
      name: context.text(.sheetGroups),
      header: header(
        context, headers,
        [
          ("group", .group), ("id", .id), ("name", .name), ("email", .email),
          ("organization", .organization), ("sector", .sector), ("level", .level),
          ("years_experience", .years), ("language", .language), ("format", .format),
          ("slots", .slot),
        ]), rows: rows)
  }

  /// Every session, one row each.
  static func schedule(_ context: ReportContext, _ headers: Headers) -> SpreadsheetTable {
    var rows: [[SpreadsheetCell]] = []
    for s in context.plan.schedule {
      for session in s.sessions {
        let start = LocalTime(iso: session.start)
        rows.append([
          .text(s.group), .number(Double(session.number)), .text(start?.dateText ?? ""),
          .text(start?.timeText ?? ""), .text(LocalTime(iso: session.end)?.timeText ?? ""),
          .text(session.format), .text(session.facilitated ? "true" : "false"),
          // Each session's own facilitator and room: a stand-in shows on the dates they take.
          .text(session.facilitator ?? ""),
          .text(session.facilitator.map(context.facilitatorName) ?? ""),
          .text(session.room ?? ""), .text(session.room.map(context.roomName) ?? ""),
          .text(s.slot),
          .number(Double(session.available.count)),
        ])
      }
    }
    return SpreadsheetTable(
      name: context.text(.sheetSchedule),
      header: header(
        context, headers,
        [
          ("group", .group), ("session", .session), ("date", .date), ("start", .start),
          ("end", .end), ("format", .format), ("facilitated", .facilitated),
          ("facilitator", .facilitator), ("facilitator_name", .facilitatorName),
          ("room", .room), ("room_name", .roomName), ("slot", .slot),
          ("available", .available),
        ]), rows: rows)
  }

  /// Every unplaced person, with the reason in the output language.
  static func unplaced(_ context: ReportContext, _ headers: Headers) -> SpreadsheetTable {
    let rows: [[SpreadsheetCell]] = context.plan.unplaced.map { u in
      let p = context.people[u.id]
      return [
        .text(u.id), .text(p?.name ?? ""), .text(p?.status ?? ""), .text(u.code),
        .text(Messages.unplaced(u, language: context.options.language)),
      ]
    }
    return SpreadsheetTable(
      name: context.text(.sheetUnplaced),
      header: header(
        context, headers,
        [("id", .id), ("name", .name), ("status", .status), ("code", .code), ("message", .message)]
      ), rows: rows)
  }

  /// The diagnosis: each change of the rules or resources, and how many more it places.
  static func diagnosis(_ context: ReportContext, _ headers: Headers) -> SpreadsheetTable {
    let rows: [[SpreadsheetCell]] = context.plan.diagnosis.map { d in
      [
        .text(d.kind), .text(d.set ?? d.add ?? (d.ids ?? []).joined(separator: ", ")),
        .number(Double(d.placesMore)), .text(d.code),
        .text(
          Messages.diagnosis(d, language: context.options.language) {
            "\(context.people[$0]?.name ?? $0) (\($0))"
          }),
      ]
    }
    return SpreadsheetTable(
      name: context.text(.sheetDiagnosis),
      header: header(
        context, headers,
        [
          ("kind", .kind), ("change", .change), ("places_more", .placesMore), ("code", .code),
          ("message", .message),
        ]), rows: rows)
  }
}

extension ReportBuilder {
  /// `groups.csv`: every member of every group.
  public static func groupsCSV(for plan: PlanDocument, language: OutputLanguage) -> String {
    let context = ReportContext(plan: plan, options: ReportOptions(language: language))
    return CoordinatorTables.groups(context, .keys).csv(CoordinatorTables.csvWriter(language))
  }

  /// `unplaced.csv`: every unplaced person, the reason rendered in `language`.
  public static func unplacedCSV(for plan: PlanDocument, language: OutputLanguage) -> String {
    let context = ReportContext(plan: plan, options: ReportOptions(language: language))
    return CoordinatorTables.unplaced(context, .keys).csv(CoordinatorTables.csvWriter(language))
  }
}
