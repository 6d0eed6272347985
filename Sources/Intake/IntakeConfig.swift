/// The `intake:` section of `kring.yaml`: how to read and score an intake batch.
public struct IntakeConfig: Hashable, Sendable {
  /// Canonical field name → header in the coordinator's file (such as a form's question).
  public var columns: [String: String]
  /// Canonical sector → aliases.
  ///
  /// Matching ignores case, spacing and accents. An empty table accepts every sector as written
  /// (trimmed, case of first occurrence).
  public var sectors: [String: [String]]
  /// The ordered levels, lowest first.
  ///
  /// Empty means levels are numbers 1–N as written.
  public var levels: [String]
  /// The language of candidates whose row has none.
  public var defaultLanguage: String
  /// How interview ratings become a readiness status.
  public var readiness: ReadinessConfig
  /// The most data rows an intake file may have; a longer file is refused before it is
  /// validated (memory and messages grow with the rows).
  public var maxRows: Int

  /// The default of ``maxRows``.
  public static let defaultMaxRows = 100_000
  /// The largest ``maxRows`` the config accepts.
  public static let largestMaxRows = 1_000_000

  public init(
    columns: [String: String] = [:], sectors: [String: [String]] = [:],
    levels: [String] = ["professional", "senior", "lead", "manager", "director"],
    defaultLanguage: String = "nl", readiness: ReadinessConfig = ReadinessConfig(),
    maxRows: Int = defaultMaxRows
  ) {
    self.maxRows = maxRows
    self.columns = columns
    self.sectors = sectors
    self.levels = levels
    self.defaultLanguage = defaultLanguage
    self.readiness = readiness
  }
}

/// Weights and thresholds that turn interview ratings into `ready`, `follow-up` or `not-now`.
public struct ReadinessConfig: Hashable, Sendable {
  /// Rating name (`motivation`, `commitment`, `openness`) → weight.
  ///
  /// Weights of missing ratings are left out and the rest renormalised.
  public var weights: [String: Double]
  /// A score at or above this is `ready`.
  public var readyAt: Double
  /// A score below this is `not-now`; between the two is `follow-up`.
  public var notNowBelow: Double

  public init(
    weights: [String: Double] = ["motivation": 0.5, "commitment": 0.3, "openness": 0.2],
    readyAt: Double = 3.5, notNowBelow: Double = 2.0
  ) {
    self.weights = weights
    self.readyAt = readyAt
    self.notNowBelow = notNowBelow
  }
}
