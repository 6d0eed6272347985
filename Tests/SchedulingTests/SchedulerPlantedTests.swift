import Foundation
import Intake
import Scheduling
import Testing

/// Planted batches: the generator hides a full schedule, so every group must be scheduled.
@Suite struct SchedulerPlantedTests {
  @Test(arguments: [(300, UInt64(1), 6, 4), (300, UInt64(2), 8, 2), (1000, UInt64(7), 6, 4)])
  func plantedBatchIsScheduledInFull(candidates: Int, seed: UInt64, sessions: Int, weeks: Int)
    throws
  {
    var problem = try Instances.planted(candidates: candidates, seed: seed)
    problem.config.sessions = sessions
    problem.config.cadenceWeeks = weeks
    problem.config.formats = weeks == 2 ? [.inPerson, .online] : [.inPerson]
    let result = try Scheduler.solve(problem)
    #expect(result.unscheduled.isEmpty, "\(result.unscheduled.map(\.message))")
    #expect(ScheduleChecker(problem: problem).violations(result) == [])
    #expect(result.status == .optimal)
    #expect(result.scheduled.allSatisfy { $0.sessions.count == sessions })
    // The planted slots are shared by every member, so attendance is complete.
    #expect(result.objective == 1)
    #expect(result.bound == 1)
  }

  @Test func sameInputSameSchedule() throws {
    let problem = try Instances.planted(candidates: 300, seed: 3)
    let first = try Scheduler.solve(problem)
    let second = try Scheduler.solve(problem)
    #expect(first.scheduled == second.scheduled)
    #expect(first.unscheduled == second.unscheduled)
  }
}
