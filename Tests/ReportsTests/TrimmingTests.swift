import Foundation
import Intake
import Testing

@testable import Reports

@Suite struct TrimmingTests {
  /// The report's own trimming equals Foundation's `trimmingCharacters(in: .whitespaces)`
  /// on text with ASCII and Unicode spaces, line breaks (not trimmed), combining marks and
  /// characters outside the BMP at either end.
  @Test func trimsAsFoundationDoes() {
    let pieces = [
      " ", "\t", "\n", "\r\n", "\u{00A0}", "\u{2003}", "\u{3000}", "\u{202F}", "\u{200B}",
      "\u{0301}", "a", "é", "─", "😀", "c12",
    ]
    for seed in 0..<3_000 {
      var r = SeededRandom(seed: UInt64(seed))
      let text = (0..<r.below(8)).map { _ in pieces[r.below(pieces.count)] }.joined()
      // Bytes, not `==`, which would take canonically equivalent text for equal.
      #expect(
        Array(text.trimmingWhitespace().utf8)
          == Array(text.trimmingCharacters(in: .whitespaces).utf8),
        "\(text.debugDescription)")
    }
  }
}
