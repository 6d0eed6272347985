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

  /// What moving a candidate into another group would break or cost.
  public struct Move: Codable, Sendable, Hashable {
    /// The group they would join.
    public var group: String
    /// Whether the move keeps every hard rule.
    public var feasible: Bool
    /// The rules it breaks, one per rule (empty when feasible).
    public var breaks: [RuleBreak]
    /// The size of `group` after the move.
    public var size: Int
    /// The change in `Σ D(g)` over the groups involved.
    public var deltaDiversity: Double
    /// The change in `size_penalty · Σ |size − target|` (positive: more penalty).
    public var deltaSizePenalty: Double
    /// The change in the objective: `deltaDiversity − deltaSizePenalty`.
    public var deltaObjective: Double

    enum CodingKeys: String, CodingKey {
      case group, feasible, breaks, size
      case deltaDiversity = "delta_diversity"
      case deltaSizePenalty = "delta_size_penalty"
      case deltaObjective = "delta_objective"
    }
  }

  /// Where a candidate stands: their group and share of its diversity, or why they are
  /// unplaced, with the evidence; and every other group, with what moving there would break
  /// or cost.
  public struct CandidateExplanation: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var status: String
    @Nullable public var group: String?
    /// Their mean diversity to the other members.
    @Nullable public var contribution: Double?
    /// Their group's `D(g)` with them.
    @Nullable public var diversityWith: Double?
    /// Their group's `D(g)` without them.
    @Nullable public var diversityWithout: Double?
    @Nullable public var code: String?
    @Nullable public var evidence: [String: EvidenceValue]?
    @Nullable public var message: String?
    /// Every other group: feasible moves best first, then blocked ones, fewest breaks first.
    public var moves: [Move]
    /// The feasible move that costs the objective least (or gains most).
    @Nullable public var bestMove: Move?
    /// Up to three blocked moves that break the fewest rules.
    public var nearestBlocked: [Move]
    /// Limits of the explanation, such as earlier plans that could not be read for `met_before`.
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
      case id, name, status, group, contribution
      case diversityWith = "diversity_with"
      case diversityWithout = "diversity_without"
      case code, evidence, message, moves
      case bestMove = "best_move"
      case nearestBlocked = "nearest_blocked"
      case notes
    }

    /// A readable summary for the terminal.
    public func text() -> String {
      var out: String
      if let group, let contribution {
        out =
          "\(id) (\(name)) is in \(group); mean diversity to the others \(round3(contribution)).\n"
        if let with = diversityWith, let without = diversityWithout {
          out +=
            "\(group)'s diversity is \(round3(with)) with them and \(round3(without)) without.\n"
        }
      } else {
        out = "\(id) (\(name)) is unplaced: \(code ?? status)"
        if let message { out += ": \(message)" }
        out += "\n"
        if let evidence, !evidence.isEmpty {
          out += "Evidence: "
          out += evidence.keys.sorted().map { "\($0)=\(describe(evidence[$0]))" }.joined(
            separator: ", ")
          out += "\n"
        }
      }
      let verb = group == nil ? "Joining" : "Moving to"
      if let best = bestMove {
        out +=
          "Best other group: \(verb.lowercased()) \(best.group) keeps every rule and changes the objective by \(signed(best.deltaObjective)) (diversity \(signed(best.deltaDiversity)), size penalty \(signed(best.deltaSizePenalty))).\n"
      } else {
        out += "No other group can take them under every rule.\n"
      }
      for move in nearestBlocked {
        out +=
          "\(verb) \(move.group) breaks \(move.breaks.map(\.code).joined(separator: ", ")): \(move.breaks.map(\.message).joined(separator: "; ")) (objective \(signed(move.deltaObjective)) if allowed).\n"
      }
      for note in notes { out += "Note: \(note)\n" }
      return out
    }
  }

  /// Explains where candidate `id` stands in `plan`, with the rules of the plan's own config.
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
    let config = try KringConfig(normalized: plan.kring.config, fileName: file)
    let groups = config.groups
    var notes: [String] = []
    var metBefore: [(CandidateID, CandidateID)] = []
    if groups.history.metBefore == .avoid && !groups.history.plans.isEmpty {
      do {
        metBefore = try FormJob.metBefore(in: groups.history.plans)
      } catch {
        notes.append("earlier plans could not be read, so met_before is not checked")
      }
    }
    let candidates = plan.people.map { candidate(from: $0, levels: config.intake.levels) }
    let byID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let rules = GroupRules(candidates: candidates, config: groups, metBefore: metBefore)
    let measure = DiversityMeasure(groups.diversify)
    let me = CandidateID(id)
    func diversity(_ ids: [CandidateID]) -> Double {
      groupDiversity(ids.compactMap { byID[$0] }, measure: measure)
    }
    func penalty(_ size: Int) -> Double {
      groups.sizePenalty * Double(abs(size - groups.size.target))
    }
    let home = plan.groups.first { $0.members.contains(id) }
    let homeMembers = home?.members.map { CandidateID($0) } ?? []
    let rest = homeMembers.filter { $0 != me }
    var leaving: [RuleBreak] = []
    if home != nil && rest.count < groups.size.min {
      leaving.append(
        RuleBreak(
          code: "size-min",
          message:
            "\(home?.id ?? "") would drop to \(rest.count), below size.min \(groups.size.min)"))
    }
    let partners = Set(groups.keepTogether.filter { $0.contains(me) }.flatMap { $0 })
      .subtracting([me]).filter { byID[$0] != nil }
    var moves: [Move] = []
    for target in plan.groups where target.id != home?.id {
      let members = target.members.map { CandidateID($0) }
      let slot = plan.schedule.first { $0.group == target.id }.flatMap { Slot(token: $0.slot) }
      var breaks = leaving + rules.groupBreaks(members + [me], scheduledSlot: slot)
      let apart = partners.filter { !members.contains($0) }.sorted()
      if !apart.isEmpty {
        breaks.append(
          RuleBreak(
            code: "keep-together",
            message:
              "keep_together puts \(id) with \(apart.map(\.rawValue).joined(separator: ", ")), who would not be in \(target.id)"
          ))
      }
      var deltaDiversity = diversity(members + [me]) - diversity(members)
      var deltaPenalty = penalty(members.count + 1) - penalty(members.count)
      if home != nil {
        deltaDiversity += diversity(rest) - diversity(homeMembers)
        deltaPenalty += penalty(rest.count) - penalty(homeMembers.count)
      }
      moves.append(
        Move(
          group: target.id, feasible: breaks.isEmpty, breaks: breaks, size: members.count + 1,
          deltaDiversity: deltaDiversity, deltaSizePenalty: deltaPenalty,
          deltaObjective: deltaDiversity - deltaPenalty))
    }
    moves.sort { a, b in
      if a.feasible != b.feasible { return a.feasible }
      if a.breaks.count != b.breaks.count { return a.breaks.count < b.breaks.count }
      if a.deltaObjective != b.deltaObjective { return a.deltaObjective > b.deltaObjective }
      return a.group < b.group
    }
    let best = moves.first { $0.feasible }
    let blocked = Array(moves.filter { !$0.feasible }.prefix(3))
    if let home {
      let explanation = try explain(group: home.id, in: plan, file: file)
      return CandidateExplanation(
        id: id, name: person.name, status: person.status, group: home.id,
        contribution: explanation.contributions[id], diversityWith: diversity(homeMembers),
        diversityWithout: diversity(rest), code: nil, evidence: nil, message: nil, moves: moves,
        bestMove: best, nearestBlocked: blocked, notes: notes)
    }
    let reason = plan.unplaced.first { $0.id == id }
    return CandidateExplanation(
      id: id, name: person.name, status: person.status, group: nil, contribution: nil,
      diversityWith: nil, diversityWithout: nil, code: reason?.code, evidence: reason?.evidence,
      message: reason?.message, moves: moves, bestMove: best, nearestBlocked: blocked,
      notes: notes)
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

/// A number with its sign, to three decimals.
private func signed(_ x: Double) -> String {
  let r = (x * 1000).rounded() / 1000
  return (r >= 0 ? "+" : "") + round3(r)
}

/// An evidence value as text.
private func describe(_ value: EvidenceValue?) -> String {
  switch value {
  case .int(let v): String(v)
  case .number(let v): round3(v)
  case .text(let v): v
  case .list(let v): "[" + v.joined(separator: " ") + "]"
  case .null, nil: "none"
  }
}

private func round3(_ x: Double) -> String {
  let r = (x * 1000).rounded() / 1000
  return r == r.rounded() ? String(Int(r)) : String(r)
}
