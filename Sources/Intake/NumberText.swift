/// Numbers as Kring writes them into text: whole numbers without a decimal point, others with
/// the shortest exact representation, and never a trap on a huge or odd value.
public enum NumberText {
  /// `12` for 12.0, `12.5` for 12.5; beyond ±10¹⁵, infinities and NaN as Swift prints them.
  public static func plain(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
  }

  /// The value rounded to `places` decimals first, then written as ``plain(_:)``.
  public static func rounded(_ value: Double, places: Int) -> String {
    var scale = 1.0
    for _ in 0..<max(0, places) { scale *= 10 }
    let r = (value * scale).rounded() / scale
    return plain(r.isFinite ? r : value)
  }
}
