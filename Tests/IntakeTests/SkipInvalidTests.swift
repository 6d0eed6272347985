import Intake
import Testing

@Suite struct SkipInvalidTests {
  static let csv = """
    id,name,sector,years_experience,availability,manager_id
    c1,Ann,Zorg,5,mon-am,
    c2,Bert,Zrog,5,mon-am,c1
    c3,Cor,Zorg,lots,tue-xx,c2
    c4,Dien,Zorg,5,mon-am,c3
    c1,Eef,Zorg,5,mon-am,
    c6,Fay,Zorg,5,mon-am,c99

    """

  @Test func withoutSkipEveryProblemIsThrownAtOnce() {
    guard case .failure(let list) = readOutcome(Array(Self.csv.utf8), name: "s.csv") else {
      Issue.record("expected errors")
      return
    }
    #expect(
      list.diagnostics.map(\.code) == [
        "unknown-sector", "not-a-number", "unknown-slot", "duplicate-id", "unknown-manager",
      ])
    #expect(list.diagnostics.map(\.line) == [3, 4, 4, 6, 7])
    #expect(list.diagnostics.last?.severity == .warning)
  }

  @Test func skipListsEverySkippedRowAndKeepsTheRest() throws {
    let batch = try readOutcome(
      Array(Self.csv.utf8), name: "s.csv", options: .init(skipInvalid: true)
    ).get()
    #expect(batch.candidates.map(\.id) == ["c1", "c4", "c6"])
    #expect(batch.skippedLines == [3, 4, 6])
    #expect(
      batch.skipped.map(\.code) == [
        "unknown-sector", "not-a-number", "unknown-slot", "duplicate-id",
      ])
    #expect(batch.skipped.allSatisfy { $0.severity == .error })
    #expect(batch.warnings.map(\.code) == ["unknown-manager"])
    // c4's manager c3 was skipped, but the chain still runs through it to c2 and c1.
    #expect(batch.reportingLines["c4"] == "c3")
    #expect(batch.reportingLines["c3"] == "c2")
    let scores = IntakeScorer().score(batch)
    #expect(scores.candidates.first { $0.id == "c4" }?.reportsTo == ["c1"])
    // Every row is either a candidate or skipped with a diagnostic.
    let lines = Set(batch.candidates.map(\.line)).union(batch.skippedLines)
    #expect(lines == Set(2...7))
  }

  @Test func fileLevelProblemsStillThrowWithSkip() {
    let csv = "id,name,years_experience,availability\nc1,Ann,5,mon-am\n"
    guard
      case .failure(let list) = readOutcome(
        Array(csv.utf8), name: "s.csv", options: .init(skipInvalid: true))
    else {
      Issue.record("expected missing-column")
      return
    }
    #expect(list.diagnostics.map(\.code) == ["missing-column"])
  }

  @Test func reportingCycleRowsAreSkippedTogether() throws {
    let batch = try readOutcome(
      try Fixture.bytes("bad/reporting-cycle.csv"), name: "r.csv", options: .init(skipInvalid: true)
    ).get()
    #expect(batch.candidates.map(\.id) == ["c5"])
    #expect(batch.skippedLines == [2, 3, 4, 5])
  }
}
