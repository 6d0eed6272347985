/// Groups the sectors people typed into sectors with aliases: spellings that differ only in
/// case, accents, spacing or a small typo are one sector, and so are the common Dutch and
/// English words of one field ("Zorg", "Gezondheidszorg", "GGZ", "Healthcare").
enum SectorGroups {
  /// One sector: its name (the spelling most people used) and every other spelling found.
  struct Group: Hashable, Sendable {
    var name: String
    var aliases: [String]
    /// How many answers it holds.
    var count: Int
  }

  /// The sectors of the answers (with how often each was given), largest first, then by name.
  static func group(_ answers: [(text: String, count: Int)]) -> [Group] {
    // Each answer's family: a built-in field, or its own folded spelling.
    var families: [String: [(text: String, count: Int)]] = [:]
    var order: [String] = []
    for answer in answers {
      let folded = TextMatching.fold(answer.text)
      var family = builtIn(folded) ?? "=" + folded
      if families[family] == nil, !family.hasPrefix("#") {
        // A small typo of a spelling already seen joins it.
        if let near = order.first(where: { other in
          other.hasPrefix("=") && close(String(other.dropFirst()), folded)
        }) {
          family = near
        }
      }
      if families[family] == nil { order.append(family) }
      families[family, default: []].append(answer)
    }
    var groups: [Group] = []
    for family in order {
      let members = families[family] ?? []
      // The spelling given most often names the sector (its spellings that differ only in
      // case or spacing counted together, the capitalised one shown); ties go to the first.
      var byFold: [String: Int] = [:]
      for m in members { byFold[TextMatching.fold(m.text), default: 0] += m.count }
      guard
        let top = members.enumerated().max(by: { a, b in
          let x = byFold[TextMatching.fold(a.element.text)] ?? 0
          let y = byFold[TextMatching.fold(b.element.text)] ?? 0
          return x != y ? x < y : a.offset > b.offset
        })?.element.text
      else { continue }
      let same = members.filter { TextMatching.fold($0.text) == TextMatching.fold(top) }
      let name =
        same.first {
          $0.text.first?.isUppercase == true
            && $0.text == $0.text.trimmingCharacters(in: .whitespaces)
        }?.text
        ?? top
      var aliases: [String] = []
      for m in members where m.text != name && !aliases.contains(m.text) { aliases.append(m.text) }
      groups.append(
        Group(name: name, aliases: aliases, count: members.reduce(0) { $0 + $1.count }))
    }
    return groups.sorted { a, b in
      a.count != b.count ? a.count > b.count : a.name < b.name
    }
  }

  private static func close(_ a: String, _ b: String) -> Bool {
    let length = min(a.count, b.count)
    guard length >= 5 else { return false }
    return TextMatching.distance(a, b) <= (length <= 8 ? 1 : 2)
  }

  /// The built-in field of a folded answer (`#zorg`), or `nil`.
  private static func builtIn(_ folded: String) -> String? {
    func matches(_ word: String) -> Bool {
      word.hasPrefix("^") ? folded.hasPrefix(word.dropFirst()) : folded.contains(word)
    }
    for (family, words) in fields where words.contains(where: matches) {
      return "#" + family
    }
    return nil
  }

  /// Fields and the folded word parts of their common names (no spaces: folded text has
  /// none); `^` marks a part that must start the answer.
  private static let fields: [(String, [String])] = [
    (
      "zorg",
      [
        "zorg", "ggz", "ziekenhuis", "healthcare", "health", "verpleging", "medisch",
        "medical", "huisarts", "apotheek", "pharma", "revalidatie", "geestelijke",
      ]
    ),
    (
      "welzijn",
      [
        "welzijn", "sociaaldomein", "socialwork", "maatschappelijk", "wijkteam", "welfare",
        "socialservices",
      ]
    ),
    (
      "onderwijs",
      [
        "onderwijs", "education", "school", "mbo", "hbo", "universiteit", "university",
        "hogeschool", "kinderopvang", "academ",
      ]
    ),
    (
      "overheid",
      [
        "overheid", "gemeente", "government", "publiek", "public", "rijks", "provincie",
        "waterschap", "ministerie", "municipal",
      ]
    ),
    (
      "veiligheid",
      ["veiligheid", "politie", "brandweer", "defensie", "justitie", "security", "police"]
    ),
    ("wonen", ["wonen", "woningcorporatie", "housing", "vastgoed", "realestate"]),
    (
      "financieel",
      ["financ", "bank", "verzeker", "insurance", "accountan", "fiscal"]
    ),
    (
      "zakelijk",
      ["zakelijk", "consultan", "advies", "businessservices", "juridisch", "legal", "advocat"]
    ),
    ("ict", ["^ict", "^it", "software", "digital", "informatietechnolog", "informationtechnolog"]),
    ("cultuur", ["cultuur", "culture", "kunst", "museum", "theater", "theatre"]),
    ("industrie", ["industrie", "industry", "productie", "manufactur", "techniek", "engineer"]),
    ("handel", ["retail", "handel", "winkel", "commerce", "trade"]),
    ("logistiek", ["logistiek", "logistics", "transport", "vervoer"]),
    ("nonprofit", ["non-profit", "nonprofit", "ngo", "goededoel", "charity", "vrijwillig"]),
  ]
}
