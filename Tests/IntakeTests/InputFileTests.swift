import Foundation
import Intake
import Testing

/// The intake reader and the generic table reader refuse the same files with the same
/// problems, since both go through one file check.
@Suite struct InputFileTests {
  /// A path that cannot be read as a file, and the one problem it must give.
  enum BadPath: String, CaseIterable, Sendable {
    case missing, folder, tooLarge
  }

  /// Makes the bad path in a fresh folder; the size limit of both readers is 1 MB.
  private func make(_ kind: BadPath, in folder: URL) throws -> String {
    switch kind {
    case .missing:
      return folder.appendingPathComponent("nope.csv").path
    case .folder:
      return folder.path
    case .tooLarge:
      let url = folder.appendingPathComponent("big.csv")
      #expect(FileManager.default.createFile(atPath: url.path, contents: Data("id\n".utf8)))
      // Sparse, so the 2.5 MB cost no disk; the limit is checked before reading.
      let handle = try FileHandle(forWritingTo: url)
      try handle.truncate(atOffset: 2_500_000)
      try handle.close()
      return url.path
    }
  }

  @Test(arguments: BadPath.allCases)
  func bothReadersGiveTheSameProblem(kind: BadPath) throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("kring-input-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try make(kind, in: folder)

    let intake = Result { () throws(DiagnosticList) in
      try IntakeReader(options: .init(maxFileBytes: 1_000_000)).read(path: path)
    }
    let table = Result { () throws(DiagnosticList) in
      try DataTable.read(path: path, maxBytes: 1_000_000)
    }
    let expected: String
    switch kind {
    case .missing: expected = "\(path): cannot open the file: no such file or no permission"
    case .folder: expected = "\(path): expected a file, found a folder"
    case .tooLarge: expected = "\(path): the file is 3 MB; at most 1 MB is accepted"
    }
    for result in [intake.map { _ in () }, table.map { _ in () }] {
      guard case .failure(let list) = result else {
        Issue.record("expected the \(kind) path to be refused")
        continue
      }
      #expect(list.diagnostics.map(\.description) == [expected])
      #expect(
        list.diagnostics.map(\.code) == [kind == .tooLarge ? "file-too-large" : "unreadable-file"])
    }
  }

  /// Under 1 MB the limit still reads as 1 MB rather than "at most 0 MB".
  @Test func limitBelowAMegabyteReadsAsOne() {
    let bytes = Array(repeating: UInt8(ascii: "a"), count: 600_001)
    let intake = Result { () throws(DiagnosticList) in
      try IntakeReader(options: .init(maxFileBytes: 600_000)).read(bytes: bytes, fileName: "x.csv")
    }
    let table = Result { () throws(DiagnosticList) in
      try DataTable.parse(bytes: bytes, file: "x.csv", maxBytes: 600_000)
    }
    for result in [intake.map { _ in () }, table.map { _ in () }] {
      guard case .failure(let list) = result else {
        Issue.record("expected the file to be refused")
        continue
      }
      #expect(
        list.diagnostics.map(\.description) == ["x.csv: the file is 1 MB; at most 1 MB is accepted"]
      )
    }
  }
}
