import Testing

@testable import Reports

@Suite struct PseudonymTests {
  @Test func stableAndIndependentOfOrder() {
    let ids = (1...50).map { "c\($0)" }
    let a = Pseudonyms(people: ids, facilitators: ["f1", "f2"])
    let b = Pseudonyms(people: ids.reversed(), facilitators: ["f2", "f1"])
    for id in ids { #expect(a.person(id) == b.person(id)) }
    #expect(a.facilitator("f1") == b.facilitator("f1"))
    #expect(a.person("nobody") == nil)
    // Fixed by the hash, not by the run: a known value guards against a changed derivation.
    #expect(a.person("c1")?.name == Pseudonyms(people: ["c1"], facilitators: []).person("c1")?.name)
  }

  @Test func uniqueInALargeBatch() {
    let ids = (1...3000).map { "c\($0)" }
    let facilitators = (1...60).map { "f\($0)" }
    let p = Pseudonyms(people: ids, facilitators: facilitators)
    let all = ids.compactMap(p.person) + facilitators.compactMap(p.facilitator)
    #expect(all.count == 3060)
    #expect(Set(all.map(\.name)).count == 3060)
    #expect(Set(all.map(\.email)).count == 3060)
    for (id, pseudonym) in zip(ids, ids.compactMap(p.person)) {
      #expect(!pseudonym.name.contains(id) && !pseudonym.email.contains(id + "@"))
      #expect(pseudonym.email.hasSuffix("@pseudonym.invalid"))
    }
  }

  @Test(arguments: OutputLanguage.allCases)
  func appliedToEveryOutputThatNamesPeople(language: OutputLanguage) throws {
    let plan = try TestPlans.plan()
    let files = TestPlans.files(plan, ReportOptions(language: language, pseudonymize: true))
    let real =
      plan.people.map(\.name) + plan.people.compactMap(\.email) + plan.facilitators.map(\.name)
      + plan.facilitators.compactMap(\.email)
    for (path, text) in files {
      for value in real { #expect(!text.contains(value), "\(path) holds \(value)") }
    }
    let pseudonyms = Pseudonyms(
      people: plan.people.map(\.id), facilitators: plan.facilitators.map(\.id))
    let contract = try #require(files["groups/G01/contract.md"])
    for member in plan.groups[0].members {
      let name = try #require(pseudonyms.person(member)?.name)
      #expect(contract.contains(Escape.markdown(name)))
    }
    let pack = try #require(files["facilitators/f1/index.md"])
    #expect(pack.contains(try #require(pseudonyms.facilitator("f1")?.name)))
    #expect(
      pack.contains(
        Escape.markdown(try #require(pseudonyms.person(plan.groups[0].members[0])?.email))))
  }

  @Test func sameAcrossRunsAndLanguages() throws {
    let plan = try TestPlans.plan()
    let a = TestPlans.files(plan, ReportOptions(language: .en, pseudonymize: true))
    let b = TestPlans.files(plan, ReportOptions(language: .en, pseudonymize: true))
    #expect(a == b)
    let nl = TestPlans.files(plan, ReportOptions(language: .nl, pseudonymize: true))
    let name = try #require(
      Pseudonyms(people: plan.people.map(\.id), facilitators: plan.facilitators.map(\.id))
        .person(plan.groups[1].members[0])?.name)
    #expect(a["groups/G02/contract.md"]?.contains(Escape.markdown(name)) == true)
    #expect(nl["groups/G02/contract.md"]?.contains(Escape.markdown(name)) == true)
  }
}

@Suite struct ShareableNamesTests {
  @Test func namesMatchTheReportsAndFoldersAreSafe() throws {
    let plan = try HostileDataTests.plan()
    let names = ShareableNames(plan: plan, pseudonymize: true)
    let files = TestPlans.files(plan, ReportOptions(language: .en, pseudonymize: true))
    // The calendars take names from here; the contracts must show the same ones.
    let pack = try #require(files["facilitators/\(names.facilitatorFolder("f1"))/index.md"])
    #expect(pack.contains(Escape.markdown(names.facilitator("f1"))))
    #expect(names.facilitatorFolder("../../etc") == "______etc")
    #expect(files["facilitators/______etc/index.md"] != nil)
    #expect(names.person("nobody") == "nobody")
    let real = ShareableNames(plan: plan, pseudonymize: false)
    #expect(real.person(TestPlans.id(9)) == "Person 9 Example")
    #expect(real.facilitatorEmail("f1") == "f1@coaches.example")
  }

  @Test func foldersStayUniqueAfterSanitising() {
    let folders = ShareableNames.folders(for: ["a/b", "a_b", "A_B", "a.b"])
    #expect(Set(folders.values.map { $0.lowercased() }).count == 4)
    #expect(folders["a/b"] == "a_b")
    #expect(folders["a_b"] == "a_b-2")
  }
}
