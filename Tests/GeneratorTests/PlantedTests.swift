import Foundation
import Intake
import Testing

@testable import Generator

/// The preset rules, written out again here so that the test does not trust the generator.
private struct Preset {
  var min: Int
  var max: Int
  var target: Int
  var years: Double
  var sector: Double

  static func of(_ program: GeneratorProgram) -> Preset {
    switch program {
    case .intervision: Preset(min: 5, max: 8, target: 6, years: 1.0, sector: 0.5)
    case .mastermind: Preset(min: 4, max: 6, target: 6, years: 0.3, sector: 1.0)
    case .mentoring: Preset(min: 4, max: 6, target: 5, years: 1.0, sector: 0.3)
    }
  }
}

/// A planted batch as read back from its files.
private struct PlantedFiles {
  var people: [String: [String: String]]
  var order: [String]
  var json: [String: Any]
  var groups: [[String: Any]]
  var facilitators: [String: [String: String]]
  var rooms: [String: [String: String]]

  init(_ batch: GeneratedBatch) throws {
    let rows = try TestCSV.table(batch.intakeCSV()).rows
    order = rows.map { $0["id"] ?? "" }
    people = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] ?? "", $0) })
    let text = try #require(batch.plantedJSON())
    json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    groups = try #require(json["groups"] as? [[String: Any]])
    facilitators = Dictionary(
      uniqueKeysWithValues: try TestCSV.table(batch.facilitatorsCSV()).rows.map {
        ($0["id"] ?? "", $0)
      })
    rooms = Dictionary(
      uniqueKeysWithValues: try TestCSV.table(batch.roomsCSV()).rows.map { ($0["id"] ?? "", $0) })
  }
}

private func ready(_ row: [String: String]) -> Bool {
  let ratings = [("motivation", 0.5), ("commitment", 0.3), ("openness", 0.2)]
  var total = 0.0
  var weight = 0.0
  for (key, w) in ratings {
    if let value = Double(row[key] ?? "") {
      total += w * value
      weight += w
    }
  }
  return weight == 0 || total / weight >= 3.5
}

@Suite("Planted batches")
struct PlantedTests {
  static let cases: [(GeneratorProgram, Int, UInt64)] = [
    (.intervision, 240, 1), (.intervision, 1_000, 2), (.mastermind, 300, 3), (.mentoring, 250, 4),
    (.intervision, 10, 5), (.intervision, 7, 6), (.mentoring, 5, 7), (.intervision, 61, 8),
  ]

  @Test("the hidden solution satisfies every hard rule", arguments: cases)
  func hardRules(program: GeneratorProgram, n: Int, seed: UInt64) throws {
    let batch = try generate(n, seed: seed, .planted, program: program)
    let files = try PlantedFiles(batch)
    let preset = Preset.of(program)
    var placed: [String] = []
    for group in files.groups {
      let ids = try #require(group["members"] as? [String])
      placed += ids
      let members = try ids.map { try #require(files.people[$0]) }
      #expect((preset.min...preset.max).contains(members.count))
      // Match: one language; online and in-person never together.
      #expect(Set(members.map { $0["language"] ?? "" }).count == 1)
      let formats = Set(members.map { $0["format"] ?? "" })
      #expect(!(formats.contains("online") && formats.contains("in-person")))
      #expect(group["language"] as? String == members.first?["language"])
      // Separate: at most one per organisation (blank organisations share nothing).
      let orgs = members.compactMap { $0["organization"] }.filter { !$0.isEmpty }
      #expect(Set(orgs).count == orgs.count)
      // Hierarchy: one level, and no one above a member in their chain.
      #expect(Set(members.map { $0["level"] ?? "" }).count == 1)
      let memberSet = Set(ids)
      for id in ids {
        var seen: Set<String> = [id]
        var current = files.people[id]?["manager_id"] ?? ""
        while !current.isEmpty {
          #expect(
            !memberSet.contains(current), "\(id) shares a group with \(current) in their line")
          guard seen.insert(current).inserted else {
            Issue.record("reporting cycle through \(current)")
            break
          }
          current = files.people[current]?["manager_id"] ?? ""
        }
        for other in slotTokens(files.people[id]?["avoid"]) {
          #expect(!memberSet.contains(other), "\(id) avoids \(other) in the same group")
        }
        #expect(ready(files.people[id] ?? [:]), "\(id) is not ready")
      }
      // A shared slot, the one the solution names.
      let common = members.map { Set(slotTokens($0["availability"])) }.reduce(
        Set(slotTokens(members.first?["availability"]))
      ) { $0.intersection($1) }
      let slot = try #require(group["slot"] as? String)
      #expect(common.contains(slot))
      // Diverse by construction: every member from another sector.
      #expect(Set(members.map { $0["sector"] ?? "" }).count == members.count)
    }
    // Everyone is placed, exactly once.
    #expect(placed.sorted() == files.order.sorted())
    #expect(Set(placed).count == placed.count)
  }

  @Test("the reported diversity and objective recompute exactly", arguments: cases)
  func diversity(program: GeneratorProgram, n: Int, seed: UInt64) throws {
    let batch = try generate(n, seed: seed, .planted, program: program)
    let files = try PlantedFiles(batch)
    let preset = Preset.of(program)
    var total = 0.0
    var deviation = 0
    for group in files.groups {
      let ids = try #require(group["members"] as? [String])
      let years = ids.map { Double(files.people[$0]?["years_experience"] ?? "") ?? -1 }
      let sectors = ids.map { files.people[$0]?["sector"] ?? "" }
      var pairs = 0.0
      for i in 0..<ids.count {
        for j in (i + 1)..<ids.count {
          pairs += preset.years * min(abs(years[i] - years[j]), 15) / 15
          pairs += preset.sector * (sectors[i] == sectors[j] ? 0 : 1)
        }
      }
      let d = pairs / Double(ids.count - 1)
      let reported = try #require(group["diversity"] as? Double)
      #expect(abs(d - reported) < 1e-6)
      total += d
      deviation += abs(ids.count - preset.target)
    }
    #expect(abs(total - ((files.json["diversity"] as? Double) ?? -1)) < 1e-6)
    #expect(deviation == files.json["size_deviation"] as? Int)
    let objective = total - 0.2 * Double(deviation)
    #expect(abs(objective - ((files.json["objective"] as? Double) ?? -1)) < 1e-6)
    let rules = try #require(files.json["rules"] as? [String: Any])
    let size = try #require(rules["size"] as? [String: Any])
    #expect(size["min"] as? Int == preset.min && size["max"] as? Int == preset.max)
    #expect(size["target"] as? Int == preset.target)
    // A strong reference: better than groups drawn at random from the same level, whose
    // expected diversity is the mean d_ij over all same-level pairs of the batch.
    guard n >= 60 else { return }
    var byLevel: [String: [(Double, String)]] = [:]
    for id in files.order {
      let row = files.people[id] ?? [:]
      byLevel[row["level"] ?? "", default: []].append(
        (Double(row["years_experience"] ?? "") ?? 0, row["sector"] ?? ""))
    }
    var meanPair: [String: Double] = [:]
    for (level, people) in byLevel.sorted(by: { $0.key < $1.key }) where people.count > 1 {
      var sum = 0.0
      for i in 0..<people.count {
        for j in (i + 1)..<people.count {
          sum += preset.years * min(abs(people[i].0 - people[j].0), 15) / 15
          sum += preset.sector * (people[i].1 == people[j].1 ? 0 : 1)
        }
      }
      meanPair[level] = sum / Double(people.count * (people.count - 1) / 2)
    }
    var baseline = 0.0
    for group in files.groups {
      let size = Double((group["members"] as? [String])?.count ?? 0)
      baseline += (meanPair[group["level"] as? String ?? ""] ?? 0) * size / 2
    }
    #expect(total > baseline * 1.05, "planted \(total), random same-level groups \(baseline)")
  }

  @Test("reporting lines and avoid pairs are present, and the avoid pairs bite")
  func rulesBite() throws {
    let batch = try generate(1_000, seed: 9, .planted)
    let files = try PlantedFiles(batch)
    var groupOf: [String: Int] = [:]
    for (index, group) in files.groups.enumerated() {
      for id in (group["members"] as? [String]) ?? [] { groupOf[id] = index }
    }
    let managed = files.people.values.filter { !($0["manager_id"] ?? "").isEmpty }
    #expect(managed.count > 100)
    var avoidPairs = 0
    var biting = 0
    for (id, row) in files.people.sorted(by: { $0.key < $1.key }) {
      for other in slotTokens(row["avoid"]) {
        avoidPairs += 1
        #expect(groupOf[id] != groupOf[other])
        let peer = files.people[other] ?? [:]
        if peer["language"] == row["language"] && peer["level"] == row["level"] { biting += 1 }
      }
    }
    #expect(avoidPairs >= 8)
    #expect(biting * 2 > avoidPairs)
  }

  static let resourceCases: [(GeneratorProgram, Int, UInt64, ResourceCount, ResourceCount)] = [
    (.intervision, 240, 1, .auto, .auto), (.intervision, 1_000, 2, .auto, .auto),
    (.intervision, 240, 3, .exactly(14), .exactly(12)),
    (.intervision, 240, 4, .exactly(47), .auto), (.mastermind, 300, 5, .auto, .auto),
    (.mentoring, 250, 6, .exactly(30), .exactly(40)), (.intervision, 10, 7, .auto, .auto),
    (.intervision, 5, 8, .exactly(1), .auto), (.intervision, 900, 9, .auto, .auto),
  ]

  @Test("facilitators and rooms fit a full hidden schedule", arguments: resourceCases)
  func resources(
    program: GeneratorProgram, n: Int, seed: UInt64, facilitators: ResourceCount,
    rooms: ResourceCount
  ) throws {
    let batch = try generate(
      n, seed: seed, .planted, program: program, facilitators: facilitators, rooms: rooms)
    let files = try PlantedFiles(batch)
    if case .exactly(let count) = facilitators { #expect(files.facilitators.count == count) }
    if case .exactly(let count) = rooms { #expect(files.rooms.count == count) }

    let capacity = files.facilitators.values.reduce(0) { $0 + (Int($1["max_groups"] ?? "") ?? 0) }
    #expect(Double(files.groups.count) / Double(capacity) >= 0.85)
    let reported = try #require(files.json["facilitator_capacity"] as? [String: Any])
    #expect(reported["max_groups_total"] as? Int == capacity)

    var facilitatorSlots: [String: [String]] = [:]
    var roomSlots: [String: [String]] = [:]
    for group in files.groups {
      let ids = try #require(group["members"] as? [String])
      let members = try ids.map { try #require(files.people[$0]) }
      let slot = try #require(group["slot"] as? String)
      let language = try #require(members.first?["language"])
      let orgs = Set(members.compactMap { $0["organization"] }.filter { !$0.isEmpty })

      let fid = try #require(group["facilitator"] as? String)
      let facilitator = try #require(files.facilitators[fid])
      #expect(slotTokens(facilitator["languages"]).contains(language))
      #expect(slotTokens(facilitator["availability"]).contains(slot))
      #expect(!orgs.contains(facilitator["organization"] ?? ""))
      let weekday = String(slot.prefix(3))
      for date in slotTokens(facilitator["unavailable"]) {
        #expect(weekdayToken(date) != weekday, "\(fid) is away on \(date)")
      }
      facilitatorSlots[fid, default: []].append(slot)

      let formats = Set(members.map { $0["format"] ?? "" })
      if formats.contains("online") {
        #expect(group["room"] == nil)
        continue
      }
      let rid = try #require(group["room"] as? String)
      let room = try #require(files.rooms[rid])
      #expect((Int(room["capacity"] ?? "") ?? 0) >= members.count + 1)
      #expect(slotTokens(room["availability"]).contains(slot))
      if members.contains(where: { $0["needs_accessible"] == "yes" }) {
        #expect(room["accessible"] == "yes")
      }
      roomSlots[rid, default: []].append(slot)
    }
    for (fid, slots) in facilitatorSlots.sorted(by: { $0.key < $1.key }) {
      #expect(Set(slots).count == slots.count, "\(fid) is booked twice at one slot")
      #expect(slots.count <= Int(files.facilitators[fid]?["max_groups"] ?? "") ?? 0)
    }
    for (rid, slots) in roomSlots.sorted(by: { $0.key < $1.key }) {
      #expect(Set(slots).count == slots.count, "\(rid) is booked twice at one slot")
    }
    if n >= 240 {
      #expect(files.rooms.values.contains { $0["accessible"] == "yes" })
      #expect(files.people.values.contains { $0["needs_accessible"] == "yes" })
      #expect(files.facilitators.values.contains { slotTokens($0["languages"]).contains("en") })
    }
  }

  @Test(
    "automatic facilitator counts use most of the capacity", arguments: [10, 60, 240, 1_000, 6_000])
  func autoCapacity(n: Int) throws {
    let batch = try generate(n, seed: 12, .planted, facilitators: .auto, rooms: .auto)
    let planted = try #require(batch.planted)
    let capacity = try #require(planted.facilitatorCapacity)
    let ratio = Double(planted.groups.count) / Double(capacity)
    #expect(ratio >= 0.85 && ratio <= 1.0)
  }

  @Test("many seeds build a planted schedule without error")
  func manySeeds() throws {
    for seed in UInt64(100)..<UInt64(160) {
      let n = 5 + Int(seed % 97) * 7
      for program in GeneratorProgram.allCases {
        let rules = Preset.of(program)
        guard PlantedBuilder.partition(n, program.plantedRules) != nil else { continue }
        let batch = try generate(
          n, seed: seed, .planted, program: program, facilitators: .auto, rooms: .auto)
        let sizes = batch.planted?.groups.map(\.members.count) ?? []
        #expect(sizes.allSatisfy { (rules.min...rules.max).contains($0) })
        #expect(sizes.reduce(0, +) == n)
      }
    }
  }
}

@Suite("Planted facilitator counts")
struct PlantedFacilitatorCountTests {
  @Test("every count in the documented range works", arguments: [(60, 10), (240, 40), (500, 83)])
  func fullRange(n: Int, groups: Int) throws {
    let fewest = (groups + 2) / 3
    let most = groups * 100 / 85
    for count in fewest...most {
      let batch = try generate(
        n, seed: UInt64(count), .planted, facilitators: .exactly(count), rooms: .auto)
      #expect(batch.planted?.groups.count == groups)
      #expect(batch.facilitators.count == count)
      let capacity = batch.facilitators.reduce(0) { $0 + $1.maxGroups }
      #expect(100 * groups >= 85 * capacity)
      #expect(batch.planted?.groups.allSatisfy { $0.facilitator != nil } == true)
    }
    for count in [fewest - 1, most + 1] where count >= 1 {
      #expect(throws: Diagnostic.self) {
        try generate(n, seed: 1, .planted, facilitators: .exactly(count), rooms: .auto)
      }
    }
  }
}
