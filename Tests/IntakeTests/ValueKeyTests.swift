import Foundation
import Intake
import Testing

/// Values as the rules compare them: one organisation however people type it.
@Suite struct ValueKeyTests {
  @Test(arguments: [
    ("Gemeente Utrecht", "gemeente utrecht "),
    ("Gemeente Utrecht", "  GEMEENTE   UTRECHT"),
    ("Gemeente Utrecht", "Gemeente\u{00A0}Utrecht"),
    ("Gemeente Utrecht", "Gemeente\tUtrecht\n"),
    ("Gemeente Utrecht", "Gemeente\u{200B} Utrecht"),
    ("Café de Zon", "Cafe\u{0301} de zon"),
    ("Zoë Care", "ZOË CARE"),
    ("Zoë Care", "Zoe\u{0308} care"),
    ("\u{FEFF}GGZ Noord", "ggz noord"),
  ])
  func spellingsOfOneValueShareAKey(_ a: String, _ b: String) {
    #expect(ValueKey(a) == ValueKey(b))
    #expect(ValueKey(a).rawValue == ValueKey(b).rawValue)
  }

  @Test(arguments: [
    ("Zoë Care", "Zoe Care"), ("Gemeente Utrecht", "Gemeente-Utrecht"),
    ("HR", "H R"), ("a", "b"),
  ])
  func differentValuesKeepDifferentKeys(_ a: String, _ b: String) {
    #expect(ValueKey(a) != ValueKey(b))
  }

  @Test func blankValuesHaveNoKey() {
    #expect(ValueKey.of(nil) == nil)
    #expect(ValueKey.of("   ") == nil)
    #expect(ValueKey.of("\u{00A0}\t") == nil)
    #expect(ValueKey.of(" x ")?.rawValue == "x")
  }

  @Test func candidateIDsCompareByKey() {
    #expect(CandidateID("C12") == CandidateID("c12 "))
    #expect(Set([CandidateID("C12"), CandidateID("c12"), CandidateID(" c12")]).count == 1)
    #expect(CandidateID("C12").rawValue == "C12")
    #expect(CandidateID("c2") < CandidateID("C10"))
  }

  @Test func aDepartmentIsQualifiedByItsOrganisation() {
    func person(_ org: String?, _ dept: String?) -> Candidate {
      Candidate(
        id: "x", name: "X", organization: org, department: dept, sector: "Zorg",
        yearsExperience: 1, availability: SlotSet())
    }
    #expect(person("A", "HR").key("department") == person("a ", " hr").key("department"))
    #expect(person("A", "HR").key("department") != person("B", "HR").key("department"))
    #expect(person(nil, "HR").key("department") == person(nil, "hr").key("department"))
    #expect(person("A", nil).key("department") == nil)
    #expect(person("A", "HR").key("organisation") == person("a", "x").key("organization"))
  }

  @Test func managerAndAvoidIDsMatchWhateverTheCase() throws {
    let csv = """
      id,name,sector,years_experience,availability,manager_id,avoid
      C1,Ann,Zorg,5,mon-am,,
      c2,Bob,Zorg,5,mon-am, c1 ,C3
      c3,Cas,Zorg,5,mon-am,,
      """
    let batch = try IntakeReader(config: Fixture.config).read(
      bytes: Array(csv.utf8), fileName: "t.csv")
    #expect(!batch.warnings.contains { $0.code == "unknown-manager" || $0.code == "unknown-avoid" })
    let bob = try #require(batch.candidates.first { $0.id == "C2" })
    #expect(bob.managerID == CandidateID("c1"))
    #expect(bob.avoid == [CandidateID("c3")])
  }

  @Test func idsThatDifferOnlyInCaseAreDuplicates() {
    let csv = """
      id,name,sector,years_experience,availability
      C1,Ann,Zorg,5,mon-am
      c1,Bob,Zorg,5,mon-am
      """
    guard case .failure(let list) = readOutcome(Array(csv.utf8), name: "t.csv") else {
      Issue.record("a duplicate id was accepted")
      return
    }
    let duplicate = list.diagnostics.first { $0.code == "duplicate-id" }
    #expect(duplicate?.line == 3)
    #expect(
      duplicate?.description
        == "t.csv:3: id: duplicate id \"c1\" (first used on line 2 as \"C1\")")
  }

  @Test func twoSpellingsOfAnOrganisationGetOneNote() throws {
    let csv = """
      id,name,sector,years_experience,availability,organization,department
      c1,Ann,Zorg,5,mon-am,Gemeente Utrecht,HR
      c2,Bob,Zorg,5,mon-am,gemeente utrecht ,hr
      c3,Cas,Zorg,5,mon-am,GEMEENTE  UTRECHT,Hr
      c4,Dee,Zorg,5,mon-am,Gemeente Utrecht,ICT
      c5,Eva,Zorg,5,mon-am,Provincie,HR
      """
    let batch = try IntakeReader(config: Fixture.config).read(
      bytes: Array(csv.utf8), fileName: "t.csv")
    let notes = batch.warnings.filter { $0.severity == .note }
    #expect(notes.count == 2)
    #expect(
      notes.first?.description
        == "t.csv:3: organization: note: 'Gemeente Utrecht', 'gemeente utrecht' and 'GEMEENTE  UTRECHT' are taken as one organisation"
    )
    #expect(notes.last?.code == "same-department")
    // HR at the Provincie is another department: it is not named with Gemeente Utrecht's.
    #expect(notes.last?.message.contains("'HR', 'hr' and 'Hr'") == true)
  }
}
