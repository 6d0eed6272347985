import Foundation
import Harness
import Intake

// A random-mutation fuzzer for toolchains without libFuzzer:
//   KringMutate READER CORPUS_DIR SECONDS [SEED]
// Mutates the corpus files (byte flips, insertions of delimiters and quotes, deletions,
// duplicated spans, splices, truncation) and feeds each mutant to the reader. An input that
// crashes the process (a trap, a fault, an abort) is written to crash-<reader>.bin in the
// current folder by a signal handler, to reproduce with a plain run of the reader.

let arguments = CommandLine.arguments
guard arguments.count >= 4, let reader = Reader(rawValue: arguments[1]),
  let seconds = Double(arguments[3])
else {
  FileHandle.standardError.write(
    Data("usage: KringMutate csv|json|yaml|plan|resources|mdgp CORPUS_DIR SECONDS [SEED]\n".utf8))
  exit(2)
}
var rng = SeededRandom(seed: arguments.count > 4 ? UInt64(arguments[4]) ?? 1 : 1)
let folder = URL(fileURLWithPath: arguments[2])
let corpus: [[UInt8]] =
  ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted().compactMap {
    FileManager.default.contents(atPath: folder.appendingPathComponent($0).path).map { [UInt8]($0) }
  }
guard !corpus.isEmpty else {
  FileHandle.standardError.write(Data("no corpus files in \(folder.path)\n".utf8))
  exit(2)
}

let specials: [[UInt8]] = [
  [0x22], [0x2C], [0x3B], [0x0A], [0x0D, 0x0A], [0x0D], [0xFF], [0xC3], [0x5B], [0x5D], [0x7B],
  [0x7D], [0x5C], [0x3A], [0x2D, 0x20], [0x1B], [0x00], [0xE2, 0x80, 0xAE], [0x26], [0x2A],
  Array("9999999999999999999".utf8), Array("1e308".utf8), Array("-".utf8), Array("..".utf8),
]

func mutate(_ input: [UInt8]) -> [UInt8] {
  var bytes = input
  for _ in 0...rng.below(6) {
    let at = bytes.isEmpty ? 0 : rng.below(bytes.count + 1)
    switch rng.below(7) {
    case 0 where !bytes.isEmpty && at < bytes.count:
      bytes[at] = UInt8(truncatingIfNeeded: rng.next())
    case 1: bytes.removeLast(bytes.count - min(at, bytes.count))
    case 2: bytes.insert(contentsOf: specials[rng.below(specials.count)], at: at)
    case 3 where at < bytes.count:
      bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.below(16)))
    case 4 where at < bytes.count:
      let end = min(bytes.count, at + 1 + rng.below(64))
      bytes.insert(contentsOf: Array(bytes[at..<end]), at: rng.below(bytes.count))
    case 5:
      // Splice: part of another corpus file.
      let other = corpus[rng.below(corpus.count)]
      if !other.isEmpty {
        let start = rng.below(other.count)
        bytes.insert(contentsOf: other[start..<min(other.count, start + rng.below(200))], at: at)
      }
    default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
    }
  }
  return bytes
}

// The input being read, where a signal handler can reach it without allocating.
nonisolated(unsafe) var current = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 22)
nonisolated(unsafe) var currentCount = 0
nonisolated(unsafe) var crashFile: Int32 = -1
crashFile = open("crash-\(reader.rawValue).bin", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
for number in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
  signal(number) { number in
    if let base = current.baseAddress { _ = write(crashFile, base, currentCount) }
    _exit(128 + number)
  }
}

let end = Date().addingTimeInterval(seconds)
var runs = 0
while Date() < end {
  var input = corpus[rng.below(corpus.count)]
  // Mutants of mutants now and then, for depth.
  for _ in 0...rng.below(3) { input = mutate(input) }
  if input.count > current.count { input.removeLast(input.count - current.count) }
  currentCount = input.count
  _ = input.withUnsafeBufferPointer { memcpy(current.baseAddress, $0.baseAddress, $0.count) }
  reader.read(input)
  runs += 1
}
close(crashFile)
unlink("crash-\(reader.rawValue).bin")
print("\(reader.rawValue): \(runs) inputs in \(Int(seconds)) s, no crash")
