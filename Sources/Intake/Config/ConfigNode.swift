import Foundation
import Yams

/// A parsed config value with the file, line and dotted key path it came from.
///
/// `kring.yaml` is read into this small tree first, so that every module can decode its own
/// section and report problems as `file:line: key.path: message` without importing Yams.
public struct ConfigNode: Sendable, Hashable {
  /// The shape of a node.
  public indirect enum Content: Sendable, Hashable {
    /// A scalar as written; `plain` is false for quoted scalars (`"null"` is a string).
    case scalar(String, plain: Bool)
    case sequence([ConfigNode])
    case mapping([ConfigEntry])
  }

  public var content: Content
  /// The file the value was written in (`--set` for command-line overrides).
  public var file: String
  /// The 1-based line of the key that introduced the value (of the item, in a list).
  public var line: Int?
  /// The dotted key path such as `groups.size.min`; list items share their list's path.
  public var path: String

  public init(content: Content, file: String, line: Int?, path: String) {
    self.content = content
    self.file = file
    self.line = line
    self.path = path
  }

  /// An empty mapping, the value of an empty or comment-only file.
  public static func emptyMapping(file: String) -> ConfigNode {
    ConfigNode(content: .mapping([]), file: file, line: nil, path: "")
  }

  /// Whether the value is YAML null (`~`, `null` or nothing at all).
  public var isNull: Bool {
    guard case .scalar(let text, let plain) = content, plain else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(text)
  }

  /// The scalar text, or `nil` for a list or mapping.
  public var scalarText: String? {
    if case .scalar(let text, _) = content { return text }
    return nil
  }

  /// The entry with the given key, when the node is a mapping holding it.
  public subscript(key: String) -> ConfigNode? {
    guard case .mapping(let entries) = content else { return nil }
    return entries.last(where: { $0.key == key })?.node
  }

  /// How the value reads in a message: the scalar itself, or `a list` / `a mapping`.
  public var shortDescription: String {
    switch content {
    case .scalar(let text, _): return isNull ? "nothing" : "\"\(text)\""
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    }
  }

  /// The path of a child key.
  func childPath(_ key: String) -> String {
    path.isEmpty ? key : "\(path).\(key)"
  }
}

/// One `key: value` pair of a config mapping, in file order.
public struct ConfigEntry: Sendable, Hashable {
  public var key: String
  /// The value; its `line` is the key's line and its `path` ends in `key`.
  public var node: ConfigNode

  public init(key: String, node: ConfigNode) {
    self.key = key
    self.node = node
  }
}

extension ConfigNode {
  /// The most nodes a config may expand to, so that nested YAML aliases cannot blow up memory.
  static let maximumNodeCount = 100_000

  /// Parses YAML text into a node tree, or reports why it cannot.
  ///
  /// An empty document (or one with only comments) gives an empty mapping. `basePath` prefixes
  /// every key path, for values given on the command line (`--set groups.size={max: 7}`).
  public static func parse(
    yaml: String, file: String, basePath: String = "", lines: Bool = true
  ) -> Result<ConfigNode, Diagnostic> {
    let root: Yams.Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch let error as YamlError {
      return .failure(syntaxDiagnostic(error, file: file, lines: lines))
    } catch {
      return .failure(
        Diagnostic(file: file, code: "config-syntax", message: "invalid YAML: \(error)"))
    }
    guard let root else {
      var empty = ConfigNode.emptyMapping(file: file)
      empty.path = basePath
      return .success(empty)
    }
    var budget = maximumNodeCount
    guard
      let node = convert(
        root, file: file, line: lines ? root.mark?.line : nil, path: basePath, lines: lines,
        budget: &budget)
    else {
      return .failure(
        Diagnostic(
          file: file, code: "config-too-large",
          message: "the config expands to more than \(maximumNodeCount) values (nested aliases?)"
        ))
    }
    return .success(node)
  }

  private static func convert(
    _ node: Yams.Node, file: String, line: Int?, path: String, lines: Bool, budget: inout Int
  ) -> ConfigNode? {
    budget -= 1
    guard budget >= 0 else { return nil }
    switch node {
    case .scalar(let scalar):
      return ConfigNode(
        content: .scalar(scalar.string, plain: scalar.style == .plain || scalar.style == .any),
        file: file, line: line, path: path)
    case .alias:
      // Yams resolves aliases while composing; an unresolved one reads as null.
      return ConfigNode(content: .scalar("", plain: true), file: file, line: line, path: path)
    case .sequence(let sequence):
      var items: [ConfigNode] = []
      for item in sequence {
        guard
          let child = convert(
            item, file: file, line: lines ? item.mark?.line : nil, path: path, lines: lines,
            budget: &budget)
        else { return nil }
        items.append(child)
      }
      return ConfigNode(content: .sequence(items), file: file, line: line, path: path)
    case .mapping(let mapping):
      var entries: [ConfigEntry] = []
      for (key, value) in mapping {
        let name: String
        if case .scalar(let scalar) = key {
          name = scalar.string
        } else {
          name = "?"
        }
        let childPath = path.isEmpty ? name : "\(path).\(name)"
        guard
          let child = convert(
            value, file: file, line: lines ? key.mark?.line : nil, path: childPath,
            lines: lines, budget: &budget)
        else { return nil }
        entries.append(ConfigEntry(key: name, node: child))
      }
      return ConfigNode(content: .mapping(entries), file: file, line: line, path: path)
    }
  }

  private static func syntaxDiagnostic(_ error: YamlError, file: String, lines: Bool)
    -> Diagnostic
  {
    var line: Int?
    var message: String
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      line = mark.line
      message = "invalid YAML: \(problem)"
      if lines, let context { message += " (\(context.text) at line \(context.mark.line))" }
    case .duplicatedKeysInMapping(let duplicates, let context):
      line = context.mark.line
      let names = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
      return Diagnostic(
        file: file, line: lines ? line : nil, code: "config-duplicate-key",
        message: "key \(names) appears more than once in the same mapping")
    case .reader(let problem, _, _, _):
      message = "cannot read the file as text: \(problem)"
    default:
      message = "invalid YAML: \(error)"
    }
    return Diagnostic(
      file: file, line: lines ? line : nil, code: "config-syntax", message: message)
  }

  /// The tree with `value` written at a dotted key path, creating mappings on the way.
  ///
  /// A mapping written over a mapping merges key by key, so `--set groups.size={max: 7}`
  /// keeps a `min:` from the file; anything else replaces what was there.
  public func setting(_ keys: ArraySlice<String>, to value: ConfigNode) -> ConfigNode {
    guard let key = keys.first else { return merging(value) }
    var entries: [ConfigEntry] = []
    if case .mapping(let existing) = content { entries = existing }
    let rest = keys.dropFirst()
    if let index = entries.lastIndex(where: { $0.key == key }) {
      let old = entries[index].node
      entries[index].node = old.setting(rest, to: value)
    } else {
      let fresh = ConfigNode(
        content: .mapping([]), file: value.file, line: value.line, path: childPath(key))
      entries.append(ConfigEntry(key: key, node: fresh.setting(rest, to: value)))
    }
    var result = self
    if case .mapping = content {
    } else {
      result = ConfigNode(content: .mapping([]), file: value.file, line: value.line, path: path)
    }
    result.content = .mapping(entries)
    return result
  }

  private func merging(_ value: ConfigNode) -> ConfigNode {
    guard case .mapping(var mine) = content, case .mapping(let theirs) = value.content else {
      return value
    }
    for entry in theirs {
      if let index = mine.lastIndex(where: { $0.key == entry.key }) {
        mine[index].node = mine[index].node.merging(entry.node)
      } else {
        mine.append(entry)
      }
    }
    var result = self
    result.content = .mapping(mine)
    return result
  }
}
