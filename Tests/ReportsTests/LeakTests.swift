import Foundation
import Testing

@testable import Reports

/// Facilitator and group folders leave the coordinator: nothing about readiness, status,
/// reasons, avoid lists or reporting lines may be in them.
@Suite struct LeakTests {
  static let options: [ReportOptions] = [
    ReportOptions(language: .nl), ReportOptions(language: .en),
    ReportOptions(language: .nl, pseudonymize: true),
    ReportOptions(language: .en, pseudonymize: true),
  ]

  @Test(arguments: options)
  func shareableFoldersHoldNothingConfidential(options: ReportOptions) throws {
    let plan = try TestPlans.plan()
    let files = TestPlans.files(plan, options)
    let shared = TestPlans.shareable(files)
    // Five contracts, three packs, four contract copies in the packs.
    #expect(shared.count == 5 + 3 + 4)

    var forbidden: [String] = []
    // Every candidate id: ids are what avoid lists and manager links are made of.
    forbidden += plan.people.map(\.id)
    forbidden += plan.people.flatMap(\.avoid)
    forbidden += plan.people.compactMap(\.managerId)
    // Readiness as either language writes it.
    for r in plan.people.compactMap(\.readiness) + [2.91, 3.12, 1.7] {
      forbidden += [
        String(r), String(format: "%.2f", r), Catalog.english.number(r), Catalog.dutch.number(r),
      ]
    }
    forbidden += ["readiness", "gereedheid", "follow-up", "not-now", "vervolggesprek", "status"]
    forbidden += Messages.unplacedCodes.filter { $0 != "left" } + Messages.unscheduledCodes
    forbidden +=
      plan.diagnosis.map(\.code) + plan.unplaced.map(\.code) + plan.unscheduled.map(\.code)
    forbidden += plan.unplaced.map(\.message) + plan.diagnosis.map(\.message)
    forbidden += plan.unscheduled.compactMap(\.need) + ["groups.hierarchy", "places_more"]
    forbidden += ["manager_id", "avoid", "keep_apart"]

    for (path, text) in shared {
      let lower = text.lowercased()
      for word in Set(forbidden) {
        #expect(!lower.contains(word.lowercased()), "\(path) contains \(word)")
      }
      // `left` is a code but also a word; only the whole word counts.
      let words = Set(lower.split { !$0.isLetter && $0 != "-" }.map(String.init))
      #expect(!words.contains("left"), "\(path) contains the code left")
    }
  }

  @Test func theCheckFindsALeak() throws {
    // Planting the readiness in a learning goal must show up in the facilitator pack.
    let plan = try TestPlans.plan(learningGoals: [1: "readiness 3.55 cand-002"])
    let shared = TestPlans.shareable(TestPlans.files(plan))
    #expect(shared.contains { $0.1.contains("readiness 3.55") && $0.1.contains("cand-002") })
  }

  @Test func coordinatorReportKeepsTheReasons() throws {
    let files = TestPlans.files(try TestPlans.plan(), ReportOptions(language: .en))
    let html = try #require(files["report.html"])
    for code in [
      "not-ready", "no-compatible-peers", "no-shared-slot", "no-facilitator", "level-gap",
    ] {
      #expect(html.contains(code))
    }
  }
}
