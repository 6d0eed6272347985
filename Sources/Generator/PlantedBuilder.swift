import Intake

/// Builds a `planted` batch: a hidden grouping that satisfies the programme's hard rules, with
/// a known diversity, and (when asked) facilitators and rooms that fit a hidden schedule.
struct PlantedBuilder {
  var options: GeneratorOptions

  /// One hidden group before its members get ids.
  private struct Plan {
    var size: Int
    var english: Bool
    var format: MeetingFormat
    var level: Int
    var slotIndex: Int
    var needsAccessibleRoom: Bool
    var members: [Int] = []
  }

  func build() throws(Diagnostic) -> GeneratedBatch {
    let rules = options.program.plantedRules
    let n = options.candidates
    guard let sizes = Self.partition(n, rules) else {
      let below = stride(from: n - 1, through: 1, by: -1).first { Self.partition($0, rules) != nil }
      let above = (n + 1...n + rules.sizeMax).first { Self.partition($0, rules) != nil }
      let hint = [below, above].compactMap { $0 }.map(String.init).joined(separator: " or ")
      throw BatchGenerator.usage(
        "--candidates", code: "generate-planted-size",
        "a planted \(options.program.rawValue) batch splits into groups of "
          + "\(rules.sizeMin)–\(rules.sizeMax) members, which \(n) candidates cannot; "
          + "try \(hint)")
    }
    var random = SeededRandom(seed: options.seed)
    let shape = ProfileShape.of(.planted, options.program)
    let menu = options.program.commonSlots
    var registry = Registry()

    // Group attributes. Slots go round a shuffled menu so that every slot carries about the
    // same number of groups, which keeps the hidden schedule within facilitator capacity.
    var slotOrder = Array(menu.indices)
    random.shuffle(&slotOrder)
    let levelTable = WeightedTable(shape.levelShares)
    let formatTable = WeightedTable(shape.formatShares)
    var shuffledSizes = sizes
    random.shuffle(&shuffledSizes)
    var plans: [Plan] = shuffledSizes.enumerated().map { g, size in
      let format = formats[formatTable.draw(&random)]
      return Plan(
        size: size, english: random.chance(shape.englishShare), format: format,
        level: levelTable.draw(&random), slotIndex: slotOrder[g % slotOrder.count],
        needsAccessibleRoom: format != .online && random.chance(0.12))
    }

    // Organisations per sector; a group's members have distinct sectors, hence distinct
    // organisations, which is what makes the group both legal and diverse.
    var orgs: [Organization] = []
    var sectorOrgs: [[Int]] = []
    for (s, sector) in Vocabulary.sectors.enumerated() {
      let expected = Double(n) / Double(Vocabulary.sectors.count) + Double(n) * sector.share
      let count = max(shape.minimumOrgs, Int((expected.squareRoot()).rounded()))
      let made = registry.organizations(sector: s, count: count, &random)
      sectorOrgs.append(Array(orgs.count..<(orgs.count + made.count)))
      orgs += made
    }
    let orgTables = sectorOrgs.map { WeightedTable.zipf(count: $0.count, exponent: 1.0) }
    let reference = CivilDay.parse(GeneratorCalendar.referenceDate) ?? 0
    let sectorWeights = Vocabulary.sectors.map(\.share)

    var people: [Candidate] = []
    var orgOf: [Int?] = []
    var groupOf: [Int] = []
    for g in plans.indices {
      let plan = plans[g]
      let sectors = random.sampleWithoutReplacement(weights: sectorWeights, count: plan.size)
      var strata = Array(0..<plan.size)
      random.shuffle(&strata)
      let band = Vocabulary.yearsByLevel[plan.level]
      let accessibleMember = plan.needsAccessibleRoom ? random.below(plan.size) : -1
      for j in 0..<plan.size {
        let s = sectors.at(j) ?? 0
        let sector = Vocabulary.sectors[s]
        var org: Int? = nil
        if !random.chance(0.05), let table = orgTables.at(s), let list = sectorOrgs.at(s) {
          org = list.at(table.draw(&random))
        }
        let organization = org.flatMap { orgs.at($0) }
        // Stratified years: member j lands in its own slice of the level's band.
        let fraction = (Double(strata.at(j) ?? 0) + random.unit()) / Double(plan.size)
        let years = (band.low + (band.high - band.low) * fraction).rounded(.down)
        let (name, email) = registry.person(
          english: plan.english, domain: organization?.domain ?? "mail.example", &random)
        let format: MeetingFormat =
          switch plan.format {
          case .either: .either
          case .online: random.chance(0.6) ? .online : .either
          case .inPerson: random.chance(0.6) ? .inPerson : .either
          }
        var availability = SlotSet()
        if let slot = menu.at(plan.slotIndex)?.0 { availability.insert(slot) }
        for extra in random.sampleWithoutReplacement(
          weights: menu.map(\.1), count: random.int(in: 0...2))
        {
          if let slot = menu.at(extra)?.0 { availability.insert(slot) }
        }
        let goals = plan.english ? Vocabulary.englishLearningGoals : Vocabulary.dutchLearningGoals
        let region =
          if let organization, random.chance(0.85) { organization.region } else {
            registry.region(&random)
          }
        people.append(
          Candidate(
            id: CandidateID(""), name: name, email: email, organization: organization?.name,
            department: organization == nil ? nil : random.pick(sector.departments),
            sector: sector.name, profession: random.pick(sector.professions), level: plan.level,
            levelName: Vocabulary.levels[plan.level], yearsExperience: years,
            language: plan.english ? "en" : "nl", format: format, region: region,
            availability: availability,
            needsAccessible: j == accessibleMember
              || (plan.format == .online && random.chance(0.03)),
            ratings: ReadinessClass.ready.ratings(&random),
            learningGoal: random.chance(0.9) ? random.pick(goals) : nil,
            intakeDate: CivilDay.iso(reference - 1 - random.below(92))))
        orgOf.append(org)
        groupOf.append(g)
      }
    }

    // Hide the groups: file order is a shuffle, ids follow file order.
    var order = Array(people.indices)
    random.shuffle(&order)
    var candidates: [Candidate] = []
    candidates.reserveCapacity(n)
    var shuffledOrg: [Int?] = []
    var shuffledGroup: [Int] = []
    for (position, source) in order.enumerated() {
      var person = people[source]
      person.id = CandidateID("c\(position + 1)")
      person.line = position + 2
      candidates.append(person)
      shuffledOrg.append(orgOf[source])
      shuffledGroup.append(groupOf[source])
      plans[groupOf[source]].members.append(position)
    }
    // Managers sit at a higher level, so never in a member's own (level) group.
    assignManagers(&candidates, orgOf: shuffledOrg, orgCount: orgs.count, share: 0.4, &random)
    assignCrossGroupAvoids(&candidates, groupOf: shuffledGroup, &random)

    var groups: [PlantedGroup] = plans.enumerated().map { g, plan in
      let members = plan.members.sorted()
      return PlantedGroup(
        id: groupID(g, of: plans.count), members: members.map { candidates[$0].id },
        language: plan.english ? "en" : "nl", format: plan.format.rawValue,
        level: Vocabulary.levels[plan.level], slot: menu[plan.slotIndex].0,
        diversity: Self.diversity(members.map { candidates[$0] }, rules))
    }

    var resourceRandom = SeededRandom(seed: options.seed ^ BatchGenerator.resourceStream)
    var facilitators: [GeneratedFacilitator] = []
    var capacity: Int? = nil
    if let request = options.facilitators {
      let result = try plantFacilitators(
        request, plans: plans, candidates: candidates, &groups, &resourceRandom)
      facilitators = result
      capacity = result.reduce(0) { $0 + $1.maxGroups }
    }
    var rooms: [GeneratedRoom] = []
    if let request = options.rooms {
      rooms = try plantRooms(request, plans: plans, &groups, &resourceRandom)
    }

    let diversity = groups.reduce(0) { $0 + $1.diversity }
    let deviation = groups.reduce(0) { $0 + abs($1.members.count - rules.sizeTarget) }
    let solution = PlantedSolution(
      rules: rules, groups: groups, diversity: diversity, sizeDeviation: deviation,
      objective: diversity - rules.sizePenalty * Double(deviation), facilitatorCapacity: capacity)
    return GeneratedBatch(
      options: options, candidates: candidates, facilitators: facilitators, rooms: rooms,
      planted: solution)
  }

  /// Splits `n` into group sizes within the rules, as close to the target as the count allows.
  static func partition(_ n: Int, _ rules: PlantedRules) -> [Int]? {
    guard n >= rules.sizeMin, rules.sizeMin >= 1, rules.sizeMax >= rules.sizeMin else {
      return nil
    }
    let fewest = (n + rules.sizeMax - 1) / rules.sizeMax
    let most = n / rules.sizeMin
    guard fewest <= most else { return nil }
    let preferred = Int((Double(n) / Double(rules.sizeTarget)).rounded())
    let k = min(most, max(fewest, preferred))
    let base = n / k
    let larger = n % k
    return (0..<k).map { $0 < larger ? base + 1 : base }
  }

  /// D(g) = Σ_{i<j} d_ij / (|g| − 1) with d_ij from years and sector.
  static func diversity(_ members: [Candidate], _ rules: PlantedRules) -> Double {
    guard members.count > 1 else { return 0 }
    var sum = 0.0
    for i in members.indices {
      for j in members.indices where j > i {
        let years = min(abs(members[i].yearsExperience - members[j].yearsExperience), 15) / 15
        let sector = members[i].sector == members[j].sector ? 0.0 : 1.0
        sum += rules.yearsWeight * years + rules.sectorWeight * sector
      }
    }
    return sum / Double(members.count - 1)
  }

  /// Avoid pairs across hidden groups, mostly between people who could otherwise meet (same
  /// language and level), so that the rule removes real alternatives.
  private func assignCrossGroupAvoids(
    _ candidates: inout [Candidate], groupOf: [Int], _ random: inout SeededRandom
  ) {
    let n = candidates.count
    guard let firstGroup = groupOf.first, groupOf.contains(where: { $0 != firstGroup }) else {
      return
    }
    let pairs = max(1, Int((Double(n) * 0.01).rounded()))
    for _ in 0..<pairs {
      let a = random.below(n)
      var partner: Int? = nil
      for _ in 0..<40 {
        let b = random.below(n)
        if groupOf[b] != groupOf[a], candidates[b].language == candidates[a].language,
          candidates[b].level == candidates[a].level
        {
          partner = b
          break
        }
      }
      if partner == nil {
        partner = (0..<n).first { groupOf[($0 + a) % n] != groupOf[a] }.map { ($0 + a) % n }
      }
      guard let b = partner else { continue }
      let other = candidates[b].id
      if !candidates[a].avoid.contains(other) && !candidates[b].avoid.contains(candidates[a].id) {
        candidates[a].avoid.append(other)
      }
    }
  }

  /// Facilitators for the hidden schedule: each leads groups at distinct slots, speaks their
  /// language and comes from none of their members' organisations; total capacity stays at
  /// most groups / 0.85.
  private func plantFacilitators(
    _ request: ResourceCount, plans: [Plan], candidates: [Candidate],
    _ groups: inout [PlantedGroup],
    _ random: inout SeededRandom
  ) throws(Diagnostic) -> [GeneratedFacilitator] {
    let g = plans.count
    let fewest = (g + 2) / 3
    let most = g * 100 / 85
    let count: Int
    switch request {
    case .auto: count = min(most, max(fewest, (max(g, g * 100 / 88) + 1) / 2))
    case .exactly(let value): count = value
    }
    guard (fewest...most).contains(count) else {
      throw BatchGenerator.usage(
        "--facilitators", code: "generate-planted-facilitators",
        "a planted batch of \(options.candidates) candidates has \(g) "
          + (g == 1 ? "group" : "groups") + "; for a full "
          + "schedule to need at least 85 % of facilitator capacity (each facilitator leads 1–3 "
          + "groups) --facilitators must be between \(fewest) and \(most), got \(count)")
    }
    let menu = options.program.commonSlots

    // Loads as even as possible; the busiest facilitators are filled first.
    var loads = (0..<count).map { $0 < g % count ? g / count + 1 : g / count }
    random.shuffle(&loads)
    let byLoad = (0..<count).sorted { loads[$0] > loads[$1] || (loads[$0] == loads[$1] && $0 < $1) }
    var bySlot = [[Int]](repeating: [], count: menu.count)
    for (index, plan) in plans.enumerated() { bySlot[plan.slotIndex].append(index) }
    var assigned = [[Int]](repeating: [], count: count)
    for f in byLoad {
      let load = loads[f]
      guard load > 0 else { continue }
      // Taking from the fullest slots first keeps every slot coverable by the rest.
      var tieBreak = Array(menu.indices)
      random.shuffle(&tieBreak)
      let slots = menu.indices.filter { !bySlot[$0].isEmpty }.sorted {
        bySlot[$0].count > bySlot[$1].count
          || (bySlot[$0].count == bySlot[$1].count && tieBreak[$0] < tieBreak[$1])
      }
      guard slots.count >= load else {
        throw BatchGenerator.usage(
          "--facilitators", code: "generate-planted-facilitators",
          "cannot spread \(g) groups over \(count) facilitators at distinct slots; "
            + "try more facilitators")
      }
      var english: Bool? = nil
      for slot in slots.prefix(load) {
        let list = bySlot[slot]
        let pick = list.firstIndex { english == nil || plans[$0].english == english } ?? 0
        let group = list[pick]
        bySlot[slot].remove(at: pick)
        english = english ?? plans[group].english
        assigned[f].append(group)
      }
    }

    // Capacity: everyone can take their load (at least 1), plus slack up to groups / 0.88,
    // never beyond groups / 0.85 nor 3 per facilitator.
    var maxGroups = loads.map { max($0, 1) }
    let floorCapacity = maxGroups.reduce(0, +)
    let capacity = min(3 * count, most, max(floorCapacity, g * 100 / 88))
    var slack = capacity - floorCapacity
    var slackOrder = Array(0..<count)
    random.shuffle(&slackOrder)
    while slack > 0 {
      var gave = false
      for f in slackOrder where slack > 0 && maxGroups[f] < 3 {
        maxGroups[f] += 1
        slack -= 1
        gave = true
      }
      if !gave { break }
    }

    var registry = Registry()
    for candidate in candidates {
      if let email = candidate.email { registry.reserve(email) }
    }
    let knownOrganizations = candidates.compactMap(\.organization)
    let horizon = scheduleHorizon(options.program)
    var ids = Array(0..<count)
    random.shuffle(&ids)
    var result: [GeneratedFacilitator] = []
    for f in 0..<count {
      let mine = assigned[f]
      var forbidden: [String] = []
      var availability = SlotSet()
      var languages: [String] = []
      for group in mine {
        for member in plans[group].members {
          if let org = candidates[member].organization, !forbidden.contains(org) {
            forbidden.append(org)
          }
        }
        if let slot = menu.at(plans[group].slotIndex)?.0 { availability.insert(slot) }
        let language = plans[group].english ? "en" : "nl"
        if !languages.contains(language) { languages.append(language) }
      }
      if languages.isEmpty { languages = random.chance(0.8) ? ["nl"] : ["en"] }
      if languages == ["nl"] && random.chance(0.2) { languages.append("en") }
      languages.sort { $0 == "nl" && $1 != "nl" }
      for extra in random.sampleWithoutReplacement(
        weights: menu.map(\.1), count: random.int(in: mine.isEmpty ? 2...3 : 0...2))
      {
        if let slot = menu.at(extra)?.0 { availability.insert(slot) }
      }

      var organization: String? = nil
      let roll = random.unit()
      if roll < 0.45 {
        organization = random.pick(Vocabulary.bureaus)
      } else if roll < 0.8 {
        for _ in 0..<20 {
          if let org = random.pick(knownOrganizations), !forbidden.contains(org) {
            organization = org
            break
          }
        }
        if organization == nil { organization = random.pick(Vocabulary.bureaus) }
      }

      // Days off fall on weekdays the facilitator never works, so the hidden schedule holds.
      let workdays = Set(availability.slots.map(\.weekday))
      var unavailable: [Int] = []
      for _ in 0..<random.int(in: 0...2) {
        for _ in 0..<50 {
          let day = horizon.lowerBound + random.below(horizon.count)
          if !workdays.contains(CivilDay.weekday(day)) {
            if !unavailable.contains(day) { unavailable.append(day) }
            break
          }
        }
      }

      let domain = organization.map { Vocabulary.asciiSlug($0, separator: "-") + ".example" }
      let (name, email) = registry.person(
        english: languages == ["en"], domain: domain ?? "mail.example", &random)
      let id = "f\(ids[f] + 1)"
      for group in mine { groups[group].facilitator = id }
      result.append(
        GeneratedFacilitator(
          id: id, name: name, email: email, languages: languages, organization: organization,
          availability: availability, maxGroups: maxGroups[f],
          unavailable: unavailable.sorted().map(CivilDay.iso)))
    }
    return result.sorted { naturalLess($0.id, $1.id) }
  }

  /// Rooms for the hidden schedule: every group that meets in person (or may) gets a room
  /// that is free at its slot, seats the group and the facilitator, and is accessible where
  /// a member needs it.
  private func plantRooms(
    _ request: ResourceCount, plans: [Plan], _ groups: inout [PlantedGroup],
    _ random: inout SeededRandom
  ) throws(Diagnostic) -> [GeneratedRoom] {
    let menu = options.program.commonSlots
    var bySlot = [[Int]](repeating: [], count: menu.count)
    for (index, plan) in plans.enumerated() where plan.format != .online {
      bySlot[plan.slotIndex].append(index)
    }
    // Groups that need an accessible room take the lowest room numbers, which are accessible.
    for slot in bySlot.indices {
      bySlot[slot].sort {
        (plans[$0].needsAccessibleRoom ? 0 : 1, $0) < (plans[$1].needsAccessibleRoom ? 0 : 1, $1)
      }
    }
    let needed = bySlot.map(\.count).max() ?? 0
    let neededAccessible =
      bySlot.map { $0.filter { plans[$0].needsAccessibleRoom }.count }.max() ?? 0
    let count: Int
    switch request {
    case .auto: count = max(1, needed + max(1, needed / 5))
    case .exactly(let value): count = value
    }
    guard count >= needed else {
      throw BatchGenerator.usage(
        "--rooms", code: "generate-planted-rooms",
        "a planted batch of \(options.candidates) candidates has up to \(needed) groups meeting "
          + "in person at the same weekly slot, so --rooms must be at least \(needed), got \(count)"
      )
    }
    let accessibleCount = min(count, max(neededAccessible, (count * 3 + 9) / 10))
    var hosted = [[Int]](repeating: [], count: count)
    for list in bySlot {
      for (room, group) in list.enumerated() { hosted[room].append(group) }
    }
    var ids = Array(0..<count)
    random.shuffle(&ids)
    var result: [GeneratedRoom] = []
    for room in 0..<count {
      var availability = SlotSet()
      var largest = 0
      for group in hosted[room] {
        if let slot = menu.at(plans[group].slotIndex)?.0 { availability.insert(slot) }
        largest = max(largest, plans[group].size)
      }
      for extra in random.sampleWithoutReplacement(
        weights: menu.map(\.1), count: random.int(in: hosted[room].isEmpty ? 2...4 : 0...2))
      {
        if let slot = menu.at(extra)?.0 { availability.insert(slot) }
      }
      let id = "r\(ids[room] + 1)"
      for group in hosted[room] { groups[group].room = id }
      let venue = venueName(ids[room])
      result.append(
        GeneratedRoom(
          id: id, name: venue.name, capacity: max(random.int(in: 6...12), largest + 1),
          accessible: room < accessibleCount, availability: availability,
          location: venue.location))
    }
    return result.sorted { naturalLess($0.id, $1.id) }
  }
}

/// `P01` … with enough digits for the number of groups.
func groupID(_ index: Int, of count: Int) -> String {
  let width = max(2, String(count).count)
  let digits = String(index + 1)
  return "P" + String(repeating: "0", count: width - digits.count) + digits
}
