import Foundation
import Intake
import Scheduling
import Testing

@Suite struct FacilitatorReaderTests {
  let header = ResourceTest.facilitatorsHeader

  @Test func readsEveryColumn() throws {
    let text = """
      \(header)
      f1,Anna de Vries,anna@example.nl,nl en,Zorg BV,tue-pm thu-eve,3,2027-03-01..2027-03-05 2027-04-27
      f2,Bram,,"nl;EN|Duits",,di-middag,,

      f10,"Cas, jr.",cas@example.com,english,,wo-ochtend;vr-avond,50,"05-05-2027, 2027-06-01..2027-06-01"
      """
    let list = try ResourceTest.facilitators(text).get()
    #expect(list.warnings.isEmpty)
    #expect(
      list.items == [
        Facilitator(
          id: FacilitatorID("f1"), name: "Anna de Vries", email: "anna@example.nl",
          languages: ["nl", "en"], organization: "Zorg BV",
          availability: ResourceTest.slots([(.tue, .pm), (.thu, .eve)]), maxGroups: 3,
          unavailable: [
            DateRange(first: "2027-03-01", last: "2027-03-05"),
            DateRange(first: "2027-04-27", last: "2027-04-27"),
          ], line: 2),
        Facilitator(
          id: FacilitatorID("f2"), name: "Bram", email: nil, languages: ["nl", "en", "de"],
          organization: nil, availability: ResourceTest.slots([(.tue, .pm)]),
          maxGroups: FacilitatorReader.defaultMaxGroups, unavailable: [], line: 3),
        Facilitator(
          id: FacilitatorID("f10"), name: "Cas, jr.", email: "cas@example.com", languages: ["en"],
          organization: nil, availability: ResourceTest.slots([(.wed, .am), (.fri, .eve)]),
          maxGroups: 50,
          unavailable: [
            DateRange(first: "2027-05-05", last: "2027-05-05"),
            DateRange(first: "2027-06-01", last: "2027-06-01"),
          ], line: 5),
      ])
    #expect(FacilitatorReader.defaultMaxGroups == 2)
  }

  @Test func dutchHeadersSemicolonsBOMAndCRLF() throws {
    let text =
      "\u{FEFF}Nr;Naam;E-mail;Talen;Organisatie;Beschikbaarheid;Max groepen;Niet_beschikbaar\r\n"
      + "f1;Anna;anna@example.nl;Nederlands, Engels;Gemeente;di-middag do-avond;1;01-03-2027..05-03-2027\r\n"
    let list = try ResourceTest.facilitators(text).get()
    let f = try #require(list.items.first)
    #expect(list.items.count == 1)
    #expect(f.languages == ["nl", "en"])
    #expect(f.organization == "Gemeente")
    #expect(f.availability == ResourceTest.slots([(.tue, .pm), (.thu, .eve)]))
    #expect(f.maxGroups == 1)
    #expect(f.unavailable == [DateRange(first: "2027-03-01", last: "2027-03-05")])
    #expect(f.isUnavailable(on: "2027-03-03"))
    #expect(!f.isUnavailable(on: "2027-03-06"))
  }

  @Test func afwezigIsAnAliasOfUnavailable() throws {
    let text = "id,naam,talen,beschikbaarheid,afwezig\nf1,Anna,nl,ma-ochtend,2027-01-11\n"
    let f = try #require(try ResourceTest.facilitators(text).get().items.first)
    #expect(f.unavailable == [DateRange(first: "2027-01-11", last: "2027-01-11")])
    #expect(f.email == nil)
    #expect(f.maxGroups == 2)
  }

  @Test func sessionLimitsAndOwnLinkAreRead() throws {
    let text = """
      id,naam,talen,beschikbaarheid,Max per dag,MAX_PER_WEEK,vergaderlink
      f1,Anna,nl,di-middag,1,2,https://meet.example.org/anna
      f2,Bram,nl,di-middag,,,
      """
    let list = try ResourceTest.facilitators(text).get()
    #expect(list.warnings.isEmpty, "\(list.warnings)")
    #expect(list.items.map(\.maxSessionsPerDay) == [1, nil])
    #expect(list.items.map(\.maxSessionsPerWeek) == [2, nil])
    #expect(list.items.map(\.onlineLink) == ["https://meet.example.org/anna", nil])
    // Without a weekly limit, max_groups is one: each group meets at most once a week.
    #expect(list.items.map(\.weeklyLimit) == [2, FacilitatorReader.defaultMaxGroups])
  }

  @Test(arguments: [
    ("f2,Anna,nl,tue-pm,0,,", "max_sessions_per_day", "0", "1 to 10 (sessions on one day)"),
    ("f2,Anna,nl,tue-pm,11,,", "max_sessions_per_day", "11", "1 to 10 (sessions on one day)"),
    ("f2,Anna,nl,tue-pm,,veel,", "max_sessions_per_week", "veel", "1 to 50 (sessions in one week)"),
  ])
  func badSessionLimits(row: String, column: String, value: String, allowed: String) {
    let text =
      "id,name,languages,availability,max_sessions_per_day,max_sessions_per_week,online_link\n\(row)\n"
    let result = ResourceTest.facilitators(text)
    #expect(
      ResourceTest.errors(result) == [
        "facilitators.csv:2: \(column): \(column) must be a whole number from \(allowed), got \"\(value)\""
      ])
    #expect(ResourceTest.codes(result) == ["invalid-max-sessions"])
  }

  @Test func aLinkWithASpaceIsAnError() {
    let text =
      "id,name,languages,availability,online_link\nf1,Anna,nl,tue-pm,https://meet example\n"
    let result = ResourceTest.facilitators(text)
    #expect(
      ResourceTest.errors(result) == [
        #"facilitators.csv:2: online_link: online_link must be a URL without spaces, got "https://meet example""#
      ])
    #expect(ResourceTest.codes(result) == ["invalid-link"])
  }

  @Test func jsonVariant() throws {
    let text = """
      [
        {"id": "f1", "name": "Anna", "languages": ["nl", "en"],
         "availability": ["tue-pm", "thu-eve"], "max_groups": 3,
         "unavailable": ["2027-03-01..2027-03-05"], "organization": null},
        {"id": "f2", "name": "Bram", "languages": "nl", "availability": "di-avond"}
      ]
      """
    let list = try ResourceTest.facilitators(text, file: "facilitators.json").get()
    #expect(list.items.map(\.id.rawValue) == ["f1", "f2"])
    #expect(list.items.map(\.line) == [2, 5])
    #expect(list.items[0].languages == ["nl", "en"])
    #expect(list.items[0].maxGroups == 3)
    #expect(list.items[0].organization == nil)
    #expect(list.items[0].unavailable == [DateRange(first: "2027-03-01", last: "2027-03-05")])
    #expect(list.items[1].availability == ResourceTest.slots([(.tue, .eve)]))
  }

  @Test func jsonWithDutchKeys() throws {
    let text = #"[{"nr": "f1", "naam": "Anna", "talen": "nl", "beschikbaarheid": "di-avond"}]"#
    let list = try ResourceTest.facilitators(text, file: "facilitators.json").get()
    #expect(list.items.map(\.name) == ["Anna"])
  }

  @Test func jsonMixingAnAliasWithItsFieldIsADuplicateColumn() {
    let text = """
      [{"id": "f1", "name": "Anna", "languages": "nl", "availability": "tue-pm"},
       {"id": "f2", "naam": "Bram", "languages": "nl", "availability": "tue-pm"}]
      """
    #expect(
      ResourceTest.errors(ResourceTest.facilitators(text, file: "f.json")) == [
        #"f.json:1: naam: a second column for name; the first is "name". Remove or rename one"#,
        "f.json:2: name: name is required",
      ])
  }

  @Test func jsonErrorsNameTheObjectLine() {
    let text = """
      [
        {"id": "f1", "name": "Anna", "languages": "nl", "availability": "tue-pm"},
        {"id": "f1", "name": "Bram", "languages": "nl", "availability": "tue-pn",
         "max_groups": 0}
      ]
      """
    #expect(
      ResourceTest.errors(ResourceTest.facilitators(text, file: "f.json")) == [
        #"f.json:3: availability: unknown availability slot "tue-pn"; use tokens such as tue-pm or di-middag (did you mean "tue-pm"?)"#,
        #"f.json:3: max_groups: max_groups must be a whole number from 1 to 50, got "0""#,
        #"f.json:3: id: duplicate id "f1" (first used on line 2)"#,
      ])
  }

  /// One bad row after a good one: the exact report and its code.
  @Test(arguments: [
    (
      ",Anna,,nl,,tue-pm,,", "missing-value",
      "facilitators.csv:3: id: id is required"
    ),
    (
      "f2,,,nl,,tue-pm,,", "missing-value",
      "facilitators.csv:3: name: name is required"
    ),
    (
      "f1,Anna,,nl,,tue-pm,,", "duplicate-id",
      #"facilitators.csv:3: id: duplicate id "f1" (first used on line 2)"#
    ),
    (
      "f2,Anna,,nl,,tue-pn,,", "unknown-slot",
      #"facilitators.csv:3: availability: unknown availability slot "tue-pn"; use tokens such as tue-pm or di-middag (did you mean "tue-pm"?)"#
    ),
    (
      "f2,Anna,,nl,,,,", "no-availability",
      "facilitators.csv:3: availability: no availability: a facilitator without weekly slots can never be scheduled"
    ),
    (
      "f2,Anna,,dutsh,,tue-pm,,", "unknown-language",
      #"facilitators.csv:3: languages: unknown language "dutsh"; use a code such as nl or en (did you mean "dutch"?)"#
    ),
    (
      "f2,Anna,,,,tue-pm,,", "missing-value",
      "facilitators.csv:3: languages: languages is required: the languages this facilitator can guide a group in"
    ),
    (
      "f2,Anna,,nl,,tue-pm,0,", "invalid-max-groups",
      #"facilitators.csv:3: max_groups: max_groups must be a whole number from 1 to 50, got "0""#
    ),
    (
      "f2,Anna,,nl,,tue-pm,51,", "invalid-max-groups",
      #"facilitators.csv:3: max_groups: max_groups must be a whole number from 1 to 50, got "51""#
    ),
    (
      "f2,Anna,,nl,,tue-pm,2.5,", "invalid-max-groups",
      #"facilitators.csv:3: max_groups: max_groups must be a whole number from 1 to 50, got "2.5""#
    ),
    (
      "f2,Anna,,nl,,tue-pm,twee,", "invalid-max-groups",
      #"facilitators.csv:3: max_groups: max_groups must be a whole number from 1 to 50, got "twee""#
    ),
    (
      "f2,Anna,,nl,,tue-pm,,2027-02-30", "invalid-date",
      #"facilitators.csv:3: unavailable: expected a date as YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, got "2027-02-30""#
    ),
    (
      "f2,Anna,,nl,,tue-pm,,2027-03-01..2027-03-05..2027-03-09", "invalid-date",
      #"facilitators.csv:3: unavailable: expected a date as YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, got "2027-03-01..2027-03-05..2027-03-09""#
    ),
    (
      "f2,Anna,,nl,,tue-pm,,2027-03-05..2027-03-01", "invalid-date-range",
      #"facilitators.csv:3: unavailable: the range "2027-03-05..2027-03-01" ends before it starts; write the first date first"#
    ),
    (
      "f2,Anna,anna@example,nl,,tue-pm,,", "invalid-email",
      #"facilitators.csv:3: email: invalid email address "anna@example""#
    ),
    (
      "f2,Anna,,nl,,tue-pm", "too-few-fields",
      "facilitators.csv:3: row has 6 fields but the header has 8"
    ),
    (
      "f2,\(String(repeating: "A", count: 201)),,nl,,tue-pm,,", "field-too-long",
      "facilitators.csv:3: name: the value is 201 characters long; at most 200 are allowed"
    ),
  ])
  func badRow(row: String, code: String, expected: String) {
    let text = "\(header)\nf1,Anna,,nl,,tue-pm,,\n\(row)\n"
    let result = ResourceTest.facilitators(text)
    #expect(ResourceTest.errors(result) == [expected])
    #expect(ResourceTest.codes(result) == [code])
  }

  @Test func everyProblemOfTheFileAtOnce() {
    let text = """
      \(header)
      f1,Anna,anna@,nl,,tue-pm,,
      f1,Bram,,klingon,,tue-pm xx-pm,99,2027-13-01
      f3,Cas,,nl,,thu-eve,,
      """
    #expect(
      ResourceTest.codes(ResourceTest.facilitators(text)) == [
        "invalid-email", "unknown-language", "unknown-slot", "invalid-max-groups", "invalid-date",
        "duplicate-id",
      ])
    guard case .failure(let list) = ResourceTest.facilitators(text) else {
      Issue.record("a file with six problems was accepted")
      return
    }
    #expect(list.diagnostics.map(\.line) == [2, 3, 3, 3, 3, 3])
    #expect(list.diagnostics.allSatisfy { $0.severity == .error && $0.file == "facilitators.csv" })
  }

  @Test func missingColumnsAreNamedWithASuggestion() {
    let text = "id,name,languags,availabilty\nf1,Anna,nl,tue-pm\n"
    #expect(
      ResourceTest.errors(ResourceTest.facilitators(text)) == [
        #"facilitators.csv:1: languags: warning: unknown column "languags" is ignored (did you mean "languages"?)"#,
        #"facilitators.csv:1: availabilty: warning: unknown column "availabilty" is ignored (did you mean "availability"?)"#,
        #"facilitators.csv:1: missing required column "languages" (or "talen") (did you mean "languags"?)"#,
        #"facilitators.csv:1: missing required column "availability" (or "beschikbaarheid") (did you mean "availabilty"?)"#,
      ])
    #expect(
      ResourceTest.codes(ResourceTest.facilitators(text)) == [
        "unknown-column", "unknown-column", "missing-column", "missing-column",
      ])
  }

  @Test func missingColumnStillChecksTheRows() {
    let text = "id,name,availability\nf1,Anna,tue-pn\n"
    #expect(
      ResourceTest.codes(ResourceTest.facilitators(text)) == ["missing-column", "unknown-slot"])
  }

  @Test func unknownColumnIsOnlyAWarning() throws {
    let text = "\(header),notes\nf1,Anna,,nl,,tue-pm,,,likes tea\n"
    let list = try ResourceTest.facilitators(text).get()
    #expect(list.items.count == 1)
    #expect(
      list.warnings.map(\.description) == [
        #"facilitators.csv:1: notes: warning: unknown column "notes" is ignored"#
      ])
    #expect(list.warnings.map(\.code) == ["unknown-column"])
  }

  @Test func duplicateColumn() {
    let text = "id,name,languages,talen,availability\nf1,Anna,nl,en,tue-pm\n"
    #expect(
      ResourceTest.errors(ResourceTest.facilitators(text)) == [
        #"facilitators.csv:1: talen: a second column for languages; the first is "languages". Remove or rename one"#
      ])
    #expect(ResourceTest.codes(ResourceTest.facilitators(text)) == ["duplicate-column"])
  }

  @Test func headerOnlyIsAWarning() throws {
    let list = try ResourceTest.facilitators(header + "\n").get()
    #expect(list.items.isEmpty)
    #expect(
      list.warnings.map(\.description) == [
        "facilitators.csv: warning: the file has a header but no facilitators; no group can be facilitated"
      ])
    #expect(list.warnings.map(\.code) == ["no-facilitators"])
  }

  @Test(arguments: ["", "\u{FEFF}", "  \r\n\n"])
  func emptyFileIsAnError(text: String) {
    #expect(
      ResourceTest.errors(ResourceTest.facilitators(text)) == [
        "facilitators.csv: the file is empty: expected a header row"
      ])
    #expect(ResourceTest.codes(ResourceTest.facilitators(text)) == ["empty-file"])
  }

  @Test func unterminatedQuote() {
    let text = "\(header)\nf1,\"Anna,,nl,,tue-pm,,\n"
    #expect(
      ResourceTest.errors(ResourceTest.facilitators(text)) == [
        "facilitators.csv:2: a quoted field starts here but its closing quote is missing"
      ])
  }

  /// The reader against the generator's own records, field by field.
  @Test(arguments: [
    (GeneratorProfileCase.realistic, UInt64(1)), (.realistic, 2), (.hard, 3), (.planted, 4),
  ])
  func readsGeneratorOutput(profile: GeneratorProfileCase, seed: UInt64) throws {
    let batch = try GeneratedResources.batch(profile: profile, seed: seed)
    let list = try ResourceTest.facilitators(batch.facilitatorsCSV()).get()
    #expect(list.warnings.isEmpty)
    #expect(list.items.count == batch.facilitators.count)
    #expect(!list.items.isEmpty)
    for (index, (read, written)) in zip(list.items, batch.facilitators).enumerated() {
      #expect(read.id.rawValue == written.id)
      #expect(read.name == written.name)
      #expect(read.email == written.email)
      #expect(read.languages == written.languages)
      #expect(read.organization == written.organization)
      #expect(read.availability == written.availability)
      #expect(read.maxGroups == written.maxGroups)
      #expect(read.unavailable.map(\.first) == written.unavailable)
      #expect(read.unavailable.allSatisfy { $0.first == $0.last })
      #expect(read.line == index + 2)
    }
  }
}
