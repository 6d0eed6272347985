import Foundation
import Intake

/// `kring intake init`: a commented draft `kring.yaml` from a raw form export, checked by
/// reading the export with it as Kring will.
public enum IntakeInitJob {
  /// The draft and what a coordinator should know about it.
  public struct Outcome: Sendable {
    /// The draft config's text.
    public var yaml: String
    public var draft: IntakeDraft
    /// Whether the draft was merged into an earlier config at the output path.
    public var merged: Bool
    /// What the draft could not decide, one sentence each.
    public var undecided: [String]
    /// The problems reading the export with the draft still finds (rows that `kring plan`
    /// would refuse); empty when it plans as written.
    public var problems: [Diagnostic]
    /// The notes and warnings reading the export gives (merged duplicates, test rows, …).
    public var notes: [Diagnostic]
  }

  /// Drafts a config for the export at `exportPath`; when `output` names an existing config,
  /// the coordinator's edits in it are kept.
  public static func run(exportPath: String, output: String) throws(DiagnosticList) -> Outcome {
    var existing: (text: String, file: String)? = nil
    if FileManager.default.fileExists(atPath: output) {
      existing = (try KringConfig.readConfigFile(output), output)
    }
    let draft = try IntakeDraft.make(exportPath: exportPath, existing: existing)
    let yaml = draft.yaml(output: output)
    let outcome = check(yaml, export: exportPath, configFile: output)
    return Outcome(
      yaml: yaml, draft: draft, merged: existing != nil, undecided: draft.undecided,
      problems: outcome.problems, notes: outcome.notes)
  }

  /// Reads the export with the draft as `kring plan` would, returning the errors it still
  /// finds and the notes it gives.
  static func check(_ yaml: String, export: String, configFile: String)
    -> (problems: [Diagnostic], notes: [Diagnostic])
  {
    let config: KringConfig
    do {
      config = try KringConfig.parse(
        yaml: yaml, fileName: configFile,
        baseDirectory: (configFile as NSString).deletingLastPathComponent, overrides: [])
    } catch {
      return (error.diagnostics, [])
    }
    let reader = IntakeReader(
      config: config.intake,
      options: .init(requireLevel: config.usesHierarchy, skipInvalid: true))
    do {
      let batch = try reader.read(path: export)
      let errors = batch.skipped.filter { $0.severity == .error }
      return (errors, batch.warnings + batch.skipped.filter { $0.severity != .error })
    } catch {
      return (error.diagnostics.filter { $0.severity == .error }, [])
    }
  }
}
