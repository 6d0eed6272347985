/// The `intake:` section of `kring.yaml`: how to read and score an intake batch.
public struct IntakeConfig: Hashable, Sendable {
  /// Canonical field name → header in the coordinator's file (such as a form's question);
  /// for a field fed by several columns, the first of ``columnLists``.
  public var columns: [String: String]
  /// Fields fed by several columns, each with every header in order: `name` asked as first
  /// and last name (joined with spaces), `availability` asked as a grid with a column per day
  /// (each answer read with its column's day, the `[Maandag]` of "Wanneer kun je?
  /// [Maandag]"). See ``IntakeConfig/listColumnFields``.
  public var columnLists: [String: [String]] = [:]
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
  /// The sheet of an Excel workbook to read (its name); `nil` reads the first sheet.
  public var sheet: String?
  /// Headers of columns Kring leaves alone: not mapped to a field, not kept as attributes
  /// (a form tool's own bookkeeping, such as Microsoft Forms' response `ID`).
  public var ignore: [String]
  /// Answers that mean "no value" in any column, such as `n.v.t.` or `weet ik niet`.
  ///
  /// Matched without regard to case, accents, spaces and dots, so `N.v.t.` and `nvt` are one.
  public var none: [String]
  /// Field → the answer as people wrote it → the canonical value(s) it stands for.
  ///
  /// An empty list means no value (as a ``none`` word, for one field only). Fields:
  /// ``IntakeConfig/valueFields``.
  public var values: [String: [String: [String]]]

  /// The default ``none`` words.
  public static let defaultNone = [
    "n.v.t.", "nvt", "n/a", "-", "geen", "none", "weet ik niet", "weet niet", "onbekend",
    "unknown", "anoniem", "anonymous",
  ]

  /// The default ``values``: self-employed people belong to no shared organisation, so two
  /// freelancers are not colleagues.
  public static let defaultValues: [String: [String: [String]]] = [
    "organization": Dictionary(
      uniqueKeysWithValues: [
        "ZZP", "ZZP'er", "zelfstandig", "zelfstandige", "zelfstandig ondernemer", "freelance",
        "freelancer", "self-employed", "eigen bedrijf",
      ].map { ($0, [String]()) })
  ]

  public init(
    columns: [String: String] = [:], sectors: [String: [String]] = [:],
    levels: [String] = ["professional", "senior", "lead", "manager", "director"],
    defaultLanguage: String = "nl", readiness: ReadinessConfig = ReadinessConfig(),
    maxRows: Int = defaultMaxRows,
    sheet: String? = nil, ignore: [String] = [], none: [String] = IntakeConfig.defaultNone,
    values: [String: [String: [String]]] = IntakeConfig.defaultValues
  ) {
    self.maxRows = maxRows
    self.columns = columns
    self.sectors = sectors
    self.levels = levels
    self.defaultLanguage = defaultLanguage
    self.readiness = readiness
    self.sheet = sheet
    self.ignore = ignore
    self.none = none
    self.values = values
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
