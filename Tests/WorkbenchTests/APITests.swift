import Foundation
import Generator
import HTTPTypes
import Hummingbird
import Intake
import Pipeline
import Reports
import Testing
import Workbench

/// The checker's view of a generated batch's rules.
func checker(for batch: GeneratedBatch, overrides: [String] = []) throws -> PlanChecker {
  let config = try KringConfig.parse(
    yaml: batch.configYAML(), fileName: "kring.yaml", baseDirectory: "", overrides: overrides)
  return PlanChecker(
    batch: batch,
    config: KringConfigSnapshot(
      groups: config.groups, schedule: config.schedule, levels: config.intake.levels))
}

/// A generated intervision batch with facilitators and rooms, small enough for a debug build.
func generatedBatch(seed: UInt64 = 7, candidates: Int = 48) throws -> GeneratedBatch {
  try BatchGenerator.generate(
    GeneratorOptions(
      candidates: candidates, seed: seed, profile: .realistic, program: .intervision,
      facilitators: .auto, rooms: .auto))
}

@Suite("Workbench API: cohorts, session and the guards")
struct CohortAPITests {
  @Test func createsListsAndShowsACohort() async throws {
    try await Harness().run { client in
      let id = try await client.cohort("Najaar 2027 – Zoë's groep")
      let list = try await client.call(.get, "/api/cohorts")
      #expect(list.status == 200)
      #expect(list.array.first?["name"] as? String == "Najaar 2027 – Zoë's groep")
      let detail = try await client.call(.get, "/api/cohorts/\(id)")
      #expect(detail.status == 200)
      #expect(detail.json["language"] as? String == "nl")
      let log = try #require(detail.json["log"] as? [[String: Any]])
      #expect(log.first?["author"] as? String == "Anne de Vries")
    }
  }

  @Test func refusesABlankNameAndBadJSON() async throws {
    try await Harness().run { client in
      let blank = try await client.json(.post, "/api/cohorts", ["name": "   "])
      #expect(blank.status == 422 && blank.code == "invalid-name")
      let broken = try await client.call(
        .post, "/api/cohorts", body: Array("{\"name\": ".utf8),
        headers: [.contentType: "application/json"])
      #expect(broken.status == 400 && broken.code == "invalid-json")
      let missing = try await client.json(.post, "/api/cohorts", ["title": "x"])
      #expect(missing.status == 400 && missing.code == "invalid-json")
      #expect((missing.json["message"] as? String)?.contains("name") == true)
      let wrongType = try await client.json(.post, "/api/cohorts", ["name": 12])
      #expect(wrongType.status == 400)
    }
  }

  @Test func everyChangeNeedsTheCSRFToken() async throws {
    try await Harness().run { client in
      let reply = try await client.json(.post, "/api/cohorts", ["name": "x"], csrf: false)
      #expect(reply.status == 403 && reply.code == "csrf")
      let wrong = try await client.call(
        .post, "/api/cohorts", body: Array("{\"name\":\"x\"}".utf8),
        headers: [.contentType: "application/json", HTTPField.Name("X-CSRF-Token")!: "guess"],
        csrf: false)
      #expect(wrong.status == 403)
      // Reading needs no token, and the session hands it out.
      let session = try await client.call(.get, "/api/session", csrf: false)
      #expect(session.json["csrf"] as? String == Harness.token)
      let origin = try await client.call(
        .post, "/api/cohorts", body: Array("{\"name\":\"x\"}".utf8),
        headers: [.contentType: "application/json", .origin: "http://evil.example"])
      #expect(origin.status == 403 && origin.code == "cross-origin")
    }
  }

  @Test func unknownIdsAndRoutesAre404WithACode() async throws {
    try await Harness().run { client in
      for uri in [
        "/api/cohorts/99", "/api/cohorts/abc", "/api/cohorts/99/plans", "/api/cohorts/99/intake",
        "/api/nothing", "/api/cohorts/99/plans/5",
      ] {
        let reply = try await client.call(.get, uri)
        #expect(reply.status == 404, "\(uri)")
        #expect(reply.code != nil, "\(uri): \(reply.text)")
        #expect(reply.json["message"] is String)
      }
      let page = try await client.call(.get, "/cohorts/42")
      #expect(page.status == 404)
      #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
    }
  }

  @Test func answersOnlyItsOwnHost() async throws {
    try await Harness().run { client in
      let other = try await client.call(.get, "/api/cohorts", host: "evil.example:8080")
      #expect(other.status == 421 && other.code == "wrong-host")
      let page = try await client.call(.get, "/", host: "kring.attacker.example")
      #expect(page.status == 421)
      let loopback = try await client.call(.get, "/api/cohorts", host: "127.0.0.1:8080")
      #expect(loopback.status == 200)
    }
    let harness = try Harness()
    let server = harness.server
    #expect(server.acceptsHost("127.0.0.1:8080"))
    #expect(server.acceptsHost("localhost:8080"))
    #expect(server.acceptsHost("[::1]:8080"))
    #expect(!server.acceptsHost("evil.example:8080"))
    #expect(!server.acceptsHost("192.168.1.4"))
    #expect(!server.acceptsHost(nil))
    harness.remove()
  }
}

@Suite("Workbench API: uploads are read like files on disk")
struct UploadAPITests {
  @Test func acceptsTheSampleAndShowsReadinessAndForecast() async throws {
    try await Harness().run { client in
      let id = try await client.cohort()
      try await client.uploadSample(id)
      let intake = try await client.call(.get, "/api/cohorts/\(id)/intake")
      #expect(intake.status == 200)
      let report = try #require(intake.json["report"] as? [String: Any])
      #expect((report["candidates"] as? [Any])?.count == 60)
      #expect((report["components"] as? [Any])?.isEmpty == false)
      let detail = try await client.call(.get, "/api/cohorts/\(id)")
      #expect(detail.json["language"] as? String == "en")
      let resources = try #require(detail.json["resources"] as? [[String: Any]])
      #expect(resources.count == 2 && resources.allSatisfy { $0["uploaded"] != nil })
    }
  }

  @Test func aBadIntakeListsEveryProblemWithLineAndColumnAndIsNotStored() async throws {
    try await Harness().run { client in
      let id = try await client.cohort()
      var text = String(decoding: try Harness.fixture("Fixtures/sample-en.csv"), as: UTF8.self)
      // A misspelt sector and a bad slot, as people type them.
      text = text.replacingOccurrences(
        of: ",Healthcare,", with: ",Helthcare,", options: [], range: nil)
      text = text.replacingOccurrences(of: "tue-pm", with: "tue-pmm")
      let reply = try await client.put(
        "/api/cohorts/\(id)/intake", Array(text.utf8), type: "text/csv", name: "intake.csv")
      #expect(reply.status == 422 && reply.code == "intake-invalid")
      let problems = try #require(reply.details["problems"] as? [[String: Any]])
      #expect(!problems.isEmpty)
      #expect(problems.allSatisfy { $0["line"] is Int && $0["file"] as? String == "intake.csv" })
      #expect(problems.contains { $0["column"] as? String == "availability" })
      let detail = try await client.call(.get, "/api/cohorts/\(id)")
      #expect(detail.json["intake"] == nil)
    }
  }

  @Test(arguments: [
    "empty-file.csv", "duplicate-id.csv", "reporting-cycle.csv", "invalid-utf8.csv",
    "invalid-json.json", "unknown-slot.csv", "unterminated-quote.csv",
  ])
  func theBadCorpusIsRefusedWithItsCode(file: String) async throws {
    let bytes = try Harness.fixture("Fixtures/bad/\(file)")
    try await Harness().run { client in
      let id = try await client.cohort()
      let type = file.hasSuffix(".json") ? "application/json" : "text/csv"
      let reply = try await client.put(
        "/api/cohorts/\(id)/intake", bytes, type: type, name: file)
      #expect(reply.status == 422, "\(file): \(reply.text)")
      let problems = try #require(reply.details["problems"] as? [[String: Any]])
      #expect(!problems.isEmpty)
      #expect(problems.allSatisfy { $0["file"] as? String == file })
      // The same messages as `kring intake check` prints.
      #expect(problems.allSatisfy { ($0["text"] as? String)?.hasPrefix(file + ":") == true })
    }
  }

  @Test func uploadLimitsAndTypes() async throws {
    try await Harness().run { client in
      let id = try await client.cohort()
      let large = [UInt8](repeating: 0x61, count: Uploads.configLimit + 10)
      let tooLarge = try await client.put(
        "/api/cohorts/\(id)/config", large, type: "application/yaml")
      #expect(tooLarge.status == 413 && tooLarge.code == "upload-too-large")
      let image = try await client.put(
        "/api/cohorts/\(id)/intake", [0x89, 0x50, 0x4E, 0x47], type: "image/png")
      #expect(image.status == 415 && image.code == "unsupported-type")
      let binary = try await client.put(
        "/api/cohorts/\(id)/config", [0xFF, 0xFE, 0x00], type: "application/yaml")
      #expect(binary.status == 422 && binary.code == "config-encoding")
    }
  }

  @Test func aBadConfigNamesTheKeyAndLine() async throws {
    try await Harness().run { client in
      let id = try await client.cohort()
      let yaml = "program: intervision\ngroups:\n  sise: {min: 4}\n"
      let reply = try await client.put(
        "/api/cohorts/\(id)/config", Array(yaml.utf8), type: "application/yaml")
      #expect(reply.status == 422 && reply.code == "config-invalid")
      let problem = try #require((reply.details["problems"] as? [[String: Any]])?.first)
      #expect(problem["line"] as? Int == 3)
      #expect(problem["suggestion"] as? String == "size")
      // Paths outside the cohort and earlier plans from the server's disk are refused.
      let path = "schedule:\n  facilitators: ../../etc/facilitators.csv\n"
      let outside = try await client.put(
        "/api/cohorts/\(id)/config", Array(path.utf8), type: "application/yaml")
      #expect(outside.status == 422)
      #expect(
        (outside.details["problems"] as? [[String: Any]])?.first?["column"] as? String
          == "schedule.facilitators")
      // The rules form is checked by the loader too.
      let form = try await client.json(
        .post, "/api/cohorts/\(id)/rules", ["set": ["groups.size.min=1"]])
      #expect(form.status == 422)
      let good = try await client.json(
        .post, "/api/cohorts/\(id)/rules", ["set": ["groups.size.min=4", "language=en"]])
      #expect(good.status == 200, "\(good.text)")
      let config = try await client.call(.get, "/api/cohorts/\(id)/config")
      let loaded = try KringConfig.parse(
        yaml: config.text, fileName: "k.yaml", baseDirectory: "", overrides: [])
      #expect(loaded.groups.size.min == 4 && loaded.language == .en)
    }
  }

  @Test func resourcesMustBeNamedByTheRulesAndReadable() async throws {
    try await Harness().run { client in
      let id = try await client.cohort()
      let unnamed = try await client.put(
        "/api/cohorts/\(id)/files/facilitators.csv",
        try Harness.fixture("Fixtures/sample/facilitators.csv"),
        type: "text/csv")
      #expect(unnamed.status == 422 && unnamed.code == "resource-not-named")
      _ = try await client.put(
        "/api/cohorts/\(id)/config", try Harness.fixture("Fixtures/sample/kring.yaml"),
        type: "application/yaml")
      let bad = try await client.put(
        "/api/cohorts/\(id)/files/rooms.csv", Array("id,name\nr1,Zaal\n".utf8), type: "text/csv")
      #expect(bad.status == 422 && bad.code == "resource-invalid")
      #expect((bad.details["problems"] as? [Any])?.isEmpty == false)
    }
  }
}

@Suite("Workbench API: plans, moves, locks and pins")
struct PlanAPITests {
  @Test func plansAGeneratedBatchThatTheIndependentCheckerPasses() async throws {
    let batch = try generatedBatch()
    let check = try checker(for: batch)
    try await Harness().run { client in
      let id = try await client.cohort()
      try await client.upload(batch, to: id)
      let planID = try await client.startPlan(id)
      let events = try await client.events(id, planID)
      #expect(events.last?.type == "done", "\(events.map(\.type))")
      #expect(
        events.contains { $0.type == "progress" || $0.type == "running" || $0.type == "queued" })
      let plan = try await client.document(id, planID)
      #expect(!plan.groups.isEmpty)
      let violations = check.violations(plan)
      #expect(violations.isEmpty, "\(violations.prefix(5))")
      #expect(PlanAudit.check(plan).isClean)
      // A finished version's events are its final event alone.
      let again = try await client.events(id, planID)
      #expect(again.map(\.type) == ["done"])
      let versions = try await client.call(.get, "/api/cohorts/\(id)/plans")
      #expect(versions.array.first?["author"] as? String == "Anne de Vries")
    }
  }

  @Test func anIllegalMoveIsRefusedNamingEachRuleAndALegalOneMakesAVersion() async throws {
    let batch = try generatedBatch(seed: 11)
    let check = try checker(for: batch)
    try await Harness().run { client in
      let id = try await client.cohort()
      try await client.upload(batch, to: id)
      let (v1, plan) = try await client.plan(id)
      try #require(plan.groups.count >= 2)
      var refused = 0
      var applied: Int?
      search: for g in plan.groups {
        for member in g.members {
          for target in plan.groups where target.id != g.id {
            // The independent checker says what the move would break.
            var moved = plan
            for k in moved.groups.indices { moved.groups[k].members.removeAll { $0 == member } }
            if let t = moved.groups.firstIndex(where: { $0.id == target.id }) {
              moved.groups[t].members.append(member)
            }
            let breaks = check.groupViolations(moved)
            let reply = try await client.json(
              .post, "/api/cohorts/\(id)/plans/\(v1)/moves", ["candidate": member, "to": target.id])
            if reply.status == 409 {
              #expect(reply.code == "move-refused")
              let rules = try #require(reply.details["breaks"] as? [[String: Any]])
              #expect(!rules.isEmpty)
              #expect(rules.allSatisfy { ($0["message"] as? String)?.isEmpty == false })
              #expect(
                !breaks.isEmpty
                  || rules.contains {
                    ($0["code"] as? String)?.hasPrefix("room") == true
                      || ($0["code"] as? String)?.hasPrefix("facilitator") == true
                  },
                "refused, but the checker finds nothing: \(rules)")
              refused += 1
            } else {
              #expect(reply.status == 200, "\(reply.text)")
              #expect(breaks.isEmpty, "applied, but the checker finds \(breaks)")
              applied = try #require(reply.json["id"] as? Int)
              let groups = try #require(reply.json["groups"] as? [[String: Any]])
              #expect(groups.count == 2)
              if refused > 0 { break search }
            }
          }
        }
      }
      #expect(refused > 0, "no move was refused")
      let v2 = try #require(applied, "no move was legal")
      let after = try await client.document(id, v2)
      #expect(check.violations(after).isEmpty, "\(check.violations(after).prefix(3))")
      #expect(after.moves?.count == 1)
      // The version diff names the person who moved.
      let diff = try await client.call(.get, "/api/cohorts/\(id)/plans/\(v1)/diff?with=\(v2)")
      #expect(diff.status == 200)
      let moved = try #require(diff.json["switched"] as? [[String: Any]])
      #expect(moved.count == 1)
      // The diff itself also lists everyone whose group changed around them.
      let all = try #require((diff.json["diff"] as? [String: Any])?["moved"] as? [[String: Any]])
      #expect(all.count > 1)
      let who = try #require(moved.first?["id"] as? String)
      let names = try #require(diff.json["names"] as? [String: String])
      #expect(names[who] == plan.people.first { $0.id == who }?.name)
      let noWith = try await client.call(.get, "/api/cohorts/\(id)/plans/\(v1)/diff")
      #expect(noWith.status == 400)
    }
  }

  @Test func movesOfUnknownPeopleAndGroupsAre404() async throws {
    try await Harness().run { client in
      let id = try await client.cohort()
      try await client.uploadSample(id)
      let (v1, plan) = try await client.plan(id)
      let first = try #require(plan.groups.first)
      let base = "/api/cohorts/\(id)/plans/\(v1)/moves"
      let nobody = try await client.json(.post, base, ["candidate": "c999", "to": first.id])
      #expect(nobody.status == 404 && nobody.code == "unknown-candidate")
      let nowhere = try await client.json(
        .post, base, ["candidate": first.members[0], "to": "G99"])
      #expect(nowhere.status == 404 && nowhere.code == "unknown-group")
      let same = try await client.json(
        .post, base, ["candidate": first.members[0], "to": first.id])
      #expect(same.status == 422 && same.code == "same-group")
      let otherCohort = try await client.cohort("Other")
      let foreign = try await client.call(.get, "/api/cohorts/\(otherCohort)/plans/\(v1)")
      #expect(foreign.status == 404 && foreign.code == "plan-not-found")
      let noCohort = try await client.call(.get, "/api/cohorts/99/plans/\(v1)/version")
      #expect(noCohort.status == 404 && noCohort.code == "cohort-not-found", "\(noCohort.text)")
      let version = try await client.call(.get, "/api/cohorts/\(id)/plans/\(v1)/version")
      #expect(version.status == 200)
      #expect((version.json["version"] as? [String: Any])?["status"] as? String == "done")
      let fromNothing = try await client.json(.post, "/api/cohorts/\(id)/plans", ["from": 99])
      #expect(fromNothing.status == 404 && fromNothing.code == "plan-not-found")
      let fromText = try await client.json(.post, "/api/cohorts/\(id)/plans", ["from": "v1"])
      #expect(fromText.status == 400 && fromText.code == "invalid-json")
    }
  }

  @Test func groupsTypedAsPeopleTypeThemAndAGroupLeftTooSmallIsNamed() async throws {
    try await Harness().run { client in
      let id = try await client.cohort()
      try await client.uploadSample(id)
      let (v1, plan) = try await client.plan(id)
      let base = "/api/cohorts/\(id)/plans/\(v1)"
      let config = try KringConfig.parse(
        yaml: String(decoding: try Harness.fixture("Fixtures/sample/kring.yaml"), as: UTF8.self),
        fileName: "kring.yaml", baseDirectory: "", overrides: [])
      let minimum = config.groups.size.min
      // Leaving a group at size.min breaks size.min for that group: the refusal names it.
      let small = try #require(plan.groups.first { $0.members.count == minimum })
      let other = try #require(plan.groups.first { $0.id != small.id })
      let leave = try await client.json(
        .post, base + "/moves", ["candidate": small.members[0], "to": other.id])
      #expect(leave.status == 409 && leave.code == "move-refused")
      let breaks = try #require(leave.details["breaks"] as? [[String: Any]])
      let size = try #require(breaks.first { $0["code"] as? String == "size-min" })
      #expect(
        (size["message"] as? String)?.hasPrefix("\(small.id) would keep \(minimum - 1) members")
          == true, "\(size)")

      // "g01 " is G01: the lock is recorded as the plan spells it and binds moves typed so.
      let first = try #require(plan.groups.first { $0.id != small.id })
      let typed = " " + first.id.lowercased() + " "
      let lock = try await client.json(.post, base + "/locks", ["group": typed])
      #expect(lock.status == 200, "\(lock.text)")
      let holds = try #require(lock.json["holds"] as? [[String: Any]])
      #expect(holds.map { $0["group"] as? String } == [first.id])
      let into = try await client.json(
        .post, base + "/moves", ["candidate": small.members[0], "to": typed])
      #expect(into.status == 409 && into.code == "group-locked", "\(into.text)")
      let unlock = try await client.call(.delete, base + "/locks/\(first.id.lowercased())")
      #expect(unlock.status == 200, "\(unlock.text)")
      let none = try await client.call(.delete, base + "/locks/\(first.id)")
      #expect(none.status == 404 && none.code == "lock-not-found")
    }
  }

  @Test func aLockedGroupAndAPinnedPersonAreKeptThroughAReSolve() async throws {
    let batch = try generatedBatch(seed: 5)
    let check = try checker(for: batch)
    try await Harness().run { client in
      let id = try await client.cohort()
      try await client.upload(batch, to: id)
      let (v1, plan) = try await client.plan(id)
      try #require(plan.groups.count >= 3)
      let locked = plan.groups[0]
      let pinnedGroup = plan.groups[1]
      let pinned = pinnedGroup.members[0]
      let base = "/api/cohorts/\(id)/plans/\(v1)"
      let lock = try await client.json(.post, base + "/locks", ["group": locked.id])
      #expect(lock.status == 200, "\(lock.text)")
      let pin = try await client.json(
        .post, base + "/pins", ["candidate": pinned, "group": pinnedGroup.id])
      #expect(pin.status == 200, "\(pin.text)")
      // Locks and pins bind hand moves too.
      let intoLocked = try await client.json(
        .post, base + "/moves", ["candidate": pinnedGroup.members[1], "to": locked.id])
      #expect(intoLocked.status == 409 && intoLocked.code == "group-locked")
      let pinnedMove = try await client.json(
        .post, base + "/moves", ["candidate": pinned, "to": plan.groups[2].id])
      #expect(pinnedMove.status == 409 && pinnedMove.code == "person-pinned")
      // A pin names the group the person is in.
      let elsewhere = try await client.json(
        .post, base + "/pins", ["candidate": plan.groups[2].members[0], "group": locked.id])
      #expect(elsewhere.status == 409 && elsewhere.code == "pin-elsewhere")
      let unknownLock = try await client.json(.post, base + "/locks", ["group": "G99"])
      #expect(unknownLock.status == 404)

      let (v2, after) = try await client.plan(id, ["from": v1])
      let kept = try #require(after.groups.first { $0.id == locked.id })
      #expect(kept.members == locked.members)
      #expect(group(of: pinned, in: after)?.id == pinnedGroup.id)
      #expect(check.violations(after).isEmpty, "\(check.violations(after).prefix(3))")
      #expect(after.refill?.kept.contains(locked.id) == true)
      // The new version carries the locks and pins on.
      let holds = try await client.call(.get, "/api/cohorts/\(id)/plans/\(v2)/holds")
      let list = try #require(holds.json["holds"] as? [[String: Any]])
      #expect(
        list.contains { $0["kind"] as? String == "lock" && $0["group"] as? String == locked.id })
      #expect(
        list.contains { $0["kind"] as? String == "pin" && $0["candidate"] as? String == pinned })
      let unlock = try await client.call(.delete, base + "/locks/\(locked.id)")
      #expect(unlock.status == 200)
      let unlockAgain = try await client.call(.delete, base + "/locks/\(locked.id)")
      #expect(unlockAgain.status == 404)
      let unpin = try await client.call(.delete, base + "/pins/\(pinned)")
      #expect(unpin.status == 200)
    }
  }

  @Test func aSecondSolveOfACohortIsQueuedAndCanBeCancelled() async throws {
    try await Harness(iterations: 400).run { client in
      let id = try await client.cohort()
      try await client.uploadSample(id)
      let first = try await client.startPlan(id)
      let second = try await client.startPlan(id)
      let waiting = try await client.call(.get, "/api/cohorts/\(id)/plans/\(second)")
      #expect(waiting.status == 409 && waiting.code == "plan-not-ready")
      let cancel = try await client.call(.post, "/api/cohorts/\(id)/plans/\(second)/cancel")
      #expect(cancel.status == 202, "\(cancel.text)")
      let events = try await client.events(id, second)
      #expect(events.last?.type == "cancelled")
      let done = try await client.events(id, first)
      #expect(done.last?.type == "done")
      let again = try await client.call(.post, "/api/cohorts/\(id)/plans/\(first)/cancel")
      #expect(again.status == 409 && again.code == "plan-not-running")
    }
  }

  @Test func aSolveThatFailsSaysWhy() async throws {
    try await Harness().run { client in
      let id = try await client.cohort()
      let none = try await client.json(.post, "/api/cohorts/\(id)/plans", [:])
      #expect(none.status == 409 && none.code == "no-intake")
      try await client.uploadSample(id)
      let badSet = try await client.json(
        .post, "/api/cohorts/\(id)/plans", ["set": ["groups.size.min=zero"]])
      #expect(badSet.status == 422)
      // The rooms file vanishes from the rules' view: the schedule cannot read it.
      let yaml = String(decoding: try Harness.fixture("Fixtures/sample/kring.yaml"), as: UTF8.self)
        .replacingOccurrences(of: "rooms: rooms.csv", with: "rooms: zalen.csv")
      let config = try await client.put(
        "/api/cohorts/\(id)/config", Array(yaml.utf8), type: "application/yaml")
      #expect(config.status == 200)
      let plan = try await client.startPlan(id)
      let events = try await client.events(id, plan)
      #expect(events.last?.type == "failed")
      let problems = try #require(events.last?.data["problems"] as? [[String: Any]])
      #expect(problems.contains { ($0["file"] as? String) == "zalen.csv" }, "\(problems)")
      let reply = try await client.call(.get, "/api/cohorts/\(id)/plans/\(plan)")
      #expect(reply.status == 422 && reply.code == "plan-failed")
    }
  }

  @Test func downloadsAreZipsPerAudience() async throws {
    try await Harness().run { client in
      let id = try await client.cohort()
      try await client.uploadSample(id)
      let (v1, _) = try await client.plan(id)
      for audience in ["all", "coordinator", "facilitators", "groups"] {
        let zip = try await client.call(
          .get, "/api/cohorts/\(id)/plans/\(v1)/download?audience=\(audience)")
        #expect(zip.status == 200)
        #expect(zip.headers[.contentType] == "application/zip")
        #expect(Array(zip.body.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
        let names = String(decoding: zip.body, as: UTF8.self)
        #expect(names.contains("plan.json") == (audience == "all" || audience == "coordinator"))
        #expect(names.contains("calendar.ics") == (audience != "coordinator"))
      }
      let bad = try await client.call(.get, "/api/cohorts/\(id)/plans/\(v1)/download?audience=boss")
      #expect(bad.status == 400)
    }
  }

  @Test func thePagesRenderAndLoadNothingFromOutside() async throws {
    try await Harness().run { client in
      let id = try await client.cohort("Cohort <script>alert(1)</script>")
      try await client.uploadSample(id)
      let (v1, plan) = try await client.plan(id)
      for uri in [
        "/", "/cohorts/\(id)", "/cohorts/\(id)/plans/\(v1)",
        "/cohorts/\(id)/compare?a=\(v1)&b=\(v1)",
      ] {
        let page = try await client.call(.get, uri)
        #expect(page.status == 200, "\(uri): \(page.text.prefix(300))")
        #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
        #expect(!page.text.contains("<script>alert(1)</script>"), "\(uri) lets markup through")
        #expect(!page.text.contains("https://") && !page.text.contains("http://"), "\(uri)")
      }
      let board = try await client.call(.get, "/cohorts/\(id)/plans/\(v1)")
      for g in plan.groups { #expect(board.text.contains("data-group=\"\(g.id)\"")) }
      #expect(board.text.contains("lang=\"en\""))
      for asset in ["/assets/app.js", "/assets/app.css", "/assets/kring.svg"] {
        let reply = try await client.call(.get, asset)
        #expect(reply.status == 200)
        #expect(!reply.text.contains("https://"))
      }
    }
  }
}
