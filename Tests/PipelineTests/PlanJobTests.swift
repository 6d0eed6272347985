import Foundation
import Intake
import Reports
import Scheduling
import Testing

@testable import Pipeline

/// The bundled sample: 60 candidates, five facilitators, four rooms, Dutch holidays of 2027.
let fixturesFolder = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Fixtures")

func samplePlanRequest(overrides: [String] = [], configPath: String? = nil) -> PlanRequest {
  PlanRequest(
    form: FormRequest(
      intakePath: fixturesFolder.appendingPathComponent("sample-en.csv").path,
      configPath: configPath ?? fixturesFolder.appendingPathComponent("sample/kring.yaml").path,
      overrides: overrides, iterations: 2_000, diagnosis: true))
}

/// A temporary folder with copies of the sample's resource files and a config, so a test can
/// change one of them.
func sampleCopy(
  facilitators: ((String) -> String)? = nil, config: ((String) -> String)? = nil
) throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "kring-plan-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  for name in ["facilitators.csv", "rooms.csv", "kring.yaml"] {
    var text = try String(
      contentsOf: fixturesFolder.appendingPathComponent("sample/\(name)"), encoding: .utf8)
    if name == "facilitators.csv", let facilitators { text = facilitators(text) }
    if name == "kring.yaml", let config { text = config(text) }
    try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
  }
  return folder
}

@Suite("kring plan on the bundled sample")
struct PlanJobTests {
  @Test("every output is written, every group scheduled, and the audit finds nothing")
  func sampleEndToEnd() throws {
    let outcome = try PlanJob.run(samplePlanRequest())
    let names = Set(outcome.files.map(\.name))
    for name in [
      "plan.json", "run.json", "report.html", "report.md", "groups.csv", "schedule.csv",
      "unplaced.csv",
    ] {
      #expect(names.contains(name), "missing \(name)")
    }
    let plan = outcome.plan
    #expect(!plan.groups.isEmpty)
    #expect(plan.unscheduled.isEmpty, "\(plan.unscheduled.map(\.message))")
    #expect(plan.schedule.count == plan.groups.count)
    for entry in plan.schedule {
      #expect(names.contains("groups/\(entry.group)/calendar.ics"))
      #expect(names.contains("groups/\(entry.group)/contract.md"))
      if let f = entry.facilitator { #expect(names.contains("facilitators/\(f)/calendar.ics")) }
      #expect(entry.sessions.count == 6)
    }
    let audit = PlanAudit.check(plan)
    #expect(audit.rules.isEmpty, "\(audit.rules)")
    #expect(audit.conflicts.isEmpty, "\(audit.conflicts)")
    #expect(plan.solver.scheduling?.scheduled == plan.groups.count)
  }

  @Test("the same input gives byte-identical outputs (run.json aside)")
  func deterministic() throws {
    let a = try PlanJob.run(samplePlanRequest())
    let b = try PlanJob.run(samplePlanRequest())
    let filesA = a.files.filter { $0.name != "run.json" }
    let filesB = b.files.filter { $0.name != "run.json" }
    #expect(filesA.map(\.name) == filesB.map(\.name))
    for (x, y) in zip(filesA, filesB) { #expect(x.contents == y.contents, "\(x.name) differs") }
  }

  @Test("sessions keep their local time across the switch to summer time on 28 March 2027")
  func daylightSaving() throws {
    let plan = try PlanJob.run(samplePlanRequest()).plan
    var before = 0
    var after = 0
    for entry in plan.schedule {
      let times = Set(entry.sessions.map { $0.start.dropFirst(11).prefix(5) })
      #expect(times.count == 1, "\(entry.group) changes its local time: \(times)")
      for session in entry.sessions {
        let day = String(session.start.prefix(10))
        if day < "2027-03-28" {
          #expect(session.start.hasSuffix("+01:00"))
          before += 1
        } else if day > "2027-03-28" && day < "2027-10-31" {
          #expect(session.start.hasSuffix("+02:00"))
          after += 1
        }
      }
    }
    #expect(before > 0 && after > 0)
  }

  @Test("no session falls on a blackout date; a blocked one moves a week, not a cadence")
  func blackoutAndCadence() throws {
    let outcome = try PlanJob.run(samplePlanRequest())
    let blackout = outcome.config.schedule.blackout
    for entry in outcome.plan.schedule {
      var previous: Date? = nil
      for session in entry.sessions {
        let day = String(session.start.prefix(10))
        #expect(!blackout.contains { $0.first <= day && day <= $0.last }, "\(day) is blacked out")
        let start = try #require(ISOTime.date(session.start))
        if let previous {
          let weeks = (start.timeIntervalSince(previous) / (7 * 86_400)).rounded()
          // The sample's longest blackout is a week, so no gap exceeds the cadence plus two.
          #expect(weeks >= 4 && weeks <= 6, "\(entry.group): \(weeks) weeks")
        }
        previous = start
      }
    }
  }

  @Test("a cohort short of one English-speaking facilitator names the group and the resource")
  func shortOfEnglish() throws {
    // Only f2 and f4 speak English; with f4 gone and f2 taking no English group at its slots,
    // the English group has nobody.
    let folder = try sampleCopy(facilitators: { text in
      text.split(separator: "\n").filter { !$0.hasPrefix("f4,") && !$0.hasPrefix("f2,") }
        .joined(separator: "\n") + "\n"
    })
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try PlanJob.run(
      samplePlanRequest(configPath: folder.appendingPathComponent("kring.yaml").path))
    let plan = outcome.plan
    let english = plan.groups.filter { $0.language == "en" }.map(\.id)
    #expect(!english.isEmpty)
    #expect(Set(plan.unscheduled.map(\.group)) == Set(english))
    for u in plan.unscheduled {
      #expect(u.need?.hasPrefix("facilitator language=en") == true, "\(u)")
    }
    let resource = plan.diagnosis.filter { $0.kind == "resource" }
    let first = try #require(resource.first)
    #expect(first.add?.contains("language=en") == true)
    #expect(Set(first.groups ?? []) == Set(english))
    #expect(
      first.placesMore
        == plan.groups.filter { english.contains($0.id) }
        .reduce(0) { $0 + $1.members.count })
  }

  @Test("a bad facilitators file is reported with its line, with the intake's problems")
  func badResources() throws {
    let folder = try sampleCopy(facilitators: { text in
      text.replacingOccurrences(of: "f3,Sanne", with: "f1,Sanne")
        .replacingOccurrences(of: "thu-am thu-eve,2", with: "thu-am thu-eve,lots")
    })
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
      _ = try PlanJob.run(
        samplePlanRequest(configPath: folder.appendingPathComponent("kring.yaml").path))
      Issue.record("expected the facilitators file to be refused")
    } catch {
      let text = error.diagnostics.map(\.description)
      #expect(text.contains { $0.contains("facilitators.csv:4:") && $0.contains("f1") })
      #expect(text.contains { $0.contains("facilitators.csv:4: max_groups:") })
    }
  }
}

@Suite("kring schedule: keeping sessions, UIDs and SEQUENCE")
struct ScheduleJobTests {
  /// Plans the sample into a temporary folder and returns the plan's path.
  func plannedSample() throws -> (folder: URL, plan: String, outcome: PlanOutcome) {
    let folder = try sampleCopy()
    let outcome = try PlanJob.run(
      samplePlanRequest(configPath: folder.appendingPathComponent("kring.yaml").path))
    let planPath = folder.appendingPathComponent("plan.json")
    let json = try #require(outcome.files.first { $0.name == "plan.json" })
    try json.contents.write(to: planPath, atomically: true, encoding: .utf8)
    return (folder, planPath.path, outcome)
  }

  /// Before the cohort starts, so that no session counts as held whatever today is.
  static let beforeStart = ISO8601DateFormatter().date(from: "2027-01-04T09:00:00Z")

  @Test("rescheduling an unchanged plan keeps every session, UID and SEQUENCE")
  func unchanged() throws {
    let (folder, plan, outcome) = try plannedSample()
    defer { try? FileManager.default.removeItem(at: folder) }
    let again = try ScheduleJob.run(ScheduleRequest(planPath: plan, now: Self.beforeStart))
    #expect(again.changes.isEmpty, "\(again.changes)")
    #expect(again.plan.schedule == outcome.plan.schedule)
    #expect(again.kept == outcome.plan.schedule.count)
  }

  @Test(
    "a facilitator away for one session gets a stand-in for it alone; UIDs stay, SEQUENCE rises only there"
  )
  func facilitatorUnavailable() throws {
    let (folder, plan, outcome) = try plannedSample()
    defer { try? FileManager.default.removeItem(at: folder) }
    let entry = try #require(outcome.plan.schedule.first { $0.facilitator != nil })
    let facilitator = try #require(entry.facilitator)
    let session = try #require(entry.sessions.first)
    let day = String(session.start.prefix(10))
    // Make that facilitator unavailable on the group's first session date.
    let csv = folder.appendingPathComponent("facilitators.csv")
    let text = try String(contentsOf: csv, encoding: .utf8)
    let changed = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      guard line.hasPrefix("\(facilitator),") else { return String(line) }
      var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      fields[fields.count - 1] = (fields[fields.count - 1] + " " + day)
        .trimmingCharacters(in: .whitespaces)
      return fields.joined(separator: ",")
    }.joined(separator: "\n")
    try changed.write(to: csv, atomically: true, encoding: .utf8)
    let again = try ScheduleJob.run(
      ScheduleRequest(
        planPath: plan, configPath: folder.appendingPathComponent("kring.yaml").path,
        now: Self.beforeStart))
    let audit = PlanAudit.check(again.plan)
    #expect(audit.conflicts.isEmpty, "\(audit.conflicts)")
    let after = try #require(again.plan.schedule.first { $0.group == entry.group })
    // The group keeps its facilitator; the first session has a stand-in (or moved), nothing
    // else of the group changed.
    #expect(after.facilitator == facilitator)
    let first = try #require(after.sessions.first)
    #expect(first.facilitator != facilitator || first.start != session.start)
    #expect(again.changes.changes.filter { $0.group == entry.group }.map(\.number) == [1])
    // UIDs are the same set; only the changed session carries a higher SEQUENCE.
    let oldByNumber = Dictionary(uniqueKeysWithValues: entry.sessions.map { ($0.number, $0) })
    for s in after.sessions {
      let old = try #require(oldByNumber[s.number])
      #expect(s.uid == old.uid)
      if s.start != old.start || s.facilitator != old.facilitator || s.room != old.room {
        #expect(s.sequence == old.sequence + 1)
      } else {
        #expect(s.sequence == old.sequence)
      }
    }
    // Groups that were not affected keep everything.
    let untouched = again.plan.schedule.filter { e in
      e.group != entry.group && !again.changes.changes.contains { $0.group == e.group }
    }
    for e in untouched {
      #expect(outcome.plan.schedule.first { $0.group == e.group } == e)
    }
  }

  @Test("--fresh may move sessions but keeps UIDs per group and session number")
  func fresh() throws {
    let (folder, plan, outcome) = try plannedSample()
    defer { try? FileManager.default.removeItem(at: folder) }
    let again = try ScheduleJob.run(
      ScheduleRequest(planPath: plan, fresh: true, now: Self.beforeStart))
    for entry in again.plan.schedule {
      let old = try #require(outcome.plan.schedule.first { $0.group == entry.group })
      #expect(entry.sessions.map(\.uid) == old.sessions.map(\.uid))
    }
  }

  @Test("an unreadable plan is a clear error")
  func unreadable() {
    #expect(throws: DiagnosticList.self) {
      _ = try ScheduleJob.run(ScheduleRequest(planPath: "/nonexistent/plan.json"))
    }
  }
}

@Suite("The plan audit catches what it should")
struct PlanAuditTests {
  @Test("a double booking, a language mismatch and a broken size are found")
  func injected() throws {
    var plan = try PlanJob.run(samplePlanRequest()).plan
    #expect(PlanAudit.check(plan).conflicts.isEmpty)
    // Two groups on the same facilitator at the same times.
    guard plan.schedule.count >= 2 else { return }
    plan.schedule[1].facilitator = plan.schedule[0].facilitator
    plan.schedule[1].sessions = plan.schedule[0].sessions.map { s in
      var s = s
      s.facilitated = true
      return s
    }
    var findings = PlanAudit.check(plan).conflicts.map(\.code)
    #expect(findings.contains("double-booking"))
    plan.groups[0].members.removeLast(plan.groups[0].members.count - 2)
    findings = PlanAudit.check(plan).rules.map(\.code)
    #expect(findings.contains("size-min"))
  }
}
