/// Escaping for the text formats the reports write, so that data never becomes markup.
public enum Escape {
  /// Escapes `& < > " '` so that a value is inert in HTML text and in quoted attributes.
  public static func html(_ value: String) -> String {
    var out = ""
    out.reserveCapacity(value.utf8.count)
    for scalar in value.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Escapes a value for Markdown text or a table cell: characters Markdown acts on get a
  /// backslash, `|` cannot end a cell, and a line break cannot end the row or start a block.
  ///
  /// `<` and `&` are escaped as well, because Markdown renderers pass raw HTML and entities
  /// through.
  public static func markdown(_ value: String) -> String {
    var out = ""
    out.reserveCapacity(value.utf8.count)
    var atStart = true
    for scalar in value.unicodeScalars {
      if scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}" {
        if !atStart && out.last != " " { out += " " }
        continue
      }
      if "\\`*_[]<>|~&$".unicodeScalars.contains(scalar) {
        out += "\\"
      } else if atStart && "#+-=!".unicodeScalars.contains(scalar) {
        // Only at the start of a cell or line do these open a heading, list or rule.
        out += "\\"
      }
      out.unicodeScalars.append(scalar)
      atStart = false
    }
    return leadingOrderedListEscaped(out)
  }

  /// `1. text` or `1) text` at the start would become an ordered list.
  private static func leadingOrderedListEscaped(_ text: String) -> String {
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty, digits.count < text.count else { return text }
    let next = text[digits.endIndex]
    guard next == "." || next == ")" else { return text }
    // Only a marker followed by a space (or nothing) opens a list: `14.8` stays as it is.
    let after = text.index(after: digits.endIndex)
    guard after == text.endIndex || text[after] == " " else { return text }
    return String(digits) + "\\" + text[digits.endIndex...]
  }

  /// A safe folder name for an id: letters, digits, `-` and `_` kept, anything else `_`, so
  /// that no id can climb out of its folder (`..`, `/`) or hide (a leading dot).
  public static func pathComponent(_ id: String) -> String {
    var out = ""
    for scalar in id.unicodeScalars {
      let keep =
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
      out.unicodeScalars.append(keep ? scalar : "_")
    }
    return out.isEmpty ? "_" : String(out.prefix(64))
  }
}
