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

extension IntakeInitCLITests {
  /// Answers a spreadsheet would run as formulas: neutralised in the Dutch CSVs (`;`, a
  /// byte-order mark), plain text in `plan.xlsx`, whether the person is placed or not.
  @Test(
    .enabled(
      if: openpyxlRequired || openpyxl, "needs python3 with openpyxl (Scripts/ensure-test-tools.sh)"
    ))
  func formulasInAnswersStayText() throws {
    #expect(Self.openpyxl, "python3 cannot import openpyxl; run Scripts/ensure-test-tools.sh")
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostile = [
      #"=HYPERLINK("http://evil.example","klik")"#, "+31 6 Kees", "@SUM(1)",
      "-2+3+cmd|' /C calc'!A0",
    ]
    var csv =
      "Tijdstempel;E-mailadres;Wat is je naam?;Bij welke organisatie werk je?;Wat is je functie?;"
      + "Op welke momenten kun je?;In welke taal wil je de intervisie volgen?;"
      + "Wil je online of fysiek meedoen?;In welke sector werk je?;Hoeveel jaar werkervaring heb je?\r\n"
    for k in 0..<14 {
      let name = k < 2 ? hostile[k] : "Deelnemer \(k)"
      let organization = k == 0 ? hostile[2] : k == 1 ? hostile[3] : "Organisatie \(k)"
      csv +=
        "14-9-2026 10:\(10 + k):00;p\(k)@example.nl;\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\";"
        + "\(organization);Adviseur;Dinsdagmiddag;Nederlands;Online;Zorg;\(3 + k)\r\n"
    }
    let export = folder.appendingPathComponent("export.csv")
    try Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array(csv.utf8)).write(to: export)
    let config = folder.appendingPathComponent("kring.yaml").path
    let initRun = try CLI.run(["intake", "init", export.path, "-o", config])
    #expect(initRun.status == 0, "\(initRun.stderr)")
    let out = folder.appendingPathComponent("out")
    let plan = try CLI.run([
      "plan", export.path, "-c", config, "-o", out.path, "--no-diagnosis", "--iterations", "100",
    ])
    #expect(plan.status == 0, "\(plan.stderr)")
    // The CSVs: every cell that would start a formula starts with an apostrophe.
    var cells: [String] = []
    for name in ["groups.csv", "unplaced.csv"] {
      let bytes = try Data(contentsOf: out.appendingPathComponent(name))
      #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "\(name)")
      let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
      cells += text.split(separator: "\r\n").flatMap {
        $0.split(separator: ";", omittingEmptySubsequences: false).map {
          $0.hasPrefix("\"") && $0.hasSuffix("\"")
            ? String($0.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
            : String($0)
        }
      }
    }
    for value in [hostile[0], hostile[1], hostile[2]] {
      #expect(cells.contains("'" + value), "\(value) not neutralised in \(cells)")
      #expect(!cells.contains(value))
    }
    // The workbook, read by openpyxl: no formula anywhere, the answers as written.
    let result = try #require(
      ICalendarCheck.run([
        "python3", "Scripts/check-xlsx.py", out.appendingPathComponent("plan.xlsx").path,
      ]))
    #expect(result.status == 0, "\(result.output)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    let sheets = try #require(json["sheets"] as? [[String: Any]])
    #expect(sheets.allSatisfy { ($0["formulas"] as? Int) == 0 })
    let texts = Set(sheets.flatMap { ($0["rows"] as? [[String]] ?? []).joined() })
    #expect(texts.contains(hostile[0]) && texts.contains(hostile[1]))
  }
}

extension IntakeInitCLITests {
  /// A form that never asked for a field Kring needs: the draft is written, and both what it
  /// could not decide and why the export cannot be read yet are said.
  @Test func aDraftThatCannotReadTheExportSaysWhy() throws {
    let folder = try CLI.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let export = folder.appendingPathComponent("export.csv")
    var csv =
      "E-mailadres;Wat is je naam?;Op welke momenten kun je?;Bij welke organisatie werk je?\n"
    for k in 0..<6 { csv += "p\(k)@example.nl;Deelnemer \(k);Maandagochtend;Organisatie \(k)\n" }
    try csv.write(to: export, atomically: true, encoding: .utf8)
    let config = folder.appendingPathComponent("kring.yaml").path
    let run = try CLI.run(["intake", "init", export.path, "-o", config])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(FileManager.default.fileExists(atPath: config))
    #expect(
      run.stdout.hasSuffix(
        "Wrote \(config); it cannot read the export yet (listed above); fix \(config) and run this again\n"
      ), "\(run.stdout)")
    let lines = run.stderr.split(separator: "\n").map(String.init)
    #expect(
      lines.contains(
        "to decide: no column for sector, which Kring needs: map it under intake.columns"))
    #expect(
      lines.contains {
        $0.hasPrefix(
          "\(export.path): missing required column \"sector\" (or \"branche\"); the file's columns are "
        )
          && $0.hasSuffix("; to map a form's own questions, run kring intake init \(export.path)")
      }, "\(lines)")
  }
}
