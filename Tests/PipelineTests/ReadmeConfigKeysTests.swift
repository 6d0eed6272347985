import Foundation
import Intake
import Pipeline
import Testing

/// One table row of the README's `## kring.yaml reference`.
struct ReadmeKeyRow: Sendable, CustomTestStringConvertible {
  var key: String
  var defaultCell: String
  var description: String
  var line: Int

  var testDescription: String { key }
}

/// Reads the `## kring.yaml reference` section of README.md into rows.
enum ReadmeReference {
  static let heading = "## kring.yaml reference"

  static var readmeURL: URL {
    // Tests/PipelineTests/<this file> → the repository root.
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("README.md")
  }

  /// The lines of the section, each with its 1-based line number in README.md.
  static func sectionLines(of text: String) -> [(number: Int, text: String)] {
    let lines = text.components(separatedBy: "\n")
    guard
      let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == heading })
    else { return [] }
    var section: [(Int, String)] = []
    for index in (start + 1)..<lines.count {
      if lines[index].hasPrefix("## ") { break }
      section.append((index + 1, lines[index]))
    }
    return section
  }

  /// The cells of a table row, split on `|` outside code spans.
  static func cells(of line: String) -> [String] {
    var cells: [String] = []
    var current = ""
    var inCode = false
    for character in line {
      if character == "`" { inCode.toggle() }
      if character == "|" && !inCode {
        cells.append(current.trimmingCharacters(in: .whitespaces))
        current = ""
      } else {
        current.append(character)
      }
    }
    cells.append(current.trimmingCharacters(in: .whitespaces))
    // A row written `| a | b |` has an empty cell before the first and after the last bar.
    return Array(cells.dropFirst().dropLast())
  }

  /// The contents of a cell that is exactly one code span, such as `` `5` ``.
  static func codeSpan(_ cell: String) -> String? {
    guard cell.count >= 2, cell.hasPrefix("`"), cell.hasSuffix("`") else { return nil }
    let inner = cell.dropFirst().dropLast()
    return inner.contains("`") ? nil : String(inner)
  }

  /// The rows whose first cell is a single backticked dotted key.
  static func rows(of text: String) -> [ReadmeKeyRow] {
    sectionLines(of: text).compactMap { number, line in
      guard line.hasPrefix("|") else { return nil }
      let cells = cells(of: line)
      guard cells.count >= 3, let key = codeSpan(cells[0]),
        key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
      else { return nil }
      return ReadmeKeyRow(
        key: key, defaultCell: cells[1], description: cells[2...].joined(separator: " | "),
        line: number)
    }
  }

  static func load() throws -> [ReadmeKeyRow] {
    rows(of: try String(contentsOf: readmeURL, encoding: .utf8))
  }

  /// The preset values a row's description gives, as `mastermind `X``: preset → X.
  static func presetValues(in description: String) -> [Program: String] {
    var values: [Program: String] = [:]
    for program in [Program.mastermind, .mentoring] {
      let marker = "\(program.rawValue) `"
      guard let range = description.range(of: marker) else { continue }
      let rest = description[range.upperBound...]
      if let end = rest.firstIndex(of: "`") { values[program] = String(rest[..<end]) }
    }
    return values
  }
}

/// The canonical value at a dotted key path, or nil when the path is not in the config.
func canonicalValue(_ config: KringConfig, at key: String) -> ConfigValue? {
  var value: ConfigValue? = config.normalized
  for part in key.split(separator: ".") {
    guard case .map(let entries) = value else { return nil }
    value = entries[String(part)]
  }
  return value
}

@Suite struct ReadmeConfigKeys {
  @Test func everyKeyInTheCodeIsInTheReadmeAndNoOther() throws {
    let rows = try ReadmeReference.load()
    try #require(!rows.isEmpty, "no key rows under \(ReadmeReference.heading) in README.md")
    let readme = rows.map(\.key)
    let code = KringConfig.documentedKeys
    let missing = code.filter { !readme.contains($0) }
    let extra = readme.filter { !code.contains($0) }
    #expect(missing.isEmpty, "kring.yaml keys missing from the README table: \(missing)")
    #expect(extra.isEmpty, "README lists keys the code does not accept: \(extra)")
    let repeated = Dictionary(grouping: readme, by: { $0 }).filter { $0.value.count > 1 }.keys
    #expect(repeated.isEmpty, "README lists keys more than once: \(repeated.sorted())")
  }

  @Test func theComparisonCatchesAMissingAndAnInventedKey() {
    let text = """
      ## kring.yaml reference
      | key | default | what it does |
      |---|---|---|
      | `groups.size.min` | `5` | fewest members |
      | `groups.size.mni` | `5` | a typo |
      ## Next
      | `groups.size.max` | `8` | after the section, so not read |
      """
    let keys = ReadmeReference.rows(of: text).map(\.key)
    #expect(keys == ["groups.size.min", "groups.size.mni"])
    #expect(!KringConfig.documentedKeys.contains("groups.size.mni"))
    #expect(KringConfig.documentedKeys.contains("groups.size.max"))
  }

  @Test func documentedKeysAreDistinctDottedPaths() {
    let keys = KringConfig.documentedKeys
    #expect(Set(keys).count == keys.count)
    // No key is both a leaf and the parent of another key.
    let parents = keys.filter { key in keys.contains { $0.hasPrefix(key + ".") } }
    #expect(parents.isEmpty, "keys that are also parents: \(parents)")
    for map in ["groups.diversify", "groups.separate", "intake.columns", "intake.sectors"] {
      #expect(keys.contains(map))
    }
  }

  /// Each documented key is accepted by the loader, and writing its default changes nothing.
  @Test(arguments: KringConfig.documentedKeys)
  func theLoaderAcceptsTheKeyWithItsDefault(key: String) throws {
    let defaults = KringConfig()
    let value = try #require(canonicalValue(defaults, at: key), "\(key) is not in the config")
    let text = value == .null ? "" : value.yaml().trimmingCharacters(in: .newlines)
    let loaded = try KringConfig.parse(
      yaml: "", fileName: "k.yaml", baseDirectory: "", overrides: ["\(key)=\(text)"])
    #expect(loaded == defaults)
  }

  /// Every mapping of fixed keys accepts exactly the documented keys below it: an unknown key
  /// makes the loader name the keys it allows.
  @Test func theLoaderAllowsExactlyTheDocumentedKeysInEachMapping() throws {
    let keys = KringConfig.documentedKeys
    var parents: Set<String> = [""]
    for key in keys {
      var parts = key.split(separator: ".").map(String.init)
      while parts.count > 1 {
        parts.removeLast()
        parents.insert(parts.joined(separator: "."))
      }
    }
    for parent in parents.sorted() {
      let probe = parent.isEmpty ? "zz_unknown" : "\(parent).zz_unknown"
      let documented = keys.compactMap { key -> String? in
        let prefix = parent.isEmpty ? "" : parent + "."
        guard key.hasPrefix(prefix) else { return nil }
        let rest = key.dropFirst(prefix.count)
        return rest.split(separator: ".").first.map(String.init)
      }
      let allowed = try allowedKeys(reportedFor: probe)
      #expect(
        Set(allowed) == Set(documented),
        "\(parent.isEmpty ? "top level" : parent): the loader allows \(allowed.sorted()), documented \(Set(documented).sorted())"
      )
    }
  }

  private func allowedKeys(reportedFor probe: String) throws -> [String] {
    let problems = diagnostics(forOverride: "\(probe)=1")
    let unknown = try #require(
      problems.first { $0.code == "config-unknown-key" },
      "the loader did not report \(probe) as unknown: \(problems)")
    let range = try #require(unknown.message.range(of: "allowed: "))
    return unknown.message[range.upperBound...].components(separatedBy: ", ")
  }

  /// The problems the loader reports for one `--set`, none when it loads.
  private func diagnostics(forOverride override: String) -> [Diagnostic] {
    switch load(yaml: "", override: override) {
    case .success: return []
    case .failure(let list): return list.diagnostics
    }
  }

  /// The config from a file text plus one `--set`, or the loader's problems.
  private func load(yaml: String, override: String) -> Result<KringConfig, DiagnosticList> {
    Result { () throws(DiagnosticList) -> KringConfig in
      try KringConfig.parse(
        yaml: yaml, fileName: "k.yaml", baseDirectory: "", overrides: [override])
    }
  }

  /// Records an issue unless `yaml` plus `KEY=value` loads to `expected`.
  private func expectLoads(
    _ yaml: String, _ key: String, _ value: String, to expected: KringConfig, _ what: String
  ) {
    switch load(yaml: yaml, override: "\(key)=\(value)") {
    case .success(let loaded):
      let same = loaded == expected
      #expect(same, "\(what): `\(value)` is not the code's value")
    case .failure(let list):
      Issue.record("\(what): `\(value)` does not load: \(list)")
    }
  }

  /// A default written as a code span loads to the code's default.
  @Test func everyDocumentedDefaultIsTheCodeDefault() throws {
    let rows = try ReadmeReference.load()
    var checked = 0
    for row in rows {
      guard let text = ReadmeReference.codeSpan(row.defaultCell) else {
        #expect(
          canonicalValue(KringConfig(), at: row.key) == .null,
          "README.md:\(row.line): \(row.key) has no code-span default but the code has one")
        continue
      }
      expectLoads(
        "", row.key, text, to: KringConfig(), "README.md:\(row.line): \(row.key) default")
      checked += 1
    }
    #expect(checked >= 30, "only \(checked) defaults were checked")
  }

  /// Where a preset starts from another value the row names it, and every preset value named
  /// is the preset's.
  @Test(arguments: [Program.mastermind, .mentoring])
  func everyPresetDifferenceIsDocumented(program: Program) throws {
    let rows = try ReadmeReference.load()
    let preset = KringConfig.preset(program)
    for row in rows where row.key != "program" {
      let differs =
        canonicalValue(preset, at: row.key) != canonicalValue(KringConfig(), at: row.key)
      // A preset value may also be written where it equals the default, but it must be right.
      guard let written = ReadmeReference.presetValues(in: row.description)[program] else {
        if differs {
          Issue.record(
            "README.md:\(row.line): \(row.key) differs under \(program) but does not say so")
        }
        continue
      }
      expectLoads(
        "program: \(program.rawValue)", row.key, written, to: preset,
        "README.md:\(row.line): \(row.key) under \(program)")
    }
  }

  @Test func presetValuesAreReadFromTheDescription() {
    let values = ReadmeReference.presetValues(
      in: "The fewest members. Presets: mastermind `4`, mentoring `1h 30m`.")
    #expect(values == [.mastermind: "4", .mentoring: "1h 30m"])
    #expect(ReadmeReference.presetValues(in: "`intervision`, `mastermind` or `mentoring`").isEmpty)
  }
}
