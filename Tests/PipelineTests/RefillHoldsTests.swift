import Foundation
import Generator
import Intake
import Pipeline
import Reports
import Testing

/// `groups.lock` and `groups.pin` with `kring form --keep`, and re-solving the rest, judged by
/// the independent `PlanChecker`.
@Suite("Locks and pins in a refill")
struct RefillHoldsTests {
  struct Setup {
    var folder: BatchFolder
    var planPath: String
    var plan: PlanDocument
    var checker: PlanChecker
  }

  static func setup(seed: UInt64 = 4) throws -> Setup {
    let batch = try BatchGenerator.generate(
      GeneratorOptions(
        candidates: 60, seed: seed, profile: .realistic, program: .intervision))
    let folder = try BatchFolder(batch)
    let outcome = try FormJob.run(
      FormRequest(
        intakePath: folder.intakePath, configPath: folder.configPath, iterations: 30,
        diagnosis: false))
    let planPath = folder.path + "/plan.json"
    try Data(kringJSON(outcome.plan, file: "plan.json").utf8).write(
      to: URL(fileURLWithPath: planPath))
    let checker = PlanChecker(
      batch: batch,
      config: KringConfigSnapshot(
        groups: outcome.config.groups, schedule: outcome.config.schedule,
        levels: outcome.config.intake.levels))
    return Setup(folder: folder, planPath: planPath, plan: outcome.plan, checker: checker)
  }

  static func refill(_ s: Setup, _ overrides: [String], left: [String] = [], rest: Bool = false)
    throws(DiagnosticList) -> FormOutcome
  {
    var request = FormRequest(
      intakePath: s.folder.intakePath, configPath: s.folder.configPath, overrides: overrides,
      iterations: 30, diagnosis: false, keep: s.planPath, left: left)
    request.resolveRest = rest
    return try FormJob.run(request)
  }

  @Test func aLockedGroupIsNotFilledEvenWithVacancies() throws {
    let s = try Self.setup()
    defer { s.folder.remove() }
    try #require(s.plan.groups.count >= 2)
    let locked = s.plan.groups[0]
    let open = s.plan.groups[1]
    // One leaves each group: the open one may be filled, the locked one never is.
    let left = [locked.members[0], open.members[0]]
    let outcome = try Self.refill(s, ["groups.lock=[\(locked.id)]"], left: left)
    let after = try #require(outcome.plan.groups.first { $0.id == locked.id })
    #expect(after.members == locked.members.filter { $0 != left[0] })
    #expect(!(outcome.plan.refill?.filled.contains { $0.group == locked.id } ?? false))
    #expect(s.checker.groupViolations(outcome.plan).filter { !$0.contains("size") }.isEmpty)
  }

  @Test func aPinnedWaitingPersonJoinsTheGroup() throws {
    let s = try Self.setup()
    defer { s.folder.remove() }
    let placed = Set(s.plan.groups.flatMap(\.members))
    // Someone ready but waiting, who keeps every rule in some group.
    for waiting in s.plan.people where waiting.status == "ready" && !placed.contains(waiting.id) {
      for g in s.plan.groups {
        guard let outcome = try? Self.refill(s, ["groups.pin={\(waiting.id): \(g.id)}"]) else {
          continue
        }
        #expect(outcome.plan.groups.first { $0.id == g.id }?.members.contains(waiting.id) == true)
        #expect(s.checker.groupViolations(outcome.plan).isEmpty)
        #expect(outcome.audit.isClean)
        return
      }
    }
  }

  @Test func reSolvingTheRestKeepsLocksAndPinsAndRegroupsEveryoneElse() throws {
    let s = try Self.setup(seed: 9)
    defer { s.folder.remove() }
    try #require(s.plan.groups.count >= 3)
    let locked = s.plan.groups[0]
    let pinned = (s.plan.groups[1].id, s.plan.groups[1].members[0])
    let outcome = try Self.refill(
      s, ["groups.lock=[\(locked.id)]", "groups.pin={\(pinned.1): \(pinned.0)}"], rest: true)
    let plan = outcome.plan
    #expect(plan.groups.first { $0.id == locked.id }?.members == locked.members)
    #expect(plan.groups.first { $0.id == pinned.0 }?.members.contains(pinned.1) == true)
    #expect(Set(plan.groups.map(\.id)).count == plan.groups.count)
    #expect(plan.refill?.kept.sorted() == [locked.id, pinned.0].sorted())
    #expect(s.checker.groupViolations(plan).isEmpty, "\(s.checker.groupViolations(plan).prefix(3))")
    // Everyone placed before who is ready is placed again or has a reason.
    let placedNow = Set(plan.groups.flatMap(\.members))
    let reasons = Set(plan.unplaced.map(\.id))
    for id in s.plan.groups.flatMap(\.members) {
      #expect(placedNow.contains(id) || reasons.contains(id), "\(id) vanished")
    }
  }

  @Test func locksAndPinsThatNameNothingAreInputErrors() throws {
    let s = try Self.setup()
    defer { s.folder.remove() }
    let g = s.plan.groups[0]
    let other = s.plan.groups[1]
    let cases: [([String], [String], String)] = [
      (["groups.lock=[G77]"], [], "unknown-lock"),
      (["groups.pin={nobody-here: \(g.id)}"], [], "unknown-pin"),
      (["groups.pin={\(g.members[0]): G77}"], [], "unknown-pin-group"),
      (["groups.pin={\(g.members[0]): \(other.id)}"], [g.members[0]], "pin-left"),
      (["groups.lock=[\(g.id)]", "groups.pin={\(g.members[0]): \(other.id)}"], [], "pin-locked"),
      (
        ["groups.lock=[\(other.id)]", "groups.pin={\(g.members[0]): \(other.id)}"], [], "pin-locked"
      ),
    ]
    for (overrides, left, code) in cases {
      #expect(throws: DiagnosticList.self, "\(overrides)") {
        try Self.refill(s, overrides, left: left)
      }
      do {
        _ = try Self.refill(s, overrides, left: left)
      } catch {
        #expect(error.diagnostics.contains { $0.code == code }, "\(overrides): \(error)")
      }
    }
  }
}
