import Intake

/// Reads `rooms.csv` (or a JSON array with the same keys) into `Room`s, reporting every
/// problem of the file at once.
///
/// Columns (English header, then the built-in Dutch aliases); header names match without
/// regard to case, spaces, `_` and `-`:
///
/// | column | required | value |
/// |---|---|---|
/// | `id` (`nr`) | yes | unique in the file |
/// | `name` (`naam`) | no | blank: the id |
/// | `capacity` (`capaciteit`) | yes | seats, the facilitator's included: 2–500 |
/// | `accessible` (`toegankelijk`) | no | yes/no, ja/nee; blank is no |
/// | `availability` (`beschikbaarheid`) | yes | weekly slots as in the intake file; blank is an error |
/// | `region` (`regio`, `location`, `locatie`) | no | free text |
public struct RoomReader: Sendable {
  /// The allowed values of `capacity`.
  public static let capacityRange = 2...500

  static let columns: [ResourceColumn] = [
    ResourceColumn(name: "id", aliases: ["nr", "nummer"], required: true),
    ResourceColumn(
      name: "name", aliases: ["naam", "ruimte", "zaal"], required: false,
      maxLength: ResourceColumns.maxNameLength),
    ResourceColumn(
      name: "capacity", aliases: ["capaciteit", "plaatsen", "seats"], required: true),
    ResourceColumn(
      name: "accessible", aliases: ["toegankelijk", "rolstoeltoegankelijk", "step-free"],
      required: false),
    ResourceColumn(name: "availability", aliases: ["beschikbaarheid"], required: true),
    ResourceColumn(
      name: "region", aliases: ["regio", "location", "locatie", "plaats"], required: false),
  ]

  /// The largest file accepted, in bytes.
  public var maxFileBytes: Int

  public init(maxFileBytes: Int = 50_000_000) {
    self.maxFileBytes = maxFileBytes
  }

  /// Reads the file at `path`.
  ///
  /// - Throws: every error and warning of the file when it has at least one error.
  public func read(path: String) throws(DiagnosticList) -> ResourceList<Room> {
    try read(table: DataTable.read(path: path, maxBytes: maxFileBytes))
  }

  /// Reads a file held in memory; `fileName` names it in messages and picks the format.
  public func read(bytes: [UInt8], fileName: String) throws(DiagnosticList) -> ResourceList<Room> {
    try read(table: DataTable.parse(bytes: bytes, file: fileName, maxBytes: maxFileBytes))
  }

  /// Interprets a table already read.
  public func read(table: DataTable) throws(DiagnosticList) -> ResourceList<Room> {
    var diagnostics: [Diagnostic] = []
    let columns = ResourceColumns(table: table, specs: Self.columns, diagnostics: &diagnostics)
    if table.rows.isEmpty {
      diagnostics.append(
        Diagnostic(
          file: table.file, code: "no-rooms",
          message: "the file has a header but no rooms; only online groups can be scheduled",
          severity: .warning))
    }
    var rooms: [Room] = []
    var firstLine: [String: Int] = [:]
    for row in table.rows {
      var problems = row.problems
      // A row whose bytes or shape are wrong has misplaced values; checking them would only
      // repeat the one real problem.
      if problems.isEmpty, let room = Self.room(row, columns, &problems) {
        rooms.append(room)
      }
      let id = columns.value("id", row)
      if !id.isEmpty && id.utf8.count <= ResourceColumns.maxFieldLength {
        if let first = firstLine[id] {
          problems.append(
            columns.diagnostic(
              row, "id", code: "duplicate-id",
              "duplicate id \"\(id)\" (first used on line \(first))"))
        } else {
          firstLine[id] = row.line
        }
      }
      diagnostics.append(contentsOf: problems)
    }
    if diagnostics.contains(where: { $0.severity == .error }) {
      throw DiagnosticList(diagnostics)
    }
    return ResourceList(items: rooms, warnings: diagnostics)
  }

  /// The row as a room, or `nil` when it has an error (appended to `problems`).
  private static func room(
    _ row: DataRow, _ columns: ResourceColumns, _ problems: inout [Diagnostic]
  ) -> Room? {
    let (lengthProblems, tooLong) = columns.lengthProblems(row)
    problems.append(contentsOf: lengthProblems)
    var ok = lengthProblems.isEmpty
    func fail(_ d: Diagnostic) {
      problems.append(d)
      ok = false
    }
    /// The value, or `nil` when it is too long (already reported).
    func get(_ name: String) -> String? {
      tooLong.contains(name) ? nil : columns.value(name, row)
    }

    let id = get("id") ?? ""
    if id.isEmpty && columns.has("id") && !tooLong.contains("id") {
      fail(columns.diagnostic(row, "id", code: "missing-value", "id is required"))
    }
    let name = get("name") ?? ""

    var capacity = 0
    if let text = get("capacity"), columns.has("capacity") {
      if text.isEmpty {
        fail(
          columns.diagnostic(
            row, "capacity", code: "missing-value",
            "capacity is required: the seats, the facilitator's included"))
      } else if let value = ResourceValues.integer(text, in: RoomReader.capacityRange) {
        capacity = value
      } else {
        fail(
          columns.diagnostic(
            row, "capacity", code: "invalid-capacity",
            "capacity must be a whole number of seats from \(RoomReader.capacityRange.lowerBound) to \(RoomReader.capacityRange.upperBound), got \"\(text)\""
          ))
      }
    }

    var accessible = false
    if let text = get("accessible") {
      switch FieldValue.boolean(text) {
      case .success(let value): accessible = value
      case .failure(var problem):
        problem.suggestion = FieldValue.suggestion(for: text, among: ["yes", "no", "ja", "nee"])
        fail(columns.diagnostic(row, "accessible", problem))
      }
    }

    var availability = SlotSet()
    if let text = get("availability"), columns.has("availability") {
      let (slots, slotProblems) = FieldValue.availability(text)
      availability = slots
      for problem in slotProblems { fail(columns.diagnostic(row, "availability", problem)) }
      if slotProblems.isEmpty && slots.isEmpty {
        fail(
          columns.diagnostic(
            row, "availability", code: "no-availability",
            "no availability: a room without weekly slots can never be booked"))
      }
    }

    let region = get("region") ?? ""

    guard ok else { return nil }
    return Room(
      id: RoomID(id), name: name.isEmpty ? id : name, capacity: capacity, accessible: accessible,
      availability: availability, region: region.isEmpty ? nil : region, line: row.line)
  }
}
