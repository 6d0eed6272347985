import Foundation
import Testing

@testable import Generator

/// A strict RFC 4180 reader written for the tests, independent of the Intake reader.
enum TestCSV {
  struct Malformed: Error, CustomStringConvertible {
    var description: String
  }

  /// Records of `text`; fails on an unterminated quote or a quote inside an unquoted field.
  static func parse(_ text: String) throws -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var inQuotes = false
    var fieldWasQuoted = false
    var scalars = Array(text.unicodeScalars)
    scalars.append("\n")  // a sentinel that closes a last record without a line ending
    var i = 0
    var atRecordStart = true
    while i < scalars.count {
      let c = scalars[i]
      if inQuotes {
        if c == "\"" {
          if i + 1 < scalars.count && scalars[i + 1] == "\"" {
            field.unicodeScalars.append("\"")
            i += 1
          } else {
            inQuotes = false
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else {
        switch c {
        case "\"":
          guard field.isEmpty && !fieldWasQuoted else {
            throw Malformed(
              description: "quote inside an unquoted field in record \(records.count + 1)")
          }
          inQuotes = true
          fieldWasQuoted = true
          atRecordStart = false
        case ",":
          record.append(field)
          field = ""
          fieldWasQuoted = false
          atRecordStart = false
        case "\r", "\n":
          if c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1 }
          if !(atRecordStart && field.isEmpty && record.isEmpty) {
            record.append(field)
            records.append(record)
          }
          record = []
          field = ""
          fieldWasQuoted = false
          atRecordStart = true
        default:
          guard !fieldWasQuoted else {
            throw Malformed(
              description: "text after a closing quote in record \(records.count + 1)")
          }
          field.unicodeScalars.append(c)
          atRecordStart = false
        }
      }
      i += 1
    }
    if inQuotes { throw Malformed(description: "unterminated quoted field") }
    return records
  }

  /// Records as dictionaries keyed by the header; fails when a row's width differs.
  static func table(_ text: String) throws -> (header: [String], rows: [[String: String]]) {
    let records = try parse(text)
    guard let header = records.first else { throw Malformed(description: "no header") }
    var rows: [[String: String]] = []
    for (index, record) in records.dropFirst().enumerated() {
      guard record.count == header.count else {
        throw Malformed(
          description: "record \(index + 2) has \(record.count) fields, header \(header.count)")
      }
      rows.append(Dictionary(uniqueKeysWithValues: zip(header, record)))
    }
    return (header, rows)
  }
}

/// Generates a batch, failing the test on a diagnostic.
func generate(
  _ n: Int, seed: UInt64, _ profile: GeneratorProfile, program: GeneratorProgram = .intervision,
  facilitators: ResourceCount? = nil, rooms: ResourceCount? = nil
) throws -> GeneratedBatch {
  try BatchGenerator.generate(
    GeneratorOptions(
      candidates: n, seed: seed, profile: profile, program: program, facilitators: facilitators,
      rooms: rooms))
}

/// Slot tokens of a cell such as `tue-pm thu-eve`.
func slotTokens(_ cell: String?) -> [String] {
  (cell ?? "").split(separator: " ").map(String.init)
}

/// Days since 1970-01-01 of an ISO date, computed with Foundation (independent of the
/// generator's own calendar arithmetic).
func isoDay(_ iso: String) -> Int? {
  let formatter = DateFormatter()
  formatter.locale = Locale(identifier: "en_US_POSIX")
  formatter.timeZone = TimeZone(identifier: "UTC")
  formatter.dateFormat = "yyyy-MM-dd"
  guard let date = formatter.date(from: iso), formatter.string(from: date) == iso else {
    return nil
  }
  return Int((date.timeIntervalSince1970 / 86_400).rounded())
}

/// The weekday token of an ISO date.
func weekdayToken(_ iso: String) -> String? {
  guard let day = isoDay(iso) else { return nil }
  return ["thu", "fri", "sat", "sun", "mon", "tue", "wed"][((day % 7) + 7) % 7]
}
