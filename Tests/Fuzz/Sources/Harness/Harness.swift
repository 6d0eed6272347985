import Foundation
import Grouping
import Intake
import Pipeline
import Reports
import Scheduling

/// The readers Kring points at files a user hands it, each fed one input as a whole file.
///
/// An input may be rejected with diagnostics (almost every mutated input is), but it must never
/// crash, trap, hang or be read as something it is not; that is all a fuzzer can judge, and it
/// judges it by the process surviving.
public enum Reader: String, CaseIterable, Sendable {
  /// The intake file as CSV.
  case csv
  /// The intake file as JSON.
  case json
  /// `kring.yaml`.
  case yaml
  /// `plan.json`, with the rules recorded in it.
  case plan
  /// The facilitators and rooms files.
  case resources
  /// An MDGPLIB instance (`kring mdgp`).
  case mdgp

  /// The reader named by `KRING_FUZZ_READER`, or `nil` (then the first input byte picks one).
  public static var fromEnvironment: Reader? {
    ProcessInfo.processInfo.environment["KRING_FUZZ_READER"].flatMap(Reader.init(rawValue:))
  }

  /// Reads `bytes`; every outcome other than a crash is fine.
  public func read(_ bytes: [UInt8]) {
    switch self {
    case .csv:
      _ = try? IntakeReader().read(bytes: bytes, fileName: "intake.csv")
    case .json:
      _ = try? IntakeReader().read(bytes: bytes, fileName: "intake.json")
    case .yaml:
      let text = String(decoding: bytes, as: UTF8.self)
      _ = try? KringConfig.parse(
        yaml: text, fileName: "kring.yaml", baseDirectory: "", overrides: [])
    case .plan:
      // Through the file, as `kring schedule`, `explain` and `--keep` read it: decoded, then
      // judged whole (members, duplicates, ids, sizes, rules), then its recorded rules.
      guard (try? Data(bytes).write(to: Self.planFile)) != nil,
        let (plan, _) = try? PlanFile.inspect(Self.planFile.path)
      else { return }
      _ = try? PlanFile.load(Self.planFile.path)
      _ = try? KringConfig(normalized: plan.kring.config, fileName: "plan.json")
    case .resources:
      _ = try? FacilitatorReader().read(bytes: bytes, fileName: "facilitators.csv")
      _ = try? RoomReader().read(bytes: bytes, fileName: "rooms.csv")
    case .mdgp:
      _ = try? MDGPInstance.parse(bytes, file: "instance.txt")
    }
  }

  /// Where the plan reader's input is written (plans are read from a path).
  static let planFile = FileManager.default.temporaryDirectory.appendingPathComponent(
    "kring-fuzz-plan-\(getpid()).json")

  /// The reader for an input when none is fixed: its first byte picks, the rest is the file.
  public static func dispatch(_ bytes: [UInt8]) {
    guard let first = bytes.first else { return }
    let readers = Reader.allCases
    readers[Int(first) % readers.count].read(Array(bytes.dropFirst()))
  }
}
