import Foundation
import Testing

/// The README's walkthrough from a raw export: `kring intake init export.xlsx -o kring.yaml`,
/// then `kring plan`, with the draft as written; the coordinator's spreadsheets come back.
@Suite("kring intake init, then kring plan", .serialized)
struct IntakeInitCLITests {
  static let export = CLI.fixture("forms/export.xlsx")

  /// The walkthrough, run once: the folder with kring.yaml and out/.
  static let made:
    Result<(folder: URL, initRun: CLI.Output, again: CLI.Output, plan: CLI.Output), any Error> =
      Result {
        let folder = try CLI.temporaryFolder()
        let config = folder.appendingPathComponent("kring.yaml").path
        let initRun = try CLI.run(["intake", "init", export, "-o", config])
        let again = try CLI.run(["intake", "init", export, "-o", config, "--quiet"])
        let plan = try CLI.run([
          "plan", export, "-c", config, "-o", folder.appendingPathComponent("out").path,
          "--no-diagnosis", "--iterations", "200",
        ])
        return (folder, initRun, again, plan)
      }

  @Test func theDraftPlansAsWritten() throws {
    let run = try Self.made.get()
    #expect(run.initRun.status == 0, "\(run.initRun.stderr)")
    #expect(run.initRun.stdout.contains("it reads every row. Next: kring plan \(Self.export) -c "))
    #expect(
      run.initRun.stdout.contains(
        "  availability ← \"Op welke momenten kun je? (meerdere antwoorden mogelijk)\""))
    #expect(run.again.status == 0 && run.again.stdout.isEmpty)
    #expect(run.plan.status == 0, "\(run.plan.stderr)")
    let names = try FileManager.default.contentsOfDirectory(
      atPath: run.folder.appendingPathComponent("out").path)
    #expect(names.contains("plan.xlsx"))
  }

  @Test func dutchCSVsOpenInColumnsInDutchExcel() throws {
    let run = try Self.made.get()
    let groups = try Data(contentsOf: run.folder.appendingPathComponent("out/groups.csv"))
    #expect(Array(groups.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let text = String(decoding: groups.dropFirst(3), as: UTF8.self)
    #expect(text.hasPrefix("group;id;name;email;organization;sector;level;years_experience;"))
  }

  static let openpyxlRequired = ProcessInfo.processInfo.environment["KRING_REQUIRE_OPENPYXL"] == "1"
  static let openpyxl = ICalendarCheck.run(["python3", "-c", "import openpyxl"])?.status == 0

  @Test(
    .enabled(
      if: openpyxlRequired || openpyxl, "needs python3 with openpyxl (Scripts/ensure-test-tools.sh)"
    ))
  func planXLSXOpensInARealSpreadsheetLibrary() throws {
    #expect(Self.openpyxl, "python3 cannot import openpyxl; run Scripts/ensure-test-tools.sh")
    let run = try Self.made.get()
    let out = run.folder.appendingPathComponent("out")
    let result = try #require(
      ICalendarCheck.run([
        "python3", "Scripts/check-xlsx.py", out.appendingPathComponent("plan.xlsx").path,
      ]))
    #expect(result.status == 0, "\(result.output)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    let sheets = try #require(json["sheets"] as? [[String: Any]])
    #expect(
      sheets.compactMap { $0["name"] as? String } == [
        "Groepen", "Rooster", "Niet geplaatst", "Diagnose",
      ])
    #expect(sheets.allSatisfy { ($0["formulas"] as? Int) == 0 })
    // The groups sheet holds the rows of groups.csv, numbers as numbers.
    let rows = try #require(sheets[0]["rows"] as? [[String]])
    let csv = String(
      decoding: try Data(contentsOf: out.appendingPathComponent("groups.csv")).dropFirst(3),
      as: UTF8.self)
    let csvRows = csv.split(separator: "\r\n").dropFirst().map {
      $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
    }
    #expect(rows.dropFirst().map { $0.map { $0 } } == csvRows.map { $0 })
    #expect(rows.first?.first == "Groep")
  }
}
