import Foundation
import Grouping
import Intake
import Reports
import Scheduling

extension KringConfig {
  /// The top-level keys of `kring.yaml`.
  static let configKeys = ["program", "language", "intake", "groups", "schedule"]

  /// The largest config file Kring reads; a config is a page of settings, not data.
  static let largestFileSize = 1_000_000

  /// The defaults of a programme: the preset table of the design.
  public static func preset(_ program: Program) -> KringConfig {
    var config = KringConfig(program: program)
    switch program {
    case .intervision:
      break
    case .mastermind:
      config.groups.size = .init(min: 4, max: 6, target: 6)
      config.groups.diversify = [
        AttributeWeight("sector", 1.0), AttributeWeight("years_experience", 0.3),
      ]
      // Levels are not used, but safety rules such as reporting lines never relax.
      config.groups.hierarchy = .init(maxLevelGap: nil, separateReportingLines: true)
      config.schedule.sessions = 7
      config.schedule.cadenceWeeks = 2
      config.schedule.duration = 3.5 * 3600
      config.schedule.formats = [.inPerson, .online]
    case .mentoring:
      config.groups.size = .init(min: 4, max: 6, target: 5)
      config.groups.diversify = [
        AttributeWeight("years_experience", 1.0), AttributeWeight("sector", 0.3),
      ]
      config.groups.separate = ["organization": 2]
      config.groups.hierarchy = .init(maxLevelGap: 1, separateReportingLines: true)
      config.schedule.sessions = 6
      config.schedule.cadenceWeeks = 2
      config.schedule.duration = 1.5 * 3600
    }
    return config
  }

  /// Whether the programme uses levels, so that the intake file must give every row a `level`.
  public var usesHierarchy: Bool { groups.hierarchy.maxLevelGap != nil }

  /// Loads `kring.yaml` (or, with no path, the intervision defaults), then applies `--set`
  /// overrides, and reports every problem at once.
  ///
  /// - Parameters:
  ///   - path: The config file as the user named it; relative paths inside it are resolved
  ///     against its directory. `nil` means no file.
  ///   - overrides: `KEY=VALUE` strings from `--set`, applied in order on top of the file.
  public static func load(path: String?, overrides: [String] = []) throws(DiagnosticList)
    -> KringConfig
  {
    guard let path else {
      return try parse(yaml: "", fileName: "kring.yaml", baseDirectory: "", overrides: overrides)
    }
    let text = try readConfigFile(path)
    let directory = (path as NSString).deletingLastPathComponent
    return try parse(yaml: text, fileName: path, baseDirectory: directory, overrides: overrides)
  }

  /// Decodes config text: the `program:` preset first, then every key of the file, then the
  /// `--set` overrides, with every problem collected into one `DiagnosticList`.
  public static func parse(
    yaml: String, fileName: String, baseDirectory: String, overrides: [String]
  ) throws(DiagnosticList) -> KringConfig {
    var diagnostics = ConfigDiagnostics()
    var root: ConfigNode
    switch ConfigNode.parse(yaml: yaml, file: fileName) {
    case .success(let node): root = node
    case .failure(let problem): throw DiagnosticList([problem])
    }
    if root.isNull { root = .emptyMapping(file: fileName) }
    guard case .mapping = root.content else {
      throw DiagnosticList([
        Diagnostic(
          file: fileName, line: root.line, code: "config-wrong-type",
          message: "expected a mapping of settings such as `program: intervision`, got "
            + root.shortDescription)
      ])
    }
    if !overrides.isEmpty {
      // The preset decides what a `--set` into an attribute map adds to, so find it first.
      var scratch = ConfigDiagnostics()
      var probe = root
      for override in overrides { probe = applyOverride(override, to: probe, &scratch) }
      let program = probe["program"]?.scalarText.flatMap { Program(rawValue: $0.lowercased()) }
      let defaults = preset(program ?? .intervision)
      for override in overrides {
        root = applyOverride(override, to: root, &diagnostics, defaults: defaults)
      }
    }
    let config = decode(root, baseDirectory: baseDirectory, &diagnostics)
    if diagnostics.hasErrors { throw DiagnosticList(sorted(diagnostics.diagnostics)) }
    return config
  }

  /// Rebuilds a config from its canonical form (the `kring.config` object of `plan.json`).
  public init(normalized value: ConfigValue, fileName: String = "plan.json")
    throws(DiagnosticList)
  {
    var diagnostics = ConfigDiagnostics()
    let node = value.node(file: fileName)
    guard case .mapping = node.content else {
      throw DiagnosticList([
        Diagnostic(
          file: fileName, column: "kring.config", code: "config-wrong-type",
          message: "expected a mapping of settings")
      ])
    }
    self = KringConfig.decode(node, baseDirectory: "", &diagnostics)
    if diagnostics.hasErrors { throw DiagnosticList(diagnostics.diagnostics) }
  }

  /// The effective config in canonical form, for `kring.config` in `plan.json`.
  ///
  /// Every key is present, keys are sorted when written and paths are as resolved.
  /// Loading it gives back an equal config.
  public var normalized: ConfigValue {
    .map([
      "program": .string(program.rawValue),
      "language": .string(language.rawValue),
      "intake": intake.configValue,
      "groups": groups.configValue,
      "schedule": schedule.configValue,
    ])
  }

  /// The effective config as YAML with sorted keys; parsing it gives back an equal config.
  public func normalizedYAML() -> String {
    normalized.yaml()
  }

  static func readConfigFile(_ path: String) throws(DiagnosticList) -> String {
    let url = URL(fileURLWithPath: path)
    let data: Data
    do {
      let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
      guard size <= largestFileSize else {
        throw DiagnosticList([
          Diagnostic(
            file: path, code: "config-too-large",
            message: "the config file is \(size) bytes; the most Kring reads is \(largestFileSize)")
        ])
      }
      data = try Data(contentsOf: url)
    } catch let error as DiagnosticList {
      throw error
    } catch {
      throw DiagnosticList([
        Diagnostic(
          file: path, code: "config-unreadable",
          message: "cannot read the config file: \(error.localizedDescription)")
      ])
    }
    var bytes = data
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard let text = String(data: bytes, encoding: .utf8) else {
      throw DiagnosticList([
        Diagnostic(
          file: path, code: "config-encoding",
          message: "the config file is not UTF-8 text; save it as UTF-8")
      ])
    }
    return text
  }

  /// Writes one `--set KEY=VALUE` into the tree, or reports why it cannot.
  private static func applyOverride(
    _ text: String, to root: ConfigNode, _ diagnostics: inout ConfigDiagnostics,
    defaults: KringConfig? = nil
  ) -> ConfigNode {
    let file = "--set"
    guard let equals = text.firstIndex(of: "=") else {
      diagnostics.diagnostics.append(
        Diagnostic(
          file: file, code: "config-invalid-override",
          message: "\"\(text)\" is not KEY=VALUE, e.g. groups.size.min=4"))
      return root
    }
    let key = text[..<equals].trimmingCharacters(in: .whitespaces)
    let valueText = String(text[text.index(after: equals)...])
    let keys = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard !key.isEmpty, keys.allSatisfy({ !$0.isEmpty }) else {
      diagnostics.diagnostics.append(
        Diagnostic(
          file: file, code: "config-invalid-override",
          message: "\"\(text)\" has no valid KEY; write a dotted key path such as groups.size.min=4"
        ))
      return root
    }
    switch ConfigNode.parse(yaml: valueText, file: file, basePath: key, lines: false) {
    case .success(var value):
      if case .mapping(let entries) = value.content, entries.isEmpty,
        valueText.trimmingCharacters(in: .whitespaces).isEmpty
      {
        // `KEY=` with nothing after it means null, e.g. `schedule.rooms=`.
        value.content = .scalar("", plain: true)
      }
      var tree = root
      if let defaults { tree = defaults.seedAttributeMap(above: keys, in: root) }
      return tree.setting(keys[...], to: value)
    case .failure(var problem):
      problem.column = key
      diagnostics.diagnostics.append(problem)
      return root
    }
  }

  /// The attribute maps whose entries a user names freely; written in a file, such a map
  /// replaces the preset's as a whole.
  static let attributeMapPaths = [
    ["groups", "diversify"], ["groups", "separate"], ["intake", "columns"],
    ["intake", "sectors"], ["intake", "readiness", "weights"], ["intake", "values"],
  ]

  /// The tree with this config's attribute map written in, when an override sets one entry
  /// of a map the file does not have.
  ///
  /// Without this, `--set groups.diversify.region=1` would drop the preset's other weights;
  /// with it, the override adds to (or changes one weight of) the map in effect.
  func seedAttributeMap(above keys: [String], in root: ConfigNode) -> ConfigNode {
    guard
      let mapPath = Self.attributeMapPaths.first(where: {
        keys.count > $0.count && Array(keys.prefix($0.count)) == $0
      })
    else { return root }
    var existing: ConfigNode? = root
    for key in mapPath { existing = existing?[key] }
    guard existing == nil else { return root }
    let file = "--set"
    let path = mapPath.joined(separator: ".")
    let node: ConfigNode
    switch mapPath.last {
    case "diversify":
      // Built by hand, because a canonical map would sort the weights out of their order.
      let entries = groups.diversify.map { weight in
        ConfigEntry(
          key: weight.attribute,
          node: ConfigValue.double(weight.weight).node(
            file: file, path: "\(path).\(weight.attribute)"))
      }
      node = ConfigNode(content: .mapping(entries), file: file, line: nil, path: path)
    case "separate":
      node = ConfigValue.map(groups.separate.mapValues { .int($0) }).node(file: file, path: path)
    case "columns":
      guard case .map(let section) = intake.configValue, let columns = section["columns"] else {
        return root
      }
      node = columns.node(file: file, path: path)
    case "sectors":
      node = ConfigValue.map(intake.sectors.mapValues { .list($0.map { .string($0) }) }).node(
        file: file, path: path)
    case "values":
      node = intake.valuesConfigValue.node(file: file, path: path)
    default:
      node = ConfigValue.map(intake.readiness.weights.mapValues { .double($0) }).node(
        file: file, path: path)
    }
    return root.setting(mapPath[...], to: node)
  }

  /// Applies the preset named by `program:` (wherever it is written), then every other key.
  private static func decode(
    _ root: ConfigNode, baseDirectory: String, _ diagnostics: inout ConfigDiagnostics
  ) -> KringConfig {
    let entries = root.entries(allowed: configKeys, &diagnostics)
    var program = Program.intervision
    if let node = entries.last(where: { $0.key == "program" })?.node,
      let chosen = node.choice(Program.self, &diagnostics)
    {
      program = chosen
    }
    var config = preset(program)
    for entry in entries {
      switch entry.key {
      case "language":
        if let language = entry.node.choice(OutputLanguage.self, &diagnostics) {
          config.language = language
        }
      case "intake":
        config.intake.apply(entry.node, &diagnostics)
      case "groups":
        config.groups.apply(entry.node, baseDirectory: baseDirectory, &diagnostics)
      case "schedule":
        config.schedule.apply(entry.node, baseDirectory: baseDirectory, &diagnostics)
      default:
        break
      }
    }
    return config
  }

  /// File problems in line order, then command-line problems in the order given.
  private static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.enumerated().sorted { a, b in
      let lineA = a.element.line ?? Int.max
      let lineB = b.element.line ?? Int.max
      return lineA != lineB ? lineA < lineB : a.offset < b.offset
    }.map(\.element)
  }
}
