import Intake

/// The hard rules of one batch, built once from the config and the people, and asked by
/// everyone: the compatibility graph, group enumeration, the search's feasibility counters,
/// refill, `kring explain`'s move check, the diagnosis and the audit.
///
/// Every value a rule compares is its ``ValueKey`` (NFC, case-folded, white space collapsed;
/// a department qualified by its organisation), compiled here once into small integer codes,
/// so that "Gemeente Utrecht" and "gemeente utrecht " are one organisation for every caller.
///
/// Pairwise rules (`match`, `separate` with a limit of 1, the level window, reporting lines,
/// `avoid`, `keep_apart`, `met_before: avoid`, and the slots a pair shares) answer
/// ``compatible(_:_:)`` in a few instructions, and ``compatibleRow(of:in:into:)`` for one
/// person against a whole list at once; ``violations(of:scheduledSlot:checkMinimum:)``
/// names every rule a whole group breaks, with its evidence.
public struct RuleSet: Sendable {
  /// A `separate` attribute compiled to value codes.
  struct Separated: Sendable {
    var attribute: String
    var limit: Int
    /// Each person's value code, or −1 when blank.
    var codes: [Int32]
    /// The number of distinct values.
    var valueCount: Int
  }

  public let config: GroupsConfig
  /// Everyone known, in file order: reporting chains run through all of them.
  public let candidates: [Candidate]
  /// The one objective.
  public let objective: Objective
  /// Index of each person in `candidates`.
  public let index: [CandidateID: Int]
  /// Ids in `keep_apart` or `keep_together` that name nobody in the batch.
  public let unresolvedIDs: [CandidateID]
  /// The `keep_together` sets as written, resolved to indices (two or more each).
  public let keepTogether: [[Int]]

  /// `match: format`: 0 either, 1 online, 2 in person; empty when format is not matched.
  let formats: [UInt8]
  /// The other `match` attributes, each person's value code (−1 when blank).
  let matched: [(attribute: String, codes: [Int32])]
  let separated: [Separated]
  /// Level ranks (−1 when unknown); empty when levels are not used.
  let levels: [Int]
  /// Each person's slots and, when languages are matched by set, languages
  /// (``SharedMask``).
  let masks: [UInt64]
  /// Under `match: [language]`, each language code's name as first written (a person who
  /// speaks several can join a group in any of them); empty when languages are not matched
  /// by set.
  let languageNames: [String]
  /// Everyone above each person in their reporting chain; empty lists when reporting lines
  /// are not kept apart.
  let ancestors: [[Int]]
  /// Per person, the people they may never meet (reporting lines, avoid, keep_apart,
  /// `met_before: avoid`), sorted.
  let forbidden: [[Int32]]
  let avoidPairs: Set<PairKey>
  let apartPairs: Set<PairKey>
  /// Every pair who met in an earlier plan (penalised or avoided per the config).
  public let metPairs: Set<PairKey>
  /// `groups.diversify` compiled: each term's weight and each person's value code (−1 when
  /// blank), or `nil` codes for years of experience.
  let diversityTerms: [(weight: Double, codes: [Int32]?)]
  let years: [Double]

  /// Compiles the rules of `config` for `candidates`.
  ///
  /// - Parameters:
  ///   - reportingLines: manager links of every row of the file, skipped rows included, so
  ///     that a chain through a row left out still counts; by default the candidates' own.
  ///   - metBefore: pairs who shared a group in an earlier plan (`groups.history`).
  public init(
    candidates: [Candidate], config: GroupsConfig,
    reportingLines: [CandidateID: CandidateID]? = nil,
    metBefore: [(CandidateID, CandidateID)] = []
  ) {
    self.config = config
    self.candidates = candidates
    objective = Objective(config)
    var index: [CandidateID: Int] = [:]
    index.reserveCapacity(candidates.count)
    for (i, c) in candidates.enumerated() where index[c.id] == nil { index[c.id] = i }
    self.index = index
    let n = candidates.count

    func codes(_ attribute: String) -> (codes: [Int32], count: Int) {
      var table: [ValueKey: Int32] = [:]
      let list: [Int32] = candidates.map { c in
        guard let key = c.key(attribute) else { return -1 }
        if let code = table[key] { return code }
        let code = Int32(table.count)
        table[key] = code
        return code
      }
      return (list, table.count)
    }
    formats =
      config.match.contains("format")
      ? candidates.map {
        switch $0.format {
        case .either: 0
        case .online: 1
        case .inPerson: 2
        }
      } : []
    // Languages are matched by set ("Nederlands of Engels" joins a Dutch or an English
    // group): a bit per language in the shared mask, as long as the languages fit in it.
    var languageTable: [ValueKey: Int] = [:]
    var names: [String] = []
    let spoken: [[Int]] = candidates.map { c in
      c.languages.compactMap { language in
        let key = ValueKey(language)
        if key.isEmpty { return nil }
        if let code = languageTable[key] { return code }
        languageTable[key] = names.count
        names.append(language)
        return names.count - 1
      }
    }
    let bySet =
      config.match.contains("language") && names.count <= SharedMask.languageCapacity
    languageNames = bySet ? names : []
    matched = config.match.filter { $0 != "format" && !(bySet && $0 == "language") }.map {
      ($0, codes($0).codes)
    }
    separated = config.separate.keys.sorted().map { attribute in
      let compiled = codes(attribute)
      return Separated(
        attribute: attribute, limit: config.separate[attribute] ?? 1, codes: compiled.codes,
        valueCount: compiled.count)
    }
    levels = config.hierarchy.maxLevelGap == nil ? [] : candidates.map { $0.level ?? -1 }
    diversityTerms = config.diversify.filter { $0.weight != 0 }.map { term in
      (term.weight, term.attribute == "years_experience" ? nil : codes(term.attribute).codes)
    }
    years = candidates.map(\.yearsExperience)
    masks = candidates.indices.map { i in
      SharedMask.of(candidates[i].availability, languages: bySet ? spoken[i] : nil)
    }

    // Reporting chains, followed through every row of the file.
    var ancestors = [[Int]](repeating: [], count: n)
    if config.hierarchy.separateReportingLines {
      let links = reportingLines ?? Self.managerLinks(candidates)
      for i in 0..<n {
        var seen: Set<CandidateID> = [candidates[i].id]
        var current = links[candidates[i].id]
        while let m = current, !seen.contains(m) {
          seen.insert(m)
          if let j = index[m] { ancestors[i].append(j) }
          current = links[m]
        }
      }
    }
    self.ancestors = ancestors

    var unresolved: [CandidateID] = []
    func resolve(_ list: [CandidateID]) -> [Int] {
      var result: [Int] = []
      for id in list {
        if let i = index[id] {
          if !result.contains(i) { result.append(i) }
        } else if !unresolved.contains(id) {
          unresolved.append(id)
        }
      }
      return result
    }
    var avoid = Set<PairKey>()
    for (i, c) in candidates.enumerated() {
      for other in c.avoid { if let j = index[other], j != i { avoid.insert(PairKey(i, j)) } }
    }
    var apart = Set<PairKey>()
    for list in config.keepApart {
      let present = resolve(list)
      for a in present.indices {
        for b in present.indices where b > a { apart.insert(PairKey(present[a], present[b])) }
      }
    }
    var met = Set<PairKey>()
    for (a, b) in metBefore {
      if let i = index[a], let j = index[b], i != j { met.insert(PairKey(i, j)) }
    }
    avoidPairs = avoid
    apartPairs = apart
    metPairs = met

    keepTogether = config.keepTogether.map(resolve).filter { $0.count > 1 }
    unresolvedIDs = unresolved

    var forbidden = [[Int32]](repeating: [], count: n)
    func forbid(_ i: Int, _ j: Int) {
      forbidden[i].append(Int32(j))
      forbidden[j].append(Int32(i))
    }
    for pair in avoid.union(apart) { forbid(pair.a, pair.b) }
    if config.history.metBefore == .avoid { for pair in met { forbid(pair.a, pair.b) } }
    for i in 0..<n { for a in ancestors[i] where a != i { forbid(i, a) } }
    self.forbidden = forbidden.map { Array(Set($0)).sorted() }
  }

  /// Manager links from the candidates' own `manager_id`.
  static func managerLinks(_ candidates: [Candidate]) -> [CandidateID: CandidateID] {
    var links: [CandidateID: CandidateID] = [:]
    for c in candidates { if let m = c.managerID, links[c.id] == nil { links[c.id] = m } }
    return links
  }

  /// The number of people known.
  public var count: Int { candidates.count }

  // MARK: Pairs

  /// Whether people `i` and `j` may share a group under every pairwise rule: `match`,
  /// `separate` with a limit of 1, the level window, the safety rules, `met_before: avoid`, and
  /// at least `min_common_slots` shared slots.
  ///
  /// The one arbiter of the pairwise rules: ``compatibleRow(of:in:into:)`` answers the same
  /// question for many `j` at once from the same compiled values and the same predicates.
  @inline(__always)
  public func compatible(_ i: Int, _ j: Int) -> Bool {
    if !formats.isEmpty && !Self.formatsFit(formats[i], formats[j]) { return false }
    for m in matched where m.codes[i] != m.codes[j] { return false }
    for s in separated where s.limit < 2 && Self.clash(s.codes[i], s.codes[j]) { return false }
    if let gap = config.hierarchy.maxLevelGap, !Self.levelsFit(levels[i], levels[j], gap: gap) {
      return false
    }
    if !SharedMask.satisfies(masks[i] & masks[j], slots: config.minCommonSlots) { return false }
    let list = forbidden[i]
    return list.isEmpty || !Self.contains(list, Int32(j))
  }

  /// Sets `row` to ``compatible(_:_:)`` of person `i` with every person of `index`: bit `p`
  /// of `row` (`index.words` words) for `index.people[p]`.
  ///
  /// Each rule narrows the row with whole words (the people of a value, a level window, a
  /// slot), in the order ``compatible(_:_:)`` checks them, instead of testing each pair.
  /// `i` need not be in `index`.
  public func compatibleRow(of i: Int, in index: CompatibilityIndex, into row: inout [UInt64]) {
    let words = index.words
    if row.count != words { row = [UInt64](repeating: 0, count: words) }
    row.withUnsafeMutableBufferPointer { out in
      let start = formats.isEmpty ? index.everyone : index.formatFits[Int(formats[i])]
      for w in 0..<words { out[w] = start[w] }
      for (k, m) in matched.enumerated() {
        index.matched[k].keepSharing(m.codes[i], in: out)
      }
      for s in index.separated {
        // Those who clash with `i` share its value, and none do when it is blank.
        let code = separated[s.rule].codes[i]
        if Self.clash(code, code) { s.classes.removeSharing(code, in: out) }
      }
      if let gap = config.hierarchy.maxLevelGap {
        index.levels.keepFitting(levels[i], gap: gap, in: out)
      }
      index.shared.keepSatisfying(masks[i], slots: config.minCommonSlots, in: out)
      for j in forbidden[i] {
        let p = index.position[Int(j)]
        if p >= 0 { out[Int(p) >> 6] &= ~(1 << UInt64(p & 63)) }
      }
    }
  }

  /// Whether formats `a` and `b` (0 either, 1 online, 2 in person) may meet: `either` fits both.
  @inline(__always)
  static func formatsFit(_ a: UInt8, _ b: UInt8) -> Bool { a == b || a == 0 || b == 0 }

  /// Whether two values of a `separate` attribute with a limit of 1 keep a pair apart: the
  /// same value, not blank.
  @inline(__always)
  static func clash(_ a: Int32, _ b: Int32) -> Bool { a >= 0 && a == b }

  /// Whether level ranks `a` and `b` (−1 unknown) are within `gap`: an unknown level fits any.
  @inline(__always)
  static func levelsFit(_ a: Int, _ b: Int, gap: Int) -> Bool {
    a < 0 || b < 0 || abs(a - b) <= gap
  }

  /// Binary search in a sorted list.
  @inline(__always)
  static func contains(_ list: [Int32], _ value: Int32) -> Bool {
    var low = 0
    var high = list.count
    while low < high {
      let mid = (low + high) >> 1
      if list[mid] < value { low = mid + 1 } else { high = mid }
    }
    return low < list.count && list[low] == value
  }

  /// The pairwise rules `i` and `j` would break by sharing a group, in rule order.
  public func pairViolations(_ i: Int, _ j: Int) -> [RuleViolation] {
    violations(of: [i, j]).filter { $0.rule != .sizeMin && $0.rule != .sizeMax }
  }

  // MARK: Groups

  /// Every rule the group `members` (indices) breaks, one entry per rule, in rule order.
  ///
  /// - Parameters:
  ///   - scheduledSlot: the slot the group meets at, when it is scheduled: every member must
  ///     have it.
  ///   - checkMinimum: whether a group below `size.min` breaks a rule (a finished group does;
  ///     one being built does not yet).
  public func violations(of members: [Int], scheduledSlot: Slot? = nil, checkMinimum: Bool = false)
    -> [RuleViolation]
  {
    var found: [HardRule: RuleViolation] = [:]
    func add(_ v: RuleViolation) { if found[v.rule] == nil { found[v.rule] = v } }
    let ids = { (list: [Int]) in list.map { candidates[$0].id } }
    if members.count > config.size.max {
      add(
        RuleViolation(
          rule: .sizeMax, evidence: ["size": .int(members.count), "limit": .int(config.size.max)]
        ))
    }
    if checkMinimum && members.count < config.size.min {
      add(
        RuleViolation(
          rule: .sizeMin, evidence: ["size": .int(members.count), "limit": .int(config.size.min)]
        ))
    }
    for (k, i) in members.enumerated() {
      for j in members[..<k] { pairRules(j, i, add) }
    }
    for s in separated {
      var tally: [Int32: [Int]] = [:]
      for i in members where s.codes[i] >= 0 { tally[s.codes[i], default: []].append(i) }
      let worst = tally.values.filter { $0.count > s.limit }.max { a, b in
        a.count != b.count ? a.count < b.count : a[0] > b[0]
      }
      if let worst {
        add(
          RuleViolation(
            rule: .separate(s.attribute), people: ids(worst),
            evidence: [
              "attribute": .text(s.attribute),
              "value": .text(candidates[worst[0]].attribute(s.attribute) ?? ""),
              "count": .int(worst.count), "limit": .int(s.limit),
            ]))
      }
    }
    var mask = SharedMask.everything
    for i in members { mask &= masks[i] }
    if !members.isEmpty && SharedMask.slots(mask) < config.minCommonSlots {
      add(
        RuleViolation(
          rule: .commonSlots, people: members.count == 1 ? ids(members) : [],
          evidence: [
            "shared": .int(SharedMask.slots(mask)), "limit": .int(config.minCommonSlots),
          ]))
    }
    if !members.isEmpty && SharedMask.languages(mask) == 0 {
      add(
        RuleViolation(
          rule: .match("language"), people: ids(members),
          evidence: [
            "attribute": .text("language"),
            "languages": .list(
              Array(Set(members.flatMap { candidates[$0].languages })).sorted()),
          ]))
    }
    if let slot = scheduledSlot {
      let missing = members.filter { !candidates[$0].availability.contains(slot) }
      if !missing.isEmpty {
        add(
          RuleViolation(
            rule: .scheduledSlot, people: ids(missing), evidence: ["slot": .text(slot.token)]))
      }
    }
    return found.values.sorted { $0.rule < $1.rule }
  }

  /// The pairwise rules `i` (listed first) and `j` break, each with its evidence.
  private func pairRules(_ i: Int, _ j: Int, _ add: (RuleViolation) -> Void) {
    let a = candidates[i]
    let b = candidates[j]
    let pair = [a.id, b.id]
    if !formats.isEmpty && !Self.formatsFit(formats[i], formats[j]) {
      add(
        RuleViolation(
          rule: .match("format"), people: pair,
          evidence: [
            "attribute": .text("format"), "value_a": .text(a.format.rawValue),
            "value_b": .text(b.format.rawValue),
          ]))
    }
    for m in matched where m.codes[i] != m.codes[j] {
      add(
        RuleViolation(
          rule: .match(m.attribute), people: pair,
          evidence: [
            "attribute": .text(m.attribute),
            "value_a": a.attribute(m.attribute).map(EvidenceValue.text) ?? .null,
            "value_b": b.attribute(m.attribute).map(EvidenceValue.text) ?? .null,
          ]))
    }
    if let gap = config.hierarchy.maxLevelGap, !Self.levelsFit(levels[i], levels[j], gap: gap) {
      add(
        RuleViolation(
          rule: .levelGap, people: pair,
          evidence: [
            "level_a": .text(a.levelName ?? String(levels[i] + 1)),
            "level_b": .text(b.levelName ?? String(levels[j] + 1)),
            "gap": .int(abs(levels[i] - levels[j])), "limit": .int(gap),
          ]))
    }
    let key = PairKey(i, j)
    if ancestors[i].contains(j) || ancestors[j].contains(i) {
      // The person who reports first, then the one above them.
      let ordered = ancestors[i].contains(j) ? pair : [b.id, a.id]
      add(RuleViolation(rule: .reportingLine, people: ordered))
    }
    if avoidPairs.contains(key) {
      let ordered = a.avoid.contains(b.id) ? pair : [b.id, a.id]
      add(RuleViolation(rule: .avoid, people: ordered))
    }
    if apartPairs.contains(key) { add(RuleViolation(rule: .keepApart, people: pair)) }
    if config.history.metBefore == .avoid && metPairs.contains(key) {
      add(RuleViolation(rule: .metBefore, people: pair))
    }
  }

  /// Whether the group `members` (indices) keeps every rule, without naming what it breaks:
  /// the fast form of ``violations(of:scheduledSlot:checkMinimum:)`` for searches.
  public func isValid(_ members: [Int], scheduledSlot: Slot? = nil, checkMinimum: Bool = false)
    -> Bool
  {
    if members.count > config.size.max { return false }
    if checkMinimum && members.count < config.size.min { return false }
    var mask = SharedMask.everything
    for (k, i) in members.enumerated() {
      mask &= masks[i]
      for j in members[..<k] where !compatible(i, j) { return false }
    }
    if !members.isEmpty && !SharedMask.satisfies(mask, slots: config.minCommonSlots) {
      return false
    }
    if let slot = scheduledSlot, mask & (1 << UInt64(slot.index)) == 0 { return false }
    for s in separated where s.limit >= 2 {
      var tally: [Int32: Int] = [:]
      for i in members where s.codes[i] >= 0 {
        let count = tally[s.codes[i], default: 0] + 1
        if count > s.limit { return false }
        tally[s.codes[i]] = count
      }
    }
    return true
  }

  /// The units `keep_together` makes among `present`: sets merged where they share someone
  /// present, each sorted, with everyone present not tied to anyone as a unit of one; in order
  /// of first member.
  ///
  /// People who are not present (not taking part, or already placed) tie nobody together.
  public func keepTogetherUnits(among present: [Int]) -> [[Int]] {
    let isPresent = Set(present)
    var parent: [Int: Int] = [:]
    for i in present { parent[i] = i }
    func find(_ x: Int) -> Int {
      var r = x
      while let p = parent[r], p != r { r = p }
      var y = x
      while let p = parent[y], p != r {
        parent[y] = r
        y = p
      }
      return r
    }
    for set in keepTogether {
      let tied = set.filter { isPresent.contains($0) }
      for pair in zip(tied, tied.dropFirst()) {
        let a = find(pair.0)
        let b = find(pair.1)
        if a != b { parent[max(a, b)] = min(a, b) }
      }
    }
    var units: [Int: [Int]] = [:]
    for i in present { units[find(i), default: []].append(i) }
    return units.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
  }

  /// The people `keep_together` binds to person `i` (themselves excluded), through any
  /// chain of sets.
  public func keepTogetherPartners(of i: Int) -> [Int] {
    keepTogetherUnits(among: Array(Set(keepTogether.joined()).union([i])).sorted())
      .first { $0.contains(i) }?.filter { $0 != i } ?? []
  }

  // MARK: By id

  /// Every rule the group of these people breaks; ids the batch does not know are ignored
  /// (a plan's validation names them).
  public func violations(
    ofGroup ids: [CandidateID], scheduledSlot: Slot? = nil, checkMinimum: Bool = false
  ) -> [RuleViolation] {
    let members = ids.compactMap { index[$0] }
    var list = violations(
      of: members, scheduledSlot: scheduledSlot, checkMinimum: checkMinimum)
    // Sizes count the people named, known or not.
    if members.count != ids.count {
      list.removeAll { $0.rule == .sizeMax || $0.rule == .sizeMin }
      if ids.count > config.size.max {
        list.append(
          RuleViolation(
            rule: .sizeMax, evidence: ["size": .int(ids.count), "limit": .int(config.size.max)]))
      }
      if checkMinimum && ids.count < config.size.min {
        list.append(
          RuleViolation(
            rule: .sizeMin, evidence: ["size": .int(ids.count), "limit": .int(config.size.min)]))
      }
      list.sort { $0.rule < $1.rule }
    }
    return list
  }

  /// The candidate with this id, if known.
  public func candidate(_ id: CandidateID) -> Candidate? { index[id].map { candidates[$0] } }

  /// `d_ij` of people `i` and `j`: ``DiversityMeasure/distance(_:_:)`` on the compiled codes.
  @inline(__always)
  public func distance(_ i: Int, _ j: Int) -> Double {
    var d = 0.0
    for term in diversityTerms {
      if let codes = term.codes {
        if codes[i] != codes[j] { d += term.weight }
      } else {
        d += term.weight * DiversityMeasure.yearsTerm(years[i], years[j])
      }
    }
    return d
  }

  /// The number of pairs in `members` (indices) who met before.
  public func metPairCount(_ members: [Int]) -> Int {
    guard !metPairs.isEmpty else { return 0 }
    var count = 0
    for (k, i) in members.enumerated() {
      for j in members[..<k] where metPairs.contains(PairKey(i, j)) { count += 1 }
    }
    return count
  }

  /// The group's diversity and its value under the one objective.
  public func score(_ members: [Int]) -> (diversity: Double, value: Double) {
    var sum = 0.0
    for a in members.indices {
      for b in members.indices where b > a { sum += distance(members[a], members[b]) }
    }
    return (
      Objective.diversity(pairSum: sum, size: members.count),
      objective.value(
        pairSum: sum, size: members.count, metPairs: Double(metPairCount(members)))
    )
  }

  /// The group's diversity and value, for people named by id (unknown ids are left out).
  public func score(ofGroup ids: [CandidateID]) -> (diversity: Double, value: Double) {
    score(ids.compactMap { index[$0] })
  }
}

/// An unordered pair of indices.
public struct PairKey: Hashable, Sendable {
  public let a: Int
  public let b: Int
  public init(_ x: Int, _ y: Int) {
    a = min(x, y)
    b = max(x, y)
  }
}
