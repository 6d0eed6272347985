import Intake
import Testing

@Suite struct ReaderEdgeTests {
  private func diagnostics(_ text: String, name: String = "e.csv") -> [String] {
    switch readOutcome(Array(text.utf8), name: name) {
    case .success: return []
    case .failure(let list): return list.diagnostics.map(\.description)
    }
  }

  @Test func blankLinesBeforeTheHeaderAndLoneCRLineEnds() throws {
    let text =
      "\n\nid,name,sector,years_experience,availability\rc1,Ann,Zorg,1,mon-am\r\rc2,Bob,Zorg,2,tue-am"
    let batch = try readOutcome(Array(text.utf8), name: "e.csv").get()
    #expect(batch.candidates.map(\.line) == [4, 6])
    let duplicate = "\n\nid,naam,name,sector,years_experience,availability\nc1,A,A,Zorg,1,mon-am\n"
    #expect(
      diagnostics(duplicate) == [
        #"e.csv:3: name: a second column for name; the first is "naam". Remove or rename one"#
      ])
  }

  @Test func lengthsCountCharactersNotBytes() throws {
    let name = String(repeating: "é", count: 200)
    let ok = "id,name,sector,years_experience,availability\nc1,\(name),Zorg,1,mon-am\n"
    #expect(try readOutcome(Array(ok.utf8), name: "e.csv").get().candidates.first?.name == name)
    let long = "id,name,sector,years_experience,availability\nc1,\(name)é,Zorg,1,mon-am\n"
    #expect(
      diagnostics(long) == [
        "e.csv:2: name: the value is 201 characters long; at most 200 are allowed"
      ])
  }

  @Test func anyFieldOverTheLimitIsAnError() {
    let long = String(repeating: "x", count: 2001)
    let text = "id,name,sector,years_experience,availability,hobby\nc1,Ann,Zorg,1,mon-am,\(long)\n"
    #expect(
      diagnostics(text) == [
        "e.csv:2: hobby: the value is 2001 characters long; at most 2000 are allowed"
      ])
  }

  @Test func jsonProblemsNameTheirLine() {
    #expect(
      diagnostics("[\n {\"id\": \"c1\",\n  \"name\": \"Ann\n", name: "j.json") == [
        "j.json:3: a string starts here but its closing quote is missing"
      ])
    #expect(
      diagnostics("{\"id\": \"c1\"}", name: "j.json") == [
        "j.json:1: expected a JSON array of objects, one per candidate"
      ])
    #expect(
      diagnostics("[\n\"c1\"\n]", name: "j.json") == [
        "j.json:2: expected an object for each candidate"
      ])
    #expect(
      diagnostics("[]\n\n", name: "j.json") == ["j.json: the file has a header but no candidates"])
    #expect(
      diagnostics("[{\"id\": 1}]\n]", name: "j.json") == [
        "j.json:2: unexpected text after the closing ']'"
      ])
    let deep = "[{\"id\": " + String(repeating: "[", count: 500) + "]}]"
    #expect(diagnostics(deep, name: "j.json") == ["j.json:1: values are nested too deeply"])
  }

  @Test func invalidUTF8InJSONNamesTheLine() {
    var bytes = Array("[\n{\"id\": \"c1\",\n \"name\": \"A".utf8)
    bytes.append(0xC3)
    bytes.append(contentsOf: Array("\"}]".utf8))
    guard case .failure(let list) = readOutcome(bytes, name: "j.json") else {
      Issue.record("accepted invalid UTF-8")
      return
    }
    #expect(
      list.diagnostics.map(\.description) == [
        "j.json:3: the text is not valid UTF-8; save the file as UTF-8"
      ])
  }

  @Test func jsonWithBOMAndMissingKeys() throws {
    var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
    bytes += Array(
      #"[{"id":"a","name":"A","sector":"Zorg","years_experience":"1","availability":"mon-am","region":"Noord"},{"id":"b","name":"B","sector":"Zorg","years_experience":2,"availability":"mon-am"}]"#
        .utf8)
    let batch = try readOutcome(bytes, name: "j.json").get()
    #expect(batch.candidates.map(\.region) == ["Noord", nil])
  }

  @Test func headerOnlyWithTrailingBlankLinesHasNoCandidates() {
    #expect(
      diagnostics("id,name,sector,years_experience,availability\n\n\r\n") == [
        "e.csv: the file has a header but no candidates"
      ])
    #expect(
      diagnostics("\u{FEFF}  \n\n") == [
        "e.csv: the file is empty: expected a header row and candidates"
      ])
  }

  @Test func missingColumnsAreAllListedWithSuggestions() {
    #expect(
      diagnostics("nr,naam,secter\n1,A,Zorg\n") == [
        #"e.csv: missing required column "sector" (or "branche"); the file's columns are "nr", "naam", "secter"; to map a form's own questions, run kring intake init e.csv (did you mean "secter"?)"#,
        #"e.csv: missing required column "years_experience" (or "ervaring")"#,
        #"e.csv: missing required column "availability" (or "beschikbaarheid")"#,
      ])
    let config = IntakeConfig(columns: ["sector": "In welke sector werk je?"])
    guard
      case .failure(let list) = readOutcome(
        Array("id,name,sector,years_experience,availability\nc1,A,Zorg,1,mon-am\n".utf8),
        name: "e.csv", config: config)
    else {
      Issue.record("accepted")
      return
    }
    #expect(
      list.diagnostics.map(\.description) == [
        #"e.csv: missing required column "In welke sector werk je?" (mapped to sector in intake.columns); the file's columns are "id", "name", "sector", "years_experience", "availability"; to map a form's own questions, run kring intake init e.csv"#
      ])
  }
}
