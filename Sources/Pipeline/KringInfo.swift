/// Facts about this build of Kring.
public enum KringInfo {
  /// The version printed by `kring --version` and recorded in `plan.json`.
  public static let version = "0.1.0"
}
