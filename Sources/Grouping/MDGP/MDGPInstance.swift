import Foundation
import Intake

/// An MDGPLIB instance: the grouping problem plus the file's own facts.
///
/// File format: line 1 is `n m ss|ds a_1 b_1 … a_m b_m`; then one line `i j d_ij` per pair
/// (0-based, `i ≠ j`; either order is read as the same pair). Blank lines are skipped and any
/// whitespace separates fields. Every pair must appear exactly once.
public struct MDGPInstance: Sendable, Hashable {
  /// Whether the file declares equal (`ss`) or differing (`ds`) group sizes.
  public enum Kind: String, Sendable, Hashable {
    case sameSize = "ss"
    case differentSize = "ds"
  }

  /// The file name as given, for messages.
  public var file: String
  public var kind: Kind
  /// The problem the search and the exact solver work on.
  public var problem: PairwiseGroupingProblem

  /// The most items an instance may have (the weight matrix is n × n doubles).
  public static let maximumItems = 5_000

  /// The largest file read, so that a wrong path is an error rather than a long wait.
  public static let maximumFileSize = 200_000_000

  /// Reads and validates an instance file.
  ///
  /// - Throws: `Diagnostic` with code `mdgp-unreadable`, `mdgp-header`, `mdgp-bounds`,
  ///   `mdgp-pair-line`, `mdgp-pair-index`, `mdgp-duplicate-pair` or `mdgp-missing-pair`.
  public static func load(path: String) throws(Diagnostic) -> MDGPInstance {
    let data: Data
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw Diagnostic(file: path, code: "mdgp-unreadable", message: "no such file")
    }
    guard !isDirectory.boolValue else {
      throw Diagnostic(
        file: path, code: "mdgp-unreadable", message: "is a folder, not an instance file")
    }
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      if let fileSize = attributes[.size] as? Int, fileSize > maximumFileSize {
        throw Diagnostic(
          file: path, code: "mdgp-unreadable",
          message: "the file is larger than \(maximumFileSize / 1_000_000) MB")
      }
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch let diagnostic as Diagnostic {
      throw diagnostic
    } catch {
      throw Diagnostic(
        file: path, code: "mdgp-unreadable",
        message: "cannot read the file (\(error.localizedDescription))")
    }
    return try parse([UInt8](data), file: path)
  }

  /// Parses instance text; `file` names the source in diagnostics.
  public static func parse(_ text: String, file: String) throws(Diagnostic) -> MDGPInstance {
    try parse(Array(text.utf8), file: file)
  }

  /// Parses instance bytes; `file` names the source in diagnostics.
  public static func parse(_ bytes: [UInt8], file: String) throws(Diagnostic) -> MDGPInstance {
    var lines = LineReader(bytes: bytes)
    // Header.
    var headerLine = 0
    var header: [Substring] = []
    while let (number, fields) = lines.next() {
      if fields.isEmpty { continue }
      headerLine = number
      header = fields
      break
    }
    func fail(_ line: Int?, _ code: String, _ message: String, column: String? = nil)
      -> Diagnostic
    {
      let field =
        column ?? (code == "mdgp-bounds" ? "bounds" : code == "mdgp-header" ? "header" : "pair")
      return Diagnostic(
        file: file, line: line, column: line == nil ? nil : field, code: code, message: message)
    }
    guard !header.isEmpty else {
      throw fail(nil, "mdgp-header", "the file is empty; expected `n m ss|ds a_1 b_1 …`")
    }
    guard header.count >= 3, let n = Int(header[0]), let m = Int(header[1]), n >= 1, m >= 1,
      n <= 1_000_000
    else {
      throw fail(
        headerLine, "mdgp-header",
        "the first line must start with the item count and group count, both positive")
    }
    guard m <= n else {
      throw fail(headerLine, "mdgp-header", "\(m) groups cannot be formed from \(n) items")
    }
    guard let kind = Kind(rawValue: header[2].lowercased()) else {
      throw fail(
        headerLine, "mdgp-header", "the third field must be `ss` or `ds`, not `\(header[2])`")
    }
    guard header.count == 3 + 2 * m else {
      throw fail(
        headerLine, "mdgp-header",
        "expected \(2 * m) size bounds (a lower and an upper bound for each of \(m) groups), found \(header.count - 3)"
      )
    }
    var lower: [Int] = []
    var upper: [Int] = []
    for g in 0..<m {
      guard let a = Int(header[3 + 2 * g]), let b = Int(header[4 + 2 * g]), a >= 1, a <= b else {
        throw fail(
          headerLine, "mdgp-bounds",
          "group \(g + 1) has bounds `\(header[3 + 2 * g]) \(header[4 + 2 * g])`; expected whole numbers 1 ≤ a ≤ b"
        )
      }
      lower.append(a)
      upper.append(b)
    }
    let minimum = lower.reduce(0, +)
    let maximum = upper.reduce(0) { $0 + min($1, n) }
    guard minimum <= n, maximum >= n else {
      throw fail(
        headerLine, "mdgp-bounds",
        "the group bounds hold between \(minimum) and \(maximum) items, but there are \(n)")
    }
    // Every pair needs a line of at least six bytes (`0 1 5\n`): a header claiming more items
    // than the file can hold is an error before any n × n matrix is allocated.
    guard n <= maximumItems, (n * (n - 1) / 2) * 6 <= bytes.count else {
      throw fail(
        headerLine, "mdgp-header",
        n > maximumItems
          ? "\(n) items is more than the \(maximumItems) this reader accepts"
          : "the file is too short to hold the \(n * (n - 1) / 2) pairs of \(n) items")
    }
    // Pairs.
    var weights = [Double](repeating: 0, count: n * n)
    var seenAt = [Int32](repeating: 0, count: n * n)
    var pairCount = 0
    var lastLine = headerLine
    while let (number, fields) = lines.next() {
      lastLine = number
      if fields.isEmpty { continue }
      guard fields.count == 3 else {
        throw fail(
          number, "mdgp-pair-line", "expected `i j d_ij` (3 fields), found \(fields.count)")
      }
      guard let i = Int(fields[0]), let j = Int(fields[1]) else {
        throw fail(
          number, "mdgp-pair-line", "`\(fields[0]) \(fields[1])` are not item indices",
          column: "i j")
      }
      guard let value = Double(fields[2]), value.isFinite else {
        throw fail(
          number, "mdgp-pair-line", "`\(fields[2])` is not a finite number", column: "d_ij")
      }
      // Sums of up to n² such values must stay finite.
      guard abs(value) <= 1e12 else {
        throw fail(
          number, "mdgp-pair-line", "`\(fields[2])` is out of range; allowed: -1e12…1e12",
          column: "d_ij")
      }
      guard i >= 0, j >= 0, i < n, j < n, i != j else {
        throw fail(
          number, "mdgp-pair-index",
          "pair (\(i), \(j)) must name two different items in 0…\(n - 1)")
      }
      let (a, b) = i < j ? (i, j) : (j, i)
      if seenAt[a * n + b] != 0 {
        throw fail(
          number, "mdgp-duplicate-pair",
          "pair (\(a), \(b)) was already given on line \(seenAt[a * n + b])")
      }
      seenAt[a * n + b] = Int32(clamping: number)
      weights[a * n + b] = value
      weights[b * n + a] = value
      pairCount += 1
    }
    let expected = n * (n - 1) / 2
    if pairCount != expected {
      var missing = "?"
      search: for a in 0..<n {
        for b in (a + 1)..<n where seenAt[a * n + b] == 0 {
          missing = "(\(a), \(b))"
          break search
        }
      }
      throw fail(
        lastLine + 1, "mdgp-missing-pair",
        "the file ends after \(pairCount) of \(expected) pairs; pair \(missing) is missing")
    }
    do {
      let problem = try PairwiseGroupingProblem(
        itemCount: n, lowerBounds: lower, upperBounds: upper, weights: weights)
      return MDGPInstance(file: file, kind: kind, problem: problem)
    } catch {
      throw fail(headerLine, "mdgp-bounds", error.description)
    }
  }
}

/// Splits bytes into lines of whitespace-separated fields, numbering lines from 1.
private struct LineReader {
  let bytes: [UInt8]
  var position = 0
  var line = 0

  init(bytes: [UInt8]) {
    self.bytes = bytes
    // Skip a UTF-8 byte order mark.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
  }

  mutating func next() -> (Int, [Substring])? {
    guard position < bytes.count else { return nil }
    line += 1
    var end = position
    while end < bytes.count, bytes[end] != 0x0A { end += 1 }
    let text = String(decoding: bytes[position..<end], as: UTF8.self)
    position = end + 1
    let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
    return (line, fields)
  }
}
