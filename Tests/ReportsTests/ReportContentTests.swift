import Foundation
import Testing

@testable import Reports

@Suite struct ReportContentTests {
  @Test func fileSetAndDeterminism() throws {
    let plan = try TestPlans.plan()
    let first = ReportBuilder.files(for: plan, options: ReportOptions())
    let second = ReportBuilder.files(for: plan, options: ReportOptions())
    #expect(first.map(\.name) == second.map(\.name))
    #expect(first.map(\.contents) == second.map(\.contents))
    #expect(first.map(\.name) == first.map(\.name).sorted())
    #expect(
      first.map(\.name) == [
        "facilitators/f1/G01-contract.md", "facilitators/f1/G03-contract.md",
        "facilitators/f1/index.md", "facilitators/f2/G02-contract.md", "facilitators/f2/index.md",
        "facilitators/f3/G04-contract.md", "facilitators/f3/index.md", "groups/G01/contract.md",
        "groups/G02/contract.md", "groups/G03/contract.md", "groups/G04/contract.md",
        "groups/G05/contract.md", "report.html", "report.md", "schedule.csv",
      ])
    let files = TestPlans.files(plan)
    #expect(files["facilitators/f1/G03-contract.md"] == files["groups/G03/contract.md"])
    #expect(!files.keys.contains { $0.hasSuffix(".ics") })
  }

  @Test func summaryFigures() throws {
    let plan = try TestPlans.plan()
    let html = try #require(TestPlans.files(plan, ReportOptions(language: .en))["report.html"])
    func tile(_ value: String, _ label: String) -> String {
      "<span class=\"value\">\(value)</span>\n<span class=\"label\">\(label)</span>"
    }
    #expect(html.contains(tile("36", "Candidates")))
    #expect(html.contains(tile("32", "Ready")))
    #expect(html.contains(tile("29", "Placed")))
    #expect(html.contains(tile("5", "Groups")))
    #expect(html.contains(tile("24", "Sessions")))
    #expect(html.contains(tile("1", "Unscheduled groups")))
    // Gap = (15.3 − 14.8) / 15.3.
    #expect(html.contains("<td>3.27%</td>"))
    #expect(html.contains("<td>2 of 3</td>"))
    #expect(html.contains("Weakest group: </strong>\nG03"))
  }

  @Test func chartsCarryTheData() throws {
    let plan = try TestPlans.plan()
    let html = try #require(TestPlans.files(plan, ReportOptions(language: .en))["report.html"])
    // Ready candidates per slot, counted here from the people themselves.
    let ready = plan.people.filter { $0.status == "ready" }
    for (token, label) in [
      ("tue-pm", "Tue afternoon"), ("mon-eve", "Mon evening"), ("sat-am", "Sat morning"),
    ] {
      let n = ready.filter { $0.availability.contains(token) }.count
      #expect(html.contains("<title>\(label): \(n)</title>"), "\(label) \(n)")
    }
    // A sector segment per (group, sector), with the member count.
    for group in plan.groups {
      let people = plan.people.filter { group.members.contains($0.id) }
      for sector in Set(people.map(\.sector)) {
        let n = people.filter { $0.sector == sector }.count
        #expect(html.contains("<title>\(group.id): \(sector) \(n)</title>"))
      }
    }
    // A timeline mark per session for its facilitator, and the DST switch shows in local time.
    #expect(html.contains("<title>G01 #6 · Tue 1 Jun 2027 14:00–16:00</title>"))
    #expect(html.contains("<title>G03 #1 · Tue 26 Jan 2027 14:00–16:00</title>"))
    #expect(html.contains("Facilitator F1 (G01, G03)"))
    #expect(html.contains("Room R1 (G01, G03)"))
  }

  @Test func groupsShowTheirFacts() throws {
    let plan = try TestPlans.plan()
    let files = TestPlans.files(plan, ReportOptions(language: .nl))
    let html = try #require(files["report.html"])
    let md = try #require(files["report.md"])
    #expect(html.contains("G04 · 5 leden · do ochtend · online"))
    #expect(html.contains("<dd>online, geen ruimte</dd>"))
    #expect(html.contains("<dd>Facilitator F1 (f1)</dd>"))
    #expect(html.contains("wo 13 jan 2027 19:00–21:00"))
    #expect(md.contains("G04 · 5 leden · do ochtend · online"))
    #expect(md.contains("| G05 | no\\-facilitator |") || md.contains("| G05 | no-facilitator |"))
    #expect(html.contains("geen begeleider spreekt de taal"))
    #expect(md.contains("geen begeleider spreekt de taal"))
    // An unknown code keeps its stored message.
    #expect(html.contains("a reason this version does not know"))
  }

  @Test func markdownCarriesTheSameSections() throws {
    let files = TestPlans.files(try TestPlans.plan(), ReportOptions(language: .en))
    let md = try #require(files["report.md"])
    for heading in [
      "## Summary", "## Charts", "### Sector mix per group", "### Experience per group (years)",
      "### Availability of the batch", "### Sessions per facilitator", "### Sessions per room",
      "## Groups", "## Unplaced (7)", "## Diagnosis", "## Unscheduled groups",
    ] {
      #expect(md.contains(heading), "\(heading)")
    }
  }

  @Test func planWithoutScheduleStillReports() throws {
    var plan = try TestPlans.plan()
    plan.schedule = []
    plan.unscheduled = []
    plan.solver.scheduling = nil
    let files = TestPlans.files(plan, ReportOptions(language: .en))
    let html = try #require(files["report.html"])
    #expect(Checkers.htmlProblems(html) == [])
    #expect(html.contains("no sessions"))
    #expect(!files.keys.contains { $0.hasPrefix("facilitators/") })
    #expect(files["groups/G01/contract.md"]?.contains("The dates follow") == true)
  }

  @Test(arguments: OutputLanguage.allCases)
  func emptyPlanStillReports(language: OutputLanguage) throws {
    var plan = try TestPlans.plan()
    plan.people = []
    plan.groups = []
    plan.unplaced = []
    plan.diagnosis = []
    plan.schedule = []
    plan.unscheduled = []
    let files = TestPlans.files(plan, ReportOptions(language: language))
    #expect(Set(files.keys) == ["report.html", "report.md", "schedule.csv"])
    #expect(Checkers.htmlProblems(try #require(files["report.html"])) == [])
    #expect(files["schedule.csv"]?.split(separator: "\r\n").count == 1)
  }

  /// Writes the report of the test plan to `$KRING_REPORT_DUMP` (for the screenshot script);
  /// `$KRING_REPORT_LANGUAGE` (`nl` or `en`, default `en`) picks the language.
  @Test func dumpsWhenAsked() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let folder = environment["KRING_REPORT_DUMP"] else { return }
    let language = OutputLanguage(rawValue: environment["KRING_REPORT_LANGUAGE"] ?? "en") ?? .en
    let options = ReportOptions(language: language)
    for (path, contents) in ReportBuilder.files(for: try TestPlans.plan(), options: options) {
      let url = URL(fileURLWithPath: folder).appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(contents.utf8).write(to: url)
    }
  }
}
