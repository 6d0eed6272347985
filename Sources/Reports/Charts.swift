import Intake

/// The report's charts as inline SVG: no scripts, no network, every text escaped.
///
/// Coordinates are rounded to one decimal so that the page is byte-identical across runs and
/// platforms.
enum Charts {
  /// Colours that stay distinguishable for most colour-blind readers (Okabe–Ito, extended).
  static let palette = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#7F7F7F", "#8C564B", "#17BECF", "#BCBD22",
  ]

  static func colour(_ index: Int) -> String { palette[index % palette.count] }

  /// Sector mix: one stacked bar per group, a segment per sector.
  static func sectorMix(_ context: ReportContext) -> String {
    let profiles = context.groups.map(context.profile)
    let sectors = Set(profiles.flatMap { $0.sectors.map(\.0) }).sorted()
    let colourOf = Dictionary(uniqueKeysWithValues: sectors.enumerated().map { ($1, colour($0)) })
    let largest = max(1, profiles.map(\.size).max() ?? 1)
    let labelWidth = 70.0
    let barWidth = 560.0
    let rowHeight = 22.0
    let legendColumns = 4
    let legendRows = (sectors.count + legendColumns - 1) / legendColumns
    let top = 10.0 + Double(legendRows) * 20 + 8
    let height = top + Double(profiles.count) * rowHeight + 10
    var svg = SVG(width: 720, height: height, title: context.text(.sectorMix))
    for (k, sector) in sectors.enumerated() {
      let x = Double(k % legendColumns) * 175
      let y = 10.0 + Double(k / legendColumns) * 20
      svg.rect(x: x, y: y, width: 12, height: 12, fill: colourOf[sector] ?? "#999")
      svg.text(String(sector.prefix(24)), x: x + 17, y: y + 10.5, size: 11)
    }
    for (row, p) in profiles.enumerated() {
      let y = top + Double(row) * rowHeight
      svg.text(p.id, x: 0, y: y + 13, size: 11)
      var x = labelWidth
      // Segments in legend order, so a sector sits at the same place in every bar.
      for (sector, count) in p.sectors.sorted(by: { $0.0 < $1.0 }) {
        let w = barWidth * Double(count) / Double(largest)
        svg.rect(
          x: x, y: y + 2, width: w, height: rowHeight - 6, fill: colourOf[sector] ?? "#999",
          stroke: "#fff", tooltip: "\(p.id): \(sector) \(count)")
        x += w
      }
      svg.text(
        "\(p.sectors.count) \(context.text(.sectors))", x: x + 6, y: y + 13, size: 10, fill: "#555")
    }
    return svg.finish()
  }

  /// Experience spread: per group, the range as a line and every member as a dot.
  static func experienceSpread(_ context: ReportContext) -> String {
    let profiles = context.groups.map(context.profile)
    let most = profiles.flatMap(\.years).max() ?? 0
    let step = most > 40 ? 10.0 : 5.0
    let axisMax = max(step, (most / step).rounded(.up) * step)
    let left = 70.0
    let width = 600.0
    let rowHeight = 20.0
    let top = 24.0
    let height = top + Double(profiles.count) * rowHeight + 10
    var svg = SVG(width: 720, height: height, title: context.text(.experienceSpread))
    func x(_ years: Double) -> Double { left + width * years / axisMax }
    var tick = 0.0
    while tick <= axisMax {
      svg.line(x1: x(tick), y1: top - 6, x2: x(tick), y2: height - 8, stroke: "#ddd")
      svg.text(context.number(tick), x: x(tick) - 4, y: top - 10, size: 10, fill: "#555")
      tick += step
    }
    for (row, p) in profiles.enumerated() {
      let y = top + Double(row) * rowHeight + rowHeight / 2
      svg.text(p.id, x: 0, y: y + 4, size: 11)
      if let low = p.years.first, let high = p.years.last {
        svg.line(x1: x(low), y1: y, x2: x(high), y2: y, stroke: colour(0), width: 3)
      }
      for years in p.years {
        svg.circle(
          cx: x(years), cy: y, r: 4, fill: "#fff", stroke: colour(0),
          tooltip: "\(p.id): \(context.number(years))")
      }
    }
    return svg.finish()
  }

  /// Availability heat map: ready candidates per weekday and part of the day.
  static func availability(_ context: ReportContext) -> String {
    let counts = context.availabilityCounts
    let most = max(1, counts.values.max() ?? 1)
    let cell = 64.0
    let cellHeight = 34.0
    let left = 80.0
    let top = 22.0
    var svg = SVG(
      width: left + 7 * cell + 10, height: top + 3 * cellHeight + 10,
      title: context.text(.availabilityHeatmap))
    for day in 0..<7 {
      svg.text(
        context.catalog.weekdays[day], x: left + Double(day) * cell + cell / 2 - 8, y: 15, size: 11)
    }
    for part in 0..<3 {
      let y = top + Double(part) * cellHeight
      svg.text(context.catalog.dayparts[part], x: 0, y: y + cellHeight / 2 + 4, size: 11)
      for day in 0..<7 {
        let token = Slot(index: day * 3 + part)?.token ?? ""
        let n = counts[token] ?? 0
        let share = Double(n) / Double(most)
        svg.rect(
          x: left + Double(day) * cell, y: y, width: cell - 2, height: cellHeight - 2,
          fill: heat(share), tooltip: "\(context.catalog.slot(token)): \(n)")
        svg.text(
          String(n), x: left + Double(day) * cell + cell / 2 - 8, y: y + cellHeight / 2 + 4,
          size: 11, fill: share > 0.55 ? "#fff" : "#222")
      }
    }
    return svg.finish()
  }

  /// White to deep blue.
  static func heat(_ share: Double) -> String {
    let s = min(1, max(0, share))
    let from = (247.0, 251.0, 255.0)
    let to = (8.0, 48.0, 107.0)
    func channel(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * s).rounded()) }
    return hex(channel(from.0, to.0), channel(from.1, to.1), channel(from.2, to.2))
  }

  static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
    let digits = Array("0123456789ABCDEF")
    func byte(_ v: Int) -> String {
      let c = min(255, max(0, v))
      return String([digits[c / 16], digits[c % 16]])
    }
    return "#" + byte(r) + byte(g) + byte(b)
  }

  /// One row of a timeline: who or what, and their sessions.
  struct TimelineRow {
    var label: String
    var sessions: [(group: String, groupIndex: Int, session: PlanDocument.Session)]
  }

  /// A calendar timeline: a row per facilitator or room, a mark per session, over the weeks
  /// from the first session to the last.
  static func timeline(_ rows: [TimelineRow], title: String, context: ReportContext) -> String {
    let times = rows.flatMap { $0.sessions.compactMap { LocalTime(iso: $0.session.start) } }
    guard let first = times.min(), let last = times.max() else {
      var svg = SVG(width: 720, height: 30, title: title)
      svg.text(context.text(.noSessions), x: 0, y: 18, size: 11, fill: "#555")
      return svg.finish()
    }
    let origin = first.mondayDayNumber
    let weeks = max(1, (last.mondayDayNumber - origin) / 7 + 1)
    let left = 170.0
    let width = 540.0
    let weekWidth = width / Double(weeks)
    let rowHeight = 24.0
    let top = 26.0
    let height = top + Double(rows.count) * rowHeight + 8
    var svg = SVG(width: 720, height: height, title: title)
    // A gridline per week, labelled with the Monday's date every few weeks.
    let labelEvery = max(1, Int((54.0 / weekWidth).rounded(.up)))
    for week in 0...weeks {
      let x = left + Double(week) * weekWidth
      svg.line(
        x1: x, y1: top - 4, x2: x, y2: height - 6, stroke: week % labelEvery == 0 ? "#ccc" : "#eee")
      if week < weeks && week % labelEvery == 0,
        let monday = LocalTime(dayNumber: origin + week * 7)
      {
        svg.text(context.catalog.shortDate(monday), x: x + 2, y: top - 10, size: 10, fill: "#555")
      }
    }
    for (row, r) in rows.enumerated() {
      let y = top + Double(row) * rowHeight
      if row % 2 == 1 {
        svg.rect(x: 0, y: y, width: 720, height: rowHeight, fill: "#f6f6f6")
      }
      svg.text(String(r.label.prefix(26)), x: 0, y: y + 15, size: 11)
      for s in r.sessions {
        guard let t = LocalTime(iso: s.session.start) else { continue }
        let x = left + Double(t.dayNumber - origin) / 7 * weekWidth
        svg.rect(
          x: x, y: y + 4, width: max(4, weekWidth / 7), height: rowHeight - 8,
          fill: colour(s.groupIndex),
          tooltip:
            "\(s.group) #\(s.session.number) · \(context.date(s.session)) \(context.time(s.session))"
        )
      }
    }
    return svg.finish()
  }
}

extension LocalTime {
  /// The date of a day number; midnight.
  init?(dayNumber: Int) {
    self.init(iso: CivilDay.iso(dayNumber))
  }
}

/// A small SVG writer that escapes every text and attribute value.
struct SVG {
  private var body = ""
  let width: Double
  let height: Double
  let title: String

  init(width: Double, height: Double, title: String) {
    self.width = width
    self.height = height
    self.title = title
  }

  static func n(_ v: Double) -> String { NumberText.rounded(v, places: 1) }

  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
    tooltip: String? = nil
  ) {
    body +=
      "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"\(Escape.html(fill))\""
    if let stroke { body += " stroke=\"\(Escape.html(stroke))\"" }
    if let tooltip {
      body += "><title>\(Escape.html(tooltip))</title></rect>"
    } else {
      body += "></rect>"
    }
  }

  mutating func circle(
    cx: Double, cy: Double, r: Double, fill: String, stroke: String, tooltip: String
  ) {
    body +=
      "<circle cx=\"\(Self.n(cx))\" cy=\"\(Self.n(cy))\" r=\"\(Self.n(r))\" fill=\"\(Escape.html(fill))\" stroke=\"\(Escape.html(stroke))\" stroke-width=\"2\"><title>\(Escape.html(tooltip))</title></circle>"
  }

  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1
  ) {
    body +=
      "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(Escape.html(stroke))\" stroke-width=\"\(Self.n(width))\"></line>"
  }

  mutating func text(_ value: String, x: Double, y: Double, size: Double, fill: String = "#222") {
    body +=
      "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" fill=\"\(Escape.html(fill))\">\(Escape.html(value))</text>"
  }

  func finish() -> String {
    "<svg viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" role=\"img\" aria-label=\"\(Escape.html(title))\"><title>\(Escape.html(title))</title>"
      + body + "</svg>"
  }
}
