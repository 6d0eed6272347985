import ArgumentParser
import Pipeline

@main
struct Kring: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kring",
    abstract: "Form and schedule peer-learning groups from intake interviews.",
    discussion: """
      Kring reads an intake batch (CSV or JSON), checks and scores every candidate, forms \
      groups that follow the programme's rules, and schedules their sessions. Rules live in \
      one kring.yaml; see the README.
      """,
    version: KringInfo.version,
    subcommands: []
  )
}
