import Foundation
import Grouping
import Intake
import Reports

/// `kring explain` and `kring diff`: read plans and say why they look as they do.
public enum PlanInspection {
  /// Reads a `plan.json` written by Kring.
  public static func load(_ path: String) throws(Diagnostic) -> PlanDocument {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Diagnostic(file: path, code: "plan-unreadable", message: "cannot read this plan")
    }
    do {
      return try JSONDecoder().decode(PlanDocument.self, from: data)
    } catch {
      throw Diagnostic(
        file: path, code: "plan-invalid", message: "not a plan.json written by Kring")
    }
  }

  /// One pair of members and what they add to the group's diversity.
  public struct PairScore: Codable, Sendable, Hashable {
    public var a: String
    public var b: String
    public var diversity: Double
  }

  /// A group's diversity broken down: its scores, every pair, and each member's share.
  public struct GroupExplanation: Codable, Sendable, Hashable {
    public var id: String
    public var members: [String]
    public var diversity: Double
    public var distinctSectors: Int
    public var experienceRange: [Double]
    @Nullable public var levelGap: Int?
    /// Every pair, most diverse first.
    public var pairs: [PairScore]
    /// Each member's mean diversity to the others (the group's D is half their sum).
    public var contributions: [String: Double]

    enum CodingKeys: String, CodingKey {
      case id, members, diversity
      case distinctSectors = "distinct_sectors"
      case experienceRange = "experience_range"
      case levelGap = "level_gap"
      case pairs, contributions
    }

    /// A readable summary for the terminal.
    public func text() -> String {
      var out = "\(id): \(members.count) members, diversity \(round3(diversity)), "
      out +=
        "\(distinctSectors) sectors, experience \(round3(experienceRange[0]))–\(round3(experienceRange[1])) years"
      out += levelGap.map { ", level gap \($0)" } ?? ""
      out += "\nMost diverse pairs:\n"
      for p in pairs.prefix(3) { out += "  \(p.a) – \(p.b): \(round3(p.diversity))\n" }
      out += "Least diverse pairs:\n"
      for p in pairs.suffix(3).reversed() { out += "  \(p.a) – \(p.b): \(round3(p.diversity))\n" }
      out += "Contribution (mean diversity to the others):\n"
      for m in members { out += "  \(m): \(round3(contributions[m] ?? 0))\n" }
      return out
    }
  }

  /// Explains group `id` of `plan`, recomputing each pair's `d_ij` with the plan's own rules.
  public static func explain(group id: String, in plan: PlanDocument, file: String)
    throws(DiagnosticList)
    -> GroupExplanation
  {
    guard let group = plan.groups.first(where: { $0.id == id }) else {
      throw DiagnosticList([
        Diagnostic(
          file: file, code: "unknown-group",
          message:
            "no group \"\(id)\"; the plan has \(plan.groups.map(\.id).prefix(12).joined(separator: ", "))"
        )
      ])
    }
    let config = try KringConfig(normalized: plan.kring.config, fileName: file)
    let measure = DiversityMeasure(config.groups.diversify)
    let people = Dictionary(plan.people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let members = group.members.compactMap {
      people[$0].map { candidate(from: $0, levels: config.intake.levels) }
    }
    var pairs: [PairScore] = []
    var sums: [String: Double] = [:]
    for i in members.indices {
      for j in members.indices where j > i {
        let d = measure.distance(members[i], members[j])
        pairs.append(PairScore(a: members[i].id.rawValue, b: members[j].id.rawValue, diversity: d))
        sums[members[i].id.rawValue, default: 0] += d
        sums[members[j].id.rawValue, default: 0] += d
      }
    }
    pairs.sort {
      $0.diversity != $1.diversity ? $0.diversity > $1.diversity : ($0.a, $0.b) < ($1.a, $1.b)
    }
    let others = Double(max(1, members.count - 1))
    return GroupExplanation(
      id: group.id, members: group.members, diversity: groupDiversity(members, measure: measure),
      distinctSectors: group.scores.distinctSectors, experienceRange: group.scores.experienceRange,
      levelGap: group.scores.levelGap, pairs: pairs, contributions: sums.mapValues { $0 / others })
  }

  /// Where a candidate stands: their group and share of its diversity, or why they are
  /// unplaced, with the evidence.
  public struct CandidateExplanation: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var status: String
    @Nullable public var group: String?
    /// Their mean diversity to the other members.
    @Nullable public var contribution: Double?
    @Nullable public var code: String?
    @Nullable public var evidence: [String: EvidenceValue]?
    @Nullable public var message: String?

    /// A readable summary for the terminal.
    public func text() -> String {
      if let group, let contribution {
        return
          "\(id) (\(name)) is in \(group); mean diversity to the others \(round3(contribution)).\n"
      }
      var out = "\(id) (\(name)) is unplaced: \(code ?? status)"
      if let message { out += ": \(message)" }
      return out + "\n"
    }
  }

  /// Explains where candidate `id` stands in `plan`.
  public static func explain(candidate id: String, in plan: PlanDocument, file: String)
    throws(DiagnosticList)
    -> CandidateExplanation
  {
    guard let person = plan.people.first(where: { $0.id == id }) else {
      throw DiagnosticList([
        Diagnostic(
          file: file, code: "unknown-candidate", message: "no candidate \"\(id)\" in this plan")
      ])
    }
    if let group = plan.groups.first(where: { $0.members.contains(id) }) {
      let explanation = try explain(group: group.id, in: plan, file: file)
      return CandidateExplanation(
        id: id, name: person.name, status: person.status, group: group.id,
        contribution: explanation.contributions[id], code: nil, evidence: nil, message: nil)
    }
    let reason = plan.unplaced.first { $0.id == id }
    return CandidateExplanation(
      id: id, name: person.name, status: person.status, group: nil, contribution: nil,
      code: reason?.code,
      evidence: reason?.evidence, message: reason?.message)
  }

  /// A plan's person as the candidate the rules and diversity see.
  static func candidate(from p: PlanDocument.Person, levels: [String]) -> Candidate {
    var level: Int? = nil
    if let name = p.level { level = levels.firstIndex(of: name) ?? Int(name).map { $0 - 1 } }
    let slots: [Slot] = p.availability.compactMap { Slot(token: $0) }
    let format = MeetingFormat(rawValue: p.format) ?? .either
    var c = Candidate(
      id: CandidateID(p.id), name: p.name, sector: p.sector, yearsExperience: p.yearsExperience,
      availability: SlotSet(slots))
    c.email = p.email
    c.organization = p.organization
    c.department = p.department
    c.profession = p.profession
    c.level = level
    c.levelName = p.level
    c.managerID = p.managerId.map { CandidateID($0) }
    c.language = p.language
    c.format = format
    c.region = p.region
    c.needsAccessible = p.needsAccessible
    c.avoid = p.avoid.map { CandidateID($0) }
    c.learningGoal = p.learningGoal
    c.intakeDate = p.intakeDate
    c.line = p.line
    return c
  }
}

private func round3(_ x: Double) -> String {
  let r = (x * 1000).rounded() / 1000
  return r == r.rounded() ? String(Int(r)) : String(r)
}
