/// The language of messages and reports: Dutch or English.
public enum OutputLanguage: String, Hashable, Sendable, CaseIterable {
  case nl
  case en
}
