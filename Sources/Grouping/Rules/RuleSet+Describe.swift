import Intake

extension RuleSet {
  /// The group of these people (indices) under `id`, with the scores the reports show,
  /// scored by the one objective.
  public func describe(id: String, members indices: [Int]) -> FormedGroup {
    let people = indices.map { candidates[$0] }
    var mask = SharedMask.everything
    for i in indices { mask &= masks[i] }
    let format: MeetingFormat =
      people.contains { $0.format == .online }
      ? .online : (people.contains { $0.format == .inPerson } ? .inPerson : .either)

    let levels = people.compactMap(\.level)
    let years = people.map(\.yearsExperience)
    let (diversity, value) = score(indices)
    return FormedGroup(
      id: id, members: people.map(\.id).sorted(),
      language: language(of: people, sharing: SharedMask.languages(mask)),
      format: format,
      slots: SlotSet(mask: UInt32(truncatingIfNeeded: mask & SharedMask.slotBits)).slots,
      diversity: diversity, value: value,
      distinctSectors: Set(people.map { ValueKey($0.sector) }).count,
      experienceRange: (years.min() ?? 0)...(years.max() ?? 0),
      levelGap: levels.isEmpty ? nil : (levels.max() ?? 0) - (levels.min() ?? 0))
  }

  /// The language a group is held in: the one language everyone shares when languages are
  /// matched by set (among several, the one most members named first, then the first
  /// written), else the members' first language when they all have the same.
  private func language(of people: [Candidate], sharing bits: UInt32) -> String? {
    guard !languageNames.isEmpty else {
      let first = Set(people.map { ValueKey($0.language) })
      return first.count == 1 ? people.first?.language : nil
    }
    let shared = languageNames.indices.filter { $0 < 32 && bits & (1 << UInt32($0)) != 0 }
    guard !shared.isEmpty else { return nil }
    func named(_ code: Int) -> Int {
      let key = ValueKey(languageNames[code])
      return people.filter { ValueKey($0.language) == key }.count
    }
    let best = shared.max { a, b in
      let (x, y) = (named(a), named(b))
      return x != y ? x < y : a > b
    }
    return best.map { languageNames[$0] }
  }
}
