import Foundation
import Intake
import Reports
import Testing

@testable import Pipeline

/// People named by name or email in `kring.yaml` and in earlier cohorts' plans, the new
/// config keys' messages, and `--strict` for safety rules that cannot be resolved.
@Suite(.serialized) struct NamedPeopleTests {
  static let intake =
    "id,name,email,sector,years_experience,availability,avoid\n"
    + "c1,Jan de Vries,jan@a.nl,Zorg,3,mon-am,\n" + "c2,Jan Bakker,jbakker@b.nl,Zorg,4,mon-am,\n"
    + "c3,Karin Jansen,karin@c.nl,Zorg,5,mon-am,\n" + "c4,Zoë Meijer,zoe@d.nl,Zorg,6,mon-am,\n"
    + "c5,Piet Smit,piet@e.nl,Zorg,7,mon-am,Henk Groen\n" + "c6,Els Ruis,els@f.nl,Zorg,8,mon-am,\n"

  /// Writes the intake and a config into a fresh folder and forms the groups.
  func form(_ yaml: String, intake: String = intake, strict: Bool = false) throws(DiagnosticList)
    -> FormOutcome
  {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kring-named-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let intakePath = folder.appendingPathComponent("intake.csv").path
    let configPath = folder.appendingPathComponent("kring.yaml").path
    try? intake.write(toFile: intakePath, atomically: true, encoding: .utf8)
    try? yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
    var request = FormRequest(
      intakePath: intakePath, configPath: configPath, iterations: 50, diagnosis: false)
    request.strict = strict
    return try FormJob.run(request)
  }

  static let base =
    "groups:\n  size: {min: 2, max: 3, target: 3}\n  hierarchy: {max_level_gap: none}\n"

  @Test func keepApartNamesPeopleByNameOrEmail() throws {
    let outcome = try form(
      Self.base
        + "  keep_apart: [[\"jan de vries\", KARIN@C.NL, c4], [\"Zoe\u{308} Meijer\", c6]]\n")
    #expect(outcome.config.groups.keepApart == [["c1", "c3", "c4"], ["c4", "c6"]])
    #expect(!outcome.warnings.contains { $0.code == "ambiguous-person" })
    for group in outcome.plan.groups {
      #expect(!(group.members.contains("c1") && group.members.contains("c3")))
      #expect(!(group.members.contains("c4") && group.members.contains("c6")))
    }
  }

  @Test func anAmbiguousNameInKeepApartKeepsEveryoneItCouldMeanApart() throws {
    let outcome = try form(Self.base + "  keep_apart: [[Jan, c3]]\n")
    #expect(outcome.config.groups.keepApart == [["c1", "c3"], ["c2", "c3"]])
    // The config's path is a temporary one; the message after it is what counts.
    let shown = outcome.warnings.filter { $0.code == "ambiguous-person" }.map {
      $0.description.replacingOccurrences(of: $0.file, with: "kring.yaml")
    }
    #expect(
      shown == [
        #"kring.yaml: groups.keep_apart: warning: groups.keep_apart names "Jan", who could mean Jan de Vries (line 2) or Jan Bakker (line 3); each is kept apart from the others of the list; write the full name, email or id to be sure"#
      ])
  }

  @Test func strictMakesAnUnresolvedSafetyRuleAnError() throws {
    let yaml = Self.base + "  keep_apart: [[Jan, c3]]\n"
    _ = try form(yaml)
    do {
      _ = try form(yaml, strict: true)
      Issue.record("--strict accepted an ambiguous keep_apart and an unknown avoid")
    } catch {
      #expect(error.diagnostics.allSatisfy { $0.severity == .error })
      #expect(Set(error.diagnostics.map(\.code)) == ["ambiguous-person", "unknown-avoid"])
    }
  }

  @Test func valuesThatAreNotAllowedAreNamed() {
    let yaml = """
      intake:
        values:
          level: {Stagiair: junior}
          availability: {"Soms": [wo-avnd]}
          format: {"Hybride": soms}
      """
    #expect(
      configErrors(yaml) == [
        #"kring.yaml:3: intake.values.level.Stagiair: "junior" is not a level; allowed: professional, senior, lead, manager, director, or none"#,
        #"kring.yaml:4: intake.values.availability.Soms: "wo-avnd" is not a weekly slot; allowed: slots such as tue-pm or di-middag, all, or none"#,
        #"kring.yaml:5: intake.values.format.Hybride: "soms" is not a format; allowed: online, in-person, either, or none"#,
      ])
    #expect(
      configErrors("intake:\n  values:\n    regio: {Noord: N}\n").first?.hasPrefix(
        #"kring.yaml:3: intake.values.regio: unknown key "regio"; allowed: availability, level"#)
        == true)
  }

  @Test func laterCohortsMatchEarlierPlansByEmail() throws {
    // Cohort 1 had a coordinator's ids; cohort 2 is a form export, its ids are emails.
    let first = try form(Self.base)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kring-history-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let planPath = folder.appendingPathComponent("plan.json").path
    try kringJSON(first.plan, file: "plan.json").write(
      toFile: planPath, atomically: true, encoding: .utf8)
    let export =
      "Tijdstempel,E-mailadres,Naam,Sector,Ervaring,Beschikbaarheid\n"
      + "1-9-2026 10:00,JAN@a.nl,Jan de Vries,Zorg,3,ma-ochtend\n"
      + "1-9-2026 10:00,jbakker@b.nl,Jan Bakker,Zorg,4,ma-ochtend\n"
      + "1-9-2026 10:00,karin@c.nl,Karin Jansen,Zorg,5,ma-ochtend\n"
      + "1-9-2026 10:00,,Zoë Meijer,Zorg,6,ma-ochtend\n"
      + "1-9-2026 10:00,piet@e.nl,Piet Smit,Zorg,7,ma-ochtend\n"
      + "1-9-2026 10:00,els@other.nl,Els Ruis,Zorg,8,ma-ochtend\n"
    let batch = try IntakeReader().read(bytes: Array(export.utf8), fileName: "export.csv")
    let pairs = try FormJob.metBefore(
      in: [planPath], people: PersonDirectory(candidates: batch.candidates))
    let here = Set(batch.candidates.map(\.id))
    #expect(pairs.allSatisfy { here.contains($0.0) && here.contains($0.1) })
    // Everyone but Els (another email now) is found: by email, or (Zoë, no email now) by name.
    let old = Dictionary(
      first.plan.people.map { ($0.id, $0.email ?? "") }, uniquingKeysWith: { a, _ in a })
    var expected: Set<String> = []
    for group in first.plan.groups {
      let members = group.members.filter { $0 != "c6" }
      for (k, a) in members.enumerated() {
        for b in members[(k + 1)...] {
          let ids = [a, b].map { id -> String in
            id == "c4" ? "r5" : ValueKey(old[id] ?? "").rawValue
          }.sorted()
          expected.insert(ids.joined(separator: "|"))
        }
      }
    }
    let found = Set(pairs.map { [$0.0.rawValue, $0.1.rawValue].sorted().joined(separator: "|") })
    #expect(found == expected)
    #expect(!expected.isEmpty)
  }
}

extension NamedPeopleTests {
  @Test func keepTogetherAndGuessesSayWhatTheyDid() throws {
    let outcome = try form(
      Self.base + "  keep_together: [[Jan, c3]]\n  keep_apart: [[Karin, c6]]\n")
    let shown = outcome.warnings.filter {
      $0.code == "ambiguous-person" || $0.code == "person-guessed"
    }
    .map { $0.description.replacingOccurrences(of: $0.file, with: "kring.yaml") }
    #expect(
      shown == [
        #"kring.yaml: groups.keep_apart: warning: groups.keep_apart names "Karin", taken as Karin Jansen (line 4), the only close match; write the full name, email or id to be sure"#,
        #"kring.yaml: groups.keep_together: warning: groups.keep_together names "Jan", who could mean Jan de Vries (line 2) or Jan Bakker (line 3); that part of the rule binds nobody; write the full name, email or id to be sure"#,
      ])
    #expect(outcome.config.groups.keepApart == [["c3", "c6"]])
  }

  @Test func listsOfColumnsAndValuesAreChecked() {
    #expect(
      configErrors("intake:\n  columns:\n    sector: [Sector, Branche]\n") == [
        "kring.yaml:3: intake.columns.sector: sector is read from one column; only name and availability may list several"
      ])
    #expect(
      configErrors(
        "intake:\n  values:\n    level: {Medior: [senior, lead]}\n    language: {Fries: fryslan}\n    needs_accessible: {Soms: misschien}\n"
      )
        == [
          "kring.yaml:3: intake.values.level.Medior: level takes one value per answer, got 2",
          #"kring.yaml:4: intake.values.language.Fries: unknown language "fryslan"; use a code such as nl or en"#,
          #"kring.yaml:5: intake.values.needs_accessible.Soms: "misschien" is not yes or no; allowed: yes, no, or none"#,
        ])
  }

  @Test func aBrokenEarlierConfigIsLeftAlone() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kring-init-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let export = folder.appendingPathComponent("export.csv").path
    try "Tijdstempel,Naam,Sector,Ervaring,Beschikbaarheid\n1-9-2026 10:00,Ann,Zorg,3,di-middag\n"
      .write(toFile: export, atomically: true, encoding: .utf8)
    let config = folder.appendingPathComponent("kring.yaml").path
    try "intake:\n  columns: [oops\n".write(toFile: config, atomically: true, encoding: .utf8)
    #expect(throws: DiagnosticList.self) {
      _ = try IntakeInitJob.run(exportPath: export, output: config)
    }
    #expect(try String(contentsOfFile: config, encoding: .utf8) == "intake:\n  columns: [oops\n")
  }
}
