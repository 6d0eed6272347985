import Grouping

/// `report.html`: the coordinator's page — one file with its CSS and SVG inline, no scripts,
/// no fonts or images fetched, and every value from the plan escaped.
enum HTMLReport {
  static func render(_ context: ReportContext) -> String {
    let plan = context.plan
    var h = HTMLWriter()
    h.raw("<!DOCTYPE html>\n")
    h.open("html", ["lang": context.options.language.rawValue])
    h.open("head")
    h.raw("<meta charset=\"utf-8\">")
    h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    h.element("title", "\(context.text(.reportTitle)) · \(plan.kring.input)")
    h.open("style")
    h.raw(css)
    h.close("style")
    h.close("head")
    h.open("body")
    h.open("header")
    h.element("h1", context.text(.reportTitle))
    h.element(
      "p",
      "\(context.text(.planFrom)) \(plan.kring.input) · Kring \(plan.kring.version) · \(context.text(.program)) \(context.catalog.programs[plan.kring.program] ?? plan.kring.program) · seed \(plan.kring.seed)",
      ["class": "meta"])
    var note = context.text(.generatedNote)
    if context.options.pseudonymize { note += " " + context.text(.pseudonymNote) }
    h.element("p", note, ["class": "note"])
    h.close("header")

    auditBanner(context, &h)
    summary(context, &h)
    charts(context, &h)
    groups(context, &h)
    for table in ReportTable.problems(context) { section(table, &h) }

    h.close("body")
    h.close("html")
    return h.out + "\n"
  }

  /// A red banner above everything when Kring's audit found a broken rule: a bug in Kring,
  /// which the coordinator must see before trusting any group.
  static func auditBanner(_ context: ReportContext, _ h: inout HTMLWriter) {
    guard let audit = context.plan.audit, !audit.isClean else { return }
    h.open("section", ["id": "audit", "class": "audit", "role": "alert"])
    h.element("h2", context.text(.auditTitle))
    h.element("p", context.text(.auditNote))
    h.open("ul")
    for finding in audit.findings {
      h.open("li")
      h.element("code", finding.code)
      h.text(" " + finding.message)
      h.close("li")
    }
    h.close("ul")
    h.close("section")
  }

  static func summary(_ context: ReportContext, _ h: inout HTMLWriter) {
    let s = Summary(context)
    h.open("section", ["id": "summary"])
    h.element("h2", context.text(.summary))
    h.open("div", ["class": "tiles"])
    for (label, value) in s.tiles {
      h.open("div", ["class": "tile"])
      h.element("span", value, ["class": "value"])
      h.element("span", label, ["class": "label"])
      h.close("div")
    }
    h.close("div")
    h.table(
      header: [
        "", context.text(.status), context.text(.stoppedBy), context.text(.objective),
        context.text(.bound), context.text(.gap), context.text(.components),
      ], rows: s.solverRows, classes: "solver")
    if let weakest = s.weakest {
      h.open("p")
      h.element("strong", context.text(.weakestGroup) + ": ")
      h.text(weakest)
      h.close("p")
    }
    if let estimated = s.estimatedYears {
      h.open("p")
      h.element("strong", context.text(.yearsEstimated) + ": ")
      h.text(estimated)
      h.close("p")
    }
    h.close("section")
  }

  static func charts(_ context: ReportContext, _ h: inout HTMLWriter) {
    h.open("section", ["id": "charts"])
    h.element("h2", context.text(.charts))
    figure(context.text(.sectorMix), Charts.sectorMix(context), &h)
    figure(context.text(.experienceSpread), Charts.experienceSpread(context), &h)
    figure(
      "\(context.text(.availabilityHeatmap)) (\(context.text(.heatmapNote)))",
      Charts.availability(context), &h)
    figure(
      context.text(.facilitatorTimeline),
      Charts.timeline(
        Timelines.facilitators(context), title: context.text(.facilitatorTimeline),
        context: context), &h)
    figure(
      context.text(.roomTimeline),
      Charts.timeline(
        Timelines.rooms(context), title: context.text(.roomTimeline), context: context), &h)
    h.close("section")
  }

  private static func figure(_ caption: String, _ svg: String, _ h: inout HTMLWriter) {
    h.open("figure")
    h.element("figcaption", caption)
    h.raw(svg)
    h.close("figure")
  }

  static func groups(_ context: ReportContext, _ h: inout HTMLWriter) {
    h.open("section", ["id": "groups"])
    h.element("h2", context.text(.groups))
    for group in context.groups {
      let facts = GroupFacts(context, group)
      h.open("article", ["class": "group", "id": "group-\(Escape.pathComponent(group.id))"])
      h.element("h3", facts.heading)
      h.open("dl", ["class": "facts"])
      for (term, value) in facts.facts {
        h.element("dt", term)
        h.element("dd", value)
      }
      h.close("dl")
      h.table(
        header: [
          context.text(.id), context.text(.name), context.text(.organization),
          context.text(.sector), context.text(.years), context.text(.level),
        ], rows: facts.memberRows, classes: "members")
      if !facts.sessionLines.isEmpty {
        h.open("ol", ["class": "dates"])
        for line in facts.sessionLines { h.element("li", line) }
        h.close("ol")
      }
      h.close("article")
    }
    h.close("section")
  }

  /// A section holding the table, or the line saying it has no rows.
  static func section(_ table: ReportTable, _ h: inout HTMLWriter) {
    h.open("section", ["id": table.id])
    h.element("h2", table.title)
    if table.rows.isEmpty {
      h.element("p", table.empty)
    } else {
      h.table(header: table.header, rows: table.rows, classes: table.id)
    }
    if let note = table.note { h.element("p", note) }
    h.close("section")
  }

  /// System fonts only (nothing is fetched), and one section per printed page.
  static let css = """
    :root{color-scheme:light;--ink:#1d1d1f;--muted:#5f6368;--line:#d9dce1;--accent:#0072B2}
    *{box-sizing:border-box}
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);max-width:1180px;margin:0 auto;padding:24px 32px;line-height:1.45;font-size:15px}
    h1{font-size:28px;margin:0 0 4px}h2{font-size:21px;border-bottom:2px solid var(--accent);padding-bottom:4px;margin-top:36px}h3{font-size:17px;margin:0 0 8px}
    .meta,.note{color:var(--muted);margin:2px 0}
    .tiles{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0 18px}
    .tile{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:120px}
    .tile .value{display:block;font-size:26px;font-weight:600}.tile .label{color:var(--muted);font-size:13px}
    table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:14px}
    th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
    th{background:#f3f5f8;font-weight:600}
    td:first-child,.unplaced td:nth-child(4),.diagnosis td:nth-child(4),.unscheduled td:nth-child(2){white-space:nowrap}
    figure{margin:18px 0;overflow-x:auto}figcaption{font-weight:600;margin-bottom:6px}
    svg{max-width:100%;height:auto;font-family:inherit}
    article.group{border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:14px 0}
    dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0 0 8px}
    dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
    ol.dates{columns:2;margin:6px 0 0;padding-left:22px;font-size:14px}
    code{font-size:13px;background:#f3f5f8;padding:1px 4px;border-radius:3px}
    section.audit{background:#fdecea;border:2px solid #b3261e;border-radius:8px;padding:10px 18px;color:#5f1410}
    section.audit h2{color:#b3261e;margin-top:6px}
    @page{margin:14mm}
    @media print{body{max-width:none;padding:0;font-size:10.5pt}section{break-before:page}section#summary{break-before:auto}
    article.group,figure,tr{break-inside:avoid}h2,h3{break-after:avoid}.tile{border-color:#999}th{background:#eee}}
    """
}

/// The summary figures shared by the HTML and Markdown reports.
struct Summary {
  var tiles: [(String, String)]
  var solverRows: [[String]]
  var weakest: String?
  /// Who gave no years of experience and was grouped at the batch median, or `nil`.
  var estimatedYears: String?

  init(_ context: ReportContext) {
    let plan = context.plan
    let placed = plan.groups.reduce(0) { $0 + $1.members.count }
    let sessions = plan.schedule.reduce(0) { $0 + $1.sessions.count }
    tiles = [
      (context.text(.candidates), String(plan.people.count)),
      (context.text(.ready), String(plan.people.filter { $0.status == "ready" }.count)),
      (context.text(.placed), String(placed)),
      (context.text(.groups), String(plan.groups.count)),
      (context.text(.sessions), String(sessions)),
      (context.text(.unplaced), String(plan.unplaced.count)),
      (context.text(.unscheduledGroups), String(plan.unscheduled.count)),
    ]
    let g = plan.solver.grouping
    func percent(_ v: Double?) -> String { v.map { context.number($0 * 100) + "%" } ?? "—" }
    solverRows = [
      [
        context.text(.groupingSolver), g.status, g.stoppedBy, context.number(g.objective),
        g.bound.map(context.number) ?? "—",
        percent(GroupingResult.relativeGap(objective: g.objective, bound: g.bound)),
        "\(g.componentsExact) \(context.text(.of)) \(g.components)",
      ]
    ]
    if let s = plan.solver.scheduling {
      solverRows.append([
        context.text(.schedulingSolver), s.status, "—", s.objective.map(context.number) ?? "—",
        s.bound.map(context.number) ?? "—",
        percent(
          s.gap
            ?? s.objective.flatMap { GroupingResult.relativeGap(objective: $0, bound: s.bound) }),
        "—",
      ])
    }
    weakest = context.weakestGroup.map {
      "\($0.id) (\(context.text(.diversity)) \(context.number($0.scores.diversity)), \($0.scores.distinctSectors) \(context.text(.sectors)))"
    }
    let estimated = plan.people.filter { $0.yearsEstimated == true }
    if let years = estimated.first?.yearsExperience {
      estimatedYears =
        estimated.map { context.name(of: $0.id) }.joined(separator: ", ") + " ("
        + context.text(.yearsEstimatedNote) + " " + context.number(years) + ")"
    }
  }
}

/// One group's facts as both reports show them.
struct GroupFacts {
  var heading: String
  var facts: [(String, String)]
  var memberRows: [[String]]
  var sessionLines: [String]

  init(_ context: ReportContext, _ group: PlanDocument.Group) {
    let profile = context.profile(of: group)
    let schedule = context.schedules[group.id]
    let slot = schedule.map { context.catalog.slot($0.slot) }
    heading =
      "\(group.id) · \(group.members.count) \(context.text(.sizeLabel))"
      + (slot.map { " · \($0)" } ?? "") + " · \(context.catalog.format(group.format))"
    let sectors = profile.sectors.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    let range =
      "\(context.number(group.scores.experienceRange.first ?? 0))–\(context.number(group.scores.experienceRange.last ?? 0))"
    let facilitator: String
    if let id = schedule?.facilitator {
      facilitator = "\(context.facilitatorName(id)) (\(id))"
    } else {
      facilitator = context.text(.notAssigned)
    }
    let room: String
    if let id = schedule?.room {
      room = "\(context.roomName(id)) (\(id))"
    } else if schedule != nil {
      room = context.text(.noRoomOnline)
    } else {
      room = context.text(.notAssigned)
    }
    facts = [
      (context.text(.sectors).capitalizedFirst, "\(profile.sectors.count): \(sectors)"),
      (context.text(.experienceRange).capitalizedFirst, range),
      (context.text(.level), profile.levels.isEmpty ? "—" : profile.levels.joined(separator: ", ")),
      (
        context.text(.organizationMix).capitalizedFirst,
        "\(profile.distinctOrganizations) \(context.text(.distinctOf)) \(context.text(.of)) \(profile.organizationsKnown)"
      ),
      (context.text(.diversity).capitalizedFirst, context.number(group.scores.diversity)),
      (context.text(.facilitator), facilitator),
      (context.text(.room), room),
    ]
    if let u = context.unscheduled[group.id] {
      facts.append(
        (
          context.text(.unscheduled),
          "\(u.code): \(Messages.unscheduled(u, language: context.options.language))"
        ))
    }
    memberRows = group.members.map { id in
      let p = context.people[id]
      return [
        id, context.name(of: id), p?.organization ?? "", p?.sector ?? "",
        p.map { context.number($0.yearsExperience) } ?? "", p?.level ?? "",
      ]
    }
    sessionLines = (schedule?.sessions ?? []).map { s in
      var line =
        "\(context.date(s)) \(context.time(s)) · \(context.catalog.format(s.format)) · \(s.available.count)/\(group.members.count)"
      if s.facilitated { line += " · \(context.text(.facilitated).lowercased())" }
      if let id = s.facilitator, id != schedule?.facilitator {
        line += " · \(context.facilitatorName(id)) (\(context.catalog.changes.standIn))"
      }
      if let id = s.room, id != schedule?.room { line += " · \(context.roomName(id))" }
      return line
    }
  }
}

/// A table both reports show: its title, the line shown when it has no rows, its header
/// and its rows.
struct ReportTable {
  /// The HTML section id and table class.
  var id: String
  var title: String
  var empty: String
  var header: [String]
  var rows: [[String]]
  /// A line after the table, such as the what-ifs there was no time to measure.
  var note: String? = nil

  /// The unplaced candidates, the diagnosis and the unscheduled groups, in report order.
  static func problems(_ context: ReportContext) -> [ReportTable] {
    let t = context.text
    return [
      ReportTable(
        id: "unplaced", title: "\(t(.unplaced)) (\(context.plan.unplaced.count))",
        empty: t(.nobodyUnplaced),
        header: [t(.id), t(.name), t(.status), t(.code), t(.message)],
        rows: Rows.unplaced(context)),
      ReportTable(
        id: "diagnosis", title: t(.diagnosis), empty: t(.noDiagnosis),
        header: [t(.kind), t(.change), t(.placesMore), t(.code), t(.message)],
        rows: Rows.diagnosis(context),
        note: context.plan.diagnosisSkipped.map {
          t(.diagnosisSkipped) + " " + $0.joined(separator: "; ") + "."
        }),
      ReportTable(
        id: "unscheduled", title: t(.unscheduledGroups), empty: t(.noUnscheduled),
        header: [t(.group), t(.code), t(.message), t(.need), t(.evidence)],
        rows: Rows.unscheduled(context)),
    ]
  }
}

/// Table rows shared by the HTML and Markdown reports.
enum Rows {
  static func unplaced(_ context: ReportContext) -> [[String]] {
    context.plan.unplaced.map { u in
      [
        u.id, context.name(of: u.id), context.people[u.id]?.status ?? "", u.code,
        Messages.unplaced(u, language: context.options.language),
      ]
    }
  }

  static func diagnosis(_ context: ReportContext) -> [[String]] {
    context.plan.diagnosis.map { d in
      let change = d.set ?? d.add ?? (d.ids ?? []).joined(separator: ", ")
      return [
        d.kind, change, String(d.placesMore), d.code,
        Messages.diagnosis(d, language: context.options.language) {
          "\(context.name(of: $0)) (\($0))"
        },
      ]
    }
  }

  static func unscheduled(_ context: ReportContext) -> [[String]] {
    context.plan.unscheduled.map { u in
      [
        u.group, u.code, Messages.unscheduled(u, language: context.options.language),
        u.need ?? "—",
        u.evidence.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
          separator: ", "),
      ]
    }
  }
}

/// The rows of the facilitator and room timelines.
enum Timelines {
  static func facilitators(_ context: ReportContext) -> [Charts.TimelineRow] {
    rows(context, key: \.facilitator) { context.facilitatorName($0) }
  }

  static func rooms(_ context: ReportContext) -> [Charts.TimelineRow] {
    rows(context, key: \.room) { context.roomName($0) }
  }

  /// A row per resource that has sessions, in the order the plan lists resources and groups.
  private static func rows(
    _ context: ReportContext, key: KeyPath<PlanDocument.ScheduledGroup, String?>,
    name: (String) -> String
  ) -> [Charts.TimelineRow] {
    let groupIndex = Dictionary(
      context.groups.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    var order: [String] = []
    var byResource: [String: [PlanDocument.ScheduledGroup]] = [:]
    for s in context.plan.schedule {
      guard let id = s[keyPath: key] else { continue }
      if byResource[id] == nil { order.append(id) }
      byResource[id, default: []].append(s)
    }
    return order.sorted(by: naturalOrder).map { id in
      let groups = byResource[id] ?? []
      return Charts.TimelineRow(
        label: "\(name(id)) (\(groups.map(\.group).joined(separator: ", ")))",
        sessions: groups.flatMap { g in
          g.sessions.map { (group: g.group, groupIndex: groupIndex[g.group] ?? 0, session: $0) }
        })
    }
  }
}

/// `f2` before `f10`: digits compare as numbers.
func naturalOrder(_ a: String, _ b: String) -> Bool {
  let x = Array(a.unicodeScalars)
  let y = Array(b.unicodeScalars)
  var i = 0
  var j = 0
  func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
  while i < x.count && j < y.count {
    if isDigit(x[i]) && isDigit(y[j]) {
      var p = i
      while p < x.count && isDigit(x[p]) { p += 1 }
      var q = j
      while q < y.count && isDigit(y[q]) { q += 1 }
      let u = String(String.UnicodeScalarView(x[i..<p])).drop { $0 == "0" }
      let v = String(String.UnicodeScalarView(y[j..<q])).drop { $0 == "0" }
      if u.count != v.count { return u.count < v.count }
      if u != v { return u < v }
      i = p
      j = q
    } else {
      if x[i] != y[j] { return x[i].value < y[j].value }
      i += 1
      j += 1
    }
  }
  return (x.count - i) < (y.count - j) || (x.count - i == y.count - j && a < b)
}

extension String {
  /// The text with its first letter upper case.
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// Builds HTML where every text and attribute value is escaped; only the report's own CSS and
/// chart markup go in raw.
struct HTMLWriter {
  private(set) var out = ""

  mutating func open(_ tag: String, _ attributes: [String: String] = [:]) {
    out += "<\(tag)"
    for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
      out += " \(name)=\"\(Escape.html(value))\""
    }
    out += ">"
  }

  mutating func close(_ tag: String) { out += "</\(tag)>\n" }

  mutating func text(_ value: String) { out += Escape.html(value) }

  mutating func element(_ tag: String, _ value: String, _ attributes: [String: String] = [:]) {
    open(tag, attributes)
    text(value)
    close(tag)
  }

  mutating func raw(_ markup: String) { out += markup }

  mutating func table(header: [String], rows: [[String]], classes: String) {
    open("table", ["class": classes])
    open("thead")
    open("tr")
    for cell in header { element("th", cell) }
    close("tr")
    close("thead")
    open("tbody")
    for row in rows {
      open("tr")
      for cell in row { element("td", cell) }
      close("tr")
    }
    close("tbody")
    close("table")
  }
}
