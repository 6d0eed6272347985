import Foundation
import Testing
import Workbench

/// `kring move`, `groups.lock`/`groups.pin` with `kring form --keep`, and `kring export`.
@Suite("kring move, locks and pins, kring export", .serialized)
struct HandControlCLITests {
  /// The sample planned into `folder/a`.
  func plan(_ folder: URL) throws -> String {
    let out = folder.appendingPathComponent("a")
    let result = try CLI.run([
      "plan", CLI.fixture("sample-en.csv"), "-c", CLI.fixture("sample/kring.yaml"), "-o",
      out.path, "--quiet", "--no-diagnosis", "--iterations", "60",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    return out.appendingPathComponent("plan.json").path
  }

  func json(_ path: String) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        as? [String: Any])
  }

  func groups(_ plan: [String: Any]) -> [(id: String, members: [String])] {
    (plan["groups"] as? [[String: Any]] ?? []).map {
      ($0["id"] as? String ?? "", $0["members"] as? [String] ?? [])
    }
  }

  /// Every (candidate, group) move `kring explain --candidate` calls feasible or blocked.
  func moves(_ plan: String, _ candidate: String) throws -> [[String: Any]] {
    let result = try CLI.run(["explain", plan, "--candidate", candidate, "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    return object?["moves"] as? [[String: Any]] ?? []
  }

  @Test func aMoveIsCheckedByTheSameRulesAsExplainAndWritesAFullFolder() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let planPath = try plan(folder)
    let plan = try json(planPath)
    var refusedOne = false
    var movedOne = false
    for (id, members) in groups(plan) where !(refusedOne && movedOne) {
      for member in members where !(refusedOne && movedOne) {
        for move in try moves(planPath, member) {
          let target = try #require(move["group"] as? String)
          let out = folder.appendingPathComponent("m-\(member)-\(target)")
          let result = try CLI.run(["move", planPath, member, target, "-o", out.path])
          if move["feasible"] as? Bool == true {
            // A move explain calls feasible may still meet the schedule (a full room).
            if result.status == 0 {
              #expect(result.stdout.contains("Moved \(member) from \(id) to \(target)"))
              let after = try json(out.appendingPathComponent("plan.json").path)
              #expect(groups(after).first { $0.id == target }?.members.contains(member) == true)
              #expect(after["audit"] == nil)
              for name in ["report.html", "groups.csv", "schedule.csv"] {
                #expect(
                  FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path))
              }
              // The plan Kring wrote reads back as whole under its own rules.
              let schedule = try CLI.run([
                "schedule", out.appendingPathComponent("plan.json").path, "-o",
                folder.appendingPathComponent("s-\(member)").path, "--quiet",
              ])
              #expect(schedule.status == 0, "\(schedule.stderr)")
              movedOne = true
            } else {
              #expect(result.status == 1)
              #expect(result.stderr.contains("refused"))
            }
          } else if !refusedOne {
            #expect(result.status == 1, "\(result.stdout)")
            let breaks = move["breaks"] as? [[String: Any]] ?? []
            for rule in breaks {
              #expect(result.stderr.contains(rule["code"] as? String ?? "?"), "\(result.stderr)")
            }
            #expect(result.stderr.contains("nothing was written"))
            #expect(
              !FileManager.default.fileExists(atPath: out.appendingPathComponent("plan.json").path))
            refusedOne = true
          }
          if refusedOne && movedOne { break }
        }
      }
    }
    #expect(refusedOne && movedOne)
    let unknown = try CLI.run([
      "move", planPath, "c999", "G01", "-o", folder.appendingPathComponent("u").path,
    ])
    #expect(unknown.status == 1 && unknown.stderr.contains("unknown-candidate") == false)
    #expect(unknown.stderr.contains("no candidate \"c999\""))
  }

  @Test func lockedGroupsStayExactlyAndPinnedPeopleStayPut() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let planPath = try plan(folder)
    let plan = try json(planPath)
    let all = groups(plan)
    try #require(all.count >= 3)
    let locked = all[0]
    let pinnedGroup = all[1]
    let pinned = pinnedGroup.members[0]
    let out = folder.appendingPathComponent("r")
    let result = try CLI.run([
      "form", CLI.fixture("sample-en.csv"), "-c", CLI.fixture("sample/kring.yaml"), "--keep",
      planPath, "--resolve-rest", "--set", "groups.lock=[\(locked.id)]", "--set",
      "groups.pin={\(pinned): \(pinnedGroup.id)}", "-o", out.path, "--no-diagnosis",
      "--iterations", "60",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let after = try json(out.appendingPathComponent("plan.json").path)
    let now = groups(after)
    #expect(now.first { $0.id == locked.id }?.members == locked.members)
    #expect(now.first { $0.id == pinnedGroup.id }?.members.contains(pinned) == true)
    #expect(after["audit"] == nil)

    // A lock or pin that names nothing of the plan is an input error.
    let bad = try CLI.run([
      "form", CLI.fixture("sample-en.csv"), "--keep", planPath, "--set", "groups.lock=[G77]",
      "--set", "groups.pin={c999: G01}", "-o", folder.appendingPathComponent("x").path,
    ])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("groups.lock") && bad.stderr.contains("\"G77\""))
    #expect(bad.stderr.contains("groups.pin.c999"))
    let noKeep = try CLI.run(["form", CLI.fixture("sample-en.csv"), "--resolve-rest"])
    #expect(noKeep.status == 2)
  }

  @Test func aPinThatBreaksARuleIsRefusedNamingTheRule() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let planPath = try plan(folder)
    let plan = try json(planPath)
    // Someone explain says cannot join a group: pinning them there must fail the same way.
    for (_, members) in groups(plan) {
      for member in members {
        guard
          let blocked = try moves(planPath, member).first(where: {
            $0["feasible"] as? Bool == false
          }),
          let target = blocked["group"] as? String,
          let code = (blocked["breaks"] as? [[String: Any]])?.first?["code"] as? String,
          code != "size-min", code != "size-max"
        else { continue }
        let result = try CLI.run([
          "form", CLI.fixture("sample-en.csv"), "-c", CLI.fixture("sample/kring.yaml"), "--keep",
          planPath, "--set", "groups.pin={\(member): \(target)}", "-o",
          folder.appendingPathComponent("p").path, "--no-diagnosis", "--iterations", "30",
        ])
        #expect(result.status == 1, "\(result.stdout)")
        #expect(
          result.stderr.contains("pinning \(member) to \(target) breaks \(code)"),
          "\(result.stderr)")
        return
      }
    }
    Issue.record("no blocked move to try a pin with")
  }

  @Test func exportListsAndWritesAVersion() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = try CLI.run(["export", "--workspace", folder.appendingPathComponent("none").path])
    #expect(missing.status == 1 && missing.stderr.contains("not a workspace"))

    // A workspace with one solved version, made through the workbench's library.
    let space = folder.appendingPathComponent("ws").path
    let plan: Int64
    do {
      let workbench = try Workbench(
        folder: space, settings: Workbench.Settings(iterations: 40, diagnosis: false))
      let cohort = try workbench.createCohort(name: "Export", author: "tester")
      func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: CLI.fixture(name))))
      }
      _ = try workbench.putConfig(cohort.id, bytes: try bytes("sample/kring.yaml"), author: nil)
      for name in ["facilitators.csv", "rooms.csv"] {
        _ = try workbench.putResource(
          cohort.id, name: name, bytes: try bytes("sample/\(name)"), author: nil)
      }
      _ = try workbench.putIntake(
        cohort.id, bytes: try bytes("sample-en.csv"), fileName: "sample-en.csv", author: nil)
      plan = try workbench.startPlan(cohort.id, from: nil, set: [], author: nil).id
      let deadline = Date().addingTimeInterval(120)
      while try workbench.version(cohort.id, plan: plan).status.isFinished == false,
        Date() < deadline
      {
        Thread.sleep(forTimeInterval: 0.1)
      }
      #expect(try workbench.version(cohort.id, plan: plan).status == .done)
    }
    let list = try CLI.run(["export", "--workspace", space])
    #expect(list.status == 0, "\(list.stderr)")
    #expect(list.stdout.contains("Cohort 1: Export") && list.stdout.contains("version 1\tdone"))
    let out = folder.appendingPathComponent("out")
    let written = try CLI.run(["export", "--workspace", space, String(plan), "-o", out.path])
    #expect(written.status == 0, "\(written.stderr)")
    for name in ["plan.json", "report.html", "schedule.csv", "groups.csv"] {
      #expect(
        FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
    }
    let exported = try json(out.appendingPathComponent("plan.json").path)
    #expect(!(groups(exported).isEmpty))
    let unknown = try CLI.run([
      "export", "--workspace", space, "99", "-o", folder.appendingPathComponent("x").path,
    ])
    #expect(unknown.status == 1 && unknown.stderr.contains("version 99"))
  }

  @Test func aSecondServeOnAServedWorkspaceIsRefused() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let space = folder.appendingPathComponent("ws").path
    let served = try Workbench(folder: space)
    // It stops at the workspace, before it listens; a server that did start is stopped.
    let process = Process()
    process.executableURL = CLI.binary
    process.arguments = ["serve", "--workspace", space, "--port", "18765"]
    let err = Pipe()
    process.standardError = err
    process.standardOutput = Pipe()
    try process.run()
    let deadline = Date().addingTimeInterval(30)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 1)
    #expect(stderr.contains("\(space): another kring serve"), "\(stderr)")
    #expect(stderr.contains("--workspace"), "\(stderr)")
    // `kring export` reads beside the running server.
    let list = try CLI.run(["export", "--workspace", space])
    #expect(list.status == 0, "\(list.stderr)")
    withExtendedLifetime(served) {}
  }
}
