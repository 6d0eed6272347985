import Intake

/// Generates synthetic intake batches, with facilitators and rooms when asked.
///
/// Every draw comes from `SeededRandom`, and nothing iterates an unordered collection, so the
/// same options always give the same batch, byte for byte, on every platform.
public enum BatchGenerator {
  /// Generates the batch the options describe.
  ///
  /// - Throws: a `Diagnostic` naming the offending option when a count is out of range, or
  ///   when a planted batch cannot be built with the requested facilitators or rooms.
  public static func generate(_ options: GeneratorOptions) throws(Diagnostic) -> GeneratedBatch {
    try validate(options)
    switch options.profile {
    case .realistic, .hard:
      var random = SeededRandom(seed: options.seed)
      let candidates = PopulationBuilder(options: options).build(&random)
      var resourceRandom = SeededRandom(seed: options.seed ^ resourceStream)
      let resources = ResourceBuilder(options: options, candidates: candidates)
      let facilitators = try resources.facilitators(&resourceRandom)
      let rooms = try resources.rooms(&resourceRandom)
      return GeneratedBatch(
        options: options, candidates: candidates, facilitators: facilitators, rooms: rooms,
        planted: nil)
    case .planted:
      return try PlantedBuilder(options: options).build()
    }
  }

  /// The seed offset of the facilitator and room stream, so that adding resources never
  /// changes the intake file.
  static let resourceStream: UInt64 = 0x0F_AC11_17A7_0125

  static func validate(_ options: GeneratorOptions) throws(Diagnostic) {
    let limit = GeneratorOptions.maximumCandidates
    guard (1...limit).contains(options.candidates) else {
      throw usage(
        "--candidates", code: "generate-candidates-out-of-range",
        "the number of candidates must be between 1 and \(limit), got \(options.candidates)")
    }
    let resourceLimit = GeneratorOptions.maximumResources
    if case .exactly(let count) = options.facilitators, !(1...resourceLimit).contains(count) {
      throw usage(
        "--facilitators", code: "generate-facilitators-out-of-range",
        "the number of facilitators must be between 1 and \(resourceLimit), got \(count)")
    }
    if case .exactly(let count) = options.rooms, !(0...resourceLimit).contains(count) {
      throw usage(
        "--rooms", code: "generate-rooms-out-of-range",
        "the number of rooms must be between 0 and \(resourceLimit), got \(count)")
    }
  }

  static func usage(_ option: String, code: String, _ message: String) -> Diagnostic {
    Diagnostic(file: "kring generate", column: option, code: code, message: message)
  }
}

/// The interview outcome a generated candidate is drawn for.
enum ReadinessClass: Int, CaseIterable {
  case ready, followUp, notNow

  /// Ratings 1–5 whose weighted score (0.5·motivation + 0.3·commitment + 0.2·openness, the
  /// default weights) falls in this class under the default thresholds 3.5 and 2.0.
  func ratings(_ random: inout SeededRandom) -> InterviewRatings {
    let values: [Double]
    switch self {
    case .ready:
      // A few coordinators skip the ratings: an empty interview counts as ready.
      if random.chance(0.02) { return InterviewRatings() }
      values = [3, 4, 5]
    case .followUp:
      values = [2, 3, 4]
    case .notNow:
      values = [1, 2]
    }
    let table = Self.tables[rawValue]
    for _ in 0..<200 {
      let m = values[table.draw(&random)]
      let c = values[table.draw(&random)]
      let o = values[table.draw(&random)]
      if contains(0.5 * m + 0.3 * c + 0.2 * o) {
        return InterviewRatings(motivation: m, commitment: c, openness: o)
      }
    }
    switch self {
    case .ready: return InterviewRatings(motivation: 5, commitment: 4, openness: 4)
    case .followUp: return InterviewRatings(motivation: 3, commitment: 3, openness: 3)
    case .notNow: return InterviewRatings(motivation: 1, commitment: 1, openness: 2)
    }
  }

  /// How likely each rating value is, per class (ready leans to 4, follow-up to 3).
  private static let tables = [
    WeightedTable([2, 5, 4]), WeightedTable([3, 5, 2]), WeightedTable([3, 2]),
  ]

  func contains(_ score: Double) -> Bool {
    switch self {
    case .ready: score >= 3.5
    case .followUp: score >= 2.0 && score < 3.5
    case .notNow: score < 2.0
    }
  }
}

/// An organisation of a generated batch.
struct Organization {
  var name: String
  var sector: Int
  var region: String
  var domain: String
}

/// Names, e-mail addresses and organisations shared by every profile.
struct Registry {
  private var usedEmails: Set<String> = []
  private var usedOrgNames: Set<String> = []
  let regionTable = WeightedTable(Vocabulary.regions.map(\.1))

  /// Marks an address as taken, so that facilitators never share a candidate's address.
  mutating func reserve(_ email: String) { usedEmails.insert(email) }

  /// A full name and a unique e-mail address at the given domain.
  mutating func person(english: Bool, domain: String, _ random: inout SeededRandom) -> (
    String, String
  ) {
    let first =
      random.pick(english ? Vocabulary.englishFirstNames : Vocabulary.dutchFirstNames) ?? "Sam"
    let last =
      random.pick(english ? Vocabulary.englishLastNames : Vocabulary.dutchLastNames) ?? "Jansen"
    let local =
      Vocabulary.asciiSlug(first, separator: "") + "."
      + Vocabulary.asciiSlug(last, separator: "")
    var email = "\(local)@\(domain)"
    var suffix = 2
    while usedEmails.contains(email) {
      email = "\(local)\(suffix)@\(domain)"
      suffix += 1
    }
    usedEmails.insert(email)
    return ("\(first) \(last)", email)
  }

  /// `count` organisations of one sector with unique names, largest first.
  mutating func organizations(sector: Int, count: Int, _ random: inout SeededRandom)
    -> [Organization]
  {
    let patterns = Vocabulary.sectors[sector].orgPatterns
    var result: [Organization] = []
    for _ in 0..<count {
      var name = ""
      for attempt in 0..<12 {
        let pattern = random.pick(patterns) ?? "#"
        let place = random.pick(Vocabulary.places) ?? "Amstel"
        name = pattern.replacingHash(with: place)
        if attempt == 11 { name += " \(result.count + 2)" }
        if !usedOrgNames.contains(name) { break }
      }
      var unique = name
      var suffix = 2
      while usedOrgNames.contains(unique) {
        unique = "\(name) \(suffix)"
        suffix += 1
      }
      usedOrgNames.insert(unique)
      let region = Vocabulary.regions[regionTable.draw(&random)].0
      result.append(
        Organization(
          name: unique, sector: sector, region: region,
          domain: Vocabulary.asciiSlug(unique, separator: "-") + ".example"))
    }
    return result
  }

  func region(_ random: inout SeededRandom) -> String {
    Vocabulary.regions[regionTable.draw(&random)].0
  }
}

extension String {
  func replacingHash(with value: String) -> String {
    var result = ""
    for character in self {
      if character == "#" { result += value } else { result.append(character) }
    }
    return result
  }
}

/// The distributions of the `realistic` and `hard` profiles.
struct ProfileShape {
  var levelShares: [Double]
  var formatShares: [Double]  // online, in-person, either
  var englishShare: Double
  var blankOrganization: Double
  /// Organisations per sector ≈ factor · √(people in the sector), at least `minimumOrgs`.
  var orgFactor: Double
  var minimumOrgs: Int
  var zipfExponent: Double
  var slotMenu: [(Slot, Double)]
  /// Probability of ticking 1, 2, … slots.
  var slotCountShares: [Double]
  var readinessShares: [Double]
  var managerShare: Double

  static func of(_ profile: GeneratorProfile, _ program: GeneratorProgram) -> ProfileShape {
    switch profile {
    case .hard:
      ProfileShape(
        levelShares: [62, 27, 7, 3, 1], formatShares: [20, 35, 45], englishShare: 0.15,
        blankOrganization: 0.02, orgFactor: 0.4, minimumOrgs: 2, zipfExponent: 1.6,
        slotMenu: program.hardSlots, slotCountShares: [55, 45], readinessShares: [80, 12, 8],
        managerShare: 0.6)
    case .realistic, .planted:
      ProfileShape(
        levelShares: [45, 28, 14, 9, 4], formatShares: [20, 35, 45], englishShare: 0.15,
        blankOrganization: 0.06, orgFactor: 1.5, minimumOrgs: 3, zipfExponent: 1.0,
        slotMenu: program.commonSlots, slotCountShares: [0, 30, 35, 25, 10],
        readinessShares: [80, 12, 8], managerShare: 0.5)
    }
  }
}

let formats: [MeetingFormat] = [.online, .inPerson, .either]

/// Builds the candidates of a `realistic` or `hard` batch.
struct PopulationBuilder {
  var options: GeneratorOptions

  func build(_ random: inout SeededRandom) -> [Candidate] {
    let shape = ProfileShape.of(options.profile, options.program)
    let n = options.candidates
    var registry = Registry()

    // Organisations per sector, sized by the sector's expected head count.
    var orgs: [Organization] = []
    var sectorOrgs: [[Int]] = []
    for (s, sector) in Vocabulary.sectors.enumerated() {
      let expected = Double(n) * sector.share
      let count = max(shape.minimumOrgs, Int((shape.orgFactor * expected.squareRoot()).rounded()))
      let made = registry.organizations(sector: s, count: count, &random)
      sectorOrgs.append(Array(orgs.count..<(orgs.count + made.count)))
      orgs += made
    }
    let sectorTable = WeightedTable(Vocabulary.sectors.map(\.share))
    let levelTable = WeightedTable(shape.levelShares)
    let formatTable = WeightedTable(shape.formatShares)
    let slotCountTable = WeightedTable(shape.slotCountShares)
    let readinessTable = WeightedTable(shape.readinessShares)
    let orgTables = sectorOrgs.map {
      WeightedTable.zipf(count: $0.count, exponent: shape.zipfExponent)
    }
    let reference = CivilDay.parse(GeneratorCalendar.referenceDate) ?? 0

    var candidates: [Candidate] = []
    candidates.reserveCapacity(n)
    var orgOf: [Int?] = []
    orgOf.reserveCapacity(n)
    for index in 0..<n {
      let s = sectorTable.draw(&random)
      let sector = Vocabulary.sectors[s]
      var org: Int? = nil
      if !random.chance(shape.blankOrganization), let table = orgTables.at(s),
        let list = sectorOrgs.at(s)
      {
        org = list.at(table.draw(&random))
      }
      let level = levelTable.draw(&random)
      let band = Vocabulary.yearsByLevel[level]
      let years = random.triangular(band.low, band.high).rounded(.down)
      let english = random.chance(shape.englishShare)
      let organization = org.flatMap { orgs.at($0) }
      let (name, email) = registry.person(
        english: english, domain: organization?.domain ?? "mail.example", &random)
      let format = formats[formatTable.draw(&random)]
      let region =
        if let organization, random.chance(0.85) { organization.region } else {
          registry.region(&random)
        }
      let slotCount = slotCountTable.draw(&random) + 1
      let picked = random.sampleWithoutReplacement(
        weights: shape.slotMenu.map(\.1), count: slotCount)
      let availability = SlotSet(picked.map { shape.slotMenu[$0].0 })
      let readiness = ReadinessClass.allCases[readinessTable.draw(&random)]
      let ratings = readiness.ratings(&random)
      let goals = english ? Vocabulary.englishLearningGoals : Vocabulary.dutchLearningGoals
      let goal = random.chance(0.9) ? random.pick(goals) : nil
      let intake = CivilDay.iso(reference - 1 - random.below(92))
      candidates.append(
        Candidate(
          id: CandidateID("c\(index + 1)"), name: name, email: email,
          organization: organization?.name,
          department: organization == nil ? nil : random.pick(sector.departments),
          sector: sector.name, profession: random.pick(sector.professions), level: level,
          levelName: Vocabulary.levels[level], yearsExperience: years,
          language: english ? "en" : "nl", format: format, region: region,
          availability: availability, needsAccessible: random.chance(0.03), ratings: ratings,
          learningGoal: goal, intakeDate: intake, line: index + 2))
      orgOf.append(org)
    }
    assignManagers(
      &candidates, orgOf: orgOf, orgCount: orgs.count, share: shape.managerShare, &random)
    assignAvoidPairs(&candidates, orgOf: orgOf, orgCount: orgs.count, &random)
    return candidates
  }
}

extension Array {
  /// The element at `index`, or `nil` when out of bounds.
  func at(_ index: Int) -> Element? {
    indices.contains(index) ? self[index] : nil
  }
}

/// Gives candidates managers in their own organisation at a higher level, so that reporting
/// lines form chains and never form cycles.
func assignManagers(
  _ candidates: inout [Candidate], orgOf: [Int?], orgCount: Int, share: Double,
  _ random: inout SeededRandom
) {
  let levelCount = Vocabulary.levels.count
  // byOrgLevel[org][level] lists members in file order.
  var byOrgLevel = [[[Int]]](
    repeating: [[Int]](repeating: [], count: levelCount), count: orgCount)
  for (index, org) in orgOf.enumerated() {
    guard let org, let level = candidates[index].level, level < levelCount else { continue }
    byOrgLevel[org][level].append(index)
  }
  for index in candidates.indices {
    guard let org = orgOf[index], let level = candidates[index].level else { continue }
    let higher = ((level + 1)..<levelCount).filter { !byOrgLevel[org][$0].isEmpty }
    guard let nearest = higher.first, random.chance(share) else { continue }
    let chosenLevel = random.chance(0.6) ? nearest : (random.pick(higher) ?? nearest)
    if let manager = random.pick(byOrgLevel[org][chosenLevel]) {
      candidates[index].managerID = candidates[manager].id
    }
  }
}

/// Gives about 1 % of candidates someone to avoid, mostly a colleague.
func assignAvoidPairs(
  _ candidates: inout [Candidate], orgOf: [Int?], orgCount: Int, _ random: inout SeededRandom
) {
  let n = candidates.count
  guard n >= 2 else { return }
  var members = [[Int]](repeating: [], count: orgCount)
  for (index, org) in orgOf.enumerated() {
    if let org { members[org].append(index) }
  }
  let pairs = max(1, Int((Double(n) * 0.01).rounded()))
  for _ in 0..<pairs {
    let a = random.below(n)
    var b = random.below(n)
    if let org = orgOf[a], members[org].count >= 2, random.chance(0.6) {
      b = members[org][random.below(members[org].count)]
    }
    if a == b { b = (a + 1) % n }
    let other = candidates[b].id
    if !candidates[a].avoid.contains(other) && !candidates[b].avoid.contains(candidates[a].id) {
      candidates[a].avoid.append(other)
    }
  }
}
