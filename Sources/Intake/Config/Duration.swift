import Foundation

/// The longest duration Kring accepts anywhere: a year, in seconds.
///
/// A longer time limit is a typing error, and would not fit the solvers' millisecond counters.
public let largestDuration = 365.0 * 86_400

/// Parses a duration as written in `kring.yaml` and on the command line, in seconds.
///
/// Accepts a bare number of seconds (`90`, `1.5`) or hours, minutes and seconds in that order,
/// each at most once, optionally separated by spaces: `30s`, `2m`, `2h`, `2h30m`, `1h 30m`,
/// `1.5h`. A decimal comma (`1,5h`) is read as a point. Returns `nil` for anything else,
/// including negative numbers and empty text.
public func parseDuration(_ text: String) -> Double? {
  let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
  guard !trimmed.isEmpty, trimmed.count <= 64 else { return nil }
  if let seconds = durationNumber(Substring(trimmed)) { return seconds }

  let units: [(Character, Double)] = [("h", 3600), ("m", 60), ("s", 1)]
  var rest = Substring(trimmed)
  var nextUnit = 0
  var total = 0.0
  while !rest.isEmpty {
    let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }
    rest = rest.dropFirst(digits.count)
    guard let value = durationNumber(digits), let unit = rest.first,
      let index = units.indices.first(where: { units[$0].0 == unit }), index >= nextUnit
    else { return nil }
    total += value * units[index].1
    nextUnit = index + 1
    rest = rest.dropFirst().drop { $0 == " " }
  }
  return total.isFinite ? total : nil
}

/// A non-negative decimal number such as `2`, `1.5` or `1,5`.
private func durationNumber(_ text: Substring) -> Double? {
  guard !text.isEmpty,
    text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }),
    text.first != "." && text.first != ",", text.last != "." && text.last != ","
  else { return nil }
  let separators = text.filter { $0 == "." || $0 == "," }.count
  guard separators <= 1 else { return nil }
  return Double(text.replacingOccurrences(of: ",", with: "."))
}

/// A duration of `seconds` that any time limit can be turned into without a trap: negative
/// and NaN become zero, and anything above a century is a century (which no run reaches).
public func clampedDuration(seconds: Double) -> Duration {
  let century = 100 * 365.25 * 86_400.0
  guard seconds > 0 else { return .zero }
  return .milliseconds(Int64(min(seconds, century) * 1000))
}

extension Duration {
  /// The duration in seconds.
  public var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) * 1e-18
  }
}
