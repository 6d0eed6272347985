import Intake
import Testing

@testable import Generator

/// Share of rows whose `key` equals `value`.
private func share(_ rows: [[String: String]], _ key: String, _ value: String) -> Double {
  Double(rows.filter { $0[key] == value }.count) / Double(rows.count)
}

/// Readiness under the default weights and thresholds, recomputed from the file's ratings.
private func readiness(_ row: [String: String]) -> String {
  let weights = ["motivation": 0.5, "commitment": 0.3, "openness": 0.2]
  var total = 0.0
  var weight = 0.0
  for (key, w) in weights.sorted(by: { $0.key < $1.key }) {
    if let value = Double(row[key] ?? "") {
      total += w * value
      weight += w
    }
  }
  guard weight > 0 else { return "ready" }
  let score = total / weight
  return score >= 3.5 ? "ready" : score < 2.0 ? "not-now" : "follow-up"
}

/// The largest organisations' share of everyone with an organisation.
private func topOrganizationsShare(_ rows: [[String: String]], top: Int) -> Double {
  var sizes: [String: Int] = [:]
  for row in rows { if let org = row["organization"], !org.isEmpty { sizes[org, default: 0] += 1 } }
  let sorted = sizes.values.sorted(by: >)
  return Double(sorted.prefix(top).reduce(0, +)) / Double(sorted.reduce(0, +))
}

@Suite("Distributions")
struct DistributionTests {
  static let realistic: [[String: String]] = {
    (try? TestCSV.table(generate(10_000, seed: 2026, .realistic).intakeCSV()).rows) ?? []
  }()
  static let hard: [[String: String]] = {
    (try? TestCSV.table(generate(10_000, seed: 2026, .hard).intakeCSV()).rows) ?? []
  }()

  @Test(
    "realistic shares match the documented distributions",
    arguments: [
      ("sector", "Healthcare", 0.25), ("sector", "Education", 0.20),
      ("sector", "Public sector", 0.20), ("sector", "Business services", 0.15),
      ("sector", "ICT", 0.10), ("level", "professional", 0.45), ("level", "senior", 0.28),
      ("level", "lead", 0.14), ("level", "manager", 0.09), ("level", "director", 0.04),
      ("language", "nl", 0.85), ("language", "en", 0.15), ("format", "online", 0.20),
      ("format", "in-person", 0.35), ("format", "either", 0.45),
    ])
  func realisticShares(key: String, value: String, expected: Double) {
    let rows = Self.realistic
    #expect(rows.count == 10_000)
    #expect(abs(share(rows, key, value) - expected) < 0.02, "\(key)=\(value)")
  }

  @Test("the three small sectors make up the other 10 %")
  func otherSectors() {
    let other = ["Finance", "Culture", "Non-profit"].map { share(Self.realistic, "sector", $0) }
    #expect(abs(other.reduce(0, +) - 0.10) < 0.015)
    #expect(other.allSatisfy { $0 > 0.015 })
  }

  @Test("readiness is about 80 % ready, 12 % follow-up, 8 % not now")
  func readinessShares() {
    let rows = Self.realistic
    let classes = rows.map(readiness)
    let ready = Double(classes.filter { $0 == "ready" }.count) / Double(rows.count)
    let followUp = Double(classes.filter { $0 == "follow-up" }.count) / Double(rows.count)
    let notNow = Double(classes.filter { $0 == "not-now" }.count) / Double(rows.count)
    #expect(abs(ready - 0.80) < 0.02)
    #expect(abs(followUp - 0.12) < 0.015)
    #expect(abs(notNow - 0.08) < 0.015)
  }

  @Test("realistic availability ticks 2–5 of the programme's six slots")
  func realisticSlots() {
    let menu = Set(GeneratorProgram.intervision.commonSlots.map(\.0.token))
    var total = 0
    for row in Self.realistic {
      let slots = slotTokens(row["availability"])
      #expect((2...5).contains(slots.count))
      #expect(slots.allSatisfy(menu.contains))
      total += slots.count
    }
    let mean = Double(total) / Double(Self.realistic.count)
    #expect(abs(mean - 3.15) < 0.1)
  }

  @Test("years of experience rise with level")
  func yearsByLevel() {
    let levels = ["professional", "senior", "lead", "manager", "director"]
    let means = levels.map { level in
      let years = Self.realistic.filter { $0["level"] == level }.compactMap {
        Double($0["years_experience"] ?? "")
      }
      return years.reduce(0, +) / Double(max(years.count, 1))
    }
    for i in 1..<means.count { #expect(means[i] > means[i - 1] + 1, "\(means)") }
  }

  @Test("organisation sizes are skewed within a sector")
  func organizationSizes() {
    var sizes: [String: Int] = [:]
    for row in Self.realistic where row["sector"] == "Healthcare" {
      if let org = row["organization"], !org.isEmpty { sizes[org, default: 0] += 1 }
    }
    let sorted = sizes.values.sorted(by: >)
    let largest = sorted.first ?? 0
    let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    #expect(sorted.count >= 30)
    #expect(largest >= 8 * median, "\(largest) vs median \(median)")
  }

  @Test("reporting lines, avoid pairs and blank organisations occur")
  func relations() {
    let rows = Self.realistic
    let managed = rows.filter { !($0["manager_id"] ?? "").isEmpty }.count
    let avoiding = rows.filter { !($0["avoid"] ?? "").isEmpty }.count
    let blank = rows.filter { ($0["organization"] ?? "").isEmpty }.count
    #expect(managed > 2_000)
    #expect(abs(Double(avoiding) / Double(rows.count) - 0.01) < 0.003)
    #expect(abs(Double(blank) / Double(rows.count) - 0.06) < 0.015)
    // Chains exist: someone's manager has a manager too.
    let managerOf = Dictionary(
      uniqueKeysWithValues: rows.map { ($0["id"] ?? "", $0["manager_id"] ?? "") })
    let chained = managerOf.values.filter { !$0.isEmpty && !(managerOf[$0] ?? "").isEmpty }.count
    #expect(chained > 100)
  }

  @Test("hard batches tick fewer slots from a wider menu, so people overlap less")
  func hardSlots() {
    let hardMenu = Set(GeneratorProgram.intervision.hardSlots.map(\.0.token))
    #expect(hardMenu.count == 8)
    for row in Self.hard {
      let slots = slotTokens(row["availability"])
      #expect((1...2).contains(slots.count))
      #expect(slots.allSatisfy(hardMenu.contains))
    }
    func meanSlots(_ rows: [[String: String]]) -> Double {
      Double(rows.map { slotTokens($0["availability"]).count }.reduce(0, +)) / Double(rows.count)
    }
    func overlap(_ rows: [[String: String]]) -> Double {
      // The chance that two consecutive rows share a slot.
      var shared = 0
      for i in stride(from: 0, to: rows.count - 1, by: 2) {
        let a = Set(slotTokens(rows[i]["availability"]))
        if !a.isDisjoint(with: slotTokens(rows[i + 1]["availability"])) { shared += 1 }
      }
      return Double(shared) / Double(rows.count / 2)
    }
    #expect(meanSlots(Self.hard) < 1.6)
    #expect(meanSlots(Self.hard) + 1.2 < meanSlots(Self.realistic))
    #expect(overlap(Self.hard) < 0.35)
    #expect(overlap(Self.realistic) > 0.8)
  }

  @Test("hard batches have larger organisations and thinner top levels")
  func hardOrganizationsAndLevels() {
    let hardTop = topOrganizationsShare(Self.hard, top: 20)
    let realisticTop = topOrganizationsShare(Self.realistic, top: 20)
    #expect(hardTop > 0.5)
    #expect(hardTop > realisticTop + 0.2)
    func distinctOrganizations(_ rows: [[String: String]]) -> Int {
      Set(rows.compactMap { $0["organization"] }.filter { !$0.isEmpty }).count
    }
    #expect(distinctOrganizations(Self.hard) * 2 < distinctOrganizations(Self.realistic))
    let top = share(Self.hard, "level", "manager") + share(Self.hard, "level", "director")
    #expect(top < 0.06)
    #expect(share(Self.hard, "level", "director") < 0.02)
  }
}
