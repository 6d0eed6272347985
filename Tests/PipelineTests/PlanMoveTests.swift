import Foundation
import Generator
import Intake
import Pipeline
import Reports
import Testing

/// Hand moves (`PlanMove`) judged by the independent `PlanChecker`: every applied move keeps
/// every rule, and every move refused for a grouping rule breaks one in the checker's eyes.
@Suite("Hand moves keep every rule or are refused")
struct PlanMoveTests {
  static func planned(seed: UInt64) throws -> (PlanOutcome, GeneratedBatch, PlanChecker) {
    let batch = try BatchGenerator.generate(
      GeneratorOptions(
        candidates: 54, seed: seed, profile: .realistic, program: .intervision,
        facilitators: .auto, rooms: .auto))
    let folder = try BatchFolder(batch)
    defer { folder.remove() }
    let outcome = try PlanJob.run(
      PlanRequest(
        form: FormRequest(
          intakePath: folder.intakePath, configPath: folder.configPath, iterations: 30,
          diagnosis: false)))
    let checker = PlanChecker(
      batch: batch,
      config: KringConfigSnapshot(
        groups: outcome.config.groups, schedule: outcome.config.schedule,
        levels: outcome.config.intake.levels))
    return (outcome, batch, checker)
  }

  @Test(arguments: [3, 8] as [UInt64])
  func everyMoveIsAppliedCleanOrRefusedForARealBreak(seed: UInt64) throws {
    let (outcome, _, checker) = try Self.planned(seed: seed)
    let plan = outcome.plan
    var applied = 0
    var refused = 0
    let movers =
      plan.groups.flatMap(\.members) + plan.unplaced.filter { $0.code != "not-ready" }.map(\.id)
    for who in movers.prefix(40) {
      for target in plan.groups where !target.members.contains(who) {
        do {
          let moved = try PlanMove.apply(
            plan, candidate: who, to: target.id, file: "plan.json", language: .en)
          applied += 1
          let problems = checker.violations(moved.plan)
          #expect(problems.isEmpty, "\(who) → \(target.id): \(problems.prefix(3))")
          #expect(moved.audit.isClean)
          #expect(moved.plan.groups.first { $0.id == target.id }?.members.contains(who) == true)
          #expect(moved.plan.moves?.last?.candidate == who)
          #expect(!moved.plan.unplaced.contains { $0.id == who })
          // Scores are described anew, not carried over.
          let size = moved.plan.groups.first { $0.id == target.id }?.scores.size
          #expect(size == target.members.count + 1)
        } catch {
          guard case .refused(let refusal) = error else {
            Issue.record("\(who) → \(target.id): \(error)")
            continue
          }
          refused += 1
          #expect(!refusal.messages.isEmpty)
          if !refusal.breaks.isEmpty {
            var manual = plan
            for k in manual.groups.indices { manual.groups[k].members.removeAll { $0 == who } }
            if let t = manual.groups.firstIndex(where: { $0.id == target.id }) {
              manual.groups[t].members.append(who)
            }
            #expect(
              !checker.groupViolations(manual).isEmpty,
              "\(who) → \(target.id) refused for \(refusal.breaks.map(\.code)) but the checker finds nothing"
            )
          }
        }
      }
    }
    #expect(applied > 0 && refused > 0, "applied \(applied), refused \(refused)")
  }

  @Test func unknownPeopleAndGroupsAreInvalidNotRefused() throws {
    let (outcome, _, _) = try Self.planned(seed: 3)
    let plan = outcome.plan
    let first = try #require(plan.groups.first)
    for (who, to, code) in [
      ("c9999", first.id, "unknown-candidate"), (first.members[0], "G99", "unknown-group"),
      (first.members[0], first.id, "same-group"),
    ] {
      #expect {
        try PlanMove.apply(plan, candidate: who, to: to, file: "plan.json", language: .nl)
      } throws: { error in
        guard let error = error as? PlanMoveError, case .invalid(let list) = error else {
          return false
        }
        return list.diagnostics.first?.code == code
      }
    }
  }
}
