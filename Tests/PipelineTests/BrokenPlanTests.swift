import Foundation
import Intake
import Reports
import Testing

@testable import Pipeline

/// A hand edit that breaks a rule, and the rule and group Kring must name when it reads it.
struct PlanEdit: CustomTestStringConvertible, Sendable {
  var name: String
  /// The finding's code (`plan-` is prefixed in diagnostics).
  var code: String
  /// Whether the finding names a group.
  var namesGroup: Bool = true
  /// Which group the finding names (after the edit).
  var groupIndex: Int = 0
  var edit: @Sendable (inout PlanDocument) -> Void

  var testDescription: String { name }

  /// The index of a person in `plan.people`.
  static func person(_ plan: PlanDocument, _ id: String) -> Int {
    plan.people.firstIndex { $0.id == id } ?? 0
  }

  /// Sets `groups.<key>` in the plan's recorded config.
  static func setGroups(_ plan: inout PlanDocument, _ key: String, _ value: ConfigValue) {
    guard case .map(var root) = plan.kring.config, case .map(var groups)? = root["groups"] else {
      return
    }
    groups[key] = value
    root["groups"] = .map(groups)
    plan.kring.config = .map(root)
  }

  static let all: [PlanEdit] = [
    PlanEdit(name: "two colleagues typed differently", code: "separate-organization") { plan in
      let g = plan.groups[0]
      let a = person(plan, g.members[0])
      let b = person(plan, g.members[1])
      plan.people[a].organization = "Gemeente Utrecht"
      plan.people[b].organization = " GEMEENTE  UTRECHT "
    },
    PlanEdit(name: "levels too far apart", code: "level-gap") { plan in
      let g = plan.groups[0]
      let a = person(plan, g.members[0])
      let b = person(plan, g.members[1])
      plan.people[a].level = "professional"
      plan.people[b].level = "director"
    },
    PlanEdit(name: "a manager beside their report", code: "reporting-line") { plan in
      let g = plan.groups[0]
      plan.people[person(plan, g.members[1])].managerId = g.members[0].uppercased()
      plan.people[person(plan, g.members[0])].managerId = nil
    },
    PlanEdit(name: "someone they asked to avoid", code: "avoid") { plan in
      let g = plan.groups[0]
      plan.people[person(plan, g.members[0])].avoid = [" " + g.members[1].uppercased()]
    },
    PlanEdit(name: "keep_apart together", code: "keep-apart") { plan in
      let g = plan.groups[0]
      setGroups(
        &plan, "keep_apart", .list([.list([.string(g.members[0]), .string(g.members[1])])]))
    },
    PlanEdit(name: "two languages", code: "match-language") { plan in
      let g = plan.groups[0]
      let b = person(plan, g.members[1])
      // Every language they speak, not only the first: a second one shared would be legal.
      let other = plan.people[b].language == "en" ? "nl" : "en"
      plan.people[b].language = other
      plan.people[b].languages = [other]
    },
    PlanEdit(name: "no shared slot", code: "common-slots") { plan in
      let g = plan.groups[0]
      let a = person(plan, g.members[0])
      let b = person(plan, g.members[1])
      let taken = Set(plan.people[a].availability)
      plan.people[b].availability = [
        ["sun-eve", "sat-am"].first { !taken.contains($0) } ?? "sun-eve"
      ]
    },
    PlanEdit(name: "a group of twelve", code: "size-max") { plan in
      plan.groups[0].members += plan.groups[1].members
      plan.groups.remove(at: 1)
    },
    PlanEdit(name: "a member nobody knows", code: "unknown-member") { plan in
      plan.groups[0].members.append("nobody")
    },
    PlanEdit(name: "someone in two groups", code: "placed-twice", groupIndex: 1) { plan in
      plan.groups[0].members.append(plan.groups[1].members[0])
    },
    PlanEdit(name: "two groups with one id", code: "duplicate-group") { plan in
      plan.groups[1].id = plan.groups[0].id
    },
    PlanEdit(name: "keep_together split", code: "keep-together", namesGroup: false) { plan in
      let a = plan.groups[0].members[0]
      let b = plan.groups[1].members[0]
      setGroups(&plan, "keep_together", .list([.list([.string(a), .string(b)])]))
    },
  ]
}

@Suite("Plans read from disk are judged before use", .serialized)
struct BrokenPlanTests {
  /// The sample's plan, formed and scheduled once.
  static let sample: PlanDocument? = try? PlanJob.run(samplePlanRequest()).plan

  func write(_ plan: PlanDocument) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kring-broken-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("plan.json").path
    try kringJSON(plan, file: "plan.json").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func theSamplePlanIsWhole() throws {
    let plan = try #require(Self.sample)
    #expect(PlanAudit.check(plan).isClean)
    let path = try write(plan)
    #expect(try PlanFile.inspect(path).warnings.isEmpty)
  }

  @Test(arguments: PlanEdit.all)
  func aBrokenPlanIsRefusedAndFlagged(_ change: PlanEdit) throws {
    var plan = try #require(Self.sample)
    change.edit(&plan)
    let path = try write(plan)
    let group = plan.groups[change.groupIndex].id

    // kring schedule refuses it, naming the file, the group and the rule.
    do {
      _ = try ScheduleJob.run(ScheduleRequest(planPath: path))
      Issue.record("kring schedule accepted a plan with \(change.name)")
    } catch {
      let found = error.diagnostics.filter { $0.code == "plan-\(change.code)" }
      #expect(!found.isEmpty, "\(error.diagnostics.map(\.description))")
      if let d = found.first {
        #expect(d.file == path)
        if change.namesGroup {
          #expect(d.column == group)
          #expect(d.line != nil)
          #expect(d.description.hasPrefix("\(path):\(d.line ?? 0): \(group): \(group): "))
        }
      }
    }

    // A refill that keeps it refuses it too, before anything is formed.
    do {
      var request = samplePlanRequest().form
      request.keep = path
      _ = try FormJob.run(request)
      Issue.record("--keep accepted a plan with \(change.name)")
    } catch {
      #expect(error.diagnostics.contains { $0.code == "plan-\(change.code)" })
    }

    // explain and diff read it, but say first what it breaks, in the same words.
    let (_, warnings) = try PlanFile.inspect(path)
    let flagged = warnings.filter { $0.code == "plan-\(change.code)" }
    #expect(!flagged.isEmpty)
    #expect(flagged.allSatisfy { $0.severity == .warning })
  }

  @Test func theMessageNamesTheRuleInTheOutputLanguage() throws {
    var plan = try #require(Self.sample)
    PlanEdit.all[0].edit(&plan)
    let en = PlanAudit.check(plan, language: .en).rules.first
    let nl = PlanAudit.check(plan, language: .nl).rules.first
    #expect(en?.code == "separate-organization")
    #expect(en?.message.contains("members share organisation") == true)
    #expect(nl?.message.contains("leden delen organisatie") == true)
    #expect(en?.people.count == 2)
  }
}

@Suite("Kring's own audit: a broken rule is never silent", .serialized)
struct AuditFaultTests {
  /// Puts the first two members of the second group into the first: a fault no solver makes.
  static let merge: PlanFault = { plan in
    guard plan.groups.count > 1 else { return }
    plan.groups[0].members += plan.groups[1].members
    plan.groups.remove(at: 1)
  }

  @Test func aPlanThatBreaksARuleCarriesItsAuditAndBanner() throws {
    var request = samplePlanRequest()
    request.form.fault = Self.merge
    let outcome = try PlanJob.run(request)
    #expect(!outcome.audit.isClean)
    #expect(outcome.audit.rules.contains { $0.code == "size-max" })
    let record = try #require(outcome.plan.audit)
    #expect(record.rules == outcome.audit.rules)
    let json = try #require(outcome.files.first { $0.name == "plan.json" }?.contents)
    #expect(json.contains("\"audit\" : {"))
    let html = try #require(outcome.files.first { $0.name == "report.html" }?.contents)
    let banner = try #require(html.range(of: "id=\"audit\""))
    let summary = try #require(html.range(of: "id=\"summary\""))
    #expect(banner.lowerBound < summary.lowerBound, "the banner opens the report")
    #expect(html.contains("size-max"))
    let markdown = try #require(outcome.files.first { $0.name == "report.md" }?.contents)
    #expect(markdown.contains("size-max"))
  }

  @Test func aCleanPlanHasNoAuditSection() throws {
    let outcome = try PlanJob.run(samplePlanRequest())
    #expect(outcome.audit.isClean)
    #expect(outcome.plan.audit == nil)
    let json = try #require(outcome.files.first { $0.name == "plan.json" }?.contents)
    #expect(!json.contains("\"audit\""))
    let html = try #require(outcome.files.first { $0.name == "report.html" }?.contents)
    #expect(!html.contains("id=\"audit\""))
  }

  @Test func formAuditsItsPlanToo() throws {
    var request = samplePlanRequest().form
    request.fault = Self.merge
    let outcome = try FormJob.run(request)
    #expect(!outcome.audit.isClean)
    #expect(outcome.plan.audit != nil)
  }
}
