import Intake
import Testing

@Suite("Avoid lists")
struct SelfAvoidTests {
  @Test func listingOneselfToAvoidIsAWarningNotAnError() throws {
    let csv =
      "id,name,sector,years_experience,availability,avoid\nc1,Ann,Zorg,3,mon-am,c1 c2\nc2,Bob,Zorg,4,mon-am,\n"
    let batch = try IntakeReader().read(bytes: Array(csv.utf8), fileName: "self.csv")
    #expect(batch.candidates.count == 2)
    #expect(
      batch.warnings.map(\.description) == [
        #"self.csv:2: avoid: warning: "c1" lists themself to avoid; that entry is ignored"#
      ])
    #expect(batch.warnings.first?.code == "self-avoid")
  }
}
