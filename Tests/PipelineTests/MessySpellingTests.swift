import Foundation
import Generator
import Intake
import Reports
import Testing

@testable import Pipeline

/// `kring plan` on generated batches whose organisations and departments are typed as people
/// type them, judged by the independent checker, which knows the true values.
@Suite("Messy spellings never put colleagues together")
struct MessySpellingTests {
  /// One of the ways people write the same name.
  static func respell(_ value: String, _ k: Int) -> String {
    switch k % 6 {
    case 0: return value.uppercased()
    case 1: return value.lowercased() + " "
    case 2: return " " + value.replacingOccurrences(of: " ", with: "  ")
    case 3: return value.replacingOccurrences(of: " ", with: "\u{00A0}")
    case 4: return value.decomposedStringWithCanonicalMapping.lowercased()
    default: return value
    }
  }

  /// The batch as written to the intake file: every organisation and department respelled.
  static func messy(_ batch: GeneratedBatch) -> GeneratedBatch {
    var written = batch
    for k in written.candidates.indices {
      written.candidates[k].organization = written.candidates[k].organization.map {
        respell($0, k)
      }
      written.candidates[k].department = written.candidates[k].department.map {
        respell($0, k / 2)
      }
    }
    return written
  }

  @Test(arguments: [
    (GeneratorProfile.realistic, UInt64(1), false), (.hard, 2, false), (.realistic, 3, true),
    (.hard, 4, true),
  ])
  func planKeepsColleaguesApart(profile: GeneratorProfile, seed: UInt64, byDepartment: Bool)
    throws
  {
    let batch = try BatchGenerator.generate(
      GeneratorOptions(
        candidates: 240, seed: seed, profile: profile, program: .intervision, facilitators: .auto,
        rooms: .auto))
    let folder = try BatchFolder(Self.messy(batch))
    defer { folder.remove() }
    let overrides =
      byDepartment ? ["groups.separate={organization: 2, department: 1}"] : []
    let outcome = try PlanJob.run(
      PlanRequest(
        form: FormRequest(
          intakePath: folder.intakePath, configPath: folder.configPath, overrides: overrides,
          iterations: 20, diagnosis: false),
        scheduleTimeLimit: 5))
    let checker = PlanChecker(
      batch: batch,
      config: KringConfigSnapshot(
        groups: outcome.config.groups, schedule: outcome.config.schedule,
        levels: outcome.config.intake.levels))
    let violations = checker.groupViolations(outcome.plan)
    #expect(violations.isEmpty, "\(violations.prefix(5))")
    #expect(outcome.audit.isClean, "\(outcome.audit.rules.prefix(3).map(\.message))")
    #expect(placedCount(outcome.plan) > 0)
    // The coordinator is told once per organisation that its spellings were taken as one.
    #expect(outcome.warnings.contains { $0.code == "same-organisation" })
  }
}
