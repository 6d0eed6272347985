import Foundation
import Intake

/// Paths and settings shared by the intake tests.
enum Fixture {
  /// The package root, found from this file's path (Tests/IntakeTests/Support.swift).
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The absolute path of a file under `Fixtures/`.
  static func path(_ name: String) -> String {
    root.appendingPathComponent("Fixtures").appendingPathComponent(name).path
  }

  /// The bytes of a file under `Fixtures/`.
  static func bytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
  }

  /// The config the bad and valid fixtures are written against.
  static let config = IntakeConfig(
    sectors: [
      "Zorg": ["ggz", "gezondheidszorg"], "Onderwijs": ["education"], "Overheid": ["government"],
    ])
}

/// Reads bytes and returns either the batch or the diagnostics, for tests that look at both.
func readOutcome(
  _ bytes: [UInt8], name: String, config: IntakeConfig = Fixture.config,
  options: IntakeReader.Options = .init()
) -> Result<IntakeBatch, DiagnosticList> {
  do throws(DiagnosticList) {
    return .success(
      try IntakeReader(config: config, options: options).read(bytes: bytes, fileName: name))
  } catch {
    return .failure(error)
  }
}
