import Foundation
import Grouping
import Intake
import Pipeline
import Reports
import Scheduling
import Testing

@Suite struct Defaults {
  @Test(arguments: [
    "", "# only a comment\n", "---\n", "\n\n   \n", "groups:\nschedule:\nintake:\n",
    "groups:\n  # size: {min: 4}\n",
  ])
  func emptyOrCommentOnlyFileIsTheIntervisionPreset(yaml: String) throws {
    #expect(try parseConfig(yaml) == KringConfig.preset(.intervision))
  }

  @Test func intervisionDefaultsFollowTheDesignTable() throws {
    let config = try parseConfig("")
    #expect(config.program == .intervision)
    #expect(config.language == .nl)
    #expect(config.groups.size == GroupsConfig.Size(min: 5, max: 8, target: 6))
    #expect(
      config.groups.diversify == [
        AttributeWeight("years_experience", 1.0), AttributeWeight("sector", 0.5),
      ])
    #expect(config.groups.match == ["language", "format"])
    #expect(config.groups.separate == ["organization": 1])
    #expect(config.groups.hierarchy.maxLevelGap == 0)
    #expect(config.groups.hierarchy.separateReportingLines)
    #expect(config.groups.iterations == .auto)
    #expect(config.groups.timeLimit == 60)
    #expect(config.groups.seed == 1)
    #expect(config.schedule.sessions == 6)
    #expect(config.schedule.cadenceWeeks == 4)
    #expect(config.schedule.duration == 7200)
    #expect(config.schedule.formats == [.inPerson])
    #expect(config.schedule.facilitated == .all)
    #expect(config.schedule.facilitators == nil)
    #expect(config.intake.readiness.readyAt == 3.5)
    #expect(config.usesHierarchy)
  }

  @Test func noPathGivesDefaultsPlusOverrides() throws {
    let config = try KringConfig.load(path: nil, overrides: ["groups.size.min=6"])
    var expected = KringConfig.preset(.intervision)
    expected.groups.size.min = 6
    #expect(config == expected)
  }
}

/// The preset table of the design, written out independently of `KringConfig.preset`.
struct PresetRow: Sendable, CustomTestStringConvertible {
  var program: Program
  var size: (Int, Int, Int)
  var diversify: [AttributeWeight]
  var separate: [String: Int]
  var gap: Int?
  var sessions: Int
  var cadence: Int
  var hours: Double
  var formats: [ScheduleConfig.SessionFormat]
  var testDescription: String { program.rawValue }
}

let presetTable: [PresetRow] = [
  PresetRow(
    program: .intervision, size: (5, 8, 6),
    diversify: [AttributeWeight("years_experience", 1.0), AttributeWeight("sector", 0.5)],
    separate: ["organization": 1], gap: 0, sessions: 6, cadence: 4, hours: 2,
    formats: [.inPerson]),
  PresetRow(
    program: .mastermind, size: (4, 6, 6),
    diversify: [AttributeWeight("sector", 1.0), AttributeWeight("years_experience", 0.3)],
    separate: ["organization": 1], gap: nil, sessions: 7, cadence: 2, hours: 3.5,
    formats: [.inPerson, .online]),
  PresetRow(
    program: .mentoring, size: (4, 6, 5),
    diversify: [AttributeWeight("years_experience", 1.0), AttributeWeight("sector", 0.3)],
    separate: ["organization": 2], gap: 1, sessions: 6, cadence: 2, hours: 1.5,
    formats: [.inPerson]),
]

@Suite struct Presets {
  @Test(arguments: presetTable)
  func presetMatchesTheTable(row: PresetRow) throws {
    let config = try parseConfig("program: \(row.program.rawValue)")
    #expect(config == KringConfig.preset(row.program))
    #expect(config.program == row.program)
    let size = config.groups.size
    #expect(size.min == row.size.0 && size.max == row.size.1 && size.target == row.size.2)
    #expect(config.groups.diversify == row.diversify)
    #expect(config.groups.match == ["language", "format"])
    #expect(config.groups.separate == row.separate)
    #expect(config.groups.hierarchy.maxLevelGap == row.gap)
    #expect(config.usesHierarchy == (row.gap != nil))
    // Safety rules are never relaxed by a preset.
    #expect(config.groups.hierarchy.separateReportingLines)
    #expect(config.schedule.sessions == row.sessions)
    #expect(config.schedule.cadenceWeeks == row.cadence)
    #expect(config.schedule.duration == row.hours * 3600)
    #expect(config.schedule.formats == row.formats)
  }

  @Test(arguments: Program.allCases)
  func commentedExampleFileSpellsOutThePreset(program: Program) throws {
    let path = "\(configFixtures)/\(program.rawValue).yaml"
    #expect(try KringConfig.load(path: path) == KringConfig.preset(program))
  }

  @Test func partialSizeKeepsThePresetsOtherBounds() throws {
    let config = try KringConfig.load(path: "\(configFixtures)/partial.yaml")
    var expected = KringConfig.preset(.mentoring)
    expected.groups.size.max = 7
    #expect(config == expected)
    #expect(config.groups.size == GroupsConfig.Size(min: 4, max: 7, target: 5))
  }

  @Test func programIsAppliedFirstWhereverItIsWritten() throws {
    let late = try parseConfig("groups:\n  size: {min: 3}\nprogram: mastermind\n")
    #expect(late.groups.size == GroupsConfig.Size(min: 3, max: 6, target: 6))
    #expect(late.schedule.sessions == 7)
  }

  @Test func unwrittenTargetFollowsNewBounds() throws {
    let config = try parseConfig("groups:\n  size: {max: 5}\n")
    #expect(config.groups.size == GroupsConfig.Size(min: 5, max: 5, target: 5))
  }

  @Test func attributeMapsReplaceThePresetsWhole() throws {
    let config = try parseConfig(
      "program: mastermind\ngroups:\n  diversify: {region: 2, years_experience: 0.5}\n")
    #expect(
      config.groups.diversify == [
        AttributeWeight("region", 2), AttributeWeight("years_experience", 0.5),
      ])
  }

  @Test func daypartsMergeKeyByKey() throws {
    let config = try parseConfig("schedule:\n  dayparts: {eve: '18:30', am: 9:00}\n")
    #expect(config.schedule.dayparts == [.am: "09:00", .pm: "14:00", .eve: "18:30"])
  }
}

@Suite struct Values {
  @Test func everySectionDecodes() throws {
    let yaml = """
      language: en
      intake:
        columns: {sector: "In welke sector werk je?", id: Nr}
        sectors: {Healthcare: [zorg, ggz, "health care"], Education: [onderwijs]}
        levels: [junior, medior, senior]
        default_language: EN
        readiness: {weights: {motivation: 1, openness: 0}, ready_at: 4, not_now_below: 2.5}
      groups:
        hierarchy: {max_level_gap: none, separate_reporting_lines: false}
        keep_apart: [[c12, c40], [c1, c2, c3]]
        keep_together: [[3, 7]]
        min_common_slots: 0
        history: {met_before: penalize, penalty: 0.5}
        size_penalty: 0
        iterations: 20000
        time_limit: 1h 30m
        seed: 42
      schedule:
        timezone: America/New_York
        start: 2028-02-29
        sessions: 8
        cadence: 1 week
        duration: 1.5h
        blackout: [2027-02-15..2027-02-19, 2027-04-27]
        quorum: 1
        facilitated: [6, 1, 4]
        formats: [online]
        facilitators: null
      """
    let config = try parseConfig(yaml)
    #expect(config.language == .en)
    #expect(config.intake.columns == ["sector": "In welke sector werk je?", "id": "Nr"])
    #expect(
      config.intake.sectors == [
        "Healthcare": ["zorg", "ggz", "health care"], "Education": ["onderwijs"],
      ])
    #expect(config.intake.levels == ["junior", "medior", "senior"])
    #expect(config.intake.defaultLanguage == "en")
    #expect(
      config.intake.readiness
        == ReadinessConfig(
          weights: ["motivation": 1, "openness": 0], readyAt: 4, notNowBelow: 2.5))
    #expect(
      config.groups.hierarchy
        == GroupsConfig.Hierarchy(
          maxLevelGap: nil, separateReportingLines: false))
    #expect(!config.usesHierarchy)
    #expect(config.groups.keepApart == [["c12", "c40"], ["c1", "c2", "c3"]])
    #expect(config.groups.keepTogether == [["3", "7"]])
    #expect(config.groups.minCommonSlots == 0)
    #expect(
      config.groups.history
        == GroupsConfig.History(
          plans: [], metBefore: .penalize, penalty: 0.5))
    #expect(config.groups.sizePenalty == 0)
    #expect(config.groups.iterations == .count(20000))
    #expect(config.groups.timeLimit == 5400)
    #expect(config.groups.seed == 42)
    #expect(config.schedule.timezone == "America/New_York")
    #expect(config.schedule.start == "2028-02-29")
    #expect(config.schedule.sessions == 8)
    #expect(config.schedule.cadenceWeeks == 1)
    #expect(config.schedule.duration == 5400)
    #expect(
      config.schedule.blackout == [
        DateRange(first: "2027-02-15", last: "2027-02-19"),
        DateRange(first: "2027-04-27", last: "2027-04-27"),
      ])
    #expect(config.schedule.quorum == 1)
    #expect(config.schedule.facilitated == .sessions([1, 4, 6]))
    #expect(config.schedule.formats == [.online])
    #expect(config.schedule.facilitators == nil)
  }

  @Test(arguments: [
    ("all", ScheduleConfig.Facilitated.all), ("first 2", .first(2)), ("First  6", .first(6)),
    ("[1, 4, 6]", .sessions([1, 4, 6])), ("[6]", .sessions([6])),
  ])
  func facilitatedForms(text: String, expected: ScheduleConfig.Facilitated) throws {
    #expect(try parseConfig("schedule: {facilitated: \(text)}").schedule.facilitated == expected)
  }

  @Test(arguments: [("4 weeks", 4), ("1 week", 1), ("3", 3), ("52 weeks", 52), ("2  Weeks", 2)])
  func cadenceForms(text: String, weeks: Int) throws {
    #expect(try parseConfig("schedule: {cadence: \(text)}").schedule.cadenceWeeks == weeks)
  }

  @Test(arguments: [
    "max_level_gap: none", "max_level_gap: null", "max_level_gap: ~", "max_level_gap:",
  ])
  func levelGapCanBeSwitchedOff(line: String) throws {
    let config = try parseConfig("groups:\n  hierarchy:\n    \(line)\n")
    #expect(config.groups.hierarchy.maxLevelGap == nil)
    #expect(config.groups.hierarchy.separateReportingLines)
  }
}
