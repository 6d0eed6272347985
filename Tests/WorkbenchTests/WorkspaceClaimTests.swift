import Foundation
import Testing

@testable import Workbench

/// One server owns a workspace; `kring export` reads beside it without touching its solves.
@Suite("Workbench: one server per workspace, readers beside it")
struct WorkspaceClaimTests {
  @Test func aSecondServerIsRefusedAndAReaderLeavesTheRunningSolveAlone() async throws {
    let harness = try Harness(iterations: 400)
    let folder = harness.folder
    try await harness.run { client in
      let id = try await client.cohort()
      try await client.uploadSample(id)
      let plan = try await client.startPlan(id)

      // A second server on the same folder would fail this solve as "interrupted".
      do {
        _ = try Workbench(folder: folder)
        Issue.record("a second owner opened a workspace that is being served")
      } catch let error as WorkbenchError {
        #expect(error.code == "workspace-in-use")
        #expect(error.message.contains("another kring serve"), "\(error.message)")
        #expect(error.message.contains("--workspace"), "\(error.message)")
      }

      // A reader (kring export) sees the solve as it is and leaves it running.
      let reader = try Workbench(folder: folder, access: .reader)
      let seen = try reader.version(Int64(id), plan: Int64(plan)).status
      #expect(!seen.isFinished, "the reader saw \(seen)")
      let events = try await client.events(id, plan)
      #expect(events.last?.type == "done", "\(events.map(\.type))")
      #expect(try reader.version(Int64(id), plan: Int64(plan)).status == .done)
    }
  }

  @Test func theNextServerTakesOverAndFailsWhatTheLastOneLeftUnfinished() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kring-claim-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var cohort: Int64 = 0
    do {
      // A server that stopped in the middle of a solve: its version is still "running".
      let first = try Workbench(folder: folder)
      cohort = try first.createCohort(name: "Stopped", author: nil).id
      _ = try first.store.addPlan(
        PlanVersion(
          cohort: cohort, parent: nil, kind: .solve, status: .running, author: "tester",
          intake: nil, config: nil, overrides: [], note: ""))
      #expect(throws: WorkbenchError.self) { try Workbench(folder: folder) }
      // Its solve's folder, as a crash leaves it.
      try FileManager.default.createDirectory(
        atPath: folder + "/runs/plan-1", withIntermediateDirectories: true)
      #expect(
        FileManager.default.createFile(atPath: folder + "/runs/plan-1/intake.csv", contents: nil))
      // A reader leaves it as it is: the server might still be running it.
      let reader = try Workbench(folder: folder, access: .reader)
      #expect(try reader.versions(cohort).map(\.status) == ["running"])
    }
    // The first server is gone and its claim with it: the next one takes the workspace and
    // fails the version it can never finish, with the reason.
    let next = try Workbench(folder: folder)
    let versions = try next.versions(cohort)
    #expect(versions.map(\.status) == ["failed"])
    #expect(versions.first?.problems?.first?.code == "interrupted")
    #expect(!FileManager.default.fileExists(atPath: folder + "/runs"))
  }
}
