import Foundation
import Intake
import Pipeline
import Testing

/// One bad config and the exact diagnostic it must produce.
struct BadCase: Sendable, CustomTestStringConvertible {
  var yaml: String
  var message: String
  var testDescription: String { yaml }
  init(_ yaml: String, _ message: String) {
    self.yaml = yaml
    self.message = message
  }
}

let badValues: [BadCase] = [
  // top level
  BadCase(
    "program: intervison",
    #"kring.yaml:1: program: "intervison" is not allowed; allowed: intervision, mastermind, mentoring (did you mean "intervision"?)"#
  ),
  BadCase(
    "language: fr", #"kring.yaml:1: language: "fr" is not allowed; allowed: nl, en"#),
  BadCase(
    "groups: [size]", #"kring.yaml:1: groups: expected a mapping of keys to values, got a list"#),
  // intake
  BadCase(
    "intake:\n  columns: {sektor: Sector}",
    #"kring.yaml:2: intake.columns.sektor: unknown key "sektor"; allowed: id, name, email, organization, department, sector, profession, level, manager_id, years_experience, language, format, region, availability, needs_accessible, motivation, commitment, openness, avoid, learning_goal, intake_date, timestamp (did you mean "sector"?)"#
  ),
  BadCase(
    "intake:\n  columns: {sector: Werk, profession: werk}",
    #"kring.yaml:2: intake.columns.profession: header "werk" is already mapped to sector; each header feeds one field"#
  ),
  BadCase(
    "intake:\n  sectors:\n    Healthcare: [zorg, GGZ]\n    Care: [ggz]",
    #"kring.yaml:4: intake.sectors.Care: alias "ggz" is listed under both Healthcare and Care"#
  ),
  BadCase(
    "intake:\n  sectors:\n    Healthcare: [zorg]\n    Zorg: []",
    #"kring.yaml:4: intake.sectors.Zorg: sector "Zorg" is already an alias of Healthcare"#),
  BadCase(
    "intake:\n  levels: []",
    "kring.yaml:2: intake.levels: the list of levels is empty; list them lowest first, e.g. [professional, senior, lead]"
  ),
  BadCase(
    "intake:\n  levels: [senior, Senior]",
    #"kring.yaml:2: intake.levels: level "Senior" is listed more than once"#),
  BadCase(
    "intake:\n  default_language: 'nederlands!'",
    #"kring.yaml:2: intake.default_language: "nederlands!" is not a language code; allowed: a code such as nl or en"#
  ),
  BadCase(
    "intake:\n  readiness: {weights: {motivation: -1}}",
    "kring.yaml:2: intake.readiness.weights.motivation: -1 is out of range; allowed: 0…1000"),
  BadCase(
    "intake:\n  readiness: {weights: {motivation: 0}}",
    "kring.yaml:2: intake.readiness.weights: at least one of motivation, commitment, openness needs a weight above 0"
  ),
  BadCase(
    "intake:\n  readiness: {ready_at: 5.5}",
    "kring.yaml:2: intake.readiness.ready_at: 5.5 is out of range; allowed: 1…5"),
  BadCase(
    "intake:\n  readiness: {ready_at: 2, not_now_below: 3}",
    "kring.yaml:2: intake.readiness.not_now_below: ready_at (2.0) is below not_now_below (3.0); ready_at must be at least not_now_below"
  ),
  // groups
  BadCase(
    "groups:\n  size: {min: 1}",
    "kring.yaml:2: groups.size.min: 1 is out of range; allowed: 2…8 (up to groups.size.max)"),
  BadCase(
    "groups:\n  size: {min: 6, max: 4}",
    "kring.yaml:2: groups.size.min: 6 is out of range; allowed: 2…4 (up to groups.size.max)"),
  BadCase(
    "groups:\n  size: {max: 4}",
    "kring.yaml:2: groups.size.max: 4 is out of range; allowed: 5…100 (at least groups.size.min)"
  ),
  BadCase(
    "groups:\n  size:\n    target: 9",
    "kring.yaml:3: groups.size.target: 9 is out of range; allowed: 5…8 (groups.size.min…groups.size.max)"
  ),
  BadCase(
    "groups:\n  size: {min: five}",
    #"kring.yaml:2: groups.size.min: expected a whole number, got "five""#),
  BadCase(
    "groups:\n  diversify: {sector: -0.5}",
    "kring.yaml:2: groups.diversify.sector: -0.5 is out of range; allowed: 0…1000"),
  BadCase(
    "groups:\n  diversify: {sector: lots}",
    #"kring.yaml:2: groups.diversify.sector: expected a number, got "lots""#),
  BadCase(
    "groups:\n  match: language",
    #"kring.yaml:2: groups.match: expected a list such as [a, b], got "language""#),
  BadCase(
    "groups:\n  match: [language, language]",
    #"kring.yaml:2: groups.match: attribute "language" is listed more than once"#),
  BadCase(
    "groups:\n  separate: {organization: 0}",
    "kring.yaml:2: groups.separate.organization: 0 is out of range; allowed: 1…100"),
  BadCase(
    "groups:\n  hierarchy: {max_level_gap: -1}",
    "kring.yaml:2: groups.hierarchy.max_level_gap: -1 is out of range; allowed: a whole number 0…100, or none"
  ),
  BadCase(
    "groups:\n  hierarchy: {separate_reporting_lines: maybe}",
    #"kring.yaml:2: groups.hierarchy.separate_reporting_lines: expected true or false, got "maybe""#
  ),
  BadCase(
    "groups:\n  keep_apart: [[c1]]",
    "kring.yaml:2: groups.keep_apart: a set needs at least 2 ids, got 1; write e.g. [c12, c40]"),
  BadCase(
    "groups:\n  keep_together:\n    - [c1, c1]",
    #"kring.yaml:3: groups.keep_together: id "c1" is listed twice in one set"#),
  BadCase(
    "groups:\n  keep_together: [c1, c2]",
    #"kring.yaml:2: groups.keep_together: expected a list of id lists such as [[c12, c40]], got "c1""#
  ),
  BadCase(
    "groups:\n  min_common_slots: 22",
    "kring.yaml:2: groups.min_common_slots: 22 is out of range; allowed: 0…21"),
  BadCase(
    "groups:\n  history: {met_before: sometimes}",
    #"kring.yaml:2: groups.history.met_before: "sometimes" is not allowed; allowed: avoid, penalize, ignore"#
  ),
  BadCase(
    "groups:\n  history: {met_before: penalise}",
    #"kring.yaml:2: groups.history.met_before: "penalise" is not allowed; allowed: avoid, penalize, ignore (did you mean "penalize"?)"#
  ),
  BadCase(
    "groups:\n  history: {penalty: -2}",
    "kring.yaml:2: groups.history.penalty: -2 is out of range; allowed: 0…1000"),
  BadCase(
    "groups:\n  size_penalty: -0.1",
    "kring.yaml:2: groups.size_penalty: -0.1 is out of range; allowed: 0…1000"),
  BadCase(
    "groups:\n  iterations: 0",
    #"kring.yaml:2: groups.iterations: "0" is not allowed; allowed: auto, or a whole number 1…100000000"#
  ),
  BadCase(
    "groups:\n  time_limit: soon",
    #"kring.yaml:2: groups.time_limit: "soon" is not a duration; allowed: a positive duration up to a year (8760h) such as 90, 30s, 2m, 1h 30m"#
  ),
  BadCase(
    "groups:\n  seed: -5",
    "kring.yaml:2: groups.seed: -5 is out of range; allowed: 0…18446744073709551615"),
  BadCase(
    "groups:\n  seed: 1.5", #"kring.yaml:2: groups.seed: expected a whole number, got "1.5""#),
  // schedule
  BadCase(
    "schedule:\n  timezone: Europe/Amsterdm",
    #"kring.yaml:2: schedule.timezone: "Europe/Amsterdm" is not a known time zone; allowed: an IANA name such as Europe/Amsterdam (did you mean "Europe/Amsterdam"?)"#
  ),
  BadCase(
    "schedule:\n  start: 2027-02-29",
    #"kring.yaml:2: schedule.start: "2027-02-29" is not a date; allowed: a calendar date YYYY-MM-DD in the years 1900–2200"#
  ),
  BadCase(
    "schedule:\n  start: 11-01-2027",
    #"kring.yaml:2: schedule.start: "11-01-2027" is not a date; allowed: a calendar date YYYY-MM-DD in the years 1900–2200"#
  ),
  BadCase(
    "schedule:\n  sessions: 0", "kring.yaml:2: schedule.sessions: 0 is out of range; allowed: 1…52"),
  BadCase(
    "schedule:\n  sessions: 53",
    "kring.yaml:2: schedule.sessions: 53 is out of range; allowed: 1…52"),
  BadCase(
    "schedule:\n  cadence: fortnightly",
    #"kring.yaml:2: schedule.cadence: "fortnightly" is not a cadence; allowed: N weeks with N in 1…52, e.g. 2 weeks"#
  ),
  BadCase(
    "schedule:\n  cadence: 2 days",
    #"kring.yaml:2: schedule.cadence: "2 days" is not a cadence; allowed: N weeks with N in 1…52, e.g. 2 weeks"#
  ),
  BadCase(
    "schedule:\n  cadence: 0 weeks",
    "kring.yaml:2: schedule.cadence: 0 weeks is out of range; allowed: 1…52 weeks"),
  BadCase(
    "schedule:\n  after_break: skip",
    #"kring.yaml:2: schedule.after_break: "skip" is not allowed; allowed: keep-cadence, catch-up"#
  ),
  BadCase(
    "schedule:\n  cadence: 4 weeks\n  max_gap: 3 weeks",
    "kring.yaml:3: schedule.max_gap: 3 weeks is out of range; allowed: at least the cadence, 4 weeks"
  ),
  BadCase(
    "schedule:\n  max_gap: 2 maanden",
    #"kring.yaml:2: schedule.max_gap: "2 maanden" is not a gap; allowed: N weeks with N in 1…52, e.g. 2 weeks"#
  ),
  BadCase(
    "schedule:\n  organizer: Kring Office",
    #"kring.yaml:2: schedule.organizer: "Kring Office" is not an organiser; allowed: an email address, or Name <email>"#
  ),
  BadCase(
    "schedule:\n  online_link: https://meet.example.org/{groep}",
    #"kring.yaml:2: schedule.online_link: "https://meet.example.org/{groep}" holds the unknown placeholder {groep}; allowed: {group}"#
  ),
  BadCase(
    "schedule:\n  duration: 2x",
    #"kring.yaml:2: schedule.duration: "2x" is not a session length; allowed: a duration up to 24h such as 90m, 2h, 1h 30m, 1.5h"#
  ),
  BadCase(
    "schedule:\n  duration: 25h",
    #"kring.yaml:2: schedule.duration: "25h" is not a session length; allowed: a duration up to 24h such as 90m, 2h, 1h 30m, 1.5h"#
  ),
  BadCase(
    "schedule:\n  dayparts: {am: '25:00'}",
    #"kring.yaml:2: schedule.dayparts.am: "25:00" is not a time of day; allowed: HH:MM from 00:00 to 23:59"#
  ),
  BadCase(
    "schedule:\n  dayparts: {noon: '12:00'}",
    #"kring.yaml:2: schedule.dayparts.noon: unknown key "noon"; allowed: am, pm, eve"#),
  BadCase(
    "schedule:\n  blackout: [2027-02-19..2027-02-15]",
    #"kring.yaml:2: schedule.blackout: "2027-02-19..2027-02-15" ends before it starts; write the first date first"#
  ),
  BadCase(
    "schedule:\n  blackout:\n    - 2027-04-27\n    - 2027-13-01",
    #"kring.yaml:4: schedule.blackout: "2027-13-01" is not a date or date range; allowed: YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD in the years 1900–2200"#
  ),
  BadCase(
    "schedule:\n  quorum: 0",
    "kring.yaml:2: schedule.quorum: 0 is out of range; allowed: more than 0 and at most 1"),
  BadCase(
    "schedule:\n  quorum: 1.2",
    "kring.yaml:2: schedule.quorum: 1.2 is out of range; allowed: more than 0 and at most 1"),
  BadCase(
    "schedule:\n  facilitated: first 9",
    "kring.yaml:2: schedule.facilitated: first 9 is out of range; allowed: first 1…first 6 (schedule.sessions)"
  ),
  BadCase(
    "schedule:\n  facilitated: [1, 7]",
    "kring.yaml:2: schedule.facilitated: 7 is out of range; allowed: 1…6 (schedule.sessions)"),
  BadCase(
    "schedule:\n  facilitated: some",
    #"kring.yaml:2: schedule.facilitated: "some" is not allowed; allowed: all, first N, or a list of session numbers such as [1, 4, 6]"#
  ),
  BadCase(
    "schedule:\n  formats: [hybrid]",
    #"kring.yaml:2: schedule.formats: "hybrid" is not allowed; allowed: in-person, online"#),
  BadCase(
    "schedule:\n  formats: []",
    "kring.yaml:2: schedule.formats: the list of formats is empty; allowed: in-person, online, e.g. [in-person, online]"
  ),
  BadCase(
    "schedule:\n  rooms: [a.csv]",
    "kring.yaml:2: schedule.rooms: expected a value, got a list"),
  // whole file
  BadCase(
    "groups:\n  size: {min: 5, max: 8\n  match: [language]",
    "kring.yaml:3: invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping at line 2)"
  ),
  BadCase(
    "program: intervision\nprogram: mentoring",
    #"kring.yaml:1: key "program" appears more than once in the same mapping"#),
  BadCase(
    "- intervision",
    "kring.yaml:1: expected a mapping of settings such as `program: intervision`, got a list"),
]

let unknownKeys: [BadCase] = [
  BadCase(
    "languge: en",
    #"kring.yaml:1: languge: unknown key "languge"; allowed: program, language, intake, groups, schedule (did you mean "language"?)"#
  ),
  BadCase(
    "groups:\n  sise: {min: 5}",
    #"kring.yaml:2: groups.sise: unknown key "sise"; allowed: size, diversify, match, separate, hierarchy, keep_apart, keep_together, min_common_slots, history, size_penalty, iterations, time_limit, seed, lock, pin (did you mean "size"?)"#
  ),
  BadCase(
    "groups:\n  size: {maks: 7}",
    #"kring.yaml:2: groups.size.maks: unknown key "maks"; allowed: min, max, target (did you mean "max"?)"#
  ),
  BadCase(
    "groups:\n  hierarchy:\n    max_level_gab: 1",
    #"kring.yaml:3: groups.hierarchy.max_level_gab: unknown key "max_level_gab"; allowed: max_level_gap, separate_reporting_lines (did you mean "max_level_gap"?)"#
  ),
  BadCase(
    "schedule:\n  sesions: 6",
    #"kring.yaml:2: schedule.sesions: unknown key "sesions"; allowed: timezone, start, sessions, cadence, duration, dayparts, blackout, quorum, facilitated, formats, facilitators, rooms, after_break, max_gap, organizer, online_link (did you mean "sessions"?)"#
  ),
  BadCase(
    "intake:\n  readiness:\n    weights: {motivaton: 0.5}",
    #"kring.yaml:3: intake.readiness.weights.motivaton: unknown key "motivaton"; allowed: motivation, commitment, openness (did you mean "motivation"?)"#
  ),
  BadCase(
    "colour: blue",
    #"kring.yaml:1: colour: unknown key "colour"; allowed: program, language, intake, groups, schedule"#
  ),
]

@Suite struct Errors {
  @Test(arguments: badValues)
  func badValueIsReportedExactly(bad: BadCase) {
    #expect(configErrors(bad.yaml) == [bad.message])
  }

  @Test(arguments: unknownKeys)
  func unknownKeyNamesTheAllowedKeysAndTheClosest(bad: BadCase) {
    #expect(configErrors(bad.yaml) == [bad.message])
  }

  @Test func everyProblemIsReportedInOnePassInLineOrder() throws {
    let path = "\(configFixtures)/bad/values.yaml"
    let lines = try String(contentsOfFile: path, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false)
    do {
      _ = try KringConfig.load(path: path)
      Issue.record("a config full of bad values loaded")
    } catch {
      let found = error.diagnostics
      // Every value line of the fixture holds at least one problem.
      let valueLines = lines.indices.filter { index in
        let line = lines[index]
        return line.contains(":") && !line.hasPrefix("#") && !line.hasSuffix(":")
      }.map { $0 + 1 }
      #expect(Set(found.compactMap(\.line)) == Set(valueLines))
      #expect(found.map { $0.line ?? 0 } == found.map { $0.line ?? 0 }.sorted())
      #expect(found.allSatisfy { $0.file == path && $0.severity == .error })
      #expect(found.count == 31)
    }
  }

  @Test func unknownKeysInAFileAreAllReported() {
    do {
      _ = try KringConfig.load(path: "\(configFixtures)/bad/unknown-keys.yaml")
      Issue.record("unknown keys were accepted")
    } catch {
      #expect(
        error.diagnostics.map(\.column) == [
          "languge", "groups.sise", "groups.size.maks", "groups.hierarchy.max_level_gab",
          "schedule.sesions", "intake.readiness.weights.motivaton",
        ])
      #expect(error.diagnostics.allSatisfy { $0.code == "config-unknown-key" })
    }
  }

  @Test func codesAreStable() {
    let cases: [(String, String)] = [
      ("groups: {sise: 1}", "config-unknown-key"),
      ("program: x", "config-invalid-value"),
      ("schedule: {sessions: 99}", "config-out-of-range"),
      ("schedule: {sessions: [1]}", "config-wrong-type"),
      ("groups: {time_limit: x}", "config-invalid-duration"),
      ("schedule: {start: x}", "config-invalid-date"),
      ("schedule: {timezone: Mars/Base}", "config-invalid-timezone"),
      ("a: [", "config-syntax"),
      ("a: 1\na: 2", "config-duplicate-key"),
    ]
    for (yaml, code) in cases {
      do {
        _ = try parseConfig(yaml)
        Issue.record("\(yaml) loaded")
      } catch {
        #expect(error.diagnostics.map(\.code) == [code], "\(yaml)")
      }
    }
  }

  @Test func missingFileIsADiagnostic() {
    let path = "\(configFixtures)/no-such-file.yaml"
    do {
      _ = try KringConfig.load(path: path)
      Issue.record("a missing file loaded")
    } catch {
      #expect(error.diagnostics.map(\.code) == ["config-unreadable"])
      #expect(error.diagnostics.first?.file == path)
    }
  }

  @Test func aliasBombIsRefused() {
    var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in 1...8 {
      let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
      yaml += "a\(level): &a\(level) [\(refs)]\n"
    }
    let errors = configErrors(yaml)
    #expect(errors.count == 1)
    #expect(errors.first?.contains("more than 100000 values") == true)
  }
}
