import Foundation

/// Collects every problem found while decoding a config, so that all are reported in one pass.
public struct ConfigDiagnostics: Sendable {
  /// The problems, in the order they were found.
  public var diagnostics: [Diagnostic] = []

  public init() {}

  /// Whether any problem stops the run.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Records an error about a node, located at its file, line and key path.
  public mutating func error(
    _ node: ConfigNode, code: String, _ message: String, suggestion: String? = nil
  ) {
    diagnostics.append(
      Diagnostic(
        file: node.file, line: node.line, column: node.path.isEmpty ? nil : node.path,
        code: code, message: message, suggestion: suggestion))
  }

  /// Records that a value is outside its allowed range.
  public mutating func outOfRange(_ node: ConfigNode, _ value: String, allowed: String) {
    error(node, code: "config-out-of-range", "\(value) is out of range; allowed: \(allowed)")
  }

  /// Records that a value has the wrong shape, such as a list where a number belongs.
  public mutating func wrongType(_ node: ConfigNode, expected: String, got value: ConfigNode? = nil)
  {
    let shown = (value ?? node).shortDescription
    error(node, code: "config-wrong-type", "expected \(expected), got \(shown)")
  }

  /// Records a value that is not one of a closed set, suggesting the closest.
  public mutating func notAllowed(_ node: ConfigNode, _ value: String, allowed: [String]) {
    error(
      node, code: "config-invalid-value",
      "\"\(value)\" is not allowed; allowed: \(allowed.joined(separator: ", "))",
      suggestion: ConfigNode.closest(to: value, among: allowed))
  }
}

extension ConfigNode {
  /// The entries of a mapping whose keys must be among `allowed`.
  ///
  /// Unknown keys are reported (naming the allowed keys and the closest one) and left out.
  /// Null reads as empty.
  public func entries(allowed: [String], _ diagnostics: inout ConfigDiagnostics) -> [ConfigEntry] {
    let all = entries(diagnostics: &diagnostics)
    return all.filter { entry in
      guard allowed.contains(entry.key) else {
        diagnostics.error(
          entry.node, code: "config-unknown-key",
          "unknown key \"\(entry.key)\"; allowed: \(allowed.joined(separator: ", "))",
          suggestion: ConfigNode.closest(to: entry.key, among: allowed))
        return false
      }
      return true
    }
  }

  /// The entries of a mapping with free keys (attribute names, sectors); null reads as empty.
  public func entries(diagnostics: inout ConfigDiagnostics) -> [ConfigEntry] {
    if isNull { return [] }
    guard case .mapping(let entries) = content else {
      diagnostics.wrongType(self, expected: "a mapping of keys to values")
      return []
    }
    return entries
  }

  /// The items of a list; null reads as an empty list.
  public func items(_ diagnostics: inout ConfigDiagnostics) -> [ConfigNode]? {
    if isNull { return [] }
    guard case .sequence(let items) = content else {
      diagnostics.wrongType(self, expected: "a list such as [a, b]")
      return nil
    }
    return items
  }

  /// A non-empty text value (numbers and dates are read as written).
  public func text(_ diagnostics: inout ConfigDiagnostics) -> String? {
    guard case .scalar(let raw, _) = content, !isNull else {
      diagnostics.wrongType(self, expected: "a value")
      return nil
    }
    let text = raw.trimmingCharacters(in: .whitespaces)
    guard !text.isEmpty else {
      diagnostics.wrongType(self, expected: "a value")
      return nil
    }
    return text
  }

  /// A whole number within `range`.
  public func integer(
    in range: ClosedRange<Int>, allowed: String? = nil, _ diagnostics: inout ConfigDiagnostics
  ) -> Int? {
    guard let text = text(&diagnostics) else { return nil }
    guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
      diagnostics.wrongType(self, expected: "a whole number")
      return nil
    }
    guard range.contains(value) else {
      diagnostics.outOfRange(
        self, text, allowed: allowed ?? ConfigNode.describe(range))
      return nil
    }
    return value
  }

  /// A finite number; the caller checks its range.
  public func number(_ diagnostics: inout ConfigDiagnostics) -> Double? {
    guard let text = text(&diagnostics) else { return nil }
    guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite
    else {
      diagnostics.wrongType(self, expected: "a number")
      return nil
    }
    return value
  }

  /// A finite number that satisfies `isAllowed`, described by `allowed` when it does not.
  public func number(
    allowed: String, _ diagnostics: inout ConfigDiagnostics, where isAllowed: (Double) -> Bool
  ) -> Double? {
    guard let value = number(&diagnostics) else { return nil }
    guard isAllowed(value) else {
      diagnostics.outOfRange(self, scalarText ?? "", allowed: allowed)
      return nil
    }
    return value
  }

  /// The largest weight or penalty a config accepts: far above any useful value, and far
  /// enough below the largest number that sums over a batch of groups stay finite.
  public static let largestWeight = 1_000.0

  /// A weight or penalty: a number from 0 to ``largestWeight``.
  public func weight(_ diagnostics: inout ConfigDiagnostics) -> Double? {
    number(allowed: "0…1000", &diagnostics, where: { $0 >= 0 && $0 <= Self.largestWeight })
  }

  /// A duration (`90`, `30s`, `2m`, `1h 30m`) above 0 and at most `limit` seconds,
  /// described by `allowed` when it is not.
  public func duration(
    upTo limit: Double = largestDuration, allowed: String, _ diagnostics: inout ConfigDiagnostics
  ) -> Double? {
    guard let text = text(&diagnostics) else { return nil }
    guard let seconds = parseDuration(text), seconds > 0 else {
      diagnostics.error(
        self, code: "config-invalid-duration", "\"\(text)\" is not a duration; allowed: \(allowed)")
      return nil
    }
    guard seconds <= limit else {
      diagnostics.outOfRange(self, text, allowed: allowed)
      return nil
    }
    return seconds
  }

  /// A yes/no value: `true`/`false` (also `yes`/`no`, `on`/`off`).
  public func bool(_ diagnostics: inout ConfigDiagnostics) -> Bool? {
    guard let text = text(&diagnostics) else { return nil }
    switch text.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default:
      diagnostics.wrongType(self, expected: "true or false")
      return nil
    }
  }

  /// One of a closed set of values, such as a `Program` or `MetBefore`.
  public func choice<T: CaseIterable & RawRepresentable>(
    _ type: T.Type, _ diagnostics: inout ConfigDiagnostics
  ) -> T? where T.RawValue == String {
    guard let text = text(&diagnostics) else { return nil }
    if let value = T(rawValue: text) ?? T(rawValue: text.lowercased()) { return value }
    diagnostics.notAllowed(self, text, allowed: T.allCases.map(\.rawValue))
    return nil
  }

  /// A file path, resolved against the config file's directory unless it is absolute.
  public func filePath(relativeTo baseDirectory: String, _ diagnostics: inout ConfigDiagnostics)
    -> String?
  {
    guard let text = text(&diagnostics) else { return nil }
    return ConfigNode.resolve(text, against: baseDirectory)
  }

  /// A path joined to a base directory; absolute paths and an empty base leave it as written.
  static func resolve(_ path: String, against baseDirectory: String) -> String {
    if path.hasPrefix("/") || path.hasPrefix("~") || baseDirectory.isEmpty
      || baseDirectory == "."
    {
      return path
    }
    var base = baseDirectory
    while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
    var relative = Substring(path)
    while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
    return base == "/" ? "/\(relative)" : "\(base)/\(relative)"
  }

  /// `2…8` for a closed range, `≥ 2` when it is open above.
  static func describe(_ range: ClosedRange<Int>) -> String {
    range.upperBound == Int.max
      ? "≥ \(range.lowerBound)" : "\(range.lowerBound)…\(range.upperBound)"
  }

  /// The candidate closest to a misspelt word, when it is close enough to be a likely typo.
  public static func closest(to word: String, among candidates: [String]) -> String? {
    let target = Array(word.lowercased())
    var best: (distance: Int, name: String)?
    for candidate in candidates {
      let distance = editDistance(target, Array(candidate.lowercased()))
      if best.map({ distance < $0.distance }) ?? true { best = (distance, candidate) }
    }
    guard let best, best.distance > 0 || word != best.name else { return nil }
    // Short words tolerate one slip, longer ones two or three.
    let tolerance = target.count <= 3 ? 1 : target.count <= 8 ? 2 : 3
    return best.distance <= tolerance ? best.name : nil
  }

  /// Optimal string alignment distance: edits, with a swap of neighbours counting as one.
  private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    let width = b.count + 1
    var previous2 = [Int](repeating: 0, count: width)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: width)
    for (i, ca) in a.enumerated() {
      current[0] = i + 1
      for (j, cb) in b.enumerated() {
        let cost = ca == cb ? 0 : 1
        var value = min(previous[j + 1] + 1, current[j] + 1, previous[j] + cost)
        if i > 0 && j > 0 && ca == b[j - 1] && a[i - 1] == cb {
          value = min(value, previous2[j - 1] + 1)
        }
        current[j + 1] = value
      }
      previous2 = previous
      previous = current
    }
    return previous[b.count]
  }
}
