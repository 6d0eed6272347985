import Intake
import Scheduling

/// Reads an uploaded facilitators or rooms file with the reader `kring plan` uses.
enum ResourceCheck {
  /// The rows read and the warnings, or every problem.
  static func read(role: String, bytes: [UInt8], fileName: String) throws(DiagnosticList) -> (
    Int, [Diagnostic]
  ) {
    if role == "facilitators" {
      let list = try FacilitatorReader().read(bytes: bytes, fileName: fileName)
      return (list.items.count, list.warnings)
    }
    let list = try RoomReader().read(bytes: bytes, fileName: fileName)
    return (list.items.count, list.warnings)
  }
}
