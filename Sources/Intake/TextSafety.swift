/// Control characters in text people typed: which values refuse them, which lose them, and how
/// any text is shown on a terminal.
///
/// Ids and names must be plain: a C0 control (tab and line ends included), DEL, a C1 control
/// or an unbalanced bidirectional control (an embedding, override or isolate without its
/// closing mark, or a closing mark without an opening one) is an error. Free text keeps tabs
/// and line ends, balanced bidirectional controls and the bidirectional marks; every other
/// control is removed with a warning. Such characters reach contracts, reports, CSV cells and
/// terminals, where an escape sequence recolours or clears the screen and an unbalanced
/// right-to-left override reverses the rest of a table row.
public enum TextSafety {
  /// Whether `scalar` is a C0 control, DEL or a C1 control.
  public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  /// The bidirectional controls that open a level: LRE, RLE, LRO, RLO (closed by PDF) and
  /// LRI, RLI, FSI (closed by PDI).
  static func opensEmbedding(_ v: UInt32) -> Bool {
    v == 0x202A || v == 0x202B || v == 0x202D || v == 0x202E
  }
  static func opensIsolate(_ v: UInt32) -> Bool { (0x2066...0x2068).contains(v) }
  static let pdf: UInt32 = 0x202C
  static let pdi: UInt32 = 0x2069

  /// Whether `scalar` is a bidirectional control that opens or closes a level.
  public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return opensEmbedding(v) || opensIsolate(v) || v == pdf || v == pdi
  }

  /// Whether every bidirectional level `text` opens is closed, per paragraph, in order: a PDF
  /// closes the last embedding or override (none may be open inside an isolate it would cross),
  /// a PDI the last isolate and whatever was opened after it.
  public static func bidiIsBalanced(_ text: String) -> Bool {
    var stack: [Bool] = []  // true: an isolate
    for scalar in text.unicodeScalars {
      let v = scalar.value
      if v == 0x0A || v == 0x0D || v == 0x2029 {
        if !stack.isEmpty { return false }
      } else if opensEmbedding(v) {
        stack.append(false)
      } else if opensIsolate(v) {
        stack.append(true)
      } else if v == pdf {
        guard stack.last == false else { return false }
        stack.removeLast()
      } else if v == pdi {
        guard let isolate = stack.lastIndex(of: true) else { return false }
        stack.removeSubrange(isolate...)
      }
    }
    return stack.isEmpty
  }

  /// What is wrong with an id or a name, as a sentence, or `nil` when it is plain.
  public static func identifierProblem(_ text: String) -> String? {
    if let bad = text.unicodeScalars.first(where: isControl) {
      return "contains the control character \(code(bad)); remove it"
    }
    if !bidiIsBalanced(text), let bad = text.unicodeScalars.first(where: isBidiControl) {
      return "has an unbalanced bidirectional control (\(code(bad))); remove it"
    }
    return nil
  }

  /// Free text without its unwelcome controls, and the codes of what was removed (empty when
  /// nothing was): every control but tab and line ends, and every bidirectional control when
  /// they do not balance.
  public static func cleanedFreeText(_ text: String) -> (text: String, removed: [String]) {
    let scalars = text.unicodeScalars
    let balanced = bidiIsBalanced(text)
    guard
      scalars.contains(where: {
        (isControl($0) && !isLayout($0)) || (!balanced && isBidiControl($0))
      })
    else { return (text, []) }
    var kept = String.UnicodeScalarView()
    var removed: [String] = []
    for scalar in scalars {
      if (isControl(scalar) && !isLayout(scalar)) || (!balanced && isBidiControl(scalar)) {
        let name = code(scalar)
        if !removed.contains(name) { removed.append(name) }
      } else {
        kept.append(scalar)
      }
    }
    return (String(kept), removed)
  }

  /// Tab, line feed and carriage return: the controls free text may keep.
  static func isLayout(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value == 0x09 || scalar.value == 0x0A || scalar.value == 0x0D
  }

  /// `text` for a terminal, every control and bidirectional control written as `\u{1B}`.
  ///
  /// So nothing a file holds can move the cursor, recolour the screen or reverse a line. Line
  /// ends (and tabs) are kept when `keepingLines` is set.
  public static func escapedForTerminal(_ text: String, keepingLines: Bool = true) -> String {
    escaped(text) { scalar in
      keepingLines && (scalar.value == 0x0A || scalar.value == 0x09)
        ? nil : "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
    }
  }

  /// JSON text for a terminal: C1 and bidirectional controls (which JSON allows raw inside
  /// strings) written as `\u` escapes, which keeps the JSON valid and equal in meaning.
  public static func escapedJSON(_ json: String) -> String {
    escaped(json) { scalar in
      scalar.value < 0x20
        ? nil
        : "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
          + String(scalar.value, radix: 16, uppercase: true)
    }
  }

  private static func escaped(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String
  {
    guard text.unicodeScalars.contains(where: { isControl($0) || isBidiControl($0) }) else {
      return text
    }
    var out = ""
    for scalar in text.unicodeScalars {
      if isControl(scalar) || isBidiControl(scalar), let text = replacement(scalar) {
        out += text
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `U+001B`.
  static func code(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// Screens the values of one row: the columns in `strict` (ids and names) get an error per
  /// value with a control, every other value is cleaned with a warning.
  ///
  /// - Returns: the cleaned values and the row's new problems, located at `file:line: column:`.
  public static func screen(
    _ fields: [String], strict: Set<Int>, headers: [String], file: String, line: Int
  ) -> (fields: [String], problems: [Diagnostic]) {
    var fields = fields
    var problems: [Diagnostic] = []
    for (index, value) in fields.enumerated() {
      // Most values are plain ASCII without controls; they are passed at once.
      guard value.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }) else { continue }
      let column = index < headers.count ? headers[index] : nil
      if strict.contains(index) {
        if let problem = identifierProblem(value) {
          problems.append(
            Diagnostic(
              file: file, line: line, column: column, code: "control-character",
              message: "the value \(problem)"))
        }
      } else {
        let (clean, removed) = cleanedFreeText(value)
        guard !removed.isEmpty else { continue }
        fields[index] = clean
        problems.append(
          Diagnostic(
            file: file, line: line, column: column, code: "control-character-removed",
            message:
              "removed the control character\(removed.count == 1 ? "" : "s") \(removed.joined(separator: ", ")) from the text",
            severity: .warning))
      }
    }
    return (fields, problems)
  }
}
