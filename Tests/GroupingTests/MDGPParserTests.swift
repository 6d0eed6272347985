import Foundation
import Intake
import Testing

@testable import Grouping

@Suite struct MDGPParserTests {
  static let good = """
    4 2 ds 1 3 2 2
    0 1 1.5
    0 2 2
    0 3 3e0
    1 2 4
    1 3 -5
    2 3 6
    """

  @Test func readsAGoodFile() throws {
    let instance = try MDGPInstance.parse(Self.good, file: "good.txt")
    let problem = instance.problem
    #expect(instance.kind == .differentSize)
    #expect(problem.itemCount == 4)
    #expect(problem.groupCount == 2)
    #expect(problem.lowerBounds == [1, 2])
    #expect(problem.upperBounds == [3, 2])
    #expect(problem.weight(1, 0) == 1.5)
    #expect(problem.weight(3, 1) == -5)
    #expect(problem.weight(2, 3) == 6)
    #expect(problem.objective(of: [0, 0, 1, 1]) == 1.5 + 6)
  }

  @Test func toleratesWhitespaceCRLFBlankLinesAndReversedPairs() throws {
    let text = "\u{FEFF}  3\t1   ss 3 3\r\n\r\n1 0 1\r\n  2 0\t2\r\n1 2 3\r\n\n"
    let instance = try MDGPInstance.parse(text, file: "ws.txt")
    #expect(instance.kind == .sameSize)
    #expect(instance.problem.objective(of: [0, 0, 0]) == 6)
  }

  static let bad: [(String, String, Int?)] = [
    ("", "mdgp-header", nil),
    ("x 2 ss 1 2 1 2\n", "mdgp-header", 1),
    ("3 4 ss 1 1 1 1 1 1 1 1\n", "mdgp-header", 1),
    ("3 1 xs 3 3\n0 1 1\n0 2 1\n1 2 1\n", "mdgp-header", 1),
    ("3 1 ss 3\n", "mdgp-header", 1),
    ("\n\n3 1 ss 3 2\n", "mdgp-bounds", 3),
    ("3 1 ss 0 3\n", "mdgp-bounds", 1),
    ("4 2 ss 1 1 1 1\n", "mdgp-bounds", 1),
    ("3 1 ss 3 3\n0 1 1\n0 2 abc\n1 2 1\n", "mdgp-pair-line", 3),
    ("3 1 ss 3 3\n0 1 1\n0 2 nan\n1 2 1\n", "mdgp-pair-line", 3),
    ("3 1 ss 3 3\n0 1 1 7\n", "mdgp-pair-line", 2),
    ("3 1 ss 3 3\n0 1 1\n0 3 1\n", "mdgp-pair-index", 3),
    ("3 1 ss 3 3\n0 1 1\n1 1 1\n", "mdgp-pair-index", 3),
    ("3 1 ss 3 3\n0 1 1\n-1 2 1\n", "mdgp-pair-index", 3),
    ("3 1 ss 3 3\n0 1 1\n1 0 2\n", "mdgp-duplicate-pair", 3),
    ("3 1 ss 3 3\n0 1 1\n0 2 1\n", "mdgp-missing-pair", 4),
    ("6000 2 ss 1 5999 1 5999\n", "mdgp-header", 1),
    ("100 2 ss 1 99 1 99\n0 1 1\n", "mdgp-header", 1),
  ]

  @Test(arguments: bad)
  func rejectsABadFileWithALine(_ text: String, _ code: String, _ line: Int?) {
    do {
      _ = try MDGPInstance.parse(text, file: "bad.txt")
      Issue.record("accepted a bad file")
    } catch {
      #expect(error.code == code)
      #expect(error.line == line)
      #expect(error.file == "bad.txt")
      #expect(error.description.hasPrefix("bad.txt"))
    }
  }

  @Test func missingPairIsNamed() {
    do {
      _ = try MDGPInstance.parse("3 1 ss 3 3\n0 1 1\n1 2 1\n", file: "m.txt")
      Issue.record("accepted a file with a missing pair")
    } catch {
      #expect(error.message.contains("(0, 2)"))
    }
  }

  @Test func unreadableFileIsADiagnostic() {
    do {
      _ = try MDGPInstance.load(path: "/nonexistent/file.txt")
      Issue.record("read a missing file")
    } catch {
      #expect(error.code == "mdgp-unreadable")
    }
  }

  @Test func randomGarbageNeverCrashes() {
    var rng = SeededRandom(seed: 7)
    let alphabet = Array("0123456789 \n\t.-e+xsd")
    for _ in 0..<300 {
      let length = rng.below(60)
      let text = String((0..<length).map { _ in alphabet[rng.below(alphabet.count)] })
      _ = try? MDGPInstance.parse("3 1 ss 3 3\n" + text, file: "g.txt")
      _ = try? MDGPInstance.parse(text, file: "g.txt")
    }
  }

  @Test(.enabled(if: MDGPLib.isAvailable))
  func readsEveryLibraryFile() throws {
    for name in ["RanReal_n010_ss_01", "Geo_n012_ds_02", "RanInt_n120_ds_03"] {
      let instance = try MDGPLib.load(name)
      #expect(
        instance.problem.itemCount
          == (name.contains("n010") ? 10 : name.contains("n012") ? 12 : 120))
    }
  }
}
