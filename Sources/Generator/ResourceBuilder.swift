import Intake

/// Builds facilitators and rooms for `realistic` and `hard` batches from plain distributions.
struct ResourceBuilder {
  var options: GeneratorOptions
  var candidates: [Candidate]

  /// The slot menu resources draw from: the same menu as the candidates.
  var menu: [(Slot, Double)] {
    options.profile == .hard ? options.program.hardSlots : options.program.commonSlots
  }

  func facilitators(_ random: inout SeededRandom) throws(Diagnostic) -> [GeneratedFacilitator] {
    guard let request = options.facilitators else { return [] }
    let count: Int
    switch request {
    case .auto: count = max(1, (options.candidates + 11) / 12)
    case .exactly(let value): count = value
    }
    var registry = Registry()
    for candidate in candidates {
      if let email = candidate.email { registry.reserve(email) }
    }
    let languageTable = WeightedTable([70, 25, 5])
    let languageChoices = [["nl"], ["nl", "en"], ["en"]]
    let maxGroupsTable = WeightedTable([30, 45, 25])
    let horizon = scheduleHorizon(options.program)
    var result: [GeneratedFacilitator] = []
    for index in 0..<count {
      let organization: String?
      let roll = random.unit()
      if roll < 0.5 {
        organization = random.pick(Vocabulary.bureaus)
      } else if roll < 0.8, let candidate = random.pick(candidates) {
        organization = candidate.organization
      } else {
        organization = nil
      }
      let languages = languageChoices[languageTable.draw(&random)]
      let domain = organization.map { Vocabulary.asciiSlug($0, separator: "-") + ".example" }
      let (name, email) = registry.person(
        english: languages == ["en"], domain: domain ?? "mail.example", &random)
      let slots = random.sampleWithoutReplacement(
        weights: menu.map(\.1), count: random.int(in: 2...4))
      var unavailable: [Int] = []
      for _ in 0..<random.int(in: 0...3) {
        let day = horizon.lowerBound + random.below(horizon.count)
        if !unavailable.contains(day) { unavailable.append(day) }
      }
      result.append(
        GeneratedFacilitator(
          id: "f\(index + 1)", name: name, email: email, languages: languages,
          organization: organization, availability: SlotSet(slots.map { menu[$0].0 }),
          maxGroups: maxGroupsTable.draw(&random) + 1,
          unavailable: unavailable.sorted().map(CivilDay.iso)))
    }
    return result
  }

  func rooms(_ random: inout SeededRandom) throws(Diagnostic) -> [GeneratedRoom] {
    guard let request = options.rooms else { return [] }
    let count: Int
    switch request {
    case .auto: count = max(1, (options.candidates + 29) / 30)
    case .exactly(let value): count = value
    }
    var result: [GeneratedRoom] = []
    for index in 0..<count {
      let slots = random.sampleWithoutReplacement(
        weights: menu.map(\.1), count: random.int(in: 3...6))
      result.append(
        GeneratedRoom(
          id: "r\(index + 1)", name: venueName(index).name, capacity: random.int(in: 6...12),
          accessible: random.chance(0.4), availability: SlotSet(slots.map { menu[$0].0 }),
          location: venueName(index).location))
    }
    return result
  }
}

/// The room name and location of the `index`-th room: venues in turn, numbered on reuse.
func venueName(_ index: Int) -> (name: String, location: String) {
  let venues = Vocabulary.venues
  let venue = venues[index % venues.count]
  let round = index / venues.count
  return (round == 0 ? venue.0 : "\(venue.0) \(round + 1)", venue.1)
}

/// The days from the schedule start to the end of the programme's last session.
func scheduleHorizon(_ program: GeneratorProgram) -> Range<Int> {
  let start = CivilDay.parse(GeneratorCalendar.scheduleStart) ?? 0
  let rhythm = program.sessionsAndCadence
  return start..<(start + rhythm.sessions * rhythm.weeks * 7)
}
