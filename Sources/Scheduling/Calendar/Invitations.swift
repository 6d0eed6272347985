import Intake

/// The organiser of calendar invitations (`schedule.organizer`): `Name <email>` or an email.
public struct Organizer: Hashable, Sendable {
  public var name: String?
  public var email: String

  /// Reads `Name <email>` or a bare address; `nil` when the address is not one.
  public init?(_ text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
      let address = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
      let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
      guard FieldValue.isValidEmail(String(address)) else { return nil }
      self.name = name.isEmpty ? nil : name
      email = String(address)
    } else {
      guard FieldValue.isValidEmail(trimmed) else { return nil }
      name = nil
      email = trimmed
    }
  }

  /// The canonical text: `Name <email>`, or the address alone.
  public var text: String { name.map { "\($0) <\(email)>" } ?? email }
}

/// The link of an online session: `schedule.online_link`, a URL in which `{group}` stands for
/// the group's id.
public enum OnlineLink {
  /// The placeholders a template may hold.
  public static let placeholders = ["{group}"]

  /// Why `template` cannot be used, or `nil` when it can.
  public static func problem(_ template: String) -> String? {
    guard !template.isEmpty else {
      return "the link is empty; allowed: a URL such as https://meet.example.org/kring-{group}"
    }
    if template.contains(where: { $0.isWhitespace || $0.isNewline }) {
      return
        "\"\(template)\" holds a space; allowed: a URL such as https://meet.example.org/kring-{group}"
    }
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{") {
      guard let close = rest[open...].firstIndex(of: "}") else {
        return "\"\(template)\" opens a { it does not close; allowed placeholder: {group}"
      }
      let placeholder = String(rest[open...close])
      guard placeholders.contains(placeholder) else {
        return "\"\(template)\" holds the unknown placeholder \(placeholder); allowed: {group}"
      }
      rest = rest[rest.index(after: close)...]
    }
    if rest.contains("}") {
      return "\"\(template)\" closes a } it did not open; allowed placeholder: {group}"
    }
    return nil
  }

  /// The link for `group`: the group's id, lower case, in place of `{group}`.
  public static func render(_ template: String, group: String) -> String {
    // Letters, digits, `-`, `_` and `.` stay; anything else would need escaping in a URL.
    let slug = String(
      String.UnicodeScalarView(
        group.lowercased().unicodeScalars.map { scalar in
          let safe =
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "-" || scalar == "_" || scalar == "."
          return safe ? scalar : "-"
        }))
    return template.replacing("{group}", with: slug)
  }
}
