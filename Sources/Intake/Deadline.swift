/// The moment a whole command must be done by: computed once at its start from
/// `--time-limit` (or `groups.time_limit`) and passed down to every stage, so that reading,
/// grouping, scheduling, the diagnosis and every GLPK call share one budget.
///
/// The iteration budgets decide the results; a deadline is only the safety net that stops
/// a run whose budget the machine cannot afford in time.
public struct Deadline: Sendable, Hashable {
  /// The moment, or `nil` for no deadline.
  public let instant: ContinuousClock.Instant?

  /// No deadline.
  public static let none = Deadline(instant: nil)

  public init(instant: ContinuousClock.Instant?) {
    self.instant = instant
  }

  /// The moment `seconds` after `start`; `nil` seconds for no deadline.
  ///
  /// The seconds are clamped to 0…10 years, so that no value can overflow the clock.
  public init(seconds: Double?, from start: ContinuousClock.Instant = ContinuousClock.now) {
    guard let seconds else {
      instant = nil
      return
    }
    let clamped = seconds.isNaN ? 0 : Swift.min(Swift.max(seconds, 0), 10 * 365 * 86_400)
    instant = start.advanced(by: .milliseconds(Int64((clamped * 1000).rounded(.up))))
  }

  /// The seconds left, at least 0; `nil` without a deadline.
  public var remaining: Double? {
    guard let instant else { return nil }
    let left = instant - ContinuousClock.now
    let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18
    return Swift.max(0, seconds)
  }

  /// Whether the moment has come.
  public var hasPassed: Bool {
    guard let instant else { return false }
    return ContinuousClock.now >= instant
  }

  /// A deadline for one stage: `share` of the time left from now, never later than this one.
  public func share(_ share: Double) -> Deadline {
    guard let remaining else { return self }
    return Deadline(seconds: remaining * share)
  }

  /// The earlier of this deadline and `seconds` from now (`nil`: this deadline).
  public func capped(seconds: Double?) -> Deadline {
    guard let seconds else { return self }
    let other = Deadline(seconds: seconds)
    guard let mine = instant, let theirs = other.instant else {
      return instant == nil ? other : self
    }
    return mine <= theirs ? self : other
  }
}
