import Foundation
import Intake
import Testing

@testable import Generator

@Suite("Generator basics")
struct GeneratorBasicsTests {
  static let allFiles: [(GeneratorProfile, GeneratorProgram)] = [
    (.realistic, .intervision), (.hard, .mastermind), (.planted, .intervision),
    (.planted, .mastermind), (.planted, .mentoring),
  ]

  /// Every text file of a batch, in a fixed order.
  private func texts(_ batch: GeneratedBatch) -> [String] {
    [
      batch.intakeCSV(), batch.facilitatorsCSV(), batch.roomsCSV(), batch.configYAML(),
      batch.plantedJSON() ?? "",
    ]
  }

  @Test("the same seed gives byte-identical files", arguments: allFiles)
  func sameSeed(profile: GeneratorProfile, program: GeneratorProgram) throws {
    let a = try generate(
      300, seed: 11, profile, program: program, facilitators: .auto, rooms: .auto)
    let b = try generate(
      300, seed: 11, profile, program: program, facilitators: .auto, rooms: .auto)
    #expect(texts(a) == texts(b))
  }

  @Test("another seed gives another batch", arguments: allFiles)
  func otherSeed(profile: GeneratorProfile, program: GeneratorProgram) throws {
    let a = try generate(
      300, seed: 11, profile, program: program, facilitators: .auto, rooms: .auto)
    let b = try generate(
      300, seed: 12, profile, program: program, facilitators: .auto, rooms: .auto)
    #expect(a.intakeCSV() != b.intakeCSV())
    #expect(a.facilitatorsCSV() != b.facilitatorsCSV())
    #expect(a.roomsCSV() != b.roomsCSV())
  }

  @Test(
    "adding facilitators and rooms leaves the intake file unchanged",
    arguments: GeneratorProfile.allCases)
  func resourcesDoNotChangeIntake(profile: GeneratorProfile) throws {
    let plain = try generate(120, seed: 5, profile)
    let full = try generate(120, seed: 5, profile, facilitators: .auto, rooms: .auto)
    #expect(plain.intakeCSV() == full.intakeCSV())
  }

  @Test(
    "row counts and headers", arguments: GeneratorProfile.allCases, [1, 5, 10, 61, 500] as [Int])
  func rowCounts(profile: GeneratorProfile, n: Int) throws {
    // Planted batches need enough people for one group; smaller counts are refused.
    if profile == .planted && n < 5 {
      #expect(throws: Diagnostic.self) { try generate(n, seed: 1, profile) }
      return
    }
    // Planted resources follow the hidden schedule, so their counts are left to the generator.
    let planted = profile == .planted
    let batch = try generate(
      n, seed: 3, profile, facilitators: planted ? .auto : .exactly(4),
      rooms: planted ? .auto : .exactly(6))
    let intake = try TestCSV.table(batch.intakeCSV())
    #expect(intake.header == GeneratedBatch.intakeHeader)
    #expect(intake.rows.count == n)
    #expect(intake.rows.map { $0["id"] } == (1...n).map { "c\($0)" })
    if profile != .planted {
      let facilitators = try TestCSV.table(batch.facilitatorsCSV())
      #expect(facilitators.header == GeneratedBatch.facilitatorsHeader)
      #expect(facilitators.rows.count == 4)
      let rooms = try TestCSV.table(batch.roomsCSV())
      #expect(rooms.header == GeneratedBatch.roomsHeader)
      #expect(rooms.rows.count == 6)
    }
  }

  @Test("every intake row is well-formed", arguments: GeneratorProfile.allCases)
  func wellFormedRows(profile: GeneratorProfile) throws {
    let batch = try generate(2_000, seed: 8, profile)
    let rows = try TestCSV.table(batch.intakeCSV()).rows
    let ids = Set(rows.compactMap { $0["id"] })
    #expect(ids.count == rows.count)
    var emails: Set<String> = []
    var managerOf: [String: String] = [:]
    let levels = ["professional", "senior", "lead", "manager", "director"]
    let validSlots = Set(
      ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].flatMap { d in
        ["am", "pm", "eve"].map { "\(d)-\($0)" }
      })
    let reference = try #require(isoDay(GeneratorCalendar.referenceDate))
    for row in rows {
      let id = row["id"] ?? ""
      #expect(!(row["name"] ?? "").isEmpty)
      let email = row["email"] ?? ""
      #expect(email.wholeMatch(of: /[a-z0-9.]+@[a-z0-9.-]+\.example/) != nil, "\(email)")
      #expect(emails.insert(email).inserted, "duplicate e-mail \(email)")
      #expect(!(row["sector"] ?? "").isEmpty)
      #expect(levels.contains(row["level"] ?? ""))
      let years = try #require(Double(row["years_experience"] ?? ""))
      #expect(years >= 0 && years <= 40)
      #expect(["nl", "en"].contains(row["language"] ?? ""))
      #expect(["online", "in-person", "either"].contains(row["format"] ?? ""))
      let slots = slotTokens(row["availability"])
      #expect(!slots.isEmpty && slots.allSatisfy(validSlots.contains))
      #expect(Set(slots).count == slots.count)
      #expect(["yes", "no"].contains(row["needs_accessible"] ?? ""))
      for key in ["motivation", "commitment", "openness"] {
        if let value = row[key], !value.isEmpty {
          #expect((1...5).contains(Int(value) ?? 0))
        }
      }
      let date = try #require(isoDay(row["intake_date"] ?? ""))
      #expect(date < reference && date >= reference - 92)
      if let manager = row["manager_id"], !manager.isEmpty {
        #expect(ids.contains(manager))
        #expect(manager != id)
        managerOf[id] = manager
      }
      for other in slotTokens(row["avoid"]) {
        #expect(ids.contains(other) && other != id)
      }
      if (row["organization"] ?? "").isEmpty {
        #expect((row["department"] ?? "").isEmpty)
      }
    }
    // Managers sit strictly higher, in the same organisation: chains end, never cycle.
    let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] ?? "", $0) })
    for (id, manager) in managerOf.sorted(by: { $0.key < $1.key }) {
      let report = try #require(byID[id])
      let boss = try #require(byID[manager])
      let reportLevel = try #require(levels.firstIndex(of: report["level"] ?? ""))
      let bossLevel = try #require(levels.firstIndex(of: boss["level"] ?? ""))
      #expect(bossLevel > reportLevel)
      #expect(boss["organization"] == report["organization"])
      #expect(!(boss["organization"] ?? "").isEmpty)
    }
  }

  @Test(
    "bad arguments are refused with a stable code",
    arguments: [
      (GeneratorOptions(candidates: 0, seed: 1), "generate-candidates-out-of-range"),
      (GeneratorOptions(candidates: 100_001, seed: 1), "generate-candidates-out-of-range"),
      (GeneratorOptions(candidates: -5, seed: 1), "generate-candidates-out-of-range"),
      (
        GeneratorOptions(candidates: 10, seed: 1, facilitators: .exactly(0), rooms: .auto),
        "generate-facilitators-out-of-range"
      ),
      (
        GeneratorOptions(candidates: 10, seed: 1, facilitators: .auto, rooms: .exactly(-1)),
        "generate-rooms-out-of-range"
      ),
      (GeneratorOptions(candidates: 9, seed: 1, profile: .planted), "generate-planted-size"),
      (GeneratorOptions(candidates: 3, seed: 1, profile: .planted), "generate-planted-size"),
      (
        GeneratorOptions(
          candidates: 7, seed: 1, profile: .planted, program: .mastermind),
        "generate-planted-size"
      ),
      (
        GeneratorOptions(
          candidates: 240, seed: 1, profile: .planted, facilitators: .exactly(5), rooms: .auto),
        "generate-planted-facilitators"
      ),
      (
        GeneratorOptions(
          candidates: 240, seed: 1, profile: .planted, facilitators: .exactly(48), rooms: .auto),
        "generate-planted-facilitators"
      ),
      (
        GeneratorOptions(
          candidates: 240, seed: 1, profile: .planted, facilitators: .auto, rooms: .exactly(1)),
        "generate-planted-rooms"
      ),
    ])
  func badArguments(options: GeneratorOptions, code: String) {
    #expect {
      try BatchGenerator.generate(options)
    } throws: { error in
      guard let diagnostic = error as? Diagnostic else { return false }
      return diagnostic.code == code && !diagnostic.message.isEmpty
    }
  }

  @Test("the planted size error suggests counts that work")
  func plantedSizeHint() {
    #expect {
      try BatchGenerator.generate(GeneratorOptions(candidates: 9, seed: 1, profile: .planted))
    } throws: { error in
      (error as? Diagnostic)?.message.contains("try 8 or 10") == true
    }
  }

  @Test("kring.yaml names the preset and the resource files")
  func configFile() throws {
    let batch = try generate(
      60, seed: 4, .realistic, program: .mentoring, facilitators: .auto, rooms: .auto)
    let lines = batch.configYAML().split(separator: "\n").map(String.init)
    #expect(lines.contains("program: mentoring"))
    #expect(lines.contains("  facilitators: facilitators.csv"))
    #expect(lines.contains("  rooms: rooms.csv"))
    #expect(lines.contains("  start: \(GeneratorCalendar.scheduleStart)"))
    #expect(lines.contains("  seed: 4"))
  }

  @Test("realistic and hard facilitators and rooms stay in range")
  func resourceRanges() throws {
    for profile in [GeneratorProfile.realistic, .hard] {
      let batch = try generate(
        600, seed: 2, profile, facilitators: .exactly(40), rooms: .exactly(30))
      let facilitators = try TestCSV.table(batch.facilitatorsCSV()).rows
      let candidateEmails = Set(
        try TestCSV.table(batch.intakeCSV()).rows.compactMap { $0["email"] })
      for f in facilitators {
        #expect((1...3).contains(Int(f["max_groups"] ?? "") ?? 0))
        #expect(!slotTokens(f["availability"]).isEmpty)
        #expect(slotTokens(f["languages"]).allSatisfy { ["nl", "en"].contains($0) })
        #expect(!slotTokens(f["languages"]).isEmpty)
        #expect(!candidateEmails.contains(f["email"] ?? ""))
        for date in slotTokens(f["unavailable"]) { #expect(isoDay(date) != nil) }
      }
      for room in try TestCSV.table(batch.roomsCSV()).rows {
        #expect((6...12).contains(Int(room["capacity"] ?? "") ?? 0))
        #expect(["yes", "no"].contains(room["accessible"] ?? ""))
        #expect(!slotTokens(room["availability"]).isEmpty)
        #expect(!(room["location"] ?? "").isEmpty)
      }
    }
  }

  @Test("10 000 candidates generate quickly")
  func speed() throws {
    let clock = ContinuousClock()
    var text = ""
    let elapsed = try clock.measure {
      text = try generate(10_000, seed: 1, .realistic).intakeCSV()
    }
    #expect(text.count > 1_000_000)
    // Debug builds are about ten times slower than release; release takes well under 1 s.
    #expect(elapsed < .seconds(10))
  }
}
