import Foundation
import Testing

@testable import Intake

/// Form exports as they are downloaded: workbooks, other encodings, answers as typed,
/// people named by name, submissions twice, test rows; every new message with its exact text.
@Suite struct FormExportReadingTests {
  /// A CSV intake without an id column, as a form export has it.
  static let header = "Tijdstempel,E-mailadres,Naam,Sector,Ervaring,Beschikbaarheid"

  func read(_ text: String, name: String = "f.csv", config: IntakeConfig = Fixture.config)
    -> Result<IntakeBatch, DiagnosticList>
  {
    readOutcome(Array(text.utf8), name: name, config: config)
  }

  func messages(_ r: Result<IntakeBatch, DiagnosticList>) -> [String] {
    switch r {
    case .success(let b): return (b.warnings + b.skipped).map(\.description)
    case .failure(let list): return list.diagnostics.map(\.description)
    }
  }

  // MARK: Identity

  @Test func idsComeFromTheEmailOrTheRow() throws {
    let batch = try read(
      Self.header + "\n1-9-2026 10:00,Ann.Bos@Zorg.NL ,Ann Bos,Zorg,3,di-middag\n"
        + "1-9-2026 10:05,,Bert Kok,Zorg,4,di-middag\n"
    ).get()
    #expect(batch.candidates.map(\.id.rawValue) == ["ann.bos@zorg.nl", "r3"])
  }

  @Test func aSecondSubmissionReplacesTheFirstByTimestamp() throws {
    // The later submission is written first: the timestamp decides, not the line.
    let text =
      Self.header + "\n15-9-2026 09:00,ann@zorg.nl,Ann Bos,Zorg,3,wo-avond\n"
      + "2-9-2026 17:30,bert@zorg.nl,Bert Kok,Zorg,4,di-middag\n"
      + "14-9-2026 21:10,ANN@zorg.nl,Ann Bos,Zorg,3,di-middag\n"
    let batch = try read(text).get()
    #expect(batch.candidates.map(\.name) == ["Ann Bos", "Bert Kok"])
    #expect(batch.candidates[0].availability.slots == [Slot(.wed, .eve)])
    #expect(
      messages(.success(batch)) == [
        #"f.csv:2: note: "Ann Bos" submitted the form twice (lines 2 and 4); the latest answers, line 2 (15-9-2026 09:00), are used"#,
        "f.csv:4: note: an earlier submission of the same person; the answers of line 2 are used",
      ])
  }

  @Test func sameNameWithoutEmailIsOnePerson() throws {
    let text =
      Self.header + "\n1-9-2026 10:00,,José Álvarez,Zorg,3,wo-avond\n"
      + "2-9-2026 10:00,,jose\u{301} a\u{301}lvarez,Zorg,3,di-middag\n"
    let batch = try read(text).get()
    #expect(batch.candidates.count == 1)
    #expect(batch.candidates[0].availability.slots == [Slot(.tue, .pm)])
  }

  @Test func aRowWithOnlyANameIsATestSubmission() throws {
    let text =
      Self.header + "\n1-9-2026 10:00,ann@zorg.nl,Ann Bos,Zorg,3,di-middag\n"
      + "1-9-2026 09:00,,Test,,,\n1-9-2026 09:01,,,n.v.t.,,\n"
    let batch = try read(text).get()
    #expect(batch.candidates.count == 1)
    #expect(
      batch.skipped.map(\.description) == [
        #"f.csv:3: Naam: warning: only a name ("Test") is filled in: taken as a test submission and left out"#,
        "f.csv:4: warning: the row holds no answers: taken as a test submission and left out",
      ])
  }

  // MARK: People named by name

  static let people =
    "id,name,email,sector,years_experience,availability,manager_id,avoid\n"
    + "c1,Jan de Vries,jan@a.nl,Zorg,3,mon-am,,\n" + "c2,Jan Bakker,jbakker@b.nl,Zorg,3,mon-am,,\n"
    + "c3,Karin Jansen,karin@a.nl,Zorg,3,mon-am,,\n" + "c4,Zoë Meijer,zoe@a.nl,Zorg,3,mon-am,,\n"

  @Test func managersAndAvoidByNameOrEmail() throws {
    let text =
      Self.people
      + "c5,Piet Smit,piet@a.nl,Zorg,3,mon-am,KARIN JANSEN,\"jbakker@b.nl; zoe\u{308} meijer\"\n"
    let batch = try read(text).get()
    let piet = try #require(batch.candidates.last)
    #expect(piet.managerID == "c3")
    #expect(piet.avoid == ["c2", "c4"])
    #expect(batch.warnings.isEmpty)
  }

  @Test func anAmbiguousNameIsAWarningAndKeepsApartFromAll() throws {
    let text =
      Self.people + "c5,Piet Smit,piet@a.nl,Zorg,3,mon-am,Jan,\n"
      + "c6,Els Ruis,els@a.nl,Zorg,3,mon-am,,Jan\n"
    let batch = try read(text).get()
    #expect(
      batch.warnings.map(\.description) == [
        #"f.csv:6: manager_id: warning: "Jan" could mean Jan de Vries (line 2) or Jan Bakker (line 3); kept apart from both, but the reporting line is not followed further; write the full name or email to be sure"#,
        #"f.csv:7: avoid: warning: "Jan" could mean Jan de Vries (line 2) or Jan Bakker (line 3); kept apart from both; write the full name or email to be sure"#,
      ])
    #expect(batch.candidates[4].avoid == ["c1", "c2"])
    #expect(batch.candidates[4].managerID == nil)
    #expect(batch.candidates[5].avoid == ["c1", "c2"])
  }

  @Test func aPartOfANameOrATypoIsAGuessThatSaysSo() throws {
    let text =
      Self.people + "c5,Piet Smit,piet@a.nl,Zorg,3,mon-am,Karin,\n"
      + "c6,Els Ruis,els@a.nl,Zorg,3,mon-am,,Zoe Meier\n"
    let batch = try read(text).get()
    #expect(
      batch.warnings.map(\.description) == [
        #"f.csv:6: manager_id: warning: "Karin" is taken as Karin Jansen (line 4), the only close match; write the full name or email to be sure"#,
        #"f.csv:7: avoid: warning: "Zoe Meier" is taken as Zoë Meijer (line 5), the only close match; write the full name or email to be sure"#,
      ])
    #expect(batch.candidates[4].managerID == "c3")
  }

  @Test func nobodyByThatNameIsAWarning() throws {
    let text = Self.people + "c5,Piet Smit,piet@a.nl,Zorg,3,mon-am,n.v.t.,Henk Groen\n"
    let batch = try read(text).get()
    #expect(
      batch.warnings.map(\.description) == [
        #"f.csv:6: avoid: warning: "Henk Groen" to avoid is not in this file; that entry binds nobody"#
      ])
    // "n.v.t." is not a manager.
    #expect(batch.candidates[4].managerID == nil)
  }

  // MARK: Answers as typed

  @Test(arguments: [
    ("10+", 10.0), ("ca. 19", 19), ("meer dan 20", 20), ("ruim 5", 5), ("5-10", 7.5),
    ("5 tot 10 jaar", 7.5), ("± 8", 8), ("bijna 3 jaar", 3), ("minder dan 2", 1), ("geen", 0),
    ("12,5 jaar", 12.5),
  ])
  func yearsAsTyped(_ text: String, _ years: Double) throws {
    let batch = try read(
      "id,name,sector,years_experience,availability\nc1,A,Zorg,\"\(text)\",mon-am\n"
    ).get()
    #expect(batch.candidates[0].yearsExperience == years)
  }

  @Test func missingYearsAreTheMedianWithAWarning() throws {
    let text =
      "id,name,sector,years_experience,availability\nc1,A,Zorg,2,mon-am\nc2,B,Zorg,n.v.t.,mon-am\n"
      + "c3,C,Zorg,10,mon-am\nc4,D,Zorg,5-7,mon-am\nc5,E,Zorg,,mon-am\n"
    let batch = try read(text).get()
    #expect(batch.candidates.map(\.yearsExperience) == [2, 6, 10, 6, 6])
    #expect(batch.candidates.map(\.yearsEstimated) == [false, true, false, false, true])
    #expect(
      batch.warnings.map(\.description) == [
        #"f.csv:3: years_experience: warning: no years of experience ("n.v.t."); grouped as if at the batch median, 6 years"#,
        "f.csv:6: years_experience: warning: no years of experience given; grouped as if at the batch median, 6 years",
        #"f.csv:5: years_experience: note: "5-7" is read as 6 years, the middle of 5–7"#,
      ])
  }

  @Test(arguments: [
    ("Maandagochtend;Dinsdagavond;", [Slot(.mon, .am), Slot(.tue, .eve)]),
    ("dinsdag middag, donderdag avond", [Slot(.tue, .pm), Slot(.thu, .eve)]),
    ("ma ochtend", [Slot(.mon, .am)]),
    ("Monday morning, Tuesday evening", [Slot(.mon, .am), Slot(.tue, .eve)]),
    ("maandag en dinsdag avond", [Slot(.mon, .eve), Slot(.tue, .eve)]),
    ("maandag ochtend en middag", [Slot(.mon, .am), Slot(.mon, .pm)]),
    ("'s avonds op donderdag", [Slot(.thu, .eve)]),
    ("Dinsdagavond (19:00-21:00)\nDonderdagmiddag", [Slot(.tue, .eve), Slot(.thu, .pm)]),
    ("ma/di-ochtend", [Slot(.mon, .am), Slot(.tue, .am)]),
  ])
  func availabilityAsFormsWriteIt(_ text: String, _ slots: [Slot]) {
    let (set, problems) = AvailabilityText.parse(text)
    #expect(problems.isEmpty, "\(problems)")
    #expect(set.slots == slots)
  }

  @Test func answersMapThroughIntakeValues() throws {
    var config = Fixture.config
    config.values = [
      "availability": ["Alle dagdelen": ["all"], "Geen voorkeur": ["mon-am", "tue-am"]],
      "language": ["Beide": ["nl", "en"]],
      "level": ["Medewerker": ["professional"], "Teamleider": ["lead"]],
      "format": ["Op kantoor": ["in-person"]], "needs_accessible": ["Rolstoel": ["yes"]],
      "sector": ["GGZ-instelling": ["Zorg"]], "organization": ["ZZP": []],
    ]
    let text =
      "id,name,organization,sector,functieniveau,years_experience,language,format,availability,toegankelijk\n"
      + "c1,A,zzp,GGZ-instelling,medewerker,3,beide,op kantoor,alle dagdelen,rolstoel\n"
      + "c2,B,Gemeente,Zorg,Teamleider,3,Nederlands of Engels,Fysiek (Utrecht),\"Geen voorkeur; do-avond\",Ja graag\n"
    let batch = try read(text, config: config).get()
    let a = batch.candidates[0]
    let b = batch.candidates[1]
    #expect(a.organization == nil && a.sector == "Zorg" && a.levelName == "professional")
    #expect(a.languages == ["nl", "en"] && a.format == .inPerson && a.needsAccessible)
    #expect(a.availability.count == 21)
    #expect(b.levelName == "lead" && b.languages == ["nl", "en"] && b.format == .inPerson)
    #expect(b.availability.slots == [Slot(.mon, .am), Slot(.tue, .am), Slot(.thu, .eve)])
    #expect(b.needsAccessible)
  }

  // MARK: Files

  @Test func windows1252IsReadWithANote() throws {
    let text = "id;name;sector;years_experience;availability\r\nc1;José Müller;Zorg;3;di-middag\r\n"
    let bytes = try #require(text.data(using: .windowsCP1252).map { [UInt8]($0) })
    let batch = try readOutcome(bytes, name: "w.csv").get()
    #expect(batch.candidates[0].name == "José Müller")
    #expect(
      batch.warnings.map(\.description) == [
        #"w.csv: note: the file is not UTF-8; it was read as Windows-1252 (Excel's "CSV" on Windows); save it as "CSV UTF-8" to be sure of every accent"#
      ])
  }

  @Test(arguments: [false, true])
  func utf16WithABOMIsRead(bigEndian: Bool) throws {
    let text =
      "id\tname\tsector\tyears_experience\tavailability\r\nc1\tZoë Çelik\tZorg\t3\tdi-middag\r\n"
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in text.utf16 {
      bytes +=
        bigEndian
        ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
    }
    let batch = try readOutcome(bytes, name: "u.txt").get()
    #expect(batch.candidates[0].name == "Zoë Çelik")
    #expect(batch.warnings.isEmpty)
  }

  @Test func aWorkbookWrittenByOpenpyxlIsRead() throws {
    // Microsoft Forms' layout: its own ID, times, Email ("anonymous") and Name columns, the
    // questions after them; dates, a boolean, a number and rich text; the answers on the
    // second sheet.
    let bytes = try Fixture.bytes("forms/ms-forms-openpyxl.xlsx")
    let draft = try IntakeDraft.make(bytes: bytes, fileName: "ms.xlsx", sheet: "Form1")
    #expect(draft.ignore == ["ID", "Start time", "Email", "Name"])
    #expect(
      draft.columns.map(\.field) == [
        "name", "email", "organization", "sector", "level", "years_experience", "availability",
        "needs_accessible", "intake_date", "timestamp",
      ])
    var config = IntakeConfig(sheet: "form1", ignore: draft.ignore)
    config.columns = Dictionary(
      uniqueKeysWithValues: draft.columns.map { ($0.field, $0.headers[0]) })
    config.values["level"] = [
      "Medewerker": ["professional"], "Senior adviseur": ["senior"], "Teamleider": ["lead"],
    ]
    let batch = try readOutcome(bytes, name: "ms.xlsx", config: config).get()
    #expect(
      batch.candidates.map(\.id.rawValue) == [
        "sanne.dewit@zorggroep.nl", "y.kaya@zwolle.nl", "mirjam@rocmidden.nl",
      ])
    #expect(batch.candidates.map(\.name) == ["Sanne de Wit", "Yusuf Kaya", "Mirjam Schöt"])
    #expect(batch.candidates.map(\.yearsExperience) == [6, 3.5, 10])
    #expect(batch.candidates.map(\.needsAccessible) == [false, true, false])
    #expect(batch.candidates.map(\.intakeDate) == ["2026-09-01", "2026-09-02", "2026-09-03"])
    #expect(batch.candidates[0].attributes["timestamp"] == "2026-09-14 10:22:31")
  }

  @Test func workbookProblemsAreNamed() {
    let bytes = (try? Fixture.bytes("forms/ms-forms-openpyxl.xlsx")) ?? []
    #expect(
      messages(readOutcome(bytes, name: "ms.xlsx", config: IntakeConfig(sheet: "Blad1"))) == [
        #"ms.xlsx: the workbook has no sheet "Blad1" (intake.sheet); its sheets are "Toelichting", "Form1""#
      ])
    #expect(
      messages(readOutcome(Array("id,name\n".utf8), name: "x.xlsx")) == [
        "x.xlsx: the file is not a readable Excel workbook (not a ZIP package); save it again as .xlsx or as CSV UTF-8"
      ])
    #expect(
      messages(
        readOutcome([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], name: "old.xls")) == [
          "old.xls: the file is an Excel 97–2003 workbook (.xls), which Kring cannot read; save it as .xlsx or as CSV UTF-8"
        ])
  }

  @Test func theWorkbookWriterAndReaderAgree() throws {
    let hostile = "=HYPERLINK(\"http://x\",\"<b>&\")"
    let day = CivilDay.days(year: 2026, month: 9, day: 14)
    let table = SpreadsheetTable(
      name: "Antwoorden",
      header: ["id", "name", "sector", "years_experience", "availability", "when"],
      rows: [
        [
          .text("c1"), .text(hostile), .text("Zorg\u{1}"), .number(12.5), .text("Maandagochtend;"),
          .date(day: day, seconds: 37_351, time: true),
        ],
        [
          .text("c2"), .text("Zoë"), .text("Zorg"), .number(3), .text("di-middag"),
          .date(day: day, seconds: 0, time: false),
        ],
      ])
    for shared in [true, false] {
      let bytes = try XLSXWriter(sharedStrings: shared).workbook([table])
      let read = try DataTable.parse(bytes: bytes, file: "t.xlsx")
      #expect(read.headers == table.header)
      #expect(
        read.rows.map(\.fields) == [
          ["c1", hostile, "Zorg", "12.5", "Maandagochtend;", "2026-09-14 10:22:31"],
          ["c2", "Zoë", "Zorg", "3", "di-middag", "2026-09-14"],
        ])
      #expect(read.rows.map(\.line) == [2, 3])
    }
  }

  @Test(arguments: [
    ("yyyy-mm-dd", SpreadsheetML.DateKind.date), ("d-m-yyyy h:mm:ss", .dateTime),
    ("hh:mm", .time), ("[h]:mm", .time), ("0.00", .none), ("[Red]#,##0.00", .none),
    ("\"dag\" 0", .none), ("mmm yy", .date), ("General", .none), ("dd\\-mm;@", .date),
  ])
  func numberFormatsThatShowDates(_ code: String, _ kind: SpreadsheetML.DateKind) {
    #expect(SpreadsheetML.customKind(code) == kind)
  }

  @Test func excelSerialsAreDates() {
    #expect(
      SpreadsheetML.dateText(serial: 46279.43230324074, kind: .dateTime, date1904: false)
        == "2026-09-14 10:22:31")
    #expect(SpreadsheetML.dateText(serial: 1, kind: .date, date1904: false) == "1900-01-01")
    #expect(SpreadsheetML.dateText(serial: 61, kind: .date, date1904: false) == "1900-03-01")
    #expect(SpreadsheetML.dateText(serial: 0, kind: .date, date1904: true) == "1904-01-01")
    #expect(SpreadsheetML.dateText(serial: 0.5, kind: .time, date1904: false) == "12:00")
    #expect(SpreadsheetML.column(ofReference: "AB12") == 27)
    #expect(SpreadsheetML.columnLetters(27) == "AB")
    #expect(SpreadsheetML.numberText(3.4999999999999996) == "3.5")
  }
}

extension FormExportReadingTests {
  /// A name asked in parts and availability asked as a grid, as Google Forms exports them.
  static let grid =
    "Tijdstempel,Voornaam,Tussenvoegsel,Achternaam,E-mailadres,In welke sector werk je?,Hoeveel jaar ervaring?,Wanneer kun je? [Maandag],Wanneer kun je? [Dinsdag],Wanneer kun je? [Donderdag]\n"
    + "1-9-2026 10:00,Jan,de,Vries,jan@a.nl,Zorg,3,\"Ochtend, Middag\",,Avond\n"
    + "1-9-2026 10:05,Ann,,Bos,ann@b.nl,Zorg,4,,Middag,\n"

  @Test func aNameInPartsAndAGridAreDraftedAndRead() throws {
    let draft = try IntakeDraft.make(bytes: Array(Self.grid.utf8), fileName: "g.csv")
    #expect(
      draft.columns.first { $0.field == "name" }?.headers == [
        "Voornaam", "Tussenvoegsel", "Achternaam",
      ])
    #expect(
      draft.columns.first { $0.field == "availability" }?.headers == [
        "Wanneer kun je? [Maandag]", "Wanneer kun je? [Dinsdag]", "Wanneer kun je? [Donderdag]",
      ])
    #expect(draft.yaml().contains(#"    name: ["Voornaam", "Tussenvoegsel", "Achternaam"]"#))
    var config = IntakeConfig()
    config.columns = Dictionary(
      uniqueKeysWithValues: draft.columns.map { ($0.field, $0.headers[0]) })
    config.columnLists = Dictionary(
      uniqueKeysWithValues: draft.columns.filter { $0.headers.count > 1 }.map {
        ($0.field, $0.headers)
      })
    let batch = try read(Self.grid, name: "g.csv", config: config).get()
    #expect(batch.candidates.map(\.name) == ["Jan de Vries", "Ann Bos"])
    #expect(
      batch.candidates[0].availability.slots == [
        Slot(.mon, .am), Slot(.mon, .pm), Slot(.thu, .eve),
      ])
    #expect(batch.candidates[1].availability.slots == [Slot(.tue, .pm)])
    config.columnLists["name"] = ["Voornaam", "Achternaam", "Roepnaam"]
    #expect(
      messages(read(Self.grid, name: "g.csv", config: config)) == [
        #"g.csv: missing column "Roepnaam" (listed for name in intake.columns)"#
      ])
  }
}

extension FormExportReadingTests {
  @Test func aRangeGivenOftenIsOneNote() throws {
    let text =
      "id,name,sector,years_experience,availability\nc1,A,Zorg,5-10,mon-am\nc2,B,Zorg,5-10,mon-am\n"
      + "c3,C,Zorg,5-10,mon-am\n"
    #expect(
      messages(read(text)) == [
        #"f.csv:2: years_experience: note: "5-10" is read as 7.5 years, the middle of 5–10 (2 more rows gave it)"#
      ])
  }

  @Test func moreWorkbookProblemsAreNamed() throws {
    let empty = try XLSXWriter().workbook([SpreadsheetTable(name: "Leeg", header: [], rows: [])])
    #expect(
      messages(readOutcome(empty, name: "e.xlsx")) == [
        "e.xlsx: the first sheet is empty: expected a header row and candidates"
      ])
    let wide = try XLSXWriter().workbook([
      SpreadsheetTable(
        name: "S", header: ["id", "name", "sector", "years_experience", "availability"],
        rows: [[.text("c1"), .text("A"), .text("Zorg"), .number(2), .text("mon-am"), .text("x")]])
    ])
    #expect(
      messages(readOutcome(wide, name: "w.xlsx")) == [
        "w.xlsx:2: row has 6 fields but the header has 5"
      ])
    #expect(
      messages(readOutcome(Array("PK\u{3}\u{4}rest".utf8), name: "sheet.ods")) == [
        "sheet.ods: the file is an OpenDocument spreadsheet (.ods), which Kring cannot read; save it as .xlsx or as CSV UTF-8"
      ])
  }
}

extension FormExportReadingTests {
  /// Questions and job titles as held-out exports word them: a compound Dutch word for the
  /// language question, an abbreviated "Sr." as senior.
  @Test(arguments: [
    ("Voorkeurstaal", "language"), ("Taalvoorkeur intervisie", "language"),
    ("In welke taal wil je meedoen?", "language"), ("Preferred language", "language"),
    ("Totaal aantal jaren werkervaring", "years_experience"),
  ])
  func headersAreRecognised(header: String, field: String) {
    #expect(FormQuestions.field(for: header)?.rawValue == field)
  }

  @Test(arguments: [
    ("Sr. beleidsadviseur", 1), ("sr consultant", 1), ("Senior", 1), ("Beleidsmedewerker", 0),
    ("Srebrenica-onderzoeker", 0), ("Teamleider", 2), ("Directie", 4),
  ])
  func jobWordsAreOnTheLadder(answer: String, rung: Int) {
    #expect(LevelLadder.rung(of: answer) == rung)
  }
}
