import Intake

/// One row of a generated facilitators file.
public struct GeneratedFacilitator: Hashable, Sendable {
  public var id: String
  public var name: String
  public var email: String
  /// Lower-case language codes, `nl` first.
  public var languages: [String]
  /// `nil` for a facilitator without an organisation.
  public var organization: String?
  public var availability: SlotSet
  /// The most groups this facilitator takes on.
  public var maxGroups: Int
  /// ISO dates on which the facilitator cannot lead a session, ascending.
  public var unavailable: [String]

  public init(
    id: String, name: String, email: String, languages: [String], organization: String?,
    availability: SlotSet, maxGroups: Int, unavailable: [String]
  ) {
    self.id = id
    self.name = name
    self.email = email
    self.languages = languages
    self.organization = organization
    self.availability = availability
    self.maxGroups = maxGroups
    self.unavailable = unavailable
  }
}

/// One row of a generated rooms file.
public struct GeneratedRoom: Hashable, Sendable {
  public var id: String
  public var name: String
  /// Seats, the facilitator's included.
  public var capacity: Int
  public var accessible: Bool
  public var availability: SlotSet
  public var location: String

  public init(
    id: String, name: String, capacity: Int, accessible: Bool, availability: SlotSet,
    location: String
  ) {
    self.id = id
    self.name = name
    self.capacity = capacity
    self.accessible = accessible
    self.availability = availability
    self.location = location
  }
}

/// One group of a planted batch's hidden solution.
public struct PlantedGroup: Hashable, Sendable, Codable {
  public var id: String
  public var members: [CandidateID]
  public var language: String
  /// `online`, `in-person` or `either`: the format every member is compatible with.
  public var format: String
  public var level: String
  /// The weekly slot every member shares.
  public var slot: Slot
  /// D(g) = Σ_{i<j} d_ij / (|g| − 1).
  public var diversity: Double
  /// The facilitator of the hidden schedule, when facilitators were generated.
  public var facilitator: String?
  /// The room of the hidden schedule, when rooms were generated and the group meets in person.
  public var room: String?
}

/// A planted batch's hidden solution, its known objective and its resource figures.
public struct PlantedSolution: Hashable, Sendable {
  public var rules: PlantedRules
  public var groups: [PlantedGroup]
  /// Σ_g D(g).
  public var diversity: Double
  /// Σ_g |size_g − target|.
  public var sizeDeviation: Int
  /// Σ_g D(g) − size_penalty · Σ_g |size_g − target|.
  public var objective: Double
  /// Σ max_groups over the generated facilitators, when there are any.
  public var facilitatorCapacity: Int?
}

/// A generated batch: candidates, and optionally facilitators, rooms and a planted solution.
public struct GeneratedBatch: Sendable {
  public var options: GeneratorOptions
  /// Candidates in file order, ids `c1` … `cN`.
  public var candidates: [Candidate]
  public var facilitators: [GeneratedFacilitator]
  public var rooms: [GeneratedRoom]
  /// The hidden solution of a `planted` batch; `nil` for the other profiles.
  public var planted: PlantedSolution?

  /// The intake file's header, English canonical names in the documented order.
  public static let intakeHeader = [
    "id", "name", "email", "organization", "department", "sector", "profession", "level",
    "manager_id", "years_experience", "language", "format", "region", "availability",
    "needs_accessible", "motivation", "commitment", "openness", "avoid", "learning_goal",
    "intake_date",
  ]
  /// The facilitators file's header.
  public static let facilitatorsHeader = [
    "id", "name", "email", "languages", "organization", "availability", "max_groups",
    "unavailable",
  ]
  /// The rooms file's header.
  public static let roomsHeader = [
    "id", "name", "capacity", "accessible", "availability", "location",
  ]

  // Generated files use LF endings and no formula neutralisation: they are inputs for Kring,
  // and a `-` at the start of a cell is never produced.
  private static let writer = CSVWriter(lineEnding: .lf)

  /// The intake file as CSV text.
  public func intakeCSV() -> String {
    var output = ""
    output.reserveCapacity(candidates.count * 260)
    Self.writer.append(Self.intakeHeader, to: &output)
    for c in candidates {
      Self.writer.append(
        [
          c.id.rawValue, c.name, c.email ?? "", c.organization ?? "", c.department ?? "",
          c.sector, c.profession ?? "", c.levelName ?? "", c.managerID?.rawValue ?? "",
          formatNumber(c.yearsExperience), c.language, c.format.rawValue, c.region ?? "",
          slotTokens(c.availability), c.needsAccessible ? "yes" : "no",
          c.ratings.motivation.map(formatNumber) ?? "",
          c.ratings.commitment.map(formatNumber) ?? "",
          c.ratings.openness.map(formatNumber) ?? "",
          c.avoid.map(\.rawValue).joined(separator: " "),
          c.learningGoal ?? "", c.intakeDate ?? "",
        ], to: &output)
    }
    return output
  }

  /// The facilitators file as CSV text.
  public func facilitatorsCSV() -> String {
    var output = ""
    Self.writer.append(Self.facilitatorsHeader, to: &output)
    for f in facilitators {
      Self.writer.append(
        [
          f.id, f.name, f.email, f.languages.joined(separator: " "), f.organization ?? "",
          slotTokens(f.availability), String(f.maxGroups), f.unavailable.joined(separator: " "),
        ], to: &output)
    }
    return output
  }

  /// The rooms file as CSV text.
  public func roomsCSV() -> String {
    var output = ""
    Self.writer.append(Self.roomsHeader, to: &output)
    for r in rooms {
      Self.writer.append(
        [
          r.id, r.name, String(r.capacity), r.accessible ? "yes" : "no", slotTokens(r.availability),
          r.location,
        ], to: &output)
    }
    return output
  }

  /// A `kring.yaml` that uses the programme's preset and the generated resource files.
  public func configYAML() -> String {
    var lines = [
      "# Generated by: kring generate --profile \(options.profile.rawValue) "
        + "--candidates \(options.candidates) --seed \(options.seed) "
        + "--program \(options.program.rawValue)",
      "program: \(options.program.rawValue)",
      "groups:",
      "  seed: \(options.seed)",
      "schedule:",
      "  timezone: Europe/Amsterdam",
      "  start: \(GeneratorCalendar.scheduleStart)",
    ]
    if options.facilitators != nil { lines.append("  facilitators: facilitators.csv") }
    if options.rooms != nil { lines.append("  rooms: rooms.csv") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The planted solution as JSON with sorted keys, or `nil` for other profiles.
  public func plantedJSON() -> String? {
    guard let planted else { return nil }
    var json = JSONText()
    json.object { o in
      o.field("candidates") { $0.int(candidates.count) }
      o.field("diversity") { $0.number(planted.diversity) }
      if let capacity = planted.facilitatorCapacity {
        o.field("facilitator_capacity") { c in
          c.object { f in
            f.field("groups") { $0.int(planted.groups.count) }
            f.field("max_groups_total") { $0.int(capacity) }
            f.field("ratio") { $0.number(Double(planted.groups.count) / Double(max(capacity, 1))) }
          }
        }
      }
      o.field("groups") { g in
        g.array(planted.groups) { item, group in
          item.object { f in
            if let facilitator = group.facilitator {
              f.field("facilitator") { $0.string(facilitator) }
            }
            f.field("diversity") { $0.number(group.diversity) }
            f.field("format") { $0.string(group.format) }
            f.field("id") { $0.string(group.id) }
            f.field("language") { $0.string(group.language) }
            f.field("level") { $0.string(group.level) }
            f.field("members") { m in m.array(group.members) { $0.string($1.rawValue) } }
            if let room = group.room { f.field("room") { $0.string(room) } }
            f.field("size") { $0.int(group.members.count) }
            f.field("slot") { $0.string(group.slot.token) }
          }
        }
      }
      o.field("objective") { $0.number(planted.objective) }
      o.field("profile") { $0.string(options.profile.rawValue) }
      o.field("program") { $0.string(options.program.rawValue) }
      o.field("rules") { r in
        r.object { f in
          f.field("diversify") { d in
            d.object { w in
              w.field("sector") { $0.number(planted.rules.sectorWeight) }
              w.field("years_experience") { $0.number(planted.rules.yearsWeight) }
            }
          }
          f.field("size") { s in
            s.object { w in
              w.field("max") { $0.int(planted.rules.sizeMax) }
              w.field("min") { $0.int(planted.rules.sizeMin) }
              w.field("target") { $0.int(planted.rules.sizeTarget) }
            }
          }
          f.field("size_penalty") { $0.number(planted.rules.sizePenalty) }
        }
      }
      o.field("seed") { $0.unsigned(options.seed) }
      o.field("size_deviation") { $0.int(planted.sizeDeviation) }
    }
    return json.text + "\n"
  }
}

/// Space-separated slot tokens in weekday order, as the intake accepts them.
func slotTokens(_ slots: SlotSet) -> String {
  slots.slots.map(\.token).joined(separator: " ")
}

/// Whole numbers without a decimal point, others with the shortest exact representation.
func formatNumber(_ value: Double) -> String { NumberText.plain(value) }

/// A tiny JSON writer with two-space indentation; the caller writes keys in sorted order.
struct JSONText {
  private(set) var text = ""
  private var indent = 0

  mutating func object(_ body: (inout ObjectWriter) -> Void) {
    var writer = ObjectWriter(json: self)
    writer.json.text += "{"
    writer.json.indent += 1
    body(&writer)
    writer.json.indent -= 1
    if writer.count > 0 { writer.json.newline() }
    writer.json.text += "}"
    self = writer.json
  }

  mutating func array<T>(_ items: [T], _ element: (inout JSONText, T) -> Void) {
    text += "["
    indent += 1
    for (index, item) in items.enumerated() {
      if index > 0 { text += "," }
      newline()
      element(&self, item)
    }
    indent -= 1
    if !items.isEmpty { newline() }
    text += "]"
  }

  mutating func string(_ value: String) {
    text += "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": text += "\\\""
      case "\\": text += "\\\\"
      case "\n": text += "\\n"
      case "\r": text += "\\r"
      case "\t": text += "\\t"
      case let s where s.value < 0x20:
        let hex = String(s.value, radix: 16)
        text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: text.unicodeScalars.append(scalar)
      }
    }
    text += "\""
  }

  mutating func int(_ value: Int) { text += String(value) }

  mutating func unsigned(_ value: UInt64) { text += String(value) }

  /// A finite number, rounded to 9 decimals so that the file does not show binary noise.
  mutating func number(_ value: Double) {
    let rounded = (value * 1e9).rounded() / 1e9
    guard rounded.isFinite else {
      text += "null"
      return
    }
    text += formatNumber(rounded)
  }

  fileprivate mutating func newline() {
    text += "\n" + String(repeating: "  ", count: indent)
  }

  struct ObjectWriter {
    fileprivate var json: JSONText
    fileprivate var count = 0

    mutating func field(_ key: String, _ value: (inout JSONText) -> Void) {
      if count > 0 { json.text += "," }
      count += 1
      json.newline()
      json.string(key)
      json.text += ": "
      value(&json)
    }
  }
}
