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
  ) throws(DiagnosticList) -> [(name: String, contents: String)] {
    var files = try FormJob.coordinatorFiles(plan, language: language)
    let options = ReportOptions(language: language, pseudonymize: pseudonymize)
    files += ReportBuilder.files(for: plan, options: options)
    files += CalendarFiles.files(
      plan: plan, timezone: config.schedule.timezone,
      organizer: config.schedule.organizer.flatMap(Organizer.init), options: options,
      stamp: stamp)
    return files
  }
}
