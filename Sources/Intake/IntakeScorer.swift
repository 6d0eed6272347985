/// Whether a candidate is ready to join a group now, after their intake interview.
public enum ReadinessStatus: String, Sendable, Hashable, Codable, CaseIterable {
  case ready
  case followUp = "follow-up"
  case notNow = "not-now"
}

/// A band of years of experience: starter 0–2, mid 3–9, senior 10–19, veteran 20+.
public enum ExperienceBand: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  case starter
  case mid
  case senior
  case veteran

  /// The band of `years` (fractions count towards the lower band: 2.5 years is a starter).
  public init(years: Double) {
    switch years {
    case ..<3: self = .starter
    case ..<10: self = .mid
    case ..<20: self = .senior
    default: self = .veteran
    }
  }

  /// The band's range for people, such as `3–9`.
  public var range: String {
    switch self {
    case .starter: "0–2"
    case .mid: "3–9"
    case .senior: "10–19"
    case .veteran: "20+"
    }
  }

  public static func < (lhs: ExperienceBand, rhs: ExperienceBand) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }
}

/// The scores of one candidate on the dimensions grouping uses.
public struct CandidateScore: Sendable, Hashable, Codable {
  public var id: CandidateID
  /// The weighted mean of the present interview ratings, or `nil` when none was given.
  public var readiness: Double?
  public var status: ReadinessStatus
  /// The share (0–1) of the batch in the candidate's sector.
  public var sectorShare: Double
  /// How many candidates of the batch share the candidate's sector (the candidate included).
  public var sectorCount: Int
  public var yearsExperience: Double
  public var experienceBand: ExperienceBand
  /// The mid-rank percentile (0–100) of the years of experience within the batch: the share
  /// with fewer years plus half the share with equal years (the candidate included).
  public var experiencePercentile: Double
  /// The 0-based level rank, or `nil` when the row has no level.
  public var level: Int?
  public var levelName: String?
  /// Direct reports present in the batch, in id order.
  public var manages: [CandidateID]
  /// Managers present in the batch along the reporting chain, nearest first.
  ///
  /// The chain is followed through every row of the file, so a manager whose row was
  /// skipped is passed over rather than ending the chain.
  public var reportsTo: [CandidateID]

  enum CodingKeys: String, CodingKey {
    case id, readiness, status
    case sectorShare = "sector_share"
    case sectorCount = "sector_count"
    case yearsExperience = "years_experience"
    case experienceBand = "experience_band"
    case experiencePercentile = "experience_percentile"
    case level
    case levelName = "level_name"
    case manages
    case reportsTo = "reports_to"
  }
}

/// A value and how many candidates have it.
public struct ValueCount: Sendable, Hashable, Codable {
  public var value: String
  public var count: Int

  public init(value: String, count: Int) {
    self.value = value
    self.count = count
  }
}

/// A weekly slot and how many candidates are available in it.
public struct SlotCount: Sendable, Hashable, Codable {
  public var slot: Slot
  public var count: Int

  public init(slot: Slot, count: Int) {
    self.slot = slot
    self.count = count
  }
}

/// Distributions over a whole batch, for the coordinator's overview.
public struct BatchSummary: Sendable, Hashable, Codable {
  public var candidates: Int
  /// Per readiness status, in the order ready, follow-up, not-now (zeros included).
  public var status: [ValueCount]
  /// Per sector, most frequent first, ties by name.
  public var sectors: [ValueCount]
  /// Per level, lowest rank first; rows without a level count under `none`, last.
  public var levels: [ValueCount]
  /// Per experience band, starter first (zeros included).
  public var experienceBands: [ValueCount]
  /// Per language, most frequent first, ties by code.
  public var languages: [ValueCount]
  /// Per format in the order online, in-person, either (zeros included).
  public var formats: [ValueCount]
  /// Every one of the 21 weekly slots in week order, with how many candidates can make it.
  public var availability: [SlotCount]

  enum CodingKeys: String, CodingKey {
    case candidates, status, sectors, levels
    case experienceBands = "experience_bands"
    case languages, formats, availability
  }
}

/// The scores of a whole batch.
public struct IntakeScores: Sendable, Hashable, Codable {
  /// One score per candidate, in batch order.
  public var candidates: [CandidateScore]
  public var summary: BatchSummary
}

/// Scores candidates and summarises a batch; pure functions of the batch and the config.
public struct IntakeScorer: Sendable {
  public var config: IntakeConfig

  public init(config: IntakeConfig = IntakeConfig()) {
    self.config = config
  }

  /// The weighted mean of the present ratings and the status it gives.
  ///
  /// Weights of missing ratings are left out and the rest renormalised; when the present
  /// ratings all weigh zero, they count equally. No rating at all means the coordinator
  /// decided: `ready` with a `nil` score.
  public func readiness(of ratings: InterviewRatings) -> (score: Double?, status: ReadinessStatus) {
    let weights = config.readiness.weights
    var total = 0.0
    var weight = 0.0
    var plain = 0.0
    var count = 0.0
    for (name, value) in [
      ("motivation", ratings.motivation), ("commitment", ratings.commitment),
      ("openness", ratings.openness),
    ] {
      guard let value else { continue }
      let w = max(0, weights[name] ?? 0)
      total += w * value
      weight += w
      plain += value
      count += 1
    }
    guard count > 0 else { return (nil, .ready) }
    let score = weight > 0 ? total / weight : plain / count
    let status: ReadinessStatus =
      score >= config.readiness.readyAt
      ? .ready : (score < config.readiness.notNowBelow ? .notNow : .followUp)
    return (score, status)
  }

  /// Scores every candidate of `batch` and summarises the batch.
  public func score(_ batch: IntakeBatch) -> IntakeScores {
    let people = batch.candidates
    let n = people.count
    var sectorCounts: [String: Int] = [:]
    for c in people { sectorCounts[c.sector, default: 0] += 1 }

    // Percentiles by sorting the years once: below = first index of the value, equal = run.
    let sortedYears = people.map(\.yearsExperience).sorted()
    func percentile(_ years: Double) -> Double {
      let below = lowerBound(sortedYears, years)
      var equal = 0
      var k = below
      while k < sortedYears.count && sortedYears[k] == years {
        equal += 1
        k += 1
      }
      return n == 0 ? 0 : (Double(below) + 0.5 * Double(equal)) / Double(n) * 100
    }

    let present = Set(people.map(\.id))
    var reports: [CandidateID: [CandidateID]] = [:]
    for c in people {
      if let m = c.managerID, present.contains(m), m != c.id {
        reports[m, default: []].append(c.id)
      }
    }
    let lines = batch.reportingLines

    var scores: [CandidateScore] = []
    scores.reserveCapacity(n)
    for c in people {
      let (readiness, status) = self.readiness(of: c.ratings)
      var chain: [CandidateID] = []
      var seen: Set<CandidateID> = [c.id]
      var next = lines[c.id] ?? c.managerID
      while let m = next, !seen.contains(m) {
        seen.insert(m)
        if present.contains(m) { chain.append(m) }
        next = lines[m]
      }
      let count = sectorCounts[c.sector] ?? 0
      scores.append(
        CandidateScore(
          id: c.id, readiness: readiness, status: status,
          sectorShare: n == 0 ? 0 : Double(count) / Double(n), sectorCount: count,
          yearsExperience: c.yearsExperience,
          experienceBand: ExperienceBand(years: c.yearsExperience),
          experiencePercentile: percentile(c.yearsExperience), level: c.level,
          levelName: c.levelName,
          manages: (reports[c.id] ?? []).sorted(), reportsTo: chain))
    }
    return IntakeScores(candidates: scores, summary: summary(people, scores))
  }

  private func summary(_ people: [Candidate], _ scores: [CandidateScore]) -> BatchSummary {
    func byFrequency(_ values: [String]) -> [ValueCount] {
      var counts: [String: Int] = [:]
      for v in values { counts[v, default: 0] += 1 }
      return counts.map { ValueCount(value: $0.key, count: $0.value) }
        .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
    }
    func inOrder(_ order: [String], _ values: [String]) -> [ValueCount] {
      var counts: [String: Int] = [:]
      for v in values { counts[v, default: 0] += 1 }
      return order.map { ValueCount(value: $0, count: counts[$0] ?? 0) }
    }

    var levelCounts: [Int: (String, Int)] = [:]
    var unlevelled = 0
    for c in people {
      if let level = c.level {
        let name = c.levelName ?? String(level + 1)
        levelCounts[level] = (name, (levelCounts[level]?.1 ?? 0) + 1)
      } else {
        unlevelled += 1
      }
    }
    var levels = levelCounts.keys.sorted().compactMap { rank in
      levelCounts[rank].map { ValueCount(value: $0.0, count: $0.1) }
    }
    if unlevelled > 0 { levels.append(ValueCount(value: "none", count: unlevelled)) }

    var slotCounts = [Int](repeating: 0, count: 21)
    for c in people {
      var mask = c.availability.mask
      while mask != 0 {
        let bit = mask.trailingZeroBitCount
        if bit < 21 { slotCounts[bit] += 1 }
        mask &= mask - 1
      }
    }
    let heat = (0..<21).compactMap { i in
      Slot(index: i).map { SlotCount(slot: $0, count: slotCounts[i]) }
    }

    return BatchSummary(
      candidates: people.count,
      status: inOrder(ReadinessStatus.allCases.map(\.rawValue), scores.map(\.status.rawValue)),
      sectors: byFrequency(people.map(\.sector)),
      levels: levels,
      experienceBands: inOrder(
        ExperienceBand.allCases.map(\.rawValue), scores.map(\.experienceBand.rawValue)),
      languages: byFrequency(people.map(\.language)),
      formats: inOrder(MeetingFormat.allCases.map(\.rawValue), people.map(\.format.rawValue)),
      availability: heat)
  }
}

/// The first index of `sorted` whose value is not below `value`.
private func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
  var lo = 0
  var hi = sorted.count
  while lo < hi {
    let mid = (lo + hi) / 2
    if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
  }
  return lo
}
