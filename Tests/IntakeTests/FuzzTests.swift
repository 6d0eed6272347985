import Foundation
import Intake
import Testing

/// Mutated fixtures never crash the reader, always give a batch or diagnostics, and never
/// lose a row silently.
@Suite struct FuzzTests {
  static let cases = 3_000

  static let bases = [
    "sample-nl.csv", "form-export.csv", "valid/bom-semicolon.csv",
    "valid/crlf-quoted-newlines.csv", "valid/dutch-tokens.csv", "valid/formula-name.csv",
    "valid/sample.json", "bad/reporting-cycle.csv", "bad/unknown-slot.csv", "bad/duplicate-id.csv",
    "bad/invalid-utf8.csv", "bad/invalid-json.json", "sample-en.csv",
  ]

  /// Applies one to four random edits: byte flips, truncation, inserted quotes, delimiters
  /// and line ends, deletions and duplicated spans.
  static func mutate(_ input: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
    var bytes = input
    let specials: [[UInt8]] = [
      [0x22], [0x2C], [0x3B], [0x0A], [0x0D, 0x0A], [0x0D], [0xFF], [0xC3], [0x5B], [0x7B], [0x5C],
    ]
    for _ in 0...rng.below(4) {
      let at = bytes.isEmpty ? 0 : rng.below(bytes.count)
      switch rng.below(6) {
      case 0 where !bytes.isEmpty: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
      case 1: bytes.removeLast(bytes.count - at)
      case 2: bytes.insert(contentsOf: specials[rng.below(specials.count)], at: at)
      case 3 where !bytes.isEmpty:
        bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.below(8)))
      case 4 where !bytes.isEmpty:
        let end = min(bytes.count, at + 1 + rng.below(40))
        bytes.insert(contentsOf: Array(bytes[at..<end]), at: rng.below(bytes.count))
      default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
      }
    }
    return bytes
  }

  /// The start lines of the data records of a CSV file, found by a separate, simple state
  /// machine over the same grammar; `nil` when a quote is never closed.
  static func referenceRecordLines(_ bytes: [UInt8]) -> [Int]? {
    enum State { case fieldStart, plain, quoted, quoteSeen }
    var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var commas = 0
    var semicolons = 0
    var inQuotes = false
    for b in bytes[i...] {
      if b == 0x22 { inQuotes.toggle() }
      if inQuotes { continue }
      if b == 0x0A || b == 0x0D { break }
      if b == 0x2C { commas += 1 }
      if b == 0x3B { semicolons += 1 }
    }
    let delimiter: UInt8 = semicolons > commas ? 0x3B : 0x2C
    var state = State.fieldStart
    var line = 1
    var start = 1
    var content = false
    var lines: [Int] = []
    while i < bytes.count {
      let b = bytes[i]
      let newline = b == 0x0A || b == 0x0D
      switch state {
      case .quoted:
        if b == 0x22 { state = .quoteSeen } else if b == 0x0A { line += 1 }
        i += 1
        continue
      case .fieldStart where b == 0x22:
        state = .quoted
        content = true
        i += 1
        continue
      case .quoteSeen where b == 0x22:
        state = .quoted
        i += 1
        continue
      default: break
      }
      if newline {
        if b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
        line += 1
        if content { lines.append(start) }
        start = line
        content = false
        state = .fieldStart
      } else if b == delimiter {
        content = true
        state = .fieldStart
      } else {
        content = true
        state = .plain
      }
      i += 1
    }
    if state == .quoted { return nil }
    if content { lines.append(start) }
    return Array(lines.dropFirst())
  }

  @Test func referenceSplitterAgreesOnTheFixtures() throws {
    #expect(
      Self.referenceRecordLines(try Fixture.bytes("valid/crlf-quoted-newlines.csv")) == [2, 5, 8])
    #expect(Self.referenceRecordLines(try Fixture.bytes("sample-en.csv")) == Array(2...61))
    #expect(Self.referenceRecordLines(try Fixture.bytes("bad/unterminated-quote.csv")) == nil)
  }

  @Test func mutatedFilesNeverCrashOrDropRows() throws {
    let bases = try Self.bases.map { ($0, try Fixture.bytes($0)) }
    var rng = SeededRandom(seed: 4_181)
    var outcomes = (batches: 0, failures: 0, lenientBatches: 0, checkedRows: 0)
    for n in 0..<Self.cases {
      let (name, original) = bases[n % bases.count]
      let bytes = Self.mutate(original, &rng)
      let strict = readOutcome(bytes, name: name, config: IntakeConfig())
      let lenient = readOutcome(
        bytes, name: name, config: IntakeConfig(), options: .init(skipInvalid: true))
      switch strict {
      case .success(let batch):
        outcomes.batches += 1
        #expect(batch.skipped.isEmpty)
      case .failure(let list):
        outcomes.failures += 1
        #expect(list.diagnostics.contains { $0.severity == .error }, "case \(n): \(name)")
      }
      let isJSON = name.hasSuffix(".json")
      switch lenient {
      case .success(let batch):
        outcomes.lenientBatches += 1
        let kept = batch.candidates.map(\.line)
        #expect(kept == kept.sorted() && Set(kept).count == kept.count)
        #expect(Set(kept).isDisjoint(with: batch.skippedLines))
        if !isJSON, let reference = Self.referenceRecordLines(bytes) {
          #expect(
            Set(kept).union(batch.skippedLines) == Set(reference),
            "case \(n): \(name): rows \(reference) but kept \(kept) skipped \(batch.skippedLines)")
          outcomes.checkedRows += reference.count
        }
        if case .success(let strictBatch) = strict {
          #expect(strictBatch.candidates == batch.candidates)
        }
      case .failure(let list):
        #expect(!list.diagnostics.isEmpty)
        // Only file-level problems stop a lenient read.
        if case .success = strict { Issue.record("case \(n): lenient failed where strict passed") }
      }
    }
    // The mutations must exercise both outcomes, or the test proves little.
    #expect(outcomes.batches > Self.cases / 50)
    #expect(outcomes.failures > Self.cases / 4)
    #expect(outcomes.lenientBatches > Self.cases / 4)
    #expect(outcomes.checkedRows > Self.cases)
  }
}
