import Foundation
import Testing

@Suite("kring command line", .serialized)
struct CLITests {
  @Test func versionAndHelp() throws {
    let version = try CLI.run(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    let help = try CLI.run(["--help"])
    #expect(help.status == 0)
    for command in ["form", "intake", "generate", "mdgp"] { #expect(help.stdout.contains(command)) }
  }

  @Test func formIsByteIdenticalAcrossProcesses() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let a = folder.appendingPathComponent("a").path
    let b = folder.appendingPathComponent("b").path
    let sample = CLI.fixture("sample-en.csv")
    #expect(try CLI.run(["form", sample, "-o", a, "--quiet"]).status == 0)
    #expect(try CLI.run(["form", sample, "-o", b, "--quiet"]).status == 0)
    let names = try FileManager.default.contentsOfDirectory(atPath: a).sorted()
    #expect(names == ["groups.csv", "plan.json", "plan.xlsx", "run.json", "unplaced.csv"])
    // run.json holds timings by design; every other output must match byte for byte.
    for name in names where name != "run.json" {
      let x = try Data(contentsOf: URL(fileURLWithPath: a).appendingPathComponent(name))
      let y = try Data(contentsOf: URL(fileURLWithPath: b).appendingPathComponent(name))
      #expect(x == y, "\(name) differs between runs")
      #expect(!x.isEmpty)
    }
  }

  @Test func searchedBatchIsByteIdenticalAcrossProcesses() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let batch = folder.appendingPathComponent("batch.csv").path
    #expect(
      try CLI.run([
        "generate", "--candidates", "300", "--seed", "5", "--profile", "planted", "-o", batch,
        "--quiet",
      ])
      .status == 0)
    var plans: [Data] = []
    for run in ["x", "y"] {
      let out = folder.appendingPathComponent(run).path
      #expect(
        try CLI.run(["form", batch, "-o", out, "--iterations", "40", "--seed", "3", "--quiet"])
          .status == 0)
      plans.append(
        try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("plan.json")))
    }
    #expect(plans[0] == plans[1])
  }

  @Test func planJSONHasTheContractKeys() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("o").path
    #expect(try CLI.run(["form", CLI.fixture("sample-en.csv"), "-o", out, "--quiet"]).status == 0)
    let data = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("plan.json"))
    let plan = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    for key in [
      "kring", "people", "groups", "unplaced", "diagnosis", "schedule", "unscheduled", "solver",
    ] {
      #expect(plan[key] != nil, "missing \(key)")
    }
    let solver = try #require(plan["solver"] as? [String: Any])
    let grouping = try #require(solver["grouping"] as? [String: Any])
    #expect(grouping["status"] as? String == "optimal")
    #expect(grouping["stopped_by"] as? String == "proof")
    #expect(grouping.keys.contains("bound"))
    let groups = try #require(plan["groups"] as? [[String: Any]])
    #expect(!groups.isEmpty)
    for g in groups {
      for key in ["id", "members", "language", "format", "slots", "scores"] {
        #expect(g[key] != nil)
      }
    }
    let text = String(decoding: data, as: UTF8.self)
    #expect(!text.contains("seconds"), "plan.json must hold no timings")
  }

  @Test func invalidIntakeExitsOneWithEveryProblem() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let bad = folder.appendingPathComponent("bad.csv")
    try Data(
      """
      id,name,sector,years_experience,availability,level
      c1,Ann,Zorg,abc,mon-am,senior
      c1,Bob,Zorg,3,tue-xx,senior
      """.utf8
    ).write(to: bad)
    let out = folder.appendingPathComponent("o")
    let result = try CLI.run(["form", bad.path, "-o", out.path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("bad.csv:2: years_experience:"))
    #expect(result.stderr.contains("bad.csv:3: id:"))
    #expect(result.stderr.contains("bad.csv:3: availability:"))
    // Nothing was written.
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("plan.json").path))
  }

  @Test(arguments: [
    ["form"], ["form", "x.csv", "--iterations", "0"], ["form", "x.csv", "--time-limit", "soon"],
    ["nonsense"], ["generate", "--candidates", "0", "--seed", "1"], ["intake", "check"],
  ])
  func usageErrorsExitTwo(arguments: [String]) throws {
    let result = try CLI.run(arguments)
    #expect(result.status == 2, "\(arguments): \(result.stderr)")
    #expect(!result.stderr.isEmpty)
  }

  @Test func missingFileAndBadConfigExitOne() throws {
    let missing = try CLI.run(["intake", "check", "/nonexistent/intake.csv"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("/nonexistent/intake.csv"))
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = folder.appendingPathComponent("kring.yaml")
    try Data("groups:\n  sise: {min: 4}\n".utf8).write(to: config)
    let result = try CLI.run(["intake", "check", CLI.fixture("sample-en.csv"), "-c", config.path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("kring.yaml:2: groups.sise: unknown key"))
    let set = try CLI.run([
      "intake", "check", CLI.fixture("sample-en.csv"), "--set", "groups.size.min=1",
    ])
    #expect(set.status == 1)
    #expect(set.stderr.contains("--set"))
  }

  @Test func outputFolderWithForeignFilesIsRefusedUnlessForced() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("keep me".utf8).write(to: folder.appendingPathComponent("notes.txt"))
    let refused = try CLI.run(["form", CLI.fixture("sample-en.csv"), "-o", folder.path, "--quiet"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("holds files Kring did not write (notes.txt)"))
    #expect(
      !FileManager.default.fileExists(atPath: folder.appendingPathComponent("plan.json").path))
    let forced = try CLI.run([
      "form", CLI.fixture("sample-en.csv"), "-o", folder.path, "--quiet", "--force",
    ])
    #expect(forced.status == 0)
    #expect(
      try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8)
        == "keep me")
  }

  @Test func scoresCSVNeverOverwritesTheInput() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let copy = folder.appendingPathComponent("intake.csv")
    try FileManager.default.copyItem(atPath: CLI.fixture("sample-en.csv"), toPath: copy.path)
    let before = try Data(contentsOf: copy)
    let result = try CLI.run(["intake", "score", copy.path, "-o", copy.path, "--force", "--quiet"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("refusing to write over an input file"))
    #expect(try Data(contentsOf: copy) == before)
  }

  @Test func intakeCheckAndScore() throws {
    let check = try CLI.run(["intake", "check", CLI.fixture("sample-nl.csv")])
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.contains("valid"))
    let score = try CLI.run(["intake", "score", CLI.fixture("sample-en.csv"), "--json"])
    #expect(score.status == 0)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
    let rows = try #require(json["candidates"] as? [[String: Any]])
    #expect(rows.count == 60)
    #expect(rows.allSatisfy { $0["placeability"] is Int && $0["status"] is String })
    let text = try CLI.run(["intake", "score", CLI.fixture("sample-en.csv")])
    #expect(text.stdout.contains("Feasibility forecast"))
    #expect(text.stdout.contains("Availability"))
  }

  @Test func strictExitsThreeWhenSomeoneReadyIsUnplaced() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    // With groups of at least 9, the sample's small level cells cannot form.
    let result = try CLI.run([
      "form", CLI.fixture("sample-en.csv"), "-o", folder.path, "--force", "--quiet", "--strict",
      "--set", "groups.size={min: 9, max: 12, target: 10}",
    ])
    #expect(result.status == 3, "\(result.stderr)")
  }

  @Test func earlierPlansAreNotRepeatedAndAMissingOneIsAnError() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = folder.appendingPathComponent("round1")
    #expect(
      try CLI.run(["form", CLI.fixture("sample-en.csv"), "-o", first.path, "--quiet"]).status == 0)
    try FileManager.default.copyItem(
      at: first.appendingPathComponent("plan.json"),
      to: folder.appendingPathComponent("round1.json"))
    let config = folder.appendingPathComponent("kring.yaml")
    try Data("groups:\n  history:\n    plans: [round1.json]\n    met_before: avoid\n".utf8).write(
      to: config)
    // The sample's level cells are tight: nobody can meet new people, so nothing forms (exit 1),
    // and every candidate still has a reason on file.
    let second = folder.appendingPathComponent("round2")
    let again = try CLI.run([
      "form", CLI.fixture("sample-en.csv"), "-c", config.path, "-o", second.path, "--quiet",
    ])
    #expect(again.status == 1)
    #expect(again.stderr.contains("the rules leave no group that can be formed"))
    let plan = try JSONSerialization.jsonObject(
      with: Data(contentsOf: second.appendingPathComponent("plan.json")))
    let unplaced = try #require((plan as? [String: Any])?["unplaced"] as? [[String: Any]])
    #expect(unplaced.count == 60)

    try Data("groups:\n  history:\n    plans: [missing.json]\n".utf8).write(to: config)
    let missing = try CLI.run([
      "form", CLI.fixture("sample-en.csv"), "-c", config.path, "-o", second.path, "--force",
    ])
    #expect(missing.status == 1)
    #expect(
      missing.stderr.contains("missing.json: cannot read this plan (groups.history.plans)"))
  }

  @Test func formWithJSONPrintsThePlan() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try CLI.run([
      "form", CLI.fixture("sample-en.csv"), "-o", folder.path, "--force", "--json",
    ])
    #expect(result.status == 0)
    let plan = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(plan?["groups"] != nil)
  }
}
