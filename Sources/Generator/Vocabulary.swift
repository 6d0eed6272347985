import Intake

/// The fixed word lists and distributions the generator draws from.
///
/// Everything here is data, in a fixed order, so that a seed always produces the same batch.
enum Vocabulary {
  /// A sector with its share of a realistic batch and the words its organisations use.
  struct Sector {
    var name: String
    var share: Double
    var orgPatterns: [String]
    var departments: [String]
    var professions: [String]
  }

  /// Sectors as in published Dutch intervision and peer-coaching programmes: care, education
  /// and government dominate; the remaining 10 % is split over three small sectors so that
  /// rare sectors exist for the diversity objective.
  static let sectors: [Sector] = [
    Sector(
      name: "Healthcare", share: 0.25,
      orgPatterns: [
        "Zorggroep #", "Ziekenhuis #", "GGZ #", "Thuiszorg #", "Zorg, Welzijn en Wonen #",
      ],
      departments: ["Verpleging", "Poliklinieken", "Wijkteam", "Kwaliteit", "Psychiatrie"],
      professions: ["verpleegkundige", "arts", "psycholoog", "fysiotherapeut", "teamleider zorg"]),
    Sector(
      name: "Education", share: 0.20,
      orgPatterns: ["Hogeschool #", "Scholengroep #", "ROC #", "Basisschool De #"],
      departments: ["Onderbouw", "Bovenbouw", "Opleidingen", "Studentzaken", "Onderwijskwaliteit"],
      professions: ["docent", "intern begeleider", "onderwijskundige", "teamleider", "mentor"]),
    Sector(
      name: "Public sector", share: 0.20,
      orgPatterns: ["Gemeente #", "Provincie #", "Waterschap #", "Veiligheidsregio #"],
      departments: ["Beleid", "Sociaal Domein", "Ruimte", "Publiekszaken", "Financiën"],
      professions: ["beleidsadviseur", "jurist", "projectleider", "consulent", "controller"]),
    Sector(
      name: "Business services", share: 0.15,
      orgPatterns: ["# Advies", "# Accountants", "# Advocaten", "Bureau #"],
      departments: ["Advisering", "Audit", "HR", "Sales", "Operations"],
      professions: ["consultant", "accountant", "advocaat", "HR-adviseur", "projectmanager"]),
    Sector(
      name: "ICT", share: 0.10,
      orgPatterns: ["# Software", "# Digital", "# Data & Cloud"],
      departments: ["Development", "Infrastructuur", "Product", "Support", "Security"],
      professions: ["ontwikkelaar", "architect", "product owner", "data-analist", "scrum master"]),
    Sector(
      name: "Finance", share: 0.04,
      orgPatterns: ["Bank #", "# Verzekeringen", "Pensioenfonds #"],
      departments: ["Risk", "Particulieren", "Zakelijk", "Compliance"],
      professions: ["risk manager", "adviseur", "compliance officer", "analist"]),
    Sector(
      name: "Culture", share: 0.03,
      orgPatterns: ["Theater #", "Museum #", "Bibliotheek #"],
      departments: ["Programmering", "Educatie", "Collectie", "Marketing"],
      professions: ["programmeur", "educator", "conservator", "marketeer"]),
    Sector(
      name: "Non-profit", share: 0.03,
      orgPatterns: ["Stichting #", "Vereniging #", "Fonds #"],
      departments: ["Programma's", "Fondsenwerving", "Vrijwilligers", "Communicatie"],
      professions: ["programmamanager", "fondsenwerver", "coördinator", "communicatieadviseur"]),
  ]

  /// Place names that make organisation names (Dutch towns and rivers).
  static let places: [String] = [
    "Amstel", "Rijnmond", "Utrecht", "Eemland", "Veluwe", "Twente", "Drechtsteden", "Haaglanden",
    "Kennemerland", "Gooi", "Zaanstreek", "Westland", "Brabant", "Limburg", "Friesland",
    "Groningen", "Drenthe", "Zeeland", "Flevoland", "IJssel", "Maas", "Waal", "Vecht", "Dommel",
    "Lek", "Linge", "Achterhoek", "Salland", "Peel", "Kempen", "Delfland", "Rijnland",
    "Hollands Kroon", "Waterland", "Betuwe", "Liemers", "Noordoostpolder", "Vallei", "Heuvelland",
    "De Bilt",
  ]

  /// Dutch provinces with their approximate share of the population.
  static let regions: [(String, Double)] = [
    ("Zuid-Holland", 21), ("Noord-Holland", 17), ("Noord-Brabant", 15), ("Gelderland", 12),
    ("Utrecht", 8), ("Overijssel", 7), ("Limburg", 6), ("Friesland", 4), ("Groningen", 3),
    ("Drenthe", 3), ("Flevoland", 2), ("Zeeland", 2),
  ]

  static let dutchFirstNames: [String] = [
    "Anouk", "Bram", "Daan", "Daniëlle", "Eva", "Femke", "Gijs", "Hanna", "Inge", "Jeroen",
    "Joost", "Karin", "Lotte", "Maarten", "Marieke", "Mark", "Noor", "Pieter", "Roos", "Ruben",
    "Sanne", "Sjoerd", "Thijs", "Tim", "Wouter", "Yvonne", "Zoë", "Bart", "Esther", "Hans",
    "Ilse", "Jasper", "Kees", "Linda", "Marloes", "Niels", "Petra", "Rutger", "Saskia", "Willem",
    "Fleur", "Lars", "Mila", "Sem", "Tess", "Emre", "Fatima", "Mohamed", "Priya", "Yusuf",
  ]

  static let dutchLastNames: [String] = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
    "van den Broek", "de Bruijn", "Schouten", "van Beek", "Willems", "van Vliet", "Hoekstra",
    "Maas", "Verhoeven", "Koster", "Prins", "Huisman", "Kuipers", "Yılmaz", "El Amrani", "Özdemir",
    "Wijaya", "Boukhari",
  ]

  static let englishFirstNames: [String] = [
    "Alice", "Ben", "Charlotte", "Daniel", "Emily", "Finn", "Grace", "Harry", "Isla", "Jack",
    "Kate", "Liam", "Maya", "Noah", "Olivia", "Patrick", "Rachel", "Sam", "Tom", "Zara",
    "Aisha", "Carlos", "Elena", "Hiroshi", "Ingrid", "Javier", "Lena", "Marco", "Nadia", "Sofia",
  ]

  static let englishLastNames: [String] = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Johnson",
    "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "O'Brien", "Murphy",
    "García", "Rossi", "Müller", "Kowalski", "Novak", "Silva", "Tanaka", "Nguyen", "Patel",
    "Andersen", "Dubois", "Fischer",
  ]

  static let dutchLearningGoals: [String] = [
    "Beter grenzen stellen",
    "Leren \"nee\" zeggen zonder schuldgevoel",
    "Omgaan met werkdruk, zonder mijn collega's tekort te doen",
    "Scherper reflecteren op mijn eigen rol",
    "Moeilijke gesprekken voeren met cliënten",
    "Feedback geven en ontvangen",
    "Mijn professionele identiteit versterken",
    "Omgaan met verandering in de organisatie",
    "Leidinggeven zonder formele macht",
    "Meer rust in mijn agenda",
    "Samenwerken met andere disciplines",
    "Mijn adviesrol beter neerzetten",
    "Omgaan met ethische dilemma's",
    "Vertrouwen op mijn eigen oordeel",
    "Energie houden in een zwaar vak",
  ]

  static let englishLearningGoals: [String] = [
    "Setting clearer boundaries",
    "Handling difficult conversations with clients",
    "Giving and receiving feedback",
    "Leading without formal authority",
    "Reflecting on my own role in conflicts",
    "Coping with workload, without dropping quality",
    "Finding my place in a Dutch organisation",
    "Making decisions with incomplete information",
    "Saying \"no\" to my manager",
    "Staying motivated in a long project",
  ]

  /// Coaching bureaus, the home organisations of external facilitators.
  static let bureaus: [String] = [
    "Kring Coaching", "Intervisiehuis", "Reflectiewerk", "Bureau Spiegel", "De Lerende Praktijk",
    "Coachpunt", "Het Gesprek", "Supervisie & Co",
  ]

  /// Meeting venues: the room name and its location.
  static let venues: [(String, String)] = [
    ("Zaal Amstel", "Amsterdam, Wibautstraat"), ("Zaal Dom", "Utrecht, Stationsplein"),
    ("Zaal Maas", "Rotterdam, Coolsingel"), ("Zaal Hofvijver", "Den Haag, Spui"),
    ("Zaal Stratumseind", "Eindhoven, Markt"), ("Zaal Martini", "Groningen, Grote Markt"),
    ("Zaal Waalkade", "Nijmegen, Waalkade"), ("Zaal Oude Gracht", "Utrecht, Oudegracht"),
    ("Zaal Veluwe", "Apeldoorn, Stationsplein"), ("Zaal Tivoli", "Utrecht, Vredenburg"),
    ("Zaal Binnenhof", "Den Haag, Lange Poten"), ("Zaal IJ", "Amsterdam, IJdok"),
  ]

  /// Levels, lowest first, as in the default `intake.levels`.
  static let levels: [String] = ["professional", "senior", "lead", "manager", "director"]

  /// Years of experience typical of each level: the low and high end of a triangular spread.
  static let yearsByLevel: [(low: Double, high: Double)] = [
    (0, 12), (5, 22), (8, 28), (10, 32), (15, 38),
  ]

  private static let accents: [Character: String] = [
    "ë": "e", "é": "e", "è": "e", "ï": "i", "ö": "o", "ü": "u", "ı": "i", "Ö": "o", "ç": "c",
    "á": "a", "í": "i", "ó": "o", "ñ": "n", "ä": "a",
  ]

  /// Replaces the few accented letters of the name lists, for e-mail addresses and domains.
  static func asciiSlug(_ text: String, separator: String) -> String {
    var slug = ""
    var pendingSeparator = false
    for character in text.lowercased() {
      let replaced = accents[character] ?? String(character)
      for scalar in replaced.unicodeScalars {
        if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
          if pendingSeparator && !slug.isEmpty { slug += separator }
          pendingSeparator = false
          slug.unicodeScalars.append(scalar)
        } else if scalar == " " || scalar == "-" || scalar == "&" || scalar == "," {
          pendingSeparator = true
        }
      }
    }
    return slug
  }
}
