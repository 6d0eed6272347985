import Foundation
import Intake

/// Encodes values as Kring's JSON: sorted keys, two-space indentation, a final newline.
///
/// - Throws: `output-not-encodable` when the value cannot be encoded (a number that is not
///   finite, for one); never an empty `{}` in its place.
public func kringJSON<T: Encodable>(_ value: T, file: String) throws(Diagnostic) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
  do {
    let data = try encoder.encode(value)
    return String(decoding: data, as: UTF8.self) + "\n"
  } catch {
    var reason = "\(error)"
    if case EncodingError.invalidValue(let value, let context) = error {
      let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
        .joined(separator: ".")
      reason = "\(value) at \(path.isEmpty ? "the top" : path) is not a finite number"
    }
    throw Diagnostic(
      file: file, code: "output-not-encodable",
      message: "cannot be written as JSON: \(reason); nothing was written")
  }
}
