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
/// | `unavailable` (`niet_beschikbaar`, `gesloten`) | no | dates and ranges `2027-03-01..2027-03-05` |
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
    ResourceColumn(
      name: "unavailable", aliases: ["niet_beschikbaar", "gesloten", "closed", "afwezig"],
      required: false),
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
    try ResourceTableReader(
      specs: Self.columns, emptyCode: "no-rooms",
      emptyMessage: "the file has a header but no rooms; only online groups can be scheduled",
      item: Self.room
    ).read(table: table)
  }

  /// The row as a room; its problems are recorded in `row`.
  private static func room(_ row: inout ResourceRow) -> Room {
    let id = row.required("id")
    let name = row.value("name") ?? ""

    var capacity = 0
    if let text = row.value("capacity"), row.has("capacity") {
      if text.isEmpty {
        row.fail(
          "capacity", code: "missing-value",
          "capacity is required: the seats, the facilitator's included")
      } else if let value = ResourceValues.integer(text, in: RoomReader.capacityRange) {
        capacity = value
      } else {
        row.fail(
          "capacity", code: "invalid-capacity",
          "capacity must be a whole number of seats from \(RoomReader.capacityRange.lowerBound) to \(RoomReader.capacityRange.upperBound), got \"\(text)\""
        )
      }
    }

    var accessible = false
    if let text = row.value("accessible") {
      switch FieldValue.boolean(text) {
      case .success(let value): accessible = value
      case .failure(var problem):
        problem.suggestion = FieldValue.suggestion(for: text, among: ["yes", "no", "ja", "nee"])
        row.fail("accessible", problem)
      }
    }

    let availability = row.availability(
      unusable: "a room without weekly slots can never be booked")
    let region = row.value("region") ?? ""
    let unavailable = row.unavailable()

    return Room(
      id: RoomID(id), name: name.isEmpty ? id : name, capacity: capacity, accessible: accessible,
      availability: availability, region: region.isEmpty ? nil : region,
      unavailable: unavailable, line: row.line)
  }
}
