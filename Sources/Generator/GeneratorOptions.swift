import Intake

/// Which kind of batch to generate.
public enum GeneratorProfile: String, Hashable, Sendable, CaseIterable {
  /// Published-like distributions of sector, level, language, format and availability.
  case realistic
  /// Scarce, barely overlapping slots, a few very large organisations and thin top levels.
  case hard
  /// A hidden grouping that places everyone under the programme's hard rules, with a known
  /// diversity, written to `planted.json`.
  case planted
}

/// The programme the batch is meant for; it fixes the slot menu, the group size rules of the
/// planted solution and the preset written into `kring.yaml`.
public enum GeneratorProgram: String, Hashable, Sendable, CaseIterable {
  case intervision
  case mastermind
  case mentoring

  /// The programme's common weekly slots, most popular first, with their weights.
  var commonSlots: [(Slot, Double)] {
    switch self {
    case .intervision:
      [
        (Slot(.tue, .pm), 24), (Slot(.thu, .pm), 20), (Slot(.wed, .am), 16),
        (Slot(.mon, .pm), 14), (Slot(.tue, .eve), 14), (Slot(.thu, .eve), 12),
      ]
    case .mastermind:
      [
        (Slot(.tue, .am), 22), (Slot(.thu, .am), 20), (Slot(.wed, .am), 18),
        (Slot(.fri, .am), 16), (Slot(.mon, .am), 12), (Slot(.wed, .eve), 12),
      ]
    case .mentoring:
      [
        (Slot(.mon, .eve), 22), (Slot(.tue, .eve), 20), (Slot(.wed, .eve), 18),
        (Slot(.thu, .eve), 18), (Slot(.wed, .pm), 12), (Slot(.fri, .am), 10),
      ]
    }
  }

  /// The eight slots of the `hard` profile: the common ones plus two unpopular ones, all
  /// equally likely, so that two people rarely share one.
  var hardSlots: [(Slot, Double)] {
    let extra: [Slot] =
      switch self {
      case .intervision: [Slot(.mon, .am), Slot(.fri, .pm)]
      case .mastermind: [Slot(.tue, .pm), Slot(.thu, .eve)]
      case .mentoring: [Slot(.mon, .pm), Slot(.sat, .am)]
      }
    return (commonSlots.map(\.0) + extra).map { ($0, 1.0) }
  }

  /// The preset's hard rules and objective weights that the planted solution satisfies.
  public var plantedRules: PlantedRules {
    switch self {
    case .intervision:
      PlantedRules(
        sizeMin: 5, sizeMax: 8, sizeTarget: 6, yearsWeight: 1.0, sectorWeight: 0.5,
        sizePenalty: 0.2)
    case .mastermind:
      PlantedRules(
        sizeMin: 4, sizeMax: 6, sizeTarget: 6, yearsWeight: 0.3, sectorWeight: 1.0,
        sizePenalty: 0.2)
    case .mentoring:
      PlantedRules(
        sizeMin: 4, sizeMax: 6, sizeTarget: 5, yearsWeight: 1.0, sectorWeight: 0.3,
        sizePenalty: 0.2)
    }
  }

  /// Sessions and weeks between them, for the horizon of facilitators' unavailable dates.
  var sessionsAndCadence: (sessions: Int, weeks: Int) {
    switch self {
    case .intervision: (6, 4)
    case .mastermind: (7, 2)
    case .mentoring: (6, 2)
    }
  }
}

/// The preset rules a planted solution is built and scored under.
public struct PlantedRules: Hashable, Sendable, Codable {
  public var sizeMin: Int
  public var sizeMax: Int
  public var sizeTarget: Int
  /// Weight of `min(|Δyears|, 15) / 15` in d_ij.
  public var yearsWeight: Double
  /// Weight of `[sectors differ]` in d_ij.
  public var sectorWeight: Double
  /// Penalty per member of distance between a group's size and the target.
  public var sizePenalty: Double

  public init(
    sizeMin: Int, sizeMax: Int, sizeTarget: Int, yearsWeight: Double, sectorWeight: Double,
    sizePenalty: Double
  ) {
    self.sizeMin = sizeMin
    self.sizeMax = sizeMax
    self.sizeTarget = sizeTarget
    self.yearsWeight = yearsWeight
    self.sectorWeight = sectorWeight
    self.sizePenalty = sizePenalty
  }

  enum CodingKeys: String, CodingKey {
    case sizeMin = "size_min"
    case sizeMax = "size_max"
    case sizeTarget = "size_target"
    case yearsWeight = "years_experience_weight"
    case sectorWeight = "sector_weight"
    case sizePenalty = "size_penalty"
  }
}

/// How many facilitators or rooms to generate.
public enum ResourceCount: Hashable, Sendable {
  /// A count that suits the batch (for `planted`: what the hidden schedule needs, plus a
  /// little slack within the capacity rule).
  case auto
  case exactly(Int)
}

/// Everything that determines a generated batch.
///
/// Equal options give byte-identical files.
public struct GeneratorOptions: Hashable, Sendable {
  /// The most candidates one batch may hold.
  public static let maximumCandidates = 100_000
  /// The most facilitators or rooms one batch may hold.
  public static let maximumResources = 10_000

  public var candidates: Int
  public var seed: UInt64
  public var profile: GeneratorProfile
  public var program: GeneratorProgram
  /// Facilitators to generate; `nil` for an intake file only.
  public var facilitators: ResourceCount?
  /// Rooms to generate; `nil` for an intake file only.
  public var rooms: ResourceCount?

  public init(
    candidates: Int, seed: UInt64, profile: GeneratorProfile = .realistic,
    program: GeneratorProgram = .intervision, facilitators: ResourceCount? = nil,
    rooms: ResourceCount? = nil
  ) {
    self.candidates = candidates
    self.seed = seed
    self.profile = profile
    self.program = program
    self.facilitators = facilitators
    self.rooms = rooms
  }

  /// Whether facilitators and rooms are part of the batch.
  public var includesResources: Bool { facilitators != nil || rooms != nil }
}

/// The fixed dates that make a batch independent of the day it is generated.
public enum GeneratorCalendar {
  /// Intake dates fall in the 92 days before this date.
  public static let referenceDate = "2026-12-01"
  /// The first session date written into `kring.yaml` (a Monday).
  public static let scheduleStart = "2027-01-11"
}
