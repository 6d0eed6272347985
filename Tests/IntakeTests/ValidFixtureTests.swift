import Foundation
import Intake
import Testing

@Suite struct ValidFixtureTests {
  private func read(_ name: String, config: IntakeConfig = Fixture.config) throws -> IntakeBatch {
    try IntakeReader(config: config).read(bytes: try Fixture.bytes(name), fileName: name)
  }

  @Test func bomAndSemicolons() throws {
    let batch = try read("valid/bom-semicolon.csv")
    #expect(batch.candidates.map(\.id) == ["c1", "c2"])
    let ann = try #require(batch.candidates.first)
    #expect(ann.sector == "Zorg")
    #expect(ann.yearsExperience == 12.5)
    #expect(ann.availability.slots == [Slot(.tue, .pm)])
    #expect(ann.learningGoal == "Grenzen, en hoe ik ze stel")
    #expect(ann.line == 2)
    // The header carried the BOM; "ID" still maps to id, and the alias GGZ to Zorg.
    #expect(batch.candidates[1].sector == "Zorg")
    #expect(batch.candidates[1].yearsExperience == 3)
    #expect(batch.candidates[1].availability.slots == [Slot(.tue, .pm), Slot(.thu, .eve)])
    #expect(batch.warnings.isEmpty && batch.skipped.isEmpty)
  }

  @Test func crlfWithQuotedNewlinesKeepsPhysicalLines() throws {
    let batch = try read("valid/crlf-quoted-newlines.csv")
    #expect(batch.candidates.map(\.line) == [2, 5, 8])
    #expect(
      batch.candidates[0].learningGoal == "First line\r\nsecond line with \"quotes\"\r\nthird")
    #expect(batch.candidates[1].availability.slots == [Slot(.mon, .am), Slot(.thu, .eve)])
    #expect(batch.candidates[2].name == "Cor, Mol")
    #expect(batch.candidates[2].availability.slots == [Slot(.wed, .pm)])
  }

  @Test func dutchHeadersAndTokens() throws {
    let batch = try read("valid/dutch-tokens.csv")
    #expect(batch.candidates.count == 3)
    let (a, b, c) = (batch.candidates[0], batch.candidates[1], batch.candidates[2])
    #expect(a.sector == "Zorg" && b.sector == "Onderwijs" && c.sector == "Overheid")
    #expect(a.level == 0 && a.levelName == "professional")
    #expect(b.level == 1 && b.levelName == "senior")
    #expect(c.level == 2 && c.levelName == "lead")
    #expect(a.managerID == "3" && b.managerID == "3" && c.managerID == nil)
    #expect(a.yearsExperience == 12.5 && c.yearsExperience == 20)
    #expect(a.language == "nl" && b.language == "en" && c.language == "en")
    #expect(a.format == .inPerson && b.format == .inPerson && c.format == .either)
    #expect(a.availability.slots == [Slot(.mon, .am), Slot(.tue, .eve)])
    #expect(b.availability.slots == [Slot(.wed, .pm)])
    #expect(c.availability.slots == [Slot(.thu, .eve), Slot(.fri, .am)])
    #expect(a.needsAccessible && !b.needsAccessible && !c.needsAccessible)
    #expect(a.ratings == InterviewRatings(motivation: 4.5, commitment: 4, openness: 3.5))
    #expect(b.ratings.isEmpty)
    #expect(a.avoid == ["2"])
    #expect(a.intakeDate == "2026-09-05" && b.intakeDate == "2026-09-06" && c.intakeDate == nil)
    #expect(a.organization == "Zorggroep")
    #expect(a.attributes["organization"] == "Zorggroep")
    #expect(a.attributes["sector"] == "Gezondheidszorg")
  }

  /// A name that a spreadsheet would run as a formula is still a name; outputs neutralise it.
  @Test func formulaLikeNamesAreKeptVerbatim() throws {
    let batch = try read("valid/formula-name.csv")
    #expect(batch.candidates.map(\.name) == [#"=HYPERLINK("x")"#, "+31 Kees"])
    #expect(batch.candidates[1].availability.slots == [Slot(.sun, .eve)])
  }

  @Test func jsonArrayOfObjects() throws {
    let batch = try read("valid/sample.json")
    #expect(batch.candidates.map(\.id) == ["c1", "c2", "c3"])
    #expect(batch.candidates.map(\.line) == [2, 5, 14])
    let (a, b, c) = (batch.candidates[0], batch.candidates[1], batch.candidates[2])
    #expect(a.yearsExperience == 12.5 && b.yearsExperience == 3 && c.yearsExperience == 0)
    #expect(a.availability.slots == [Slot(.tue, .pm), Slot(.thu, .eve)])
    #expect(b.availability.slots == [Slot(.tue, .pm)])
    #expect(a.avoid == ["c2"] && a.needsAccessible)
    #expect(a.learningGoal == "Grenzen \"stellen\"\nen houden")
    #expect(b.sector == "Zorg" && b.managerID == "c1" && b.ratings.isEmpty)
    #expect(c.name == "Zöe 😀")
    #expect(c.attributes["extra"] == "5")
  }

  /// JSON is recognised by its first byte even without the extension.
  @Test func jsonIsSniffed() throws {
    let bytes = Array(
      #"[{"id":"a","name":"A","sector":"Zorg","years_experience":1,"availability":"mon-am"}]"#.utf8)
    let batch = try IntakeReader(config: Fixture.config).read(bytes: bytes, fileName: "batch.txt")
    #expect(batch.candidates.map(\.id) == ["a"])
  }

  @Test func emptySectorTableGroupsSpellingsByFirstOccurrence() throws {
    let csv = """
      id,name,sector,years_experience,availability
      a,A,Gezondheids Zorg,1,mon-am
      b,B,gezondheidszorg,2,mon-am
      c,C,Gézondheidszorg,3,mon-am
      d,D,Onderwijs,4,mon-am

      """
    let batch = try IntakeReader().read(bytes: Array(csv.utf8), fileName: "x.csv")
    #expect(
      batch.candidates.map(\.sector) == [
        "Gezondheids Zorg", "Gezondheids Zorg", "Gezondheids Zorg", "Onderwijs",
      ])
  }

  @Test func numericLevelsWhenNoLevelsAreConfigured() throws {
    let csv =
      "id,name,sector,years_experience,availability,level\na,A,X,1,mon-am,3\nb,B,X,1,mon-am,0\n"
    let config = IntakeConfig(levels: [])
    do {
      _ = try IntakeReader(config: config).read(bytes: Array(csv.utf8), fileName: "x.csv")
      Issue.record("level 0 must be refused")
    } catch {
      #expect(
        error.diagnostics.map(\.description) == [
          #"x.csv:3: level: expected a level number 1 or higher, got "0""#
        ])
    }
    let ok = "id,name,sector,years_experience,availability,level\na,A,X,1,mon-am,3\n"
    let batch = try IntakeReader(config: config).read(bytes: Array(ok.utf8), fileName: "x.csv")
    #expect(batch.candidates.first?.level == 2 && batch.candidates.first?.levelName == "3")
  }

  @Test func customColumnsFromTheFormExportConfig() throws {
    let yaml = try String(contentsOfFile: Fixture.path("form-export.kring.yaml"), encoding: .utf8)
    // A minimal reading of the `columns:` block: `field: "Header"` lines under it.
    var columns: [String: String] = [:]
    var inColumns = false
    for line in yaml.split(separator: "\n") {
      if line.trimmingCharacters(in: .whitespaces) == "columns:" {
        inColumns = true
        continue
      }
      guard inColumns, line.hasPrefix("    "), let colon = line.firstIndex(of: ":") else {
        continue
      }
      let key = line[..<colon].trimmingCharacters(in: .whitespaces)
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      columns[key] = String(value.dropFirst().dropLast())
    }
    #expect(columns.count == 11)
    #expect(columns["sector"] == "In welke sector werk je?")
    let config = IntakeConfig(columns: columns)
    let batch = try IntakeReader(config: config, options: .init(requireLevel: true))
      .read(path: Fixture.path("form-export.csv"))
    #expect(batch.candidates.count == 7)
    let first = try #require(batch.candidates.first)
    #expect(first.id == "r101" && first.name == "Sanne de Wit" && first.sector == "Zorg")
    #expect(first.format == .inPerson && first.level == 0)
    #expect(first.availability.slots == [Slot(.tue, .pm), Slot(.thu, .eve)])
    #expect(first.ratings.motivation == 4)
    #expect(first.attributes["hoe heb je over de intervisie gehoord?"] == "Via mijn leidinggevende")
    // "Tijdstempel" is a form's timestamp: the field that decides between two submissions.
    #expect(first.attributes["timestamp"] == "2026/09/14 10:22:31")
    #expect(batch.candidates[1].yearsExperience == 3.5)
    // Without the mapping, the required columns are missing.
    #expect(throws: DiagnosticList.self) {
      _ = try IntakeReader().read(path: Fixture.path("form-export.csv"))
    }
  }

  @Test func sampleNL() throws {
    let batch = try IntakeReader().read(path: Fixture.path("sample-nl.csv"))
    #expect(batch.candidates.count == 20)
    #expect(batch.warnings.isEmpty)
    #expect(batch.candidates.allSatisfy { !$0.availability.isEmpty && $0.level != nil })
    #expect(batch.candidates.filter { $0.language == "en" }.count == 1)
    #expect(batch.candidates.contains { $0.yearsExperience.rounded() != $0.yearsExperience })
    #expect(batch.candidates.filter { $0.managerID != nil }.count == 3)
  }
}
