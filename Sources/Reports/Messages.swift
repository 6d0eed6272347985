import Grouping
import Intake
import Scheduling

/// Messages in the output language, rendered from the codes and parameters in `plan.json`.
///
/// The plan stores codes with their evidence; the English message it also stores is only the
/// fallback for a code this version does not know (a plan written by a newer Kring).
public enum Messages {
  /// Every unplaced code, from the closed set in `Grouping`.
  public static let unplacedCodes: [String] = UnplacedCode.allCases.map(\.rawValue)
  /// Every unscheduled code, from the closed set in `Scheduling`.
  public static let unscheduledCodes: [String] = UnscheduledGroup.Code.allCases.map(\.rawValue)
  /// The diagnosis code families; `separate-` and `match-` take the attribute as a suffix.
  public static let diagnosisFamilies: [DiagnosisCode.Family] = DiagnosisCode.Family.allCases

  /// The message for an unplaced candidate, or the stored message for an unknown code or
  /// evidence that lacks what the template needs.
  public static func unplaced(_ u: PlanDocument.Unplaced, language: OutputLanguage) -> String {
    unplaced(code: u.code, evidence: u.evidence, language: language) ?? u.message
  }

  /// The message for an unplaced code and its evidence, or `nil` for a code this version does
  /// not know or evidence that lacks what the template needs.
  public static func unplaced(
    code: String, evidence: [String: EvidenceValue], language: OutputLanguage
  ) -> String? {
    guard let code = UnplacedCode(rawValue: code),
      let template = Catalog.of(language).unplaced[code]
    else { return nil }
    let e = Evidence(evidence, catalog: .of(language))
    // A reason that names the rule its own keep_together set (or its own slots) breaks.
    if let ruleCode = e.text("rule"), let rule = HardRule(code: ruleCode),
      e.int("compatible_peers") == nil,
      let broken = violation(
        code: rule.code, people: e.list("people") ?? [], evidence: evidence, language: language)
    {
      return RuleTexts.of(language).ownRule(e.list("keep_together"), broken)
    }
    return template(e)
  }

  /// The message for a diagnosis entry; `name` turns candidate ids into what the reader sees.
  public static func diagnosis(
    _ d: PlanDocument.Diagnosis, language: OutputLanguage, name: (String) -> String = { $0 }
  ) -> String {
    // A proposal of people who would form a group at one more shared slot.
    let family = d.kind == "candidates" ? .sharedSlot : DiagnosisCode(d.code)?.family
    let code = DiagnosisCode(d.code)
    guard let family, let template = Catalog.of(language).diagnosis[family] else {
      return d.message
    }
    let value = d.set.flatMap { set in
      set.firstIndex(of: "=").map { String(set[set.index(after: $0)...]) }
    }
    let parameters = DiagnosisParameters(
      value: value, attribute: code?.attribute.map { Catalog.of(language).attributeName($0) },
      placesMore: d.placesMore, people: (d.ids ?? []).map(name), add: d.add,
      slot: d.slot.map { Catalog.of(language).slot($0) }, groups: d.groups ?? [])
    return template(parameters) ?? d.message
  }

  /// The message for an unscheduled group, with the resource that would schedule it.
  public static func unscheduled(_ u: PlanDocument.Unscheduled, language: OutputLanguage) -> String
  {
    let catalog = Catalog.of(language)
    guard let code = UnscheduledGroup.Code(rawValue: u.code), let text = catalog.unscheduled[code]
    else { return u.message }
    guard let need = u.need, !need.isEmpty else { return text }
    return text + catalog.needSuffix(need)
  }

  /// The words of the terminal summaries in `language`.
  public static func summary(_ language: OutputLanguage) -> SummaryWords {
    Catalog.of(language).summary
  }

  /// A label of the reports in `language`.
  public static func label(_ label: Label, _ language: OutputLanguage) -> String {
    Catalog.of(language).text(label)
  }
}

/// A diagnosis code: a family, and for `separate-` and `match-` the attribute it relaxes.
public struct DiagnosisCode: Hashable, Sendable {
  /// The closed set of what a diagnosis can relax or propose.
  public enum Family: String, CaseIterable, Sendable {
    case levelGap = "level-gap"
    case sizeMin = "size-min"
    case sizeMax = "size-max"
    case commonSlots = "common-slots"
    case separate = "separate-"
    case match = "match-"
    case sharedSlot = "shared-slot"
    case addFacilitator = "add-facilitator"
    case addRoom = "add-room"
  }

  public var family: Family
  public var attribute: String?

  /// Parses `level-gap`, `separate-organization`, …; `nil` for a code this version lacks.
  public init?(_ code: String) {
    for family in Family.allCases where family.rawValue.hasSuffix("-") {
      if code.hasPrefix(family.rawValue) && code.count > family.rawValue.count {
        self.family = family
        attribute = String(code.dropFirst(family.rawValue.count))
        return
      }
    }
    guard let family = Family(rawValue: code), !code.hasSuffix("-") else { return nil }
    self.family = family
    attribute = nil
  }
}

/// What a diagnosis template fills in.
struct DiagnosisParameters {
  /// The new value the `--set` text gives: `1` for `groups.hierarchy.max_level_gap=1`.
  var value: String?
  /// The attribute's name in the output language.
  var attribute: String?
  var placesMore: Int
  var people: [String]
  var add: String?
  /// For a proposal of people: the slot they would share, in words.
  var slot: String?
  /// For a resource: the groups it would schedule.
  var groups: [String]
}

/// Typed access to an evidence dictionary, with numbers in the output language.
struct Evidence {
  let values: [String: EvidenceValue]
  let catalog: Catalog

  init(_ values: [String: EvidenceValue], catalog: Catalog) {
    self.values = values
    self.catalog = catalog
  }

  func int(_ key: String) -> Int? {
    switch values[key] {
    case .int(let v): return v
    case .number(let v) where v == v.rounded() && abs(v) < 1e15: return Int(v)
    default: return nil
    }
  }

  /// A number, written with the language's decimal separator.
  func number(_ key: String) -> String? {
    switch values[key] {
    case .int(let v): return String(v)
    case .number(let v): return catalog.number(v)
    default: return nil
    }
  }

  func text(_ key: String) -> String? {
    if case .text(let v) = values[key] { return v }
    return nil
  }

  func list(_ key: String) -> [String]? {
    if case .list(let v) = values[key] { return v }
    return nil
  }
}

/// The reports' fixed words.
public enum Label: String, CaseIterable, Sendable {
  case reportTitle, planFrom, summary, candidates, ready, placed, groups, sessions
  case groupingSolver, schedulingSolver, status, stoppedBy, objective, bound, gap, components
  case weakestGroup, diversity, unscheduledGroups, charts, sectorMix, experienceSpread
  case availabilityHeatmap, heatmapNote, facilitatorTimeline, roomTimeline, week, group, members
  case name, email, organization, sector, years, level, sectors, experienceRange
  case organizationMix, facilitator, room, slot, dates, format, facilitated, yes, no
  case unplaced, id, code, message, diagnosis, kind, change, placesMore, unscheduled, need
  case evidence, session, date, time, learningGoal, nobodyUnplaced, noDiagnosis, noUnscheduled
  case diagnosisSkipped
  case online, inPerson, either, datesFollow, noRoomOnline, notAssigned, contractTitle, goal
  case safety, confidentiality, roles, caseBringer, timekeeper, rota, evaluation
  case midEvaluation, finalEvaluation, facilitatorPackTitle, yourGroups, contract, program
  case distinctOf, of, sizeLabel, unscheduledNote, noSessions, generatedNote, pseudonymNote
  case contractAgreed, contractIntro, timekeeperRole, caseBringerRole, facilitatorRole
  case membersRole, firstSession, evaluationNote, caseBringerTitle, note, contactFacilitator
  case auditTitle, auditNote
  case yearsEstimated, yearsEstimatedNote
  case sheetGroups, sheetSchedule, sheetUnplaced, sheetDiagnosis
  case language, start, end, facilitatorName, roomName, available
}

/// The words of schedule changes and calendar events in one language.
struct ChangeWords: Sendable {
  var title: String
  var perGroup: String
  var perFacilitator: String
  var nothing: String
  var session: String
  var movedTo: String
  var facilitator: String
  var room: String
  var online: String
  var cancelled: String
  var added: String
  var nowGuides: String
  var noLongerGuides: String
  var lostSchedule: String
  var gainedSchedule: String
  /// "N sessions before DATE were held and stay as they were."
  var held: @Sendable (Int, String) -> String
  /// The counts: moved, facilitators, rooms, cancelled, added, people affected.
  var summary: @Sendable (ChangeCounts) -> String
  /// Calendar: `Intervision G01 – 2/6`.
  var eventSummary: @Sendable (String, String, Int, Int) -> String
  var withoutFacilitator: String
  var standIn: String
  var link: String
}

/// The words of the commands' terminal summaries in one language (`kring plan`, `kring
/// schedule`, `kring diff`).
public struct SummaryWords: Sendable {
  /// Groups formed, people placed, ready candidates, not ready yet.
  public var formed: @Sendable (Int, Int, Int, Int) -> String
  /// The objective (formatted), whether proven, what stopped the search, the components
  /// solved exactly ("" when not shown).
  public var objective: @Sendable (String, Bool, String, String) -> String
  /// `kring plan`: groups scheduled, groups, sessions, the solver's status and gap text.
  public var scheduledSessions: @Sendable (Int, Int, Int, String) -> String
  /// `kring schedule`: scheduled, groups, kept as they were.
  public var scheduledKept: @Sendable (Int, Int, Int) -> String
  /// Rules broken, conflicts.
  public var audit: @Sendable (Int, Int) -> String
  /// The audit's own line: rules broken, conflicts.
  public var auditLine: @Sendable (Int, Int) -> String
  public var unscheduled: String
  public var unplaced: String
  public var whatIf: String
  /// `kring plan`'s last line: the output folder.
  public var wrotePlan: @Sendable (String) -> String
  /// `kring schedule`'s last line: the output folder.
  public var wroteSchedule: @Sendable (String) -> String
  /// `kring diff`: placed before and after, objective before and after.
  public var placed: @Sendable (Int, Int, String, String) -> String
  /// `kring diff`: groups kept, gained, lost; people moved.
  public var groups: @Sendable (Int, Int, Int, Int) -> String
}

/// The numbers of a schedule's changes, for the summary line.
struct ChangeCounts: Sendable {
  var moved: Int
  var facilitators: Int
  var rooms: Int
  var cancelled: Int
  var added: Int
  var people: Int
}

/// The words of one language: labels, calendar names, message templates and contract text.
struct Catalog: Sendable {
  var labels: [Label: String]
  /// Monday first.
  var weekdays: [String]
  var dayparts: [String]
  var months: [String]
  var decimalSeparator: String
  var attributes: [String: String]
  var unplaced: [UnplacedCode: @Sendable (Evidence) -> String?]
  var diagnosis: [DiagnosisCode.Family: @Sendable (DiagnosisParameters) -> String?]
  var unscheduled: [UnscheduledGroup.Code: String]
  var needSuffix: @Sendable (String) -> String
  /// The programme's name, by `program` preset.
  var programs: [String: String]
  /// The purpose of the programme, by `program` preset.
  var goals: [String: String]
  var safetyRules: [String]
  var confidentialityRules: [String]
  /// The words of schedule changes (`changes.md`, the summary of `kring schedule`, calendars).
  var changes: ChangeWords
  /// The words of the terminal summaries.
  var summary: SummaryWords

  static func of(_ language: OutputLanguage) -> Catalog {
    switch language {
    case .nl: return dutch
    case .en: return english
    }
  }

  func text(_ label: Label) -> String { labels[label] ?? label.rawValue }

  func attributeName(_ attribute: String) -> String { attributes[attribute] ?? attribute }

  /// A number with at most two decimals, trailing zeros dropped.
  func number(_ value: Double) -> String {
    let hundredths = (value * 100).rounded()
    guard hundredths.isFinite, abs(hundredths) < 1e15 else { return String(value) }
    let whole = Int(hundredths) / 100
    let fraction = abs(Int(hundredths) % 100)
    let sign = hundredths < 0 && whole == 0 ? "-" : ""
    if fraction == 0 { return "\(sign)\(whole)" }
    let digits =
      fraction % 10 == 0
      ? String(fraction / 10) : (fraction < 10 ? "0\(fraction)" : String(fraction))
    return "\(sign)\(whole)\(decimalSeparator)\(digits)"
  }

  /// `tue-pm` as `Tue afternoon` / `di middag`; unknown tokens as given.
  func slot(_ token: String) -> String {
    guard let slot = Slot(token: token) else { return token }
    return "\(weekdays[slot.weekday.rawValue]) \(dayparts[slot.daypart.rawValue])"
  }

  func format(_ format: String) -> String {
    switch format {
    case "online": return text(.online)
    case "in-person": return text(.inPerson)
    case "either": return text(.either)
    default: return format
    }
  }

  func list(_ items: [String]) -> String { items.joined(separator: ", ") }
}

extension Catalog {
  static let english = Catalog(
    labels: [
      .reportTitle: "Kring report", .planFrom: "Plan from", .summary: "Summary",
      .candidates: "Candidates", .ready: "Ready", .placed: "Placed", .groups: "Groups",
      .sessions: "Sessions", .groupingSolver: "Grouping", .schedulingSolver: "Scheduling",
      .status: "status", .stoppedBy: "stopped by", .objective: "objective", .bound: "bound",
      .gap: "gap", .components: "components solved exactly", .weakestGroup: "Weakest group",
      .yearsEstimated: "No years of experience given",
      .yearsEstimatedNote: "grouped at the median years of experience of the batch:",
      .sheetGroups: "Groups", .sheetSchedule: "Schedule", .sheetUnplaced: "Unplaced",
      .sheetDiagnosis: "Diagnosis", .language: "Language", .start: "Start", .end: "End",
      .facilitatorName: "Facilitator name", .roomName: "Room name", .available: "Available",
      .diversity: "diversity", .unscheduledGroups: "Unscheduled groups", .charts: "Charts",
      .sectorMix: "Sector mix per group", .experienceSpread: "Experience per group (years)",
      .availabilityHeatmap: "Availability of the batch",
      .heatmapNote: "ready candidates available per weekly slot",
      .facilitatorTimeline: "Sessions per facilitator", .roomTimeline: "Sessions per room",
      .week: "week", .group: "Group", .members: "Members", .name: "Name", .email: "Email",
      .organization: "Organisation", .sector: "Sector", .years: "Years", .level: "Level",
      .sectors: "sectors", .experienceRange: "experience", .organizationMix: "organisations",
      .facilitator: "Facilitator", .room: "Room", .slot: "Slot", .dates: "Dates",
      .format: "Format", .facilitated: "Facilitated", .yes: "yes", .no: "no",
      .unplaced: "Unplaced", .id: "Id", .code: "Code", .message: "Reason", .diagnosis: "Diagnosis",
      .kind: "Kind", .change: "Change", .placesMore: "Places more", .unscheduled: "Unscheduled",
      .need: "Needed", .evidence: "Evidence", .session: "Session", .date: "Date", .time: "Time",
      .learningGoal: "Learning goal", .nobodyUnplaced: "Everyone taking part has a group.",
      .noDiagnosis: "No relaxation of the rules would place more people.",
      .diagnosisSkipped: "Not measured, because the time limit came first:",
      .noUnscheduled: "Every group has a schedule.", .online: "online", .inPerson: "in person",
      .either: "online or in person", .datesFollow: "The dates follow once the group is scheduled.",
      .noRoomOnline: "online, no room", .notAssigned: "not yet assigned",
      .contractTitle: "Group contract", .goal: "Goal", .safety: "Safety",
      .confidentiality: "Confidentiality", .roles: "Roles", .caseBringer: "Case",
      .timekeeper: "Timekeeper", .rota: "Rota", .evaluation: "Evaluation",
      .midEvaluation: "mid-way evaluation", .finalEvaluation: "final evaluation",
      .facilitatorPackTitle: "Facilitator pack", .yourGroups: "Your groups",
      .contract: "Draft contract", .program: "Programme", .distinctOf: "distinct", .of: "of",
      .sizeLabel: "members", .unscheduledNote: "not yet scheduled", .noSessions: "no sessions",
      .generatedNote: "Made by Kring from the plan; the coordinator's copy, not for sharing as-is.",
      .pseudonymNote: "Names and email addresses are pseudonyms.",
      .contractAgreed: "Agreed in the first session by everyone named above.",
      .contractIntro:
        "This draft is the starting point for the first session, where the group makes it its own.",
      .timekeeperRole: "keeps to the agreed times and the steps of the method",
      .caseBringerRole: "brings a question from their own work, prepared in a few lines",
      .facilitatorRole: "guards the method and the safety of the group",
      .membersRole: "ask open questions, listen, and reflect without judging",
      .firstSession: "first session: getting to know each other and agreeing this contract",
      .evaluationNote: "The group looks back on how it works together and what it has learnt.",
      .caseBringerTitle: "Case-bringer", .note: "Note",
      .contactFacilitator: "Questions about the group or a date go to the facilitator.",
      .auditTitle: "Rules broken: do not use this plan",
      .auditNote:
        "Kring's own audit found hard rules broken in this plan. That is a bug in Kring, not a result: do not share these groups. Report it with plan.json.",
    ],
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    dayparts: ["morning", "afternoon", "evening"],
    months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    decimalSeparator: ".",
    attributes: [
      "organization": "organisation", "department": "department", "sector": "sector",
      "region": "region", "language": "language", "format": "format", "level": "level",
      "profession": "profession",
    ],
    unplaced: [
      .notReady: { e in
        guard let status = e.text("status") else { return nil }
        let score = e.number("readiness").map { "readiness \($0)" } ?? "no readiness score"
        let threshold = e.number("ready_at").map { " is below the threshold \($0)" } ?? ""
        return "\(score)\(threshold) (status \(status)); a follow-up talk comes first"
      },
      .noCompatiblePeers: { e in
        guard let peers = e.int("compatible_peers"), let min = e.int("size_min") else {
          return nil
        }
        let cell = [
          e.text("level").map { "level \($0)" }, e.text("language").map { "language \($0)" },
          e.text("format").map { e.catalog.format($0) },
        ].compactMap { $0 }
        let within = cell.isEmpty ? "" : " (\(cell.joined(separator: ", ")))"
        return
          "only \(peers) ready \(peers == 1 ? "candidate" : "candidates") could ever share a group with them\(within) under the match, level and safety rules; a group needs \(min)"
      },
      .noSharedSlot: { e in
        guard let peers = e.int("compatible_peers"), let most = e.int("most_at_one_slot"),
          let min = e.int("size_min")
        else { return nil }
        let slots = (e.list("best_slots") ?? []).map(e.catalog.slot)
        let at = slots.isEmpty ? "" : " (\(slots.joined(separator: ", ")))"
        return
          "\(peers) candidates could share a group with them, but at most \(most) including them share the needed slots\(at); a group needs \(min)"
      },
      .excludedByOptimum: { e in
        guard let size = e.int("component_size"), let most = e.int("max_placed") else {
          return nil
        }
        let base =
          "an exact solve places at most \(most) of the \(size) people they could group with"
        if e.text("tie_break") != nil {
          return base
            + "; placing them too would leave out someone with higher readiness or an earlier intake"
        }
        if let with = e.int("max_placed_with_them") {
          return base + "; with them placed, at most \(with) fit"
        }
        return base + "; no valid group holds them"
      },
      .notPlacedBySearch: { e in
        guard let size = e.int("component_size"), let placed = e.int("placed_in_component")
        else { return nil }
        return
          "the search placed \(placed) of the \(size) people they could group with, but not them; nothing proves that no group could hold them"
      },
      .left: { e in
        e.text("date").map { "left the programme on \($0)" } ?? "left the programme"
      },
    ],
    diagnosis: [
      .levelGap: { p in
        p.value.map { "allowing a level gap of \($0) places \(p.placesMore) more" }
      },
      .sizeMin: { p in p.value.map { "groups of \($0) place \(p.placesMore) more" } },
      .sizeMax: { p in p.value.map { "groups of up to \($0) place \(p.placesMore) more" } },
      .commonSlots: { p in
        p.value.map { "requiring \($0) shared slot(s) places \(p.placesMore) more" }
      },
      .separate: { p in
        guard let value = p.value, let attribute = p.attribute else { return nil }
        return "allowing \(value) per group from one \(attribute) places \(p.placesMore) more"
      },
      .match: { p in
        p.attribute.map { "no longer matching \($0) places \(p.placesMore) more" }
      },
      .sharedSlot: { p in
        guard !p.people.isEmpty else { return nil }
        let at = p.slot.map { "on \($0)" } ?? "at one more shared slot"
        return
          "\(p.people.joined(separator: ", ")) would form a group if they could all meet \(at); that places \(p.placesMore) more"
      },
      .addFacilitator: { p in
        guard let add = p.add, !p.groups.isEmpty else { return nil }
        return
          "adding a \(add) would schedule \(p.groups.joined(separator: ", ")): \(p.placesMore) more people"
      },
      .addRoom: { p in
        guard let add = p.add, !p.groups.isEmpty else { return nil }
        return
          "adding a \(add) would schedule \(p.groups.joined(separator: ", ")): \(p.placesMore) more people"
      },
    ],
    unscheduled: [
      .noQuorumSlot: "no weekly slot where the quorum of the members is available",
      .noFacilitator:
        "no facilitator speaks the group's language, is free at a usable slot and comes from outside the members' organisations",
      .facilitatorsFull:
        "suitable facilitators exist, but their maximum number of groups or their slots are taken",
      .noRoom: "no room fits the group (size, accessibility) at a usable slot",
      .roomsFull: "suitable rooms exist, but other groups have booked them",
      .noCommonSlot: "a suitable facilitator and a suitable room exist, but never at the same slot",
      .noStandIn:
        "some sessions have nobody to guide them: the facilitator is away or booked then, moving them would break max_gap, and no stand-in who qualifies is free",
      .noRoomOnDate:
        "some in-person sessions have no room: the room is closed or booked then, moving them would break max_gap, and no other room that fits is free",
    ],
    needSuffix: { "; adding a \($0) would schedule it" },
    programs: [
      "intervision": "intervision", "mastermind": "mastermind", "mentoring": "group mentoring",
    ],
    goals: [
      "intervision":
        "We meet as peers to reflect on questions from our own work. Each session one or two of us bring a case; the others help by asking open questions, so that the case-bringer finds their own next step. We learn from each other's practice, not from advice.",
      "mastermind":
        "We meet as a mastermind: entrepreneurs and professionals from different fields who hold each other to account. Each session someone takes the hot seat with a challenge; the others bring questions, experience and contacts. We leave every session with commitments we report on next time.",
      "mentoring":
        "We meet as a mentoring group: newer and more experienced professionals learn together, guided by a facilitator. Each session one of us brings a question; we explore it together and each names what they take away.",
    ],
    safetyRules: [
      "Everyone speaks for themselves and about their own work.",
      "We ask open questions before anyone gives an opinion or advice.",
      "We do not judge; every question is welcome.",
      "We arrive on time, phones away, and stay for the whole session.",
      "Anyone may pass on a question or take a pause.",
      "We let each other know in advance when we cannot come.",
    ],
    confidentialityRules: [
      "What is said in the group stays in the group.",
      "We never share anything about a member's case or reflection with their manager, their organisation or anyone else.",
      "Outside the group we speak only about our own learning, never about someone else's case.",
      "Notes stay with their writer; the facilitator keeps no record of what members say.",
    ],
    changes: ChangeWords(
      title: "Schedule changes", perGroup: "Per group", perFacilitator: "Per facilitator",
      nothing: "Nothing changed.", session: "session", movedTo: "moved to",
      facilitator: "facilitator", room: "room", online: "online", cancelled: "cancelled",
      added: "new on", nowGuides: "now guides", noLongerGuides: "no longer guides",
      lostSchedule: "lost its schedule", gainedSchedule: "is scheduled now",
      held: { count, date in
        "\(count) session\(count == 1 ? "" : "s") before \(date) \(count == 1 ? "was" : "were") held and stay\(count == 1 ? "s" : "") as \(count == 1 ? "it was" : "they were")."
      },
      summary: { c in
        let total = c.moved + c.facilitators + c.rooms + c.cancelled + c.added
        guard total > 0 else { return "No session changed." }
        return
          "Changed: \(c.moved) moved, \(c.facilitators) with another facilitator, \(c.rooms) in another room, \(c.cancelled) cancelled, \(c.added) new; \(c.people) \(c.people == 1 ? "person" : "people") affected."
      },
      eventSummary: { program, group, number, total in "\(program) \(group) – \(number)/\(total)" },
      withoutFacilitator: "Without facilitator", standIn: "stand-in", link: "Link"),
    summary: SummaryWords(
      formed: { groups, placed, ready, notReady in
        "Formed \(groups) group\(groups == 1 ? "" : "s"): placed \(placed) of \(ready) ready candidates"
          + (notReady > 0 ? " (\(notReady) not ready yet)" : "") + "."
      },
      objective: { value, proven, stoppedBy, components in
        "Objective \(value), "
          + (proven ? "proven optimal" : "feasible, stopped by \(stoppedBy)") + components + "."
      },
      scheduledSessions: { scheduled, groups, sessions, status in
        "Scheduled \(scheduled) of \(groups) groups, \(sessions) sessions (\(status))"
      },
      scheduledKept: { scheduled, groups, kept in
        "Scheduled \(scheduled) of \(groups) groups; \(kept) kept as they were"
      },
      audit: { rules, conflicts in "rules broken \(rules), conflicts \(conflicts)" },
      auditLine: { rules, conflicts in "Audit: rules broken \(rules), conflicts \(conflicts)." },
      unscheduled: "Unscheduled", unplaced: "Unplaced", whatIf: "What if",
      wrotePlan: {
        "Wrote \($0)/: report.html, plan.json, schedule.csv, calendars per group and facilitator."
      },
      wroteSchedule: { "Wrote \($0)/ (every change in changes.md)." },
      placed: { a, b, x, y in "Placed \(a) → \(b); objective \(x) → \(y)" },
      groups: { kept, gained, lost, moved in
        "Groups kept: \(kept), gained: \(gained), lost: \(lost); people moved: \(moved)"
      })
  )

  static let dutch = Catalog(
    labels: [
      .reportTitle: "Kring-rapport", .planFrom: "Plan uit", .summary: "Overzicht",
      .candidates: "Kandidaten", .ready: "Gereed", .placed: "Geplaatst", .groups: "Groepen",
      .sessions: "Bijeenkomsten", .groupingSolver: "Groepsvorming", .schedulingSolver: "Planning",
      .status: "status", .stoppedBy: "gestopt door", .objective: "doelwaarde", .bound: "grens",
      .gap: "marge", .components: "delen exact opgelost", .weakestGroup: "Minst diverse groep",
      .yearsEstimated: "Geen werkervaring opgegeven",
      .yearsEstimatedNote: "ingedeeld op de mediane werkervaring van alle aanmeldingen:",
      .sheetGroups: "Groepen", .sheetSchedule: "Rooster", .sheetUnplaced: "Niet geplaatst",
      .sheetDiagnosis: "Diagnose", .language: "Taal", .start: "Begin", .end: "Einde",
      .facilitatorName: "Naam begeleider", .roomName: "Naam ruimte", .available: "Beschikbaar",
      .diversity: "diversiteit", .unscheduledGroups: "Niet ingeplande groepen",
      .charts: "Grafieken", .sectorMix: "Sectoren per groep",
      .experienceSpread: "Ervaring per groep (jaren)",
      .availabilityHeatmap: "Beschikbaarheid van de batch",
      .heatmapNote: "gereede kandidaten beschikbaar per wekelijks tijdslot",
      .facilitatorTimeline: "Bijeenkomsten per begeleider",
      .roomTimeline: "Bijeenkomsten per ruimte", .week: "week", .group: "Groep",
      .members: "Leden", .name: "Naam", .email: "E-mail", .organization: "Organisatie",
      .sector: "Sector", .years: "Jaren", .level: "Niveau", .sectors: "sectoren",
      .experienceRange: "ervaring", .organizationMix: "organisaties", .facilitator: "Begeleider",
      .room: "Ruimte", .slot: "Tijdslot", .dates: "Data", .format: "Vorm",
      .facilitated: "Begeleid", .yes: "ja", .no: "nee", .unplaced: "Niet geplaatst", .id: "Id",
      .code: "Code", .message: "Reden", .diagnosis: "Diagnose", .kind: "Soort",
      .change: "Wijziging", .placesMore: "Plaatst meer", .unscheduled: "Niet ingepland",
      .need: "Nodig", .evidence: "Onderbouwing", .session: "Bijeenkomst", .date: "Datum",
      .time: "Tijd", .learningGoal: "Leervraag",
      .nobodyUnplaced: "Iedereen die meedoet, heeft een groep.",
      .noDiagnosis: "Geen versoepeling van de regels plaatst meer mensen.",
      .diagnosisSkipped: "Niet gemeten, omdat de tijdslimiet eerst kwam:",
      .noUnscheduled: "Elke groep is ingepland.", .online: "online", .inPerson: "fysiek",
      .either: "online of fysiek", .datesFollow: "De data volgen zodra de groep is ingepland.",
      .noRoomOnline: "online, geen ruimte", .notAssigned: "nog niet toegewezen",
      .contractTitle: "Groepscontract", .goal: "Doel", .safety: "Veiligheid",
      .confidentiality: "Vertrouwelijkheid", .roles: "Rollen", .caseBringer: "Casus",
      .timekeeper: "Tijdbewaker", .rota: "Rooster", .evaluation: "Evaluatie",
      .midEvaluation: "tussenevaluatie", .finalEvaluation: "eindevaluatie",
      .facilitatorPackTitle: "Map voor de begeleider", .yourGroups: "Je groepen",
      .contract: "Conceptcontract", .program: "Programma", .distinctOf: "verschillend",
      .of: "van", .sizeLabel: "leden", .unscheduledNote: "nog niet ingepland",
      .noSessions: "geen bijeenkomsten",
      .generatedNote:
        "Gemaakt door Kring uit het plan; het exemplaar van de coördinator, niet zo te delen.",
      .pseudonymNote: "Namen en e-mailadressen zijn pseudoniemen.",
      .contractAgreed: "Afgesproken in de eerste bijeenkomst door iedereen hierboven.",
      .contractIntro:
        "Dit concept is het vertrekpunt voor de eerste bijeenkomst, waarin de groep het zich eigen maakt.",
      .timekeeperRole: "bewaakt de afgesproken tijden en de stappen van de methode",
      .caseBringerRole: "brengt een vraag uit het eigen werk in, in een paar regels voorbereid",
      .facilitatorRole: "bewaakt de methode en de veiligheid van de groep",
      .membersRole: "stellen open vragen, luisteren en reflecteren zonder oordeel",
      .firstSession: "eerste bijeenkomst: kennismaken en dit contract afspreken",
      .evaluationNote:
        "De groep kijkt terug op hoe ze samenwerkt en wat ze heeft geleerd.",
      .caseBringerTitle: "Casusinbrenger", .note: "Opmerking",
      .contactFacilitator: "Vragen over de groep of een datum gaan naar de begeleider.",
      .auditTitle: "Regels gebroken: gebruik dit plan niet",
      .auditNote:
        "Kring's eigen controle vond gebroken harde regels in dit plan. Dat is een fout in Kring, geen uitkomst: deel deze groepen niet. Meld het, met plan.json.",
    ],
    weekdays: ["ma", "di", "wo", "do", "vr", "za", "zo"],
    dayparts: ["ochtend", "middag", "avond"],
    months: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    decimalSeparator: ",",
    attributes: [
      "organization": "organisatie", "department": "afdeling", "sector": "sector",
      "region": "regio", "language": "taal", "format": "vorm", "level": "niveau",
      "profession": "beroep",
    ],
    unplaced: [
      .notReady: { e in
        guard let status = e.text("status") else { return nil }
        let score = e.number("readiness").map { "gereedheid \($0)" } ?? "geen gereedheidsscore"
        let threshold = e.number("ready_at").map { " ligt onder de drempel \($0)" } ?? ""
        return "\(score)\(threshold) (status \(status)); eerst een vervolggesprek"
      },
      .noCompatiblePeers: { e in
        guard let peers = e.int("compatible_peers"), let min = e.int("size_min") else {
          return nil
        }
        let cell = [
          e.text("level").map { "niveau \($0)" }, e.text("language").map { "taal \($0)" },
          e.text("format").map { e.catalog.format($0) },
        ].compactMap { $0 }
        let within = cell.isEmpty ? "" : " (\(cell.joined(separator: ", ")))"
        return
          "slechts \(peers) gereede \(peers == 1 ? "kandidaat kan" : "kandidaten kunnen") ooit met deze persoon een groep vormen\(within) binnen de regels voor gelijkheid, niveau en veiligheid; een groep vraagt er \(min)"
      },
      .noSharedSlot: { e in
        guard let peers = e.int("compatible_peers"), let most = e.int("most_at_one_slot"),
          let min = e.int("size_min")
        else { return nil }
        let slots = (e.list("best_slots") ?? []).map(e.catalog.slot)
        let at = slots.isEmpty ? "" : " (\(slots.joined(separator: ", ")))"
        return
          "\(peers) kandidaten passen in een groep met deze persoon, maar hooguit \(most) (deze persoon meegeteld) delen de nodige tijdsloten\(at); een groep vraagt er \(min)"
      },
      .excludedByOptimum: { e in
        guard let size = e.int("component_size"), let most = e.int("max_placed") else {
          return nil
        }
        let base =
          "een exacte berekening plaatst hooguit \(most) van de \(size) mensen met wie deze persoon een groep kan vormen"
        if e.text("tie_break") != nil {
          return base
            + "; ook deze persoon plaatsen laat iemand met een hogere gereedheid of een eerdere intake buiten"
        }
        if let with = e.int("max_placed_with_them") {
          return base + "; met deze persoon erbij passen er hooguit \(with)"
        }
        return base + "; geen geldige groep kan deze persoon opnemen"
      },
      .notPlacedBySearch: { e in
        guard let size = e.int("component_size"), let placed = e.int("placed_in_component")
        else { return nil }
        return
          "de zoektocht plaatste \(placed) van de \(size) mensen met wie deze persoon een groep kan vormen, maar deze persoon niet; er is geen bewijs dat geen groep hen kan opnemen"
      },
      .left: { e in
        e.text("date").map { "is op \($0) gestopt met het programma" }
          ?? "is gestopt met het programma"
      },
    ],
    diagnosis: [
      .levelGap: { p in
        p.value.map { "een niveauverschil van \($0) toestaan plaatst er \(p.placesMore) meer" }
      },
      .sizeMin: { p in
        p.value.map { "groepen vanaf \($0) personen plaatsen er \(p.placesMore) meer" }
      },
      .sizeMax: { p in
        p.value.map { "groepen tot \($0) personen plaatsen er \(p.placesMore) meer" }
      },
      .commonSlots: { p in
        p.value.map { "\($0) gedeelde tijdslot(en) eisen plaatst er \(p.placesMore) meer" }
      },
      .separate: { p in
        guard let value = p.value, let attribute = p.attribute else { return nil }
        return
          "\(value) per groep uit dezelfde \(attribute) toestaan plaatst er \(p.placesMore) meer"
      },
      .match: { p in
        p.attribute.map { "\($0) niet langer gelijk houden plaatst er \(p.placesMore) meer" }
      },
      .sharedSlot: { p in
        guard !p.people.isEmpty else { return nil }
        let at = p.slot.map { "op \($0)" } ?? "op nog één gedeeld tijdslot"
        return
          "\(p.people.joined(separator: ", ")) vormen een groep als ze allemaal \(at) kunnen; dat plaatst er \(p.placesMore) meer"
      },
      .addFacilitator: { p in
        guard let add = p.add, !p.groups.isEmpty else { return nil }
        return
          "met een extra \(add) worden \(p.groups.joined(separator: ", ")) ingepland: \(p.placesMore) personen meer"
      },
      .addRoom: { p in
        guard let add = p.add, !p.groups.isEmpty else { return nil }
        return
          "met een extra \(add) worden \(p.groups.joined(separator: ", ")) ingepland: \(p.placesMore) personen meer"
      },
    ],
    unscheduled: [
      .noQuorumSlot: "geen wekelijks tijdslot waarop het quorum van de leden kan",
      .noFacilitator:
        "geen begeleider spreekt de taal van de groep, is vrij op een bruikbaar tijdslot en komt van buiten de organisaties van de leden",
      .facilitatorsFull:
        "er zijn geschikte begeleiders, maar hun maximum aantal groepen of hun tijdsloten zijn bezet",
      .noRoom:
        "geen ruimte past bij de groep (grootte, toegankelijkheid) op een bruikbaar tijdslot",
      .roomsFull: "er zijn geschikte ruimtes, maar andere groepen hebben ze geboekt",
      .noCommonSlot:
        "er zijn een geschikte begeleider en een geschikte ruimte, maar nooit op hetzelfde tijdslot",
      .noStandIn:
        "sommige bijeenkomsten hebben niemand die ze begeleidt: de begeleider is dan afwezig of bezet, verplaatsen zou max_gap overschrijden en er is geen geschikte invaller vrij",
      .noRoomOnDate:
        "sommige fysieke bijeenkomsten hebben geen ruimte: de ruimte is dan gesloten of bezet, verplaatsen zou max_gap overschrijden en er is geen andere passende ruimte vrij",
    ],
    needSuffix: { "; met een extra \($0) lukt het" },
    programs: [
      "intervision": "intervisie", "mastermind": "mastermind", "mentoring": "groepsmentoring",
    ],
    goals: [
      "intervision":
        "We komen als vakgenoten samen om te reflecteren op vragen uit ons eigen werk. Elke bijeenkomst brengen één of twee van ons een casus in; de anderen helpen met open vragen, zodat de inbrenger zelf een volgende stap vindt. We leren van elkaars praktijk, niet van adviezen.",
      "mastermind":
        "We komen samen als mastermind: ondernemers en professionals uit verschillende vakgebieden die elkaar scherp houden. Elke bijeenkomst neemt iemand plaats op de hot seat met een uitdaging; de anderen brengen vragen, ervaring en contacten in. We gaan elke keer weg met afspraken waarover we de volgende keer vertellen.",
      "mentoring":
        "We komen samen als mentorgroep: nieuwe en ervaren professionals leren samen, onder leiding van een begeleider. Elke bijeenkomst brengt één van ons een vraag in; we verkennen die samen en ieder benoemt wat hij of zij meeneemt.",
    ],
    safetyRules: [
      "Ieder spreekt voor zichzelf en over het eigen werk.",
      "We stellen eerst open vragen, pas daarna volgen meningen of adviezen.",
      "We oordelen niet; elke vraag is welkom.",
      "We zijn op tijd, leggen de telefoon weg en blijven de hele bijeenkomst.",
      "Iedereen mag een vraag laten passeren of een pauze nemen.",
      "We melden het vooraf als we niet kunnen komen.",
    ],
    confidentialityRules: [
      "Wat in de groep gezegd wordt, blijft in de groep.",
      "We delen nooit iets over de casus of reflectie van een lid met diens leidinggevende, organisatie of wie dan ook.",
      "Buiten de groep praten we alleen over ons eigen leren, nooit over de casus van een ander.",
      "Aantekeningen blijven bij wie ze maakt; de begeleider legt niet vast wat leden zeggen.",
    ],
    changes: ChangeWords(
      title: "Wijzigingen in de planning", perGroup: "Per groep",
      perFacilitator: "Per begeleider", nothing: "Er is niets gewijzigd.",
      session: "bijeenkomst", movedTo: "verplaatst naar", facilitator: "begeleider",
      room: "ruimte", online: "online", cancelled: "vervalt", added: "nieuw op",
      nowGuides: "begeleidt nu", noLongerGuides: "begeleidt niet meer",
      lostSchedule: "is niet meer ingepland", gainedSchedule: "is nu ingepland",
      held: { count, date in
        "\(count) \(count == 1 ? "bijeenkomst" : "bijeenkomsten") vóór \(date) \(count == 1 ? "is" : "zijn") gehouden en \(count == 1 ? "blijft" : "blijven") zoals \(count == 1 ? "die was" : "ze waren")."
      },
      summary: { c in
        let total = c.moved + c.facilitators + c.rooms + c.cancelled + c.added
        guard total > 0 else { return "Geen bijeenkomst gewijzigd." }
        return
          "Gewijzigd: \(c.moved) verplaatst, \(c.facilitators) met een andere begeleider, \(c.rooms) in een andere ruimte, \(c.cancelled) vervallen, \(c.added) nieuw; \(c.people) \(c.people == 1 ? "persoon" : "personen") geraakt."
      },
      eventSummary: { program, group, number, total in
        "\(program) \(group) – \(number)/\(total)"
      },
      withoutFacilitator: "Zonder begeleider", standIn: "invaller", link: "Link"),
    summary: SummaryWords(
      formed: { groups, placed, ready, notReady in
        "\(groups) \(groups == 1 ? "groep" : "groepen") gevormd: \(placed) van \(ready) gereede kandidaten geplaatst"
          + (notReady > 0 ? " (\(notReady) nog niet gereed)" : "") + "."
      },
      objective: { value, proven, stoppedBy, components in
        "Doelwaarde \(value), "
          + (proven ? "bewezen optimaal" : "toelaatbaar, gestopt door \(stoppedBy)") + components
          + "."
      },
      scheduledSessions: { scheduled, groups, sessions, status in
        "\(scheduled) van \(groups) groepen ingepland, \(sessions) bijeenkomsten (\(status))"
      },
      scheduledKept: { scheduled, groups, kept in
        "\(scheduled) van \(groups) groepen ingepland; \(kept) ongewijzigd"
      },
      audit: { rules, conflicts in "gebroken regels \(rules), conflicten \(conflicts)" },
      auditLine: { rules, conflicts in
        "Controle: gebroken regels \(rules), conflicten \(conflicts)."
      },
      unscheduled: "Niet ingepland", unplaced: "Niet geplaatst", whatIf: "Wat als",
      wrotePlan: {
        "Geschreven naar \($0)/: report.html, plan.json, schedule.csv, agenda's per groep en begeleider."
      },
      wroteSchedule: { "Geschreven naar \($0)/ (elke wijziging in changes.md)." },
      placed: { a, b, x, y in "Geplaatst \(a) → \(b); doelwaarde \(x) → \(y)" },
      groups: { kept, gained, lost, moved in
        "Groepen behouden: \(kept), nieuw: \(gained), vervallen: \(lost); personen verplaatst: \(moved)"
      })
  )
}
