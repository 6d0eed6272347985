import Benchmark
import Foundation
import Generator
import Intake
import Scheduling

/// Scheduling the hidden groups of planted batches with their planted facilitators and rooms.
///
/// The generator hides a full schedule (every group at its slot, facilitators at ≥ 85 % of
/// their capacity), so every group must be scheduled. Metrics: scheduled and unscheduled
/// groups, whether GLPK proved the result optimal (1) or not (0), the gap in parts per
/// million, and the attendance share ×1 000.
private let scheduledMetric = BenchmarkMetric.custom(
  "scheduled", polarity: .prefersLarger, useScalingFactor: false)
private let unscheduledMetric = BenchmarkMetric.custom(
  "unscheduled", polarity: .prefersSmaller, useScalingFactor: false)
private let provenMetric = BenchmarkMetric.custom(
  "proven optimal", polarity: .prefersLarger, useScalingFactor: false)
private let gapMetric = BenchmarkMetric.custom(
  "gap (ppm)", polarity: .prefersSmaller, useScalingFactor: false)
private let attendanceMetric = BenchmarkMetric.custom(
  "attendance (×1000)", polarity: .prefersLarger, useScalingFactor: false)

/// The planted groups of a generated batch as groups to schedule, with the batch's resources.
private func plantedProblem(candidates: Int, seed: UInt64, config: ScheduleConfig)
  -> ScheduleProblem?
{
  guard
    let batch = try? BatchGenerator.generate(
      GeneratorOptions(
        candidates: candidates, seed: seed, profile: .planted, facilitators: .auto, rooms: .auto)),
    let planted = batch.planted
  else { return nil }
  let people = Dictionary(uniqueKeysWithValues: batch.candidates.map { ($0.id, $0) })
  let groups = planted.groups.map { g in
    let members = g.members.compactMap { people[$0] }
    let availability = members.map(\.availability)
    return GroupToSchedule(
      id: g.id, members: members.map(\.id), availability: availability,
      organizations: members.map(\.organization),
      needsAccessible: members.contains(where: \.needsAccessible), language: g.language,
      format: MeetingFormat(rawValue: g.format) ?? .either,
      sharedSlots: availability.reduce(SlotSet(mask: 0x1F_FFFF)) { $0.intersection($1) })
  }
  let facilitators = batch.facilitators.map { f in
    Facilitator(
      id: FacilitatorID(f.id), name: f.name, languages: f.languages, organization: f.organization,
      availability: f.availability, maxGroups: f.maxGroups,
      unavailable: f.unavailable.map { DateRange(first: $0, last: $0) })
  }
  let rooms = batch.rooms.map { r in
    Room(
      id: RoomID(r.id), name: r.name, capacity: r.capacity, accessible: r.accessible,
      availability: r.availability)
  }
  return ScheduleProblem(groups: groups, facilitators: facilitators, rooms: rooms, config: config)
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [
      .wallClock, .cpuTotal, .peakMemoryResident, scheduledMetric, unscheduledMetric,
      provenMetric, gapMetric, attendanceMetric,
    ],
    maxDuration: .seconds(120), maxIterations: 3)

  // 900 candidates give about 150 planted groups; 6 sessions every 4 weeks (intervision)
  // and 8 sessions every 2 weeks, in person and online alternating (mastermind-like).
  let settings: [(String, ScheduleConfig)] = [
    ("6 × 4 weeks", ScheduleConfig()),
    (
      "8 × 2 weeks alternating",
      ScheduleConfig(sessions: 8, cadenceWeeks: 2, formats: [.inPerson, .online])
    ),
  ]
  for seed: UInt64 in [1, 2, 3] {
    for (label, config) in settings {
      guard let problem = plantedProblem(candidates: 900, seed: seed, config: config) else {
        continue
      }
      Benchmark("schedule planted \(problem.groups.count) groups seed \(seed), \(label)") {
        benchmark in
        for _ in benchmark.scaledIterations {
          guard let result = try? Scheduler.solve(problem) else { continue }
          benchmark.measurement(scheduledMetric, result.scheduled.count)
          benchmark.measurement(unscheduledMetric, result.unscheduled.count)
          benchmark.measurement(provenMetric, result.status == .optimal ? 1 : 0)
          benchmark.measurement(gapMetric, Int(((result.gap ?? 1) * 1_000_000).rounded()))
          benchmark.measurement(
            attendanceMetric, Int(((result.objective ?? 0) * 1000).rounded()))
          blackHole(result)
        }
      }
    }
  }
}
