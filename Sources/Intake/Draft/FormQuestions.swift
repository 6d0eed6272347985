/// Recognises a form's questions, in Dutch or English, as Kring's intake fields: "Wat is je
/// naam?" is `name`, "Bij welke organisatie werk je?" `organization`, "Wie is je
/// leidinggevende?" `manager_id`, "Op welke momenten kun je?" `availability`.
///
/// A header is matched by the words it contains, the more specific fields first, so that
/// "Wat is de naam van je leidinggevende?" is a manager and not a name.
enum FormQuestions {
  /// The field a header asks for, or `nil`.
  static func field(for header: String) -> IntakeField? {
    let text = normalized(header)
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    for (field, phrases) in patterns where phrases.contains(where: { text.contains($0) }) {
      return field
    }
    return exact[text.trimmingCharacters(in: .whitespaces)]
  }

  /// Whether a header is a form tool's own bookkeeping (Microsoft Forms' response `ID`,
  /// start time, last change), which Kring should leave alone.
  static func isBookkeeping(_ header: String) -> Bool {
    let text = normalized(header).trimmingCharacters(in: .whitespaces)
    return bookkeeping.contains(text)
  }

  /// Lower case, accents folded, punctuation as spaces, padded with a space either side so
  /// that a phrase " naam " matches whole words.
  static func normalized(_ header: String) -> String {
    var out = " "
    for scalar in header.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
      if scalar.properties.generalCategory == .nonspacingMark { continue }
      if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
        out.unicodeScalars.append(scalar)
      } else if scalar == "-" || scalar == "'" || scalar == "\u{2019}" {
        // "e-mail", "voor- en achternaam", "zo'n": kept inside words.
        out.unicodeScalars.append(scalar)
      } else {
        if out.last != " " { out.append(" ") }
      }
    }
    if out.last != " " { out.append(" ") }
    return out
  }

  /// Headers that are exactly a field's name, after the phrases found nothing.
  private static let exact: [String: IntakeField] = [
    "id": .id, "nr": .id, "nummer": .id, "kandidaat": .id, "deelnemer": .id,
    "naam": .name, "name": .name,
  ]

  private static let bookkeeping: Set<String> = [
    "id", "start time", "starttime", "begintijd", "starttijd", "last modified time",
    "tijd van laatste wijziging", "tijdstip van laatste wijziging", "laatst gewijzigd",
    "last modified", "modified time", "respondent", "response id", "respondent id",
    "antwoord id", "response", "reactie id", "total points", "totaal aantal punten",
    "quiz feedback", "points", "punten", "score",
  ]

  /// Phrases per field, most specific fields first.
  private static let patterns: [(IntakeField, [String])] = [
    (
      .timestamp,
      [
        " tijdstempel ", " timestamp ", " completion time ", " tijd van voltooien ",
        " voltooiingstijd ", " submitted at ", " ingediend op ", " submission date ",
      ]
    ),
    (
      .managerID,
      [
        " leidinggevende ", " manager ", " supervisor ", " baas ", " reports to ",
        " rapporteer ", " line manager ", " direct manager ", " chef ", " your boss ",
      ]
    ),
    (
      .avoid,
      [
        " niet in een groep ", " niet in dezelfde groep ", " niet samen ", " liever niet ",
        " vermijden ", " vermijd ", " avoid ", " not be in ", " not in the same ",
        " rather not ", " niet met ", " not with ", " uitsluiten ",
      ]
    ),
    (
      .needsAccessible,
      [
        " toegankelijk", " rolstoel", " accessible ", " accessibility ", " wheelchair",
        " mindervalide ", " drempelvrij", " beperking ", " lift ",
      ]
    ),
    (.motivation, [" motivatie ", " gemotiveerd ", " motivation ", " motivated "]),
    (
      .commitment,
      [" betrokkenheid ", " betrokken ", " inzet ", " commitment ", " committed "]
    ),
    (.openness, [" openheid ", " openness ", " hoe open "]),
    (
      .learningGoal,
      [
        " leervraag ", " leerdoel ", " learning goal ", " learning question ",
        " wat wil je leren ", " what do you want to learn ", " ontwikkelvraag ",
        " vraagstuk ", " casus ", " leerwens ",
      ]
    ),
    (
      .intakeDate,
      [
        " intakedatum ", " datum intake ", " intake date ", " datum intakegesprek ",
        " datum gesprek ",
      ]
    ),
    (
      .availability,
      [
        "moment", " wanneer ", "beschikbaar", "availab", "dagdel", " tijdstip",
        " when can you ", " which days ", " welke dagen ", " what times ", " which times ",
        " tijdslot", " timeslot", " time slot",
      ]
    ),
    (
      .yearsExperience,
      [
        " jaar ", " jaren ", " years ", " werkervaring ", " ervaring ", " experience ",
      ]
    ),
    (
      .language,
      [
        " taal ", " talen ", " language ", " languages ", " voertaal ", "voorkeurstaal",
        "taalvoorkeur", " spreektaal ",
      ]
    ),
    (
      .format,
      [
        " online of fysiek ", " fysiek of online ", " online ", " fysiek ", " in person ",
        " in-person ", " werkvorm ", " format ", " op locatie ", " vorm ",
      ]
    ),
    (
      .level,
      [
        " functieniveau ", " niveau ", " level ", " seniority ", " seniorit", " hierarchie ",
        " job level ", " positie in ", " functieschaal ",
      ]
    ),
    (.sector, [" sector ", " branche ", " industry ", " werkveld ", " domein "]),
    (.department, [" afdeling ", " department ", " team "]),
    (
      .organization,
      [
        " organisatie ", " organization ", " organisation ", " werkgever ", " employer ",
        " bedrijf ", " company ", " waar werk je ", " where do you work ", " instelling ",
      ]
    ),
    (
      .profession,
      [
        " beroep ", " functie ", " functietitel ", " profession ", " occupation ",
        " job title ", " vak ", " vakgebied ",
      ]
    ),
    (.region, [" regio ", " region ", " woonplaats ", " plaats ", " stad ", " city "]),
    (
      .email,
      [" e-mail", " email", " e mail ", " mailadres ", " mail "]
    ),
    (
      .name,
      [
        " naam ", " name ", " voor- en achternaam ", " voornaam en achternaam ",
        " wie ben je ", " full name ",
      ]
    ),
    (.id, [" id ", " nr ", " kandidaatnummer ", " deelnemernummer ", " candidate id "]),
  ]
}

/// The built-in ladder of common Dutch and English job-level words, lowest first:
/// medewerker/professional < senior < teamleider/coördinator < manager/afdelingshoofd <
/// directeur/directie.
enum LevelLadder {
  /// The canonical names of the rungs: Kring's default `intake.levels`.
  static let rungs = ["professional", "senior", "lead", "manager", "director"]

  /// The rung of an answer such as "Senior adviseur" (1) or "Afdelingshoofd" (3): the
  /// highest rung any of its words names, or `nil` when none does.
  static func rung(of answer: String) -> Int? {
    let text = FormQuestions.normalized(answer)
    if let number = Int(text.trimmingCharacters(in: .whitespaces)),
      (1...rungs.count).contains(number)
    {
      return number - 1
    }
    var best: Int? = nil
    for (rung, words) in ladder.enumerated() where words.contains(where: { text.contains($0) }) {
      best = rung
    }
    return best
  }

  /// Word parts per rung; a part matches inside a word ("beleidsmedewerker",
  /// "projectleider", "teammanager"), so the parts are chosen not to occur by accident.
  private static let ladder: [[String]] = [
    [
      "medewerker", "professional", " junior ", " medior ", "uitvoerend", "adviseur",
      "advisor", "adviser", "consultant", "docent", "leraar", "leerkracht", "verpleegkundige",
      " coach ", " trainee ", "stagiair", " employee ", " staff ", " associate ", "officer",
      "specialist", "behandelaar", "begeleider", "hulpverlener", " intern ", "teacher",
      "nurse", "engineer", "developer", "ontwikkelaar", "analist", "analyst", "assistent",
      "assistant", "therapeut", "therapist", "werker", "worker", "jurist", "agent ",
      "planner", "secretar", "designer", "ontwerper", "onderzoeker", "researcher",
    ],
    // "Sr. adviseur": the abbreviation is a word of its own once punctuation is a space.
    [" senior ", " sr ", " expert ", " principal ", " ervaren ", "regisseur"],
    [
      "leider", "coordinator", "teamlead", " team lead", "supervisor", "teamcoach", " voorman ",
      "leidinggevende", "praktijkopleider", " lead ",
    ],
    ["manager", "hoofd", " head ", "management"],
    [
      "directeur", "directie", "director", "bestuurder", " ceo ", " cfo ", " coo ", " cto ",
      " executive ", "vice president", " eigenaar ", " owner ", "c-level", " bestuur ",
    ],
  ]
}
