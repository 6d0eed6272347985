import Foundation

/// One file of an output folder: its path relative to the folder and its bytes.
///
/// Most outputs are text; `plan.xlsx` is a ZIP package, so a file holds bytes.
public struct OutputFile: Sendable, Hashable {
  /// The path relative to the output folder, such as `groups/G01/calendar.ics`.
  public var name: String
  public var bytes: [UInt8]

  public init(name: String, bytes: [UInt8]) {
    self.name = name
    self.bytes = bytes
  }

  /// A text file, written as UTF-8.
  public init(name: String, contents: String) {
    self.init(name: name, bytes: Array(contents.utf8))
  }

  /// The contents as text (UTF-8; for a binary file, only good for comparing runs).
  public var contents: String { String(decoding: bytes, as: UTF8.self) }
}
