import Grouping
import Intake
import Reports
import Scheduling

/// The programme a config starts from; its preset fills in defaults.
public enum Program: String, Hashable, Sendable, CaseIterable {
  case intervision
  case mastermind
  case mentoring
}

/// The whole of `kring.yaml`: a preset, the output language and one section per module.
public struct KringConfig: Hashable, Sendable {
  public var program: Program
  public var language: OutputLanguage
  public var intake: IntakeConfig
  public var groups: GroupsConfig
  public var schedule: ScheduleConfig

  public init(
    program: Program = .intervision, language: OutputLanguage = .nl,
    intake: IntakeConfig = IntakeConfig(), groups: GroupsConfig = GroupsConfig(),
    schedule: ScheduleConfig = ScheduleConfig()
  ) {
    self.program = program
    self.language = language
    self.intake = intake
    self.groups = groups
    self.schedule = schedule
  }
}
