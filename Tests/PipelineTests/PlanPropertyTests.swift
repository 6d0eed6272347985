import Foundation
import Generator
import Intake
import Pipeline
import PropertyBased
import Reports
import Scheduling
import Testing

/// `kring plan` on random generated batches with facilitators and rooms, checked by two
/// independent checkers: `PlanChecker` (written for these tests) and Kring's `PlanAudit`.
@Suite("Plans of generated batches keep every rule")
struct PlanPropertyTests {
  static let profiles: [GeneratorProfile] = [.realistic, .hard, .planted]
  static let programs: [GeneratorProgram] = [.intervision, .mastermind, .mentoring]
  /// A small budget keeps each plan well under a second in a debug build.
  static let iterations = 20
  static let scheduleTimeLimit = 5.0

  /// `schedule:` lines that vary what the preset fixes: sessions, cadence, blackouts, which
  /// sessions are facilitated, alternating formats and the quorum.
  static func scheduleLines(_ variant: Int) -> [String] {
    let sessions = 3 + variant % 6
    let cadence = 1 + (variant / 6) % 4
    let blackouts = [
      "[]",
      "[2027-02-15..2027-02-19, 2027-04-27]",
      // Three whole weeks: every series started in January meets one of them.
      "[2027-01-18..2027-02-07, 2027-05-05]",
    ]
    let facilitated = ["all", "first 2", "[1, 3]"]
    let formats = ["[in-person]", "[in-person, online]"]
    let quorum = ["0.6", "0.8", "1"]
    let k = variant / 24
    return [
      "  sessions: \(sessions)",
      "  cadence: \(cadence) weeks",
      "  blackout: \(blackouts[k % 3])",
      "  facilitated: \(facilitated[(k / 3) % 3])",
      "  formats: \(formats[(k / 9) % 2])",
      "  quorum: \(quorum[(k / 18) % 3])",
    ]
  }

  /// Generates, plans and checks one batch; returns the outcome for further checks.
  @discardableResult
  static func planAndCheck(
    seed: UInt64, profile: GeneratorProfile, program: GeneratorProgram, candidates: Int,
    scheduleLines: [String]
  ) throws -> (outcome: PlanOutcome, batch: GeneratedBatch) {
    let batch = try BatchGenerator.generate(
      GeneratorOptions(
        candidates: candidates, seed: seed, profile: profile, program: program,
        facilitators: .auto, rooms: .auto))
    let folder = try BatchFolder(batch, appendingToConfig: scheduleLines)
    defer { folder.remove() }
    let outcome = try PlanJob.run(
      PlanRequest(
        form: FormRequest(
          intakePath: folder.intakePath, configPath: folder.configPath,
          iterations: iterations, diagnosis: false),
        scheduleTimeLimit: scheduleTimeLimit))
    let label =
      "seed \(seed) \(profile) \(program) \(candidates) \(scheduleLines.joined(separator: ";"))"
    let checker = PlanChecker(
      batch: batch,
      config: KringConfigSnapshot(
        groups: outcome.config.groups, schedule: outcome.config.schedule,
        levels: outcome.config.intake.levels))
    let violations = checker.violations(outcome.plan)
    #expect(violations.isEmpty, "\(label): \(violations.prefix(10))")
    let audit = PlanAudit.check(outcome.plan)
    #expect(audit.rules.isEmpty, "\(label): \(audit.rules.prefix(5))")
    #expect(audit.conflicts.isEmpty, "\(label): \(audit.conflicts.prefix(5))")
    return (outcome, batch)
  }

  @Test func randomBatchesWithResourcesKeepEverySchedulingAndGroupingRule() async {
    await propertyCheck(
      count: 10, input: Gen.uint64(in: 1...1_000_000), Gen.int(in: 0...8),
      Gen.int(in: 40...120), Gen.int(in: 0...431)
    ) { seed, shape, candidates, variant in
      let lines = Self.scheduleLines(variant)
      let result = try Self.planAndCheck(
        seed: seed, profile: Self.profiles[shape / 3], program: Self.programs[shape % 3],
        candidates: candidates, scheduleLines: lines)
      // The config the checker read is the one written: the plumbing is not vacuous.
      let schedule = result.outcome.config.schedule
      #expect(schedule.sessions == 3 + variant % 6)
      #expect(schedule.cadenceWeeks == 1 + (variant / 6) % 4)
      #expect(schedule.blackout.count == [0, 2, 2][(variant / 24) % 3])
    }
  }

  /// The checker itself catches broken plans: each tampering below breaks one rule.
  @Test func theCheckerRejectsTamperedPlans() throws {
    let (outcome, batch) = try Self.planAndCheck(
      seed: 11, profile: .planted, program: .intervision, candidates: 60,
      scheduleLines: Self.scheduleLines(0))
    let checker = PlanChecker(
      batch: batch,
      config: KringConfigSnapshot(
        groups: outcome.config.groups, schedule: outcome.config.schedule,
        levels: outcome.config.intake.levels))
    let plan = outcome.plan
    try #require(plan.schedule.count >= 2 && plan.groups.count >= 2)

    var moved = plan
    moved.schedule[0].sessions[1].start = moved.schedule[0].sessions[0].start
    #expect(!checker.violations(moved).isEmpty, "a session moved off its cadence date")

    var doubled = plan
    doubled.schedule[1].facilitator = doubled.schedule[0].facilitator
    doubled.schedule[1].slot = doubled.schedule[0].slot
    doubled.schedule[1].phase = doubled.schedule[0].phase
    doubled.schedule[1].sessions = doubled.schedule[0].sessions
    #expect(
      checker.violations(doubled).contains { $0.contains("double booked") },
      "two groups with one facilitator at the same times")

    var short = plan
    short.schedule[0].sessions.removeLast()
    #expect(!checker.violations(short).isEmpty, "a session missing")

    var merged = plan
    merged.groups[0].members += merged.groups[1].members
    #expect(!checker.violations(merged).isEmpty, "an oversized group")

    let blackout = PlanChecker(
      batch: batch,
      config: KringConfigSnapshot(
        groups: outcome.config.groups,
        schedule: {
          var s = outcome.config.schedule
          s.blackout = [DateRange(first: "2027-01-01", last: "2027-12-31")]
          return s
        }(), levels: outcome.config.intake.levels))
    #expect(!blackout.violations(plan).isEmpty, "every session on a blackout date")
  }

  /// Programmes whose planted batches (60 and 120 candidates, seeds 1–3) Kring places and
  /// schedules in full.
  ///
  /// Mastermind batches fall short, measured with this budget: seed 1 of 60 places 57 (Kring
  /// forms 11 smaller groups where 10 were hidden; the facilitators, planted at about 90 % of
  /// their capacity, cannot serve them all, and the re-formed round takes away the only slot
  /// of 3 people), seed 2 of 60 places 60 but leaves one group of 6 unscheduled (it meets on
  /// thu-am, where both Dutch-speaking facilitators come from a member's organisation). Over
  /// 40/80/120 candidates × seeds 1–6 people were left out the same way in 3 of 18 mastermind
  /// and 1 of 18 mentoring batches (2–3 people each); intervision batches were always full.
  static let fullyServed: Set<GeneratorProgram> = [.intervision, .mentoring]

  /// A planted batch hides a grouping that places everyone and a schedule that serves every
  /// hidden group with the generated facilitators and rooms; Kring's own groups differ from
  /// the hidden ones, so the schedule is full where measured so and nearly full elsewhere.
  @Test(arguments: programs, [60, 120])
  func plantedBatchesArePlacedAndScheduled(program: GeneratorProgram, candidates: Int) throws {
    var placed = 0
    var scheduled = 0
    let seeds: [UInt64] = [1, 2, 3]
    for seed in seeds {
      let (outcome, _) = try Self.planAndCheck(
        seed: seed, profile: .planted, program: program, candidates: candidates,
        scheduleLines: [])
      let plan = outcome.plan
      let sizes = Dictionary(
        plan.groups.map { ($0.id, $0.members.count) }, uniquingKeysWith: { a, _ in a })
      placed += placedCount(plan)
      scheduled += plan.schedule.reduce(0) { $0 + (sizes[$1.group] ?? 0) }
      let label = "seed \(seed) \(program) \(candidates)"
      if Self.fullyServed.contains(program) {
        #expect(
          placedCount(plan) == candidates,
          "\(label): \(plan.unplaced.map { "\($0.id) \($0.code)" })")
        #expect(
          plan.unscheduled.isEmpty,
          "\(label): \(plan.unscheduled.map { "\($0.group) \($0.code)" })")
      }
      // Every shortfall is explained: a reason per person, a resource per group.
      #expect(plan.unplaced.allSatisfy { !$0.code.isEmpty && !$0.message.isEmpty }, "\(label)")
      #expect(plan.unscheduled.allSatisfy { $0.need != nil }, "\(label)")
    }
    let total = Double(candidates * seeds.count)
    #expect(Double(placed) >= 0.98 * total, "\(program) \(candidates): placed \(placed)")
    #expect(
      Double(scheduled) >= 0.95 * total, "\(program) \(candidates): scheduled \(scheduled)")
  }
}
