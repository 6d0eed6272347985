import ArgumentParser

@main
struct Kring: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kring",
    abstract: "Form and schedule peer-learning groups from intake interviews.",
    version: "0.1.0",
    subcommands: [MDGPCommand.self]
  )
}
