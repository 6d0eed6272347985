import Foundation
import ZIPFoundation

/// Zips output files in memory for a download.
enum ZipWriter {
  /// Every entry's date: the archive of one plan is the same bytes each time.
  static let entryDate = Date(timeIntervalSince1970: 1_798_761_600)  // 2027-01-01

  /// A deflated zip of `files` (path inside the archive → bytes).
  static func archive(_ files: [(String, [UInt8])]) throws(WorkbenchError) -> [UInt8] {
    do {
      let archive = try Archive(data: Data(), accessMode: .create)
      for (path, bytes) in files {
        let data = Data(bytes)
        try archive.addEntry(
          with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: entryDate,
          compressionMethod: .deflate
        ) { position, size in
          let start = Int(position)
          return data.subdata(in: start..<min(data.count, start + size))
        }
      }
      guard let data = archive.data else {
        throw WorkbenchError(status: 500, code: "zip-failed", message: "the zip could not be made")
      }
      return [UInt8](data)
    } catch let error as WorkbenchError {
      throw error
    } catch {
      throw WorkbenchError(
        status: 500, code: "zip-failed", message: "the zip could not be made: \(error)")
    }
  }
}
