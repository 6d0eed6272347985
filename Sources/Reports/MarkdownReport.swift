import Intake

/// `report.md`: the content of `report.html` as Markdown, with the charts as tables.
enum MarkdownReport {
  static func render(_ context: ReportContext) -> String {
    let plan = context.plan
    var m = MarkdownWriter()
    m.heading(1, context.text(.reportTitle))
    m.paragraph(
      "\(context.text(.planFrom)) \(plan.kring.input) · Kring \(plan.kring.version) · \(context.text(.program)) \(context.catalog.programs[plan.kring.program] ?? plan.kring.program) · seed \(plan.kring.seed)"
    )
    var note = context.text(.generatedNote)
    if context.options.pseudonymize { note += " " + context.text(.pseudonymNote) }
    m.paragraph(note, emphasised: true)

    if let audit = plan.audit, !audit.isClean {
      m.heading(2, "⚠ " + context.text(.auditTitle))
      m.paragraph(context.text(.auditNote), emphasised: true)
      m.list(audit.findings.map { "`\($0.code)` \(Escape.markdown($0.message))" })
    }

    let s = Summary(context)
    m.heading(2, context.text(.summary))
    m.table(header: s.tiles.map(\.0), rows: [s.tiles.map(\.1)])
    m.table(
      header: [
        "", context.text(.status), context.text(.stoppedBy), context.text(.objective),
        context.text(.bound), context.text(.gap), context.text(.components),
      ], rows: s.solverRows)
    if let weakest = s.weakest {
      m.paragraph(
        "**\(Escape.markdown(context.text(.weakestGroup)))**: \(Escape.markdown(weakest))",
        raw: true)
    }
    if let estimated = s.estimatedYears {
      m.paragraph(
        "**\(Escape.markdown(context.text(.yearsEstimated)))**: \(Escape.markdown(estimated))",
        raw: true)
    }

    m.heading(2, context.text(.charts))
    m.heading(3, context.text(.sectorMix))
    m.table(
      header: [context.text(.group), context.text(.sectors)],
      rows: context.groups.map { g in
        let p = context.profile(of: g)
        return [g.id, p.sectors.map { "\($0.0) \($0.1)" }.joined(separator: ", ")]
      })
    m.heading(3, context.text(.experienceSpread))
    m.table(
      header: [context.text(.group), context.text(.experienceRange), context.text(.years)],
      rows: context.groups.map { g in
        let p = context.profile(of: g)
        let range = "\(context.number(p.years.first ?? 0))–\(context.number(p.years.last ?? 0))"
        return [g.id, range, p.years.map(context.number).joined(separator: ", ")]
      })
    m.heading(3, "\(context.text(.availabilityHeatmap)) (\(context.text(.heatmapNote)))")
    let counts = context.availabilityCounts
    m.table(
      header: [""] + context.catalog.weekdays,
      rows: (0..<3).map { part in
        [context.catalog.dayparts[part]]
          + (0..<7).map { day in
            String(counts[Slot(index: day * 3 + part)?.token ?? ""] ?? 0)
          }
      })
    timeline(context.text(.facilitatorTimeline), Timelines.facilitators(context), context, &m)
    timeline(context.text(.roomTimeline), Timelines.rooms(context), context, &m)

    m.heading(2, context.text(.groups))
    for group in context.groups {
      let facts = GroupFacts(context, group)
      m.heading(3, facts.heading)
      m.list(facts.facts.map { "\($0.0): \($0.1)" })
      m.table(
        header: [
          context.text(.id), context.text(.name), context.text(.organization),
          context.text(.sector), context.text(.years), context.text(.level),
        ], rows: facts.memberRows)
      if !facts.sessionLines.isEmpty {
        m.paragraph("\(context.text(.dates)):")
        m.list(facts.sessionLines, numbered: true)
      }
    }

    for table in ReportTable.problems(context) {
      m.heading(2, table.title)
      if table.rows.isEmpty {
        m.paragraph(table.empty)
      } else {
        m.table(header: table.header, rows: table.rows)
      }
      if let note = table.note { m.paragraph(note) }
    }
    return m.out
  }

  private static func timeline(
    _ title: String, _ rows: [Charts.TimelineRow], _ context: ReportContext,
    _ m: inout MarkdownWriter
  ) {
    m.heading(3, title)
    if rows.isEmpty {
      m.paragraph(context.text(.noSessions))
      return
    }
    m.table(
      header: ["", context.text(.dates)],
      rows: rows.map { r in
        // The stored start begins with the local date and time, so it sorts by wall clock.
        let sessions = r.sessions.sorted {
          ($0.session.start, $0.group) < ($1.session.start, $1.group)
        }
        return [
          r.label,
          sessions.map { "\($0.group) \(context.date($0.session))" }.joined(separator: "; "),
        ]
      })
  }
}

/// Builds Markdown where every value is escaped; headings and structure are the writer's own.
struct MarkdownWriter {
  private(set) var out = ""

  mutating func heading(_ level: Int, _ text: String) {
    if !out.isEmpty { out += "\n" }
    out += String(repeating: "#", count: level) + " " + Escape.markdown(text) + "\n"
  }

  /// A paragraph of escaped text, or of `raw` Markdown the caller has escaped itself.
  mutating func paragraph(_ text: String, emphasised: Bool = false, raw: Bool = false) {
    let body = raw ? text : Escape.markdown(text)
    out += "\n" + (emphasised ? "_\(body)_" : body) + "\n"
  }

  mutating func list(_ items: [String], numbered: Bool = false) {
    out += "\n"
    for (k, item) in items.enumerated() {
      out += (numbered ? "\(k + 1). " : "- ") + Escape.markdown(item) + "\n"
    }
  }

  mutating func table(header: [String], rows: [[String]]) {
    out += "\n| " + header.map(cell).joined(separator: " | ") + " |\n"
    out += "|" + header.map { _ in " --- |" }.joined() + "\n"
    for row in rows {
      out += "| " + row.map(cell).joined(separator: " | ") + " |\n"
    }
  }

  private func cell(_ value: String) -> String {
    value.isEmpty ? " " : Escape.markdown(value)
  }
}
