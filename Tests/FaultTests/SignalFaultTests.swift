import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// SIGINT and SIGTERM sent to the real binary while it writes or solves: it exits 130 or 143
/// and the output folder is as it was, with none of the writer's work left behind.
@Suite("Signal faults", .serialized)
struct SignalFaultTests {
  /// An earlier run in `out`, written by the binary itself.
  static func earlierRun(_ out: String) throws {
    let result = try Kring.run(["form", Repository.sample, "-o", out, "--quiet"])
    try #require(result.status == 0, "\(result.stderr)")
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var signal: Int32
    var status: Int32
    var testDescription: String { signal == SIGINT ? "SIGINT" : "SIGTERM" }
  }

  @Test(
    "a signal in the middle of writing leaves the earlier run",
    arguments: [Case(signal: SIGINT, status: 130), Case(signal: SIGTERM, status: 143)])
  func midWrite(_ c: Case) throws {
    let scratch = try Scratch()
    let out = scratch.path("out")
    try Self.earlierRun(out)
    let before = Tree.snapshot(out)
    // Each staged file waits 50 ms, so that the signal lands among the writes.
    let running = try Kring.start(
      ["plan", Repository.sample, "-c", Repository.sampleConfig, "-o", out, "--quiet"],
      environment: ["KRING_TEST_FAULTS": "delay=0.05"])
    let staging = eventually(within: 120) {
      Tree.leftovers(Tree.snapshot(out)).filter { $0.hasSuffix(".md") || $0.hasSuffix(".ics") }
        .count >= 3
    }
    running.signal(c.signal)
    let result = running.finish()
    try #require(staging, "the run never reached its writes: \(result.stderr)")
    #expect(result.status == c.status, "\(result.stderr)")
    #expect(!result.crashed)
    #expect(result.stderr.contains("stopped by \(c.testDescription)"))
    let after = Tree.snapshot(out)
    #expect(Tree.leftovers(after).isEmpty)
    #expect(after == before, "the folder changed")
  }

  @Test("a signal while solving leaves the folder as it was")
  func midSolve() throws {
    let scratch = try Scratch()
    let out = scratch.path("out")
    try Self.earlierRun(out)
    let before = Tree.snapshot(out)
    let batch = scratch.path("batch.csv")
    let generated = try Kring.run([
      "generate", "--candidates", "400", "--seed", "3", "-o", batch, "--quiet",
    ])
    try #require(generated.status == 0)
    // A budget no machine finishes before the signal.
    let running = try Kring.start([
      "form", batch, "-o", out, "--iterations", "50000000", "--time-limit", "1h", "--quiet",
    ])
    Thread.sleep(forTimeInterval: 1.5)
    running.signal(SIGTERM)
    let result = running.finish()
    #expect(result.status == 143, "\(result.stderr)")
    #expect(Tree.snapshot(out) == before)
  }
}
