import Foundation
import Scheduling
import Testing

@testable import Reports

/// Per-session facilitators and rooms in plan.json, the schedule diff, and the calendars that
/// follow stand-ins, in both languages and as invitations.
@Suite struct ScheduleOutputTests {
  /// The first session of G01 given to f2 as a stand-in, as a reschedule records it.
  static func withStandIn() throws -> PlanDocument {
    var plan = try TestPlans.plan()
    let g = try #require(plan.schedule.firstIndex { $0.group == "G01" })
    plan.schedule[g].sessions[0].facilitator = "f2"
    plan.schedule[g].sessions[0].formerFacilitators = ["f1"]
    plan.schedule[g].sessions[0].sequence = 1
    return plan
  }

  @Test func aPlanWithoutSessionResourcesGetsTheGroupsOnLoading() throws {
    let plan = try TestPlans.plan()
    var json = try #require(
      JSONSerialization.jsonObject(with: Data(try kringJSON(plan, file: "plan.json").utf8))
        as? [String: Any])
    var schedule = try #require(json["schedule"] as? [[String: Any]])
    for k in schedule.indices {
      let sessions = try #require(schedule[k]["sessions"] as? [[String: Any]])
      schedule[k]["sessions"] = sessions.map { s in
        var s = s
        for key in ["facilitator", "room", "held", "former_facilitators"] { s[key] = nil }
        return s
      }
      schedule[k]["online_link"] = nil
    }
    json["schedule"] = schedule
    let old = try JSONDecoder().decode(
      PlanDocument.self, from: JSONSerialization.data(withJSONObject: json))
    for (a, b) in zip(old.schedule, plan.schedule) {
      #expect(a.sessions == b.sessions, "\(a.group)")
      for session in a.sessions {
        #expect(session.facilitator == (session.facilitated ? a.facilitator : nil))
        #expect(session.room == (session.format == "in-person" ? a.room : nil))
        #expect(!session.held)
      }
    }
    // What a plan writes, it reads back the same.
    let again = try JSONDecoder().decode(
      PlanDocument.self, from: Data(try kringJSON(plan, file: "plan.json").utf8))
    #expect(again == plan)
  }

  @Test func theDiffMatchesRenumberedGroupsByTheirMembers() throws {
    let before = try TestPlans.plan()
    var after = try Self.withStandIn()
    // Renumber G01 ↔ G02 everywhere, as a new grouping run may.
    func swap(_ id: String) -> String { id == "G01" ? "G02" : id == "G02" ? "G01" : id }
    for k in after.groups.indices { after.groups[k].id = swap(after.groups[k].id) }
    for k in after.schedule.indices { after.schedule[k].group = swap(after.schedule[k].group) }
    let diff = ScheduleDiff(from: before, to: after)
    #expect(diff.changes.count == 1, "\(diff.changes)")
    let change = try #require(diff.changes.first)
    #expect(change.group == "G02" && change.formerGroup == "G01" && change.number == 1)
    #expect(change.facilitatorChanged && !change.moved && !change.roomChanged)
    #expect(Set(change.people) == ["f1", "f2"])
    #expect(diff.facilitatorsChanged == 1 && diff.moved == 0 && diff.peopleAffected == 2)
    #expect(diff.weighted == ChangeWeights.facilitator + 2)
    #expect(diff.unscheduled.isEmpty && diff.scheduled.isEmpty)
    // A group that loses its schedule is named, with each session cancelled.
    var dropped = before
    let g = try #require(dropped.schedule.firstIndex { $0.group == "G03" })
    dropped.schedule[g].cancelled = dropped.schedule[g].sessions
    dropped.schedule[g].sessions = []
    dropped.unscheduled.append(
      .init(group: "G03", code: "no-stand-in", need: nil, evidence: [:], message: "—"))
    let lost = ScheduleDiff(from: before, to: dropped)
    #expect(lost.unscheduled == ["G03"])
    #expect(lost.cancelled == 6)
  }

  @Test func aStandInSessionMovesToTheStandInsCalendar() throws {
    let plan = try Self.withStandIn()
    let files = Dictionary(
      CalendarFiles.files(
        plan: plan, timezone: "Europe/Amsterdam", organizer: nil,
        options: ReportOptions(language: .en), stamp: Date(timeIntervalSince1970: 1_800_000_000)
      ).map { ($0.name, $0.contents) }, uniquingKeysWith: { a, _ in a })
    let uid = try #require(plan.schedule.first { $0.group == "G01" }?.sessions.first?.uid)
    func events(_ name: String) throws -> [(uid: String, status: String, text: String)] {
      let text = try #require(files[name], "\(name) missing").replacingOccurrences(
        of: "\r\n ", with: "")
      return text.components(separatedBy: "BEGIN:VEVENT").dropFirst().map { block in
        let lines = block.components(separatedBy: "\r\n")
        func value(_ key: String) -> String {
          lines.first { $0.hasPrefix(key + ":") }.map { String($0.dropFirst(key.count + 1)) } ?? ""
        }
        return (value("UID"), value("STATUS"), block)
      }
    }
    let standIn = try events("facilitators/f2/calendar.ics").filter { $0.uid == uid }
    #expect(standIn.map(\.status) == ["CONFIRMED"])
    #expect(standIn.first?.text.contains("Facilitator: Facilitator F2 (stand-in)") == true)
    let main = try events("facilitators/f1/calendar.ics").filter { $0.uid == uid }
    #expect(main.map(\.status) == ["CANCELLED"])
    // The group's calendar keeps the session, with its stand-in.
    let group = try events("groups/G01/calendar.ics").filter { $0.uid == uid }
    #expect(group.map(\.status) == ["CONFIRMED"])
  }

  @Test func calendarsSpeakDutchAndInviteWithAnOrganiser() throws {
    var plan = try Self.withStandIn()
    let online = try #require(plan.schedule.firstIndex { $0.group == "G04" })
    plan.schedule[online].onlineLink = "https://meet.example.org/kring-g04"
    let organizer = try #require(Organizer("Kring <kring@example.org>"))
    let files = Dictionary(
      CalendarFiles.files(
        plan: plan, timezone: "Europe/Amsterdam", organizer: organizer,
        options: ReportOptions(language: .nl), stamp: Date(timeIntervalSince1970: 1_800_000_000)
      ).map { ($0.name, $0.contents.replacingOccurrences(of: "\r\n ", with: "")) },
      uniquingKeysWith: { a, _ in a })
    let g01 = try #require(files["groups/G01/calendar.ics"])
    #expect(g01.contains("METHOD:REQUEST"))
    #expect(g01.contains("SUMMARY:Intervisie G01 – 1/6"))
    #expect(
      g01.contains(
        "DESCRIPTION:Intervisie G01\\, bijeenkomst 1\\nBegeleider: Facilitator F2 (invaller)"))
    #expect(g01.contains("ORGANIZER;CN=Kring:mailto:kring@example.org"))
    #expect(g01.contains("ATTENDEE;CN=Facilitator F2;ROLE=CHAIR"))
    #expect(g01.contains("mailto:person1@example.org"))
    // The session f1 lost is a cancellation in its own file, sent as METHOD:CANCEL.
    let f1 = try #require(files["facilitators/f1/cancellations.ics"])
    #expect(f1.contains("METHOD:CANCEL") && f1.contains("STATUS:CANCELLED"))
    // The session still takes place: it is withdrawn from f1 alone, not from the members.
    #expect(
      f1.contains("ATTENDEE;CN=Facilitator F1;ROLE=REQ-PARTICIPANT:mailto:f1@coaches.example"))
    #expect(!f1.contains("mailto:person1@example.org"))
    #expect(!(files["facilitators/f1/calendar.ics"] ?? "").contains("STATUS:CANCELLED"))
    // The online group's sessions carry its link.
    let g04 = try #require(files["groups/G04/calendar.ics"])
    #expect(g04.contains("LOCATION:https://meet.example.org/kring-g04"))
    #expect(g04.contains("URL:https://meet.example.org/kring-g04"))
    #expect(g04.contains("Link: https://meet.example.org/kring-g04"))
  }

  @Test func theChangeReportListsEveryChangePerGroupAndPerFacilitator() throws {
    let before = try TestPlans.plan()
    let after = try Self.withStandIn()
    let diff = ScheduleDiff(from: before, to: after)
    let english = ChangeReport.text(
      diff, plan: after, since: nil, options: ReportOptions(language: .en))
    #expect(english.contains("Per group:\n  G01 · Tue afternoon\n    session 1 ("), "\(english)")
    #expect(english.contains("facilitator Facilitator F1 (f1) → Facilitator F2 (f2)"))
    #expect(
      english.contains(
        "Per facilitator:\n  Facilitator F1 (f1)\n    no longer guides G01 session 1 ("))
    #expect(english.contains("  Facilitator F2 (f2)\n    now guides G01 session 1 ("))
    let dutch = ChangeReport.markdown(
      diff, plan: after, since: nil, options: ReportOptions(language: .nl))
    #expect(dutch.hasPrefix("# Wijzigingen in de planning"))
    #expect(dutch.contains("## Per begeleider") && dutch.contains("begeleidt niet meer"))
    let none = ChangeReport.markdown(
      ScheduleDiff(from: before, to: before), plan: before, since: nil,
      options: ReportOptions(language: .nl))
    #expect(none.contains("Er is niets gewijzigd."))
  }
}

@Suite struct SummaryWordsTests {
  @Test func bothLanguagesSayTheSameNumbers() {
    for language in [OutputLanguage.en, .nl] {
      let words = Messages.summary(language)
      #expect(words.formed(9, 52, 52, 8).contains("52"))
      #expect(
        words.scheduledKept(8, 9, 7).contains("8") && words.scheduledKept(8, 9, 7).contains("7"))
      #expect(words.audit(0, 2).contains("0") && words.audit(0, 2).contains("2"))
      #expect(words.wroteSchedule("out").contains("out/"))
    }
    #expect(
      Messages.summary(.nl).formed(1, 6, 6, 0)
        == "1 groep gevormd: 6 van 6 gereede kandidaten geplaatst.")
    #expect(
      Messages.summary(.en).formed(2, 12, 13, 1)
        == "Formed 2 groups: placed 12 of 13 ready candidates (1 not ready yet).")
    #expect(Messages.summary(.nl).audit(0, 0) == "gebroken regels 0, conflicten 0")
  }
}
