import Foundation
import Hummingbird
import Intake
import Reports
import Workbench

/// The pages: cohorts (`/`), a cohort's intake, rules and versions (`/cohorts/{id}`), a
/// version's board (`/cohorts/{id}/plans/{pid}`) and a comparison of two versions.
struct PageRoutes: Sendable {
  let server: WorkbenchServer
  var workbench: Workbench { server.workbench }

  func add(to router: Router<BasicRequestContext>) {
    router.get("/") { _, _ in Reply.html(try home()) }
    router.get("cohorts/:id") { _, context in
      Reply.html(try cohort(try API.id(context)))
    }
    router.get("cohorts/:id/plans/:pid") { _, context in
      Reply.html(try board(try API.id(context), plan: try API.id(context, "pid")))
    }
    router.get("cohorts/:id/compare") { request, context in
      let query = request.uri.queryParameters
      guard let a = query.get("a").flatMap({ Int64($0) }),
        let b = query.get("b").flatMap({ Int64($0) })
      else {
        throw WorkbenchError(
          status: 400, code: "missing-parameter", message: "compare needs ?a=ID&b=ID")
      }
      return Reply.html(try compare(try API.id(context), a, b))
    }
  }

  // MARK: Cohorts

  func home() throws -> String {
    let cohorts = try workbench.cohorts()
    // The list has no one cohort's language: Dutch, the default, unless every cohort is English.
    var language = OutputLanguage.nl
    if !cohorts.isEmpty,
      cohorts.allSatisfy({ c in (try? workbench.currentConfig(c.id))?.language == .en })
    {
      language = .en
    }
    let t = { (text: UIText) in Page.e(text(language)) }
    let rows = cohorts.map { c in
      let latest =
        c.latest.map { v in
          "\(t(.version)) \(v.number) · \(Page.e(Page.status(v.status, language)))"
            + (v.summary.map { " · \($0.groups) \(t(.groups).lowercased())" } ?? "")
        } ?? t(.nothingYet)
      return """
        <li><a href="/cohorts/\(c.id)">\(Page.e(c.name))</a> <span class="meta">\(latest)</span></li>
        """
    }.joined(separator: "\n")
    let body = """
      <main class="narrow">
      <h1>\(t(.cohorts))</h1>
      \(cohorts.isEmpty ? "<p>\(t(.noCohorts))</p>" : "<ul class=\"cohorts\">\(rows)</ul>")
      <form id="new-cohort" class="card">
        <h2>\(t(.newCohort))</h2>
        <label>\(t(.cohortName)) <input name="name" required maxlength="200"></label>
        <button type="submit">\(t(.create))</button>
        <div class="form-error" hidden></div>
      </form>
      </main>
      """
    return Page.layout(
      title: UIText.appTitle.text(language), language: language, csrf: server.csrfToken,
      crumbs: [("/", UIText.cohorts.text(language))], body: body, data: ["page": "home"])
  }

  func cohort(_ id: Int64) throws -> String {
    let detail = try workbench.cohort(id)
    let language = OutputLanguage(rawValue: detail.language) ?? .nl
    let t = { (text: UIText) in Page.e(text(language)) }
    let intake = try workbench.intakeView(id)
    let configText = try workbench.configText(id)
    let config = try workbench.currentConfig(id)

    var intakeSection = """
      <p class="hint">\(t(.intakeHint))</p>
      <form class="upload" data-upload="intake">
        <label>\(t(.uploadIntake)) <input type="file" name="file" accept=".csv,.json,.xlsx,text/csv,application/json" required></label>
        <button type="submit">\(t(.upload))</button>
        <div class="form-error" hidden></div>
      </form>
      """
    if let file = intake.file {
      intakeSection += """
        <p class="file">\(Page.e(file.name)) · v\(file.version) · \(Page.e(file.author)) · <time>\(Page.e(file.created))</time></p>
        <h3>\(t(.problems))</h3>
        \(Page.problems(intake.problems, language: language))
        """
      if let report = intake.report {
        intakeSection += readiness(report, language: language)
      }
    }

    let resources = detail.resources.map { r in
      """
      <li><code>\(Page.e(r.name))</code> (\(Page.e(r.role))): \(r.uploaded.map { "\(t(.uploaded)) v\($0.version)" } ?? "<strong>\(t(.notUploaded))</strong>")
      <form class="upload inline" data-upload="file" data-name="\(Page.e(r.name))"><input type="file" name="file" accept=".csv,.json" required> <button type="submit">\(t(.upload))</button><div class="form-error" hidden></div></form></li>
      """
    }.joined(separator: "\n")

    let rulesSection = """
      <p class="hint">\(t(.rulesHint))</p>
      \(RulesForm.html(config, language: language))
      <details class="yaml"\(configText.isEmpty ? "" : " open")>
        <summary>\(t(.yamlEditor))</summary>
        <form id="config-form">
          <textarea name="yaml" rows="16" spellcheck="false">\(Page.e(configText))</textarea>
          <button type="submit">\(t(.save))</button>
          <div class="form-error" hidden></div>
        </form>
      </details>
      \(detail.resources.isEmpty ? "" : "<h3>\(t(.fileNamed))</h3><p class=\"hint\">\(t(.resourceHint))</p><ul class=\"resources\">\(resources)</ul>")
      """

    let log = detail.log.prefix(20).map { entry in
      "<li><time>\(Page.e(entry.at))</time> \(Page.e(entry.author)): \(Page.e(entry.action)) – \(Page.e(entry.detail))</li>"
    }.joined(separator: "\n")

    let body = """
      <main>
      <h1>\(Page.e(detail.name))</h1>
      <p class="meta">\(Page.e(detail.program)) · \(t(.language)): \(Page.e(detail.language))</p>
      <div class="columns">
      <section class="card" id="intake"><h2>1. \(t(.intake))</h2>\(intakeSection)</section>
      <section class="card" id="rules"><h2>2. \(t(.rules))</h2>\(rulesSection)</section>
      </div>
      <section class="card" id="planning"><h2>3. \(t(.planning))</h2>
        <button type="button" id="plan-now" \(intake.file == nil ? "disabled" : "")>\(t(.planNow))</button>
        \(Page.progress(language))
        <h3>\(t(.versions))</h3>
        <div id="versions">\(Page.versions(detail.versions, cohort: id, language: language))</div>
      <div id="newer" class="banner" hidden></div>
      </section>
      <section class="card"><h2>\(t(.log))</h2><ul class="log">\(log)</ul></section>
      </main>
      """
    return Page.layout(
      title: "\(detail.name) – Kring", language: language, csrf: server.csrfToken,
      crumbs: [("/", UIText.cohorts.text(language)), ("/cohorts/\(id)", detail.name)], body: body,
      data: [
        "page": "cohort", "cohort": String(id), "language": language.rawValue,
        "latest": String(detail.versions.first?.id ?? 0),
      ])
  }

  /// The readiness table and the forecast of an intake.
  func readiness(_ report: IntakeScoreReport, language: OutputLanguage) -> String {
    let t = { (text: UIText) in Page.e(text(language)) }
    let words: [String: UIText] = ["ready": .ready, "follow-up": .followUp, "not-now": .notNow]
    let counts = report.summary.status.map {
      "\(Page.e(words[$0.value].map { $0.text(language) } ?? $0.value)): \($0.count)"
    }.joined(separator: " · ")
    let rows = report.candidates.map { row in
      let s = row.score
      return """
        <tr><td>\(Page.e(s.id.rawValue))</td><td>\(Page.e(row.name))</td><td>\(Page.e(row.sector))</td><td>\(s.readiness.map { Page.number($0) } ?? "–")</td><td class="status-\(Page.e(s.status.rawValue))">\(Page.e(words[s.status.rawValue].map { $0.text(language) } ?? s.status.rawValue))</td><td>\(row.placeability)</td></tr>
        """
    }.joined(separator: "\n")
    let unplaceable = report.unplaceable.map { u in
      "<li><strong>\(Page.e(u.id))</strong>: \(Page.e(u.message))</li>"
    }.joined(separator: "\n")
    let components = report.components.map { c in
      "<li>\(c.people) \(t(.candidates)): \(c.minGroups)–\(c.maxGroups) \(t(.groups).lowercased())</li>"
    }.joined(separator: "\n")
    let placeability = language == .nl ? "plaatsbaar met" : "could share a group with"
    return """
      <h3>\(t(.readiness))</h3>
      <p>\(report.summary.candidates) \(t(.candidates)): \(counts)</p>
      <details><summary>\(t(.readiness)) · \(report.candidates.count) \(t(.rows))</summary>
      <table class="readiness"><thead><tr><th>id</th><th>naam / name</th><th>sector</th><th>\(t(.readiness))</th><th>\(t(.status))</th><th>\(Page.e(placeability))</th></tr></thead>
      <tbody>\(rows)</tbody></table></details>
      <h3>\(t(.forecast))</h3>
      <p>\(t(.forecastComponents)) (\(report.components.count)):</p>
      <ul class="forecast">\(components)</ul>
      \(report.unplaceable.isEmpty ? "" : "<p>\(t(.unplaceable)):</p><ul>\(unplaceable)</ul>")
      """
  }

  // MARK: The board

  func board(_ cohort: Int64, plan: Int64) throws -> String {
    let board = try workbench.board(cohort, plan: plan)
    let language = board.language
    let t = { (text: UIText) in Page.e(text(language)) }
    let v = board.version
    let s = board.summary
    let groupIDs = board.cards.map(\.id)
    let versions = try workbench.versions(cohort).filter { $0.status == "done" && $0.id != v.id }

    func member(_ p: Board.Person, in group: String?) -> String {
      let facts = [
        p.sector, p.level ?? "",
        "\(Page.number(p.years, places: 1)) \((p.years == 1 ? UIText.year : .years).text(language))",
        p.organization ?? "",
      ].filter { !$0.isEmpty }.map(Page.e).joined(separator: " · ")
      let options = groupIDs.filter { $0 != group }.map {
        "<option value=\"\(Page.e($0))\">\(Page.e($0))</option>"
      }.joined()
      let pin =
        group == nil
        ? ""
        : "<button type=\"button\" class=\"icon pin\(p.pinned ? " on" : "")\" data-action=\"\(p.pinned ? "unpin" : "pin")\" title=\"\(p.pinned ? t(.unpin) : t(.pin))\" aria-label=\"\(p.pinned ? t(.unpin) : t(.pin)) \(Page.e(p.name))\">\(Icons.pin)</button>"
      return """
        <li class="member\(p.pinned ? " pinned" : "")" draggable="true" data-candidate="\(Page.e(p.id))" data-group="\(Page.e(group ?? ""))">
          <span class="name">\(Page.e(p.name))</span> <span class="id">\(Page.e(p.id))</span>
          <span class="facts">\(facts)</span>
          <span class="tools">\(pin)<select class="move-to" aria-label="\(t(.moveTo)) \(Page.e(p.name))"><option value="">\(t(.moveTo))</option>\(options)</select></span>
        </li>
        """
    }

    let cards = board.cards.map { c -> String in
      let range = c.experienceRange.map { Page.number($0, places: 0) }.joined(separator: "–")
      let schedule: String
      if let slot = c.slot {
        let dates = [c.firstSession, c.lastSession].compactMap { $0.map { String($0.prefix(10)) } }
          .joined(separator: " … ")
        schedule = """
          <p class="schedule">\(t(.slot)): <strong>\(Page.e(slot))</strong> · \(t(.facilitator)): \(Page.e(c.facilitator ?? "–")) · \(t(.room)): \(Page.e(c.room ?? "–"))<br>\(c.sessions) \(t(.sessions)): \(Page.e(dates))</p>
          """
      } else {
        schedule = "<p class=\"schedule warn\">\(t(.unscheduled))</p>"
      }
      return """
        <article class="group\(c.locked ? " locked" : "")" data-group="\(Page.e(c.id))">
          <header><h3>\(Page.e(c.id))</h3>
            <button type="button" class="lock" data-action="\(c.locked ? "unlock" : "lock")">\(Icons.lock) \(c.locked ? t(.unlock) : t(.lock))</button></header>
          <p class="scores">\(t(.diversity)) <strong>\(Page.number(c.diversity))</strong> · \(c.distinctSectors) \(t(.sectors)) · \(t(.experience)) \(range) · \(t(.levelGap)) \(c.levelGap.map(String.init) ?? "–") · \(Page.e(c.language ?? "")) \(Page.e(c.format))</p>
          \(schedule)
          <ul class="members">\(c.members.map { member($0, in: c.id) }.joined(separator: "\n"))</ul>
        </article>
        """
    }.joined(separator: "\n")

    let waiting = board.unplaced.map { w in
      """
      <li class="member waiting" draggable="\(w.code == "not-ready" || w.code == "left" ? "false" : "true")" data-candidate="\(Page.e(w.person.id))" data-group="">
        <span class="name">\(Page.e(w.person.name))</span> <span class="id">\(Page.e(w.person.id))</span>
        <span class="reason"><code>\(Page.e(w.code))</code> \(Page.e(w.message))</span>
        \(w.code == "left" ? "" : "<span class=\"tools\"><select class=\"move-to\" aria-label=\"\(t(.moveTo)) \(Page.e(w.person.name))\"><option value=\"\">\(t(.moveTo))</option>\(groupIDs.map { "<option value=\"\(Page.e($0))\">\(Page.e($0))</option>" }.joined())</select></span>")
      </li>
      """
    }.joined(separator: "\n")

    let diagnosis = board.diagnosis.map { d -> String in
      let button =
        d.set.map {
          "<button type=\"button\" class=\"apply-diagnosis\" data-set=\"\(Page.e($0))\">\(t(.applyDiagnosis)): <code>\(Page.e($0))</code> → +\(d.placesMore)</button>"
        } ?? ""
      return "<li>\(Page.e(d.message)) \(button)</li>"
    }.joined(separator: "\n")

    let downloads = [
      ("all", UIText.downloadAll), ("coordinator", .downloadCoordinator),
      ("facilitators", .downloadFacilitators), ("groups", .downloadGroups),
    ].map { audience, label in
      "<a class=\"button secondary\" href=\"/api/cohorts/\(cohort)/plans/\(plan)/download?audience=\(audience)\" download>\(Page.e(label(language)))</a>"
    }.joined(separator: " ")

    let compareOptions = versions.map {
      "<option value=\"\($0.id)\">\(t(.version)) \($0.number) – \(Page.e($0.note))</option>"
    }.joined()
    let holds = board.holds.filter { $0.kind == .lock }.count
    let pins = board.holds.filter { $0.kind == .pin }.count
    let audit =
      board.audit.isEmpty
      ? ""
      : "<div class=\"banner bad\"><strong>\(t(.auditBug))</strong><ul>\(board.audit.map { "<li>\(Page.e($0))</li>" }.joined())</ul></div>"
    let unscheduled =
      board.unscheduled.isEmpty
      ? ""
      : "<section class=\"card\"><h2>\(t(.unscheduled))</h2><ul>\(board.unscheduled.map { "<li><strong>\(Page.e($0.group))</strong>: \(Page.e($0.message))</li>" }.joined())</ul></section>"
    let moves =
      board.moves.isEmpty
      ? ""
      : "<p class=\"meta\">\(t(.hand)): \(board.moves.map { "\(Page.e($0.candidate)) \(Page.e($0.from ?? "–")) → \(Page.e($0.to))" }.joined(separator: "; "))</p>"

    let body = """
      <main class="wide">
      \(audit)
      <div class="board-head">
        <div>
          <h1>\(t(.version)) \(v.number) <span class="meta">\(Page.e(Page.kind(v.kind.rawValue, language))) · \(t(.madeBy)) \(Page.e(v.author)) · <time>\(Page.e(v.created))</time></span></h1>
          <p class="meta">\(Page.e(v.note))\(v.overrides.isEmpty ? "" : " · \(t(.overrides)) <code>\(Page.e(v.overrides.joined(separator: " ")))</code>")</p>
          <p class="stats"><strong>\(s.groups)</strong> \(t(.groups).lowercased()) · <strong>\(s.placed)/\(s.participants)</strong> \(t(.placed)) · \(t(.objective)) \(Page.number(s.objective, places: 3)) (\(Page.e(s.status))) · \(s.scheduled) \(t(.scheduled)) · \(holds) \(t(.locked)), \(pins) \(t(.pinned))</p>
          \(moves)
        </div>
        <div class="actions">
          <button type="button" id="resolve-rest">\(t(.resolveRest))</button>
          <div class="downloads">\(downloads)</div>
          \(versions.isEmpty ? "" : "<label>\(t(.compareWith)) <select id=\"compare-with\"><option value=\"\">–</option>\(compareOptions)</select></label>")
        </div>
      </div>
      <div id="newer" class="banner" hidden></div>
      \(Page.progress(language))
      <div id="refusal" class="banner bad" hidden></div>
      <p class="hint">\(t(.dropHint))</p>
      <section class="groups" id="groups">\(cards)</section>
      <div class="columns">
      <section class="card unplaced" id="unplaced" data-group=""><h2>\(t(.unplaced)) (\(board.unplaced.count))</h2><ul class="members">\(waiting)</ul></section>
      <section class="card"><h2>\(t(.diagnosis))</h2><ul class="diagnosis">\(diagnosis.isEmpty ? "<li>\(t(.none))</li>" : diagnosis)</ul></section>
      </div>
      \(unscheduled)
      </main>
      """
    return Page.layout(
      title: "\(board.cohort.name) v\(v.number) – Kring", language: language,
      csrf: server.csrfToken,
      crumbs: [
        ("/", UIText.cohorts.text(language)), ("/cohorts/\(cohort)", board.cohort.name),
        ("/cohorts/\(cohort)/plans/\(plan)", "\(UIText.version.text(language)) \(v.number)"),
      ], body: body,
      data: [
        "page": "board", "cohort": String(cohort), "plan": String(plan),
        "number": String(v.number), "language": language.rawValue,
      ])
  }

  // MARK: Comparing

  func compare(_ cohort: Int64, _ a: Int64, _ b: Int64) throws -> String {
    let comparison = try workbench.compare(cohort, plan: a, with: b)
    let detail = try workbench.cohort(cohort)
    let language = OutputLanguage(rawValue: detail.language) ?? .nl
    let t = { (text: UIText) in Page.e(text(language)) }
    let diff = comparison.diff
    let name = { (id: String) in
      "\(Page.e(comparison.names[id] ?? id)) <span class=\"id\">\(Page.e(id))</span>"
    }
    let moved = comparison.switched.map {
      "<tr><td>\(name($0.id))</td><td>\(Page.e($0.from ?? "–"))</td><td>→</td><td>\(Page.e($0.to ?? "–"))</td></tr>"
    }.joined()
    func groups(_ list: [PlanDiff.GroupChange]) -> String {
      list.map {
        "<li><strong>\(Page.e($0.id))</strong> (\(t(.diversity)) \(Page.number($0.diversity))): \($0.members.map(name).joined(separator: ", "))</li>"
      }.joined()
    }
    let body = """
      <main class="narrow">
      <h1>\(t(.compare)): \(t(.version)) \(comparison.from.number) → \(comparison.to.number)</h1>
      <p>\(t(.placed)) \(diff.placedBefore) → \(diff.placedAfter) · \(t(.objective)) \(Page.number(diff.objectiveBefore, places: 3)) → \(Page.number(diff.objectiveAfter, places: 3)) · \(diff.kept) \(t(.kept))</p>
      <h2>\(comparison.switched.count) \(t(.moved))</h2>
      <table class="diff"><tbody>\(moved)</tbody></table>
      <h2>\(diff.gained.count) \(t(.gained))</h2><ul>\(groups(diff.gained))</ul>
      <h2>\(diff.lost.count) \(t(.lost))</h2><ul>\(groups(diff.lost))</ul>
      <p><a href="/cohorts/\(cohort)/plans/\(b)">\(t(.version)) \(comparison.to.number)</a> · <a href="/cohorts/\(cohort)/plans/\(a)">\(t(.version)) \(comparison.from.number)</a></p>
      </main>
      """
    return Page.layout(
      title: "\(detail.name) – \(UIText.compare.text(language))", language: language,
      csrf: server.csrfToken,
      crumbs: [("/", UIText.cohorts.text(language)), ("/cohorts/\(cohort)", detail.name)],
      body: body,
      data: ["page": "compare", "cohort": String(cohort)])
  }
}
