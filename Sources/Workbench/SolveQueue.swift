import Foundation
import Grouping
import LinearSolver
import Synchronization

/// What a solve reports while it runs, and how it ended: the events of
/// `GET …/plans/{pid}/events`.
public struct SolveEvent: Codable, Sendable, Hashable {
  /// `queued`, `running`, `progress`, then one of `done`, `failed`, `cancelled`.
  public var type: String
  /// Solves ahead of this one (`queued`).
  public var ahead: Int?
  public var componentsDone: Int?
  public var components: Int?
  public var peopleDone: Int?
  public var people: Int?
  public var objective: Double?
  public var elapsed: Double?
  /// How the plan came out (`done`).
  public var summary: PlanSummary?
  /// Why it failed (`failed`).
  public var problems: [Problem]?
  /// The finished `plan.json` (`done`), for the store; never sent to followers.
  var document: [UInt8]? = nil

  public init(type: String) { self.type = type }

  /// Whether this event ends the stream.
  public var isFinal: Bool { type == "done" || type == "failed" || type == "cancelled" }

  static func progress(_ p: FormationProgress) -> SolveEvent {
    var event = SolveEvent(type: "progress")
    event.componentsDone = p.componentsDone
    event.components = p.components
    event.peopleDone = p.peopleDone
    event.people = p.people
    event.objective = p.objective.isFinite ? (p.objective * 1000).rounded() / 1000 : nil
    event.elapsed = (p.elapsed * 10).rounded() / 10
    return event
  }

  enum CodingKeys: String, CodingKey {
    case type, ahead
    case componentsDone = "components_done"
    case components
    case peopleDone = "people_done"
    case people, objective, elapsed, summary, problems
  }
}

/// Runs solves off the request path: one at a time per cohort (a second solve of a cohort
/// waits for the first, in order), at most `width` at once overall, each on a thread of its
/// own because GLPK keeps its state per thread. Every solve can be cancelled, queued or
/// running, and anyone may follow its events.
final class SolveQueue: Sendable {
  /// One solve: its version id, its cohort, and the work, which reports progress and stops
  /// when its token is used.
  struct Job: Sendable {
    var plan: Int64
    var cohort: Int64
    var work:
      @Sendable (_ token: StopToken, _ report: @escaping @Sendable (SolveEvent) -> Void) ->
        SolveEvent
  }

  private struct State {
    var waiting: [Job] = []
    var runningCohorts: Set<Int64> = []
    var running: [Int64: StopToken] = [:]
    var cancelled: Set<Int64> = []
    /// The latest event of each solve that is not finished, or finished recently.
    var latest: [Int64: SolveEvent] = [:]
    var followers: [Int64: [UUID: AsyncStream<SolveEvent>.Continuation]] = [:]
  }

  private let state = Mutex(State())
  private let width: Int
  /// Called when a solve ends, to record it.
  private let finished: @Sendable (Int64, SolveEvent) -> Void
  private let started: @Sendable (Int64) -> Void

  init(
    width: Int, started: @escaping @Sendable (Int64) -> Void,
    finished: @escaping @Sendable (Int64, SolveEvent) -> Void
  ) {
    self.width = max(1, width)
    self.started = started
    self.finished = finished
  }

  /// Queues a solve; it starts as soon as its cohort and a thread are free.
  func enqueue(_ job: Job) {
    state.withLock { s in
      s.waiting.append(job)
      var event = SolveEvent(type: "queued")
      event.ahead =
        s.waiting.filter { $0.cohort == job.cohort }.count - 1
        + (s.runningCohorts.contains(job.cohort) ? 1 : 0)
      s.latest[job.plan] = event
    }
    pump()
  }

  /// Stops a solve: a queued one never starts, a running one stops at its next check.
  /// Returns whether there was one to stop.
  func cancel(_ plan: Int64) -> Bool {
    let removed: Job? = state.withLock { s in
      if let k = s.waiting.firstIndex(where: { $0.plan == plan }) {
        return s.waiting.remove(at: k)
      }
      if let token = s.running[plan] {
        s.cancelled.insert(plan)
        token.stop()
      }
      return nil
    }
    if removed != nil {
      end(plan, SolveEvent(type: "cancelled"))
      return true
    }
    return state.withLock { $0.running[plan] != nil }
  }

  /// Whether the solve is queued or running.
  func isActive(_ plan: Int64) -> Bool {
    state.withLock { s in s.running[plan] != nil || s.waiting.contains { $0.plan == plan } }
  }

  /// The events of a solve from now on, starting with its latest; `nil` when it is neither
  /// queued nor running nor just finished.
  func follow(_ plan: Int64) -> AsyncStream<SolveEvent>? {
    let (stream, continuation) = AsyncStream<SolveEvent>.makeStream(
      bufferingPolicy: .bufferingNewest(64))
    let id = UUID()
    let latest: SolveEvent? = state.withLock { s in
      guard let latest = s.latest[plan] else { return nil }
      if !latest.isFinal { s.followers[plan, default: [:]][id] = continuation }
      return latest
    }
    guard let latest else { return nil }
    continuation.yield(latest)
    if latest.isFinal { continuation.finish() }
    continuation.onTermination = { [weak self] _ in
      self?.state.withLock { s in _ = s.followers[plan]?.removeValue(forKey: id) }
    }
    return stream
  }

  private func publish(_ plan: Int64, _ event: SolveEvent) {
    let followers = state.withLock { s -> [AsyncStream<SolveEvent>.Continuation] in
      s.latest[plan] = event
      return Array((s.followers[plan] ?? [:]).values)
    }
    for f in followers { f.yield(event) }
  }

  private func end(_ plan: Int64, _ event: SolveEvent, recorded: Bool = false) {
    if !recorded { finished(plan, event) }
    let followers = state.withLock { s -> [AsyncStream<SolveEvent>.Continuation] in
      s.latest[plan] = event
      return Array((s.followers.removeValue(forKey: plan) ?? [:]).values)
    }
    for f in followers {
      f.yield(event)
      f.finish()
    }
    // A finished solve's last event is kept a while for late followers; the store has it too.
    DispatchQueue.global().asyncAfter(deadline: .now() + 60) { [weak self] in
      self?.state.withLock { s in
        if s.latest[plan]?.isFinal == true { s.latest[plan] = nil }
      }
    }
  }

  /// Starts whatever can start.
  private func pump() {
    while true {
      let next: (Job, StopToken)? = state.withLock { s in
        guard s.running.count < width,
          let k = s.waiting.firstIndex(where: { !s.runningCohorts.contains($0.cohort) })
        else { return nil }
        let job = s.waiting.remove(at: k)
        let token = StopToken()
        s.running[job.plan] = token
        s.runningCohorts.insert(job.cohort)
        s.latest[job.plan] = SolveEvent(type: "running")
        return (job, token)
      }
      guard let (job, token) = next else { return }
      started(job.plan)
      publish(job.plan, SolveEvent(type: "running"))
      // GLPK's state is per thread: each solve gets a thread of its own, off Swift's pool.
      let thread = Thread { [self] in
        let last = Mutex(Date.distantPast)
        let outcome = job.work(token) { event in
          // At most a few progress events a second reach the followers.
          let now = Date()
          let due = last.withLock { last in
            guard event.type != "progress" || now.timeIntervalSince(last) >= 0.2 else {
              return false
            }
            last = now
            return true
          }
          if due { self.publish(job.plan, event) }
        }
        let wasCancelled = self.state.withLock { s in
          s.running[job.plan] = nil
          s.runningCohorts.remove(job.cohort)
          return s.cancelled.remove(job.plan) != nil
        }
        var final = wasCancelled ? SolveEvent(type: "cancelled") : outcome
        // Followers get the outcome; the plan itself is read from the store.
        self.finished(job.plan, final)
        final.document = nil
        self.end(job.plan, final, recorded: true)
        self.pump()
      }
      thread.stackSize = 16 << 20
      thread.name = "kring-solve-\(job.plan)"
      thread.start()
    }
  }
}
