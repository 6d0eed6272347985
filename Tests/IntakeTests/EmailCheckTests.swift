import PropertyBased
import Testing

@testable import Intake

@Suite struct EmailCheckTests {
  /// Random text shaped like an address, from the characters the check looks at, line
  /// breaks (CR LF is one character) and accents written two ways.
  static func address(_ r: inout SeededRandom) -> String {
    let letters = ["a", "b", "x", "7", "-", "."]
    let odd = [" ", "\t", ",", ";", "<", ">", "\r", "\n", "\r\n", "é", "e\u{301}", "-\u{301}", "@"]
    func part(_ length: Int) -> String {
      (0..<length).map { _ in
        r.below(8) == 0 ? odd[r.below(odd.count)] : letters[r.below(letters.count)]
      }.joined()
    }
    let local = part(r.below(5))
    let domain = (0..<r.below(4)).map { _ in part(r.below(4)) }.joined(separator: ".")
    return r.below(10) == 0 ? part(r.below(12)) : local + "@" + domain
  }

  /// The byte-by-byte check of ASCII addresses agrees with the character-by-character one,
  /// and leaves the rest to it.
  @Test func asciiCheckAgreesWithTheCharacterCheck() async {
    await propertyCheck(count: 4_000, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      var r = SeededRandom(seed: seed)
      let text = Self.address(&r)
      let expected = FieldParsers.characterEmailCheck(text)
      let ascii = FieldParsers.asciiEmailCheck(text)
      let plain = text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
      #expect((ascii == nil) != plain, "\(text.debugDescription)")
      if let ascii { #expect(ascii == expected, "\(text.debugDescription)") }
      #expect(FieldParsers.isValidEmail(text) == expected, "\(text.debugDescription)")
    }
  }

  @Test(arguments: [
    ("ann@example.nl", true), ("a.b-c@sub.example.org", true), ("a@b.co", true),
    ("@example.nl", false), ("a@@example.nl", false), ("a@example", false), ("a@example.n", false),
    ("a@-example.nl", false), ("a@example-.nl", false), ("a@example..nl", false),
    (".a@example.nl", false), ("a.@example.nl", false), ("a..b@example.nl", false),
    ("a b@example.nl", false), ("a@example.nl\r\n", true), ("a@example.\r\n", false),
    ("zoë@example.nl", true), ("a@example.nl,", false),
  ])
  func knownAddresses(_ text: String, _ valid: Bool) {
    #expect(FieldParsers.isValidEmail(text) == valid, "\(text.debugDescription)")
    #expect(FieldParsers.characterEmailCheck(text) == valid, "\(text.debugDescription)")
  }
}
