import Intake

/// The facilitators and rooms a schedule can use.
public struct LoadedResources: Sendable, Hashable {
  /// In file order; empty when the config names no facilitators file.
  public var facilitators: [Facilitator]
  /// In file order; empty when the config names no rooms file.
  public var rooms: [Room]
  /// Problems that do not stop the run, facilitators' first.
  public var warnings: [Diagnostic]

  public init(facilitators: [Facilitator] = [], rooms: [Room] = [], warnings: [Diagnostic] = []) {
    self.facilitators = facilitators
    self.rooms = rooms
    self.warnings = warnings
  }
}

/// Loads the resource files a `ScheduleConfig` names.
public enum ResourceLoader {
  /// Reads `config.facilitators` and `config.rooms` (each optional; the paths are already
  /// resolved against the config file).
  ///
  /// - Throws: the problems of both files together when either has an error, so that a
  ///   coordinator fixes both in one pass.
  public static func load(config: ScheduleConfig) throws(DiagnosticList) -> LoadedResources {
    var loaded = LoadedResources()
    var all: [Diagnostic] = []
    var failed = false
    if let path = config.facilitators {
      switch readFacilitators(path) {
      case .success(let list):
        loaded.facilitators = list.items
        all.append(contentsOf: list.warnings)
      case .failure(let list):
        failed = true
        all.append(contentsOf: list.diagnostics)
      }
    }
    if let path = config.rooms {
      switch readRooms(path) {
      case .success(let list):
        loaded.rooms = list.items
        all.append(contentsOf: list.warnings)
      case .failure(let list):
        failed = true
        all.append(contentsOf: list.diagnostics)
      }
    }
    if failed { throw DiagnosticList(all) }
    loaded.warnings = all
    return loaded
  }

  // Small typed helpers, so no do/catch mixes typed throws.
  private static func readFacilitators(_ path: String) -> Result<
    ResourceList<Facilitator>, DiagnosticList
  > {
    Result { () throws(DiagnosticList) in try FacilitatorReader().read(path: path) }
  }

  private static func readRooms(_ path: String) -> Result<ResourceList<Room>, DiagnosticList> {
    Result { () throws(DiagnosticList) in try RoomReader().read(path: path) }
  }
}
