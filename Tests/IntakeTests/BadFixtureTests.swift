import Foundation
import Intake
import Testing

/// One bad fixture and every diagnostic it must produce, in order.
struct BadCase: CustomTestStringConvertible, Sendable {
  var file: String
  var expected: [String]
  var codes: [String]
  var requireLevel = false
  /// Whether the problems are warnings only, so the file reads into a batch.
  var warningsOnly = false

  var testDescription: String { file }
}

@Suite struct BadFixtureTests {
  static let cases: [BadCase] = [
    BadCase(
      file: "missing-column.csv",
      expected: [
        #"missing-column.csv: missing required column "sector" (or "branche"); the file's columns are "id", "name", "years_experience", "availability"; to map a form's own questions, run kring intake init missing-column.csv"#
      ],
      codes: ["missing-column"]),
    BadCase(
      file: "duplicate-column.csv",
      expected: [
        #"duplicate-column.csv:1: naam: a second column for name; the first is "name". Remove or rename one"#
      ],
      codes: ["duplicate-column"]),
    BadCase(
      file: "duplicate-id.csv",
      expected: [#"duplicate-id.csv:4: id: duplicate id "c1" (first used on line 2)"#],
      codes: ["duplicate-id"]),
    BadCase(
      file: "unknown-sector.csv",
      expected: [
        #"unknown-sector.csv:3: sector: unknown sector "Zrog" (did you mean "Zorg"?)"#,
        #"unknown-sector.csv:4: sector: unknown sector "Ruimtevaart"; known sectors are Onderwijs, Overheid, Zorg (add it to intake.sectors)"#,
      ],
      codes: ["unknown-sector", "unknown-sector"]),
    BadCase(
      file: "unterminated-quote.csv",
      expected: [
        "unterminated-quote.csv:3: a quoted field starts here but its closing quote is missing"
      ],
      codes: ["unterminated-quote"]),
    BadCase(
      file: "invalid-utf8.csv",
      expected: ["invalid-utf8.csv:3: name: the text is not valid UTF-8; save the file as UTF-8"],
      codes: ["invalid-utf8"]),
    BadCase(
      file: "too-few-fields.csv",
      expected: ["too-few-fields.csv:3: row has 3 fields but the header has 5"],
      codes: ["too-few-fields"]),
    BadCase(
      file: "too-many-fields.csv",
      expected: ["too-many-fields.csv:3: row has 6 fields but the header has 5"],
      codes: ["too-many-fields"]),
    BadCase(
      file: "not-a-number.csv",
      expected: [
        #"not-a-number.csv:2: years_experience: expected a number of years such as 12 or 12,5, got "veel""#
      ],
      codes: ["not-a-number"]),
    BadCase(
      file: "negative-number.csv",
      expected: [
        #"negative-number.csv:2: years_experience: years of experience cannot be negative, got "-3""#
      ],
      codes: ["negative-number"]),
    BadCase(
      file: "years-out-of-range.csv",
      expected: [
        #"years-out-of-range.csv:2: years_experience: years of experience must be at most 70, got "85 jaar""#
      ],
      codes: ["years-out-of-range"]),
    BadCase(
      file: "rating-out-of-range.csv",
      expected: [
        #"rating-out-of-range.csv:2: motivation: a rating must be from 1 to 5, got "7""#,
        #"rating-out-of-range.csv:2: commitment: expected a rating from 1 to 5, got "hoog""#,
      ],
      codes: ["rating-out-of-range", "not-a-number"]),
    BadCase(
      file: "unknown-level.csv",
      expected: [
        #"unknown-level.csv:2: level: unknown level "seniour"; expected one of professional, senior, lead, manager, director or a number 1–5 (did you mean "senior"?)"#,
        #"unknown-level.csv:3: level: unknown level "9"; expected one of professional, senior, lead, manager, director or a number 1–5"#,
      ],
      codes: ["unknown-level", "unknown-level"]),
    BadCase(
      file: "missing-level.csv",
      expected: [
        "missing-level.csv:3: level: level is required because the programme uses hierarchy"
      ],
      codes: ["missing-value"], requireLevel: true),
    BadCase(
      file: "unknown-slot.csv",
      expected: [
        #"unknown-slot.csv:2: availability: unknown availability slot "tue-nite"; use tokens such as tue-pm or di-middag"#,
        #"unknown-slot.csv:3: availability: unknown availability slot "wo-avnd"; use tokens such as tue-pm or di-middag (did you mean "wo-avond"?)"#,
      ],
      codes: ["unknown-slot", "unknown-slot"]),
    BadCase(
      file: "field-too-long.csv",
      expected: [
        "field-too-long.csv:2: name: the value is 201 characters long; at most 200 are allowed",
        "field-too-long.csv:3: learning_goal: the value is 2001 characters long; at most 2000 are allowed",
      ],
      codes: ["field-too-long", "field-too-long"]),
    BadCase(
      file: "empty-file.csv",
      expected: ["empty-file.csv: the file is empty: expected a header row and candidates"],
      codes: ["empty-file"]),
    BadCase(
      file: "no-candidates.csv",
      expected: ["no-candidates.csv: the file has a header but no candidates"],
      codes: ["no-candidates"]),
    BadCase(
      file: "reporting-cycle.csv",
      expected: [
        "reporting-cycle.csv:2: manager_id: reporting-line cycle: c1 → c2 → c3 → c1",
        "reporting-cycle.csv:3: manager_id: reporting-line cycle: c1 → c2 → c3 → c1",
        "reporting-cycle.csv:4: manager_id: reporting-line cycle: c1 → c2 → c3 → c1",
        "reporting-cycle.csv:5: manager_id: reporting-line cycle: c4 → c4",
      ],
      codes: Array(repeating: "reporting-cycle", count: 4)),
    BadCase(
      file: "unknown-manager.csv",
      expected: [
        #"unknown-manager.csv:2: manager_id: warning: manager "c99" is not in this file; the reporting line stops here"#
      ],
      codes: ["unknown-manager"], warningsOnly: true),
    BadCase(
      file: "unknown-avoid.csv",
      expected: [
        #"unknown-avoid.csv:2: avoid: warning: "c98" to avoid is not in this file; that entry binds nobody"#
      ],
      codes: ["unknown-avoid"], warningsOnly: true),
    BadCase(
      file: "invalid-email.csv",
      expected: [
        #"invalid-email.csv:2: email: invalid email address "ann.example.nl""#,
        #"invalid-email.csv:3: email: invalid email address "bert@kok""#,
      ],
      codes: ["invalid-email", "invalid-email"]),
    BadCase(
      file: "invalid-date.csv",
      expected: [
        #"invalid-date.csv:2: intake_date: expected a date as YYYY-MM-DD, got "2026-13-01""#,
        #"invalid-date.csv:3: intake_date: expected a date as YYYY-MM-DD, got "31-02-2026""#,
      ],
      codes: ["invalid-date", "invalid-date"]),
    BadCase(
      file: "missing-value.csv",
      expected: [
        "missing-value.csv:2: id: id is required",
        "missing-value.csv:3: name: name is required",
        "missing-value.csv:4: sector: sector is required",
        // Years may be missing: such a row is grouped at the batch median (a warning).
        "missing-value.csv:4: availability: availability is required: list weekly slots such as tue-pm or di-middag",
      ],
      codes: Array(repeating: "missing-value", count: 4)),
    BadCase(
      file: "unknown-language.csv",
      expected: [
        #"unknown-language.csv:2: language: unknown language "Klingonees"; use a code such as nl or en"#
      ],
      codes: ["unknown-language"]),
    BadCase(
      file: "unknown-format.csv",
      expected: [
        #"unknown-format.csv:2: format: unknown format "onlin"; use online, in-person or either (did you mean "online"?)"#
      ],
      codes: ["unknown-format"]),
    BadCase(
      file: "invalid-boolean.csv",
      expected: [#"invalid-boolean.csv:2: needs_accessible: expected yes or no, got "misschien""#],
      codes: ["invalid-boolean"]),
    BadCase(
      file: "invalid-json.json",
      expected: [#"invalid-json.json:3: expected ',' or '}' after the value of "name""#],
      codes: ["invalid-json"]),
    BadCase(
      file: "unsupported-value.json",
      expected: [
        "unsupported-value.json:2: years_experience: expected text, a number, true/false, null or a list of text"
      ],
      codes: ["unsupported-value"]),
  ]

  @Test func everyBadFixtureHasACase() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Fixture.path("bad"))
    #expect(Set(files) == Set(Self.cases.map(\.file)))
    #expect(files.count >= 22)
  }

  @Test(arguments: cases)
  func reportsExactly(_ bad: BadCase) throws {
    let bytes = try Fixture.bytes("bad/" + bad.file)
    let options = IntakeReader.Options(requireLevel: bad.requireLevel)
    switch readOutcome(bytes, name: bad.file, options: options) {
    case .success(let batch):
      #expect(bad.warningsOnly, "expected errors, got a batch")
      #expect(batch.warnings.map(\.description) == bad.expected)
      #expect(batch.warnings.map(\.code) == bad.codes)
      #expect(batch.warnings.allSatisfy { $0.severity == .warning })
    case .failure(let list):
      #expect(!bad.warningsOnly, "expected a batch with warnings, got \(list)")
      #expect(list.diagnostics.map(\.description) == bad.expected)
      #expect(list.diagnostics.map(\.code) == bad.codes)
      #expect(list.diagnostics.allSatisfy { $0.file == bad.file })
    }
  }

  /// Reading by path names the file as given and reaches the same verdict.
  @Test func readByPathUsesThePathAsGiven() throws {
    let path = Fixture.path("bad/duplicate-id.csv")
    #expect(throws: DiagnosticList.self) {
      _ = try IntakeReader(config: Fixture.config).read(path: path)
    }
    do {
      _ = try IntakeReader(config: Fixture.config).read(path: path)
    } catch {
      #expect(error.diagnostics.first?.file == path)
    }
  }

  @Test func missingFileIsADiagnostic() {
    #expect {
      _ = try IntakeReader().read(path: "/nonexistent/intake.csv")
    } throws: { error in
      (error as? DiagnosticList)?.diagnostics.map(\.code) == ["unreadable-file"]
    }
  }

  /// The size limit is checked before reading: a sparse file of 101 MB costs no disk.
  @Test func fileOverTheLimitIsRefusedBeforeReading() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("kring-large-\(UInt32.random(in: 0...UInt32.max)).csv")
    #expect(FileManager.default.createFile(atPath: url.path, contents: Data("id\n".utf8)))
    defer { try? FileManager.default.removeItem(at: url) }
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: 101_000_000)
    try handle.close()
    do {
      _ = try IntakeReader().read(path: url.path)
      Issue.record("expected file-too-large")
    } catch {
      #expect(error.diagnostics.map(\.code) == ["file-too-large"])
      #expect(
        error.diagnostics.first?.message == "the file is 101 MB; at most 100 MB is accepted")
    }
  }
}
