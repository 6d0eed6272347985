/// Who brings a case and who keeps time in each session: every member gets equal turns.
///
/// Case-bringers go round the members in order, so over the series no member brings a case
/// more than once more than any other. A session holds as many cases as it takes for everyone
/// to have a turn, but at most two, since a session of a few hours holds no more. The
/// timekeeper is, each session, a member who is not bringing a case and has kept time least so
/// far (ties go to the next in order), which spreads that role evenly too.
public struct Rota: Sendable, Hashable {
  /// One session's roles.
  public struct Turn: Sendable, Hashable {
    /// 1-based session number.
    public var session: Int
    public var caseBringers: [String]
    public var timekeeper: String?
  }

  public var turns: [Turn]

  /// The rota for `members` (in the order turns go round) over `sessions` sessions.
  public init(members: [String], sessions: Int) {
    let n = members.count
    guard n > 0, sessions > 0 else {
      turns = (0..<max(0, sessions)).map {
        Turn(session: $0 + 1, caseBringers: [], timekeeper: nil)
      }
      return
    }
    let perSession = Self.casesPerSession(members: n, sessions: sessions)
    var kept = [Int](repeating: 0, count: n)
    var result: [Turn] = []
    var next = 0
    for session in 1...sessions {
      let bringers = (0..<perSession).map { (next + $0) % n }
      next = (next + perSession) % n
      // The timekeeper: fewest turns so far, then the first in order after the case-bringers.
      let eligible = (0..<n).map { (next + $0) % n }.filter { !bringers.contains($0) }
      let keeper = eligible.min { kept[$0] < kept[$1] }
      if let keeper { kept[keeper] += 1 }
      result.append(
        Turn(
          session: session, caseBringers: bringers.map { members[$0] },
          timekeeper: keeper.map { members[$0] }))
    }
    turns = result
  }

  /// Cases per session: enough for everyone to have a turn, between one and two.
  public static func casesPerSession(members: Int, sessions: Int) -> Int {
    guard members > 0, sessions > 0 else { return 0 }
    let needed = (members + sessions - 1) / sessions
    return min(max(needed, 1), min(2, max(1, members - 1)))
  }

  /// The evaluation sessions: mid-way (the middle, rounded up) and the last.
  public static func evaluationSessions(count: Int) -> (mid: Int, last: Int)? {
    guard count >= 2 else { return nil }
    return ((count + 1) / 2, count)
  }
}
