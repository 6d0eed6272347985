import Foundation

/// A value as the rules compare it: Unicode NFC, case-folded, inner white space collapsed to
/// one space, trimmed, and invisible format characters (zero-width spaces, a stray BOM,
/// direction marks) left out.
///
/// People type one organisation as "Gemeente Utrecht", "gemeente utrecht " and
/// "Gemeente\u{00A0}Utrecht"; a rule that keeps colleagues apart must see one organisation.
/// Every comparison a hard rule makes goes through this one key; reports show the value as
/// first written. Accents stay significant ("Zoë" is not "Zoe"), but composed and decomposed
/// accents are the same.
public struct ValueKey: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The normalised text.
  public let rawValue: String

  /// The key of `text`.
  public init(_ text: String) { rawValue = Self.normalize(text) }

  /// A key whose text is already normalised (for instance a qualified department).
  init(normalized: String) { rawValue = normalized }

  /// Whether the key is empty: the value was blank or only white space.
  public var isEmpty: Bool { rawValue.isEmpty }

  public var description: String { rawValue }

  public static func < (lhs: ValueKey, rhs: ValueKey) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The key of `text`, or `nil` when it is blank.
  public static func of(_ text: String?) -> ValueKey? {
    guard let text else { return nil }
    let key = ValueKey(text)
    return key.isEmpty ? nil : key
  }

  /// Normalises `text`: NFC, lower case, white space collapsed, trimmed.
  public static func normalize(_ text: String) -> String {
    var ascii = true
    for b in text.utf8 where b >= 0x80 {
      ascii = false
      break
    }
    if ascii {
      var out: [UInt8] = []
      out.reserveCapacity(text.utf8.count)
      var pendingSpace = false
      for b in text.utf8 {
        // Space, tab, line feed, vertical tab, form feed, carriage return.
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
          pendingSpace = !out.isEmpty
          continue
        }
        // Other control characters carry no meaning in a value.
        if b < 0x20 || b == 0x7F { continue }
        if pendingSpace {
          out.append(0x20)
          pendingSpace = false
        }
        out.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
      }
      return String(decoding: out, as: UTF8.self)
    }
    var scalars = String.UnicodeScalarView()
    var pendingSpace = false
    for u in text.lowercased().precomposedStringWithCanonicalMapping.unicodeScalars {
      if u.properties.isWhitespace {
        pendingSpace = !scalars.isEmpty
        continue
      }
      switch u.properties.generalCategory {
      case .format, .control: continue
      default: break
      }
      if pendingSpace {
        scalars.append(" ")
        pendingSpace = false
      }
      scalars.append(u)
    }
    return String(scalars)
  }
}
