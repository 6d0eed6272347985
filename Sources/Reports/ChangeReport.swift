import Intake

/// A schedule's changes in words, in the output language: a summary, then every change per
/// group and per facilitator, with names beside ids. The summary of `kring schedule`,
/// `changes.md` and the schedule part of `kring diff` are all written from it.
public enum ChangeReport {
  /// The lines of a report: summary lines, then each section's heading with its items.
  public struct Lines: Sendable {
    public var summary: [String]
    public var sections: [(heading: String, items: [(title: String, lines: [String])])]
  }

  /// The changes of `diff` against `plan` (the later plan), with names as `options` shows them.
  public static func lines(
    _ diff: ScheduleDiff, plan: PlanDocument, since: String?, options: ReportOptions
  ) -> Lines {
    let context = ReportContext(plan: plan, options: options)
    let words = context.catalog.changes
    var summary: [String] = []
    if let since, diff.held > 0 {
      summary.append(
        words.held(diff.held, LocalTime(iso: since).map(context.catalog.date) ?? since))
    }
    summary.append(
      words.summary(
        ChangeCounts(
          moved: diff.moved, facilitators: diff.facilitatorsChanged, rooms: diff.roomsChanged,
          cancelled: diff.cancelled, added: diff.added, people: diff.peopleAffected)))

    func when(_ text: String?) -> String {
      guard let text, let time = LocalTime(iso: text) else { return text ?? "—" }
      return "\(context.catalog.date(time)) \(time.timeText)"
    }
    func facilitator(_ id: String?) -> String {
      id.map { "\(context.facilitatorName($0)) (\($0))" } ?? "—"
    }
    func room(_ id: String?) -> String {
      id.map { "\(context.roomName($0)) (\($0))" } ?? words.online
    }
    func describe(_ change: ScheduleDiff.Change) -> String {
      let head = "\(words.session) \(change.number)"
      switch change.kind {
      case .added: return "\(head): \(words.added) \(when(change.to))"
      case .cancelled: return "\(head) (\(when(change.from))): \(words.cancelled)"
      case .changed:
        var parts: [String] = []
        if change.moved { parts.append("\(words.movedTo) \(when(change.to))") }
        if change.facilitatorChanged {
          parts.append(
            "\(words.facilitator) \(facilitator(change.facilitatorFrom)) → \(facilitator(change.facilitatorTo))"
          )
        }
        if change.roomChanged {
          parts.append("\(words.room) \(room(change.roomFrom)) → \(room(change.roomTo))")
        }
        return "\(head) (\(when(change.from))): " + parts.joined(separator: "; ")
      }
    }

    var byGroup: [String: [String]] = [:]
    var groupOrder: [String] = []
    func note(_ group: String, _ line: String) {
      if byGroup[group] == nil { groupOrder.append(group) }
      byGroup[group, default: []].append(line)
    }
    for group in diff.unscheduled { note(group, words.lostSchedule) }
    for group in diff.scheduled { note(group, words.gainedSchedule) }
    for change in diff.changes { note(change.group, describe(change)) }
    let groupItems = groupOrder.sorted(by: naturalLess).map { id -> (String, [String]) in
      let slot = context.schedules[id].map { " · \(context.catalog.slot($0.slot))" } ?? ""
      return ("\(id)\(slot)", byGroup[id] ?? [])
    }

    var byFacilitator: [String: [String]] = [:]
    for change in diff.changes {
      let label = "\(change.group) \(words.session) \(change.number)"
      let from = change.kind == .added ? nil : change.facilitatorFrom
      let to = change.kind == .cancelled ? nil : change.facilitatorTo
      if let to, to != from {
        byFacilitator[to, default: []].append("\(words.nowGuides) \(label) (\(when(change.to)))")
      }
      if let from, from != to {
        byFacilitator[from, default: []].append(
          "\(words.noLongerGuides) \(label) (\(when(change.from)))")
      }
      if let to, to == from, change.moved || change.roomChanged {
        byFacilitator[to, default: []].append("\(change.group): \(describe(change))")
      }
    }
    let facilitatorItems = byFacilitator.keys.sorted(by: naturalLess).map {
      (facilitator($0), byFacilitator[$0] ?? [])
    }
    var sections: [(heading: String, items: [(title: String, lines: [String])])] = []
    if !groupItems.isEmpty { sections.append((words.perGroup, groupItems)) }
    if !facilitatorItems.isEmpty { sections.append((words.perFacilitator, facilitatorItems)) }
    return Lines(summary: summary, sections: sections)
  }

  /// The report as plain text for the terminal.
  public static func text(
    _ diff: ScheduleDiff, plan: PlanDocument, since: String?, options: ReportOptions
  ) -> String {
    let report = lines(diff, plan: plan, since: since, options: options)
    var out = report.summary.map { $0 + "\n" }.joined()
    for section in report.sections {
      out += "\(section.heading):\n"
      for item in section.items {
        out += "  \(item.title)\n"
        for line in item.lines { out += "    \(line)\n" }
      }
    }
    return out
  }

  /// The whole summary `kring schedule` prints: groups scheduled and kept, the audit's counts,
  /// every change, every unscheduled group with the resource it needs, every diagnosis entry,
  /// and where the files went.
  public static func summary(
    _ diff: ScheduleDiff, plan: PlanDocument, since: String?, rulesBroken: Int, conflicts: Int,
    kept: Int, output: String, options: ReportOptions
  ) -> String {
    let words = Catalog.of(options.language).summary
    let scheduled = plan.schedule.filter { !$0.sessions.isEmpty }.count
    var out =
      words.scheduledKept(scheduled, plan.groups.count, kept) + "; "
      + words.audit(rulesBroken, conflicts) + ".\n"
    out += text(diff, plan: plan, since: since, options: options)
    for u in plan.unscheduled {
      out +=
        "\(words.unscheduled) \(u.group) (\(u.code)): "
        + Messages.unscheduled(u, language: options.language) + "\n"
    }
    out += diagnosis(plan, options: options).map { "\(words.whatIf): \($0)\n" }.joined()
    out += words.wroteSchedule(output) + "\n"
    return out
  }

  /// Every diagnosis entry of a plan in the output language, resource needs included.
  public static func diagnosis(_ plan: PlanDocument, options: ReportOptions) -> [String] {
    let names = ShareableNames(plan: plan, pseudonymize: options.pseudonymize)
    return plan.diagnosis.map { d in
      var line = Messages.diagnosis(d, language: options.language, name: names.person)
      if let set = d.set { line += " (--set \(set))" }
      if let add = d.add { line += " (\(add))" }
      return line
    }
  }

  /// `changes.md`: the same report as Markdown, every value escaped.
  public static func markdown(
    _ diff: ScheduleDiff, plan: PlanDocument, since: String?, options: ReportOptions
  ) -> String {
    let report = lines(diff, plan: plan, since: since, options: options)
    let words = Catalog.of(options.language).changes
    var m = MarkdownWriter()
    m.heading(1, words.title)
    for line in report.summary { m.paragraph(line) }
    if report.sections.isEmpty { m.paragraph(words.nothing) }
    for section in report.sections {
      m.heading(2, section.heading)
      for item in section.items {
        m.heading(3, item.title)
        m.list(item.lines)
      }
    }
    return m.out
  }
}
