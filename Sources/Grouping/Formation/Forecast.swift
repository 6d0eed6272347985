import Intake

extension GroupFormation {
  /// The participants who could ever share a group with someone in `ids`, transitively:
  /// the union of the compatibility components that hold any of `ids`.
  public static func componentsHolding(_ ids: Set<CandidateID>, in problem: GroupingProblem)
    -> Set<CandidateID>
  {
    let graph = CompatibilityGraph(problem: problem)
    var result = Set<CandidateID>()
    for component in graph.components() {
      let people = component.flatMap { graph.units[$0].members.map { graph.candidates[$0].id } }
      if people.contains(where: { ids.contains($0) }) { result.formUnion(people) }
    }
    return result
  }
}

extension GroupFormation {
  /// A test of whether two participants could share a group under every pairwise rule of
  /// `problem`; people outside the participants are compatible with nobody.
  public static func pairwiseCompatibility(in problem: GroupingProblem)
    -> @Sendable (CandidateID, CandidateID) -> Bool
  {
    let graph = CompatibilityGraph(problem: problem)
    var unitOf: [CandidateID: Int] = [:]
    for (u, unit) in graph.units.enumerated() {
      for i in unit.members { unitOf[graph.candidates[i].id] = u }
    }
    let frozenUnits = unitOf
    return { a, b in
      guard let x = frozenUnits[a], let y = frozenUnits[b] else { return false }
      return x == y || graph.compatible(x, y)
    }
  }

  /// The participants who could share a group with `id` under every pairwise rule of
  /// `problem` (slots included), in file order.
  public static func compatiblePeers(of id: CandidateID, in problem: GroupingProblem)
    -> [CandidateID]
  {
    let graph = CompatibilityGraph(problem: problem)
    guard
      let u = graph.units.firstIndex(where: { unit in
        unit.members.contains { graph.candidates[$0].id == id }
      })
    else { return [] }
    let alive = graph.units.map { _ in true }
    return graph.neighbours(u, alive: alive).flatMap { graph.units[$0].members }.sorted()
      .map { graph.candidates[$0].id }
  }
}

/// Who could ever be placed, by counting alone, before any solve: `kring intake score`'s
/// placeability and feasibility forecast.
public struct FeasibilityForecast: Sendable {
  /// A set of participants who could ever share a group with each other.
  public struct Component: Sendable, Hashable {
    public var members: [CandidateID]
    /// How many groups its people allow at most (everyone in a group of `size.min`).
    public var maxGroups: Int
    /// How many groups it needs at least (everyone in a group of `size.max`).
    public var minGroups: Int
  }

  /// Per candidate (participant or not): how many participants could share a group with them.
  public var placeability: [CandidateID: Int]
  /// Components of the participants that counting does not rule out, largest first.
  public var components: [Component]
  /// Participants who cannot be placed, proven by counting, with reasons.
  public var unplaceable: [UnplacedCandidate]

  /// Analyses `problem`; its participants are usually the ready candidates.
  public static func analyse(_ problem: GroupingProblem) -> FeasibilityForecast {
    // Placeability: a graph over everyone, counting compatible participants.
    var everyone = problem
    everyone.participants = Set(problem.candidates.map(\.id))
    everyone.config.keepTogether = []
    let wide = CompatibilityGraph(problem: everyone)
    // One bit per participant's unit: a person's count is one AND and popcount per word.
    var taking = [UInt64](repeating: 0, count: wide.words)
    for (u, unit) in wide.units.enumerated()
    where unit.members.contains(where: { problem.participants.contains(wide.candidates[$0].id) }) {
      taking[u / 64] |= 1 << UInt64(u % 64)
    }
    var placeability: [CandidateID: Int] = [:]
    placeability.reserveCapacity(wide.units.count)
    for (u, unit) in wide.units.enumerated() {
      var count = 0
      for w in 0..<wide.words {
        count += (wide.bits[u * wide.words + w] & taking[w]).nonzeroBitCount
      }
      for i in unit.members { placeability[wide.candidates[i].id] = count }
    }

    // The forecast: counting proofs and components over the participants. Without
    // keep_together the wide graph's rules are theirs too.
    let graph =
      problem.config.keepTogether.isEmpty
      ? CompatibilityGraph(problem: problem, rules: wide.rules)
      : CompatibilityGraph(problem: problem)
    let (live, unplaceable) = GroupFormation.peel(graph)
    let config = problem.config
    var components: [Component] = []
    for units in graph.components() {
      let members = units.filter { live[$0] }.flatMap { graph.units[$0].members }
      guard !members.isEmpty else { continue }
      components.append(
        Component(
          members: members.map { graph.candidates[$0].id },
          maxGroups: members.count / max(1, config.size.min),
          minGroups: (members.count + config.size.max - 1) / max(1, config.size.max)))
    }
    components.sort { a, b in
      a.members.count != b.members.count
        ? a.members.count > b.members.count : (a.members.first ?? "") < (b.members.first ?? "")
    }
    return FeasibilityForecast(
      placeability: placeability, components: components,
      unplaceable: unplaceable.keys.sorted().compactMap { unplaceable[$0] })
  }
}
