import Foundation
import Intake

/// A Microsoft/Google Forms style intake export, generated with every mess a real one has,
/// and the truth behind it, for tests that feed the raw export to `kring intake init` and
/// `kring plan` and judge the result against what people really meant.
///
/// The messes: Dutch questions as headers, no id column, a timestamp, managers and people to
/// avoid named by name (other case, accents composed in one place and decomposed in another,
/// or by email), availability as forms write it ("Maandagochtend;Dinsdagavond;", "dinsdag
/// middag, donderdag avond", "Monday morning"), years as people type them ("10+", "ca. 19",
/// "meer dan 20", "5-10", "n.v.t."), "Nederlands of Engels", organisations in other case and
/// spacing, freelancers ("ZZP"), one person who submitted twice and a test row.
struct FormsExport {
  /// What a person really is.
  struct Person {
    var name: String
    /// The id Kring should give them: their email, case-folded.
    var id: String
    /// Their organisation's identity, `nil` for a freelancer.
    var organization: String?
    var rung: Int
    var manager: Int?
    var avoid: [Int]
    var languages: [String]
    /// 0 either, 1 online, 2 in person.
    var format: Int
    var slots: [String]
    /// `nil` when they typed no number ("n.v.t.").
    var years: Double?
  }

  static let headers = [
    "Tijdstempel", "E-mailadres", "Wat is je naam?", "Bij welke organisatie werk je?",
    "In welke sector werk je?", "Wat is je functie?", "Hoeveel jaar werkervaring heb je?",
    "Wie is je leidinggevende?", "Met wie zit je liever niet in een groep?",
    "Op welke momenten kun je? (meerdere antwoorden mogelijk)",
    "In welke taal wil je de intervisie volgen?", "Wil je online of fysiek meedoen?",
    "Hoe gemotiveerd ben je? (1-5)", "Wat is je leervraag?",
    "Hoe heb je over de intervisie gehoord?",
  ]

  var people: [Person] = []
  /// The rows as written, in file order: a timestamp (day number, seconds) and the text of
  /// every other column.
  var rows: [(day: Int, seconds: Int, cells: [String])] = []
  /// The index in `people` of the one who submitted twice.
  var resubmitted = 0

  init(seed: UInt64, count: Int = 60) {
    var rng = SeededRandom(seed: seed)
    func pick<T>(_ list: [T]) -> T { list[rng.below(list.count)] }
    let firstNames = [
      "Sanne", "José", "Zoë", "Noor", "Daan", "Mirjam", "Yusuf", "Ömer", "Anouk", "Bram",
      "Fleur", "Hendrik", "Iris", "Jasper", "Karin", "Lotte", "Milan", "Nadia", "Renée", "Sven",
      "Thijs", "Eline", "Chloé", "François",
    ]
    let lastNames = [
      "de Wit", "Álvarez", "van den Berg", "Kaya", "Visser", "Schot", "El Idrissi", "Brouwer",
      "Jansen", "de Vries", "Bakker", "Smit", "Meijer", "Mulder", "Bos", "Peeters", "Dekker",
      "Hendriks", "Müller", "Çelik",
    ]
    let organizations = [
      "Gemeente Utrecht", "Zorggroep Almere", "ROC Midden", "Politie Oost",
      "Stichting Welzijn Noord", "Woonstichting Thuis", "Ziekenhuis Rivierenland",
      "Gemeente Zwolle", "Hogeschool Arnhem", "GGZ Centraal", "Provincie Gelderland",
      "Kinderopvang Kwetternest",
    ]
    // Rungs: many professionals, fewer seniors and team leads, a few managers, a director.
    var rungs: [Int] = []
    for k in 0..<count {
      let share = Double(k) / Double(count)
      rungs.append(share < 0.5 ? 0 : share < 0.75 ? 1 : share < 0.93 ? 2 : share < 0.98 ? 3 : 4)
    }
    var usedNames: Set<String> = []
    for k in 0..<count {
      var name = ""
      repeat {
        name = "\(pick(firstNames)) \(pick(lastNames))"
      } while usedNames.contains(name)
      usedNames.insert(name)
      let local = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        .replacingOccurrences(of: " ", with: ".")
      let freelancer = rng.below(10) == 0 && rungs[k] < 2
      let organization = freelancer ? nil : organizations[k % organizations.count]
      let domain =
        organization.map {
          $0.lowercased().replacingOccurrences(of: " ", with: "") + ".nl"
        } ?? "mail.nl"
      let email = "\(local)@\(domain)"
      let r = rng.below(20)
      let languages = r < 16 ? ["nl"] : r < 19 ? ["nl", "en"] : ["en", "nl"]
      let f = rng.below(20)
      let format = f < 12 ? 0 : f < 17 ? 2 : 1
      var slots = ["tue-pm"]
      if rng.below(10) < 3 { slots = [pick(["thu-eve", "wed-eve"])] }
      slots.append(pick(["mon-am", "thu-eve", "wed-eve", "fri-am"]))
      slots = Array(Set(slots)).sorted()
      let yearsChoice = rng.below(10)
      let years: Double? =
        yearsChoice == 0 ? nil : Double([2, 4, 7, 10, 12, 15, 19, 20, 25][rng.below(9)])
      people.append(
        Person(
          name: name, id: ValueKey(email).rawValue, organization: organization, rung: rungs[k],
          manager: nil, avoid: [], languages: languages, format: format, slots: slots,
          years: years))
    }
    // Reporting lines inside organisations: a person reports to someone one rung up.
    for k in people.indices {
      guard let organization = people[k].organization, rng.below(3) == 0 else { continue }
      let bosses = people.indices.filter {
        people[$0].organization == organization && people[$0].rung == people[k].rung + 1
      }
      if !bosses.isEmpty { people[k].manager = pick(bosses) }
    }
    // The director manages the managers (a chain across rungs).
    if let director = people.indices.first(where: { people[$0].rung == 4 }) {
      for k in people.indices where people[k].rung == 3 && people[k].manager == nil {
        people[k].manager = director
      }
    }
    // A few people to avoid, both on the same rung (where it matters).
    for _ in 0..<3 {
      let a = rng.below(count / 2)
      let b = (a + 1 + rng.below(count / 2 - 1)) % (count / 2)
      if a != b { people[a].avoid.append(b) }
    }

    // The rows: written as people type.
    let levelWords = [
      ["Medewerker", "Beleidsmedewerker", "Adviseur", "Professional"],
      ["Senior adviseur", "Senior medewerker", "Senior"], ["Teamleider", "Coördinator"],
      ["Afdelingshoofd", "Manager"], ["Directeur"],
    ]
    let sectors = [
      "Zorg", "zorg", "Gezondheidszorg", "Onderwijs", "onderwijs ", "Overheid", "Welzijn",
    ]
    let compound = [
      "mon-am": "Maandagochtend", "tue-pm": "Dinsdagmiddag", "wed-eve": "Woensdagavond",
      "thu-eve": "Donderdagavond", "fri-am": "Vrijdagochtend",
    ]
    let spaced = [
      "mon-am": "maandag ochtend", "tue-pm": "dinsdag middag", "wed-eve": "woensdag avond",
      "thu-eve": "donderdag avond", "fri-am": "vrijdag ochtend",
    ]
    let english = [
      "mon-am": "Monday morning", "tue-pm": "Tuesday afternoon", "wed-eve": "Wednesday evening",
      "thu-eve": "Thursday evening", "fri-am": "Friday morning",
    ]
    func written(_ p: Person, style: Int) -> [String] {
      let organization: String
      if let o = p.organization {
        organization =
          [o, o.lowercased(), o.replacingOccurrences(of: " ", with: "  ") + " "][
            rng.below(3)]
      } else {
        organization = pick(["ZZP", "zzp'er", "Zelfstandige", "Freelance"])
      }
      func reference(_ other: Int) -> String {
        let q = people[other]
        switch rng.below(4) {
        case 0: return q.name.lowercased()
        case 1: return q.name.decomposedStringWithCanonicalMapping
        case 2: return q.id.uppercased()
        default: return q.name
        }
      }
      let years: String
      if let y = p.years {
        switch Int(y) {
        case 10: years = "10+"
        case 19: years = "ca. 19"
        case 20: years = "meer dan 20"
        case 7: years = "5-10"
        case 4: years = "ruim 4"
        case 12: years = "12 jaar"
        default: years = NumberText.plain(y)
        }
      } else {
        years = pick(["n.v.t.", "", "weet ik niet"])
      }
      let availability: String
      switch style % 4 {
      case 0: availability = p.slots.map { compound[$0] ?? $0 }.joined(separator: ";") + ";"
      case 1: availability = p.slots.map { spaced[$0] ?? $0 }.joined(separator: ", ")
      case 2: availability = p.slots.map { english[$0] ?? $0 }.joined(separator: ", ")
      default: availability = p.slots.map { compound[$0] ?? $0 }.joined(separator: "\n")
      }
      let language: String
      switch p.languages {
      case ["nl"]: language = pick(["Nederlands", "Nederlands"])
      case ["en", "nl"]: language = "Engels of Nederlands"
      default: language = pick(["Nederlands of Engels", "NL/EN"])
      }
      let format = ["Maakt niet uit", "Online", "Fysiek"][p.format]
      // The name as written: accents composed or decomposed.
      let name = rng.below(2) == 0 ? p.name : p.name.decomposedStringWithCanonicalMapping
      return [
        rng.below(3) == 0 ? p.id.uppercased() : p.id, name,
        organization, pick(sectors), pick(levelWords[p.rung]), years,
        p.manager.map(reference) ?? pick(["", "n.v.t.", "nvt"]),
        p.avoid.isEmpty ? pick(["", "nvt", "-"]) : p.avoid.map(reference).joined(separator: ", "),
        availability, language, format, String(4 + rng.below(2)),
        pick(["Grenzen stellen", "Feedback geven aan een collega", "Omgaan met werkdruk", ""]),
        pick(["Via mijn leidinggevende", "Intranet", "Collega", "Nieuwsbrief"]),
      ]
    }
    let start = CivilDay.days(year: 2026, month: 9, day: 14)
    for (k, p) in people.enumerated() {
      rows.append(
        (start + k / 8, 9 * 3600 + (k % 8) * 1800 + rng.below(1700), written(p, style: k)))
    }
    // One person submits twice: the first submission (earlier, other slots) comes later in
    // the file than it was made, so only the timestamp tells which one counts.
    resubmitted = count / 3
    var first = written(people[resubmitted], style: 1)
    first[8] = "Zaterdagochtend"
    rows.append((start - 2, 8 * 3600, first))
    // A test row: a name and nothing else.
    rows.append((start - 3, 7 * 3600, [""] + ["Test"] + Array(repeating: "", count: 12)))
  }

  /// The timestamp as a Dutch spreadsheet shows it: `14-9-2026 10:22:31`.
  static func stampText(day: Int, seconds: Int) -> String {
    let (y, m, d) = CivilDay.components(day)
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(d)-\(m)-\(y) \(seconds / 3600):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
  }

  /// The export as CSV text (`;`-separated, CRLF, as Excel saves it in a Dutch locale).
  func csv() -> String {
    let writer = CSVWriter(lineEnding: .crlf, delimiter: ";")
    return writer.document(
      header: Self.headers,
      rows: rows.map { [Self.stampText(day: $0.day, seconds: $0.seconds)] + $0.cells })
  }

  /// The export as an Excel workbook, as Microsoft Forms writes it: shared strings, the
  /// timestamp a date cell, ratings numbers.
  func xlsx() throws -> [UInt8] {
    let table = SpreadsheetTable(
      name: "Form1", header: Self.headers,
      rows: rows.map { row in
        [SpreadsheetCell.date(day: row.day, seconds: row.seconds, time: true)]
          + row.cells.enumerated().map { k, text in
            k == 11 ? (Double(text).map { .number($0) } ?? .text(text)) : .text(text)
          }
      })
    return try XLSXWriter(sharedStrings: true, dateTimeFormat: "d-m-yyyy h:mm:ss").workbook([table])
  }

  /// The CSV in Windows-1252 (accents composed first: 1252 has no combining marks).
  func windows1252() -> [UInt8]? {
    csv().precomposedStringWithCanonicalMapping.data(using: .windowsCP1252).map { [UInt8]($0) }
  }

  /// The CSV in UTF-8 with a byte-order mark.
  func utf8BOM() -> [UInt8] {
    [0xEF, 0xBB, 0xBF] + Array(csv().utf8)
  }
}
