import Intake
import Testing

@Suite("CSV writer")
struct CSVWriterTests {
  @Test(
    "quotes only the fields that need it",
    arguments: [
      ("plain", "plain"), ("", ""), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
      ("two\nlines", "\"two\nlines\""), ("cr\rhere", "\"cr\rhere\""), (" padded", "\" padded\""),
      ("padded ", "\"padded \""), ("Zoë", "Zoë"), ("semi;colon", "semi;colon"),
    ])
  func quoting(input: String, expected: String) {
    #expect(CSVWriter().field(input) == expected)
  }

  @Test("a semicolon delimiter quotes semicolons, not commas")
  func semicolonDelimiter() {
    let writer = CSVWriter(delimiter: ";")
    #expect(writer.field("a;b") == "\"a;b\"")
    #expect(writer.field("a,b") == "a,b")
    #expect(writer.record(["x", "y;z"]) == "x;\"y;z\"\r\n")
  }

  @Test("line endings", arguments: CSVWriter.LineEnding.allCases)
  func lineEndings(ending: CSVWriter.LineEnding) {
    let text = CSVWriter(lineEnding: ending).document(header: ["a", "b"], rows: [["1", "2"]])
    let expected = ending == .crlf ? "a,b\r\n1,2\r\n" : "a,b\n1,2\n"
    #expect(text == expected)
  }

  @Test(
    "neutralises formula cells and leaves plain numbers",
    arguments: [
      ("=SUM(A1)", "'=SUM(A1)"), ("+31 6 1234", "'+31 6 1234"), ("-2+3", "'-2+3"),
      ("@cmd", "'@cmd"), ("\tx", "'\tx"), ("-12", "-12"), ("+3.5", "+3.5"), ("-0,5", "\"-0,5\""),
      ("-", "'-"), ("a=b", "a=b"), ("=1,2", "\"'=1,2\""),
    ])
  func neutralising(input: String, expected: String) {
    #expect(CSVWriter(neutralizesFormulas: true).field(input) == expected)
  }

  @Test("without neutralising, formulas pass unchanged")
  func noNeutralising() {
    #expect(CSVWriter().field("=SUM(A1)") == "=SUM(A1)")
  }

  @Test("random fields survive a round trip through an independent reader")
  func roundTrip() throws {
    var random = SeededRandom(seed: 42)
    let alphabet = Array("ab ,\"\n\r;=é😀-1")
    for ending in CSVWriter.LineEnding.allCases {
      let writer = CSVWriter(lineEnding: ending)
      var rows: [[String]] = []
      for _ in 0..<200 {
        rows.append(
          (0..<4).map { _ in
            String((0..<random.below(8)).map { _ in alphabet[random.below(alphabet.count)] })
          })
      }
      let parsed = try TestCSV.parse(writer.document(header: ["a", "b", "c", "d"], rows: rows))
      // A row of four empty fields is still written as three commas, so nothing is lost.
      #expect(Array(parsed.dropFirst()) == rows)
    }
  }
}
