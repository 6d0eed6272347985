import Foundation

/// The file-level steps every table reader of Kring shares, so that the intake file and the
/// resource files refuse the same files with the same codes and messages.
enum InputFile {
  /// The bytes of the file at `path`.
  ///
  /// - Throws: `unreadable-file` for a missing, unreadable or folder path, `file-too-large`
  ///   for a file over `maxBytes` (checked before it is read).
  static func contents(path: String, maxBytes: Int) throws(DiagnosticList) -> [UInt8] {
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: path)
    } catch {
      throw DiagnosticList([
        Diagnostic(
          file: path, code: "unreadable-file",
          message: "cannot open the file: no such file or no permission")
      ])
    }
    if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory {
      throw DiagnosticList([
        Diagnostic(file: path, code: "unreadable-file", message: "expected a file, found a folder")
      ])
    }
    let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    if size > maxBytes { throw DiagnosticList([tooLarge(path, size, maxBytes)]) }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DiagnosticList([
        Diagnostic(file: path, code: "unreadable-file", message: "cannot read the file")
      ])
    }
    return [UInt8](data)
  }

  /// The `file-too-large` problem of a file of `size` bytes over `limit`, in whole megabytes.
  static func tooLarge(_ file: String, _ size: Int, _ limit: Int) -> Diagnostic {
    let mb = { (b: Int) in (b + 999_999) / 1_000_000 }
    return Diagnostic(
      file: file, code: "file-too-large",
      message: "the file is \(mb(size)) MB; at most \(max(1, limit / 1_000_000)) MB is accepted")
  }

  /// Whether the bytes are JSON: the name ends in `.json`, or the first character after the
  /// byte-order mark (`bom` bytes) and any white space is `[`.
  static func isJSON(_ bytes: [UInt8], file: String, bom: Int) -> Bool {
    if TextMatching.asciiLower(file).hasSuffix(".json") { return true }
    var i = bom
    while i < bytes.count,
      bytes[i] == Bytes.space || bytes[i] == Bytes.tab || bytes[i] == Bytes.lf
        || bytes[i] == Bytes.cr
    {
      i += 1
    }
    return i < bytes.count && bytes[i] == UInt8(ascii: "[")
  }
}
