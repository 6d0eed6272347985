import Foundation
import Intake
import Pipeline
import Reports

/// The rules form: the keys a coordinator changes most, each explained as the README's
/// `kring.yaml` reference explains it. Saving sends `KEY=VALUE` settings, which the loader
/// checks exactly as it checks `--set` on the command line.
enum RulesForm {
  /// One field: its dotted key, its kind, and its explanation in Dutch and English.
  struct Field {
    var key: String
    var label: UIText
    var kind: Kind
    var help: (nl: String, en: String)

    enum Kind {
      case number(min: Double, max: Double, step: Double)
      case choice([String])
      case flag
      case text
    }
  }

  static let fields: [Field] = [
    Field(
      key: "program", label: .preset, kind: .choice(Program.allCases.map(\.rawValue)),
      help: (
        "De voorinstelling vult elke andere standaardwaarde in: intervisie 5–8 (doel 6), mastermind 4–6, mentoring 4–6 (doel 5).",
        "The preset fills in every other default: intervision 5–8 (target 6), mastermind 4–6, mentoring 4–6 (target 5)."
      )),
    Field(
      key: "language", label: .language, kind: .choice(["nl", "en"]),
      help: (
        "De taal van rapporten, contracten, agenda's en deze werkbank.",
        "The language of reports, contracts, calendars and this workbench."
      )),
    Field(
      key: "groups.size.min", label: .sizeMin, kind: .number(min: 2, max: 100, step: 1),
      help: (
        "Het kleinste aantal leden van een groep (2 of meer).",
        "The fewest members a group may have (2 or more)."
      )),
    Field(
      key: "groups.size.max", label: .sizeMax, kind: .number(min: 2, max: 100, step: 1),
      help: (
        "Het grootste aantal leden van een groep (tot 100).",
        "The most members a group may have (up to 100)."
      )),
    Field(
      key: "groups.size.target", label: .sizeTarget, kind: .number(min: 2, max: 100, step: 1),
      help: (
        "De gewenste grootte; elk lid ervan af kost groups.size_penalty.",
        "The preferred size; every member a group is away from it costs groups.size_penalty."
      )),
    Field(
      key: "groups.hierarchy.max_level_gap", label: .maxLevelGap, kind: .text,
      help: (
        "Het grootste verschil in functieniveau binnen een groep: 0 = iedereen op hetzelfde niveau; none = niveaus niet gebruiken.",
        "The largest difference in level within a group: 0 means everyone on the same level; none means levels are not used."
      )),
    Field(
      key: "groups.hierarchy.separate_reporting_lines", label: .reportingLines, kind: .flag,
      help: (
        "Niemand zit in een groep met iemand boven zich in de eigen lijn (via manager_id). Een veiligheidsregel.",
        "Nobody shares a group with someone above them in their reporting chain (from manager_id). A safety rule."
      )),
    Field(
      key: "groups.min_common_slots", label: .minCommonSlots,
      kind: .number(min: 0, max: 21, step: 1),
      help: (
        "Hoeveel vaste weekmomenten (zoals di-middag) alle leden moeten delen: 0 tot 21.",
        "How many weekly slots (such as tue-pm) every member of a group must share: 0 to 21."
      )),
    Field(
      key: "schedule.start", label: .scheduleStart, kind: .text,
      help: (
        "De eerste datum waarop een bijeenkomst kan, JJJJ-MM-DD.",
        "The first date a session may take place, YYYY-MM-DD."
      )),
    Field(
      key: "schedule.sessions", label: .scheduleSessions, kind: .number(min: 1, max: 52, step: 1),
      help: (
        "Het aantal bijeenkomsten per groep, 1 tot 52.",
        "The number of sessions per group, 1 to 52."
      )),
    Field(
      key: "schedule.cadence", label: .scheduleCadence, kind: .number(min: 1, max: 52, step: 1),
      help: (
        "De tijd tussen twee bijeenkomsten, in weken.",
        "The time between two sessions of a group, in weeks."
      )),
    Field(
      key: "schedule.duration", label: .scheduleDuration, kind: .text,
      help: (
        "De lengte van een bijeenkomst, zoals 2h of 1h 30m.",
        "The length of one session, such as 2h or 1h 30m."
      )),
    Field(
      key: "schedule.quorum", label: .quorum, kind: .number(min: 0.05, max: 1, step: 0.05),
      help: (
        "Het deel van de leden dat op het weekmoment moet kunnen: meer dan 0, hoogstens 1.",
        "The share of a group's members who must be available at its weekly slot: more than 0, at most 1."
      )),
  ]

  /// The current value of a field, as the form shows it.
  static func value(_ key: String, in config: KringConfig) -> String {
    switch key {
    case "program": return config.program.rawValue
    case "language": return config.language.rawValue
    case "groups.size.min": return String(config.groups.size.min)
    case "groups.size.max": return String(config.groups.size.max)
    case "groups.size.target": return String(config.groups.size.target)
    case "groups.hierarchy.max_level_gap":
      return config.groups.hierarchy.maxLevelGap.map(String.init) ?? "none"
    case "groups.hierarchy.separate_reporting_lines":
      return config.groups.hierarchy.separateReportingLines ? "true" : "false"
    case "groups.min_common_slots": return String(config.groups.minCommonSlots)
    case "schedule.start": return config.schedule.start
    case "schedule.sessions": return String(config.schedule.sessions)
    case "schedule.cadence": return String(config.schedule.cadenceWeeks)
    case "schedule.duration": return durationText(config.schedule.duration)
    case "schedule.quorum": return NumberText.plain(config.schedule.quorum)
    default: return ""
    }
  }

  static func durationText(_ seconds: Double) -> String {
    let minutes = Int((seconds / 60).rounded())
    let (h, m) = (minutes / 60, minutes % 60)
    return h > 0 ? "\(h)h" + (m > 0 ? " \(m)m" : "") : "\(m)m"
  }

  static func html(_ config: KringConfig, language: OutputLanguage) -> String {
    let rows = fields.map { field -> String in
      let current = value(field.key, in: config)
      let help = Page.e(language == .nl ? field.help.nl : field.help.en)
      let id = "rule-" + field.key.replacingOccurrences(of: ".", with: "-")
      let input: String
      switch field.kind {
      case .number(let min, let max, let step):
        input =
          "<input id=\"\(id)\" type=\"number\" min=\"\(NumberText.plain(min))\" max=\"\(NumberText.plain(max))\" step=\"\(NumberText.plain(step))\" data-key=\"\(field.key)\" data-initial=\"\(Page.e(current))\" value=\"\(Page.e(current))\">"
      case .choice(let options):
        input =
          "<select id=\"\(id)\" data-key=\"\(field.key)\" data-initial=\"\(Page.e(current))\">"
          + options.map {
            "<option value=\"\(Page.e($0))\"\($0 == current ? " selected" : "")>\(Page.e($0))</option>"
          }.joined() + "</select>"
      case .flag:
        input =
          "<select id=\"\(id)\" data-key=\"\(field.key)\" data-initial=\"\(current)\"><option value=\"true\"\(current == "true" ? " selected" : "")>✓</option><option value=\"false\"\(current == "false" ? " selected" : "")>✗</option></select>"
      case .text:
        input =
          "<input id=\"\(id)\" type=\"text\" data-key=\"\(field.key)\" data-initial=\"\(Page.e(current))\" value=\"\(Page.e(current))\">"
      }
      return """
        <div class="field"><label for="\(id)">\(Page.e(field.label(language))) <code>\(field.key)</code></label>\(input)<p class="help">\(help)</p></div>
        """
    }.joined(separator: "\n")
    return """
      <form id="rules-form" class="rules">
      <h3>\(Page.e(UIText.rulesForm.text(language)))</h3>
      \(rows)
      <button type="submit">\(Page.e(UIText.save.text(language)))</button>
      <div class="form-error" hidden></div>
      </form>
      """
  }
}
