import Foundation
import Testing

@Suite("kring explain and kring diff", .serialized)
struct InspectTests {
  func plan(_ folder: URL, _ name: String, _ extra: [String] = []) throws -> (
    path: String, json: [String: Any]
  ) {
    let out = folder.appendingPathComponent(name)
    let result = try CLI.run(
      ["form", CLI.fixture("sample-en.csv"), "-o", out.path, "--quiet", "--no-diagnosis"] + extra)
    #expect(result.status == 0, "\(result.stderr)")
    let path = out.appendingPathComponent("plan.json").path
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        as? [String: Any])
    return (path, json)
  }

  @Test func explainGroupMatchesAnIndependentRecomputation() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (path, json) = try plan(folder, "a")
    let people = Dictionary(
      uniqueKeysWithValues: try #require(json["people"] as? [[String: Any]]).map {
        ($0["id"] as? String ?? "", $0)
      })
    for group in try #require(json["groups"] as? [[String: Any]]) {
      let id = try #require(group["id"] as? String)
      let members = try #require(group["members"] as? [String])
      let result = try CLI.run(["explain", path, "--group", id, "--json"])
      #expect(result.status == 0)
      let explanation = try #require(
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
      let pairs = try #require(explanation["pairs"] as? [[String: Any]])
      #expect(pairs.count == members.count * (members.count - 1) / 2)
      // The intervision preset: d = min(|Δyears|, 15)/15 + 0.5·[sectors differ].
      var total = 0.0
      for pair in pairs {
        let a = try #require(people[pair["a"] as? String ?? ""])
        let b = try #require(people[pair["b"] as? String ?? ""])
        let years = abs(
          (a["years_experience"] as? Double ?? 0) - (b["years_experience"] as? Double ?? 0))
        let d =
          min(years, 15) / 15 + ((a["sector"] as? String) == (b["sector"] as? String) ? 0 : 0.5)
        #expect(abs((pair["diversity"] as? Double ?? -1) - d) < 1e-9)
        total += d
      }
      let diversity = try #require(explanation["diversity"] as? Double)
      #expect(abs(diversity - total / Double(members.count - 1)) < 1e-9)
      let scores = try #require(group["scores"] as? [String: Any])
      #expect(abs(diversity - (scores["diversity"] as? Double ?? -1)) < 1e-5)
      let shares = try #require(explanation["contributions"] as? [String: Double])
      #expect(abs(shares.values.reduce(0, +) / 2 - diversity) < 1e-9)
    }
  }

  @Test func explainCandidateGivesTheGroupOrTheReason() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (path, json) = try plan(folder, "a")
    let unplaced = try #require((json["unplaced"] as? [[String: Any]])?.first)
    let id = try #require(unplaced["id"] as? String)
    let result = try CLI.run(["explain", path, "--candidate", id, "--json"])
    let explanation = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(explanation["code"] as? String == unplaced["code"] as? String)
    let missing = try CLI.run(["explain", path, "--candidate", "nobody"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no candidate \"nobody\""))
    let usage = try CLI.run(["explain", path])
    #expect(usage.status == 2)
  }

  @Test func diffListsExactlyThePeopleWhoseGroupChanged() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (pathA, a) = try plan(folder, "a")
    let (pathB, b) = try plan(folder, "b", ["--set", "groups.diversify={sector: 1}"])
    func membership(_ plan: [String: Any]) -> [String: [String]] {
      var result: [String: [String]] = [:]
      for g in plan["groups"] as? [[String: Any]] ?? [] {
        let members = g["members"] as? [String] ?? []
        for m in members { result[m] = members }
      }
      return result
    }
    let before = membership(a)
    let after = membership(b)
    let expected = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
    let result = try CLI.run(["diff", pathA, pathB, "--json"])
    #expect(result.status == 0)
    let diff = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let moved = Set((diff["moved"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
    #expect(moved == expected)
    let same = try CLI.run(["diff", pathA, pathA, "--json"])
    let none = try #require(
      try JSONSerialization.jsonObject(with: Data(same.stdout.utf8)) as? [String: Any])
    #expect((none["moved"] as? [Any])?.isEmpty == true)
  }
}
