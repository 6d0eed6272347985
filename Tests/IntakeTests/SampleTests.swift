import Intake
import Testing

/// The README quick-start sample must read cleanly and be groupable under intervision rules.
@Suite struct SampleTests {
  static func sample() throws -> IntakeBatch {
    try IntakeReader(options: .init(requireLevel: true)).read(path: Fixture.path("sample-en.csv"))
  }

  @Test func readsCleanly() throws {
    let batch = try Self.sample()
    #expect(batch.candidates.count == 60)
    #expect(batch.warnings.isEmpty && batch.skipped.isEmpty)
    let people = batch.candidates
    #expect(Set(people.map(\.sector)).count == 6)
    #expect(Set(people.compactMap(\.organization)).count == 15)
    #expect(people.filter { $0.language == "en" }.count == 7)
    #expect(people.filter { $0.managerID != nil }.count >= 10)
    #expect(people.filter { !$0.avoid.isEmpty }.count == 2)
    #expect(people.allSatisfy { (1...35).contains($0.yearsExperience) })
    #expect(people.allSatisfy { (2...5).contains($0.availability.count) })
    #expect(Set(people.flatMap(\.availability.slots)).count == 6)
    // A pyramid: each level no larger than the one below it.
    let perLevel = (0..<5).map { l in people.filter { $0.level == l }.count }
    #expect(perLevel == perLevel.sorted(by: >))
    // Managers sit at a higher level than their reports.
    let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0) })
    for p in people {
      guard let m = p.managerID else { continue }
      let manager = try #require(byID[m])
      #expect((manager.level ?? 0) > (p.level ?? 0))
      #expect(manager.organization == p.organization)
    }
  }

  @Test func readinessMix() throws {
    let scores = IntakeScorer().score(try Self.sample())
    #expect(scores.summary.status.map(\.count) == [52, 7, 1])
  }

  /// Counts, per (level, language) cell of ready people, whether some slot and meeting
  /// format gather at least 5 of them from 5 different organisations — the intervision
  /// rules that need nothing but counting.
  @Test func mostReadyCandidatesHaveEnoughPeers() throws {
    let batch = try Self.sample()
    let scorer = IntakeScorer()
    let ready = batch.candidates.filter { scorer.readiness(of: $0.ratings).status == .ready }
    var cells: [String: [Candidate]] = [:]
    for c in ready { cells["\(c.level ?? -1)/\(c.language)", default: []].append(c) }
    var groupable = 0
    for key in cells.keys.sorted() {
      let members = cells[key] ?? []
      var best = 0
      for slot in (0..<21).compactMap({ Slot(index: $0) }) {
        for format in [MeetingFormat.online, .inPerson] {
          let fit = members.filter {
            $0.availability.contains(slot) && ($0.format == format || $0.format == .either)
          }
          best = max(best, Set(fit.compactMap(\.organization)).count)
        }
      }
      if best >= 5 { groupable += members.count }
    }
    #expect(groupable == ready.count)
    #expect(cells.count == 6)
  }
}
