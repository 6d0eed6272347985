import ArgumentParser
import Foundation
import Generator
import Intake
import Reports

/// `kring generate`: writes a synthetic intake batch, optionally with facilitators, rooms and
/// a `kring.yaml`, for tests, demos and benchmarks.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Generate a synthetic intake batch for tests, demos and benchmarks.",
    discussion: """
      Without -o the intake CSV goes to standard output. With --facilitators and --rooms, -o \
      names a directory that receives intake.csv, facilitators.csv, rooms.csv and kring.yaml. \
      The planted profile also writes planted.json: the hidden groups and their diversity. \
      The same arguments always give byte-identical files.
      """
  )

  @Option(help: "Number of candidates, 1–100000.")
  var candidates: Int

  @Option(help: "Random seed; the same arguments give byte-identical files.")
  var seed: UInt64

  @Option(help: "realistic, hard or planted.")
  var profile: String = GeneratorProfile.realistic.rawValue

  @Option(help: "intervision, mastermind or mentoring: slot menu, planted group sizes, preset.")
  var program: String = GeneratorProgram.intervision.rawValue

  @Option(help: "Number of facilitators, or auto (needs --rooms and -o DIR).")
  var facilitators: String?

  @Option(help: "Number of rooms, or auto (needs --facilitators and -o DIR).")
  var rooms: String?

  @Option(name: [.short, .customLong("output")], help: "Output file, or directory with resources.")
  var output: String?

  @Flag(help: "Overwrite existing files.")
  var force = false

  @Flag(help: "Print nothing on success.")
  var quiet = false

  func validate() throws {
    _ = try options()
    if (facilitators == nil) != (rooms == nil) {
      throw ValidationError("--facilitators and --rooms go together; give both (a number or auto).")
    }
    if facilitators != nil && output == nil {
      throw ValidationError("--facilitators and --rooms need -o DIR for the files they write.")
    }
  }

  func run() throws {
    let batch: GeneratedBatch
    do {
      batch = try BatchGenerator.generate(try options())
    } catch let diagnostic as Diagnostic {
      // Counts that cannot form a planted batch are argument problems, like a bad --profile.
      printError("Error: \(diagnostic)")
      throw ExitCode.validationFailure
    }
    guard let output else {
      print(batch.intakeCSV(), terminator: "")
      if batch.planted != nil && !quiet {
        printError("note: planted.json (the hidden solution) is written only with -o FILE")
      }
      return
    }
    let files = BatchWriter.files(for: batch, output: output)
    do {
      try OutputFiles.write(files.map { ($0.path, $0.contents) }, overwrite: force)
    } catch {
      printError("error: \(error)")
      throw ExitCode(1)
    }
    if !quiet {
      for file in files { print("wrote \(file.path)") }
    }
  }

  private func options() throws -> GeneratorOptions {
    guard let profile = GeneratorProfile(rawValue: profile.lowercased()) else {
      throw ValidationError(
        "unknown profile \"\(self.profile)\"; use one of: "
          + GeneratorProfile.allCases.map(\.rawValue).joined(separator: ", "))
    }
    guard let program = GeneratorProgram(rawValue: program.lowercased()) else {
      throw ValidationError(
        "unknown program \"\(self.program)\"; use one of: "
          + GeneratorProgram.allCases.map(\.rawValue).joined(separator: ", "))
    }
    let options = GeneratorOptions(
      candidates: candidates, seed: seed, profile: profile, program: program,
      facilitators: try facilitators.map { try Self.count($0, option: "--facilitators") },
      rooms: try rooms.map { try Self.count($0, option: "--rooms") })
    let limit = GeneratorOptions.maximumCandidates
    guard (1...limit).contains(candidates) else {
      throw ValidationError(
        "--candidates must be between 1 and \(limit), got \(candidates).")
    }
    return options
  }

  private static func count(_ text: String, option: String) throws -> ResourceCount {
    if text.lowercased() == "auto" { return .auto }
    guard let value = Int(text) else {
      throw ValidationError("\(option) takes a number or auto, got \"\(text)\".")
    }
    return .exactly(value)
  }
}
