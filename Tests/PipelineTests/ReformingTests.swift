import Foundation
import Generator
import Intake
import Reports
import Testing

@testable import Pipeline

/// Planted mastermind batches whose first grouping could not all be scheduled: found by the
/// planted sweep, and kept here so the re-forming rounds stay able to fix them.
@Suite("kring plan re-forms groups the resources cannot serve")
struct ReformingTests {
  func plan(candidates: Int, seed: UInt64) throws -> PlanOutcome {
    let batch = try BatchGenerator.generate(
      GeneratorOptions(
        candidates: candidates, seed: seed, profile: .planted, program: .mastermind,
        facilitators: .auto, rooms: .auto))
    let folder = try BatchFolder(batch)
    defer { folder.remove() }
    return try PlanJob.run(
      PlanRequest(
        form: FormRequest(
          intakePath: folder.intakePath, configPath: folder.configPath, iterations: 20,
          diagnosis: false)))
  }

  @Test(
    "every group is scheduled and nobody loses their last slot",
    arguments: [(60, 1), (60, 2), (80, 1)] as [(Int, UInt64)])
  func fullyServed(candidates: Int, seed: UInt64) throws {
    let outcome = try plan(candidates: candidates, seed: seed)
    let plan = outcome.plan
    #expect(plan.unscheduled.isEmpty, "\(plan.unscheduled.map(\.message))")
    #expect(placedCount(plan) == candidates)
    // Re-forming never leaves someone without a slot, which would read as a wrong reason.
    #expect(!plan.unplaced.contains { $0.evidence["rule"] == .text("keep-together") })
    let audit = PlanAudit.check(plan)
    #expect(audit.rules.isEmpty && audit.conflicts.isEmpty)
  }

  @Test("a group blocked only by facilitators' organisations is re-formed (60, seed 2)")
  func organisationBlock() throws {
    let outcome = try plan(candidates: 60, seed: 2)
    // The first round left one group without an eligible facilitator; a second fixed it.
    #expect(outcome.rounds >= 2)
    #expect(outcome.plan.unscheduled.isEmpty)
  }
}
