import Foundation
import Testing

/// A coordinator's mid-cohort rescheduling: a facilitator away for six weeks from 1 May, the
/// sessions before it held, the summary and calendars in Dutch.
@Suite("kring schedule --since: a facilitator away mid-cohort", .serialized)
struct RescheduleCLITests {
  static let since = "2027-05-01"
  static let back = "2027-06-11"

  @Test func standInsCoverTheAbsenceAndNothingHeldChanges() throws {
    let planFolder = try SamplePlan.folder()
    let old = try PlanJSON(planFolder.appendingPathComponent("plan.json"))
    // The facilitator who leads the most groups goes away.
    var counts: [String: Int] = [:]
    for e in old.schedule { if let f = e.facilitator { counts[f, default: 0] += 1 } }
    let absent = try #require(counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key)
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try PlanFiles.sampleConfig(in: folder.appendingPathComponent("cfg")) { rows in
      try rows.map { row in
        guard row.hasPrefix("\(absent),") else { return row }
        var cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        try #require(cells.count == 8)
        let away = "\(Self.since)..\(Self.back)"
        cells[7] = cells[7].isEmpty ? away : cells[7] + " " + away
        return cells.joined(separator: ",")
      }
    }
    let out = folder.appendingPathComponent("s")
    let result = try CLI.run([
      "schedule", planFolder.appendingPathComponent("plan.json").path, "-c", config, "-o",
      out.path, "--since", Self.since, "--now", "2027-04-30T08:00:00Z", "--language", "nl",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stderr.contains("audit:"), "\(result.stderr)")
    // The summary is Dutch and names what changed, per group and per facilitator.
    let total = old.groupCount
    for text in [
      "\(total) van \(total) groepen ingepland", "gebroken regels 0, conflicten 0",
      "zijn gehouden en blijven zoals ze waren", "Per groep:", "Per begeleider:",
      "begeleidt niet meer", "begeleidt nu",
    ] {
      #expect(result.stdout.contains(text), "missing \"\(text)\" in \(result.stdout)")
    }

    let new = try PlanJSON(out.appendingPathComponent("plan.json"))
    #expect(new.unscheduled.isEmpty, "\(new.unscheduled)")
    #expect(new.conflicts.isEmpty, "\(new.conflicts)")
    let day = DateFormatter()
    day.dateFormat = "yyyy-MM-dd"
    day.timeZone = TimeZone(identifier: "Europe/Amsterdam")
    let previous = Dictionary(uniqueKeysWithValues: old.schedule.map { ($0.group, $0) })
    var standIns: [(uid: String, by: String)] = []
    for entry in new.schedule {
      let before = try #require(previous[entry.group])
      #expect(entry.facilitator == before.facilitator, "\(entry.group) changed its facilitator")
      for session in entry.sessions {
        let prior = try #require(before.sessions.first { $0.number == session.number })
        let date = day.string(from: session.start)
        if date < Self.since {
          // Held: exactly as it was.
          #expect(session.held, "\(entry.group)/\(session.number)")
          #expect(
            session.uid == prior.uid && session.sequence == prior.sequence
              && session.start == prior.start && session.facilitator == prior.facilitator
              && session.room == prior.room, "\(entry.group)/\(session.number) held but changed")
        } else if date <= Self.back {
          #expect(session.facilitator != absent, "\(entry.group)/\(session.number) on \(date)")
        }
        // SEQUENCE rises only where the session changed.
        let changed =
          session.start != prior.start || session.facilitator != prior.facilitator
          || session.room != prior.room
        #expect(session.sequence == prior.sequence + (changed ? 1 : 0))
        if let by = session.facilitator, prior.facilitator == absent, by != absent {
          standIns.append((session.uid, by))
        }
      }
    }
    #expect(!standIns.isEmpty, "nobody stood in")

    // Every calendar parses with icalendar, with exactly the sessions it should hold.
    if ICalendarCheck.shouldRun {
      var expected: [String: Int] = [:]
      for entry in new.schedule {
        try ICalendarCheck.check(
          out.appendingPathComponent("groups/\(entry.group)/calendar.ics"),
          events: entry.sessions.count + entry.cancelled.count)
        for session in entry.sessions {
          for f in Set([session.facilitator].compactMap { $0 } + session.formerFacilitators) {
            expected[f, default: 0] += 1
          }
        }
      }
      for (f, count) in expected {
        try ICalendarCheck.check(
          out.appendingPathComponent("facilitators/\(f)/calendar.ics"), events: count)
      }
    }
    // A stand-in session is in the stand-in's calendar and leaves the absent facilitator's.
    let away = try ICSEvent.parse(
      out.appendingPathComponent("facilitators/\(absent)/calendar.ics"))
    for (uid, by) in standIns {
      let theirs = try ICSEvent.parse(out.appendingPathComponent("facilitators/\(by)/calendar.ics"))
      #expect(theirs.filter { $0.uid == uid }.map(\.status) == ["CONFIRMED"], "\(by): \(uid)")
      #expect(away.filter { $0.uid == uid }.map(\.status) == ["CANCELLED"], "\(absent): \(uid)")
    }
    // Calendars and the change list are in Dutch too.
    let group = try #require(new.schedule.first)
    let calendar = try String(
      contentsOf: out.appendingPathComponent("groups/\(group.group)/calendar.ics"),
      encoding: .utf8)
    #expect(calendar.contains("SUMMARY:Intervisie \(group.group)"), "\(calendar)")
    #expect(calendar.contains("bijeenkomst") && calendar.contains("Begeleider: "))
    let changes = try String(
      contentsOf: out.appendingPathComponent("changes.md"), encoding: .utf8)
    #expect(changes.hasPrefix("# Wijzigingen in de planning"), "\(changes)")

    // kring diff shows the same sessions, with names beside ids.
    let diff = try CLI.run([
      "diff", planFolder.appendingPathComponent("plan.json").path,
      out.appendingPathComponent("plan.json").path, "--language", "nl",
    ])
    #expect(diff.status == 0, "\(diff.stderr)")
    #expect(diff.stdout.contains("Groepen behouden: \(total)"), "\(diff.stdout)")
    #expect(diff.stdout.contains("begeleider "), "\(diff.stdout)")
    #expect(diff.stdout.contains("(\(absent)) → "), "\(diff.stdout)")
  }
}
