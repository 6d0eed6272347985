import Foundation
import Generator
import Grouping
import Intake
import Reports
import Scheduling

/// A checker of finished plans written for the tests, sharing no rule code with Kring (not
/// with the solvers, and not with `PlanAudit`).
///
/// It reads people, facilitators and rooms from the generator's own values rather than from
/// `plan.json`, and the rules' parameters from the loaded config; every rule is re-derived
/// here from DESIGN.md.
struct PlanChecker {
  let candidates: [String: Candidate]
  let facilitators: [String: GeneratedFacilitator]
  let rooms: [String: GeneratedRoom]
  let groupsConfig: GroupsConfig
  let schedule: ScheduleConfig
  let levels: [String]

  init(batch: GeneratedBatch, config: KringConfigSnapshot) {
    candidates = Dictionary(
      batch.candidates.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
    facilitators = Dictionary(
      batch.facilitators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    rooms = Dictionary(batch.rooms.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    groupsConfig = config.groups
    schedule = config.schedule
    levels = config.levels
  }

  /// Every broken rule of `plan`, one line each; empty when the plan keeps them all.
  func violations(_ plan: PlanDocument) -> [String] {
    groupViolations(plan) + scheduleViolations(plan)
  }

  // MARK: Grouping rules

  func groupViolations(_ plan: PlanDocument) -> [String] {
    var problems: [String] = []
    var groupOf: [String: String] = [:]
    for group in plan.groups {
      func broken(_ text: String) { problems.append("\(group.id): \(text)") }
      let members = group.members.compactMap { candidates[$0] }
      if members.count != group.members.count { broken("a member is not in the intake") }
      for id in group.members {
        if let other = groupOf[id] { broken("\(id) is also in \(other)") }
        groupOf[id] = group.id
      }
      let size = members.count
      if size < groupsConfig.size.min || size > groupsConfig.size.max {
        broken("size \(size) outside \(groupsConfig.size.min)…\(groupsConfig.size.max)")
      }
      // A group is held in a language everyone in it speaks (first or other).
      if groupsConfig.match.contains("language"), let first = members.first,
        members.reduce(
          Set(first.languages.map(Self.fold)),
          {
            $0.intersection($1.languages.map(Self.fold))
          }
        ).isEmpty
      {
        broken("no shared language among \(Set(members.flatMap(\.languages)).sorted())")
      }
      if groupsConfig.match.contains("format") {
        let strict = Set(members.map(\.format).filter { $0 != .either })
        if strict.count > 1 { broken("online and in-person members together") }
      }
      for (attribute, limit) in groupsConfig.separate {
        var counts: [String: Int] = [:]
        for m in members {
          guard let value = Self.value(of: attribute, for: m) else { continue }
          counts[value, default: 0] += 1
        }
        for (value, count) in counts where count > limit {
          broken("\(count) members share \(attribute) \(value), at most \(limit)")
        }
      }
      if let gap = groupsConfig.hierarchy.maxLevelGap {
        let ranks = members.compactMap { m in m.levelName.flatMap { levels.firstIndex(of: $0) } }
        if let low = ranks.min(), let high = ranks.max(), high - low > gap {
          broken("level gap \(high - low) above \(gap)")
        }
      }
      let ids = Set(group.members)
      if groupsConfig.hierarchy.separateReportingLines {
        for m in members {
          for boss in managementChain(of: m) where ids.contains(boss) {
            broken("\(m.id) reports (directly or not) to \(boss)")
          }
        }
      }
      for m in members {
        for other in m.avoid where ids.contains(other.rawValue) {
          broken("\(m.id) avoids \(other)")
        }
      }
      for set in groupsConfig.keepApart {
        let present = set.filter { ids.contains($0.rawValue) }
        if present.count > 1 { broken("keep_apart \(present) together") }
      }
      var shared = SlotSet(mask: 0x1F_FFFF)
      for m in members { shared = shared.intersection(m.availability) }
      if shared.count < groupsConfig.minCommonSlots {
        broken("\(shared.count) shared slots, need \(groupsConfig.minCommonSlots)")
      }
      for token in group.slots {
        guard let slot = Slot(token: token), shared.contains(slot) else {
          broken("slot \(token) is not shared by every member")
          continue
        }
      }
    }
    for set in groupsConfig.keepTogether {
      let placedIn = Set(set.compactMap { groupOf[$0.rawValue] })
      if placedIn.count > 1 { problems.append("keep_together \(set) split over \(placedIn)") }
    }
    // Everyone is either in one group or listed as unplaced, never both.
    let unplaced = Set(plan.unplaced.map(\.id))
    for id in candidates.keys.sorted() {
      let inGroup = groupOf[id] != nil
      if inGroup == unplaced.contains(id) {
        problems.append(
          "\(id) is \(inGroup ? "both placed and unplaced" : "neither placed nor unplaced")")
      }
    }
    return problems
  }

  /// The ids above `candidate` in its reporting line, following `manager_id` through the file.
  func managementChain(of candidate: Candidate) -> [String] {
    var chain: [String] = []
    var next = candidate.managerID?.rawValue
    while let id = next, !chain.contains(id), id != candidate.id.rawValue {
      chain.append(id)
      next = candidates[id]?.managerID?.rawValue
    }
    return chain
  }

  static func value(of attribute: String, for c: Candidate) -> String? {
    let raw: String? =
      switch attribute {
      case "organization": c.organization
      case "department": c.department.map { "\(fold(c.organization ?? ""))|\(fold($0))" }
      case "sector": c.sector
      case "region": c.region
      case "profession": c.profession
      default: c.attributes[attribute]
      }
    guard let value = raw.map(fold), !value.isEmpty else { return nil }
    return value
  }

  // MARK: Scheduling rules

  func scheduleViolations(_ plan: PlanDocument) -> [String] {
    var problems: [String] = []
    let groups = Dictionary(plan.groups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    // Every group is scheduled or reported unscheduled, exactly once (a group that lost its
    // schedule keeps an entry for its held sessions and cancellations).
    let scheduledIDs = plan.schedule.filter { $0.sessions.contains { !$0.held } }.map(\.group)
    let unscheduledIDs = plan.unscheduled.map(\.group)
    for group in plan.groups {
      let count =
        scheduledIDs.filter { $0 == group.id }.count
        + unscheduledIDs.filter { $0 == group.id }.count
      if count != 1 { problems.append("\(group.id) is scheduled or unscheduled \(count) times") }
    }
    guard let startDay = CivilDate.day(schedule.start) else {
      return problems + ["the schedule's start \(schedule.start) is not a date"]
    }
    var facilitatorBookings: [String: [(Int, Int, String)]] = [:]
    var roomBookings: [String: [(Int, Int, String)]] = [:]
    var leads: [String: Int] = [:]
    var perWeek: [String: Int] = [:]
    for entry in plan.schedule where !entry.sessions.isEmpty {
      func broken(_ text: String) { problems.append("\(entry.group): \(text)") }
      guard let group = groups[entry.group] else {
        broken("scheduled but not formed")
        continue
      }
      guard let slot = Slot(token: entry.slot) else {
        broken("slot \(entry.slot) unknown")
        continue
      }
      let members = group.members.compactMap { candidates[$0] }
      let free = Set(members.filter { $0.availability.contains(slot) }.map(\.id.rawValue))
      if Double(free.count) < schedule.quorum * Double(members.count) - 1e-9 {
        broken("\(free.count) of \(members.count) free at \(slot.token), quorum \(schedule.quorum)")
      }
      let phaseLimit = schedule.cadenceWeeks >= 2 ? 1 : 0
      if entry.phase < 0 || entry.phase > phaseLimit { broken("phase \(entry.phase)") }
      if let id = entry.facilitator {
        if facilitators[id] == nil { broken("main facilitator \(id) does not exist") }
        if entry.sessions.contains(where: { !$0.held }) { leads[id, default: 0] += 1 }
      }
      let hasRoom = entry.room != nil
      if let id = entry.room, rooms[id] == nil { broken("main room \(id) does not exist") }

      // The series: numbered 1…N, dated in order, on the slot's weekday, off blackouts, a
      // week apart at least and never further apart than max_gap outside blackout weeks.
      if entry.sessions.map(\.number) != Array(1...max(1, schedule.sessions)) {
        broken("session numbers \(entry.sessions.map(\.number))")
      }
      var previous: Int?
      for session in entry.sessions {
        func wrong(_ text: String) { broken("session \(session.number): \(text)") }
        guard let start = LocalStamp(session.start), let end = LocalStamp(session.end) else {
          wrong("times \(session.start)–\(session.end) do not parse")
          continue
        }
        if start.day < startDay { wrong("before the start \(schedule.start)") }
        if blackedOut(start.day) { wrong("on blackout date \(CivilDate.iso(start.day))") }
        if let previous {
          if start.day - previous < 7 { wrong("less than a week after the session before") }
          let weeks = (start.day - previous + 6) / 7
          var blocked = 0
          var probe = start.day - 7
          while probe > previous {
            if blackedOut(probe) { blocked += 1 }
            probe -= 7
          }
          let maxGap = schedule.maxGapWeeks ?? schedule.cadenceWeeks + 2
          if weeks - blocked > maxGap {
            wrong("\(weeks) weeks after the one before (\(blocked) blacked out), max_gap \(maxGap)")
          }
        }
        previous = start.day
        if session.held { continue }
        if CivilDate.weekday(start.day) != slot.weekday.rawValue {
          wrong("on \(CivilDate.iso(start.day)), not a \(slot.weekday)")
        }
        if start.timeText != schedule.dayparts[slot.daypart] {
          wrong(
            "starts \(start.timeText), the \(slot.daypart) daypart is \(schedule.dayparts[slot.daypart] ?? "?")"
          )
        }
        if Double(end.instant - start.instant) != schedule.duration {
          wrong("lasts \(end.instant - start.instant) s, not \(schedule.duration)")
        }
        if let zone = TimeZone(identifier: schedule.timezone) {
          let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(start.instant)))
          if offset != start.offset { wrong("offset \(start.offset) s, the zone says \(offset)") }
        }
        if session.facilitated != isFacilitated(session.number) {
          wrong("facilitated is \(session.facilitated)")
        }
        if let format = expectedFormat(group: group.format, hasRoom: hasRoom, session.number),
          session.format != format, !(group.format == "either" && session.format == "online")
        {
          wrong("format \(session.format), expected \(format)")
        }
        if Set(session.available) != free { wrong("available \(session.available)") }

        // Who guides it: the group's facilitator or a stand-in, each checked on their own.
        if session.facilitated {
          if let id = session.facilitator {
            guard let f = facilitators[id] else {
              wrong("facilitator \(id) does not exist")
              continue
            }
            for m in members where !f.languages.contains(m.language) {
              wrong("facilitator \(id) does not speak \(m.language)")
            }
            if !f.availability.contains(slot) { wrong("facilitator \(id) is not free at \(slot)") }
            if let org = f.organization.map(Self.fold),
              members.contains(where: { $0.organization.map(Self.fold) == org })
            {
              wrong("facilitator \(id) comes from a member's organisation")
            }
            if f.unavailable.contains(where: { Self.range($0, holds: start.day) }) {
              wrong("facilitator \(id) is unavailable on \(CivilDate.iso(start.day))")
            }
            perWeek["\(id) \(start.day - CivilDate.weekday(start.day))", default: 0] += 1
            facilitatorBookings[id, default: []].append((start.instant, end.instant, entry.group))
          } else if schedule.facilitators != nil {
            wrong("facilitated without a facilitator")
          }
        } else if session.facilitator != nil {
          wrong("a facilitator for a session nobody guides")
        }
        // Where it meets.
        if session.format == "in-person" {
          if let id = session.room {
            guard let r = rooms[id] else {
              wrong("room \(id) does not exist")
              continue
            }
            let seats = members.count + (session.facilitator == nil ? 0 : 1)
            if r.capacity < seats { wrong("room \(id) seats \(r.capacity), needs \(seats)") }
            if !r.availability.contains(slot) { wrong("room \(id) is not free at \(slot)") }
            if members.contains(where: \.needsAccessible) && !r.accessible {
              wrong("room \(id) is not accessible")
            }
            roomBookings[id, default: []].append((start.instant, end.instant, entry.group))
          } else if schedule.rooms != nil {
            wrong("in person without a room")
          }
        } else if session.room != nil {
          wrong("online with a room")
        }
      }
    }
    for (id, count) in leads.sorted(by: { $0.key < $1.key }) {
      if let f = facilitators[id], count > f.maxGroups {
        problems.append("facilitator \(id) leads \(count) groups, max_groups \(f.maxGroups)")
      }
    }
    // Each group meets at most once a week, so max_groups also bounds a week's sessions.
    for (key, count) in perWeek.sorted(by: { $0.key < $1.key }) {
      let id = String(key.split(separator: " ")[0])
      if let f = facilitators[id], count > f.maxGroups {
        problems.append(
          "facilitator \(key): \(count) sessions in one week, max_groups \(f.maxGroups)")
      }
    }
    for (kind, bookings) in [("facilitator", facilitatorBookings), ("room", roomBookings)] {
      for (id, list) in bookings.sorted(by: { $0.key < $1.key }) {
        let sorted = list.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.0 < a.1 {
          problems.append("\(kind) \(id) double booked: \(a.2) and \(b.2) at \(b.0)")
        }
      }
    }
    return problems
  }

  func blackedOut(_ day: Int) -> Bool {
    schedule.blackout.contains { range in
      guard let first = CivilDate.day(range.first), let last = CivilDate.day(range.last) else {
        return false
      }
      return first <= day && day <= last
    }
  }

  func isFacilitated(_ number: Int) -> Bool {
    switch schedule.facilitated {
    case .all: true
    case .first(let n): number <= n
    case .sessions(let list): list.contains(number)
    }
  }

  /// Online groups always meet online; in-person groups, and `either` groups that have a
  /// room, follow the rotation of `formats`; `nil` when a format is unknown.
  func expectedFormat(group format: String, hasRoom: Bool, _ number: Int) -> String? {
    let rotation = schedule.formats.map(\.rawValue)
    switch format {
    case "online": return "online"
    case "in-person", "either":
      guard hasRoom || format == "in-person" else { return "online" }
      return rotation.isEmpty ? nil : rotation[(number - 1) % rotation.count]
    default: return nil
    }
  }

  /// `2027-03-01` or `2027-03-01..2027-03-05`, inclusive.
  static func range(_ text: String, holds day: Int) -> Bool {
    let parts = text.components(separatedBy: "..")
    guard let first = parts.first.flatMap(CivilDate.day),
      let last = parts.last.flatMap(CivilDate.day)
    else { return false }
    return first <= day && day <= last
  }

  /// How the checker compares values, written here and not taken from Kring: Unicode NFC,
  /// lower case, runs of white space as one space, trimmed.
  static func fold(_ text: String) -> String {
    text.precomposedStringWithCanonicalMapping.lowercased()
      .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }
}

/// The parts of a loaded config the checker needs.
struct KringConfigSnapshot {
  var groups: GroupsConfig
  var schedule: ScheduleConfig
  var levels: [String]
}

/// Proleptic Gregorian days since 1970-01-01, computed here rather than with Foundation's
/// calendars, so that date arithmetic in the checker is independent of Kring's.
enum CivilDate {
  /// Day number of an ISO date `YYYY-MM-DD`.
  static func day(_ text: String) -> Int? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
      (1...12).contains(m), (1...31).contains(d)
    else { return nil }
    return days(year: y, month: m, day: d)
  }

  /// Days from 1970-01-01: whole years from a March-based year, then months, then days.
  static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let monthFromMarch = (month + 9) % 12
    let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  static func iso(_ day: Int) -> String {
    let z = day + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthFromMarch = (5 * dayOfYear + 2) / 153
    let d = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
    let m = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
    let y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0)
    func pad(_ v: Int, _ width: Int) -> String {
      String(repeating: "0", count: max(0, width - String(v).count)) + String(v)
    }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  /// Monday 0 … Sunday 6; 1970-01-01 was a Thursday.
  static func weekday(_ day: Int) -> Int { ((day % 7) + 7 + 3) % 7 }
}

/// A local time with its UTC offset, `2027-01-12T14:00:00+01:00`.
struct LocalStamp {
  var day: Int
  var secondOfDay: Int
  var offset: Int

  init?(_ text: String) {
    let characters = Array(text)
    guard characters.count == 25, characters[10] == "T",
      let day = CivilDate.day(String(characters[0..<10])),
      let h = Int(String(characters[11..<13])), let m = Int(String(characters[14..<16])),
      let s = Int(String(characters[17..<19])),
      characters[19] == "+" || characters[19] == "-",
      let oh = Int(String(characters[20..<22])), let om = Int(String(characters[23..<25]))
    else { return nil }
    self.day = day
    secondOfDay = h * 3600 + m * 60 + s
    offset = (characters[19] == "-" ? -1 : 1) * (oh * 3600 + om * 60)
  }

  /// Seconds since 1970-01-01T00:00:00Z.
  var instant: Int { day * 86_400 + secondOfDay - offset }

  /// `HH:MM`.
  var timeText: String {
    let h = secondOfDay / 3600
    let m = secondOfDay / 60 % 60
    return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
  }
}
