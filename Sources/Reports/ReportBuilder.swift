import Intake

/// Builds every report file from a plan: the coordinator's `report.html`, `report.md` and
/// `schedule.csv`, a contract per group and a pack per facilitator.
///
/// Calendars are not built here. The result depends only on the plan and the options, so the
/// same plan gives byte-identical files.
public enum ReportBuilder {
  /// Every file, relative to the output folder, sorted by path.
  public static func files(for plan: PlanDocument, options: ReportOptions) -> [(
    name: String, contents: String
  )] {
    let context = ReportContext(plan: plan, options: options)
    var files: [(name: String, contents: String)] = [
      ("report.html", HTMLReport.render(context)),
      ("report.md", MarkdownReport.render(context)),
      ("schedule.csv", scheduleCSV(context)),
    ]
    var contracts: [String: String] = [:]
    for group in plan.groups {
      let folder = context.names.groupFolder(group.id)
      let contract = SharedDocuments.contract(context, group)
      contracts[group.id] = contract
      files.append(("groups/\(folder)/contract.md", contract))
    }
    let groupsByID = Dictionary(plan.groups.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    // A facilitator's pack holds the groups they lead and those they stand in for.
    var byFacilitator: [String: [PlanDocument.Group]] = [:]
    for s in plan.schedule {
      guard let group = groupsByID[s.group] else { continue }
      var guides = s.facilitator.map { [$0] } ?? []
      for id in s.sessions.compactMap(\.facilitator) where !guides.contains(id) {
        guides.append(id)
      }
      for f in guides { byFacilitator[f, default: []].append(group) }
    }
    for (id, groups) in byFacilitator {
      let folder = "facilitators/\(context.names.facilitatorFolder(id))"
      files.append(
        (
          "\(folder)/index.md",
          SharedDocuments.facilitatorIndex(context, facilitator: id, groups: groups)
        ))
      for group in groups {
        let name = context.names.groupFolder(group.id)
        files.append(("\(folder)/\(name)-contract.md", contracts[group.id] ?? ""))
      }
    }
    return files.sorted { $0.name < $1.name }
  }

  /// `schedule.csv`: one row per session; cells that a spreadsheet would run are neutralised.
  public static func scheduleCSV(for plan: PlanDocument, options: ReportOptions) -> String {
    scheduleCSV(ReportContext(plan: plan, options: options))
  }

  static func scheduleCSV(_ context: ReportContext) -> String {
    CoordinatorTables.schedule(context, .keys).csv(
      CoordinatorTables.csvWriter(context.options.language))
  }
}
