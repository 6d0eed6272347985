import Foundation
import Intake
import Scheduling
import Testing

@Suite struct ResourceLoaderTests {
  private func write(_ text: String, _ name: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  private func load(_ config: ScheduleConfig) -> Result<LoadedResources, DiagnosticList> {
    Result { () throws(DiagnosticList) in try ResourceLoader.load(config: config) }
  }

  @Test func noFilesGiveNoResources() throws {
    let loaded = try load(ScheduleConfig(facilitators: nil, rooms: nil)).get()
    #expect(loaded == LoadedResources())
  }

  @Test func loadsBothFilesWithTheirWarnings() throws {
    let folder = try ResourceTest.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let facilitators = try write(
      "id,name,languages,availability,notes\nf1,Anna,nl,tue-pm,x\n", "facilitators.csv",
      in: folder)
    let rooms = try write("id,capacity,availability\nr1,8,tue-pm\n", "rooms.csv", in: folder)
    let loaded = try load(ScheduleConfig(facilitators: facilitators, rooms: rooms)).get()
    #expect(loaded.facilitators.map(\.id) == [FacilitatorID("f1")])
    #expect(loaded.rooms.map(\.id) == [RoomID("r1")])
    #expect(loaded.warnings.map(\.code) == ["unknown-column"])
    #expect(loaded.warnings.first?.file == facilitators)
  }

  @Test func onlyRooms() throws {
    let folder = try ResourceTest.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let rooms = try write("id,capacity,availability\nr1,8,tue-pm\n", "rooms.csv", in: folder)
    let loaded = try load(ScheduleConfig(facilitators: nil, rooms: rooms)).get()
    #expect(loaded.facilitators.isEmpty)
    #expect(loaded.rooms.count == 1)
  }

  @Test func reportsBothFilesProblemsAtOnce() throws {
    let folder = try ResourceTest.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let facilitators = try write(
      "id,name,languages,availability\nf1,Anna,nl,tue-pn\n", "facilitators.csv", in: folder)
    let rooms = try write("id,capacity,availability\nr1,1,tue-pm\n", "rooms.csv", in: folder)
    let result = load(ScheduleConfig(facilitators: facilitators, rooms: rooms))
    #expect(ResourceTest.codes(result) == ["unknown-slot", "invalid-capacity"])
    #expect(
      ResourceTest.errors(result).last
        == #"\#(rooms):2: capacity: capacity must be a whole number of seats from 2 to 500, got "1""#
    )
  }

  @Test func missingFileAndFolder() throws {
    let folder = try ResourceTest.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("nope.csv").path
    let result = load(ScheduleConfig(facilitators: missing, rooms: folder.path))
    #expect(
      ResourceTest.errors(result) == [
        "\(missing): cannot open the file: no such file or no permission",
        "\(folder.path): expected a file, found a folder",
      ])
    #expect(ResourceTest.codes(result) == ["unreadable-file", "unreadable-file"])
  }

  @Test func tooLargeFile() throws {
    let folder = try ResourceTest.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try write(
      "id,capacity,availability\n" + String(repeating: "r,8,tue-pm\n", count: 200_000),
      "rooms.csv", in: folder)
    let result = Result { () throws(DiagnosticList) in
      try RoomReader(maxFileBytes: 1_000_000).read(path: path)
    }
    #expect(ResourceTest.codes(result) == ["file-too-large"])
    #expect(
      ResourceTest.errors(result) == ["\(path): the file is 3 MB; at most 1 MB is accepted"])
  }

  @Test func bundledBadFixturesReportEveryProblem() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let folder = root.appendingPathComponent("Fixtures/scheduling")
    let result = load(
      ScheduleConfig(
        facilitators: folder.appendingPathComponent("bad-facilitators.csv").path,
        rooms: folder.appendingPathComponent("bad-rooms.csv").path))
    let printed = ResourceTest.errors(result).map {
      $0.replacingOccurrences(of: folder.path + "/", with: "")
    }
    #expect(
      printed == [
        #"bad-facilitators.csv:1: e-mial: warning: unknown column "e-mial" is ignored (did you mean "email"?)"#,
        #"bad-facilitators.csv:3: talen: unknown language "engles"; use a code such as nl or en (did you mean "engels"?)"#,
        #"bad-facilitators.csv:4: beschikbaarheid: no availability: a facilitator without weekly slots can never be scheduled"#,
        #"bad-facilitators.csv:5: afwezig: the range "2027-03-09..2027-03-01" ends before it starts; write the first date first"#,
        #"bad-facilitators.csv:6: nr: duplicate id "f1" (first used on line 2)"#,
        #"bad-rooms.csv:3: capacity: capacity must be a whole number of seats from 2 to 500, got "0""#,
        #"bad-rooms.csv:4: accessible: expected yes or no, got "misschien""#,
        #"bad-rooms.csv:5: id: duplicate id "r1" (first used on line 2)"#,
      ])
  }
}

@Suite struct DataTableTests {
  @Test func csvWithBOMSemicolonsQuotesAndCRLF() throws {
    let text = "\u{FEFF}a;b;c\r\n\"x;1\";\"he said \"\"hi\"\"\";\r\n\r\n 2 ;\"multi\nline\";z\r\n"
    let table = try DataTable.parse(bytes: Array(text.utf8), file: "t.csv")
    #expect(table.headers == ["a", "b", "c"])
    #expect(table.headerLine == 1)
    #expect(
      table.rows == [
        DataRow(line: 2, fields: ["x;1", "he said \"hi\"", ""]),
        DataRow(line: 4, fields: ["2", "multi\nline", "z"]),
      ])
  }

  @Test func jsonIsSniffedWithoutTheExtension() throws {
    let text = "\n  [{\"a\": 1, \"b\": [\"x\", \"y\"]}, {\"a\": null}]"
    let table = try DataTable.parse(bytes: Array(text.utf8), file: "t.txt")
    #expect(table.headers == ["a", "b"])
    #expect(table.rows.map(\.fields) == [["1", "x y"], ["", ""]])
    #expect(table.rows.map(\.line) == [2, 2])
  }

  @Test func rowProblemsTravelWithTheRow() throws {
    // "é" in UTF-8 on one row and a stray byte on the next: UTF-8 with a broken row, not
    // another encoding.
    let bytes = Array("a,b\n1,é,3\n".utf8) + [0xFF] + Array(",x\n".utf8)
    let table = try DataTable.parse(bytes: bytes, file: "t.csv")
    #expect(table.rows.map(\.line) == [2, 3])
    #expect(table.rows[0].problems.map(\.code) == ["too-many-fields"])
    #expect(table.rows[1].problems.map(\.code) == ["invalid-utf8"])
  }

  @Test func headerKeyIgnoresCaseSpacesAndSeparators() {
    #expect(DataTable.headerKey("Max groups") == DataTable.headerKey("max_groups"))
    #expect(DataTable.headerKey("MAX-GROUPS") == "maxgroups")
    #expect(DataTable.headerKey("Beschikbáárheid") == "beschikbaarheid")
  }

  @Test func invalidJSONNamesItsLine() {
    let result = Result { () throws(DiagnosticList) in
      try DataTable.parse(bytes: Array("[\n{\"a\": 1},\n{\"a\" 2}]".utf8), file: "t.json")
    }
    #expect(ResourceTest.codes(result) == ["invalid-json"])
    #expect(ResourceTest.errors(result).first?.hasPrefix("t.json:3: ") == true)
  }
}

@Suite struct FieldValueTests {
  @Test func availabilityKeepsKnownSlotsAndReportsTheRest() {
    let (slots, problems) = FieldValue.availability("tue-pm, di-avond;xx-am")
    #expect(slots == ResourceTest.slots([(.tue, .pm), (.tue, .eve)]))
    #expect(problems.map(\.code) == ["unknown-slot"])
  }

  @Test(arguments: [
    ("2027-03-01", "2027-03-01"), ("01-03-2027", "2027-03-01"), ("1/3/2027", "2027-03-01"),
    ("29.02.2028", "2028-02-29"),
  ])
  func dates(text: String, iso: String) {
    #expect((try? FieldValue.date(text).get()) == iso)
  }

  @Test(arguments: ["2027-02-29", "2027-3", "03-01-27", "tomorrow", ""])
  func badDates(text: String) {
    guard case .failure(let problem) = FieldValue.date(text) else {
      Issue.record("\(text) was accepted")
      return
    }
    #expect(problem.code == "invalid-date")
    let d = problem.diagnostic(file: "f.csv", line: 4, column: "date")
    #expect(d.description == "f.csv:4: date: \(problem.message)")
  }

  @Test func booleansLanguagesEmails() {
    #expect((try? FieldValue.boolean("Ja").get()) == true)
    #expect((try? FieldValue.boolean("").get()) == false)
    #expect((try? FieldValue.boolean("misschien").get()) == nil)
    #expect((try? FieldValue.language("Engels").get()) == "en")
    #expect((try? FieldValue.language("pt").get()) == "pt")
    #expect((try? FieldValue.language("portugees!").get()) == nil)
    #expect(FieldValue.isValidEmail("a.b@example.nl"))
    #expect(!FieldValue.isValidEmail("a b@example.nl"))
    #expect(FieldValue.suggestion(for: "capacty", among: ["id", "capacity"]) == "capacity")
    #expect(FieldValue.suggestion(for: "zzz", among: ["id", "capacity"]) == nil)
    #expect(FieldValue.fold("Gé zond") == "gezond")
  }
}
