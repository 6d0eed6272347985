import Testing

@testable import Reports

@Suite struct RotaTests {
  static let cases: [(Int, Int)] = (4...8).flatMap { n in (6...8).map { (n, $0) } }

  @Test(arguments: cases)
  func everyMemberGetsEqualTurns(size: Int, sessions: Int) {
    let members = (1...size).map { "m\($0)" }
    let rota = Rota(members: members, sessions: sessions)
    #expect(rota.turns.map(\.session) == Array(1...sessions))
    var cases = Dictionary(uniqueKeysWithValues: members.map { ($0, 0) })
    var kept = cases
    for turn in rota.turns {
      #expect(!turn.caseBringers.isEmpty)
      #expect(
        Set(turn.caseBringers).count == turn.caseBringers.count, "a member twice in one session")
      let keeper = try? #require(turn.timekeeper)
      #expect(keeper.map { !turn.caseBringers.contains($0) } ?? false)
      for m in turn.caseBringers { cases[m, default: 0] += 1 }
      if let keeper { kept[keeper, default: 0] += 1 }
    }
    #expect(Set(cases.keys) == Set(members))
    let caseCounts = cases.values
    #expect((caseCounts.max() ?? 0) - (caseCounts.min() ?? 0) <= 1, "cases \(cases)")
    #expect((caseCounts.min() ?? 0) >= 1, "someone never brings a case: \(cases)")
    let keptCounts = members.map { kept[$0] ?? 0 }
    #expect((keptCounts.max() ?? 0) - (keptCounts.min() ?? 0) <= 1, "timekeeping \(kept)")
    #expect(rota.turns.allSatisfy { $0.caseBringers.count <= 2 })
    #expect(Rota(members: members, sessions: sessions) == rota)
  }

  @Test func degenerateGroups() {
    #expect(Rota(members: [], sessions: 3).turns.count == 3)
    #expect(Rota(members: ["a"], sessions: 0).turns.isEmpty)
    let one = Rota(members: ["a"], sessions: 2)
    #expect(one.turns.map(\.caseBringers) == [["a"], ["a"]])
    #expect(one.turns.allSatisfy { $0.timekeeper == nil })
  }

  @Test func evaluationSessions() {
    #expect(Rota.evaluationSessions(count: 6)?.mid == 3)
    #expect(Rota.evaluationSessions(count: 6)?.last == 6)
    #expect(Rota.evaluationSessions(count: 7)?.mid == 4)
    #expect(Rota.evaluationSessions(count: 1) == nil)
  }

  @Test func contractShowsTheRotaAndEvaluations() throws {
    let plan = try TestPlans.plan()
    let files = TestPlans.files(plan, ReportOptions(language: .en))
    let contract = try #require(files["groups/G02/contract.md"])
    let rows = sessionRows(contract)
    #expect(rows.count == 6)
    // G02 has seven members over six sessions: two cases a session, everyone at least once.
    let names = (7...13).map { "Person \($0) Example" }
    for name in names { #expect(rows.contains { $0.contains(name) }, "\(name) has no turn") }
    #expect(rows[2].contains("mid-way evaluation"))
    #expect(rows[5].contains("final evaluation"))
    #expect(rows[0].contains("first session"))
    #expect(contract.contains("Tue 12 Jan 2027") == false)
    #expect(contract.contains("Wed 13 Jan 2027"))
    let unscheduled = try #require(files["groups/G05/contract.md"])
    #expect(unscheduled.contains("The dates follow once the group is scheduled."))
    #expect(sessionRows(unscheduled).count == 6)
  }

  /// The rows of the dates table: those whose first cell is a session number.
  private func sessionRows(_ markdown: String) -> [Substring] {
    markdown.split(separator: "\n").filter { line in
      let first = line.dropFirst(2).prefix { $0 != " " }
      return line.hasPrefix("| ") && Int(first) != nil
    }
  }
}
