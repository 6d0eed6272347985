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
