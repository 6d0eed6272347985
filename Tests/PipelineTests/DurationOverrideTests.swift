import Foundation
import Grouping
import Intake
import Pipeline
import Scheduling
import Testing

@Suite struct Durations {
  @Test(arguments: [
    ("90", 90.0), ("0", 0), ("1.5", 1.5), ("30s", 30), ("2m", 120), ("2h", 7200),
    ("2h30m", 9000), ("1h 30m", 5400), ("1.5h", 5400), ("1,5h", 5400), ("1h30m15s", 5415),
    ("1h 15s", 3615), ("  45m  ", 2700), ("2H", 7200), ("90m", 5400), ("3h30m", 12600),
    ("0.25h", 900),
  ])
  func parses(text: String, seconds: Double) {
    #expect(parseDuration(text) == seconds)
  }

  @Test(arguments: [
    "", " ", "h", "2x", "-5", "-2h", "2m3h", "2h2h", "1..5h", "1.5.2h", ".5h", "5.h", "2 h",
    "2hours", "1e3", "nan", "inf", "2h 30", "30 s", "1,5,0h", "2h-30m",
  ])
  func rejects(text: String) {
    #expect(parseDuration(text) == nil)
  }

  @Test(arguments: [("time_limit", "2m", 120.0), ("time_limit", "90", 90)])
  func configTimeLimitUsesTheParser(key: String, text: String, seconds: Double) throws {
    #expect(try parseConfig("groups: {\(key): \(text)}").groups.timeLimit == seconds)
  }

  @Test func zeroTimeLimitIsRefused() {
    #expect(
      configErrors("groups: {time_limit: 0}") == [
        #"kring.yaml:1: groups.time_limit: "0" is not a duration; allowed: a positive duration up to a year (8760h) such as 90, 30s, 2m, 1h 30m"#
      ])
  }
}

@Suite struct Overrides {
  @Test func overridesApplyOnTopOfTheFile() throws {
    let config = try parseConfig(
      "groups:\n  size: {min: 5, max: 8}\n  hierarchy: {max_level_gap: 0}\n",
      overrides: [
        "groups.hierarchy.max_level_gap=1", "groups.size.min=4", "groups.match=[language]",
        "schedule.duration=1h 30m", "schedule.facilitated=first 2", "language=en",
      ])
    #expect(config.groups.hierarchy.maxLevelGap == 1)
    #expect(config.groups.size == GroupsConfig.Size(min: 4, max: 8, target: 6))
    #expect(config.groups.match == ["language"])
    #expect(config.schedule.duration == 5400)
    #expect(config.schedule.facilitated == .first(2))
    #expect(config.language == .en)
  }

  @Test func programOverrideChangesThePreset() throws {
    let config = try parseConfig("program: intervision\n", overrides: ["program=mentoring"])
    #expect(config == KringConfig.preset(.mentoring))
  }

  @Test func laterOverrideWins() throws {
    let config = try parseConfig("", overrides: ["groups.seed=3", "groups.seed=9"])
    #expect(config.groups.seed == 9)
  }

  @Test func mappingOverrideMergesWithTheFile() throws {
    let config = try parseConfig(
      "groups:\n  size: {min: 4}\n", overrides: ["groups.size={max: 7, target: 7}"])
    #expect(config.groups.size == GroupsConfig.Size(min: 4, max: 7, target: 7))
  }

  @Test func emptyValueIsNull() throws {
    let config = try parseConfig(
      "schedule: {rooms: rooms.csv}",
      overrides: ["schedule.rooms=", "groups.hierarchy.max_level_gap=none"])
    #expect(config.schedule.rooms == nil)
    #expect(config.groups.hierarchy.maxLevelGap == nil)
  }

  @Test(arguments: [
    (
      "groups.size.mni=4",
      #"--set: groups.size.mni: unknown key "mni"; allowed: min, max, target (did you mean "min"?)"#
    ),
    (
      "program=mentorng",
      #"--set: program: "mentorng" is not allowed; allowed: intervision, mastermind, mentoring (did you mean "mentoring"?)"#
    ),
    (
      "groups.size.min=1",
      "--set: groups.size.min: 1 is out of range; allowed: 2…8 (up to groups.size.max)"
    ),
    (
      "groups.match=[language",
      "--set: groups.match: invalid YAML: did not find expected ',' or ']'"
    ),
    ("groups.size.min", #"--set: "groups.size.min" is not KEY=VALUE, e.g. groups.size.min=4"#),
    (
      "=3",
      #"--set: "=3" has no valid KEY; write a dotted key path such as groups.size.min=4"#
    ),
    (
      "groups..size=3",
      #"--set: "groups..size=3" has no valid KEY; write a dotted key path such as groups.size.min=4"#
    ),
    (
      "schedule.timezone=Mars/Base",
      #"--set: schedule.timezone: "Mars/Base" is not a known time zone; allowed: an IANA name such as Europe/Amsterdam"#
    ),
    (
      "program.name=x",
      "--set: program: expected a value, got a mapping"
    ),
  ])
  func badOverrideNamesSetAsTheFile(override: String, message: String) {
    #expect(configErrors("groups:\n  size: {min: 5}\n", overrides: [override]) == [message])
  }

  @Test func fileAndOverrideProblemsAreReportedTogether() {
    let errors = configErrors(
      "groups:\n  sise: 3\n", overrides: ["schedule.sessions=0", "language=de"])
    #expect(
      errors == [
        #"kring.yaml:2: groups.sise: unknown key "sise"; allowed: size, diversify, match, separate, hierarchy, keep_apart, keep_together, min_common_slots, history, size_penalty, iterations, time_limit, seed, lock, pin (did you mean "size"?)"#,
        "--set: schedule.sessions: 0 is out of range; allowed: 1…52",
        #"--set: language: "de" is not allowed; allowed: nl, en"#,
      ])
  }
}

@Suite struct Paths {
  @Test func pathsAreRelativeToTheConfigFile() throws {
    let directory = "\(configFixtures)/paths"
    let config = try KringConfig.load(path: "\(directory)/kring.yaml")
    #expect(config.schedule.facilitators == "\(directory)/facilitators.csv")
    #expect(config.schedule.rooms == "\(directory)/shared/rooms.csv")
    #expect(
      config.groups.history.plans == ["\(directory)/earlier/plan.json", "/data/plans/2026.json"])
  }

  @Test(arguments: [
    ("configs", "f.csv", "configs/f.csv"), ("configs/", "f.csv", "configs/f.csv"),
    ("", "f.csv", "f.csv"), (".", "f.csv", "f.csv"), ("/etc/kring", "/abs/f.csv", "/abs/f.csv"),
    ("/", "f.csv", "/f.csv"), ("a/b", "../f.csv", "a/b/../f.csv"),
  ])
  func resolution(base: String, path: String, expected: String) throws {
    let config = try KringConfig.parse(
      yaml: "schedule: {rooms: \"\(path)\"}", fileName: "k.yaml", baseDirectory: base,
      overrides: [])
    #expect(config.schedule.rooms == expected)
  }

  @Test func overridePathsResolveAgainstTheConfigFileToo() throws {
    let config = try KringConfig.parse(
      yaml: "", fileName: "c/k.yaml", baseDirectory: "c", overrides: ["schedule.rooms=r.csv"])
    #expect(config.schedule.rooms == "c/r.csv")
  }
}

@Suite struct AttributeMapOverrides {
  @Test func settingOneWeightKeepsThePresetsOthers() throws {
    let config = try parseConfig("program: mastermind", overrides: ["groups.diversify.region=0.5"])
    #expect(
      config.groups.diversify == [
        AttributeWeight("sector", 1.0), AttributeWeight("years_experience", 0.3),
        AttributeWeight("region", 0.5),
      ])
  }

  @Test func changingOneWeightKeepsItsPlace() throws {
    let config = try parseConfig("", overrides: ["groups.diversify.years_experience=2"])
    #expect(
      config.groups.diversify == [
        AttributeWeight("years_experience", 2), AttributeWeight("sector", 0.5),
      ])
  }

  @Test func presetComesFromTheOverriddenProgram() throws {
    let config = try parseConfig(
      "program: intervision", overrides: ["groups.separate.department=1", "program=mentoring"])
    #expect(config.groups.separate == ["organization": 2, "department": 1])
  }

  @Test func aMapWrittenInTheFileIsTheBase() throws {
    let config = try parseConfig(
      "groups:\n  separate: {department: 1}\n", overrides: ["groups.separate.region=2"])
    #expect(config.groups.separate == ["department": 1, "region": 2])
  }

  @Test func readinessWeightOverrideKeepsTheOthers() throws {
    let config = try parseConfig("", overrides: ["intake.readiness.weights.openness=0"])
    #expect(
      config.intake.readiness.weights == ["motivation": 0.5, "commitment": 0.3, "openness": 0])
  }

  @Test func wholeMapOverrideReplaces() throws {
    let config = try parseConfig("", overrides: ["groups.diversify={sector: 1}"])
    #expect(config.groups.diversify == [AttributeWeight("sector", 1)])
  }
}
