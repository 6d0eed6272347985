import Foundation
import Grouping
import Intake
import Pipeline
import Reports
import Testing

/// The sample intake, found from this file so tests run from anywhere.
private let sample = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Fixtures/sample-en.csv").path

@Suite("Refill through kring form --keep --left", .serialized)
struct RefillJobTests {
  /// A folder with `part.csv` (the sample's first `rows` rows) and the plan formed from it.
  func keptPlan(rows: Int = 40, extra: [String] = []) throws -> (folder: URL, plan: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kring-refill-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let lines = try String(contentsOfFile: sample, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    let part = folder.appendingPathComponent("part.csv").path
    try lines.prefix(rows + 1).joined(separator: "\n").appending("\n").write(
      toFile: part, atomically: true, encoding: .utf8)
    let outcome = try FormJob.run(
      FormRequest(intakePath: part, overrides: extra, iterations: 50, diagnosis: false))
    let plan = folder.appendingPathComponent("plan.json").path
    try (outcome.files.first { $0.name == "plan.json" }?.contents ?? "").write(
      toFile: plan, atomically: true, encoding: .utf8)
    return (folder, plan)
  }

  func refill(_ plan: String, left: [String], intake: String = sample, overrides: [String] = [])
    throws -> FormOutcome
  {
    try FormJob.run(
      FormRequest(
        intakePath: intake, overrides: overrides, iterations: 50, timeLimit: 5, diagnosis: false,
        keep: plan,
        left: left))
  }

  /// The codes of the diagnostics a refill request throws (empty when it succeeds).
  func errorCodes(_ request: FormRequest) -> [String] {
    do {
      _ = try FormJob.run(request)
      return []
    } catch {
      return error.diagnostics.map(\.code)
    }
  }

  @Test func keptMembersStayAndThoseWhoLeftAreMarked() throws {
    let (folder, path) = try keptPlan()
    defer { try? FileManager.default.removeItem(at: folder) }
    let before = try PlanFile.read(path)
    let outcome = try refill(path, left: ["c5,c13", "c21"])
    let after = outcome.plan
    for group in before.groups {
      let now = try #require(after.groups.first { $0.id == group.id })
      let stay = group.members.filter { !["c5", "c13", "c21"].contains($0) }
      #expect(Set(stay).isSubset(of: Set(now.members)), "\(group.id) lost someone who stayed")
      #expect(!now.members.contains { ["c5", "c13", "c21"].contains($0) })
    }
    for id in ["c5", "c13", "c21"] {
      #expect(after.people.first { $0.id == id }?.status == "left")
      let entry = try #require(after.unplaced.first { $0.id == id })
      #expect(entry.code == "left")
    }
    let record = try #require(after.refill)
    #expect(record.left == ["c5", "c13", "c21"])
    #expect(record.kept == before.groups.map(\.id))
    // New groups take ids no kept group has.
    let newIDs = after.groups.map(\.id).filter { !record.kept.contains($0) }
    #expect(Set(newIDs).isDisjoint(with: Set(before.groups.map(\.id))))
    // Everyone in the full intake who is ready is in a group or has a reason.
    let placed = Set(after.groups.flatMap(\.members))
    for person in after.people where person.status == "ready" {
      #expect(placed.contains(person.id) || after.unplaced.contains { $0.id == person.id })
    }
    // The plan reads back with its refill record.
    let json = try #require(outcome.files.first { $0.name == "plan.json" }?.contents)
    let decoded = try JSONDecoder().decode(PlanDocument.self, from: Data(json.utf8))
    #expect(decoded.refill == record)
  }

  @Test func aRefillIsByteIdenticalOnRerun() throws {
    let (folder, path) = try keptPlan()
    defer { try? FileManager.default.removeItem(at: folder) }
    let a = try refill(path, left: ["c5"])
    let b = try refill(path, left: ["c5"])
    #expect(
      a.files.first { $0.name == "plan.json" }?.contents
        == b.files.first { $0.name == "plan.json" }?.contents)
  }

  @Test func aKeptMemberMissingFromTheIntakeIsStillKept() throws {
    let (folder, path) = try keptPlan()
    defer { try? FileManager.default.removeItem(at: folder) }
    // The new intake lacks c1's row.
    let lines = try String(contentsOfFile: sample, encoding: .utf8).split(separator: "\n")
    let intake = folder.appendingPathComponent("new.csv").path
    try lines.filter { !$0.hasPrefix("c1,") }.joined(separator: "\n").appending("\n").write(
      toFile: intake, atomically: true, encoding: .utf8)
    let before = try PlanFile.read(path)
    let home = try #require(before.groups.first { $0.members.contains("c1") })
    let outcome = try refill(path, left: [], intake: intake)
    #expect(outcome.plan.groups.first { $0.id == home.id }?.members.contains("c1") == true)
    #expect(outcome.plan.people.contains { $0.id == "c1" })
    #expect(
      outcome.warnings.contains { $0.code == "kept-not-in-intake" && $0.severity == .warning })
  }

  @Test func aPlanOfAnotherProgramGivesAWarning() throws {
    let (folder, path) = try keptPlan()
    defer { try? FileManager.default.removeItem(at: folder) }
    // The plan says it was formed under mastermind; the refill runs under intervision.
    var plan = try PlanFile.read(path)
    plan.kring.program = "mastermind"
    try JSONEncoder().encode(plan).write(to: URL(fileURLWithPath: path))
    let outcome = try refill(path, left: [])
    #expect(outcome.warnings.contains { $0.code == "keep-other-program" })
    #expect(outcome.plan.refill?.warnings.isEmpty == false)
  }

  @Test func errorsNameTheProblem() throws {
    let (folder, path) = try keptPlan()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(
      errorCodes(FormRequest(intakePath: sample, keep: path, left: ["c5", "nobody"]))
        == ["unknown-left"])
    #expect(errorCodes(FormRequest(intakePath: sample, left: ["c5"])) == ["left-without-keep"])
    #expect(
      errorCodes(
        FormRequest(intakePath: sample, keep: folder.appendingPathComponent("no.json").path))
        == ["plan-unreadable"])
    let bogus = folder.appendingPathComponent("bogus.json").path
    try "{\"groups\": 3}".write(toFile: bogus, atomically: true, encoding: .utf8)
    #expect(errorCodes(FormRequest(intakePath: sample, keep: bogus)) == ["plan-invalid"])
  }

  @Test func leftIDsSplitOnCommasAndSpaces() throws {
    let (folder, path) = try keptPlan()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try refill(path, left: ["c5, c13;c21", "c5"])
    #expect(outcome.plan.refill?.left == ["c5", "c13", "c21"])
  }
}
