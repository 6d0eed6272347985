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

private let changedMetric = BenchmarkMetric.custom(
  "sessions changed", polarity: .prefersSmaller, useScalingFactor: false)

/// The problem with the busiest facilitator away for six weeks from the third session of one
/// of their groups, that date, and `before` as the earlier schedule.
private func absence(_ problem: ScheduleProblem, _ before: ScheduleResult)
  -> (ScheduleProblem, String, [String: PreviousSchedule])?
{
  var counts: [FacilitatorID: Int] = [:]
  for s in before.scheduled { if let f = s.facilitator { counts[f, default: 0] += 1 } }
  guard
    let absent = counts.max(by: { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) })?.key,
    let theirs = before.scheduled.first(where: { $0.facilitator == absent }),
    theirs.sessions.count >= 3, let first = CivilDay.parse(theirs.sessions[2].date)
  else { return nil }
  var away = problem
  for f in away.facilitators.indices where away.facilitators[f].id == absent {
    away.facilitators[f].unavailable.append(
      DateRange(first: CivilDay.iso(first), last: CivilDay.iso(first + 41)))
  }
  var previous: [String: PreviousSchedule] = [:]
  for s in before.scheduled {
    previous[s.group] = PreviousSchedule(
      slot: s.slot, phase: s.phase, facilitator: s.facilitator, room: s.room,
      sessions: s.sessions.map { x in
        PreviousSession(
          number: x.number, date: x.date, startText: x.startText, endText: x.endText,
          format: x.format, facilitated: x.facilitated, facilitator: x.facilitator, room: x.room,
          available: x.available)
      })
  }
  return (away, CivilDay.iso(first), previous)
}

/// Sessions whose date, facilitator or room differ from the earlier schedule, and sessions of
/// groups that lost theirs.
private func changes(_ previous: [String: PreviousSchedule], _ result: ScheduleResult) -> Int {
  let now = Dictionary(uniqueKeysWithValues: result.scheduled.map { ($0.group, $0) })
  var count = 0
  for (group, before) in previous {
    let after = Dictionary(
      uniqueKeysWithValues: (now[group]?.sessions ?? []).map { ($0.number, $0) })
    for old in before.sessions {
      guard let new = after[old.number] else {
        count += 1
        continue
      }
      if new.startText != old.startText || new.facilitator != old.facilitator
        || new.room != old.room
      {
        count += 1
      }
    }
  }
  return count
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [
      .wallClock, .cpuTotal, .peakMemoryResident, scheduledMetric, unscheduledMetric,
      provenMetric, gapMetric, attendanceMetric, changedMetric,
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
  // Rescheduling: the busiest facilitator away for six weeks from their groups' third session,
  // the sessions before it held, everything else changed as little as the rules allow.
  for seed: UInt64 in [1, 2, 3] {
    guard let problem = plantedProblem(candidates: 900, seed: seed, config: ScheduleConfig()),
      let before = try? Scheduler.solve(problem),
      let (away, since, previous) = absence(problem, before)
    else { continue }
    Benchmark("reschedule planted \(problem.groups.count) groups seed \(seed), six weeks away") {
      benchmark in
      for _ in benchmark.scaledIterations {
        guard
          let result = try? Scheduler.solve(
            away, options: ScheduleOptions(previous: previous, since: since))
        else { continue }
        benchmark.measurement(scheduledMetric, result.scheduled.count)
        benchmark.measurement(unscheduledMetric, result.unscheduled.count)
        benchmark.measurement(changedMetric, changes(previous, result))
        blackHole(result)
      }
    }
  }
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
