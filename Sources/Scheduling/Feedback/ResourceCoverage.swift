import Intake

/// The weekly slots at which a group could be given a facilitator (and a room), per kind of
/// candidate, so that grouping forms groups only where scheduling can serve them.
///
/// This is a necessary condition, not a sufficient one: capacity (`max_groups`, rooms shared
/// by several groups) and organisations are left to the scheduler, and a group it cannot
/// serve is re-formed without that slot.
public struct ResourceCoverage: Sendable {
  /// Whether a facilitators file was given; without one, sessions have no facilitator.
  public var requiresFacilitator: Bool
  /// Whether a rooms file was given; without one, in-person sessions have no room.
  public var requiresRoom: Bool
  let facilitators: [Facilitator]
  let rooms: [Room]
  /// The smallest group: a room must seat it plus the facilitator.
  let minimumGroupSize: Int

  public init(
    facilitators: [Facilitator], rooms: [Room], requiresFacilitator: Bool, requiresRoom: Bool,
    minimumGroupSize: Int
  ) {
    self.facilitators = facilitators
    self.rooms = rooms
    self.requiresFacilitator = requiresFacilitator
    self.requiresRoom = requiresRoom
    self.minimumGroupSize = minimumGroupSize
  }

  /// The slots at which someone speaking `language`, from `organization`, could meet in
  /// `format`.
  ///
  /// A facilitator from their own organisation cannot guide them. `either` candidates may
  /// meet online, so they need no room; in-person ones need a room that seats the smallest
  /// group (accessible when they need it).
  public func slots(
    language: String?, format: MeetingFormat, needsAccessible: Bool, organization: String? = nil
  ) -> SlotSet {
    var allowed = SlotSet(mask: 0x1F_FFFF)
    if requiresFacilitator {
      var union = SlotSet()
      let own: Set<String> = organization.map { [Facilitator.key($0)] } ?? []
      for f in facilitators where f.speaks(language) && !f.worksAt(anyOf: own) {
        union = union.union(f.availability)
      }
      allowed = allowed.intersection(union)
    }
    if requiresRoom && format == .inPerson {
      var union = SlotSet()
      for r in rooms
      where r.capacity >= minimumGroupSize + 1 && (!needsAccessible || r.accessible) {
        union = union.union(r.availability)
      }
      allowed = allowed.intersection(union)
    }
    return allowed
  }
}
