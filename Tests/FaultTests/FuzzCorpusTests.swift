import Foundation
import Grouping
import Intake
import Pipeline
import Reports
import Scheduling
import Testing

/// The fuzzing corpus (`Tests/Fuzz/Corpus/<reader>/`), read once by each reader it seeds.
///
/// A smoke run in CI of what `Tests/Fuzz/run.sh` fuzzes for minutes: the well-formed seeds
/// must read, and every seed must be read without a crash.
@Suite("Fuzz corpus")
struct FuzzCorpusTests {
  static let corpus = Repository.root.appendingPathComponent("Tests/Fuzz/Corpus")

  static func files(_ reader: String) -> [URL] {
    let folder = corpus.appendingPathComponent(reader)
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
      .map { folder.appendingPathComponent($0) }
  }

  @Test("every reader has seeds", arguments: ["csv", "json", "yaml", "plan", "resources", "mdgp"])
  func seeded(_ reader: String) {
    #expect(Self.files(reader).count >= 2)
  }

  @Test("the well-formed intake seeds read", arguments: ["csv", "json"])
  func intake(_ reader: String) throws {
    for url in Self.files(reader) {
      let bytes = [UInt8](try Data(contentsOf: url))
      let name = url.lastPathComponent
      let result = Result { () throws(DiagnosticList) in
        try IntakeReader().read(bytes: bytes, fileName: name)
      }
      let malformed = ["bad-", "invalid", "unsupported", "unmapped-"].contains {
        name.hasPrefix($0)
      }
      if !malformed, case .failure(let list) = result {
        Issue.record("\(name): \(list.diagnostics.prefix(3).map(\.description))")
      }
    }
  }

  @Test("the config, plan, resource and MDGP seeds read")
  func others() throws {
    for url in Self.files("yaml") {
      let text = try String(contentsOf: url, encoding: .utf8)
      let result = Result { () throws(DiagnosticList) in
        try KringConfig.parse(
          yaml: text, fileName: url.lastPathComponent, baseDirectory: "", overrides: [])
      }
      if !url.lastPathComponent.hasPrefix("bad-"), case .failure(let list) = result {
        Issue.record("\(url.lastPathComponent): \(list.diagnostics.map(\.description))")
      }
    }
    for url in Self.files("plan") {
      let plan = try PlanFile.load(url.path)
      _ = try KringConfig(normalized: plan.kring.config, fileName: url.lastPathComponent)
    }
    for url in Self.files("resources") where !url.lastPathComponent.hasPrefix("bad-") {
      let bytes = [UInt8](try Data(contentsOf: url))
      let name = url.lastPathComponent
      if name.hasPrefix("rooms") {
        _ = try RoomReader().read(bytes: bytes, fileName: name)
      } else {
        _ = try FacilitatorReader().read(bytes: bytes, fileName: name)
      }
    }
    for url in Self.files("mdgp") {
      _ = try MDGPInstance.parse([UInt8](try Data(contentsOf: url)), file: url.lastPathComponent)
    }
  }
}
