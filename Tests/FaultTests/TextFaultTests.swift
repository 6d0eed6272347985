import Foundation
import Intake
import Pipeline
import Reports
import Scheduling
import Testing

/// Text that attacks the outputs or the terminal, and input too large to read: control
/// characters, bidirectional overrides, duplicate keys, a million rows, dates outside any
/// calendar, and a resource file that is not a table at all.
@Suite("Text faults")
struct TextFaultTests {
  static let header = "id,name,sector,years_experience,availability,learning_goal,intake_date"

  static func read(_ rows: [String], json: Bool = false, config: IntakeConfig = IntakeConfig())
    -> Result<IntakeBatch, DiagnosticList>
  {
    let text = ([header] + rows).joined(separator: "\n") + "\n"
    return Result { () throws(DiagnosticList) in
      try IntakeReader(config: config).read(bytes: Array(text.utf8), fileName: "intake.csv")
    }
  }

  static func messages(_ result: Result<IntakeBatch, DiagnosticList>) -> [String] {
    switch result {
    case .success(let batch): batch.warnings.map(\.description)
    case .failure(let list): list.diagnostics.map(\.description)
    }
  }

  struct Bad: Sendable, CustomTestStringConvertible {
    var row: String
    var message: String
    var testDescription: String { message }
  }

  static let refused: [Bad] = [
    Bad(
      row: "c1,\u{1B}[2JEve,Care,3,mon-am,,",
      message: "intake.csv:2: name: the value contains the control character U+001B; remove it"),
    Bad(
      row: "c\u{0}1,Eve,Care,3,mon-am,,",
      message: "intake.csv:2: id: the value contains the control character U+0000; remove it"),
    Bad(
      row: "c1,Eve\u{7},Care,3,mon-am,,",
      message: "intake.csv:2: name: the value contains the control character U+0007; remove it"),
    Bad(
      row: "c1,Eve \u{9B}31m,Care,3,mon-am,,",
      message: "intake.csv:2: name: the value contains the control character U+009B; remove it"),
    Bad(
      row: "c1,\u{202E}evE,Care,3,mon-am,,",
      message:
        "intake.csv:2: name: the value has an unbalanced bidirectional control (U+202E); remove it"),
    Bad(
      row: "c1,Eve\u{2069},Care,3,mon-am,,",
      message:
        "intake.csv:2: name: the value has an unbalanced bidirectional control (U+2069); remove it"),
    Bad(
      row: "\"c1\tc2\",Eve,Care,3,mon-am,,",
      message: "intake.csv:2: id: the value contains the control character U+0009; remove it"),
  ]

  @Test(
    "a control character in an id or a name is refused at file:line: column:", arguments: refused)
  func identifiers(_ bad: Bad) {
    #expect(Self.messages(Self.read([bad.row])) == [bad.message])
  }

  @Test("balanced bidirectional isolates in a name are kept")
  func balancedName() throws {
    let name = "Eve \u{2067}\u{0639}\u{0644}\u{064A}\u{2069}"
    let batch = try Self.read(["c1,\(name),Care,3,mon-am,,"]).get()
    #expect(batch.candidates.first?.name == name)
  }

  @Test(
    "bidirectional controls balance per paragraph, in order",
    arguments: [
      ("a\u{202B}b\u{202C}c", true), ("\u{2066}\u{202A}x\u{2069}", true),
      ("\u{2067}a\u{2068}b\u{2069}c\u{2069}", true), ("plain", true),
      ("\u{200F}marks need no closing\u{200E}", true), ("\u{202E}x", false),
      ("x\u{202C}", false), ("\u{202A}\u{2066}x\u{202C}\u{2069}", false),
      ("\u{202E}x\n\u{202C}", false), ("\u{2069}\u{2066}", false),
    ])
  func bidiBalance(_ text: String, _ balanced: Bool) {
    #expect(TextSafety.bidiIsBalanced(text) == balanced)
  }

  @Test("terminal escaping writes every control as \\u{…} and keeps line ends on request")
  func escaping() {
    #expect(
      TextSafety.escapedForTerminal("a\u{1B}[31mb\u{9B}\u{202E}\nc")
        == "a\\u{1B}[31mb\\u{9B}\\u{202E}\nc")
    #expect(TextSafety.escapedForTerminal("a\nb", keepingLines: false) == "a\\u{A}b")
    let json = "{\n  \"name\" : \"x\u{202E}\u{85}y\"\n}"
    let escaped = TextSafety.escapedJSON(json)
    #expect(escaped == "{\n  \"name\" : \"x\\u202E\\u0085y\"\n}")
    let decoded = try? JSONSerialization.jsonObject(with: Data(escaped.utf8)) as? [String: String]
    #expect(decoded?["name"] == "x\u{202E}\u{85}y")
  }

  @Test("controls in free text are removed with a warning; tabs and line ends stay")
  func freeText() throws {
    let goal = "\"Line one\u{1B}[31m\nline\ttwo\u{7}\u{202E}!\""
    let batch = try Self.read(["c1,Eve,Ca\u{0}re,3,mon-am,\(goal),"]).get()
    let c = try #require(batch.candidates.first)
    #expect(c.learningGoal == "Line one[31m\nline\ttwo!")
    #expect(c.sector == "Care")
    #expect(
      batch.warnings.map(\.description) == [
        "intake.csv:2: sector: warning: removed the control character U+0000 from the text",
        "intake.csv:2: learning_goal: warning: removed the control characters U+001B, U+0007, U+202E from the text",
      ])
  }

  @Test("no control character reaches a contract, an index, the report or a CSV")
  func outputsAreClean() throws {
    let scratch = try Scratch()
    var lines = try String(contentsOfFile: Repository.sample, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Goals with an escape, a bell, a NUL and an override that never ends.
    var changed = 0
    for k in 1..<lines.count where !lines[k].contains("\"") {
      var cells = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard cells.count == 21 else { continue }
      cells[19] = "\"Goal \u{1B}]0;pwned\u{7} \u{202E}desrever \u{0}end\""
      lines[k] = cells.joined(separator: ",")
      changed += 1
    }
    try #require(changed > 20)
    let intake = try scratch.write("intake.csv", lines.joined(separator: "\n"))
    let outcome = try PlanJob.run(
      PlanRequest(form: FormRequest(intakePath: intake, configPath: Repository.sampleConfig)))
    #expect(outcome.warnings.contains { $0.code == "control-character-removed" })
    // The workbook is a ZIP archive, binary by nature; its cells come from the same screened
    // text as the CSVs.
    for file in outcome.files where !file.name.hasSuffix(".xlsx") {
      let bad = file.contents.unicodeScalars.first {
        (TextSafety.isControl($0) && ![0x09, 0x0A, 0x0D].contains($0.value))
          || $0.value == 0x202E
      }
      #expect(bad == nil, "\(file.name) holds U+\(String(bad?.value ?? 0, radix: 16))")
    }
  }

  @Test("the terminal never receives a raw control character from a file")
  func terminalEscaping() throws {
    let scratch = try Scratch()
    let intake = try scratch.write(
      "intake.csv",
      "id,name,sectr\u{1B},level,years_experience,availability\nc1,Eve,Care,senior,3,mon-am\n")
    let result = try Kring.run(["intake", "check", intake])
    #expect(result.status == 1)
    #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B })
    #expect(result.stderr.contains(#"(did you mean "sectr\u{1B}"?)"#), "\(result.stderr)")
  }

  @Test("the rows of a file are capped, and intake.max_rows raises the cap")
  func rowCap() throws {
    let rows = (1...12).map { "c\($0),Eve,Care,3,mon-am,," }
    var small = IntakeConfig()
    small.maxRows = 10
    #expect(
      Self.messages(Self.read(rows, config: small)) == [
        "intake.csv:12: the file has more than 10 rows; at most 10 are read (raise intake.max_rows in kring.yaml to read more)"
      ])
    let raised = try KringConfig.parse(
      yaml: "intake:\n  max_rows: 12", fileName: "kring.yaml", baseDirectory: "", overrides: [])
    #expect(try Self.read(rows, config: raised.intake).get().candidates.count == 12)
  }

  @Test("a million one-character rows are refused at once, by default")
  func millionRows() throws {
    let text = "id\n" + String(repeating: "x\n", count: 1_000_000)
    let clock = ContinuousClock()
    let started = clock.now
    var codes: [String] = []
    do {
      _ = try IntakeReader().read(bytes: Array(text.utf8), fileName: "huge.csv")
    } catch {
      codes = error.diagnostics.map(\.code)
    }
    #expect(codes == ["too-many-rows"])
    #expect(clock.now - started < .seconds(10))
  }

  @Test("thousands of bad rows print a capped number of messages and a count of the rest")
  func messageCap() throws {
    let scratch = try Scratch()
    let rows = (1...3_000).map { "c\($0),Eve,Care,senior,many,mon-am" }
    let intake = try scratch.write(
      "intake.csv",
      (["id,name,sector,level,years_experience,availability"] + rows).joined(separator: "\n"))
    let result = try Kring.run(["intake", "check", intake])
    #expect(result.status == 1)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 201, "\(lines.count) lines")
    #expect(lines.last == "… and 2800 more messages not shown")
  }

  @Test("a key given twice in one JSON object is an error, not a silent winner")
  func duplicateJSONKey() {
    let json = """
      [
        {"id": "c1", "name": "Eve", "sector": "Care", "years_experience": 3,
         "availability": "mon-am",
         "name": "Mallory"}
      ]
      """
    let result = Result { () throws(DiagnosticList) in
      try IntakeReader().read(bytes: Array(json.utf8), fileName: "intake.json")
    }
    #expect(
      Self.messages(result) == [
        #"intake.json:4: name: the key "name" appears twice in this object (first on line 2); keep one"#
      ])
  }

  @Test(
    "dates outside 1900–2200 are refused wherever they are read",
    arguments: ["1899-12-31", "2201-01-01", "31-12-0001", "9999-12-20"])
  func intakeDates(_ date: String) {
    #expect(
      Self.messages(Self.read(["c1,Eve,Care,3,mon-am,,\(date)"])) == [
        "intake.csv:2: intake_date: the date \"\(date)\" is outside the years 1900–2200 that Kring accepts"
      ])
  }

  @Test(
    "a schedule start or blackout outside 1900–2200 is a config error",
    arguments: [
      "schedule:\n  start: 9999-12-20", "schedule:\n  start: 0001-01-01",
      "schedule:\n  blackout: [2300-01-01]",
    ])
  func configDates(_ yaml: String) {
    var messages: [String] = []
    do {
      _ = try KringConfig.parse(
        yaml: yaml, fileName: "kring.yaml", baseDirectory: "", overrides: [])
    } catch {
      messages = error.diagnostics.map(\.description)
    }
    #expect(messages.count == 1)
    #expect(messages.first?.contains("in the years 1900–2200") == true, "\(messages)")
  }

  @Test("a facilitator's absence outside 1900–2200 is refused")
  func unavailableDates() throws {
    let scratch = try Scratch()
    let path = try scratch.write(
      "facilitators.csv",
      "id,name,languages,availability,unavailable\nf1,Ann,nl,mon-am,1800-01-01..2027-01-01\n")
    #expect {
      _ = try FacilitatorReader().read(path: path)
    } throws: { error in
      (error as? DiagnosticList)?.diagnostics.map(\.description) == [
        #"\#(path):2: unavailable: the date "1800-01-01" is outside the years 1900–2200 that Kring accepts"#
      ]
    }
  }

  @Test("a resource file that is not a table says so without repeating its content")
  func notATable() throws {
    let scratch = try Scratch()
    let secret = "root:$6$Qm9vYmFy$c2VjcmV0aGFzaA:20228:0:99999:7:::"
    let shadow = try scratch.write("shadow", secret + "\ndaemon:*:20228:0:99999:7:::\n")
    let config = try scratch.write("kring.yaml", "schedule:\n  facilitators: \(shadow)\n")
    let result = try Kring.run(["plan", Repository.sample, "-c", config, "-o", scratch.path("o")])
    #expect(result.status == 1)
    #expect(result.stderr.contains("this is not a table Kring can read"), "\(result.stderr)")
    #expect(!result.stderr.contains("root"))
    #expect(!result.stderr.contains("$6$"))
    #expect(!result.stderr.contains("daemon"))
  }
}
