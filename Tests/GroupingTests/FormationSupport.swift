import Foundation
import Grouping
import Intake

/// Random batches for tests, with small attribute domains so that every rule bites.
struct RandomBatch {
  static func make(
    seed: UInt64, people: Int, organizations: Int = 6, levels: Int = 2, slots: Int = 4
  )
    -> [Candidate]
  {
    var r = SeededRandom(seed: seed)
    let sectors = ["Zorg", "Onderwijs", "ICT", "Overheid"]
    var result: [Candidate] = []
    for k in 0..<people {
      var mask: UInt32 = 0
      for s in 0..<slots where r.below(2) == 0 { mask |= 1 << UInt32(s * 3 % 21) }
      if mask == 0 { mask = 1 << UInt32(r.below(slots) * 3 % 21) }
      let formats: [MeetingFormat] = [.online, .inPerson, .either, .either]
      var c = Candidate(
        id: CandidateID("c\(k + 1)"), name: "Person \(k + 1)",
        organization: r.below(4) == 0 ? nil : "Org\(r.below(organizations))",
        sector: sectors[r.below(sectors.count)], level: r.below(levels),
        levelName: "L\(r.below(levels))",
        yearsExperience: Double(r.below(30)), language: r.below(6) == 0 ? "en" : "nl",
        format: formats[r.below(formats.count)], availability: SlotSet(mask: mask), line: k + 2)
      c.levelName = "L\(c.level ?? 0)"
      // Some speak both, typed as people type them: "nl", "EN ", "Nl".
      if r.below(4) == 0 { c.otherLanguages = [c.language == "en" ? " NL" : "En "] }
      if k > 3 && r.below(5) == 0 { c.managerID = CandidateID("c\(1 + r.below(k))") }
      if k > 3 && r.below(12) == 0 { c.avoid = [CandidateID("c\(1 + r.below(k))")] }
      result.append(c)
    }
    return result
  }
}

/// How the tests compare values, written here and not taken from Kring: Unicode NFC, lower
/// case, runs of white space as one space, trimmed, invisible format characters dropped.
enum TestKey {
  static func norm(_ text: String?) -> String? {
    guard let text else { return nil }
    let visible = String(
      String.UnicodeScalarView(
        text.unicodeScalars.filter { $0.properties.generalCategory != .format }))
    let words = visible.precomposedStringWithCanonicalMapping.lowercased()
      .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    return words.isEmpty ? nil : words
  }

  /// Every language a candidate can join a group in, as compared.
  static func languages(of c: Candidate) -> Set<String> {
    Set(([c.language] + c.otherLanguages).compactMap(norm))
  }

  /// A candidate's value of an attribute as compared: a department with its organisation.
  static func value(_ attribute: String, of c: Candidate) -> String? {
    switch attribute {
    case "organization": norm(c.organization)
    case "department": norm(c.department).map { "\(norm(c.organization) ?? "")|\($0)" }
    case "sector": norm(c.sector)
    case "language": norm(c.language)
    case "region": norm(c.region)
    case "profession": norm(c.profession)
    case "level": c.level.map(String.init)
    case "format": c.format.rawValue
    default: norm(c.attributes[attribute])
    }
  }
}

/// An independent check of every hard rule, written from DESIGN.md and not from the engine.
struct RuleChecker {
  let candidates: [Candidate]
  let config: GroupsConfig
  let participants: Set<CandidateID>
  var byID: [CandidateID: Candidate] {
    Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
  }

  /// Everyone above `id` in their reporting line, as the test's own keys.
  func chain(of id: CandidateID) -> Set<String> {
    let key = { (id: CandidateID) in TestKey.norm(id.rawValue) ?? "" }
    let byKey = Dictionary(candidates.map { (key($0.id), $0) }, uniquingKeysWith: { a, _ in a })
    var seen: Set<String> = []
    var current = byKey[key(id)]?.managerID.map(key)
    while let m = current, !seen.contains(m), m != key(id) {
      seen.insert(m)
      current = byKey[m]?.managerID.map(key)
    }
    return seen
  }

  /// Every broken rule in `groups`, as readable strings (empty when all hold).
  func violations(_ groups: [[CandidateID]]) -> [String] {
    var problems: [String] = []
    var seen: Set<CandidateID> = []
    let people = byID
    for g in groups {
      let members = g.compactMap { people[$0] }
      if members.count != g.count { problems.append("unknown member in \(g)") }
      if g.count < config.size.min || g.count > config.size.max {
        problems.append("size \(g.count) of \(g)")
      }
      for id in g {
        if seen.contains(id) { problems.append("\(id) twice") }
        seen.insert(id)
        if !participants.contains(id) { problems.append("\(id) does not take part") }
      }
      if config.match.contains("language"), let first = members.first {
        // A group is held in a language everyone in it speaks.
        let shared = members.reduce(TestKey.languages(of: first)) {
          $0.intersection(TestKey.languages(of: $1))
        }
        if shared.isEmpty { problems.append("no shared language in \(g)") }
      }
      for attribute in config.match where attribute != "format" && attribute != "language" {
        if Set(members.map { TestKey.value(attribute, of: $0) ?? "" }).count > 1 {
          problems.append("\(attribute) mixed in \(g)")
        }
      }
      if config.match.contains("format") {
        let formats = Set(members.map(\.format))
        if formats.contains(.online) && formats.contains(.inPerson) {
          problems.append("formats mixed in \(g)")
        }
      }
      for (attribute, limit) in config.separate {
        var tally: [String: Int] = [:]
        for m in members {
          if let v = TestKey.value(attribute, of: m) { tally[v, default: 0] += 1 }
        }
        if let worst = tally.values.max(), worst > limit {
          problems.append("\(attribute) \(worst) > \(limit) in \(g)")
        }
      }
      if let gap = config.hierarchy.maxLevelGap {
        let levels = members.compactMap(\.level)
        if let hi = levels.max(), let lo = levels.min(), hi - lo > gap {
          problems.append("level gap in \(g)")
        }
      }
      let keys = Set(g.map { TestKey.norm($0.rawValue) ?? "" })
      if config.hierarchy.separateReportingLines {
        for id in g where !chain(of: id).isDisjoint(with: keys) {
          problems.append("\(id) with a manager in \(g)")
        }
      }
      for m in members
      where !Set(m.avoid.map { TestKey.norm($0.rawValue) ?? "" }).isDisjoint(with: keys) {
        problems.append("\(m.id) avoids someone in \(g)")
      }
      for list in config.keepApart
      where Set(list.map { TestKey.norm($0.rawValue) ?? "" }).intersection(keys).count > 1 {
        problems.append("keep_apart \(list)")
      }
      var mask: UInt32 = 0x1F_FFFF
      for m in members { mask &= m.availability.mask }
      if mask.nonzeroBitCount < config.minCommonSlots { problems.append("no common slot in \(g)") }
    }
    for list in config.keepTogether {
      let placed = list.filter { seen.contains($0) }
      if !placed.isEmpty {
        let holder = groups.first { $0.contains(placed[0]) } ?? []
        if !placed.allSatisfy({ holder.contains($0) }) {
          problems.append("keep_together \(list) split")
        }
      }
    }
    return problems
  }

  /// The objective recomputed from DESIGN.md's formula.
  func objective(_ groups: [[CandidateID]]) -> Double {
    let people = byID
    var total = 0.0
    for g in groups {
      let members = g.compactMap { people[$0] }
      var sum = 0.0
      for i in members.indices {
        for j in members.indices where j > i {
          for term in config.diversify {
            if term.attribute == "years_experience" {
              sum +=
                term.weight * min(abs(members[i].yearsExperience - members[j].yearsExperience), 15)
                / 15
            } else if TestKey.value(term.attribute, of: members[i])
              != TestKey.value(term.attribute, of: members[j])
            {
              sum += term.weight
            }
          }
        }
      }
      total += (members.count > 1 ? sum / Double(members.count - 1) : 0)
      total -= config.sizePenalty * Double(abs(members.count - config.size.target))
    }
    return total
  }
}
