import Foundation
import Testing

@Suite("Module boundaries")
struct BoundaryTests {
  /// Only LinearSolver (and the C targets) may talk to GLPK.
  @Test func onlyLinearSolverImportsGLPK() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent()
    let enumerator = FileManager.default.enumerator(
      at: root.appendingPathComponent("Sources"), includingPropertiesForKeys: nil)
    var offenders: [String] = []
    var checked = 0
    while let url = enumerator?.nextObject() as? URL {
      guard url.pathExtension == "swift" else { continue }
      checked += 1
      let text = try String(contentsOf: url, encoding: .utf8)
      let imports = text.split(separator: "\n").contains {
        $0.trimmingCharacters(in: .whitespaces).hasPrefix("import CGLPK")
      }
      if imports && !url.path.contains("/Sources/LinearSolver/") {
        offenders.append(url.lastPathComponent)
      }
    }
    #expect(checked > 20)
    #expect(offenders.isEmpty, "GLPK imported outside LinearSolver: \(offenders)")
  }
}
