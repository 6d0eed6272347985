/// A field of the intake file that Kring interprets.
public enum IntakeField: String, Sendable, Hashable, CaseIterable, Codable {
  case id
  case name
  case email
  case organization
  case department
  case sector
  case profession
  case level
  case managerID = "manager_id"
  case yearsExperience = "years_experience"
  case language
  case format
  case region
  case availability
  case needsAccessible = "needs_accessible"
  case motivation
  case commitment
  case openness
  case avoid
  case learningGoal = "learning_goal"
  case intakeDate = "intake_date"
  /// When the form was submitted: the latest of a person's submissions wins.
  case timestamp

  /// The canonical English header, such as `years_experience`.
  public var header: String { rawValue }

  /// The built-in headers other than the canonical one, Dutch first.
  public var aliases: [String] {
    switch self {
    case .id: ["nr", "nummer", "kandidaat"]
    case .name: ["naam", "full name", "volledige naam"]
    case .email: ["e-mail", "e-mailadres", "emailadres", "email address", "mail"]
    case .organization: ["organisatie", "organisation", "werkgever", "employer"]
    case .department: ["afdeling"]
    case .sector: ["branche"]
    case .profession: ["beroep", "vak"]
    case .level: ["functieniveau", "niveau"]
    case .managerID: ["leidinggevende", "manager"]
    case .yearsExperience: ["ervaring", "jaren ervaring", "werkervaring", "experience", "years"]
    case .language: ["taal"]
    case .format: ["vorm", "werkvorm"]
    case .region: ["regio"]
    case .availability: ["beschikbaarheid"]
    case .needsAccessible: ["toegankelijk", "toegankelijkheid", "accessible"]
    case .motivation: ["motivatie"]
    case .commitment: ["betrokkenheid", "inzet"]
    case .openness: ["openheid"]
    case .avoid: ["vermijden", "niet met"]
    case .learningGoal: ["leervraag", "leerdoel"]
    case .intakeDate: ["intakedatum", "datum intake"]
    case .timestamp:
      ["tijdstempel", "completion time", "tijd van voltooien", "voltooiingstijd", "submitted at"]
    }
  }

  /// How a header is compared: folded, and without `_` and `-`, so that `Manager ID`,
  /// `manager-id` and `manager_id` are the same.
  static func key(_ header: String) -> String {
    var k = TextMatching.fold(header)
    k.removeAll(where: { $0 == "_" || $0 == "-" })
    return k
  }
}
