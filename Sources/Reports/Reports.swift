/// Outputs for each audience: `plan.json`, CSV files, calendars and the HTML report.
///
/// The reports issue fills this module; for now it names the output language.
public enum OutputLanguage: String, Hashable, Sendable, CaseIterable {
  case nl
  case en
}
