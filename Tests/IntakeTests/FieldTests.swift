import Intake
import Testing

/// Field normalisation through the public reader: one row per value under test.
@Suite struct FieldTests {
  /// Reads one candidate whose `column` holds `value`, or returns the diagnostics.
  private func one(_ column: String, _ value: String, config: IntakeConfig = Fixture.config)
    -> Result<Candidate, DiagnosticList>
  {
    let quoted = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    let csv =
      "id,name,sector,years_experience,availability,\(column)\nc1,Ann,Zorg,5,mon-am,\(quoted)\n"
    switch readOutcome(Array(csv.utf8), name: "t.csv", config: config) {
    case .success(let batch):
      guard let c = batch.candidates.first else { return .failure(DiagnosticList([])) }
      return .success(c)
    case .failure(let list): return .failure(list)
    }
  }

  private func codes(_ r: Result<Candidate, DiagnosticList>) -> [String] {
    if case .failure(let list) = r { return list.diagnostics.map(\.code) }
    return []
  }

  @Test(arguments: [
    ("12", 12.0), ("12,5", 12.5), ("12.5", 12.5), ("12 jaar", 12), ("12 years", 12),
    ("12 yrs", 12), ("0", 0), ("70", 70), ("1 year", 1), ("3jaar", 3), ("7,25", 7.25),
  ])
  func yearsAccepted(_ text: String, _ years: Double) throws {
    let csv =
      "id,name,sector,years_experience,availability\nc1,Ann,Zorg,\(text.contains(",") ? "\"\(text)\"" : text),mon-am\n"
    let batch = try IntakeReader(config: Fixture.config).read(
      bytes: Array(csv.utf8), fileName: "t.csv")
    #expect(batch.candidates.first?.yearsExperience == years)
  }

  @Test(arguments: [
    ("twaalf", "not-a-number"), ("1,2,3", "not-a-number"), ("-1", "negative-number"),
    ("70,5", "years-out-of-range"), ("12 maanden", "not-a-number"), ("1e3", "not-a-number"),
  ])
  func yearsRefused(_ text: String, _ code: String) {
    let csv = "id,name,sector,years_experience,availability\nc1,Ann,Zorg,\"\(text)\",mon-am\n"
    guard case .failure(let list) = readOutcome(Array(csv.utf8), name: "t.csv") else {
      Issue.record("\(text) accepted")
      return
    }
    #expect(list.diagnostics.map(\.code) == [code])
  }

  @Test(arguments: [
    ("mon-am tue-pm thu-eve", [Slot(.mon, .am), Slot(.tue, .pm), Slot(.thu, .eve)]),
    ("MA-OCHTEND; di-middag, wo-avond", [Slot(.mon, .am), Slot(.tue, .pm), Slot(.wed, .eve)]),
    ("maandag-ochtend zondag-avond", [Slot(.mon, .am), Slot(.sun, .eve)]),
    (
      "monday-morning tuesday-afternoon friday-evening",
      [Slot(.mon, .am), Slot(.tue, .pm), Slot(.fri, .eve)]
    ),
    ("za-middag,zo-ochtend", [Slot(.sat, .pm), Slot(.sun, .am)]),
    ("do-avond do-avond thu-eve", [Slot(.thu, .eve)]),
    ("vr_ochtend", [Slot(.fri, .am)]),
  ])
  func availabilityAccepted(_ text: String, _ slots: [Slot]) throws {
    let csv = "id,name,sector,years_experience,availability\nc1,Ann,Zorg,5,\"\(text)\"\n"
    let batch = try IntakeReader(config: Fixture.config).read(
      bytes: Array(csv.utf8), fileName: "t.csv")
    #expect(batch.candidates.first?.availability.slots == slots)
  }

  @Test func availabilityNamesEveryUnknownToken() {
    // "tue eve" is Tuesday evening, as a form's "dinsdag avond"; "wed" and "night-ish" name
    // no slot.
    let csv =
      "id,name,sector,years_experience,availability\nc1,Ann,Zorg,5,\"mon-am maa-ochtend tue eve; wed\"\n"
    guard case .failure(let list) = readOutcome(Array(csv.utf8), name: "t.csv") else {
      Issue.record("accepted")
      return
    }
    #expect(
      list.diagnostics.map(\.description) == [
        #"t.csv:2: availability: unknown availability slot "maa-ochtend"; use tokens such as tue-pm or di-middag (did you mean "ma-ochtend"?)"#,
        #"t.csv:2: availability: unknown availability slot "wed"; use tokens such as tue-pm or di-middag"#,
      ])
  }

  @Test(arguments: [
    ("nl", "nl"), ("NL", "nl"), ("Nederlands", "nl"), ("Dutch", "nl"), ("Engels", "en"),
    ("English", "en"), ("en", "en"), ("de", "de"), ("pap", "pap"), ("Frans", "fr"),
  ])
  func languages(_ text: String, _ code: String) throws {
    #expect(try one("language", text).get().language == code)
  }

  @Test func languageDefaultsFromConfig() throws {
    var config = Fixture.config
    config.defaultLanguage = "EN"
    #expect(try one("language", "", config: config).get().language == "en")
    #expect(codes(one("language", "Nederlands-Engels")) == ["unknown-language"])
    #expect(codes(one("language", "n")) == ["unknown-language"])
  }

  @Test(arguments: [
    ("online", MeetingFormat.online), ("In-Person", .inPerson), ("inperson", .inPerson),
    ("in person", .inPerson), ("offline", .inPerson), ("fysiek", .inPerson),
    ("op locatie", .inPerson), ("in persoon", .inPerson), ("either", .either), ("beide", .either),
    ("maakt niet uit", .either), ("", .either),
  ])
  func formats(_ text: String, _ format: MeetingFormat) throws {
    #expect(try one("format", text).get().format == format)
  }

  @Test(arguments: [
    ("yes", true), ("Ja", true), ("true", true), ("1", true), ("no", false), ("nee", false),
    ("FALSE", false), ("0", false), ("", false),
  ])
  func booleans(_ text: String, _ value: Bool) throws {
    #expect(try one("needs_accessible", text).get().needsAccessible == value)
  }

  @Test(arguments: [
    ("2026-09-01", "2026-09-01"), ("01-09-2026", "2026-09-01"), ("1-9-2026", "2026-09-01"),
    ("29-02-2028", "2028-02-29"), ("31/12/2026", "2026-12-31"), ("2026-9-1", "2026-09-01"),
  ])
  func dates(_ text: String, _ iso: String) throws {
    #expect(try one("intake_date", text).get().intakeDate == iso)
  }

  @Test(arguments: [
    "2026-02-29", "2026/09/01", "09-2026", "2026-09-01T10:00", "morgen", "32-01-2026",
  ])
  func datesRefused(_ text: String) {
    #expect(codes(one("intake_date", text)) == ["invalid-date"])
  }

  @Test(arguments: ["a@b.nl", "ann.bos+kring@zorg.example.org", "x_y@sub.domain.co"])
  func emailsAccepted(_ text: String) throws {
    #expect(try one("email", text).get().email == text)
  }

  @Test(arguments: ["a@b", "@b.nl", "a b@c.nl", "a@@b.nl", "a@b..nl", "a@.nl", "a@b.n", "a.@b.nl"])
  func emailsRefused(_ text: String) {
    #expect(codes(one("email", text)) == ["invalid-email"])
  }

  @Test(arguments: [("4", 4.0), ("4,5", 4.5), ("1", 1), ("5.0", 5)])
  func ratings(_ text: String, _ value: Double) throws {
    #expect(try one("openness", text).get().ratings.openness == value)
  }

  @Test(arguments: [
    ("0", "rating-out-of-range"), ("5,5", "rating-out-of-range"), ("hoog", "not-a-number"),
  ])
  func ratingsRefused(_ text: String, _ code: String) {
    #expect(codes(one("commitment", text)) == [code])
  }

  @Test func avoidSplitsOnSpacesCommasAndSemicolons() throws {
    let csv =
      "id,name,sector,years_experience,availability,avoid\na,A,Zorg,1,mon-am,\"b, c;d  e\"\nb,B,Zorg,1,mon-am,\nc,C,Zorg,1,mon-am,\nd,D,Zorg,1,mon-am,\ne,E,Zorg,1,mon-am,\n"
    let batch = try IntakeReader(config: Fixture.config).read(
      bytes: Array(csv.utf8), fileName: "t.csv")
    #expect(batch.candidates.first?.avoid == ["b", "c", "d", "e"])
    #expect(batch.warnings.isEmpty)
  }

  @Test func sectorMatchingIgnoresCaseSpacingAndAccents() throws {
    for text in ["zorg", "ZORG", " Zorg ", "GGZ", "g g z", "Gezondheids zorg", "Gézondheidszorg"] {
      let csv = "id,name,sector,years_experience,availability\nc1,Ann,\(text),5,mon-am\n"
      let batch = try IntakeReader(config: Fixture.config).read(
        bytes: Array(csv.utf8), fileName: "t.csv")
      #expect(batch.candidates.first?.sector == "Zorg", "\(text)")
    }
  }

  @Test func headersMatchWithoutRegardToCaseSpacingOrSeparators() throws {
    let csv =
      " ID ,Full Name,SECTOR,Years Experience,Beschikbaarheid,Manager-ID,Learning goal\nc1,Ann,Zorg,5,mon-am,,Grow\n"
    let batch = try IntakeReader(config: Fixture.config).read(
      bytes: Array(csv.utf8), fileName: "t.csv")
    let c = try #require(batch.candidates.first)
    #expect(c.name == "Ann" && c.learningGoal == "Grow" && c.yearsExperience == 5)
  }

  @Test func unknownColumnsAreKeptAsLowerCasedAttributes() throws {
    let c = try one("Team Role", "Chair").get()
    #expect(c.attributes["team role"] == "Chair")
    #expect(c.attribute("team role") == "Chair")
    #expect(c.attributes["sector"] == "Zorg")
  }

  @Test func levelsByNameOrNumber() throws {
    #expect(try one("level", "Manager").get().level == 3)
    #expect(try one("level", "5").get().levelName == "director")
    #expect(codes(one("level", "6")) == ["unknown-level"])
    #expect(try one("level", "").get().level == nil)
  }
}
