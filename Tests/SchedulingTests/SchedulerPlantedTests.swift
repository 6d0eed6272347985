import Foundation
import Intake
import Scheduling
import Testing

/// Planted batches: the generator hides a full schedule, so every group must be scheduled.
@Suite struct SchedulerPlantedTests {
  @Test(arguments: [(300, UInt64(1)), (1000, UInt64(7))])
  func plantedBatchIsScheduledInFull(candidates: Int, seed: UInt64) throws {
    let problem = try Instances.planted(candidates: candidates, seed: seed)
    let started = Date()
    let result = try Scheduler.solve(problem)
    let seconds = Date().timeIntervalSince(started)
    print("planted \(candidates): \(problem.groups.count) groups, \(result.scheduled.count) scheduled, status \(result.status), objective \(result.objective ?? -1), bound \(result.bound ?? -1), gap \(result.gap ?? -1), \(seconds) s")
    #expect(result.unscheduled.isEmpty, "\(result.unscheduled.map(\.message))")
    #expect(ScheduleChecker(problem: problem).violations(result) == [])
  }
}
