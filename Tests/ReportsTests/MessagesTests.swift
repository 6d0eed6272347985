import Grouping
import Scheduling
import Testing

@testable import Reports

@Suite struct MessagesTests {
  static let stored = "STORED"

  /// Evidence as the grouping pipeline writes it, for every unplaced code.
  static let evidence: [String: [String: EvidenceValue]] = [
    "not-ready": [
      "status": .text("follow-up"), "readiness": .number(2.91), "ready_at": .number(3.5),
    ],
    "no-compatible-peers": [
      "compatible_peers": .int(2), "size_min": .int(5), "peers": .list(["a"]),
    ],
    "no-shared-slot": [
      "compatible_peers": .int(7), "most_at_one_slot": .int(3), "best_slots": .list(["tue-pm"]),
      "size_min": .int(5),
    ],
    "excluded-by-optimum": [
      "component_size": .int(12), "max_placed": .int(11), "max_placed_with_them": .int(10),
    ],
    "not-placed-by-search": ["component_size": .int(40), "placed_in_component": .int(36)],
    "left": [:],
  ]

  @Test(arguments: UnplacedCode.allCases)
  func everyUnplacedCodeHasBothLanguages(code: UnplacedCode) throws {
    let e = try #require(Self.evidence[code.rawValue])
    let u = PlanDocument.Unplaced(id: "c1", code: code.rawValue, evidence: e, message: Self.stored)
    let nl = Messages.unplaced(u, language: .nl)
    let en = Messages.unplaced(u, language: .en)
    #expect(nl != Self.stored && en != Self.stored)
    #expect(!nl.isEmpty && !en.isEmpty && nl != en)
  }

  @Test(arguments: UnscheduledGroup.Code.allCases)
  func everyUnscheduledCodeHasBothLanguages(code: UnscheduledGroup.Code) {
    let u = PlanDocument.Unscheduled(
      group: "G01", code: code.rawValue, need: "room capacity=8 slot=tue-pm", evidence: [:],
      message: Self.stored)
    let nl = Messages.unscheduled(u, language: .nl)
    let en = Messages.unscheduled(u, language: .en)
    #expect(nl != Self.stored && en != Self.stored && nl != en)
    #expect(
      nl.contains("room capacity=8 slot=tue-pm") && en.contains("room capacity=8 slot=tue-pm"))
  }

  static let diagnosisExamples: [PlanDocument.Diagnosis] = [
    .init(
      kind: "config", set: "groups.hierarchy.max_level_gap=1", placesMore: 3, code: "level-gap",
      message: stored),
    .init(
      kind: "config", set: "groups.size.min=4", placesMore: 4, code: "size-min", message: stored),
    .init(
      kind: "config", set: "groups.size.max=9", placesMore: 1, code: "size-max", message: stored),
    .init(
      kind: "config", set: "groups.min_common_slots=1", placesMore: 2, code: "common-slots",
      message: stored),
    .init(
      kind: "config", set: "groups.separate.organization=2", placesMore: 2,
      code: "separate-organization", message: stored),
    .init(
      kind: "config", set: "groups.match=[format]", placesMore: 6, code: "match-language",
      message: stored),
    .init(
      kind: "candidates", ids: ["c1", "c2"], placesMore: 5, code: "shared-slot", message: stored),
    .init(
      kind: "resource", add: "facilitator language=en slot=thu-eve", groups: ["G04"],
      placesMore: 6, code: "add-facilitator", message: stored),
    .init(
      kind: "resource", add: "room capacity=9 accessible=yes slot=mon-am", groups: ["G02", "G07"],
      placesMore: 11, code: "add-room", message: stored),
  ]

  @Test func examplesCoverEveryDiagnosisFamily() {
    let families = Set(Self.diagnosisExamples.compactMap { DiagnosisCode($0.code)?.family })
    #expect(families == Set(DiagnosisCode.Family.allCases))
  }

  @Test(arguments: diagnosisExamples)
  func everyDiagnosisCodeHasBothLanguages(d: PlanDocument.Diagnosis) {
    let nl = Messages.diagnosis(d, language: .nl)
    let en = Messages.diagnosis(d, language: .en)
    #expect(nl != Self.stored && en != Self.stored && nl != en)
    #expect(nl.contains(String(d.placesMore)) && en.contains(String(d.placesMore)))
  }

  @Test func diagnosisRendersParameters() {
    let d = Self.diagnosisExamples[4]
    #expect(
      Messages.diagnosis(d, language: .en)
        == "allowing 2 per group from one organisation places 2 more")
    #expect(
      Messages.diagnosis(d, language: .nl)
        == "2 per groep uit dezelfde organisatie toestaan plaatst er 2 meer")
    let shared = Self.diagnosisExamples[6]
    #expect(Messages.diagnosis(shared, language: .en) { "<\($0)>" }.hasPrefix("<c1>, <c2> would"))
  }

  @Test func unknownCodesAndThinEvidenceFallBack() {
    let unknown = PlanDocument.Unplaced(
      id: "c1", code: "from-the-future", evidence: [:], message: "kept")
    #expect(Messages.unplaced(unknown, language: .nl) == "kept")
    let thin = PlanDocument.Unplaced(
      id: "c1", code: "no-shared-slot", evidence: [:], message: "kept")
    #expect(Messages.unplaced(thin, language: .en) == "kept")
    let d = PlanDocument.Diagnosis(
      kind: "resource", add: "room", placesMore: 1, code: "new-thing", message: "kept")
    #expect(Messages.diagnosis(d, language: .en) == "kept")
    #expect(DiagnosisCode("separate-") == nil)
    #expect(DiagnosisCode("separate-region")?.attribute == "region")
    let u = PlanDocument.Unscheduled(
      group: "G1", code: "later", need: nil, evidence: [:], message: "kept")
    #expect(Messages.unscheduled(u, language: .nl) == "kept")
  }

  @Test func dutchWritesDecimalCommas() {
    let u = PlanDocument.Unplaced(
      id: "c1", code: "not-ready", evidence: Self.evidence["not-ready"] ?? [:], message: "")
    #expect(Messages.unplaced(u, language: .nl).contains("2,91"))
    #expect(Messages.unplaced(u, language: .en).contains("2.91"))
    #expect(Catalog.dutch.number(3.5) == "3,5")
    #expect(Catalog.english.number(-0.25) == "-0.25")
    #expect(Catalog.english.number(12) == "12")
    #expect(Catalog.english.number(0.05) == "0.05")
  }

  @Test(arguments: [Catalog.english, Catalog.dutch].enumerated().map { $0 })
  func everyLabelAndContractTextExists(index: Int, catalog: Catalog) {
    for label in Label.allCases {
      #expect(!(catalog.labels[label] ?? "").isEmpty, "catalog \(index) lacks \(label)")
    }
    for program in ["intervision", "mastermind", "mentoring"] {
      #expect(catalog.goals[program] != nil && catalog.programs[program] != nil)
    }
    #expect(Set(catalog.unplaced.keys) == Set(UnplacedCode.allCases))
    #expect(Set(catalog.unscheduled.keys) == Set(UnscheduledGroup.Code.allCases))
    #expect(Set(catalog.diagnosis.keys) == Set(DiagnosisCode.Family.allCases))
    #expect(
      catalog.weekdays.count == 7 && catalog.dayparts.count == 3 && catalog.months.count == 12)
  }
}
