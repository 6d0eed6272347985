import Foundation
import Intake
import Pipeline
import Reports

/// A plan version as the board shows it: one card per group, the unplaced with their
/// reason, the diagnosis, and the version's locks and pins.
public struct Board: Sendable {
  /// A member on a card (or someone unplaced).
  public struct Person: Sendable {
    public var id: String
    public var name: String
    public var sector: String
    public var level: String?
    public var years: Double
    public var organization: String?
    public var status: String
    public var pinned: Bool
  }

  /// One group.
  public struct Card: Sendable {
    public var id: String
    public var members: [Person]
    public var diversity: Double
    public var distinctSectors: Int
    public var experienceRange: [Double]
    public var levelGap: Int?
    public var language: String?
    public var format: String
    public var slot: String?
    public var facilitator: String?
    public var room: String?
    public var firstSession: String?
    public var lastSession: String?
    public var sessions: Int
    public var locked: Bool
  }

  /// Someone left out, with the reason in the cohort's language.
  public struct Waiting: Sendable {
    public var person: Person
    public var code: String
    public var message: String
  }

  public var cohort: Cohort
  public var version: PlanVersion
  public var language: OutputLanguage
  public var cards: [Card]
  public var unplaced: [Waiting]
  public var diagnosis: [PlanDocument.Diagnosis]
  public var unscheduled: [(group: String, message: String)]
  /// What Kring's audit found (a bug when not empty).
  public var audit: [String]
  public var holds: [Hold]
  public var moves: [PlanDocument.HandMove]
  public var summary: PlanSummary
}

extension Workbench {
  /// The board of a finished version.
  public func board(_ cohort: Int64, plan: Int64) throws(WorkbenchError) -> Board {
    let (version, document) = try self.plan(cohort, plan: plan)
    let holds = try store.holds(plan: plan)
    let language = PlanExport.language(of: document)
    let locked = Set(holds.filter { $0.kind == .lock }.map(\.group))
    let pinned = Set(
      holds.compactMap { $0.kind == .pin ? $0.candidate.map { CandidateID($0) } : nil })
    let people = Dictionary(
      document.people.map { (CandidateID($0.id), $0) }, uniquingKeysWith: { a, _ in a })
    func person(_ id: String) -> Board.Person {
      let p = people[CandidateID(id)]
      return Board.Person(
        id: id, name: p?.name ?? id, sector: p?.sector ?? "", level: p?.level,
        years: p?.yearsExperience ?? 0, organization: p?.organization, status: p?.status ?? "",
        pinned: pinned.contains(CandidateID(id)))
    }
    let facilitators = Dictionary(
      document.facilitators.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    let rooms = Dictionary(
      document.rooms.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    let schedule = Dictionary(
      document.schedule.map { ($0.group, $0) }, uniquingKeysWith: { a, _ in a })
    let cards = document.groups.map { g in
      let entry = schedule[g.id]
      return Board.Card(
        id: g.id, members: g.members.map(person), diversity: g.scores.diversity,
        distinctSectors: g.scores.distinctSectors, experienceRange: g.scores.experienceRange,
        levelGap: g.scores.levelGap, language: g.language, format: g.format, slot: entry?.slot,
        facilitator: entry?.facilitator.map { facilitators[$0] ?? $0 },
        room: entry?.room.map { rooms[$0] ?? $0 },
        firstSession: entry?.sessions.first?.start, lastSession: entry?.sessions.last?.start,
        sessions: entry?.sessions.count ?? 0, locked: locked.contains(g.id))
    }
    let unplaced = document.unplaced.map { u in
      Board.Waiting(
        person: person(u.id), code: u.code, message: Messages.unplaced(u, language: language))
    }
    return Board(
      cohort: try store.cohort(cohort), version: version, language: language, cards: cards,
      unplaced: unplaced,
      diagnosis: document.diagnosis.map { d in
        var d = d
        d.message = Messages.diagnosis(d, language: language)
        return d
      },
      unscheduled: document.unscheduled.map {
        ($0.group, Messages.unscheduled($0, language: language))
      },
      audit: ((document.audit?.rules ?? []) + (document.audit?.conflicts ?? [])).map(\.message),
      holds: holds, moves: document.moves ?? [], summary: PlanSummary(document))
  }
}
