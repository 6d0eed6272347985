import Foundation
import Intake
import Reports
import Scheduling

/// Every file of a plan's output folder, from the plan alone (so that `kring schedule` writes
/// the same files as `kring plan`).
enum PlanOutputs {
  static func files(
    plan: PlanDocument, config: KringConfig, language: OutputLanguage, pseudonymize: Bool,
    stamp: Date
  ) throws(DiagnosticList) -> [OutputFile] {
    var files = try FormJob.coordinatorFiles(plan, language: language)
    let options = ReportOptions(language: language, pseudonymize: pseudonymize)
    let text =
      ReportBuilder.files(for: plan, options: options)
      + CalendarFiles.files(
        plan: plan, timezone: config.schedule.timezone,
        organizer: config.schedule.organizer.flatMap(Organizer.init), options: options,
        stamp: stamp)
    files += text.map { OutputFile(name: $0.name, contents: $0.contents) }
    return files
  }
}
