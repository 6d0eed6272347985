import Testing

@testable import Reports

@Suite struct HostileDataTests {
  static let hostile: [Int: String] = [
    1: "<script>alert(1)</script>",
    2: "=cmd|' /C calc'!A0",
    3: "@SUM(1)",
    4: "\"quoted\" O'Brien",
    5: "Line\nbreak & co",
    7: "+31 6 <b>bold</b>",
    8: "-2+3+cmd|' /C calc'!A0",
  ]

  static func plan() throws -> PlanDocument {
    try TestPlans.plan(
      rename: hostile,
      facilitatorNames: ["f1": "=HYPERLINK(\"http://evil.example\")", "f2": "<script>x</script>"],
      roomNames: ["r1": "@room <i>", "r2": "-cmd|' /C calc'!A0"],
      learningGoals: [1: "<img src=x onerror=alert(1)>", 2: "| pipe | and `code` *bold*"],
      facilitatorIDs: ["f2": "../../etc"])
  }

  @Test(arguments: OutputLanguage.allCases)
  func htmlHasNoMarkupFromData(language: OutputLanguage) throws {
    let files = TestPlans.files(try Self.plan(), ReportOptions(language: language))
    let html = try #require(files["report.html"])
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("<b>"))
    #expect(!html.contains("<i>"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("&quot;quoted&quot; O&#39;Brien"))
    #expect(html.contains("Line\nbreak &amp; co"))
    #expect(Checkers.htmlProblems(html) == [])
  }

  @Test func htmlIsSelfContained() throws {
    let html = try #require(TestPlans.files(try TestPlans.plan())["report.html"])
    for forbidden in ["http://", "https://", "src=", "<link", "@import", "url(", "<script"] {
      #expect(!html.contains(forbidden), "report.html holds \(forbidden)")
    }
    #expect(html.contains("@media print"))
    #expect(html.components(separatedBy: "<svg").count - 1 == 5)
  }

  @Test func checkerCatchesBrokenMarkup() {
    #expect(!Checkers.htmlProblems("<div><p>x</div></p>").isEmpty)
    #expect(!Checkers.htmlProblems("<div><script>x</script></div>").isEmpty)
    #expect(!Checkers.htmlProblems("<div>a < b</div>").isEmpty)
    #expect(!Checkers.htmlProblems("<div>").isEmpty)
    #expect(Checkers.htmlProblems("<div title=\"a&amp;b\"><p>x</p></div>") == [])
  }

  @Test func csvCheckerSeesFormulasAndQuotedFields() {
    #expect(Checkers.isLiveFormula("=1+1") && Checkers.isLiveFormula("@SUM(1)"))
    #expect(Checkers.isLiveFormula("-2+3") && !Checkers.isLiveFormula("-3"))
    #expect(!Checkers.isLiveFormula("'=1+1"))
    #expect(
      Checkers.csvRecords("a,\"b,\"\"c\"\"\nd\"\r\ne,f\r\n") == [["a", "b,\"c\"\nd"], ["e", "f"]])
  }

  @Test func everyCSVCellIsNeutralised() throws {
    let files = TestPlans.files(try Self.plan())
    let csvs = files.filter { $0.key.hasSuffix(".csv") }
    #expect(!csvs.isEmpty)
    for (path, text) in csvs {
      let records = Checkers.csvRecords(text)
      #expect(records.count > 1)
      for record in records {
        #expect(record.count == records[0].count, "\(path): ragged record \(record)")
        for cell in record {
          #expect(!Checkers.isLiveFormula(cell), "\(path): live formula \(cell)")
        }
      }
      // The hostile names are there, neutralised rather than dropped.
      #expect(text.contains("'=HYPERLINK"))
      #expect(text.contains("'@room <i>"))
      #expect(text.contains("'-cmd|"))
    }
  }

  @Test func scheduleCSVHasOneRowPerSession() throws {
    let plan = try TestPlans.plan()
    let records = Checkers.csvRecords(
      ReportBuilder.scheduleCSV(for: plan, options: ReportOptions(language: .en)))
    #expect(
      records.first == [
        "group", "session", "date", "start", "end", "format", "facilitated", "facilitator",
        "facilitator_name", "room", "room_name", "slot", "available",
      ])
    #expect(records.count - 1 == plan.schedule.reduce(0) { $0 + $1.sessions.count })
    let first = try #require(records.dropFirst().first)
    #expect(
      first == [
        "G01", "1", "2027-01-12", "14:00", "16:00", "in-person", "true", "f1", "Facilitator F1",
        "r1", "Room R1", "tue-pm", "6",
      ])
  }

  @Test func markdownHasNoActiveMarkupFromData() throws {
    let files = TestPlans.files(try Self.plan(), ReportOptions(language: .en))
    for (path, text) in files where path.hasSuffix(".md") {
      // Every `<` and `&` is backslash-escaped, so a renderer shows it instead of running it.
      var previous: Character = " "
      for c in text {
        if c == "<" || c == "&" { #expect(previous == "\\", "\(path): raw \(c)") }
        previous = c
      }
      #expect(text.contains("\\<script\\>") || !text.contains("script"), "\(path)")
      // Every table row keeps its column count: no `|` from data splits a cell.
      for block in text.components(separatedBy: "\n\n") {
        let rows = block.split(separator: "\n").filter { $0.hasPrefix("| ") }
        guard let header = rows.first else { continue }
        let columns = unescapedPipes(header)
        for row in rows { #expect(unescapedPipes(row) == columns, "\(path): \(row)") }
      }
    }
  }

  private func unescapedPipes<S: StringProtocol>(_ line: S) -> Int {
    var count = 0
    var escaped = false
    for c in line {
      if escaped {
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else if c == "|" {
        count += 1
      }
    }
    return count
  }

  @Test func markdownEscaping() {
    #expect(Escape.markdown("a|b") == "a\\|b")
    #expect(Escape.markdown("<script>") == "\\<script\\>")
    #expect(Escape.markdown("one\ntwo") == "one two")
    #expect(Escape.markdown("# title") == "\\# title")
    #expect(Escape.markdown("12. item") == "12\\. item")
    #expect(Escape.markdown("14.8") == "14.8")
    #expect(Escape.markdown("3)") == "3\\)")
    #expect(Escape.markdown("a-b") == "a-b")
    #expect(Escape.markdown("x & y") == "x \\& y")
  }

  @Test func htmlEscaping() {
    #expect(
      Escape.html("<a href='x'>\"&\"</a>")
        == "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;")
  }

  @Test func foldersCannotClimbOut() throws {
    let files = TestPlans.files(try Self.plan())
    for path in files.keys {
      let parts = path.split(separator: "/", omittingEmptySubsequences: false)
      #expect(!path.hasPrefix("/"))
      #expect(parts.allSatisfy { !$0.isEmpty && !$0.hasPrefix(".") }, "\(path)")
    }
    #expect(files["facilitators/______etc/index.md"] != nil)
    #expect(Escape.pathComponent("..") == "__")
    #expect(Escape.pathComponent("") == "_")
  }
}
