import Foundation
import Generator
import Intake
import Scheduling

/// Helpers for the resource reader tests.
enum ResourceTest {
  /// The generator's facilitators header, written out so a change there is noticed here.
  static let facilitatorsHeader =
    "id,name,email,languages,organization,availability,max_groups,unavailable"
  /// The generator's rooms header.
  static let roomsHeader = "id,name,capacity,accessible,availability,location"

  static func facilitators(_ text: String, file: String = "facilitators.csv") -> Result<
    ResourceList<Facilitator>, DiagnosticList
  > {
    Result { () throws(DiagnosticList) in
      try FacilitatorReader().read(bytes: Array(text.utf8), fileName: file)
    }
  }

  static func rooms(_ text: String, file: String = "rooms.csv") -> Result<
    ResourceList<Room>, DiagnosticList
  > {
    Result { () throws(DiagnosticList) in
      try RoomReader().read(bytes: Array(text.utf8), fileName: file)
    }
  }

  /// The printed diagnostics of a failed read, or `[]` when it succeeded.
  static func errors<T>(_ result: Result<T, DiagnosticList>) -> [String] {
    if case .failure(let list) = result { return list.diagnostics.map(\.description) }
    return []
  }

  /// The codes of a failed read, or `[]` when it succeeded.
  static func codes<T>(_ result: Result<T, DiagnosticList>) -> [String] {
    if case .failure(let list) = result { return list.diagnostics.map(\.code) }
    return []
  }

  /// A fresh temporary folder.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("kring-sched-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// The slot set of tokens written as `tue-pm` etc., built without the intake parser.
  static func slots(_ pairs: [(Weekday, Daypart)]) -> SlotSet {
    var set = SlotSet()
    for (day, part) in pairs { set.insert(Slot(day, part)) }
    return set
  }
}

/// The generator profiles the resource tests read back (a test-local copy, so that the
/// arguments print readably).
enum GeneratorProfileCase: String, Sendable, CaseIterable {
  case realistic, hard, planted
}

/// Generated batches with facilitators and rooms.
enum GeneratedResources {
  static func batch(profile: GeneratorProfileCase, seed: UInt64) throws -> GeneratedBatch {
    let generatorProfile: GeneratorProfile =
      switch profile {
      case .realistic: .realistic
      case .hard: .hard
      case .planted: .planted
      }
    return try BatchGenerator.generate(
      GeneratorOptions(
        candidates: 80, seed: seed, profile: generatorProfile, facilitators: .auto, rooms: .auto))
  }
}
