import Intake
import Testing

@Suite struct ScorerTests {
  static func person(
    _ id: String, sector: String, level: Int?, manager: String? = nil, years: Double,
    language: String = "nl", format: MeetingFormat = .either, slots: [Slot],
    ratings: InterviewRatings = InterviewRatings()
  ) -> Candidate {
    let names = ["professional", "senior", "lead", "manager", "director"]
    return Candidate(
      id: CandidateID(id), name: id.uppercased(), sector: sector, level: level,
      levelName: level.map { names[$0] }, managerID: manager.map { CandidateID($0) },
      yearsExperience: years, language: language, format: format, availability: SlotSet(slots),
      ratings: ratings)
  }

  static let batch = IntakeBatch(
    source: "t.csv",
    candidates: [
      person(
        "a", sector: "Zorg", level: 0, manager: "d", years: 1, format: .online,
        slots: [Slot(.mon, .am), Slot(.tue, .pm)],
        ratings: InterviewRatings(motivation: 4, commitment: 3, openness: 5)),
      person(
        "b", sector: "Zorg", level: 0, manager: "a", years: 5, format: .inPerson,
        slots: [Slot(.tue, .pm)], ratings: InterviewRatings(motivation: 3)),
      person(
        "c", sector: "Zorg", level: nil, years: 5, language: "en", format: .inPerson,
        slots: [Slot(.tue, .pm), Slot(.thu, .eve)],
        ratings: InterviewRatings(commitment: 2, openness: 1)),
      person(
        "d", sector: "Onderwijs", level: 1, manager: "x", years: 12, slots: [Slot(.thu, .eve)]),
      person(
        "e", sector: "Onderwijs", level: 2, years: 25, language: "en", slots: [Slot(.sun, .eve)],
        ratings: InterviewRatings(motivation: 3.5)),
    ],
    reportingLines: ["a": "d", "b": "a", "d": "x", "x": "e"])

  @Test func perCandidateFiguresMatchHandComputation() throws {
    let scores = IntakeScorer().score(Self.batch).candidates
    #expect(scores.map(\.id) == ["a", "b", "c", "d", "e"])
    // a: (0.5·4 + 0.3·3 + 0.2·5) / 1.0 = 3.9; b: 3 alone; c: (0.3·2 + 0.2·1) / 0.5 = 1.6.
    let a = try #require(scores[0].readiness)
    #expect(abs(a - 3.9) < 1e-12)
    #expect(scores[1].readiness == 3)
    let c = try #require(scores[2].readiness)
    #expect(abs(c - 1.6) < 1e-12)
    #expect(scores[3].readiness == nil)
    #expect(scores[4].readiness == 3.5)
    #expect(scores.map(\.status) == [.ready, .followUp, .notNow, .ready, .ready])
    #expect(scores.map(\.sectorShare) == [0.6, 0.6, 0.6, 0.4, 0.4])
    #expect(scores.map(\.sectorCount) == [3, 3, 3, 2, 2])
    #expect(scores.map(\.experienceBand) == [.starter, .mid, .mid, .senior, .veteran])
    // Mid-rank percentiles over years [1, 5, 5, 12, 25]: (below + ½·equal) / 5.
    #expect(scores.map(\.experiencePercentile) == [10, 40, 40, 70, 90])
    #expect(scores.map(\.level) == [0, 0, nil, 1, 2])
    #expect(scores.map(\.manages) == [["b"], [], [], ["a"], []])
    // The chain runs d → x (not in the batch) → e.
    #expect(scores.map(\.reportsTo) == [["d", "e"], ["a", "d", "e"], [], ["e"], []])
  }

  @Test func batchSummary() {
    let s = IntakeScorer().score(Self.batch).summary
    #expect(s.candidates == 5)
    #expect(
      s.status == [
        ValueCount(value: "ready", count: 3), ValueCount(value: "follow-up", count: 1),
        ValueCount(value: "not-now", count: 1),
      ])
    #expect(
      s.sectors == [ValueCount(value: "Zorg", count: 3), ValueCount(value: "Onderwijs", count: 2)])
    #expect(
      s.levels == [
        ValueCount(value: "professional", count: 2), ValueCount(value: "senior", count: 1),
        ValueCount(value: "lead", count: 1), ValueCount(value: "none", count: 1),
      ])
    #expect(s.experienceBands.map(\.count) == [1, 2, 1, 1])
    #expect(s.languages == [ValueCount(value: "nl", count: 3), ValueCount(value: "en", count: 2)])
    #expect(s.formats.map(\.value) == ["online", "in-person", "either"])
    #expect(s.formats.map(\.count) == [1, 2, 2])
    #expect(s.availability.count == 21)
    #expect(s.availability.map(\.slot) == (0..<21).compactMap { Slot(index: $0) })
    let nonzero = s.availability.filter { $0.count > 0 }.map { "\($0.slot)=\($0.count)" }
    #expect(nonzero == ["mon-am=1", "tue-pm=3", "thu-eve=2", "sun-eve=1"])
  }

  @Test func thresholdsAndWeights() {
    let scorer = IntakeScorer()
    #expect(scorer.readiness(of: InterviewRatings(motivation: 3.5)).status == .ready)
    #expect(scorer.readiness(of: InterviewRatings(motivation: 3.49)).status == .followUp)
    #expect(scorer.readiness(of: InterviewRatings(openness: 2)).status == .followUp)
    #expect(scorer.readiness(of: InterviewRatings(openness: 1.99)).status == .notNow)
    #expect(scorer.readiness(of: InterviewRatings()) == (nil, .ready))
    var config = IntakeConfig()
    config.readiness = ReadinessConfig(
      weights: ["motivation": 1, "openness": 0], readyAt: 4, notNowBelow: 3)
    let custom = IntakeScorer(config: config)
    // Openness weighs nothing, so 5 and 1 give the same score: the motivation alone.
    #expect(custom.readiness(of: InterviewRatings(motivation: 4, openness: 1)) == (4, .ready))
    #expect(
      custom.readiness(of: InterviewRatings(motivation: 3.5, openness: 5)) == (3.5, .followUp))
    // Only zero-weight ratings present: they count equally.
    #expect(custom.readiness(of: InterviewRatings(commitment: 2, openness: 4)) == (3, .followUp))
  }

  @Test func statusRawValuesAreTheContract() throws {
    #expect(ReadinessStatus.allCases.map(\.rawValue) == ["ready", "follow-up", "not-now"])
    #expect(ExperienceBand.allCases.map(\.range) == ["0–2", "3–9", "10–19", "20+"])
    #expect(ExperienceBand(years: 2.9) == .starter && ExperienceBand(years: 3) == .mid)
    #expect(ExperienceBand(years: 19.5) == .senior && ExperienceBand(years: 20) == .veteran)
  }

  @Test func emptyBatchScoresNothing() {
    let scores = IntakeScorer().score(IntakeBatch(source: "x", candidates: []))
    #expect(scores.candidates.isEmpty)
    #expect(scores.summary.candidates == 0)
    #expect(scores.summary.availability.allSatisfy { $0.count == 0 })
  }
}
