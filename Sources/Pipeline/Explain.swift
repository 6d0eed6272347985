import Foundation
import Grouping
import Intake
import Reports

/// `kring explain` and `kring diff`: read plans and say why they look as they do.
public enum PlanInspection {
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
        "\(distinctSectors) sectors, experience \(round3(experienceRange.first ?? 0))–\(round3(experienceRange.last ?? 0)) years"
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
    let planRules = try PlanRules(plan, file: file)
    let rules = planRules.rules
    let indices = planRules.members(group)
    let members = indices.map { rules.candidates[$0] }
    var pairs: [PairScore] = []
    var sums: [String: Double] = [:]
    for i in members.indices {
      for j in members.indices where j > i {
        let d = rules.distance(indices[i], indices[j])
        pairs.append(PairScore(a: members[i].id.rawValue, b: members[j].id.rawValue, diversity: d))
        sums[members[i].id.rawValue, default: 0] += d
        sums[members[j].id.rawValue, default: 0] += d
      }
    }
    pairs.sort {
      $0.diversity != $1.diversity ? $0.diversity > $1.diversity : ($0.a, $0.b) < ($1.a, $1.b)
    }
    let others = Double(max(1, members.count - 1))
    // Scores recomputed from the members, never read from the file's own (maybe edited) ones.
    let described = rules.describe(id: group.id, members: indices)
    return GroupExplanation(
      id: group.id, members: group.members, diversity: described.diversity,
      distinctSectors: described.distinctSectors,
      experienceRange: [
        described.experienceRange.lowerBound, described.experienceRange.upperBound,
      ],
      levelGap: described.levelGap, pairs: pairs, contributions: sums.mapValues { $0 / others })
  }

  /// A broken rule as `kring explain` prints and encodes it.
  public struct BrokenRule: Codable, Sendable, Hashable {
    /// The rule's code, such as `level-gap`.
    public var code: String
    /// The people involved.
    public var people: [String]
    public var message: String

    init(_ v: RuleViolation, language: OutputLanguage) {
      code = v.rule.code
      people = v.people.map(\.rawValue)
      message = Messages.violation(v, language: language)
    }
  }

  /// What moving a candidate into another group would break or cost.
  public struct Move: Codable, Sendable, Hashable {
    /// The group they would join.
    public var group: String
    /// Whether the move keeps every hard rule.
    public var feasible: Bool
    /// The rules it breaks, one per rule (empty when feasible).
    public var breaks: [BrokenRule]
    /// The size of `group` after the move.
    public var size: Int
    /// The change in `Σ D(g)` over the groups involved.
    public var deltaDiversity: Double
    /// The change in `size_penalty · Σ |size − target|` (positive: more penalty).
    public var deltaSizePenalty: Double
    /// The change in the history penalty (`met_before: penalize`; positive: more penalty).
    public var deltaHistoryPenalty: Double
    /// The change in the objective: `deltaDiversity − deltaSizePenalty − deltaHistoryPenalty`.
    public var deltaObjective: Double

    enum CodingKeys: String, CodingKey {
      case group, feasible, breaks, size
      case deltaDiversity = "delta_diversity"
      case deltaSizePenalty = "delta_size_penalty"
      case deltaHistoryPenalty = "delta_history_penalty"
      case deltaObjective = "delta_objective"
    }

    init(_ m: MoveEvaluation, language: OutputLanguage) {
      group = m.group
      feasible = m.violations.isEmpty
      breaks = m.violations.map { BrokenRule($0, language: language) }
      size = m.size
      deltaDiversity = m.deltaDiversity
      deltaSizePenalty = m.deltaSizePenalty
      deltaHistoryPenalty = m.deltaHistoryPenalty
      deltaObjective = m.deltaObjective
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
  public static func explain(
    candidate id: String, in plan: PlanDocument, file: String, language: OutputLanguage = .en
  ) throws(DiagnosticList) -> CandidateExplanation {
    guard let person = plan.people.first(where: { CandidateID($0.id) == CandidateID(id) }) else {
      throw DiagnosticList([
        Diagnostic(
          file: file, code: "unknown-candidate", message: "no candidate \"\(id)\" in this plan")
      ])
    }
    let planRules = try PlanRules(plan, file: file)
    let rules = planRules.rules
    guard let me = rules.index[CandidateID(person.id)] else {
      throw DiagnosticList([
        Diagnostic(
          file: file, code: "unknown-candidate", message: "no candidate \"\(id)\" in this plan")
      ])
    }
    let home = plan.groups.first { g in g.members.contains { CandidateID($0) == CandidateID(id) } }
    var moves = plan.groups.filter { $0.id != home?.id }.map {
      Move(planRules.evaluateMove(me, to: $0), language: language)
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
      let homeMembers = planRules.members(home)
      return CandidateExplanation(
        id: person.id, name: person.name, status: person.status, group: home.id,
        contribution: explanation.contributions[person.id],
        diversityWith: rules.score(homeMembers).diversity,
        diversityWithout: rules.score(homeMembers.filter { $0 != me }).diversity, code: nil,
        evidence: nil, message: nil, moves: moves, bestMove: best, nearestBlocked: blocked,
        notes: planRules.notes)
    }
    let reason = plan.unplaced.first { CandidateID($0.id) == CandidateID(id) }
    return CandidateExplanation(
      id: person.id, name: person.name, status: person.status, group: nil, contribution: nil,
      diversityWith: nil, diversityWithout: nil, code: reason?.code, evidence: reason?.evidence,
      message: reason.map { Messages.unplaced($0, language: language) }, moves: moves,
      bestMove: best, nearestBlocked: blocked, notes: planRules.notes)
  }
}

/// A number with its sign, to three decimals.
private func signed(_ x: Double) -> String {
  let text = round3(x)
  return (text.hasPrefix("-") ? "" : "+") + text
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

private func round3(_ x: Double) -> String { NumberText.rounded(x, places: 3) }
