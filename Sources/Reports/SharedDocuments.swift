/// The documents that leave the coordinator: group contracts and facilitator packs.
///
/// They are built from names, emails, learning goals, dates and rooms only. Candidate ids,
/// readiness, status, reason codes, `avoid` lists and reporting lines never enter them: an id
/// could be someone's avoid entry or manager link, so people appear here by name alone.
enum SharedDocuments {
  /// `groups/<id>/contract.md`: the draft the group agrees in its first session.
  static func contract(_ context: ReportContext, _ group: PlanDocument.Group) -> String {
    let c = context.catalog
    let schedule = context.schedules[group.id]
    let sessions = schedule?.sessions ?? []
    let count = sessions.isEmpty ? context.configuredSessions : sessions.count
    let names = group.members.map(context.name(of:))
    let rota = Rota(members: names, sessions: count)
    let evaluation = Rota.evaluationSessions(count: count)
    var m = MarkdownWriter()
    m.heading(1, "\(c.text(.contractTitle)) \(group.id)")
    m.paragraph(c.text(.contractIntro), emphasised: true)
    let program = c.programs[context.plan.kring.program] ?? context.plan.kring.program
    var line = "\(c.text(.program)): \(program) · \(count) \(c.text(.sessions).lowercased())"
    if let slot = schedule?.slot { line += " · \(c.slot(slot))" }
    line += " · \(c.format(group.format))"
    m.paragraph(line)
    if context.options.pseudonymize { m.paragraph(c.text(.pseudonymNote), emphasised: true) }

    m.heading(2, c.text(.goal))
    m.paragraph(c.goals[context.plan.kring.program] ?? c.goals["intervision"] ?? "")

    m.heading(2, c.text(.members))
    m.list(names)
    m.heading(2, "\(c.text(.facilitator)) · \(c.text(.room))")
    m.list([
      "\(c.text(.facilitator)): " + facilitatorLine(context, schedule?.facilitator),
      "\(c.text(.room)): " + roomLine(context, schedule),
    ])

    m.heading(2, c.text(.dates))
    if sessions.isEmpty { m.paragraph(c.text(.datesFollow)) }
    var rows: [[String]] = []
    for turn in rota.turns {
      var note: [String] = []
      if turn.session == 1 { note.append(c.text(.firstSession)) }
      if let evaluation, turn.session == evaluation.mid, evaluation.mid > 1,
        evaluation.mid < evaluation.last
      {
        note.append(c.text(.midEvaluation))
      }
      if let evaluation, turn.session == evaluation.last { note.append(c.text(.finalEvaluation)) }
      let session = sessions.first { $0.number == turn.session }
      if let id = session?.facilitator, id != schedule?.facilitator {
        note.append(
          "\(c.text(.facilitator).lowercased()): \(context.facilitatorName(id)) (\(c.changes.standIn))"
        )
      }
      rows.append([
        String(turn.session), session.map(context.date) ?? "—", session.map(context.time) ?? "—",
        session.map { c.format($0.format) } ?? "—",
        session.map { context.yesNo($0.facilitated) } ?? "—",
        turn.caseBringers.joined(separator: ", "), turn.timekeeper ?? "—",
        note.joined(separator: "; "),
      ])
    }
    m.table(
      header: [
        c.text(.session), c.text(.date), c.text(.time), c.text(.format), c.text(.facilitated),
        c.text(.caseBringer), c.text(.timekeeper), c.text(.note),
      ], rows: rows)

    m.heading(2, c.text(.roles))
    m.list([
      "\(c.text(.facilitator)): \(c.text(.facilitatorRole))",
      "\(c.text(.caseBringerTitle)): \(c.text(.caseBringerRole))",
      "\(c.text(.timekeeper)): \(c.text(.timekeeperRole))",
      "\(c.text(.members)): \(c.text(.membersRole))",
    ])
    m.paragraph(c.text(.contactFacilitator))

    m.heading(2, c.text(.safety))
    m.list(c.safetyRules)
    m.heading(2, c.text(.confidentiality))
    m.list(c.confidentialityRules)

    m.heading(2, c.text(.evaluation))
    if let evaluation {
      var items: [String] = []
      if evaluation.mid > 1 && evaluation.mid < evaluation.last {
        items.append("\(c.text(.session)) \(evaluation.mid): \(c.text(.midEvaluation))")
      }
      items.append("\(c.text(.session)) \(evaluation.last): \(c.text(.finalEvaluation))")
      m.list(items)
    }
    m.paragraph(c.text(.evaluationNote))
    m.paragraph(c.text(.contractAgreed), emphasised: true)
    return m.out
  }

  private static func facilitatorLine(_ context: ReportContext, _ id: String?) -> String {
    guard let id else { return context.text(.notAssigned) }
    let email = context.facilitatorEmail(id).map { " <\($0)>" } ?? ""
    return context.facilitatorName(id) + email
  }

  private static func roomLine(_ context: ReportContext, _ s: PlanDocument.ScheduledGroup?)
    -> String
  {
    guard let s else { return context.text(.notAssigned) }
    guard let room = s.room else { return context.text(.noRoomOnline) }
    return context.roomName(room)
  }

  /// `facilitators/<id>/index.md`: the facilitator's groups, members, dates and rooms.
  static func facilitatorIndex(
    _ context: ReportContext, facilitator id: String, groups: [PlanDocument.Group]
  ) -> String {
    let c = context.catalog
    var m = MarkdownWriter()
    m.heading(1, "\(c.text(.facilitatorPackTitle)): \(context.facilitatorName(id))")
    if let email = context.facilitatorEmail(id) { m.paragraph(email) }
    if context.options.pseudonymize { m.paragraph(c.text(.pseudonymNote), emphasised: true) }
    m.heading(2, c.text(.yourGroups))
    for group in groups {
      let schedule = context.schedules[group.id]
      var heading = group.id
      if let slot = schedule?.slot { heading += " · \(c.slot(slot))" }
      heading += " · \(c.format(group.format))"
      m.heading(3, heading)
      let file = "\(context.names.groupFolder(group.id))-contract.md"
      m.paragraph(
        "- \(Escape.markdown(c.text(.room))): \(Escape.markdown(roomLine(context, schedule)))\n- \(Escape.markdown(c.text(.contract))): [\(Escape.markdown(group.id))](\(file))",
        raw: true)
      m.heading(4, c.text(.members))
      m.table(
        header: [c.text(.name), c.text(.email), c.text(.learningGoal)],
        rows: group.members.map { member in
          [
            context.name(of: member), context.email(of: member) ?? "",
            context.people[member]?.learningGoal ?? "",
          ]
        })
      m.heading(4, c.text(.dates))
      let sessions = schedule?.sessions ?? []
      if sessions.isEmpty {
        m.paragraph(c.text(.datesFollow))
      } else {
        m.table(
          header: [
            c.text(.session), c.text(.date), c.text(.time), c.text(.format),
            c.text(.facilitator), c.text(.room),
          ],
          rows: sessions.map { s in
            [
              String(s.number), context.date(s), context.time(s), c.format(s.format),
              s.facilitator.map { who in
                who == schedule?.facilitator
                  ? context.facilitatorName(who)
                  : "\(context.facilitatorName(who)) (\(c.changes.standIn))"
              } ?? "—",
              s.format == "online"
                ? c.text(.online) : (s.room.map(context.roomName) ?? roomLine(context, schedule)),
            ]
          })
      }
    }
    return m.out
  }
}
