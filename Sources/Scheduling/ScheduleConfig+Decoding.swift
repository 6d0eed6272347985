import Foundation
import Intake

extension ScheduleConfig {
  /// The keys of the `schedule:` section, in the order the documentation lists them.
  package static let configKeys = [
    "timezone", "start", "sessions", "cadence", "duration", "dayparts", "blackout", "quorum",
    "facilitated", "formats", "facilitators", "rooms", "after_break", "max_gap", "organizer",
    "online_link",
  ]

  /// Overrides this section with the `schedule:` mapping of a config, key by key.
  ///
  /// `dayparts` merges key by key; `blackout` and `formats` replace the preset's lists.
  /// `facilitators` and `rooms` are resolved against `baseDirectory`; null removes them.
  public mutating func apply(
    _ node: ConfigNode, baseDirectory: String, _ diagnostics: inout ConfigDiagnostics
  ) {
    var facilitatedNode: ConfigNode?
    var sessionsNode: ConfigNode?
    var maxGapNode: ConfigNode?
    for entry in node.entries(allowed: Self.configKeys, &diagnostics) {
      let value = entry.node
      switch entry.key {
      case "timezone": decodeTimezone(value, &diagnostics)
      case "start":
        if let text = value.text(&diagnostics) {
          if Self.isCalendarDate(text) {
            start = text
          } else {
            diagnostics.error(
              value, code: "config-invalid-date",
              "\"\(text)\" is not a date; allowed: a calendar date YYYY-MM-DD in the years \(CivilDay.supportedYearsText)"
            )
          }
        }
      case "sessions":
        if let count = value.integer(in: 1...52, &diagnostics) {
          sessions = count
          sessionsNode = value
        }
      case "cadence": decodeCadence(value, &diagnostics)
      case "duration":
        guard let text = value.text(&diagnostics) else { continue }
        if let seconds = parseDuration(text), seconds > 0, seconds <= 86_400 {
          duration = seconds
        } else {
          diagnostics.error(
            value, code: "config-invalid-duration",
            "\"\(text)\" is not a session length; allowed: a duration up to 24h such as 90m, 2h, 1h 30m, 1.5h"
          )
        }
      case "dayparts": decodeDayparts(value, &diagnostics)
      case "blackout": decodeBlackout(value, &diagnostics)
      case "quorum":
        if let share = value.number(
          allowed: "more than 0 and at most 1", &diagnostics, where: { $0 > 0 && $0 <= 1 })
        {
          quorum = share
        }
      case "facilitated":
        facilitatedNode = value
      case "formats": decodeFormats(value, &diagnostics)
      case "facilitators":
        if value.isNull {
          facilitators = nil
        } else if let path = value.filePath(relativeTo: baseDirectory, &diagnostics) {
          facilitators = path
        }
      case "after_break":
        if let choice = value.choice(AfterBreak.self, &diagnostics) { afterBreak = choice }
      case "max_gap":
        if value.isNull {
          maxGapWeeks = nil
        } else if let weeks = Self.weeks(value, what: "a gap", &diagnostics) {
          maxGapWeeks = weeks
          maxGapNode = value
        }
      case "organizer": decodeOrganizer(value, &diagnostics)
      case "online_link": decodeOnlineLink(value, &diagnostics)
      default:
        if value.isNull {
          rooms = nil
        } else if let path = value.filePath(relativeTo: baseDirectory, &diagnostics) {
          rooms = path
        }
      }
    }
    // The gap is checked against the final cadence, wherever it was written.
    if let maxGapNode, let weeks = maxGapWeeks, weeks < cadenceWeeks {
      diagnostics.outOfRange(
        maxGapNode, "\(weeks) weeks", allowed: "at least the cadence, \(cadenceWeeks) weeks")
    }
    // Session numbers are checked against the final `sessions`, wherever it was written.
    if let facilitatedNode {
      decodeFacilitated(facilitatedNode, &diagnostics)
    } else if let sessionsNode {
      checkFacilitated(against: sessionsNode, &diagnostics)
    }
  }

  private mutating func decodeTimezone(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics) {
    guard let text = node.text(&diagnostics) else { return }
    if TimeZone(identifier: text) != nil {
      timezone = text
      return
    }
    diagnostics.error(
      node, code: "config-invalid-timezone",
      "\"\(text)\" is not a known time zone; allowed: an IANA name such as Europe/Amsterdam",
      suggestion: ConfigNode.closest(
        to: text, among: TimeZone.knownTimeZoneIdentifiers.sorted()))
  }

  private mutating func decodeCadence(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics) {
    if let weeks = Self.weeks(node, what: "a cadence", &diagnostics) { cadenceWeeks = weeks }
  }

  /// `N weeks` (or `N`, `N week`, `N weken`) with N in 1…52.
  private static func weeks(
    _ node: ConfigNode, what: String, _ diagnostics: inout ConfigDiagnostics
  ) -> Int? {
    guard let text = node.text(&diagnostics) else { return nil }
    let words = text.lowercased().split(separator: " ", omittingEmptySubsequences: true)
    let unitOK =
      words.count == 1
      || (words.count == 2 && ["week", "weeks", "weken"].contains(words.last ?? ""))
    guard unitOK, let first = words.first, let weeks = Int(first) else {
      diagnostics.error(
        node, code: "config-invalid-value",
        "\"\(text)\" is not \(what); allowed: N weeks with N in 1…52, e.g. 2 weeks")
      return nil
    }
    guard weeks >= 1 && weeks <= 52 else {
      diagnostics.outOfRange(node, text, allowed: "1…52 weeks")
      return nil
    }
    return weeks
  }

  /// `Name <email>` or a bare email address.
  private mutating func decodeOrganizer(
    _ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics
  ) {
    if node.isNull {
      organizer = nil
      return
    }
    guard let text = node.text(&diagnostics) else { return }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let parsed = Organizer(trimmed) else {
      diagnostics.error(
        node, code: "config-invalid-value",
        "\"\(text)\" is not an organiser; allowed: an email address, or Name <email>")
      return
    }
    organizer = parsed.text
  }

  /// A URL template whose only placeholder is `{group}`.
  private mutating func decodeOnlineLink(
    _ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics
  ) {
    if node.isNull {
      onlineLink = nil
      return
    }
    guard let text = node.text(&diagnostics) else { return }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let problem = OnlineLink.problem(trimmed) {
      diagnostics.error(node, code: "config-invalid-value", problem)
      return
    }
    onlineLink = trimmed
  }

  private mutating func decodeDayparts(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics) {
    for entry in node.entries(allowed: Daypart.allCases.map(\.token), &diagnostics) {
      guard let daypart = Daypart.allCases.first(where: { $0.token == entry.key }),
        let text = entry.node.text(&diagnostics)
      else { continue }
      if let time = Self.clockTime(text) {
        dayparts[daypart] = time
      } else {
        diagnostics.error(
          entry.node, code: "config-invalid-time",
          "\"\(text)\" is not a time of day; allowed: HH:MM from 00:00 to 23:59")
      }
    }
  }

  private mutating func decodeBlackout(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics) {
    guard let items = node.items(&diagnostics) else { return }
    var ranges: [DateRange] = []
    let before = diagnostics.diagnostics.count
    for item in items {
      guard let text = item.text(&diagnostics) else { continue }
      let parts = text.components(separatedBy: "..").map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard (1...2).contains(parts.count), parts.allSatisfy(Self.isCalendarDate),
        let first = parts.first, let last = parts.last
      else {
        diagnostics.error(
          item, code: "config-invalid-date",
          "\"\(text)\" is not a date or date range; allowed: YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD in the years \(CivilDay.supportedYearsText)"
        )
        continue
      }
      guard first <= last else {
        diagnostics.error(
          item, code: "config-invalid-date",
          "\"\(text)\" ends before it starts; write the first date first")
        continue
      }
      ranges.append(DateRange(first: first, last: last))
    }
    if diagnostics.diagnostics.count == before { blackout = ranges }
  }

  private mutating func decodeFormats(_ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics) {
    guard let items = node.items(&diagnostics) else { return }
    guard !items.isEmpty else {
      diagnostics.error(
        node, code: "config-invalid-value",
        "the list of formats is empty; allowed: in-person, online, e.g. [in-person, online]")
      return
    }
    let parsed = items.compactMap { $0.choice(SessionFormat.self, &diagnostics) }
    if parsed.count == items.count { formats = parsed }
  }

  private mutating func decodeFacilitated(
    _ node: ConfigNode, _ diagnostics: inout ConfigDiagnostics
  ) {
    let allowed = "all, first N, or a list of session numbers such as [1, 4, 6]"
    if case .sequence(let items) = node.content {
      var numbers: [Int] = []
      let before = diagnostics.diagnostics.count
      for item in items {
        guard
          let number = item.integer(
            in: 1...sessions, allowed: "1…\(sessions) (schedule.sessions)", &diagnostics)
        else { continue }
        if numbers.contains(number) {
          diagnostics.error(
            item, code: "config-duplicate-value", "session \(number) is listed more than once")
          continue
        }
        numbers.append(number)
      }
      guard diagnostics.diagnostics.count == before else { return }
      guard !numbers.isEmpty else {
        diagnostics.error(
          node, code: "config-invalid-value", "the list is empty; allowed: \(allowed)")
        return
      }
      facilitated = .sessions(numbers.sorted())
      return
    }
    guard let text = node.text(&diagnostics) else { return }
    let words = text.lowercased().split(separator: " ", omittingEmptySubsequences: true)
    if words == ["all"] {
      facilitated = .all
    } else if words.count == 2, words.first == "first", let last = words.last,
      let count = Int(last)
    {
      guard count >= 1 && count <= sessions else {
        diagnostics.outOfRange(node, text, allowed: "first 1…first \(sessions) (schedule.sessions)")
        return
      }
      facilitated = .first(count)
    } else {
      diagnostics.error(
        node, code: "config-invalid-value", "\"\(text)\" is not allowed; allowed: \(allowed)")
    }
  }

  /// Reports a preset's facilitated sessions that a smaller `sessions` leaves dangling.
  private func checkFacilitated(
    against sessionsNode: ConfigNode, _ diagnostics: inout ConfigDiagnostics
  ) {
    let highest: Int
    switch facilitated {
    case .all: return
    case .first(let count): highest = count
    case .sessions(let numbers): highest = numbers.max() ?? 0
    }
    if highest > sessions {
      diagnostics.outOfRange(
        sessionsNode, String(sessions), allowed: "\(highest)…52 (schedule.facilitated)")
    }
  }

  /// Whether the text is a real calendar date `YYYY-MM-DD` in ``CivilDay/supportedYears``.
  static func isCalendarDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      CivilDay.supportedYears.contains(year), (1...12).contains(month)
    else { return false }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day >= 1 && day <= lengths[month - 1]
  }

  /// `HH:MM` (or `H:MM`) as a zero-padded `HH:MM`, or `nil` when it is not a time of day.
  static func clockTime(_ text: String) -> String? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60
    else { return nil }
    return String(format: "%02d:%02d", hour, minute)
  }

  /// The section in canonical form, for `plan.json` and `normalizedYAML()`.
  public var configValue: ConfigValue {
    let facilitatedValue: ConfigValue
    switch facilitated {
    case .all: facilitatedValue = .string("all")
    case .first(let count): facilitatedValue = .string("first \(count)")
    case .sessions(let numbers): facilitatedValue = .list(numbers.map { .int($0) })
    }
    var partTimes: [String: ConfigValue] = [:]
    for (daypart, time) in dayparts { partTimes[daypart.token] = .string(time) }
    return .map([
      "timezone": .string(timezone),
      "start": .string(start),
      "sessions": .int(sessions),
      "cadence": .int(cadenceWeeks),
      "duration": .double(duration),
      "dayparts": .map(partTimes),
      "blackout": .list(
        blackout.map { .string($0.text) }),
      "quorum": .double(quorum),
      "facilitated": facilitatedValue,
      "formats": .list(formats.map { .string($0.rawValue) }),
      "facilitators": facilitators.map { .string($0) } ?? .null,
      "rooms": rooms.map { .string($0) } ?? .null,
      "after_break": .string(afterBreak.rawValue),
      "max_gap": maxGapWeeks.map { .int($0) } ?? .null,
      "organizer": organizer.map { .string($0) } ?? .null,
      "online_link": onlineLink.map { .string($0) } ?? .null,
    ])
  }
}
