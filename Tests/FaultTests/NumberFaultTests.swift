import Foundation
import Intake
import Pipeline
import Reports
import Testing

/// Numbers that overflow: bounded in the config with an error naming the key and line, and
/// checked finite before anything is written.
@Suite("Number faults")
struct NumberFaultTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var yaml: String
    var message: String
    var testDescription: String { yaml }
  }

  static let tooLarge: [Case] = [
    Case(
      yaml: "groups:\n  diversify: {years_experience: 1e307}",
      message:
        "kring.yaml:2: groups.diversify.years_experience: 1e307 is out of range; allowed: 0…1000"),
    Case(
      yaml: "groups:\n  size_penalty: 1e308",
      message: "kring.yaml:2: groups.size_penalty: 1e308 is out of range; allowed: 0…1000"),
    Case(
      yaml: "groups:\n  history: {met_before: penalize, penalty: 5000}",
      message: "kring.yaml:2: groups.history.penalty: 5000 is out of range; allowed: 0…1000"),
    Case(
      yaml: "intake:\n  readiness: {weights: {motivation: 1e300}}",
      message:
        "kring.yaml:2: intake.readiness.weights.motivation: 1e300 is out of range; allowed: 0…1000"),
    Case(
      yaml: "groups:\n  separate: {organization: 1000000000}",
      message:
        "kring.yaml:2: groups.separate.organization: 1000000000 is out of range; allowed: 1…100"),
    Case(
      yaml: "groups:\n  hierarchy: {max_level_gap: 99999}",
      message:
        "kring.yaml:2: groups.hierarchy.max_level_gap: 99999 is out of range; allowed: a whole number 0…100, or none"
    ),
    Case(
      yaml: "groups:\n  iterations: 1000000000000",
      message:
        #"kring.yaml:2: groups.iterations: "1000000000000" is not allowed; allowed: auto, or a whole number 1…100000000"#
    ),
    Case(
      yaml: "groups:\n  time_limit: 9000h",
      message:
        "kring.yaml:2: groups.time_limit: 9000h is out of range; allowed: a positive duration up to a year (8760h) such as 90, 30s, 2m, 1h 30m"
    ),
    Case(
      yaml: "intake:\n  max_rows: 5000000",
      message: "kring.yaml:2: intake.max_rows: 5000000 is out of range; allowed: 1…1000000"),
  ]

  @Test("a huge weight, penalty or limit is refused, naming the key and line", arguments: tooLarge)
  func configBounds(_ c: Case) {
    var messages: [String] = []
    do {
      _ = try KringConfig.parse(
        yaml: c.yaml, fileName: "kring.yaml", baseDirectory: "", overrides: [])
    } catch {
      messages = error.diagnostics.map(\.description)
    }
    #expect(messages == [c.message])
  }

  @Test("a huge weight given with --set is refused too")
  func overrideBounds() {
    var messages: [String] = []
    do {
      _ = try KringConfig.parse(
        yaml: "", fileName: "kring.yaml", baseDirectory: "",
        overrides: ["groups.diversify.sector=1e308"])
    } catch {
      messages = error.diagnostics.map(\.description)
    }
    #expect(messages.count == 1)
    #expect(messages.first?.contains("groups.diversify.sector: 1e308 is out of range") == true)
  }

  @Test("a value that cannot be encoded is an error naming where, never {}")
  func encoderFailure() throws {
    struct Scores: Encodable {
      var objective: Double
      var groups: [Double]
    }
    #expect {
      _ = try kringJSON(Scores(objective: 1, groups: [2, .infinity]), file: "plan.json")
    } throws: { error in
      guard let d = error as? Diagnostic else { return false }
      return d.code == "output-not-encodable" && d.file == "plan.json"
        && d.message.contains("groups.1") && d.message.contains("not a finite number")
    }
    #expect(try kringJSON(Scores(objective: 1, groups: [2]), file: "x") != "{}\n")
  }

  @Test("kring mdgp never prints inf or nan: values that could overflow are refused")
  func mdgpOverflow() throws {
    let scratch = try Scratch()
    var lines = ["4 2 ss 2 2 2 2"]
    for i in 0..<4 { for j in (i + 1)..<4 { lines.append("\(i) \(j) 1e308") } }
    let file = try scratch.write("huge.txt", lines.joined(separator: "\n") + "\n")
    let result = try Kring.run(["mdgp", file, "--json"])
    #expect(result.status == 1)
    #expect(!result.stdout.contains("inf") && !result.stdout.contains("nan"))
    #expect(result.stderr.contains("d_ij: `1e308` is out of range"), "\(result.stderr)")
  }

  @Test(
    "a time limit above a year is a usage error, not a trap",
    arguments: ["9000h", "99999999999999999999"])
  func hugeTimeLimit(_ limit: String) throws {
    let result = try Kring.run([
      "form", Repository.sample, "-o", "/nonexistent", "--time-limit", limit,
    ])
    #expect(result.status == 2)
    #expect(!result.crashed)
    #expect(result.stderr.contains("--time-limit \"\(limit)\""), "\(result.stderr)")
  }
}
