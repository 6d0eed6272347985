import Foundation

/// A validated, normalised intake batch.
public struct IntakeBatch: Sendable {
  /// The file the batch came from, as the user named it.
  public var source: String
  /// The valid candidates, in file order.
  public var candidates: [Candidate]
  /// Problems that do not stop the run, such as a manager id that is not in the file.
  public var warnings: [Diagnostic]
  /// Every row that was left out, with at least one reason each: a test submission or an
  /// earlier submission of the same person (always), and with `skipInvalid` a row's errors.
  public var skipped: [Diagnostic]
  /// Candidate id → manager id for every row of the file that names a manager, skipped rows
  /// included, so that reporting chains can be followed through rows that were left out.
  public var reportingLines: [CandidateID: CandidateID]

  public init(
    source: String, candidates: [Candidate], warnings: [Diagnostic] = [],
    skipped: [Diagnostic] = [], reportingLines: [CandidateID: CandidateID]? = nil
  ) {
    self.source = source
    self.candidates = candidates
    self.warnings = warnings
    self.skipped = skipped
    self.reportingLines =
      reportingLines
      ?? Dictionary(
        candidates.compactMap { c in c.managerID.map { (c.id, $0) } },
        uniquingKeysWith: { first, _ in first })
  }

  /// The lines of the rows that were skipped, ascending.
  public var skippedLines: [Int] {
    Array(Set(skipped.compactMap(\.line))).sorted()
  }
}

/// Reads an intake file (CSV or JSON), validates every row and normalises it into
/// `Candidate`s, reporting every problem at once.
public struct IntakeReader: Sendable {
  /// How strict the reader is.
  public struct Options: Sendable, Hashable {
    /// Whether `level` is a required column (the programme uses hierarchy).
    public var requireLevel: Bool
    /// Leave rows with errors out (each listed in `IntakeBatch.skipped`) instead of failing.
    public var skipInvalid: Bool
    /// The largest file accepted, in bytes (100 MB).
    public var maxFileBytes: Int

    public init(
      requireLevel: Bool = false, skipInvalid: Bool = false, maxFileBytes: Int = 100_000_000
    ) {
      self.requireLevel = requireLevel
      self.skipInvalid = skipInvalid
      self.maxFileBytes = maxFileBytes
    }
  }

  /// The longest name accepted, in characters.
  public static let maxNameLength = 200
  /// The longest value of any other field, in characters.
  public static let maxFieldLength = 2000

  public var config: IntakeConfig
  public var options: Options

  public init(config: IntakeConfig = IntakeConfig(), options: Options = Options()) {
    self.config = config
    self.options = options
  }

  /// Reads the file at `path`: an Excel workbook (.xlsx), JSON when it ends in `.json` or
  /// starts with `[`, else CSV (UTF-8, UTF-16 with a byte-order mark, or Windows-1252).
  ///
  /// - Throws: every error and warning found, when the file cannot be read, has a file-level
  ///   problem, or has row errors and `skipInvalid` is off.
  public func read(path: String) throws(DiagnosticList) -> IntakeBatch {
    try read(
      bytes: InputFile.contents(path: path, maxBytes: options.maxFileBytes), fileName: path)
  }

  /// Reads an intake file held in memory; `fileName` is used in messages and to pick the
  /// format (`.xlsx` or a ZIP package → Excel, `.json` → JSON, else sniffed).
  public func read(bytes: [UInt8], fileName: String) throws(DiagnosticList) -> IntakeBatch {
    if bytes.count > options.maxFileBytes {
      throw DiagnosticList([InputFile.tooLarge(fileName, bytes.count, options.maxFileBytes)])
    }
    let table: RawTable
    let notes: [Diagnostic]
    switch InputFile.table(
      bytes, file: fileName, sheet: config.sheet, empty: "expected a header row and candidates",
      limit: RowLimit(rows: config.maxRows, key: "intake.max_rows"))
    {
    case .success(let read): (table, notes) = read
    case .failure(let list): throw list
    }
    var validator = RowValidator(config: config, options: options, file: fileName)
    var batch = try validator.batch(from: table)
    batch.warnings = notes + batch.warnings
    return batch
  }
}
