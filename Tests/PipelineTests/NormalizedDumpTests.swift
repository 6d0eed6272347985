import Foundation
import Intake
import Pipeline
import Testing

/// A config that sets every key away from its default, with awkward strings.
let everyKeyChanged = """
  program: mastermind
  language: en
  intake:
    columns: {sector: "In welke sector werk je?", id: "Nr.", name: "Naam: volledig"}
    sectors: {"Zorg & welzijn": [zorg, "ggz", "health \\"care\\""], Onderwijs: [po, vo]}
    levels: [junior, "true", "12", senior]
    default_language: en
    readiness: {weights: {motivation: 0.7, commitment: 0.3}, ready_at: 4.25, not_now_below: 1}
  groups:
    size: {min: 3, max: 9, target: 4}
    diversify: {sector: 0.1, years_experience: 2, region: 0.3333333333333333}
    match: [language, profession]
    separate: {organization: 2, department: 1}
    hierarchy: {max_level_gap: 2, separate_reporting_lines: false}
    keep_apart: [[c12, c40], ["007", "null"]]
    keep_together: [[c3, c7, c9]]
    min_common_slots: 3
    history: {plans: [old/plan.json], met_before: penalize, penalty: 0.75}
    size_penalty: 1.5
    iterations: 123456
    time_limit: 2h 30m 15s
    seed: 18446744073709551615
  schedule:
    timezone: Asia/Kolkata
    start: 2027-09-06
    sessions: 12
    cadence: 3
    duration: 45m
    dayparts: {am: "08:00", eve: "20:15"}
    blackout: [2027-12-20..2028-01-02, 2027-10-14]
    quorum: 0.6666
    facilitated: [1, 6, 12]
    formats: [online, in-person, in-person]
    facilitators: people/facilitators.csv
    rooms: /srv/rooms.csv
  """

@Suite struct NormalizedDump {
  static var configs: [String] {
    [
      "", "program: mastermind", "program: mentoring", "schedule: {facilitated: first 3}",
      "groups: {iterations: auto, hierarchy: {max_level_gap: null}, seed: 9223372036854775807}",
      everyKeyChanged,
    ]
  }

  @Test(arguments: configs)
  func yamlDumpLoadsBackToTheSameConfig(yaml: String) throws {
    let config = try KringConfig.parse(
      yaml: yaml, fileName: "k.yaml", baseDirectory: "base", overrides: [])
    let dump = config.normalizedYAML()
    let again = try KringConfig.parse(
      yaml: dump, fileName: "dump.yaml", baseDirectory: "", overrides: [])
    #expect(again == config)
    #expect(again.normalizedYAML() == dump)
  }

  @Test(arguments: configs)
  func jsonDumpLoadsBackToTheSameConfig(yaml: String) throws {
    let config = try KringConfig.parse(
      yaml: yaml, fileName: "k.yaml", baseDirectory: "base", overrides: [])
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = try encoder.encode(config.normalized)
    let value = try JSONDecoder().decode(ConfigValue.self, from: json)
    #expect(try KringConfig(normalized: value) == config)
    // JSON is YAML too, so the plan's object can also be read as a config file.
    let text = try #require(String(data: json, encoding: .utf8))
    #expect(
      try KringConfig.parse(yaml: text, fileName: "p.json", baseDirectory: "", overrides: [])
        == config)
  }

  @Test func dumpIsDeterministicAndSorted() throws {
    let config = try parseConfig(everyKeyChanged)
    let dumps = (0..<5).map { _ in config.normalizedYAML() }
    #expect(Set(dumps).count == 1)
    let topKeys = try #require(dumps.first).split(separator: "\n").filter { !$0.hasPrefix(" ") }
      .map { String($0.prefix { $0 != ":" }) }
    #expect(topKeys == ["groups", "intake", "language", "program", "schedule"])
  }

  @Test func largestSeedSurvivesTheDump() throws {
    let config = try parseConfig(everyKeyChanged)
    #expect(config.groups.seed == UInt64.max)
    #expect(try parseConfig(config.normalizedYAML()).groups.seed == UInt64.max)
  }

  @Test func diversifyOrderSurvivesTheDump() throws {
    let config = try parseConfig(everyKeyChanged)
    #expect(config.groups.diversify.map(\.attribute) == ["sector", "years_experience", "region"])
    let again = try parseConfig(config.normalizedYAML())
    #expect(again.groups.diversify.map(\.attribute) == ["sector", "years_experience", "region"])
  }

  @Test func resolvedPathsAreDumped() throws {
    let config = try KringConfig.parse(
      yaml: everyKeyChanged, fileName: "k.yaml", baseDirectory: "base", overrides: [])
    #expect(config.schedule.facilitators == "base/people/facilitators.csv")
    #expect(config.schedule.rooms == "/srv/rooms.csv")
    #expect(config.groups.history.plans == ["base/old/plan.json"])
    #expect(config.normalizedYAML().contains("facilitators: base/people/facilitators.csv"))
  }

  @Test func badCanonicalValueIsReported() {
    do {
      _ = try KringConfig(normalized: .map(["groups": .map(["seed": .string("x")])]))
      Issue.record("a bad canonical value loaded")
    } catch {
      #expect(
        error.diagnostics.map(\.description) == [
          #"plan.json: groups.seed: expected a whole number, got "x""#
        ])
    }
  }
}
