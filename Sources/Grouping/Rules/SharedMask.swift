import Intake

/// What the members of a group must have in common, as one set of bits: the weekly slots in
/// the low 21 bits and, under `match: [language]`, the languages a group may be held in, in
/// the high 32.
///
/// A group's mask is the AND of its members' masks, so "do they share enough slots and a
/// language" is one AND and one test everywhere it is asked: the rule set, the compatibility
/// graph, group enumeration and the search's feasibility check. When languages are not
/// matched by set, every language bit is set and the language test always holds.
enum SharedMask {
  /// The mask of an empty group: every slot and every language.
  static let everything: UInt64 = 0xFFFF_FFFF_001F_FFFF
  static let slotBits: UInt64 = 0x1F_FFFF
  /// The most languages told apart by bit; beyond this, groups match on the first language.
  static let languageCapacity = 32

  /// The slots shared by everyone in `mask`.
  @inline(__always)
  static func slots(_ mask: UInt64) -> Int { (mask & slotBits).nonzeroBitCount }

  /// The language bits of `mask`, lowest language code first.
  @inline(__always)
  static func languages(_ mask: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: mask >> 32) }

  /// Whether a group of this mask shares `need` slots and a language.
  @inline(__always)
  static func satisfies(_ mask: UInt64, slots need: Int) -> Bool {
    mask >> 32 != 0 && (need == 0 || slots(mask) >= need)
  }

  /// A person's mask: their slots and the languages of `codes` (all of them for `nil`).
  static func of(_ availability: SlotSet, languages codes: [Int]?) -> UInt64 {
    var high: UInt64 = 0xFFFF_FFFF
    if let codes {
      high = 0
      for code in codes where code >= 0 && code < languageCapacity { high |= 1 << UInt64(code) }
    }
    return high << 32 | UInt64(availability.mask)
  }
}

extension SharedMask {
  /// The people of a list by each bit of their masks, so that ``satisfies(_:slots:)`` of one
  /// mask ANDed with each of theirs is answered with whole words.
  struct Columns: Sendable {
    let words: Int
    /// Per slot bit (0..<21), the people who have it: `words` words each, one after another.
    let slots: [UInt64]
    /// Per language bit (0..<32), the people who have it, laid out as `slots`.
    let languages: [UInt64]
    /// The language bits everyone in the list has.
    let common: UInt32

    /// Columns of `masks`, one per person, in `words` words.
    init(_ masks: [UInt64], words: Int) {
      var slots = [UInt64](repeating: 0, count: 21 * words)
      var languages = [UInt64](repeating: 0, count: 32 * words)
      var common = UInt32.max
      for (p, mask) in masks.enumerated() {
        let bit: UInt64 = 1 << UInt64(p & 63)
        var s = mask & slotBits
        while s != 0 {
          slots[s.trailingZeroBitCount * words + (p >> 6)] |= bit
          s &= s - 1
        }
        var l = SharedMask.languages(mask)
        common &= l
        while l != 0 {
          languages[Int(l.trailingZeroBitCount) * words + (p >> 6)] |= bit
          l &= l - 1
        }
      }
      self.words = words
      self.slots = slots
      self.languages = languages
      self.common = common
    }

    /// Keeps in `row` only the people whose mask ANDed with `mask` satisfies
    /// `satisfies(_:slots: need)`: a language in common, and `need` slots in common.
    func keepSatisfying(_ mask: UInt64, slots need: Int, in row: UnsafeMutableBufferPointer<UInt64>)
    {
      let words = self.words
      let spoken = SharedMask.languages(mask)
      if spoken & common == 0 {
        // Someone lacks every language of `mask`: keep those who share one.
        languages.withUnsafeBufferPointer { columns in
          withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { any in
            any.initialize(repeating: 0)
            var l = spoken
            while l != 0 {
              let column = Int(l.trailingZeroBitCount) * words
              l &= l - 1
              for w in 0..<words { any[w] |= columns[column + w] }
            }
            for w in 0..<words { row[w] &= any[w] }
          }
        }
      }
      guard need > 0 else { return }
      if (mask & slotBits).nonzeroBitCount < need {
        row.update(repeating: 0)
        return
      }
      // Saturating counts of the slots shared, as bit planes: plane k - 1 holds the people
      // who share k or more of the slots seen so far.
      slots.withUnsafeBufferPointer { columns in
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: need * words) { planes in
          planes.initialize(repeating: 0)
          var seen = 0
          var s = mask & slotBits
          while s != 0 {
            let column = s.trailingZeroBitCount * words
            s &= s - 1
            seen += 1
            var k = min(need, seen) - 1
            while k > 0 {
              for w in 0..<words {
                planes[k * words + w] |= planes[(k - 1) * words + w] & columns[column + w]
              }
              k -= 1
            }
            for w in 0..<words { planes[w] |= columns[column + w] }
          }
          for w in 0..<words { row[w] &= planes[(need - 1) * words + w] }
        }
      }
    }
  }
}
