import Intake

extension RuleSet {
  /// The group of these people (indices) under `id`, with the scores the reports show,
  /// scored by the one objective.
  public func describe(id: String, members indices: [Int]) -> FormedGroup {
    let people = indices.map { candidates[$0] }
    var mask: UInt32 = 0x1F_FFFF
    for c in people { mask &= c.availability.mask }
    let format: MeetingFormat =
      people.contains { $0.format == .online }
      ? .online : (people.contains { $0.format == .inPerson } ? .inPerson : .either)
    let languages = Set(people.map { ValueKey($0.language) })
    let levels = people.compactMap(\.level)
    let years = people.map(\.yearsExperience)
    let (diversity, value) = score(indices)
    return FormedGroup(
      id: id, members: people.map(\.id).sorted(),
      language: languages.count == 1 ? people.first?.language : nil,
      format: format, slots: SlotSet(mask: mask).slots, diversity: diversity, value: value,
      distinctSectors: Set(people.map { ValueKey($0.sector) }).count,
      experienceRange: (years.min() ?? 0)...(years.max() ?? 0),
      levelGap: levels.isEmpty ? nil : (levels.max() ?? 0) - (levels.min() ?? 0))
  }
}
