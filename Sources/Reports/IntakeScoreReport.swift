import Foundation
import Grouping
import Intake

/// What `kring intake score` shows and exports: each candidate's scores, the batch's
/// distributions, an availability heat map and a feasibility forecast.
public struct IntakeScoreReport: Codable, Sendable {
  public struct Row: Codable, Sendable {
    public var score: CandidateScore
    public var name: String
    public var sector: String
    public var placeability: Int

    public func encode(to encoder: any Encoder) throws {
      try score.encode(to: encoder)
      var c = encoder.container(keyedBy: Keys.self)
      try c.encode(name, forKey: .name)
      try c.encode(sector, forKey: .sector)
      try c.encode(placeability, forKey: .placeability)
    }

    public init(from decoder: any Decoder) throws {
      score = try CandidateScore(from: decoder)
      let c = try decoder.container(keyedBy: Keys.self)
      name = try c.decode(String.self, forKey: .name)
      sector = try c.decode(String.self, forKey: .sector)
      placeability = try c.decode(Int.self, forKey: .placeability)
    }

    public init(score: CandidateScore, name: String, sector: String, placeability: Int) {
      self.score = score
      self.name = name
      self.sector = sector
      self.placeability = placeability
    }

    enum Keys: String, CodingKey { case name, sector, placeability }
  }

  /// A component of the forecast.
  public struct ForecastComponent: Codable, Sendable {
    public var people: Int
    public var maxGroups: Int
    public var minGroups: Int
    public var members: [String]
    enum CodingKeys: String, CodingKey {
      case people
      case maxGroups = "max_groups"
      case minGroups = "min_groups"
      case members
    }
  }

  /// A participant ruled out by counting.
  public struct Unplaceable: Codable, Sendable {
    public var id: String
    public var code: String
    public var evidence: [String: EvidenceValue]
    public var message: String
  }

  public var source: String
  public var candidates: [Row]
  public var summary: BatchSummary
  public var components: [ForecastComponent]
  public var unplaceable: [Unplaceable]

  public init(
    batch: IntakeBatch, scores: IntakeScores, forecast: FeasibilityForecast,
    language: OutputLanguage = .en
  ) {
    source = URL(fileURLWithPath: batch.source).lastPathComponent
    let people = Dictionary(batch.candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    candidates = scores.candidates.map { s in
      Row(
        score: s, name: people[s.id]?.name ?? "", sector: people[s.id]?.sector ?? "",
        placeability: forecast.placeability[s.id] ?? 0)
    }
    summary = scores.summary
    components = forecast.components.map {
      ForecastComponent(
        people: $0.members.count, maxGroups: $0.maxGroups, minGroups: $0.minGroups,
        members: $0.members.map(\.rawValue))
    }
    unplaceable = forecast.unplaceable.map {
      Unplaceable(
        id: $0.id.rawValue, code: $0.code.rawValue, evidence: $0.evidence,
        message: Messages.unplaced($0, language: language))
    }
  }

  /// The scores as CSV, one row per candidate (cells that look like formulas neutralised).
  public func csv() -> String {
    let writer = CSVWriter(neutralizesFormulas: true)
    return writer.document(
      header: [
        "id", "name", "readiness", "status", "sector", "sector_share", "years_experience",
        "experience_band",
        "experience_percentile", "level", "manages", "reports_to", "placeability",
      ],
      rows: candidates.map { r in
        let s = r.score
        return [
          s.id.rawValue, r.name, s.readiness.map { String(format: "%.2f", $0) } ?? "",
          s.status.rawValue, r.sector,
          String(format: "%.3f", s.sectorShare), String(s.yearsExperience),
          s.experienceBand.rawValue,
          String(format: "%.0f", s.experiencePercentile), s.levelName ?? "",
          s.manages.map(\.rawValue).joined(separator: " "),
          s.reportsTo.map(\.rawValue).joined(separator: " "),
          String(r.placeability),
        ]
      })
  }

  /// A readable report for the terminal.
  public func text() -> String {
    var out = ""
    let header = [
      "id", "name", "readiness", "status", "sector (share)", "years (band, pct)", "level",
      "manages",
      "reports to", "placeable with",
    ]
    let rows: [[String]] = candidates.map { r in
      let s = r.score
      return [
        s.id.rawValue, String(r.name.prefix(24)),
        s.readiness.map { String(format: "%.2f", $0) } ?? "—",
        s.status.rawValue, "\(r.sector.prefix(18)) (\(Int((s.sectorShare * 100).rounded()))%)",
        "\(formatYears(s.yearsExperience)) (\(s.experienceBand.rawValue), p\(Int(s.experiencePercentile.rounded())))",
        s.levelName ?? "—", s.manages.isEmpty ? "" : "\(s.manages.count)",
        s.reportsTo.first?.rawValue ?? "", "\(r.placeability)",
      ]
    }
    out += table(header: header, rows: rows)
    out += "\n\(summary.candidates) candidates: "
    out += summary.status.map { "\($0.count) \($0.value)" }.joined(separator: ", ") + "\n"
    for (title, counts) in [
      ("Sectors", summary.sectors), ("Levels", summary.levels),
      ("Experience", summary.experienceBands),
      ("Languages", summary.languages), ("Formats", summary.formats),
    ] {
      out += "\(title): " + counts.map { "\($0.value) \($0.count)" }.joined(separator: " · ") + "\n"
    }
    out += "\nAvailability (ticks per slot):\n"
    let counts = Dictionary(summary.availability.map { ($0.slot, $0.count) }, uniquingKeysWith: +)
    let most = max(1, counts.values.max() ?? 1)
    out += "       am    pm    eve\n"
    for day in Weekday.allCases {
      let cells = Daypart.allCases.map { part -> String in
        let n = counts[Slot(day, part)] ?? 0
        let shade = n == 0 ? " " : ["░", "▒", "▓", "█"][min(3, n * 4 / (most + 1))]
        return shade + String(n) + String(repeating: " ", count: max(0, 5 - String(n).count))
      }
      out += "  \(day.token)  " + cells.joined() + "\n"
    }
    out += "\nFeasibility forecast (ready candidates):\n"
    if components.isEmpty { out += "  no group can be formed under these rules\n" }
    for (k, c) in components.enumerated() {
      out += "  component \(k + 1): \(c.people) people, \(c.minGroups)–\(c.maxGroups) groups\n"
    }
    for u in unplaceable { out += "  \(u.id): \(u.code): \(u.message)\n" }
    return out
  }

  private func formatYears(_ y: Double) -> String { NumberText.plain(y) }

  private func table(header: [String], rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows {
      for (k, cell) in row.enumerated() where k < widths.count {
        widths[k] = max(widths[k], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      // Padded by characters, as the widths were measured (and without Foundation's
      // NSString, which was a third of the time of a report of 10 000 rows).
      cells.enumerated().map { k, c in
        c + String(repeating: " ", count: max(0, widths[k] - c.count))
      }
      .joined(separator: "  ").trimmingWhitespace() + "\n"
    }
    return line(header) + line(widths.map { String(repeating: "─", count: $0) })
      + rows.map(line).joined()
  }
}

extension String {
  /// The text without `CharacterSet.whitespaces` at either end, as `trimmingCharacters(in:)`
  /// trims it, but without bridging to NSString (most of the time of a report's table).
  func trimmingWhitespace() -> String {
    // ASCII's only such characters are space and tab.
    func isWhitespace(_ s: Unicode.Scalar) -> Bool {
      s.isASCII ? s == " " || s == "\t" : CharacterSet.whitespaces.contains(s)
    }
    let scalars = unicodeScalars
    var start = scalars.startIndex
    var end = scalars.endIndex
    while start < end && isWhitespace(scalars[start]) { start = scalars.index(after: start) }
    while start < end {
      let last = scalars.index(before: end)
      if !isWhitespace(scalars[last]) { break }
      end = last
    }
    return String(scalars[start..<end])
  }
}
