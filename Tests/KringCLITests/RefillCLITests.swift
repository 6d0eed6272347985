import Foundation
import Testing

@Suite("kring form --keep --left", .serialized)
struct RefillCLITests {
  /// A plan formed from the sample's first 40 rows, in `folder/a`.
  func keptPlan(_ folder: URL) throws -> String {
    let lines = try String(contentsOfFile: CLI.fixture("sample-en.csv"), encoding: .utf8)
      .split(separator: "\n")
    let part = folder.appendingPathComponent("part.csv").path
    try lines.prefix(41).joined(separator: "\n").appending("\n").write(
      toFile: part, atomically: true, encoding: .utf8)
    let out = folder.appendingPathComponent("a")
    let result = try CLI.run(
      ["form", part, "-o", out.path, "--quiet", "--no-diagnosis", "--iterations", "50"])
    #expect(result.status == 0, "\(result.stderr)")
    return out.appendingPathComponent("plan.json").path
  }

  func json(_ path: String) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        as? [String: Any])
  }

  @Test func aRefillKeepsTheGroupsAndPrintsWhatItDid() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let kept = try keptPlan(folder)
    let out = folder.appendingPathComponent("b")
    let result = try CLI.run([
      "form", CLI.fixture("sample-en.csv"), "--keep", kept, "--left", "c5,c13", "-o", out.path,
      "--no-diagnosis", "--iterations", "50",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Refill of plan.json: kept 5 group(s), 2 left"))
    let before = try json(kept)
    let after = try json(out.appendingPathComponent("plan.json").path)
    let refill = try #require(after["refill"] as? [String: Any])
    #expect(refill["left"] as? [String] == ["c5", "c13"])
    let groupsAfter = try #require(after["groups"] as? [[String: Any]])
    for group in try #require(before["groups"] as? [[String: Any]]) {
      let id = try #require(group["id"] as? String)
      let stay = (group["members"] as? [String] ?? []).filter { $0 != "c5" && $0 != "c13" }
      let now = try #require(groupsAfter.first { $0["id"] as? String == id })
      #expect(Set(stay).isSubset(of: Set(now["members"] as? [String] ?? [])))
    }
    let unplaced = try #require(after["unplaced"] as? [[String: Any]])
    #expect(unplaced.filter { $0["code"] as? String == "left" }.count == 2)
  }

  @Test func refillErrorsExitWithOne() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let kept = try keptPlan(folder)
    let sample = CLI.fixture("sample-en.csv")
    let unknown = try CLI.run([
      "form", sample, "--keep", kept, "--left", "c999", "-o",
      folder.appendingPathComponent("x").path,
    ])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("\"c999\" is not a person in this plan"))
    let alone = try CLI.run([
      "form", sample, "--left", "c5", "-o", folder.appendingPathComponent("y").path,
    ])
    #expect(alone.status == 1)
    #expect(alone.stderr.contains("--left needs --keep PLAN"))
    let missing = try CLI.run([
      "form", sample, "--keep", folder.appendingPathComponent("none.json").path, "-o",
      folder.appendingPathComponent("z").path,
    ])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("cannot read this plan"))
  }
}

@Suite("kring explain --candidate", .serialized)
struct ExplainCandidateCLITests {
  @Test func theCandidateExplanationNamesTheBestMoveAndTheBlockedOnes() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("a")
    let formed = try CLI.run([
      "form", CLI.fixture("sample-en.csv"), "-o", out.path, "--quiet", "--no-diagnosis",
      "--iterations", "50",
    ])
    #expect(formed.status == 0, "\(formed.stderr)")
    let plan = out.appendingPathComponent("plan.json").path
    let json = try CLI.run(["explain", plan, "--candidate", "c1", "--json"])
    #expect(json.status == 0, "\(json.stderr)")
    let e = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let moves = try #require(e["moves"] as? [[String: Any]])
    #expect(!moves.isEmpty)
    let with = try #require(e["diversity_with"] as? Double)
    let without = try #require(e["diversity_without"] as? Double)
    #expect(with != without)
    let blocked = try #require(e["nearest_blocked"] as? [[String: Any]])
    for move in blocked {
      let breaks = try #require(move["breaks"] as? [[String: Any]])
      #expect(!breaks.isEmpty)
      #expect(breaks.allSatisfy { ($0["code"] as? String)?.isEmpty == false })
    }
    let text = try CLI.run(["explain", plan, "--candidate", "c3"])
    #expect(text.status == 0)
    #expect(text.stdout.contains("is unplaced: not-ready"))
    #expect(text.stdout.contains("Joining"))
  }
}
