/// The people of a list by each value a pairwise rule compares, as bitsets, so that
/// ``RuleSet/compatibleRow(of:in:into:)`` answers ``RuleSet/compatible(_:_:)`` for one person
/// against all of them with whole words.
///
/// Built once per list from a ``RuleSet``'s compiled values (never from the candidates or the
/// config again), so the rows and the pair check read the same facts. Bit `p` of every bitset
/// stands for `people[p]`.
public struct CompatibilityIndex: Sendable {
  /// The people the bits stand for (indices into the rule set's candidates), each once.
  public let people: [Int]
  /// The number of 64-bit words of a row.
  public let words: Int
  /// Each candidate's bit, or −1 when not in `people`.
  let position: [Int32]
  /// Every bit of `people`.
  let everyone: [UInt64]
  /// Per format code (0 either, 1 online, 2 in person), the people whose format fits it;
  /// empty when format is not matched.
  let formatFits: [[UInt64]]
  /// Per `match` attribute of the rule set, in its order, the people by value.
  let matched: [ValueClasses]
  /// Per `separate` attribute with a limit of 1: its place in the rule set's list, and the
  /// people by value.
  let separated: [(rule: Int, classes: ValueClasses)]
  let levels: LevelColumns
  let shared: SharedMask.Columns

  /// Indexes `people` (indices into `rules.candidates`, each once) under `rules`.
  init(rules: RuleSet, people: [Int]) {
    self.people = people
    let words = (people.count + 63) / 64
    self.words = words
    var position = [Int32](repeating: -1, count: rules.count)
    for (p, i) in people.enumerated() { position[i] = Int32(p) }
    self.position = position
    var everyone = [UInt64](repeating: 0, count: words)
    for p in people.indices { everyone[p >> 6] |= 1 << UInt64(p & 63) }
    self.everyone = everyone

    if rules.formats.isEmpty {
      formatFits = []
    } else {
      var byFormat = [[UInt64]](repeating: [UInt64](repeating: 0, count: words), count: 3)
      for (p, i) in people.enumerated() {
        byFormat[Int(rules.formats[i])][p >> 6] |= 1 << UInt64(p & 63)
      }
      formatFits = (0..<3).map { a in
        var fits = [UInt64](repeating: 0, count: words)
        for b in 0..<3 where RuleSet.formatsFit(UInt8(a), UInt8(b)) {
          for w in 0..<words { fits[w] |= byFormat[b][w] }
        }
        return fits
      }
    }
    matched = rules.matched.map { ValueClasses(codes: $0.codes, people: people, words: words) }
    separated = rules.separated.indices.filter { rules.separated[$0].limit < 2 }.map {
      ($0, ValueClasses(codes: rules.separated[$0].codes, people: people, words: words))
    }
    levels = LevelColumns(
      levels: rules.levels.isEmpty ? [] : people.map { rules.levels[$0] }, words: words)
    shared = SharedMask.Columns(people.map { rules.masks[$0] }, words: words)
  }
}

extension RuleSet {
  /// The index of `people` (indices into ``candidates``, each once) for
  /// ``compatibleRow(of:in:into:)``.
  public func compatibilityIndex(over people: [Int]) -> CompatibilityIndex {
    CompatibilityIndex(rules: self, people: people)
  }
}

/// The people of an index grouped by one attribute's value code.
struct ValueClasses: Sendable {
  /// Per class, its people's bits in ascending order: class 0 holds the blanks (code −1),
  /// class `c + 1` code `c`.
  let members: [[Int32]]
  /// Per class, its bitset when it holds a word's worth of people or more (one AND per word
  /// is then cheaper than its list); empty otherwise.
  let bits: [[UInt64]]

  init(codes: [Int32], people: [Int], words: Int) {
    // Codes were numbered over every candidate: any person's code has a class.
    let classes = Int(codes.max() ?? -1) + 2
    var members = [[Int32]](repeating: [], count: classes)
    for (p, i) in people.enumerated() { members[Int(codes[i]) + 1].append(Int32(p)) }
    self.members = members
    bits = members.map { list in
      guard list.count >= 64 else { return [] }
      var set = [UInt64](repeating: 0, count: words)
      for p in list { set[Int(p) >> 6] |= 1 << UInt64(p & 63) }
      return set
    }
  }

  /// Keeps in `row` only the people whose code is `code`.
  func keepSharing(_ code: Int32, in row: UnsafeMutableBufferPointer<UInt64>) {
    let c = Int(code) + 1
    let set = bits[c]
    if !set.isEmpty {
      for w in row.indices { row[w] &= set[w] }
      return
    }
    // Word by word: the list's bits in each word, nothing in words it does not reach.
    let list = members[c]
    var k = 0
    for w in row.indices {
      var keep: UInt64 = 0
      while k < list.count && Int(list[k]) >> 6 == w {
        keep |= 1 << UInt64(list[k] & 63)
        k += 1
      }
      row[w] &= keep
    }
  }

  /// Drops from `row` the people whose code is `code`.
  func removeSharing(_ code: Int32, in row: UnsafeMutableBufferPointer<UInt64>) {
    let c = Int(code) + 1
    let set = bits[c]
    if !set.isEmpty && set.count < members[c].count {
      for w in row.indices { row[w] &= ~set[w] }
      return
    }
    for p in members[c] { row[Int(p) >> 6] &= ~(1 << UInt64(p & 63)) }
  }
}

/// The people of an index by level rank, for the level window.
struct LevelColumns: Sendable {
  /// The distinct known ranks, ascending.
  let ranks: [Int]
  /// Per entry of `ranks`, the people whose known rank is at most it.
  let atMost: [[UInt64]]
  /// The people whose level is unknown.
  let unknown: [UInt64]

  /// Columns of `levels` (each person's rank, −1 when unknown; empty when levels are not
  /// used).
  init(levels: [Int], words: Int) {
    let ranks = Array(Set(levels.filter { $0 >= 0 })).sorted()
    var slot: [Int: Int] = [:]
    for (k, rank) in ranks.enumerated() { slot[rank] = k }
    var exactly = [[UInt64]](repeating: [UInt64](repeating: 0, count: words), count: ranks.count)
    var unknown = [UInt64](repeating: 0, count: words)
    for (p, level) in levels.enumerated() {
      let bit: UInt64 = 1 << UInt64(p & 63)
      if let k = slot[level] { exactly[k][p >> 6] |= bit } else { unknown[p >> 6] |= bit }
    }
    for k in ranks.indices.dropFirst() {
      for w in 0..<words { exactly[k][w] |= exactly[k - 1][w] }
    }
    self.ranks = ranks
    atMost = exactly
    self.unknown = unknown
  }

  /// Keeps in `row` only the people whose level fits `level` within `gap`
  /// (``RuleSet/levelsFit(_:_:gap:)``).
  func keepFitting(_ level: Int, gap: Int, in row: UnsafeMutableBufferPointer<UInt64>) {
    // An unknown level fits every level, known or not.
    if level < 0 { return }
    // The fitting known ranks are one run of `ranks`, around `level`: from the first that is
    // above `level` or fits, to the first above `level` that does not fit.
    let low = Self.partitionPoint(ranks.count) {
      ranks[$0] > level || RuleSet.levelsFit(level, ranks[$0], gap: gap)
    }
    let high = Self.partitionPoint(ranks.count) {
      ranks[$0] > level && !RuleSet.levelsFit(level, ranks[$0], gap: gap)
    }
    let keepUnknown = RuleSet.levelsFit(level, -1, gap: gap)
    for w in row.indices {
      var keep: UInt64 = keepUnknown ? unknown[w] : 0
      if high > low { keep |= atMost[high - 1][w] & ~(low > 0 ? atMost[low - 1][w] : 0) }
      row[w] &= keep
    }
  }

  /// The first index in `0..<count` at which `isAfter` holds (it holds from there on).
  private static func partitionPoint(_ count: Int, _ isAfter: (Int) -> Bool) -> Int {
    var low = 0
    var high = count
    while low < high {
      let mid = (low + high) >> 1
      if isAfter(mid) { high = mid } else { low = mid + 1 }
    }
    return low
  }
}
