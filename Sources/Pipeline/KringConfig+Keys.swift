import Grouping
import Intake
import Scheduling

extension KringConfig {
  /// Every dotted key path a user can write in `kring.yaml`, in the order the README lists them.
  ///
  /// The paths come from the code, not from a hand-kept list: the canonical form of the
  /// default config (which holds every key), joined with the keys the section decoders
  /// accept. A map whose entries the user names (`groups.diversify`, `intake.columns`, …) is
  /// one key; its entries are not. A mapping with fixed sub-keys (`groups.size`,
  /// `schedule.dayparts`) is not a key itself; each of its sub-keys is.
  public static var documentedKeys: [String] {
    var keys: [String] = []
    collectKeys(of: KringConfig().normalized, at: [], into: &keys)
    return keys
  }

  /// The sub-keys each decoder accepts, where the decoder's own list is reachable; they come
  /// first, in the decoder's (documentation) order.
  private static var acceptedSubKeys: [[String]: [String]] {
    [
      []: configKeys,
      ["intake"]: IntakeConfig.configKeys,
      ["groups"]: GroupsConfig.configKeys,
      ["schedule"]: ScheduleConfig.configKeys,
      ["schedule", "dayparts"]: Daypart.allCases.map(\.token),
    ]
  }

  /// Appends the key paths at and below `path`, depth first.
  private static func collectKeys(
    of value: ConfigValue?, at path: [String], into keys: inout [String]
  ) {
    let isUserMap = attributeMapPaths.contains(path)
    let accepted = acceptedSubKeys[path]
    guard !isUserMap, case .map(let entries) = value ?? .map([:]),
      !entries.isEmpty || accepted != nil
    else {
      // A scalar, a list, a map of user-named entries, or an empty map no decoder list names.
      keys.append(path.joined(separator: "."))
      return
    }
    let known = accepted ?? []
    // Keys in the canonical form that no reachable decoder list names still count, sorted
    // so that the order never depends on dictionary order.
    let extra = entries.keys.filter { !known.contains($0) }.sorted()
    for key in known + extra {
      collectKeys(of: entries[key], at: path + [key], into: &keys)
    }
  }
}
