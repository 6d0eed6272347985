import Foundation

/// A config value in canonical form: what `plan.json` embeds and `normalizedYAML()` prints.
///
/// Mappings are dictionaries whose keys are always written sorted, so a dump is deterministic.
/// Ordered attribute lists (`groups.diversify`) are written as a list of one-key mappings.
public indirect enum ConfigValue: Sendable, Hashable, Codable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case list([ConfigValue])
  case map([String: ConfigValue])

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int.self) {
      self = .int(value)
    } else if let value = try? container.decode(Double.self) {
      self = .double(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([ConfigValue].self) {
      self = .list(value)
    } else {
      self = .map(try container.decode([String: ConfigValue].self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .int(let value): try container.encode(value)
    case .double(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    case .list(let value): try container.encode(value)
    case .map(let value): try container.encode(value)
    }
  }

  /// The value as a config node, so that a dump can be decoded like a file.
  public func node(file: String, path: String = "") -> ConfigNode {
    switch self {
    case .null:
      return ConfigNode(content: .scalar("", plain: true), file: file, line: nil, path: path)
    case .bool(let value):
      return ConfigNode(
        content: .scalar(value ? "true" : "false", plain: true), file: file, line: nil,
        path: path)
    case .int(let value):
      return ConfigNode(
        content: .scalar(String(value), plain: true), file: file, line: nil, path: path)
    case .double(let value):
      return ConfigNode(
        content: .scalar(ConfigValue.format(value), plain: true), file: file, line: nil,
        path: path)
    case .string(let value):
      return ConfigNode(content: .scalar(value, plain: false), file: file, line: nil, path: path)
    case .list(let items):
      return ConfigNode(
        content: .sequence(items.map { $0.node(file: file, path: path) }), file: file,
        line: nil, path: path)
    case .map(let entries):
      let sorted = entries.sorted { $0.key < $1.key }
      let children = sorted.map { key, value in
        ConfigEntry(
          key: key, node: value.node(file: file, path: path.isEmpty ? key : "\(path).\(key)"))
      }
      return ConfigNode(content: .mapping(children), file: file, line: nil, path: path)
    }
  }

  /// The value as block-style YAML with sorted keys; scalar lists are written inline.
  public func yaml() -> String {
    var lines: [String] = []
    switch self {
    case .map(let entries) where !entries.isEmpty:
      appendMap(entries, indent: "", to: &lines)
    default:
      lines.append(inline)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func appendMap(_ entries: [String: ConfigValue], indent: String, to lines: inout [String])
  {
    for key in entries.keys.sorted() {
      guard let value = entries[key] else { continue }
      let name = ConfigValue.quote(key)
      switch value {
      case .map(let child) where !child.isEmpty:
        lines.append("\(indent)\(name):")
        appendMap(child, indent: indent + "  ", to: &lines)
      case .list(let items) where items.contains(where: \.isCollection):
        lines.append("\(indent)\(name):")
        for item in items { lines.append("\(indent)  - \(item.inline)") }
      default:
        lines.append("\(indent)\(name): \(value.inline)")
      }
    }
  }

  private var isCollection: Bool {
    switch self {
    case .list, .map: return true
    default: return false
    }
  }

  /// The value in YAML flow style (which is also JSON-like).
  private var inline: String {
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .int(let value): return String(value)
    case .double(let value): return ConfigValue.format(value)
    case .string(let value): return ConfigValue.quote(value)
    case .list(let items): return "[" + items.map(\.inline).joined(separator: ", ") + "]"
    case .map(let entries):
      let parts = entries.keys.sorted().compactMap { key in
        entries[key].map { "\(ConfigValue.quote(key)): \($0.inline)" }
      }
      return "{" + parts.joined(separator: ", ") + "}"
    }
  }

  /// A double in its shortest round-tripping form, always with a decimal point.
  static func format(_ value: Double) -> String {
    let text = "\(value)"
    return text.contains(".") || text.contains("e") ? text : text + ".0"
  }

  /// A string plain when YAML would read it back unchanged as a string, quoted otherwise.
  static func quote(_ text: String) -> String {
    let reserved: Set<String> = [
      "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
    ]
    let safe = text.unicodeScalars.allSatisfy { scalar in
      CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII
        || "_-/.".unicodeScalars.contains(scalar)
    }
    if safe, let first = text.unicodeScalars.first, CharacterSet.letters.contains(first),
      !reserved.contains(text.lowercased())
    {
      return text
    }
    return doubleQuoted(text)
  }

  /// A YAML double-quoted string: quotes, backslashes and control characters escaped.
  static func doubleQuoted(_ text: String) -> String {
    var quoted = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": quoted += "\\\""
      case "\\": quoted += "\\\\"
      case "\n": quoted += "\\n"
      case "\t": quoted += "\\t"
      case "\r": quoted += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          quoted += String(format: "\\u%04X", scalar.value)
        } else {
          quoted.unicodeScalars.append(scalar)
        }
      }
    }
    return quoted + "\""
  }
}
