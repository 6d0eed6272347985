import Foundation
import Intake
import Pipeline

/// The folder holding the config fixtures, found from this file so tests run from anywhere.
let configFixtures = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Fixtures/config").path

/// Parses config text as `kring.yaml` in the current folder.
func parseConfig(_ yaml: String, overrides: [String] = []) throws(DiagnosticList) -> KringConfig {
  try KringConfig.parse(
    yaml: yaml, fileName: "kring.yaml", baseDirectory: "", overrides: overrides)
}

/// The printed diagnostics of a config that must fail, or an empty list when it loads.
func configErrors(_ yaml: String, overrides: [String] = []) -> [String] {
  do {
    _ = try parseConfig(yaml, overrides: overrides)
    return []
  } catch {
    return error.diagnostics.map(\.description)
  }
}
